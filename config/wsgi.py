import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Load the URLconf (and with it every view, the API schemas and their libraries) now, in
# each worker as it starts, instead of in its first request: that request took seconds.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018

# The effect page's regression library takes seconds to import (statsmodels, scipy): import it
# here too, so no visitor waits for it.
import statsmodels.regression.linear_model  # noqa: E402, F401
