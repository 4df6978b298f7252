"""Every role on every page and API route of the evaluation report.

Evaluators write; Husbanken staff read drafts; everyone who sees the programme reads
published versions; an outsider gets 404 everywhere, the same as for a missing report.
"""

import json

import pytest
from django.urls import reverse

WRITERS = {"evaluator"}
DRAFT_READERS = {"evaluator", "outside_evaluator", "admin", "contact", "other_contact"}
PUBLISHED_READERS = DRAFT_READERS | {"viewer", "drammen_leader", "drammen_member", "skien_leader"}
ALL = PUBLISHED_READERS | {"outsider"}


def _status(client, method, url, data=None):
    if method == "get":
        return client.get(url).status_code
    return client.post(url, data or {}).status_code


def pages(w):
    r, n = w.report.pk, w.version.number
    return [
        # (name, method, url, data, allowed roles, status when allowed)
        ("draft", "get", reverse("evaluation_report:report", args=[r]), None, DRAFT_READERS, 200),
        (
            "version",
            "get",
            reverse("evaluation_report:version", args=[r, n]),
            None,
            PUBLISHED_READERS,
            200,
        ),
        (
            "narratives",
            "get",
            reverse("evaluation_report:narratives", args=[r]),
            None,
            DRAFT_READERS,
            200,
        ),
        (
            "recommendations",
            "get",
            reverse("evaluation_report:recommendations", args=[r]),
            None,
            DRAFT_READERS,
            200,
        ),
        (
            "rules",
            "get",
            reverse("evaluation_report:rules", args=[w.programme.pk]),
            None,
            DRAFT_READERS,
            200,
        ),
    ] + _write_pages(w)


def _write_pages(w):
    r, n = w.report.pk, w.version.number
    return [
        ("edit", "get", reverse("evaluation_report:report_edit", args=[r]), None, WRITERS, 200),
        (
            "narrative edit",
            "get",
            reverse("evaluation_report:narrative_edit", args=[r, "foreword"]),
            None,
            WRITERS,
            200,
        ),
        (
            "narrative save",
            "post",
            reverse("evaluation_report:narrative_edit", args=[r, "2"]),
            {"markdown": "Bakgrunn."},
            WRITERS,
            302,
        ),
        (
            "decide",
            "post",
            reverse("evaluation_report:recommendation_decide", args=[r, "steering_group"]),
            {"decision": "accepted", "reason": "Enig."},
            WRITERS,
            302,
        ),
        (
            "publish",
            "post",
            reverse("evaluation_report:publish", args=[r]),
            {"note": ""},
            WRITERS,
            302,
        ),
        (
            "rule save",
            "post",
            reverse("evaluation_report:rules", args=[w.programme.pk]),
            {"code": "youth_measures", "threshold": "80", "enabled": "on"},
            WRITERS,
            302,
        ),
        (
            "generate draft",
            "post",
            reverse("evaluation_report:generate", args=[r]),
            {"format": "html", "language": "nb"},
            DRAFT_READERS,
            302,
        ),
        (
            "generate version",
            "post",
            reverse("evaluation_report:generate_version", args=[r, n]),
            {"format": "html", "language": "nb"},
            PUBLISHED_READERS,
            302,
        ),
    ]


def persona(w, name):
    return getattr(w, name)


@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_gets_exactly_the_pages_its_role_allows(
    report_world, client_for, role, django_capture_on_commit_callbacks
):
    w = report_world
    client = client_for(persona(w, role))
    for name, method, url, data, allowed, ok in pages(w):
        with django_capture_on_commit_callbacks(execute=True):
            status = _status(client, method, url, data)
        if role in allowed:
            assert status == ok, f"{role} {name}: {status}"
        elif name == "draft" and role in PUBLISHED_READERS:
            assert status == 302, (
                f"{role} {name}: published-only readers are sent to the latest version"
            )
        else:
            assert status == 404, f"{role} {name}: {status}"


def test_a_published_only_reader_is_sent_from_the_draft_to_the_latest_version(
    report_world, client_for
):
    w = report_world
    response = client_for(w.drammen_leader).get(
        reverse("evaluation_report:report", args=[w.report.pk])
    )
    assert response.url == reverse(
        "evaluation_report:version", args=[w.report.pk, w.version.number]
    )


