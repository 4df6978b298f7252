"""Rules, decisions, narrative, publishing and unavailable findings, at the service interface."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from boligsosial.audit.models import Action
from boligsosial.core.concurrency import StaleEditError
from boligsosial.evaluation_report import services
from boligsosial.evaluation_report.selectors import document_for, proposals_for


def rules_proposed(report):
    return {row["proposal"].rule for row in proposals_for(report)}


def test_a_decision_needs_a_reason_and_an_edit_needs_its_text(report_world):
    w = report_world
    with pytest.raises(ValidationError) as error:
        services.recommendation_decide(
            user=w.evaluator,
            report=w.report,
            rule_code="steering_group",
            decision="accepted",
            reason=" ",
        )
    assert "begrunnelse" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.recommendation_decide(
            user=w.evaluator,
            report=w.report,
            rule_code="steering_group",
            decision="edited",
            reason="Presisert.",
        )
    assert "endrede teksten" in str(error.value)
    with pytest.raises(ValidationError):
        services.recommendation_decide(
            user=w.evaluator,
            report=w.report,
            rule_code="not_a_rule",
            decision="accepted",
            reason="Ingen slik regel foreslår noe.",
        )


def test_the_published_version_carries_edited_text_and_leaves_out_rejected_and_undecided(
    report_world,
):
    w = report_world
    services.recommendation_decide(
        user=w.evaluator,
        report=w.report,
        rule_code="steering_group",
        decision="edited",
        text="Skien bør etablere en styringsgruppe ledet av rådmannen.",
        reason="Presisert.",
    )
    version = services.report_publish(user=w.evaluator, report=w.report)
    assert version.number == 2
    recommendations = version.document["recommendations"]
    assert [r["text"] for r in recommendations] == [
        "Skien bør etablere en styringsgruppe ledet av rådmannen."
    ]
    services.recommendation_decide(
        user=w.evaluator,
        report=w.report,
        rule_code="steering_group",
        decision="rejected",
        reason="Skien har vedtatt å etablere styringsgruppe.",
    )
    assert (
        services.report_publish(user=w.evaluator, report=w.report).document["recommendations"] == []
    )
    draft = document_for(w.report)
    assert all(r["status"] != "rejected" for r in draft["recommendations"])


def test_a_non_writer_cannot_decide_publish_or_write_text(report_world):
    w = report_world
    for user in (w.admin, w.contact, w.viewer, w.drammen_leader):
        with pytest.raises(PermissionDenied):
            services.recommendation_decide(
                user=user,
                report=w.report,
                rule_code="steering_group",
                decision="accepted",
                reason="x",
            )
        with pytest.raises(PermissionDenied):
            services.report_publish(user=user, report=w.report)
        with pytest.raises(PermissionDenied):
            services.narrative_save(user=user, report=w.report, key="2", markdown="x")


def test_an_evaluator_outside_the_evaluation_team_reads_but_cannot_write(report_world):
    from boligsosial.accounts.models import Role
    from boligsosial.accounts.tests.factories import UserFactory

    w = report_world
    other = UserFactory(username="other-evaluator", role=Role.EVALUATOR)
    w.evaluation.team.add(w.evaluator)
    with pytest.raises(PermissionDenied):
        services.narrative_save(user=other, report=w.report, key="2", markdown="x")
    services.narrative_save(user=w.evaluator, report=w.report, key="2", markdown="x")


def test_two_evaluators_editing_one_text_cannot_overwrite_each_other(report_world):
    w = report_world
    section = services.narrative_save(
        user=w.evaluator, report=w.report, key="2", markdown="Første."
    )
    services.narrative_save(
        user=w.evaluator, report=w.report, key="2", markdown="Andre.", version=section.version
    )
    with pytest.raises(StaleEditError):
        services.narrative_save(
            user=w.evaluator, report=w.report, key="2", markdown="Tredje.", version=section.version
        )


def test_publishing_and_decisions_are_in_the_audit_log(report_world):
    from boligsosial.audit.selectors import history_for

    w = report_world
    services.recommendation_decide(
        user=w.evaluator,
        report=w.report,
        rule_code="steering_group",
        decision="accepted",
        reason="Enig i forslaget.",
    )
    actions = [(entry.target_repr, entry.comment) for entry in history_for(w.report)]
    assert any(
        "steering_group" in target and comment == "Enig i forslaget." for target, comment in actions
    )
    assert any("versjon 1" in target for target, _comment in actions)


def test_the_command_line_makes_a_missing_report_and_the_history_says_so(report_world, tmp_path):
    import io

    from django.core.management import call_command

    from boligsosial.audit.selectors import history_for
    from boligsosial.evaluation.models import Evaluation

    evaluation = Evaluation.objects.create(
        programme=report_world.programme,
        title="Sluttevaluering 2013",
        period_start=dt.date(2013, 1, 1),
        period_end=dt.date(2013, 6, 30),
        as_of=dt.date(2013, 6, 1),
    )
    output = tmp_path / "rapport.html"
    call_command(
        "evaluation_report",
        evaluation=evaluation.pk,
        format="html",
        output=str(output),
        no_progress=True,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    report = evaluation.reports.get()
    assert (report.title, report.as_of) == ("Sluttevaluering 2013", dt.date(2013, 6, 1))
    assert "Sluttevaluering 2013" in output.read_text()
    (entry,) = [e for e in history_for(evaluation) if e.target_id == str(report.pk)]
    assert entry.action == Action.CREATE and entry.user is None
    assert "evaluation_report" in entry.comment


def test_clean_up_deletes_generated_reports_older_than_the_limit(
    report_world, private_media, django_capture_on_commit_callbacks
):
    import io
    import os
    import time

    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.utils import timezone

    from boligsosial.core.storage import private_storage
    from boligsosial.evaluation_report.models import GenerationJob
    from boligsosial.evaluation_report.tasks import storage_name
    from boligsosial.jobs.models import Job, JobState

    def job(days_old):
        background = Job.objects.create(title="Lager PDF", handler="x", state=JobState.DONE)
        made = GenerationJob.objects.create(
            report=report_world.report, format="pdf", job=background
        )
        name = private_storage().save(storage_name(made), ContentFile(b"%PDF-"))
        path = private_media / name
        then = time.time() - days_old * 86400 - 7200
        os.utime(path, (then, then))
        GenerationJob.objects.filter(pk=made.pk).update(stored_name=name)
        Job.objects.filter(pk=background.pk).update(
            updated_at=timezone.now() - dt.timedelta(days=days_old)
        )
        return made.pk, path

    old_pk, old_path = job(40)
    new_pk, new_path = job(2)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("clean_private_media", "--days", "30", stdout=io.StringIO())
    assert not GenerationJob.objects.filter(pk=old_pk).exists() and not old_path.exists()
    assert GenerationJob.objects.filter(pk=new_pk).exists() and new_path.is_file()
