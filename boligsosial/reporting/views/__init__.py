"""Reporting pages. Thin: parse, check access, call a service or selector, render."""

from boligsosial.reporting.views.dhis2 import dhis2_mapping
from boligsosial.reporting.views.files import csv_import, export, report_excel
from boligsosial.reporting.views.overview import (
    catalogue,
    index,
    indicator_detail,
    period_deadline,
    periods,
    programme_table,
    trend,
)
from boligsosial.reporting.views.reports import (
    report_approve,
    report_detail,
    report_edit,
    report_reopen,
    report_return,
    report_start,
    report_submit,
)

__all__ = [
    "catalogue",
    "csv_import",
    "dhis2_mapping",
    "export",
    "index",
    "indicator_detail",
    "period_deadline",
    "periods",
    "programme_table",
    "report_approve",
    "report_detail",
    "report_edit",
    "report_excel",
    "report_reopen",
    "report_return",
    "report_start",
    "report_submit",
    "trend",
]
