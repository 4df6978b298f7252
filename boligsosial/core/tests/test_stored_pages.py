"""core.stored_pages: a page drawn once per reader, path, language and data; the CSRF token
and messages always the request's own."""

import pytest
from django.contrib.messages import add_message, constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.html import escape

from boligsosial.accounts.models import Role
from boligsosial.accounts.tests.factories import UserFactory
from boligsosial.core.stored_pages import CSRF_PLACEHOLDER, stored_page, token_field

pytestmark = pytest.mark.django_db


class Drawer:
    """A page whose text is `text` and which has one form; counts how often it is drawn."""

    def __init__(self, text: str = "Sidetekst"):
        self.text = text
        self.drawn = 0

    def __call__(self, context: dict) -> HttpResponse:
        self.drawn += 1
        token = context.get("csrf_token", "drawn-with-the-real-token")
        return HttpResponse(f"<p>{escape(self.text)}</p><form><input {token_field(token)}></form>")


def _request(user, method: str = "get", path: str = "/side/"):
    request = getattr(RequestFactory(), method)(path)
    request.user = user
    request._messages = CookieStorage(request)
    return request


def _show(request, drawer: Drawer, fingerprint: str = "f1") -> str:
    return stored_page(
        request, ("testside",), fingerprint=fingerprint, draw=drawer
    ).content.decode()


def test_the_page_is_drawn_once_and_each_response_has_its_own_token():
    user = UserFactory(role=Role.EVALUATOR)
    drawer = Drawer()
    first = _show(_request(user), drawer)
    second = _show(_request(user), drawer)
    assert drawer.drawn == 1
    assert CSRF_PLACEHOLDER not in first + second
    assert first != second  # a new masked token in each
    assert _show(_request(user), drawer, fingerprint="f2") and drawer.drawn == 2  # data changed


def test_text_that_looks_like_a_token_field_is_never_replaced():
    user = UserFactory(role=Role.EVALUATOR)
    sly = token_field(CSRF_PLACEHOLDER)  # typed by a user into a title
    page = _show(_request(user), Drawer(text=sly))
    assert escape(sly) in page  # left as the user wrote it, escaped
    assert page.count("csrfmiddlewaretoken") == 2 and CSRF_PLACEHOLDER in page


def test_readers_paths_and_methods_are_kept_apart():
    drawer = Drawer()
    leader = UserFactory(role=Role.PROGRAMME_CONTACT)
    evaluator = UserFactory(role=Role.EVALUATOR)
    _show(_request(leader), drawer)
    _show(_request(evaluator), drawer)
    assert drawer.drawn == 2
    _show(_request(leader, path="/side/?as_of=31.12.2011"), drawer)
    assert drawer.drawn == 3
    leader.role = Role.EVALUATOR  # a new role: what the menu and access show differ
    _show(_request(leader), drawer)
    assert drawer.drawn == 4
    _show(_request(leader, method="post"), drawer)
    _show(_request(leader, method="post"), drawer)
    assert drawer.drawn == 6


def test_a_page_with_messages_is_drawn_and_not_stored():
    user = UserFactory(role=Role.EVALUATOR)
    drawer = Drawer()
    told = _request(user)
    add_message(told, constants.SUCCESS, "Lagret.")
    _show(told, drawer)
    _show(_request(user), drawer)
    assert drawer.drawn == 2
