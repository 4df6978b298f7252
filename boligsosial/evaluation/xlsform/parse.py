"""XLSForm import: the workbook, within bounds, through pyxform (the reference converter).

pyxform reads the form, so every spelling it accepts is accepted (`label:english`, `list
name`, `select one from yes_or_no`, upper-case headers …). Its result is mapped onto the
questionnaire model by `read.py`; the workbook's rows are kept alongside as the stored form
definition, so an imported form exports as it came. What pyxform refuses is refused with
the reason in Norwegian.
"""

import io
import logging
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from boligsosial.core.uploads import check_size, check_zip_archive
from boligsosial.evaluation.xlsform.common import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSFORM_BYTES,
    MAX_XLSFORM_UNPACKED,
    XLSFormRefused,
)
from boligsosial.evaluation.xlsform.read import spec_from_pyxform

logger = logging.getLogger(__name__)


def _open_workbook(content: bytes):
    """The workbook, after the size and unpacked-size bounds, or XLSFormRefused."""
    not_excel = _("Filen er ikke en Excel-fil (.xlsx). Last opp et XLSForm-skjema.")
    if not content.startswith(b"PK"):
        raise XLSFormRefused([not_excel])
    try:
        check_size(content, what=_("XLSForm-filen"), limit=MAX_XLSFORM_BYTES)
        check_zip_archive(content, what=_("XLSForm-filen"), max_total=MAX_XLSFORM_UNPACKED)
    except ValidationError as error:
        raise XLSFormRefused(error.messages) from None
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises several kinds for non-xlsx input
        raise XLSFormRefused([not_excel]) from None


def _check_rows(name: str, sheet) -> None:
    """At most MAX_ROWS filled rows; like pyxform, a run of empty rows ends the sheet."""
    filled = empty_run = 0
    for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
        if any(v is not None and str(v).strip() for v in values):
            filled += 1
            empty_run = 0
        else:
            empty_run += 1
            if empty_run > EMPTY_ROWS_END:
                return
        if filled > MAX_ROWS + 1:
            raise XLSFormRefused(
                [
                    _("Arket «%(sheet)s» har mer enn %(max)s rader.")
                    % {"sheet": name, "max": MAX_ROWS}
                ]
            )


def _check_bounds(content: bytes) -> None:
    """Every sheet readable and within the row bound, before pyxform reads it whole."""
    workbook = _open_workbook(content)
    try:
        for name in workbook.sheetnames:
            _check_rows(name, workbook[name])
    except XLSFormRefused:
        raise
    except Exception:  # a damaged sheet inside a valid archive
        raise XLSFormRefused(
            [_("Filen kan ikke leses som Excel-fil (et av arkene er skadet).")]
        ) from None
    finally:
        workbook.close()


EMPTY_ROWS_END = 60  # pyxform stops reading a sheet after this many empty rows

