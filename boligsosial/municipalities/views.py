from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

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
    return render(
        request,
        "municipalities/list.html",
        {
            "municipalities": qs.order_by("code", "valid_from")[:500],
            "query": query,
            "only_valid": only_valid,
        },
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
