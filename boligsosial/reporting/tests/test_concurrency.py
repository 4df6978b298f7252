"""Every write that depends on a report's status, raced against every transition.

Two writers run at once on their own connections (PostgreSQL, or a file copy of SQLite's
test database: see tests/concurrency.py). Whatever order the database gives them, the
result is one a serial order would give: the status history has no gap, every transition
that succeeded has its event, and no value changes in a report after it left editing.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from boligsosial.audit.models import Action, AuditEntry
from boligsosial.reporting import services, transfer
from boligsosial.reporting.models import (
    EDITABLE_STATUSES,
    Report,
    ReportEvent,
    ReportStatus,
    ReportValue,
)
from boligsosial.reporting.tests.concurrency import Arena

pytestmark = pytest.mark.django_db(transaction=True)

# applications_granted ≤ applications_received (120): 777 is a valid number on its own that
# breaks the report's rule, so a report with it cannot be submitted.
CHANGED = "777"
TRANSITIONS = {"submit", "return", "approve", "reopen"}


def _excel_with_changed_value(report) -> bytes:
    workbook = load_workbook(io.BytesIO(transfer.report_workbook(report)))
    for row in workbook["Verdier"].iter_rows(min_row=2):
        if row[0].value == "applications_granted" and not row[1].value:
            row[5].value = int(CHANGED)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ops(world, report):
    pk = report.pk
    csv = (
        "kommunenummer,periode,indikator,disaggregering,verdi\n"
        f"{world.drammen.code},{report.period.code},applications_granted,,{CHANGED}\n"
    )
    excel = _excel_with_changed_value(report)

    def fresh():
        return Report.objects.get(pk=pk)

    return {
        "import": lambda: transfer.import_csv(
            user=world.admin, programme=world.programme, data=csv
        ),
        "save": lambda: services.report_save(
            user=world.drammen_leader,
            report=fresh(),
            version=None,
            values=[services.ValueInput(indicator_code="applications_granted", raw=CHANGED)],
        ),
        "excel": lambda: transfer.import_report_workbook(
            user=world.drammen_leader, report=fresh(), data=excel, version=None
        ),
        "submit": lambda: services.report_submit(user=world.drammen_leader, report=fresh()),
        "return": lambda: services.report_return(
            user=world.contact, report=fresh(), comment="Rett tallene."
        ),
        "approve": lambda: services.report_approve(user=world.contact, report=fresh()),
        "reopen": lambda: services.report_reopen(
            user=world.contact, report=fresh(), reason="Feil i tallene."
        ),
    }


def _start(world, complete_draft, state):
    report = complete_draft
    if state == ReportStatus.DRAFT:
        return report
    services.report_submit(user=world.drammen_leader, report=report)
    if state == ReportStatus.SUBMITTED:
        return Report.objects.get(pk=report.pk)
    if state == ReportStatus.RETURNED:
        services.report_return(user=world.contact, report=report, comment="Se over.")
        return Report.objects.get(pk=report.pk)
    services.report_approve(user=world.contact, report=report)
    return Report.objects.get(pk=report.pk)


# (starting status, first writer, second writer, exactly one of them can succeed)
CASES = [
    (ReportStatus.DRAFT, "import", "submit", True),
    (ReportStatus.DRAFT, "save", "submit", True),
    (ReportStatus.DRAFT, "excel", "submit", True),
    (ReportStatus.RETURNED, "import", "submit", True),
    (ReportStatus.RETURNED, "save", "submit", True),
    (ReportStatus.DRAFT, "submit", "submit", True),
    (ReportStatus.SUBMITTED, "import", "return", False),
    (ReportStatus.SUBMITTED, "save", "return", False),
    (ReportStatus.SUBMITTED, "import", "approve", False),
    (ReportStatus.SUBMITTED, "return", "approve", True),
    (ReportStatus.SUBMITTED, "approve", "approve", True),
    (ReportStatus.SUBMITTED, "return", "return", True),
    (ReportStatus.APPROVED, "import", "reopen", False),
    (ReportStatus.APPROVED, "save", "reopen", False),
    (ReportStatus.APPROVED, "reopen", "reopen", True),
]


def _state(report_pk, participation_pk):
    report = Report.objects.get(pk=report_pk)
    events = list(ReportEvent.objects.filter(report_id=report_pk).order_by("pk"))
    value = ReportValue.objects.get(
        report_id=report_pk, indicator__code="applications_granted", option__isnull=True
    ).value
    audit = list(
        AuditEntry.objects.filter(
            action__in=[Action.UPDATE, Action.IMPORT, Action.TRANSITION],
            target_id__in=[str(report_pk), str(participation_pk)],
        )
        .order_by("pk")
        .values_list("pk", "action")
    )
    return report, events, value, audit


@pytest.mark.parametrize(
    ("state", "first", "second", "exclusive"),
    CASES,
    ids=[f"{s}-{a}-vs-{b}" for s, a, b, _x in CASES],
)
def test_a_write_and_a_transition_at_once_end_as_if_one_ran_after_the_other(
    world, complete_draft, tmp_path, state, first, second, exclusive
):
    report = _start(world, complete_draft, state)
    ops = _ops(world, report)
    arena = Arena(tmp_path)
    _r, events_before, value_before, _audit = arena.read(
        lambda: _state(report.pk, world.drammen_participation.pk)
    )

    outcomes = arena.race(report.pk, ops[second], ops[first])

    outcome = dict(zip((second, f"{first}!" if first == second else first), outcomes, strict=True))
    for name, result in outcome.items():
        # A refused writer gets a Norwegian refusal, never a server error.
        assert result.ok or isinstance(result.error, (ValidationError, transfer.ImportRefused)), (
            name,
            repr(result.error),
        )
    succeeded = [name.rstrip("!") for name, result in outcome.items() if result.ok]
    if exclusive:
        assert len(succeeded) == 1, (succeeded, [repr(o.error) for o in outcomes])
    final, events, value, audit = arena.read(
        lambda: _state(report.pk, world.drammen_participation.pk)
    )
    # The history has no gap and ends where the report is.
    new_events = events[len(events_before) :]
    assert len(new_events) == sum(name in TRANSITIONS for name in succeeded)
    for before, after in zip(events, events[1:], strict=False):
        assert after.from_status == before.to_status
    assert events[-1].to_status == final.status
    # A value changes only while the report is being edited: never after a submit or approval.
    wrote = any(name not in TRANSITIONS for name in succeeded)
    assert (value == int(CHANGED)) == wrote and (wrote or value == value_before)
    if final.status not in EDITABLE_STATUSES:
        last_transition = max(pk for pk, action in audit if action == Action.TRANSITION)
        assert not [
            pk for pk, action in audit if action != Action.TRANSITION and pk > last_transition
        ]
