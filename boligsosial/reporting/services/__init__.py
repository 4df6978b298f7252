"""Writes for reporting: periods, reports, values and the review workflow.

Every function is keyword-only and atomic, checks permission, validates, saves and records
the change in the audit log (scope: the participation). The pages and the API call these.

Workflow (one function per arrow):

    draft ──submit──▶ submitted ──return──▶ returned ──submit──▶ resubmitted
                         │                                          │
                         └────────────approve──▶ approved ◀──approve┘
    approved ──reopen (reason)──▶ returned
"""

from boligsosial.reporting.selectors.entries import MAX_ANSWER_LENGTH, MAX_TEXT_LENGTH, ValueInput
from boligsosial.reporting.services.periods import (
    VERSIONED_FIELDS,
    indicator_new_version,
    period_create,
    period_set_deadline,
    programme_settings,
)
from boligsosial.reporting.services.values import report_save, report_start
from boligsosial.reporting.services.workflow import (
    report_approve,
    report_reopen,
    report_return,
    report_submit,
)

__all__ = [
    "MAX_ANSWER_LENGTH",
    "MAX_TEXT_LENGTH",
    "VERSIONED_FIELDS",
    "ValueInput",
    "indicator_new_version",
    "period_create",
    "period_set_deadline",
    "programme_settings",
    "report_approve",
    "report_reopen",
    "report_return",
    "report_save",
    "report_start",
    "report_submit",
]
