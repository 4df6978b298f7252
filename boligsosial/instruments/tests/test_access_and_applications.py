"""Every role on every page and route, and the grant-application workflow."""

from decimal import Decimal

import pytest
from django.urls import reverse

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
        region_id="sor", instrument=Instrument.PROGRAMME_GRANT, year=2011, amount=Decimal(5_000_000)
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
    reverse("instruments:index"),
    reverse("instruments:growth"),
    reverse("instruments:share"),
    reverse("instruments:comparison"),
    reverse("instruments:did"),
    reverse("instruments:figures"),
    reverse("instruments:frames"),
    reverse("instruments:applications"),
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
        reverse("instruments:import"),
        reverse("instruments:frame_create"),
        reverse("instruments:application_create"),
        reverse("instruments:application", kwargs={"pk": data["drammen_app"].pk}),
        reverse("instruments:application", kwargs={"pk": data["skien_app"].pk}),
        reverse("instruments:series")
        + "?code=0806&from_year=2009&to_year=2011&structure=2011-12-31",
    ]
    assert tuple(client.get(url).status_code for url in urls) == EXPECTED[persona]
    api = client.get(reverse("api:list_applications")).json()
    visible = {a["municipality"] for a in api}
    expected = (
        {"Drammen"}
        if persona.startswith("drammen")
        else {"Skien"}
        if persona == "skien_leader"
        else {"Drammen", "Skien"}
    )
    assert visible == expected
    assert client.get(
        reverse("api:get_application", kwargs={"pk": data["skien_app"].pk})
    ).status_code == (200 if "Skien" in expected else 404)


def test_a_municipal_user_sees_totals_but_only_their_own_municipalitys_row(world, data, client_for):
    page = (
        client_for(world.drammen_leader)
        .get(reverse("instruments:growth") + "?baseline=2009&to_year=2011")
        .content.decode()
    )
    assert "Drammen" in page and "Skien <span" not in page
    assert "Tall for de andre kommunene vises bare for Husbanken" in page
    assert "+100,0\u00a0%" in page  # the programme total still includes Skien
    assert "Illustrative tall" not in page  # figures registered by users are not flagged
    figures = (
        client_for(world.drammen_leader)
        .get(reverse("instruments:figures") + "?from_year=2009&to_year=2011")
        .content.decode()
    )
    assert "0602" in figures and "0806" not in figures
    api = (
        client_for(world.skien_leader)
        .get(reverse("api:list_figures") + "?instrument=start_loan")
        .json()
    )
    assert {f["code"] for f in api} == {"0806"}
    assert (
        client_for(world.drammen_leader).get(reverse("instruments:did") + "?format=csv").status_code
        == 404
    )


def test_an_unauthenticated_visitor_is_sent_to_log_in_and_the_api_refuses(world, client):
    assert client.get(reverse("instruments:index")).status_code == 302
    assert client.get(reverse("api:analysis_growth")).status_code == 401


