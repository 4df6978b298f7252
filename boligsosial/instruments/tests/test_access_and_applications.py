"""Every role on every page and route, and the grant-application workflow."""

from decimal import Decimal

import pytest

from boligsosial.audit.models import AuditEntry
from boligsosial.instruments.models import (
    ApplicationStatus,
    GrantApplication,
    Instrument,
    InstrumentFigure,
    RegionalFrame,
)


@pytest.fixture
def data(world):
    drammen_app = GrantApplication.objects.create(
        participation=world.drammen_participation,
        instrument=Instrument.PROGRAMME_GRANT,
        year=2011,
        amount_applied=Decimal(1_000_000),
        purpose="Delprosjekter",
    )
    skien_app = GrantApplication.objects.create(
        participation=world.skien_participation,
        instrument=Instrument.PROGRAMME_GRANT,
        year=2011,
        amount_applied=Decimal(900_000),
        purpose="Boligkontoret",
    )
    frame = RegionalFrame.objects.create(
        region="sor", instrument=Instrument.PROGRAMME_GRANT, year=2011, amount=Decimal(5_000_000)
    )
    for code, amount in (("0602", 40_000_000), ("0806", 30_000_000)):
        InstrumentFigure.objects.create(
            instrument=Instrument.START_LOAN, code=code, year=2011, amount=amount
        )
        InstrumentFigure.objects.create(
            instrument=Instrument.START_LOAN, code=code, year=2009, amount=amount / 2
        )
    return {"drammen_app": drammen_app, "skien_app": skien_app, "frame": frame}


READ_PAGES = [
    "/virkemidler/",
    "/virkemidler/vekst/",
    "/virkemidler/andel/",
    "/virkemidler/sammenligning/",
    "/virkemidler/effekt/",
    "/virkemidler/tall/",
    "/virkemidler/rammer/",
    "/virkemidler/soknader/",
]