def test_the_index_lists_the_report_for_readers_and_nothing_for_an_outsider(
    report_world, client_for
):
    w = report_world
    for role in sorted(PUBLISHED_READERS):
        assert (
            "Rapport 2011"
            in client_for(persona(w, role)).get(reverse("evaluation_report:index")).content.decode()
        )
    assert (
        "Rapport 2011"
        not in client_for(w.outsider).get(reverse("evaluation_report:index")).content.decode()
    )


def test_an_anonymous_visitor_is_sent_to_log_in(report_world, client):
    w = report_world
    for _name, method, url, data, _allowed, _ok in pages(w):
        response = client.get(url) if method == "get" else client.post(url, data or {})
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def _generation(response):
    from boligsosial.evaluation_report.models import GenerationJob

    job_pk = int(response.url.rstrip("/").split("/")[-1])
    return GenerationJob.objects.get(job_id=job_pk)


def test_a_job_and_its_file_are_visible_only_to_who_started_it_and_administrators(
    report_world, client_for, django_capture_on_commit_callbacks
):
    w = report_world
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(w.contact).post(
            reverse("evaluation_report:generate", args=[w.report.pk]),
            {"format": "html", "language": "nb"},
        )
    job_url = response.url
    assert job_url.startswith("/jobber/")
    generation = _generation(response)
    download = reverse("evaluation_report:job_download", args=[generation.pk])
    api = reverse("api:get_job", args=[generation.pk])
    for role in ("contact", "admin"):
        assert client_for(persona(w, role)).get(job_url).status_code == 200
        assert client_for(persona(w, role)).get(download).status_code == 200
    assert client_for(w.contact).get(api).json()["status"] == "done"
    # Other draft readers (another evaluator, another contact) do not see someone else's job.
    for role in sorted(DRAFT_READERS - {"contact", "admin"}) + [
        "viewer",
        "drammen_leader",
        "drammen_member",
        "skien_leader",
        "outsider",
    ]:
        assert client_for(persona(w, role)).get(job_url).status_code == 404, role
        assert client_for(persona(w, role)).get(download).status_code == 404, role
        assert client_for(persona(w, role)).get(api).status_code == 404, role


def test_a_published_reader_sees_the_job_for_a_version_they_asked_for_and_no_one_elses(
    report_world, client_for, django_capture_on_commit_callbacks
):
    w = report_world
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(w.skien_leader).post(
            reverse("evaluation_report:generate_version", args=[w.report.pk, w.version.number]),
            {"format": "docx", "language": "nb"},
        )
    download = reverse("evaluation_report:job_download", args=[_generation(response).pk])
    assert b"".join(client_for(w.skien_leader).get(download).streaming_content)[:2] == b"PK"
    assert client_for(w.drammen_leader).get(download).status_code == 404
    assert client_for(w.evaluator).get(download).status_code == 404


def api_reads(w):
    r, n, p = w.report.pk, w.version.number, w.programme.pk
    return [
        # (name, url, allowed roles)
        ("list", reverse("api:list_reports"), ALL),
        ("detail", reverse("api:get_report", args=[r]), PUBLISHED_READERS),
        ("draft", reverse("api:get_draft", args=[r]), DRAFT_READERS),
        ("findings", reverse("api:get_findings", args=[r]), DRAFT_READERS),
        ("version", reverse("api:get_version", args=[r, n]), PUBLISHED_READERS),
        ("recommendations", reverse("api:list_recommendations", args=[r]), DRAFT_READERS),
        ("narratives", reverse("api:list_narratives", args=[r]), DRAFT_READERS),
        ("rules", reverse("api:list_rules", args=[p]), DRAFT_READERS),
    ]


def api_writes(w):
    r, p = w.report.pk, w.programme.pk
    return [
        # (name, method, url, payload, allowed roles)
        (
            "decide",
            "post",
            reverse("api:decide", args=[r, "steering_group"]),
            {"decision": "rejected", "reason": "Ikke aktuelt."},
            WRITERS,
        ),
        (
            "narrative",
            "put",
            reverse("api:save_narrative", args=[r, "2"]),
            {"markdown": "Tekst.", "version": 0},
            WRITERS,
        ),
        (
            "publish",
            "post",
            reverse("api:publish", args=[r]),
            {"note": "", "version": 1},
            WRITERS,
        ),
        (
            "rule",
            "put",
            reverse("api:update_rule", args=[p, "youth_measures"]),
            {"threshold": 50, "enabled": True, "version": 0},
            WRITERS,
        ),
        (
            "job draft",
            "post",
            reverse("api:create_job", args=[r]),
            {"format": "html"},
            DRAFT_READERS,
        ),
        (
            "job version",
            "post",
            reverse("api:create_job", args=[r]),
            {"format": "html", "version": 1},
            PUBLISHED_READERS,
        ),
    ]


