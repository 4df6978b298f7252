"""Browser: the instruments pages pass axe (WCAG 2.1 A/AA) and work by keyboard."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boligsosial.core.testing.browser import assert_accessible, login
from boligsosial.instruments.models import (
    GrantApplication,
    Instrument,
    InstrumentFigure,
    RegionalFrame,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(world):
    for code, amount in (("0602", 40_000_000), ("0806", 30_000_000)):
        InstrumentFigure.objects.create(
            instrument=Instrument.START_LOAN, code=code, year=2011, amount=amount
        )
        InstrumentFigure.objects.create(
            instrument=Instrument.START_LOAN, code=code, year=2009, amount=amount / 2
        )
    RegionalFrame.objects.create(
        region_id="sor",
        instrument=Instrument.COMPETENCE_GRANT,
        year=2011,
        amount=Decimal(1_000_000),
        programme_target_percent=Decimal(75),
    )
    return GrantApplication.objects.create(
        participation=world.drammen_participation,
        instrument=Instrument.PROGRAMME_GRANT,
        year=2011,
        amount_applied=Decimal(1_000_000),
        purpose="Delprosjekter",
    )


def test_every_instruments_page_is_accessible_for_husbanken(page, live_server, world, figures):
    login(page, live_server.url, "admin")
    for path in [
        reverse("instruments:index"),
        reverse("instruments:growth"),
        reverse("instruments:share"),
        reverse("instruments:comparison"),
        reverse("instruments:did"),
        reverse("instruments:figures"),
        reverse("instruments:series") + "?code=0602&to_year=2011",
        reverse("instruments:frames"),
        reverse("instruments:frame_create"),
        reverse("instruments:applications"),
        reverse("instruments:application", kwargs={"pk": figures.pk}),
        reverse("instruments:application_create"),
        reverse("instruments:import"),
        reverse("municipalities:detail", kwargs={"code": "0602"}),
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page)
    # A refused import lists every problem in an accessible alert.
    page.goto(live_server.url + reverse("instruments:import"))
    page.get_by_label("Virkemiddeltall (CSV eller Excel)").check()
    page.get_by_label("Fil").set_input_files(
        files=[
            {
                "name": "tall.csv",
                "mimeType": "text/csv",
                "buffer": "kommunenummer;år;virkemiddel;beløp\n06O2;2011;Startlån;1\n".encode(),
            }
        ]
    )
    page.get_by_role("button", name="Importer").click()
    expect(
        page.get_by_text("Rad 2, kolonne «kommunenummer»: «06O2» er ikke fire siffer.")
    ).to_be_visible()
    assert_accessible(page)


def test_a_leader_writes_and_sends_an_application_by_keyboard(page, live_server, world, figures):
    login(page, live_server.url, "drammen-leader")
    page.goto(f"{live_server.url}/virkemidler/soknader/{figures.pk}/")
    assert_accessible(page)
    page.get_by_label("Søkt beløp (kr)").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("1200000")
    page.keyboard.press("Tab")
    page.keyboard.type(" og bo-oppfølging")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Lagre utkastet"
    page.keyboard.press("Enter")
    expect(page.get_by_text("Søknaden er lagret.")).to_be_visible()
    expect(page.get_by_text("1\u00a0200\u00a0000\u00a0kr").first).to_be_visible()
    page.get_by_role("button", name="Send søknaden til Husbanken").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Status: Sendt til Husbanken")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/virkemidler/?baseline=2009&to_year=2011")
    assert page.get_by_text(
        "Tall for de andre kommunene vises bare for Husbanken"
    ).first.is_visible()
    assert_accessible(page)


def test_the_programme_contact_decides_and_records_a_payment_by_keyboard(
    page, live_server, world, figures
):
    from boligsosial.instruments.models import ApplicationStatus

    figures.status = ApplicationStatus.SUBMITTED
    figures.save()
    login(page, live_server.url, "contact")
    page.goto(f"{live_server.url}/virkemidler/soknader/{figures.pk}/")
    assert_accessible(page)
    page.get_by_label("Innvilget", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_label("Innvilget beløp (kr)").fill("800000")
    page.get_by_label("Dato for tilsagnsbrev").fill("2011-03-15")
    page.get_by_role("button", name="Registrer vedtaket").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Vedtaket er registrert.")).to_be_visible()
    expect(page.get_by_text("Status: Innvilget")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Utbetalt dato").fill("2011-04-01")
    page.get_by_label("Beløp (kr) (påkrevd)", exact=True).fill("900000")
    page.get_by_role("button", name="Registrer utbetalingen").press("Enter")
    expect(page.get_by_text("større enn det som gjenstår av tilsagnet")).to_be_visible()
    assert_accessible(page)
