"""Reads for reporting: the programme's tables and trends, and a report's entries and checks."""

from boligsosial.reporting.selectors.entries import (
    Catalogue,
    ValueInput,
    history_for_outliers,
    stored_entries,
    stored_entries_of,
    submission_problems,
    warnings_for,
)
from boligsosial.reporting.selectors.programme import (
    ValuePoint,
    approved_values,
    completeness,
    expected_participations,
    indicator_for,
    reports_for_participation,
    review_queue,
    trend,
)
from boligsosial.reporting.selectors.table import Cell, ProgrammeTable, programme_table
from boligsosial.reporting.selectors.table_stored import (
    stored_completeness,
    stored_indicator_choices,
    stored_programme_table,
    stored_table_json,
    table_fingerprints,
)

__all__ = [
    "Catalogue",
    "Cell",
    "ProgrammeTable",
    "ValueInput",
    "ValuePoint",
    "approved_values",
    "completeness",
    "expected_participations",
    "history_for_outliers",
    "indicator_for",
    "programme_table",
    "reports_for_participation",
    "review_queue",
    "stored_completeness",
    "stored_entries",
    "stored_indicator_choices",
    "stored_programme_table",
    "stored_table_json",
    "table_fingerprints",
    "stored_entries_of",
    "submission_problems",
    "trend",
    "warnings_for",
]
