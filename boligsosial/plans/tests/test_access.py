"""Every plans page and API route, for every persona. Outsiders get 404, like a missing object."""

import datetime as dt

import pytest
from django.urls import reverse

from boligsosial.core.testing.urls import page
from boligsosial.plans.models import Evidence, GoalLevel
from boligsosial.plans.tests.factories import GoalFactory, ResultFactory, make_measure

READERS = [
    "admin",
    "contact",
    "other_contact",
    "drammen_leader",
    "drammen_member",
    "evaluator",
    "viewer",
]
EDITORS = ["admin", "contact", "drammen_leader", "drammen_member"]
DRAFT_READERS = ["admin", "contact", "other_contact", "drammen_leader", "drammen_member"]
EVERYONE = READERS + ["skien_leader"]


@pytest.fixture
def plan(world, private_media):
    drammen = world.drammen_participation
    goal = GoalFactory(participation=drammen, level=GoalLevel.MAIN, title="Forebygge bostedsløshet")
    published = make_measure(drammen, name="Boligskole for ungdom", target_groups=["youth"])
    draft = make_measure(drammen, name="Hemmelig utkast", published=False)
    result = ResultFactory(measure=published)
    draft_result = ResultFactory(measure=draft)
    path = private_media / "plans" / "evidence"
    path.mkdir(parents=True)
    evidence = Evidence.objects.create(
        result=result,
        original_name="a.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=9,
        sha256="x",
    )
    evidence.path.write_bytes(b"%PDF-1.4\n")
    draft_evidence = Evidence.objects.create(
        result=draft_result,
        original_name="b.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=9,
        sha256="y",
    )
    draft_evidence.path.write_bytes(b"%PDF-1.4\n")
    return {
        "p": drammen.pk,
        "goal": goal.pk,
        "measure": published.pk,
        "draft": draft.pk,
        "evidence": evidence.pk,
        "draft_evidence": draft_evidence.pk,
        "programme": drammen.programme_id,
    }


PAGES = [
    (page("plans:index"), EVERYONE),
    (page("plans:library"), EVERYONE),
    (page("plans:target_groups"), EVERYONE),
    (page("plans:participation", "p"), READERS),
    (page("plans:goal_create", "p"), EDITORS),
    (page("plans:goal_edit", "p", "goal"), EDITORS),
    (page("plans:measure_create", "p"), EDITORS),
    (page("plans:measure", "measure"), EVERYONE),
    (page("plans:measure", "draft"), DRAFT_READERS),
    (page("plans:measure_edit", "measure"), EDITORS),
    (page("plans:measure_edit", "draft"), EDITORS),
    (page("plans:result_create", "measure"), EDITORS),
    (page("plans:evidence", "evidence"), EVERYONE),
    (page("plans:evidence", "draft_evidence"), DRAFT_READERS),
    ("/api/v1/plans/participations/{p}/goals", READERS),
    ("/api/v1/plans/participations/{p}/measures", READERS),
    ("/api/v1/plans/measures/{measure}", EVERYONE),
    ("/api/v1/plans/measures/{draft}", DRAFT_READERS),
    ("/api/v1/plans/evidence/{evidence}", EVERYONE),
    ("/api/v1/plans/evidence/{draft_evidence}", DRAFT_READERS),
    ("/api/v1/plans/library", EVERYONE),
    ("/api/v1/plans/programmes/{programme}/started-measures", EVERYONE),
]


@pytest.mark.parametrize(
    "persona",
    [
        "admin",
        "contact",
        "other_contact",
        "drammen_leader",
        "drammen_member",
        "skien_leader",
        "evaluator",
        "viewer",
    ],
)
def test_each_page_and_read_route_answers_by_role(world, plan, client_for, persona):
    client = client_for(getattr(world, persona))
    wrong = []
    for url, allowed in PAGES:
        status = client.get(url.format(**plan)).status_code
        expected = 200 if persona in allowed else 404
        if status != expected:
            wrong.append(f"{url.format(**plan)}: {status}, expected {expected}")
    assert not wrong, f"{persona}: " + "; ".join(wrong)


def test_anonymous_visitors_are_sent_to_log_in_or_refused(world, plan, client):
    assert client.get(reverse("plans:participation", args=[plan["p"]])).status_code == 302
    assert client.get(reverse("plans:evidence", args=[plan["evidence"]])).status_code == 302
    assert client.get(f"/api/v1/plans/measures/{plan['measure']}").status_code == 401


POSTS = [
    (
        page("plans:measure_status", "measure"),
        {"status-status": "completed", "status-date": "2011-10-01"},
    ),
    (page("plans:measure_publish", "measure"), {"published": "0"}),
    (
        page("plans:funding_add", "measure"),
        {
            "funding-source": "hb_competence_grant",
            "funding-year": "2011",
            "funding-amount_nok": "150000",
        },
    ),
    (page("plans:measurement_add", "p", "goal"), {"m-date": "2011-01-01", "m-value": "3"}),
]


@pytest.mark.parametrize("url,data", POSTS)
def test_only_the_municipality_and_its_husbanken_contact_change_the_plan(
    world, plan, client_for, url, data
):
    for persona in ["other_contact", "skien_leader", "evaluator", "viewer"]:
        assert (
            client_for(getattr(world, persona)).post(url.format(**plan), data).status_code == 404
        ), persona
    assert client_for(world.drammen_member).post(url.format(**plan), data).status_code == 302


def test_the_api_refuses_writes_from_readers_and_other_municipalities(world, plan, client_for):
    url = f"/api/v1/plans/participations/{plan['p']}/measures"
    body = {"name": "Nytt tiltak", "target_groups": ["youth"]}
    for persona in ["other_contact", "skien_leader", "evaluator", "viewer"]:
        assert (
            client_for(getattr(world, persona))
            .post(url, body, content_type="application/json")
            .status_code
            == 404
        )
    created = client_for(world.drammen_leader).post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["published"] is False


def test_a_draft_counts_for_the_evaluation_selector_but_not_on_another_municipalitys_page(
    world, plan, client_for
):
    from boligsosial.plans.selectors import municipalities_with_started_measures

    draft_only = make_measure(
        world.skien_participation,
        name="Skiens ungdomsutkast",
        target_groups=["youth"],
        published=False,
    )
    started = municipalities_with_started_measures(
        world.programme, target_group="youth", as_of=dt.date(2011, 12, 31)
    )
    assert {p.municipality.name for p in started} == {"Drammen", "Skien"}
    page = (
        client_for(world.drammen_leader)
        .get(reverse("plans:target_groups") + "?target_group=youth&as_of=2011-12-31")
        .content.decode()
    )
    assert (
        draft_only.name not in page and "Skien" not in page.split('data-testid="municipalities"')[1]
    )


def test_the_overview_needs_the_same_number_of_queries_for_more_municipalities(
    world, plan, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from boligsosial.core import changes
    from boligsosial.programmes.tests.factories import ParticipationFactory

    client = client_for(world.admin)
    client.get(reverse("plans:index"))  # warm the session and caches
    changes.install()  # records a change of every table: the stored rows are computed again
    with CaptureQueriesContext(connection) as two:
        client.get(reverse("plans:index"))
    larvik = ParticipationFactory(programme=world.programme)
    GoalFactory(participation=larvik)
    make_measure(larvik, name="Sammenslåing av boligstiftelser")
    with CaptureQueriesContext(connection) as three:
        page = client.get(reverse("plans:index"))
    assert larvik.municipality.name in page.content.decode()
    assert len(three) == len(two)