# Expected status per persona for pages that are not the same for everyone.
EXPECTED = {
    #                      import  new frame  new app  drammen app  skien app  series 0806
    "admin": (200, 200, 200, 200, 200, 200),
    "contact": (404, 404, 200, 200, 200, 200),
    "drammen_leader": (404, 404, 200, 200, 404, 404),
    "drammen_member": (404, 404, 200, 200, 404, 404),
    "skien_leader": (404, 404, 200, 404, 200, 200),
    "evaluator": (404, 404, 404, 200, 200, 200),
    "viewer": (404, 404, 404, 200, 200, 200),
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_role_sees_what_it_should_and_outsiders_get_404(world, data, client_for, persona):
    client = client_for(getattr(world, persona))
    for url in READ_PAGES:
        assert client.get(url).status_code == 200, url
    urls = [
        "/virkemidler/import/",
        "/virkemidler/rammer/ny/",
        "/virkemidler/soknader/ny/",
        f"/virkemidler/soknader/{data['drammen_app'].pk}/",
        f"/virkemidler/soknader/{data['skien_app'].pk}/",
        "/virkemidler/serie/?code=0806&from_year=2009&to_year=2011&structure=2011-12-31",
    ]
    assert tuple(client.get(url).status_code for url in urls) == EXPECTED[persona]
    api = client.get("/api/v1/instruments/applications").json()
    visible = {a["municipality"] for a in api}
    expected = (
        {"Drammen"}
        if persona.startswith("drammen")
        else {"Skien"}
        if persona == "skien_leader"
        else {"Drammen", "Skien"}
    )
    assert visible == expected
    assert client.get(f"/api/v1/instruments/applications/{data['skien_app'].pk}").status_code == (
        200 if "Skien" in expected else 404
    )


def test_a_municipal_user_sees_totals_but_only_their_own_municipalitys_row(world, data, client_for):
    page = (
        client_for(world.drammen_leader)
        .get("/virkemidler/vekst/?baseline=2009&to_year=2011")
        .content.decode()
    )
    assert "Drammen" in page and "Skien <span" not in page
    assert "Tall for de andre kommunene vises bare for Husbanken" in page
    assert "+100,0\u00a0%" in page  # the programme total still includes Skien
    assert "Illustrative tall" not in page  # figures registered by users are not flagged
    figures = (
        client_for(world.drammen_leader)
        .get("/virkemidler/tall/?from_year=2009&to_year=2011")
        .content.decode()
    )
    assert "0602" in figures and "0806" not in figures
    api = (
        client_for(world.skien_leader)
        .get("/api/v1/instruments/figures?instrument=start_loan")
        .json()
    )
    assert {f["code"] for f in api} == {"0806"}
    assert (
        client_for(world.drammen_leader).get("/virkemidler/effekt/?format=csv").status_code == 404
    )


def test_an_unauthenticated_visitor_is_sent_to_log_in_and_the_api_refuses(world, client):
    assert client.get("/virkemidler/").status_code == 302
    assert client.get("/api/v1/instruments/analyses/growth").status_code == 401


def test_the_municipality_applies_and_submits_and_its_contact_decides_and_pays(
    world, data, client_for
):
    leader = client_for(world.drammen_leader)
    response = leader.post(
        "/virkemidler/soknader/ny/",
        {
            "participation": world.drammen_participation.pk,
            "instrument": Instrument.COMPETENCE_GRANT,
            "year": 2012,
            "amount_applied": "500000",
            "purpose": "Kurs i boligsosialt arbeid",
        },
    )
    application = GrantApplication.objects.get(instrument=Instrument.COMPETENCE_GRANT)
    assert response.status_code == 302 and application.status == ApplicationStatus.DRAFT
    leader.post(f"/virkemidler/soknader/{application.pk}/send/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    # The municipality cannot decide; Skien's contact cannot see it at all.
    assert (
        leader.post(f"/virkemidler/soknader/{application.pk}/vedtak/", {"granted": "1"}).status_code
        == 404
    )
    assert (
        client_for(world.other_contact)
        .post(f"/virkemidler/soknader/{application.pk}/vedtak/", {"granted": "1"})
        .status_code
        == 404
    )
    contact = client_for(world.contact)
    contact.post(
        f"/virkemidler/soknader/{application.pk}/vedtak/",
        {"granted": "1", "amount_granted": "600000", "commitment_letter_date": "2012-03-01"},
        follow=True,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED  # more than applied for is refused
    page = contact.post(
        f"/virkemidler/soknader/{application.pk}/vedtak/",
        {
            "granted": "1",
            "amount_granted": "400000",
            "commitment_letter_date": "2012-03-01",
            "conditions": "Rapport innen 2013",
        },
        follow=True,
    ).content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.GRANTED and application.amount_granted == 400_000
    assert "Vedtaket er registrert." in page
    contact.post(
        f"/virkemidler/soknader/{application.pk}/utbetaling/",
        {"paid_on": "2012-04-01", "amount": "300000"},
    )
    page = contact.post(
        f"/virkemidler/soknader/{application.pk}/utbetaling/",
        {"paid_on": "2012-05-01", "amount": "200000"},
        follow=True,
    ).content.decode()
    assert "større enn det som gjenstår av tilsagnet" in page
    assert application.paid_total() == 300_000
    contact.post(
        f"/virkemidler/soknader/{application.pk}/sluttrapport/",
        {"final_report_status": "received", "final_report_date": "2013-01-10"},
    )
    application.refresh_from_db()
    assert application.final_report_status == "received"
    assert (
        AuditEntry.objects.filter(target_id=str(application.pk), action="transition").count() == 2
    )


def test_committed_grants_are_counted_against_the_frame(world, data, client_for):
    app = data["drammen_app"]
    app.status, app.amount_granted = ApplicationStatus.GRANTED, Decimal(800_000)
    app.save()
    page = client_for(world.viewer).get("/virkemidler/rammer/").content.decode()
    assert (
        "800\u00a0000\u00a0kr" in page
        and "4\u00a0200\u00a0000\u00a0kr" in page
        and "16,0\u00a0%" in page
    )
    frames = client_for(world.viewer).get("/api/v1/instruments/frames").json()
    assert Decimal(frames[0]["committed"]) == 800_000


def test_only_an_administrator_saves_frames_and_figures_through_the_api(world, data, client_for):
    payload = {
        "region": "sor",
        "instrument": "competence_grant",
        "year": 2012,
        "amount": "6000000",
        "programme_target_percent": "75",
    }
    assert (
        client_for(world.contact)
        .post("/api/v1/instruments/frames", payload, content_type="application/json")
        .status_code
        == 404
    )
    response = client_for(world.admin).post(
        "/api/v1/instruments/frames", payload, content_type="application/json"
    )
    assert (
        response.status_code == 200 and Decimal(response.json()["programme_target_percent"]) == 75
    )
    assert (
        client_for(world.viewer)
        .post(
            "/api/v1/instruments/figures",
            {"instrument": "start_loan", "code": "0602", "year": 2012, "amount": "1"},
            content_type="application/json",
        )
        .status_code
        == 404
    )


def test_the_participation_page_shows_its_grants(world, data, client_for):
    page = (
        client_for(world.drammen_leader)
        .get(f"/program/programkommuner/{world.drammen_participation.pk}/")
        .content.decode()
    )
    assert "Tilskudd fra Husbanken" in page and "Årlig programtilskudd 2011" in page


API_READS = [
    "/api/v1/instruments/instruments",
    "/api/v1/instruments/figures",
    "/api/v1/instruments/frames",
    "/api/v1/instruments/applications",
    "/api/v1/instruments/analyses/growth",
    "/api/v1/instruments/analyses/frame-share",
    "/api/v1/instruments/analyses/comparison",
    "/api/v1/instruments/analyses/did",
    "/api/v1/instruments/statistics/0602",
    "/api/v1/instruments/regions/sor/members",
]

DECISION = {"granted": True, "amount_granted": "500000", "commitment_letter_date": "2011-03-01"}

# persona: (may submit/edit Drammen's draft, may decide on it, may save frames and figures)
WRITES = {
    "admin": (True, True, True),
    "contact": (True, True, False),
    "drammen_leader": (True, False, False),
    "drammen_member": (True, False, False),
    "skien_leader": (False, False, False),
    "evaluator": (False, False, False),
    "viewer": (False, False, False),
}


@pytest.mark.parametrize("persona", list(WRITES))
def test_each_role_on_every_api_route_and_every_form_action(world, data, client_for, persona):
    client = client_for(getattr(world, persona))
    for url in API_READS:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/api/v1/instruments/frames/{data['frame'].pk}").status_code == 200
    may_apply, may_decide, may_manage = WRITES[persona]
    pk = data["drammen_app"].pk
    expected = 302 if may_apply else 404
    assert (
        client.post(
            f"/virkemidler/soknader/{pk}/endre/",
            {"amount_applied": "900000", "purpose": "x", "version": "1"},
        ).status_code
        == expected
    )
    assert client.post(f"/virkemidler/soknader/{pk}/send/").status_code == expected
    data["drammen_app"].refresh_from_db()
    if not may_apply:  # let Husbanken's side be tested on a submitted application as well
        data["drammen_app"].status = ApplicationStatus.SUBMITTED
        data["drammen_app"].save()
    assert data["drammen_app"].status == ApplicationStatus.SUBMITTED
    decided = 302 if may_decide else 404
    assert (
        client.post(
            f"/virkemidler/soknader/{pk}/tilbake/", {"reason": "Mer om målgruppen"}
        ).status_code
        == decided
    )
    data["drammen_app"].status = ApplicationStatus.SUBMITTED
    data["drammen_app"].save()
    assert client.post(
        f"/api/v1/instruments/applications/{pk}/decision",
        {**DECISION, "version": GrantApplication.objects.get(pk=pk).version},
        content_type="application/json",
    ).status_code == (200 if may_decide else 404)
    if may_decide:
        assert (
            client.post(
                f"/virkemidler/soknader/{pk}/utbetaling/",
                {"paid_on": "2011-04-01", "amount": "1000"},
            ).status_code
            == 302
        )
    else:
        data["drammen_app"].status = ApplicationStatus.GRANTED
        data["drammen_app"].amount_granted = Decimal(500_000)
        data["drammen_app"].save()
        assert (
            client.post(
                f"/virkemidler/soknader/{pk}/utbetaling/",
                {"paid_on": "2011-04-01", "amount": "1000"},
            ).status_code
            == 404
        )
        assert (
            client.post(
                f"/api/v1/instruments/applications/{pk}/payments",
                {"paid_on": "2011-04-01", "amount": "1"},
                content_type="application/json",
            ).status_code
            == 404
        )
    assert (
        client.post(
            f"/virkemidler/soknader/{pk}/sluttrapport/",
            {"final_report_status": "received", "final_report_date": "2012-01-10"},
        ).status_code
        == decided
    )
    assert client.get(f"/virkemidler/rammer/{data['frame'].pk}/").status_code == (
        200 if may_manage else 404
    )
    assert client.post(
        "/api/v1/instruments/figures",
        {"instrument": "start_loan", "code": "0602", "year": 2012, "amount": "1"},
        content_type="application/json",
    ).status_code == (200 if may_manage else 404)
