"""Page POSTs: every parameter checked with a Norwegian message (never a 500), stale edits
explained, and generated files served as private downloads."""

import pytest
from django.urls import reverse

from boligsosial.evaluation_report.models import NarrativeSection, RecommendationRule


@pytest.mark.parametrize(
    "threshold, message",
    [
        ("mange", "Skriv terskelen som et tall"),
        ("-5", "0 eller større"),
        ("100000000000", "over 99 999 999,99"),
        ("2,555", "to desimaler"),
        ("120", "over 100 %"),
        ("", "Feltet er påkrevet"),
    ],
)
def test_a_bad_threshold_on_the_page_is_shown_at_its_rule(
    report_world, client_for, threshold, message
):
    w = report_world
    response = client_for(w.evaluator).post(
        reverse("evaluation_report:rules", args=[w.programme.pk]),
        {"code": "youth_measures", "threshold": threshold, "enabled": "on", "version": "0"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RecommendationRule.objects.exists()


def test_an_unknown_rule_or_a_bad_version_on_the_page_is_explained(report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    url = reverse("evaluation_report:rules", args=[w.programme.pk])
    response = client.post(url, {"code": "nope", "threshold": "5", "version": "0"}, follow=True)
    assert response.status_code == 200 and "Ukjent regel" in response.content.decode()
    response = client.post(url, {"code": "youth_measures", "threshold": "5", "version": "x"})
    assert response.status_code == 200 and "heltall" in response.content.decode()
    assert not RecommendationRule.objects.exists()


def test_a_threshold_saved_by_someone_else_meanwhile_is_not_overwritten_on_the_page(
    report_world, client_for
):
    w = report_world
    client = client_for(w.evaluator)
    url = reverse("evaluation_report:rules", args=[w.programme.pk])
    form = {"code": "youth_measures", "threshold": "10", "enabled": "on", "version": "0"}
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "threshold": "20"})
    assert response.status_code == 200
    assert "Noen andre har lagret" in response.content.decode()
    assert RecommendationRule.objects.get().threshold == 10


def test_a_narrative_someone_else_wrote_meanwhile_is_not_overwritten(report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    url = reverse("evaluation_report:narrative_edit", args=[w.report.pk, "2"])
    page = client.get(url).content.decode()
    assert 'name="version" value="0"' in page
    assert client.post(url, {"markdown": "Først.", "version": "0"}).status_code == 302
    response = client.post(url, {"markdown": "Senere.", "version": "0"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Noen andre har lagret" in content and "Senere." in content
    assert NarrativeSection.objects.get(report=w.report, key="2").markdown == "Først."


def test_publishing_from_a_page_read_before_the_report_changed_is_refused(report_world, client_for):
    from boligsosial.evaluation_report import services

    w = report_world
    client = client_for(w.evaluator)
    services.report_update(user=w.evaluator, report=w.report, version=1, title="Ny tittel")
    response = client.post(
        reverse("evaluation_report:publish", args=[w.report.pk]),
        {"note": "", "version": "1"},
        follow=True,
    )
    assert "Noen andre har lagret" in response.content.decode()
    assert w.report.versions.count() == 1


@pytest.mark.parametrize(
    "data",
    [{"format": "exe", "language": "nb"}, {"format": "html", "language": "xx"}, {}],
)
def test_a_bad_generation_request_on_the_page_is_explained(report_world, client_for, data):
    w = report_world
    response = client_for(w.evaluator).post(
        reverse("evaluation_report:generate", args=[w.report.pk]), data, follow=True
    )
    assert response.status_code == 200
    assert "Velg format og språk." in response.content.decode()
    assert not w.report.jobs.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"decision": "maybe", "reason": "Enig."}, "Velg en vurdering"),
        ({"decision": "accepted", "reason": ""}, "Velg en vurdering"),
    ],
)
def test_a_bad_decision_on_the_page_is_explained(report_world, client_for, data, message):
    w = report_world
    response = client_for(w.evaluator).post(
        reverse("evaluation_report:recommendation_decide", args=[w.report.pk, "steering_group"]),
        data,
        follow=True,
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not w.report.decisions.exists()


def test_a_decision_on_an_unknown_rule_is_explained(report_world, client_for):
    w = report_world
    response = client_for(w.evaluator).post(
        reverse("evaluation_report:recommendation_decide", args=[w.report.pk, "nope"]),
        {"decision": "accepted", "reason": "Enig."},
        follow=True,
    )
    assert response.status_code == 200
    assert "foreslår ingen anbefaling" in response.content.decode()


def test_a_generated_file_is_a_private_attachment_never_cached_or_sniffed(
    report_world, client_for, django_capture_on_commit_callbacks
):
    w = report_world
    client = client_for(w.evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation_report:generate", args=[w.report.pk]),
            {"format": "html", "language": "nb"},
        )
    job = w.report.jobs.get()
    response = client.get(reverse("evaluation_report:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Type"].startswith("text/html")
