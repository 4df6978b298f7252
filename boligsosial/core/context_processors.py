from boligsosial.core.asof import today
from boligsosial.core.formatting import format_date
from boligsosial.core.navigation import navigation_for


def boligsosial(request):
    as_of = getattr(request, "as_of", None) or today()
    return {
        "as_of": as_of,
        "as_of_is_today": as_of == today(),
        "as_of_error": getattr(request, "as_of_error", None),
        # What the as-of field shows: the user's own typing when it was refused.
        "as_of_input": request.GET.get("as_of", "").strip()[:40]
        if getattr(request, "as_of_error", None)
        else format_date(as_of),
        "nav_items": navigation_for(request),
    }
