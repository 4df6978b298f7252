import pytest
from django.urls import reverse

from boligsosial.core.testing.browser import assert_accessible, login

pytestmark = pytest.mark.browser


def test_every_foundation_page_passes_axe(page, live_server, world):
    login(page, live_server.url, "admin")
    p = world.drammen_participation.pk
    phase = world.drammen_participation.phases.first().pk
    for path in [
        reverse("programmes:portfolio") + "?as_of=2011-12-31",
        reverse("programmes:participation", args=[p]),
        reverse("programmes:participation_edit", args=[p]),
        reverse("programmes:organisation_edit", args=[p]),
        reverse("programmes:phase_create", args=[p]),
        reverse("programmes:phase_edit", args=[p, phase]),
        reverse("programmes:participation_create"),
        reverse("municipalities:list"),
        reverse("municipalities:detail", args=["0602"]),
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page)


def test_a_form_with_errors_is_accessible_and_names_the_problem(page, live_server, world):
    login(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/program/programkommuner/{world.skien_participation.pk}/faser/ny/")
    page.get_by_role("combobox", name="Fase").select_option("planning")
    page.get_by_label("Start", exact=False).first.fill("2011-01-01")
    page.get_by_label("Planlagt slutt").fill("2010-06-01")
    page.get_by_role("button", name="Lagre fase").click()
    alert = page.get_by_role("alert")
    assert "kan ikke være før start" in alert.inner_text()
    assert page.get_by_label("Planlagt slutt").get_attribute("aria-invalid") == "true"
    assert_accessible(page)


def test_a_programme_leader_edits_the_organisation_by_keyboard_and_sees_it_in_the_history(
    page, live_server, world
):
    login(page, live_server.url, "drammen-leader")
    page.goto(f"{live_server.url}/program/programkommuner/{world.drammen_participation.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Rediger organisering").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/organisering/")
    field = page.get_by_label("Årsverk i programmet")
    field.focus()
    page.keyboard.type("3,5")
    page.get_by_label("Merknader").focus()
    page.keyboard.type("Ny prosjektmedarbeider i NAV.")
    page.get_by_role("button", name="Lagre organisering").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/programkommuner/{world.drammen_participation.pk}/")
    assert "Organiseringen er lagret." in page.content()
    history = page.locator("section[aria-labelledby=history-heading]")
    text = history.inner_text()
    assert "Endret: Organisering i Drammen" in text
    assert "Ny prosjektmedarbeider i NAV." in text
    assert "drammen-leader" in text or str(world.drammen_leader) in text
    assert_accessible(page)


def test_the_portfolio_shows_phase_and_anchoring_for_the_chosen_date(page, live_server, world):
    login(page, live_server.url, "viewer")
    page.get_by_role("textbox", name="Per dato").fill("2011-12-31")
    page.get_by_role("button", name="Vis").click()
    row = page.get_by_role("row", name="Drammen")
    assert "Gjennomføringsfase" in row.inner_text() and "Rådmannsnivå" in row.inner_text()
    assert "Ingen styringsgruppe" in page.get_by_role("row", name="Skien").inner_text()


def test_the_region_pages_pass_axe_and_a_refused_list_names_the_line(page, live_server, world):
    from boligsosial.programmes.models import Region, RegionMunicipality

    region = Region.objects.get(key="sor")
    RegionMunicipality.objects.create(region=region, code="0602")
    login(page, live_server.url, "admin")
    for path in [
        reverse("programmes:regions"),
        reverse("programmes:region", args=[region.pk]),
        reverse("programmes:region_edit", args=[region.pk]),
        reverse("programmes:region_create"),
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.goto(live_server.url + reverse("programmes:region_served", args=[region.pk]))
    page.get_by_label("Kommuner regionen betjener").fill("0602\n06x2")
    page.get_by_role("button", name="Lagre").click()
    assert "Linje 2:" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
