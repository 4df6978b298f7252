from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from boligsosial.core.changes import tables_of
from boligsosial.core.stored import remember
from boligsosial.municipalities import selectors
from boligsosial.municipalities.models import Municipality


@login_required
def municipality_list(request):
    query = request.GET.get("q", "").strip()
    only_valid = request.GET.get("alle") != "1"
    qs = Municipality.objects.all()
    if only_valid:
        qs = selectors.municipalities_valid_at(request.as_of)
    if query:
        qs = qs.filter(Q(code__startswith=query) | Q(name__icontains=query))

    def rows() -> str:
        municipalities = qs.order_by("code", "valid_from")[:500]
        return render_to_string(
            "municipalities/_list_rows.html", {"municipalities": municipalities}
        )

    # The registry is the same for every reader: stored per search, date and language until
    # the registry changes (357 rows drawn cost 40–60 ms at national size).
    key = ("municipalities.list-rows", query, only_valid, request.as_of.isoformat(), get_language())
    rows_html = mark_safe(remember(key, tables_of("municipalities"), rows))  # escaped when drawn
    return render(
        request,
        "municipalities/list.html",
        {"rows_html": rows_html, "query": query, "only_valid": only_valid},
    )


@login_required
def municipality_detail(request, code: str):
    history = selectors.code_history(code)
    if not history["spans"]:
        raise Http404
    mapped = None
    error = None
    try:
        mapped = selectors.codes_valid_at(code, request.as_of)
    except selectors.CodeError as exc:
        error = str(exc)

    context = {
        "code": code,
        "current": history["spans"][-1],
        "history": history,
        "mapped": mapped,
        "map_error": error,
        "population": selectors.population_series(code),
    }
    return render(request, "municipalities/detail.html", context)
