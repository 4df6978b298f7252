"""Import and export of reported values.

Formats:
- long CSV (one value a row): kommunenummer, periode, indikator, disaggregering, verdi,
  kommentar, ikke_tilgjengelig (the reason; a value marked not available has an empty verdi);
- Excel per report (openpyxl), pre-filled with indicator codes and last period's values;
- Excel (long, like the CSV), JSON-stat 2.0 and DHIS2 dataValueSet JSON for exports.

Imports are all-or-nothing: every bad row is listed with its line, column and reason and
nothing is stored. A historic kommunenummer is mapped through the registry
(municipalities.selectors.codes_valid_at) to the participation's municipality.
"""

from boligsosial.reporting.transfer.common import (
    COLUMNS,
    MAX_CSV_ROWS,
    MAX_EXCEL_COLUMNS,
    MAX_EXCEL_ROWS,
    REQUIRED_COLUMNS,
    ImportRefused,
    ImportResult,
    RowError,
    period_code_to_key,
    refused,
    unescape_text,
)
from boligsosial.reporting.transfer.csv_import import import_csv, import_rows, read_csv
from boligsosial.reporting.transfer.excel import (
    EXCEL_HEADER,
    import_report_workbook,
    previous_report,
    report_workbook,
)
from boligsosial.reporting.transfer.export import (
    DERIVED_NOTE,
    ExportRefused,
    csv_chunks,
    export_values,
    long_rows,
    to_csv,
    to_dhis2,
    to_excel_long,
    to_jsonstat,
)

__all__ = [
    "COLUMNS",
    "DERIVED_NOTE",
    "EXCEL_HEADER",
    "MAX_CSV_ROWS",
    "MAX_EXCEL_COLUMNS",
    "MAX_EXCEL_ROWS",
    "REQUIRED_COLUMNS",
    "ExportRefused",
    "ImportRefused",
    "ImportResult",
    "RowError",
    "csv_chunks",
    "export_values",
    "import_csv",
    "import_report_workbook",
    "import_rows",
    "long_rows",
    "period_code_to_key",
    "previous_report",
    "read_csv",
    "refused",
    "report_workbook",
    "to_csv",
    "to_dhis2",
    "to_excel_long",
    "to_jsonstat",
    "unescape_text",
]
