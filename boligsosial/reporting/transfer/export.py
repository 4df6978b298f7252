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

from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.core.spreadsheet import safe_text
from boligsosial.reporting import access
from boligsosial.reporting.models import (
    Indicator,
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


def _value_text(row: ReportValue) -> str:
    if row.not_available:
        return ""
    if row.date_value:
        return row.date_value.isoformat()
    if row.value is None:
        return ""
    return format(row.value.normalize(), "f")


def long_rows(values) -> list[list[str]]:
    return [
        [
            row.report.participation.municipality.code,
            row.report.period.code,
            row.indicator.code,
            row.option.code if row.option_id else "",
            _value_text(row),
            safe_text(row.comment),
            safe_text(row.not_available_reason) if row.not_available else "",
        ]
        for row in values
        if not row.indicator.is_derived
    ]


def to_csv(values) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(long_rows(values))
    return buffer.getvalue()


def to_excel_long(values) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Verdier"
    sheet.append(COLUMNS)
    for row in long_rows(values):
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


def to_jsonstat(values, *, programme) -> dict:
    """A JSON-stat 2.0 dataset (kommune × periode × indikator × kategori), sparse values.

    Written by hand rather than with pyjstat: pyjstat needs a complete cube in a pandas
    frame and has no place for "not available" (JSON-stat `status`) or per-indicator units.
    """
    rows = [row for row in values if not row.indicator.is_derived]
    municipalities: dict[str, str] = {}
    periods: dict[str, str] = {}
    indicators: dict[str, Indicator] = {}
    categories: dict[str, str] = {"total": _("I alt")}
    for row in rows:
        municipalities.setdefault(
            row.report.participation.municipality.code, row.report.participation.municipality.name
        )
        periods.setdefault(row.report.period.code, row.report.period.label)
        indicators.setdefault(row.indicator.code, row.indicator)
        if row.option_id:
            categories.setdefault(row.option.code, str(row.option))
    ids = ["kommune", "periode", "indikator", "kategori"]
    dims = [municipalities, periods, {c: i.name for c, i in indicators.items()}, categories]
    index = [{code: n for n, code in enumerate(d)} for d in dims]
    size = [len(d) for d in dims]
    value: dict[str, float | str | None] = {}
    status: dict[str, str] = {}
    for row in rows:
        coords = [
            row.report.participation.municipality.code,
            row.report.period.code,
            row.indicator.code,
            row.option.code if row.option_id else "total",
        ]
        flat = 0
        for position, coord in enumerate(coords):
            flat = flat * size[position] + index[position][coord]
        if row.not_available:
            value[str(flat)] = None
            status[str(flat)] = "na"
        elif row.date_value is not None:
            value[str(flat)] = row.date_value.isoformat()
        elif row.value is not None:
            value[str(flat)] = float(row.value)
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


def to_dhis2(values, *, uids: dict[str, dict[str, str]] | None = None) -> dict:
    """DHIS2 dataValueSet JSON. Periods are DHIS2's six-monthly (2010S1) or yearly (2010); a
    category is the option code. Without `uids` data elements are indicator codes and org
    units kommunenummer (`idScheme` CODE); with the administrator's identifier table they
    are UIDs (`dataElementIdScheme`/`orgUnitIdScheme` UID), and a code the table lacks
    refuses the export, naming it."""
    data_values = []
    missing: dict[str, set[str]] = {"dataElement": set(), "orgUnit": set()}
    for row in values:
        if row.indicator.is_derived or (
            row.value is None and row.date_value is None and not row.not_available
        ):
            continue
        element = row.indicator.code
        org_unit = row.report.participation.municipality.code
        if uids is not None:
            element, org_unit = (
                _uid(uids, missing, "dataElement", element),
                _uid(uids, missing, "orgUnit", org_unit),
            )
        item = {
            "dataElement": element,
            "period": row.report.period.code,
            "orgUnit": org_unit,
            "categoryOptionCombo": row.option.code if row.option_id else "default",
        }
        if row.not_available:
            item["comment"] = _(NOT_AVAILABLE_NOTE) % {"reason": row.not_available_reason}
        else:
            item["value"] = _value_text(row)
            if row.comment:
                item["comment"] = row.comment
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
