import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from boligsosial.audit.models import AuditEntry
from boligsosial.reporting import services
from boligsosial.reporting.models import ReportStatus
from boligsosial.reporting.tests.conftest import complete_inputs


def test_a_report_goes_draft_submitted_returned_resubmitted_approved(world, complete_draft):
    report = services.report_submit(user=world.drammen_leader, report=complete_draft)
    assert report.status == ReportStatus.SUBMITTED
    report = services.report_return(
        user=world.contact, report=report, comment="Kommenter utkastelsene."
    )
    assert report.status == ReportStatus.RETURNED
    services.report_save(
        user=world.drammen_leader,
        report=report,
        version=report.version,
        values=[services.ValueInput(indicator_code="evictions", raw="4", comment="To familier.")],
    )
    report = services.report_submit(user=world.drammen_leader, report=report)
    assert report.status == ReportStatus.RESUBMITTED
    report = services.report_approve(user=world.contact, report=report)
    assert report.status == ReportStatus.APPROVED and report.approved_by == world.contact
    steps = [(e.from_status, e.to_status) for e in report.events.order_by("at", "id")]
    assert steps == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "resubmitted"),
        ("resubmitted", "approved"),
    ]
    transitions = AuditEntry.objects.filter(
        action="transition", scope_id=str(world.drammen_participation.pk)
    )
    assert transitions.count() == 4


def test_an_approved_report_is_locked(world, approved):
    with pytest.raises(ValidationError, match="godkjent og låst"):
        services.report_save(
            user=world.drammen_leader,
            report=approved,
            version=approved.version,
            values=[services.ValueInput(indicator_code="evictions", raw="5")],
        )
    assert approved.values.get(indicator__code="evictions", option__isnull=True).value == 4


def test_reopening_needs_a_reason_and_is_recorded(world, approved):
    with pytest.raises(ValidationError, match="hvorfor"):
        services.report_reopen(user=world.contact, report=approved, reason="  ")
    report = services.report_reopen(
        user=world.contact, report=approved, reason="Feil i restansetallet."
    )
    assert report.status == ReportStatus.RETURNED
    assert report.events.last().comment == "Feil i restansetallet."
    assert AuditEntry.objects.filter(action="transition", comment="Feil i restansetallet.").exists()


def test_returning_needs_a_comment(world, submitted):
    with pytest.raises(ValidationError):
        services.report_return(user=world.contact, report=submitted, comment="")


def test_an_incomplete_report_cannot_be_submitted_and_the_message_names_what_is_missing(
    world, draft
):
    services.report_save(
        user=world.drammen_leader,
        report=draft,
        version=None,
        values=[services.ValueInput(indicator_code="homeless_persons", raw="10")],
    )
    with pytest.raises(ValidationError) as exc:
        services.report_submit(user=world.drammen_leader, report=draft)
    assert "«Husstander i midlertidig botilbud» mangler" in " ".join(
        exc.value.message_dict["temp_accommodation_households"]
    )
    assert "Hva har dere lyktes best med?" in " ".join(exc.value.message_dict["answer.succeeded"])


def test_only_the_programme_leader_submits_and_only_the_assigned_contact_reviews(
    world, complete_draft
):
    with pytest.raises(PermissionDenied):
        services.report_submit(user=world.drammen_member, report=complete_draft)
    report = services.report_submit(user=world.drammen_leader, report=complete_draft)
    for outsider in (world.other_contact, world.drammen_leader, world.evaluator, world.viewer):
        with pytest.raises(PermissionDenied):
            services.report_approve(user=outsider, report=report)
    services.report_approve(user=world.admin, report=report)


def test_another_municipality_cannot_start_or_fill_in_a_report(world, period, draft):
    with pytest.raises(PermissionDenied):
        services.report_start(
            user=world.skien_leader, participation=world.drammen_participation, period=period
        )
    with pytest.raises(PermissionDenied):
        services.report_save(
            user=world.skien_leader, report=draft, version=None, values=complete_inputs()
        )


def test_submit_return_and_approve_send_email(
    world, complete_draft, django_capture_on_commit_callbacks, mailoutbox
):
    world.contact.email = "kontakt@husbanken.example"
    world.contact.save()
    world.drammen_leader.email = "leder@drammen.example"
    world.drammen_leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_submit(user=world.drammen_leader, report=complete_draft)
    assert (
        mail.outbox[-1].to == ["kontakt@husbanken.example"]
        and "Til behandling" in mail.outbox[-1].subject
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_return(
            user=world.contact, report=report, comment="Rett restansene."
        )
    assert (
        mail.outbox[-1].to == ["leder@drammen.example"]
        and "Rett restansene." in mail.outbox[-1].body
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_submit(user=world.drammen_leader, report=report)
        services.report_approve(user=world.contact, report=report)
    assert "Godkjent" in mail.outbox[-1].subject
    assert len(mail.outbox) == 4


def test_the_participation_page_shows_each_reports_status_on_the_as_of_date(
    world, complete_draft, client_for
):
    import datetime as dt

    from django.urls import reverse
    from django.utils import timezone

    from boligsosial.reporting.models import ReportEvent

    report = services.report_submit(user=world.drammen_leader, report=complete_draft)
    services.report_approve(user=world.contact, report=report)
    # Started in January 2011, submitted in February, approved in March.
    for event, day in zip(
        ReportEvent.objects.filter(report=report).order_by("at", "id"),
        [dt.date(2011, 1, 6), dt.date(2011, 2, 1), dt.date(2011, 3, 1)],
        strict=True,
    ):
        event.at = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        event.save()
    client = client_for(world.drammen_leader)
    url = reverse("programmes:participation", args=[world.drammen_participation.pk])

    def status_on(as_of: str) -> str:
        page = client.get(f"{url}?as_of={as_of}").content.decode()
        row = page.split(f'<th scope="row">{report.period.label}</th>')[1].split("</tr>")[0]
        return row

    assert "Godkjent" in status_on("01.03.2011")
    assert "Sendt inn" in status_on("15.02.2011") and "Godkjent" not in status_on("15.02.2011")
    assert "Ikke påbegynt" in status_on("31.12.2010")
