from boligsosial.core.asof import resolve_as_of, today


class AsOfDateMiddleware:
    """Sets request.as_of (a date) and request.as_of_error for every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/static/"):
            request.as_of, request.as_of_error = today(), None
        else:
            request.as_of, request.as_of_error = resolve_as_of(request)
        return self.get_response(request)