@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_gets_exactly_the_api_routes_its_role_allows(
    report_world, client_for, role, django_capture_on_commit_callbacks
):
    w = report_world
    client = client_for(persona(w, role))
    for name, url, allowed in api_reads(w):
        status = client.get(url).status_code
        expected = 200 if role in allowed else 404
        assert status == expected, f"{role} GET {name}: {status}"
    for name, method, url, payload, allowed in api_writes(w):
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(client, method)(
                url, json.dumps(payload), content_type="application/json"
            )
        expected = 200 if role in allowed else 404
        assert response.status_code == expected, (
            f"{role} {method.upper()} {name}: {response.status_code} {response.content[:200]}"
        )


def test_the_api_refuses_anonymous_requests(report_world, client):
    assert client.get(reverse("api:list_reports")).status_code == 401


def test_the_index_needs_the_same_number_of_queries_for_one_report_as_for_three(
    report_world, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from boligsosial.evaluation_report import services

    w = report_world
    client = client_for(w.viewer)
    url = reverse("evaluation_report:index")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for title in ("Rapport B", "Rapport C"):
        report = services.report_create(user=w.evaluator, evaluation=w.evaluation, title=title)
        services.report_publish(user=w.evaluator, report=report)
    with django_assert_max_num_queries(len(one)):
        content = client.get(url).content.decode()
    assert "Rapport B" in content and "Rapport C" in content


def _threshold(w, code="youth_measures"):
    from boligsosial.evaluation_report.models import RecommendationRule

    rule = RecommendationRule.objects.filter(programme=w.programme, code=code).first()
    return rule.threshold if rule else None


@pytest.mark.parametrize("role", sorted(ALL - WRITERS))
def test_no_one_but_the_evaluation_team_changes_a_threshold_on_the_page(
    report_world, client_for, role
):
    w = report_world
    response = client_for(persona(w, role)).post(
        reverse("evaluation_report:rules", args=[w.programme.pk]),
        {"code": "youth_measures", "threshold": "7", "enabled": "on"},
    )
    assert response.status_code == 404
    assert _threshold(w) is None


@pytest.mark.parametrize("role", sorted(ALL - WRITERS))
def test_no_one_but_the_evaluation_team_changes_a_threshold_through_the_api(
    report_world, client_for, role
):
    w = report_world
    response = client_for(persona(w, role)).put(
        reverse("api:update_rule", args=[w.programme.pk, "youth_measures"]),
        json.dumps({"threshold": 7, "enabled": True, "version": 0}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert _threshold(w) is None


def test_an_evaluator_outside_the_team_reads_the_thresholds_without_a_form(
    report_world, client_for
):
    w = report_world
    content = (
        client_for(w.outside_evaluator)
        .get(reverse("evaluation_report:rules", args=[w.programme.pk]))
        .content.decode()
    )
    assert "Anbefalingsregler" in content and 'name="threshold"' not in content
    team_page = (
        client_for(w.evaluator)
        .get(reverse("evaluation_report:rules", args=[w.programme.pk]))
        .content.decode()
    )
    assert 'name="threshold"' in team_page


def test_the_team_member_changes_a_threshold_on_the_page_and_through_the_api(
    report_world, client_for
):
    from decimal import Decimal

    w = report_world
    client = client_for(w.evaluator)
    response = client.post(
        reverse("evaluation_report:rules", args=[w.programme.pk]),
        {"code": "youth_measures", "threshold": "7", "enabled": "on"},
    )
    assert response.status_code == 302 and _threshold(w) == Decimal(7)
    rules = client.get(reverse("api:list_rules", args=[w.programme.pk])).json()
    current = next(r for r in rules if r["code"] == "youth_measures")["version"]
    assert current == 1
    response = client.put(
        reverse("api:update_rule", args=[w.programme.pk, "youth_measures"]),
        json.dumps({"threshold": 8, "enabled": True, "version": current}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert _threshold(w) == Decimal(8)


def test_when_no_evaluation_of_the_programme_has_a_team_any_evaluator_sets_thresholds(
    report_world, client_for
):
    w = report_world
    w.evaluation.team.clear()
    response = client_for(w.outside_evaluator).post(
        reverse("evaluation_report:rules", args=[w.programme.pk]),
        {"code": "youth_measures", "threshold": "7", "enabled": "on"},
    )
    assert response.status_code == 302
