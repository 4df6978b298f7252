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


class LanguageMiddleware:
    """Norwegian bokmål unless the user has chosen English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; a Norwegian public
    service defaults to Norwegian and lets the user choose (the choice is kept in a cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Only for this request: the thread's language is put back afterwards, so work done
        # outside a request (a test, a task in the same thread) is not in the last user's.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
