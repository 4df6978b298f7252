"""The few pages that belong to no domain: the favicon address browsers ask for."""

from django.http import HttpResponseRedirect
from django.templatetags.static import static


def favicon(request):
    # Browsers and bookmarks ask for /favicon.ico whatever the page links to; the hashed
    # static name is looked up per request, so no manifest is needed when urls.py loads.
    return HttpResponseRedirect(static("core/favicon.svg"))