def test_the_municipality_applies_and_submits_and_its_contact_decides_and_pays(
    world, data, client_for
):
    leader = client_for(world.drammen_leader)
    response = leader.post(
        reverse("instruments:application_create"),
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
    leader.post(reverse("instruments:application_submit", kwargs={"pk": application.pk}))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    # The municipality cannot decide; Skien's contact cannot see it at all.
    assert (
        leader.post(
            reverse("instruments:application_decide", kwargs={"pk": application.pk}),
            {"granted": "1"},
        ).status_code
        == 404
    )
    assert (
        client_for(world.other_contact)
        .post(
            reverse("instruments:application_decide", kwargs={"pk": application.pk}),
            {"granted": "1"},
        )
        .status_code
        == 404
    )
    contact = client_for(world.contact)
    contact.post(
        reverse("instruments:application_decide", kwargs={"pk": application.pk}),
        {"granted": "1", "amount_granted": "600000", "commitment_letter_date": "2012-03-01"},
        follow=True,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED  # more than applied for is refused
    page = contact.post(
        reverse("instruments:application_decide", kwargs={"pk": application.pk}),
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
        reverse("instruments:payment_add", kwargs={"pk": application.pk}),
        {"paid_on": "2012-04-01", "amount": "300000"},
    )
    page = contact.post(
        reverse("instruments:payment_add", kwargs={"pk": application.pk}),
        {"paid_on": "2012-05-01", "amount": "200000"},
        follow=True,
    ).content.decode()
    assert "større enn det som gjenstår av tilsagnet" in page
    assert application.paid_total() == 300_000
    contact.post(
        reverse("instruments:final_report", kwargs={"pk": application.pk}),
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
    page = client_for(world.viewer).get(reverse("instruments:frames")).content.decode()
    assert (
        "800\u00a0000\u00a0kr" in page
        and "4\u00a0200\u00a0000\u00a0kr" in page
        and "16,0\u00a0%" in page
    )
    frames = client_for(world.viewer).get(reverse("api:list_frames")).json()
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
        .post(reverse("api:list_frames"), payload, content_type="application/json")
        .status_code
        == 404
    )
    response = client_for(world.admin).post(
        reverse("api:list_frames"), payload, content_type="application/json"
    )
    assert (
        response.status_code == 200 and Decimal(response.json()["programme_target_percent"]) == 75
    )
    assert (
        client_for(world.viewer)
        .post(
            reverse("api:list_figures"),
            {"instrument": "start_loan", "code": "0602", "year": 2012, "amount": "1"},
            content_type="application/json",
        )
        .status_code
        == 404
    )


def test_the_participation_page_shows_its_grants(world, data, client_for):
    page = (
        client_for(world.drammen_leader)
        .get(reverse("programmes:participation", kwargs={"pk": world.drammen_participation.pk}))
        .content.decode()
    )
    assert "Tilskudd fra Husbanken" in page and "Årlig programtilskudd 2011" in page


API_READS = [
    reverse("api:list_instruments"),
    reverse("api:list_figures"),
    reverse("api:list_frames"),
    reverse("api:list_applications"),
    reverse("api:analysis_growth"),
    reverse("api:analysis_share"),
    reverse("api:analysis_comparison"),
    reverse("api:analysis_did"),
    reverse("api:statistics", kwargs={"code": "0602"}),
    reverse("api:region_members", kwargs={"region": "sor"}),
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
    assert client.get(reverse("api:get_frame", kwargs={"pk": data["frame"].pk})).status_code == 200
    may_apply, may_decide, may_manage = WRITES[persona]
    pk = data["drammen_app"].pk
    expected = 302 if may_apply else 404
    assert (
        client.post(
            reverse("instruments:application_edit", kwargs={"pk": pk}),
            {"amount_applied": "900000", "purpose": "x", "version": "1"},
        ).status_code
        == expected
    )
    assert (
        client.post(reverse("instruments:application_submit", kwargs={"pk": pk})).status_code
        == expected
    )
    data["drammen_app"].refresh_from_db()
    if not may_apply:  # let Husbanken's side be tested on a submitted application as well
        data["drammen_app"].status = ApplicationStatus.SUBMITTED
        data["drammen_app"].save()
    assert data["drammen_app"].status == ApplicationStatus.SUBMITTED
    decided = 302 if may_decide else 404
    assert (
        client.post(
            reverse("instruments:application_return", kwargs={"pk": pk}),
            {"reason": "Mer om målgruppen"},
        ).status_code
        == decided
    )
    data["drammen_app"].status = ApplicationStatus.SUBMITTED
    data["drammen_app"].save()
    assert client.post(
        reverse("api:decide_application", kwargs={"pk": pk}),
        {**DECISION, "version": GrantApplication.objects.get(pk=pk).version},
        content_type="application/json",
    ).status_code == (200 if may_decide else 404)
    if may_decide:
        assert (
            client.post(
                reverse("instruments:payment_add", kwargs={"pk": pk}),
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
                reverse("instruments:payment_add", kwargs={"pk": pk}),
                {"paid_on": "2011-04-01", "amount": "1000"},
            ).status_code
            == 404
        )
        assert (
            client.post(
                reverse("api:add_payment", kwargs={"pk": pk}),
                {"paid_on": "2011-04-01", "amount": "1"},
                content_type="application/json",
            ).status_code
            == 404
        )
    final = {"final_report_status": "received", "final_report_date": "2012-01-10"}
    url = reverse("instruments:final_report", kwargs={"pk": pk})
    assert client.post(url, final).status_code == decided
    assert client.get(
        reverse("instruments:frame_edit", kwargs={"pk": data["frame"].pk})
    ).status_code == (200 if may_manage else 404)
    assert client.post(
        reverse("api:list_figures"),
        {"instrument": "start_loan", "code": "0602", "year": 2012, "amount": "1"},
        content_type="application/json",
    ).status_code == (200 if may_manage else 404)
