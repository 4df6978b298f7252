from django.urls import reverse


def test_the_interface_is_norwegian_by_default_and_english_on_request(world, client_for):
    client = client_for(world.viewer)
    norwegian = client.get(reverse("programmes:portfolio")).content.decode()
    assert '<html lang="nb"' in norwegian and "Programkommuner" in norwegian
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("programmes:portfolio")}
    )
    assert response.status_code == 302
    english = client.get(reverse("programmes:portfolio")).content.decode()
    assert '<html lang="en"' in english
    assert "Portfolio" in english and "Programkommuner" not in english


def test_an_english_browser_still_gets_norwegian_until_the_user_chooses(world, client_for):
    client = client_for(world.viewer)
    page = client.get(
        reverse("programmes:portfolio"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert '<html lang="nb"' in page


def test_empty_choices_are_in_the_pages_language_not_djangos_english(world, client_for):
    client = client_for(world.admin)
    page = client.get(reverse("programmes:participation_create")).content.decode()
    assert "– Velg –" in page and "Select an option" not in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("programmes:participation_create")).content.decode()
    assert "– Choose –" in page and "Select an option" not in page
