"""Exports of reported values: long CSV and Excel, JSON-stat 2.0, DHIS2 dataValueSet.

Every stored value type goes out in every format: numbers, dates (ISO 8601, yyyy-mm-dd;
a JSON-stat value may be a string) and "not available" with its reason, each the way the
format expects it: CSV/Excel an empty value with the reason in `ikke_tilgjengelig`,
JSON-stat a null value with status "na", DHIS2 a data value without `value` whose comment
gives the reason. Derived values (rates recomputed from a numerator and a denominator) are
in no export: they are recomputed from the values that are (DERIVED_NOTE says so).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.core.spreadsheet import safe_text
from boligsosial.reporting import access
from boligsosial.reporting.models import (
    DimensionOption,
    Indicator,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
)
from boligsosial.reporting.transfer.common import (
    COLUMNS,
    _sheet_row,
)


def export_values(
    programme, *, user, period_ids=None, indicator_codes=None, approved_only: bool = False
):
    """ReportValue rows the user may see, ordered for long formats."""
    qs = ReportValue.objects.filter(
        report__period__programme=programme, report__in=access.visible_reports(user)
    )
    if approved_only:
        qs = qs.filter(report__status=ReportStatus.APPROVED)
    if period_ids:
        qs = qs.filter(report__period_id__in=period_ids)
    if indicator_codes:
        qs = qs.filter(indicator__code__in=indicator_codes)
    return qs.select_related(
        "report__participation__municipality", "report__period", "indicator", "option"
    ).order_by(
        "report__participation__municipality__code",
        "report__period__start",
        "report__period__kind",
        "indicator__order",
        "indicator__code",
        "option__code",
    )


DERIVED_NOTE = (
    "Beregnede verdier (rater regnet ut fra teller og nevner) er ikke med i noen eksport; "
    "de regnes ut på nytt fra verdiene som er med."
)
NOT_AVAILABLE_NOTE = "Ikke tilgjengelig: %(reason)s"


class ExportRefused(ValueError):
    """The export cannot be made as asked; the message says why."""


# A plain export row, read with values_list (model instances cost ~60 s at national size).
MUNICIPALITY, MUNICIPALITY_NAME, PERIOD, PERIOD_KIND, PERIOD_START = range(5)
INDICATOR, OPTION, VALUE, DATE_VALUE, NOT_AVAILABLE, REASON, COMMENT = range(5, 12)
ROW_FIELDS = (
    "report__participation__municipality__code",
    "report__participation__municipality__name",
    "report__period_id",
    "report__period__kind",
    "report__period__start",
    "indicator_id",
    "option_id",
    "value",
    "date_value",
    "not_available",
    "not_available_reason",
    "comment",
)


class _Rows:
    """The values of an export as plain tuples (ROW_FIELDS), derived values left out, with
    the few catalogue rows they point at: one query for the values whatever the number of
    municipalities, one each for indicators and options, periods from the values' join."""

    def __init__(self, values: QuerySet[ReportValue], *, chunk_size: int | None = None):
        self.indicators: dict[int, Indicator] = Indicator.objects.in_bulk()
        self.options: dict[int, DimensionOption] = DimensionOption.objects.in_bulk()
        self.derived = {pk for pk, i in self.indicators.items() if i.is_derived}
        self.periods: dict[int, ReportingPeriod] = {}
        self._values = values
        self._chunk_size = chunk_size

    def __iter__(self) -> Iterator[tuple]:
        rows = self._values.values_list(*ROW_FIELDS)
        derived = self.derived
        periods = self.periods
        for row in rows.iterator(self._chunk_size) if self._chunk_size else rows:
            if row[INDICATOR] in derived:
                continue
            if row[PERIOD] not in periods:
                periods[row[PERIOD]] = ReportingPeriod(
                    pk=row[PERIOD], kind=row[PERIOD_KIND], start=row[PERIOD_START]
                )
            yield row

    def period(self, row: tuple) -> ReportingPeriod:
        return self.periods[row[PERIOD]]


def _value_text(row: tuple) -> str:
    if row[NOT_AVAILABLE]:
        return ""
    if row[DATE_VALUE]:
        return row[DATE_VALUE].isoformat()
    if row[VALUE] is None:
        return ""
    return format(row[VALUE].normalize(), "f")


def _long_rows(rows: _Rows) -> Iterator[list[str]]:
    indicators, options = rows.indicators, rows.options
    period_codes: dict[int, str] = {}
    for row in rows:
        period = row[PERIOD]
        if period not in period_codes:
            period_codes[period] = rows.period(row).code
        yield [
            row[MUNICIPALITY],
            period_codes[period],
            indicators[row[INDICATOR]].code,
            options[row[OPTION]].code if row[OPTION] else "",
            _value_text(row),
            safe_text(row[COMMENT]),
            safe_text(row[REASON]) if row[NOT_AVAILABLE] else "",
        ]


