from boligsosial.core.asof import today
from boligsosial.core.navigation import navigation_for


def boligsosial(request):
    as_of = getattr(request, "as_of", None) or today()
    return {
        "as_of": as_of,
        "as_of_is_today": as_of == today(),
        "as_of_error": getattr(request, "as_of_error", None),
        "nav_items": navigation_for(request),
    }
