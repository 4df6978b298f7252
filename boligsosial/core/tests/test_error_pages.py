"""The 403/404/500 pages speak the user's language in the site's own layout."""

import pytest
from django.db import connections
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults


def test_a_page_that_is_not_there_answers_in_norwegian_in_the_sites_layout(world, client_for):
    response = client_for(world.drammen_leader).get("/program/programkommuner/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="ds-heading" data-size="lg">Fant ikke siden</h1>' in page
    assert "Siden finnes ikke, eller du har ikke tilgang til den." in page
    assert "Hovedmeny" in page and "Page not found" not in page


def test_the_404_page_is_english_for_a_user_who_chose_english(world, client_for):
    client = client_for(world.viewer)
    client.cookies["django_language"] = "en"
    page = client.get("/finnes-ikke/").content.decode()
    assert "Page not found" in page and "Fant ikke siden" not in page
    assert 'lang="en"' in page


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nb", "Noe gikk galt hos oss"), ("en", "Something went wrong on our side")],
)
def test_the_500_page_renders_without_the_database_or_a_request_context(language, heading):
    request = RequestFactory().get("/")

    def refuse(*args, **kwargs):
        raise AssertionError("The 500 page touched the database.")

    with translation.override(language), connections["default"].execute_wrapper(refuse):
        response = defaults.server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert heading in page and "core/boligsosial.css" in page


def test_the_403_page_is_in_the_sites_layout(rf):
    request = rf.get("/")
    with translation.override("nb"):
        response = defaults.permission_denied(request, exception=None)
    assert "Du har ikke tilgang til dette" in response.content.decode()


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith(".svg")
    assert reverse("favicon") == "/favicon.ico"