def long_rows(values: QuerySet[ReportValue]) -> list[list[str]]:
    return list(_long_rows(_Rows(values)))


def to_csv(values: QuerySet[ReportValue]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_long_rows(_Rows(values)))
    return buffer.getvalue()


def csv_chunks(values: QuerySet[ReportValue], *, rows_per_chunk: int = 5000) -> Iterator[str]:
    """The CSV of to_csv in pieces, for a streamed response: the values are read through a
    cursor a chunk at a time, so memory stays bounded whatever the size of the export."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for n, row in enumerate(_long_rows(_Rows(values, chunk_size=rows_per_chunk)), start=1):
        writer.writerow(row)
        if n % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def to_excel_long(values: QuerySet[ReportValue]) -> bytes:
    from openpyxl import Workbook

    # Write-only: rows go straight to the file instead of being kept as cell objects
    # (a national export is ~300 000 rows; the same cells, in a third of the time).
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Verdier")
    sheet.append(COLUMNS)
    for row in _long_rows(_Rows(values)):
        sheet.append(_sheet_row(row))
    about = workbook.create_sheet(_("Om eksporten"))
    for note in (
        _(DERIVED_NOTE),
        _("Datoer står som tekst i formatet åååå-mm-dd."),
        _("Ikke tilgjengelig: tom verdi og begrunnelsen i kolonnen «ikke_tilgjengelig»."),
    ):
        about.append(_sheet_row([note]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_jsonstat(values: QuerySet[ReportValue], *, programme) -> dict:
    """A JSON-stat 2.0 dataset (kommune × periode × indikator × kategori), sparse values.

    Written by hand rather than with pyjstat: pyjstat needs a complete cube in a pandas
    frame and has no place for "not available" (JSON-stat `status`) or per-indicator units.
    """
    municipalities, periods, indicators, categories, value, status = _jsonstat_cube(_Rows(values))
    ids = ["kommune", "periode", "indikator", "kategori"]
    dims = [municipalities, periods, {c: i.name for c, i in indicators.items()}, categories]
    index = [{code: n for n, code in enumerate(d)} for d in dims]
    size = [len(d) for d in dims]
    unit = {
        code: {"label": i.get_unit_display(), "decimals": 0 if i.whole_number else 1}
        for code, i in indicators.items()
    }
    return {
        "version": "2.0",
        "class": "dataset",
        "label": _("Rapporterte verdier – %(programme)s") % {"programme": programme.name},
        "source": "Boligsosial",
        "updated": timezone.now().replace(microsecond=0).isoformat(),
        "note": [
            _(DERIVED_NOTE),
            _("Datoer står som tekst i formatet åååå-mm-dd."),
            _("Status «na»: ikke tilgjengelig (verdien er null)."),
        ],
        "id": ids,
        "size": size,
        "role": {"geo": ["kommune"], "time": ["periode"], "metric": ["indikator"]},
        "dimension": {
            "kommune": {
                "label": _("Kommune"),
                "category": {"index": index[0], "label": municipalities},
            },
            "periode": {"label": _("Periode"), "category": {"index": index[1], "label": periods}},
            "indikator": {
                "label": _("Indikator"),
                "category": {"index": index[2], "label": dims[2], "unit": unit},
            },
            "kategori": {
                "label": _("Kategori"),
                "category": {"index": index[3], "label": categories},
            },
        },
        "value": value,
        "status": status,
        "extension": {"status": {"na": _("ikke tilgjengelig")}},
    }


def _jsonstat_cube(source: _Rows) -> tuple:
    """The JSON-stat dimensions (codes in order of first appearance, with their labels) and
    the sparse values and statuses keyed by flat position; codes are looked up once per
    distinct id, not once per value."""
    rows = list(source)
    options = source.options
    municipalities: dict[str, str] = {}
    periods: dict[str, str] = {}
    indicators: dict[str, Indicator] = {}
    categories: dict[str, str] = {"total": _("I alt")}
    period_code: dict[int, str] = {}
    indicator_code: dict[int, str] = {}
    option_code: dict[int | None, str] = {None: "total"}
    for row in rows:
        municipalities.setdefault(row[MUNICIPALITY], row[MUNICIPALITY_NAME])
        if row[PERIOD] not in period_code:
            period = source.period(row)
            period_code[row[PERIOD]] = period.code
            periods.setdefault(period.code, period.label)
        if row[INDICATOR] not in indicator_code:
            indicator = source.indicators[row[INDICATOR]]
            indicator_code[row[INDICATOR]] = indicator.code
            indicators.setdefault(indicator.code, indicator)
        if row[OPTION] and row[OPTION] not in option_code:
            option = options[row[OPTION]]
            option_code[row[OPTION]] = option.code
            categories.setdefault(option.code, str(option))
    # The flat position of a value (row-major over the four dimensions) as a sum of offsets.
    index = [{code: n for n, code in enumerate(d)} for d in (periods, indicators, categories)]
    n_indicators, n_categories = len(indicators), len(categories)
    municipality_offset = {
        code: n * len(periods) * n_indicators * n_categories
        for n, code in enumerate(municipalities)
    }
    period_offset = {
        pk: index[0][code] * n_indicators * n_categories for pk, code in period_code.items()
    }
    indicator_offset = {pk: index[1][code] * n_categories for pk, code in indicator_code.items()}
    option_offset = {pk: index[2][code] for pk, code in option_code.items()}
    value: dict[str, float | str | None] = {}
    status: dict[str, str] = {}
    for row in rows:
        flat = str(
            municipality_offset[row[MUNICIPALITY]]
            + period_offset[row[PERIOD]]
            + indicator_offset[row[INDICATOR]]
            + option_offset[row[OPTION]]
        )
        if row[NOT_AVAILABLE]:
            value[flat] = None
            status[flat] = "na"
        elif row[DATE_VALUE] is not None:
            value[flat] = row[DATE_VALUE].isoformat()
        elif row[VALUE] is not None:
            value[flat] = float(row[VALUE])
    return municipalities, periods, indicators, categories, value, status


def to_dhis2(
    values: QuerySet[ReportValue], *, uids: dict[str, dict[str, str]] | None = None
) -> dict:
    """DHIS2 dataValueSet JSON. Periods are DHIS2's six-monthly (2010S1) or yearly (2010); a
    category is the option code. Without `uids` data elements are indicator codes and org
    units kommunenummer (`idScheme` CODE); with the administrator's identifier table they
    are UIDs (`dataElementIdScheme`/`orgUnitIdScheme` UID), and a code the table lacks
    refuses the export, naming it."""
    source = _Rows(values)
    indicators, options = source.indicators, source.options
    period_codes: dict[int, str] = {}
    not_available_note = _(NOT_AVAILABLE_NOTE)
    data_values = []
    missing: dict[str, set[str]] = {"dataElement": set(), "orgUnit": set()}
    for row in source:
        if row[VALUE] is None and row[DATE_VALUE] is None and not row[NOT_AVAILABLE]:
            continue
        element = indicators[row[INDICATOR]].code
        org_unit = row[MUNICIPALITY]
        if uids is not None:
            element, org_unit = (
                _uid(uids, missing, "dataElement", element),
                _uid(uids, missing, "orgUnit", org_unit),
            )
        if row[PERIOD] not in period_codes:
            period_codes[row[PERIOD]] = source.period(row).code
        item = {
            "dataElement": element,
            "period": period_codes[row[PERIOD]],
            "orgUnit": org_unit,
            "categoryOptionCombo": options[row[OPTION]].code if row[OPTION] else "default",
        }
        if row[NOT_AVAILABLE]:
            item["comment"] = not_available_note % {"reason": row[REASON]}
        else:
            item["value"] = _value_text(row)
            if row[COMMENT]:
                item["comment"] = row[COMMENT]
        data_values.append(item)
    if missing["dataElement"] or missing["orgUnit"]:
        raise ExportRefused(_missing_message(missing))
    if uids is None:
        return {"idScheme": "CODE", "dataValues": data_values}
    return {
        "dataElementIdScheme": "UID",
        "orgUnitIdScheme": "UID",
        "categoryOptionComboIdScheme": "CODE",
        "dataValues": data_values,
    }


def _uid(uids: dict, missing: dict, kind: str, code: str) -> str:
    uid = uids.get(kind, {}).get(code)
    if uid is None:
        missing[kind].add(code)
        return code
    return uid


def _missing_message(missing: dict[str, set[str]]) -> str:
    parts = []
    if missing["dataElement"]:
        parts.append(
            _("indikatorene %(codes)s") % {"codes": ", ".join(sorted(missing["dataElement"])[:20])}
        )
    if missing["orgUnit"]:
        parts.append(
            _("kommunene %(codes)s") % {"codes": ", ".join(sorted(missing["orgUnit"])[:20])}
        )
    return _(
        "DHIS2-eksporten med UID-er kan ikke lages: koblingstabellen mangler UID for %(what)s. "
        "Last opp en koblingstabell som har dem, eller eksporter med koder."
    ) % {"what": _(" og ").join(parts)}