# pyxform's refusals, in Norwegian. The English text follows in quotes for the details.
REASONS = [
    (
        re.compile(r"Duplicate column header: (?P<x>.+)", re.I),
        gettext_lazy("Kolonneoverskriften «%(x)s» står mer enn én gang i samme ark."),
    ),
    (
        re.compile(r"This section has not been included", re.I),
        gettext_lazy(
            "Skjemaet bruker «include» (å ta inn andre skjemaer), som XLSForm ikke lenger "
            "støtter. Sett spørsmålene inn i skjemaet selv."
        ),
    ),
    (
        re.compile(r"Unknown question type '(?P<x>[^']*)'", re.I),
        gettext_lazy("Spørsmålstypen «%(x)s» finnes ikke i XLSForm."),
    ),
    (
        re.compile(r"List name not in choices sheet: (?P<x>\S+)", re.I),
        gettext_lazy("Svarlisten «%(x)s» finnes ikke i arket choices."),
    ),
    (
        re.compile(r"Unmatched '?begin", re.I),
        gettext_lazy("En gruppe eller gjentakelse mangler sin «end»-rad."),
    ),
    (
        re.compile(r"Unmatched '?end", re.I),
        gettext_lazy("En «end group» eller «end repeat» har ingen «begin»-rad."),
    ),
    (
        re.compile(r"survey.*sheet.*(missing|not found)|must have a 'survey'", re.I),
        gettext_lazy("Skjemaet mangler arket «survey»."),
    ),
    (
        re.compile(r"Invalid question name|Names must begin", re.I),
        gettext_lazy(
            "Et navn i kolonnen name er ikke gyldig (bokstav eller _ først, ingen mellomrom)."
        ),
    ),
    (
        re.compile(r"'name' value '(?P<x>[^']*)' is invalid. Questions, groups", re.I),
        gettext_lazy("Navnet «%(x)s» er brukt mer enn én gang i samme gruppe."),
    ),
    (
        re.compile(
            r"the '(?P<col>[a-z_]+)' value is invalid.*Could not find the name '(?P<x>[^']*)'",
            re.I | re.S,
        ),
        gettext_lazy("Kolonnen %(col)s viser til «%(x)s», som ikke er et navn i arket survey."),
    ),
    (
        re.compile(r"There should be a choices sheet", re.I),
        gettext_lazy(
            "Skjemaet har select-spørsmål, men mangler arket «choices» med kolonnene "
            "list_name, name og label."
        ),
    ),
    (
        re.compile(r"no name|Question or group with no name", re.I),
        gettext_lazy("En rad mangler navn i kolonnen name."),
    ),
]


def norwegian_reason(message: str) -> str:
    """pyxform's refusal as a Norwegian sentence naming the row where pyxform does."""
    row = re.search(r"\[row *: *(\d+)\]", message, re.I)
    where = (_("Rad %(row)s i arket survey: ") % {"row": row.group(1)}) if row else ""
    for pattern, text in REASONS:
        found = pattern.search(message)
        if found:
            values = found.groupdict()
            sentence = text % {k: v.strip()[:100] for k, v in values.items()} if values else text
            return where + sentence
    return where + _("XLSForm-omformeren (pyxform) godtar ikke skjemaet: «%(e)s»") % {
        "e": " ".join(message.split())[:500]
    }


def _convert(content: bytes) -> dict:
    from pyxform.xls2xform import convert

    try:
        result = convert(xlsform=content, file_type=".xlsx", validate=False, warnings=[])
    except Exception as error:  # PyXFormError, and plain exceptions for malformed sheets
        raise XLSFormRefused([norwegian_reason(str(error))]) from None
    return result._pyxform


def _raw_sheets(content: bytes) -> dict:
    """The workbook as pyxform reads it: {sheet key: {"name", "header", "rows"}}."""
    from pyxform.xls2json_backends import xlsx_to_dict

    raw = xlsx_to_dict(io.BytesIO(content))
    names = {name.lower(): name for name in raw.get("sheet_names", [])}
    sheets = {}
    for key, rows in raw.items():
        if key == "sheet_names" or key.endswith("_header"):
            continue
        headers = raw.get(f"{key}_header") or [{}]
        sheets[key.strip()] = {
            "name": names.get(key, key)
            if len(names) > 1 or key != "survey"
            else next(iter(names.values()), key),
            "header": [str(h) for h in headers[0]],
            "rows": [{str(k): str(v) for k, v in row.items()} for row in rows if row],
        }
    return sheets


def parse_xlsform(content: bytes) -> dict:
    """Read an XLSForm into a spec with its warnings, or raise XLSFormRefused."""
    _check_bounds(content)
    survey = _convert(content)
    try:
        sheets = _raw_sheets(content)
    except Exception:  # pyxform read it a moment ago; a second read failing is a damaged file
        raise XLSFormRefused(
            [_("Filen kan ikke leses som Excel-fil (et av arkene er skadet).")]
        ) from None
    try:
        return spec_from_pyxform(survey, sheets)
    except Exception:  # a shape of pyxform's reading not foreseen here: refuse, never a 500
        logger.exception("XLSForm: pyxform's reading could not be mapped")
        raise XLSFormRefused(
            [
                _(
                    "Skjemaet er gyldig XLSForm, men Boligsosial klarte ikke å lese det inn. "
                    "Feilen er logget; send gjerne skjemaet til brukerstøtte."
                )
            ]
        ) from None
