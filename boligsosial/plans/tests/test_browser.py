import datetime as dt

import pytest
from django.urls import reverse

from boligsosial.core.testing.browser import assert_accessible, login
from boligsosial.plans import services
from boligsosial.plans.models import GoalLevel
from boligsosial.plans.tests.factories import GoalFactory, ResultFactory, make_measure

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(world):
    drammen = world.drammen_participation
    main = GoalFactory(participation=drammen, title="Forebygge og bekjempe bostedsløshet")
    services.goal_save(
        user=world.admin,
        participation=drammen,
        level=GoalLevel.RESULT,
        parent=main,
        title="Flere leietakere kjøper bolig",
        custom_measure_name="Leietakere som har kjøpt bolig",
        custom_measure_definition="Telles av prosjektleder.",
        baseline_value=0,
        baseline_date=dt.date(2011, 1, 1),
        target_value=40,
        target_date=dt.date(2013, 1, 1),
    )
    measure = make_measure(
        drammen,
        name="Fra leie til eie",
        target_groups=["municipal_tenants"],
        methods=["rent_to_own"],
    )
    ResultFactory(measure=measure, text="Flere leiligheter er solgt gjennom prosjektet.")
    return {"p": drammen.pk, "measure": measure.pk, "goal": main.pk}


def test_every_plans_page_passes_axe(page, live_server, world, plan):
    login(page, live_server.url, "drammen-leader")
    for path in [
        reverse("plans:index"),
        reverse("plans:participation", args=[plan["p"]]) + "?as_of=2011-12-31",
        reverse("plans:goal_create", args=[plan["p"]]),
        reverse("plans:goal_edit", args=[plan["p"], plan["goal"]]),
        reverse("plans:measure_create", args=[plan["p"]]),
        reverse("plans:measure", args=[plan["measure"]]),
        reverse("plans:measure_edit", args=[plan["measure"]]),
        reverse("plans:result_create", args=[plan["measure"]]),
        reverse("plans:library") + "?q=leie",
        reverse("plans:target_groups") + "?target_group=municipal_tenants",
        f"/program/programkommuner/{plan['p']}/?as_of=2011-12-31",
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page)


def test_a_programme_leader_registers_a_measure_and_a_result_by_keyboard(
    page, live_server, world, plan
):
    login(page, live_server.url, "drammen-leader")
    page.goto(live_server.url + reverse("plans:participation", args=[plan["p"]]))
    page.get_by_role("link", name="Nytt delprosjekt eller tiltak").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/tiltak/nytt/")
    page.locator("#id_name").focus()
    page.keyboard.type("Boligskole for ungdom")
    page.locator("#id_description").focus()
    page.keyboard.type("Kurs og nettveileder for unge som skal bo for seg selv.")
    page.get_by_role("checkbox", name="Ungdom").focus()
    page.keyboard.press("Space")
    # The measure's own method (the form also lists methods tried with individual users).
    page.get_by_role("group", name="Metoder", exact=True).get_by_label("Boligskole").focus()
    page.keyboard.press("Space")
    page.locator("#id_status").select_option("pre_project")
    page.locator("#id_status_date").fill("2010-09-01")
    page.get_by_role("button", name="Lagre", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/tiltak/*/")
    assert "Tiltaket er lagret som utkast" in page.content()
    assert page.get_by_test_id("status").inner_text() == "Forprosjekt"
    assert_accessible(page)
    page.get_by_role("link", name="Registrer resultat").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/resultater/nytt/")
    page.locator("#id_date").fill("2011-10-01")
    page.locator("#id_text").focus()
    page.keyboard.type("Forprosjektet er avsluttet.")
    page.get_by_label("Dokumentasjon (valgfritt)").set_input_files(
        files=[
            {
                "name": "program.pdf",
                "mimeType": "application/pdf",
                "buffer": b"MZ\x90\x00not really a pdf",
            }
        ]
    )
    page.get_by_role("button", name="Lagre resultat").click()
    alert = page.get_by_role("alert")
    assert "er ikke en PDF" in alert.inner_text()
    assert_accessible(page)


def test_the_library_search_is_a_labelled_search_form(page, live_server, world, plan):
    make_measure(
        world.skien_participation,
        name="Egen bolig",
        description="Samtaler om boligkarriere og restanser.",
    )
    login(page, live_server.url, "drammen-member")
    page.goto(live_server.url + reverse("plans:library"))
    page.get_by_label("Søk i fritekst").fill("restanse")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=restanse**")
    hits = page.get_by_test_id("hit")
    assert hits.count() == 1 and "Egen bolig" in hits.first.inner_text()
    assert_accessible(page)
