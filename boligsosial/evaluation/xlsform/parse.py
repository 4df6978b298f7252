"""XLSForm import: the workbook, within bounds, into a spec; every problem named by row."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from boligsosial.core.spreadsheet import FORMULA_TRIGGERS
from boligsosial.core.uploads import check_size, check_zip_archive
from boligsosial.evaluation import conditions
from boligsosial.evaluation.models import QuestionKind
from boligsosial.evaluation.preload import SCALE_LIST, YES_NO_PARTLY_LIST
from boligsosial.evaluation.xlsform.common import (
    CHOICES_COLUMNS,
    COMMENT_SUFFIX,
    FALSE_VALUES,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSFORM_BYTES,
    MAX_XLSFORM_UNPACKED,
    PLAIN_TYPES,
    SETTINGS_COLUMNS,
    SURVEY_COLUMNS,
    TRANSLATABLE,
    TRUE_VALUES,
    XLSFormRefused,
)

# Import ------------------------------------------------------------------------------------


def _sheet_rows(sheet) -> tuple[list[str], list[tuple[int, dict]]]:
    rows = []
    for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
        rows.append(values)
        if len(rows) > MAX_ROWS + 1:
            raise XLSFormRefused(
                [
                    _("Arket «%(sheet)s» har mer enn %(max)s rader.")
                    % {"sheet": sheet.title, "max": MAX_ROWS}
                ]
            )
    if not rows:
        return [], []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    out = []
    for number, values in enumerate(rows[1:], start=2):
        record = {}
        for column, value in zip(header, values, strict=False):  # trailing empty cells
            if column and value is not None and str(value).strip() != "":
                record[column] = _cell_text(value)
        if record:
            out.append((number, record))
    return header, out


def _cell_text(value) -> str:
    """A cell as text; `'=…` (how exports keep formula-like text inert) reads back as `=…`."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def _split_column(column: str) -> tuple[str, str | None]:
    if "::" in column:
        base, language = column.split("::", 1)
        return base.strip().lower(), language.strip()
    return column.strip().lower(), None


def _texts(record: dict, default_language: str) -> tuple[dict, dict]:
    """(plain texts, translations) from a row's label/hint/constraint_message columns.

    A `label::<default_language>` column counts as the plain label when there is none."""
    plain: dict[str, str] = {}
    in_default: dict[str, str] = {}
    translations: dict[str, dict] = {}
    for column, value in record.items():
        base, language = _split_column(column)
        if base not in TRANSLATABLE:
            continue
        if language is None:
            plain[base] = value
        elif language == default_language:
            in_default[base] = value
        else:
            translations.setdefault(language, {})[base] = value
    for base, value in in_default.items():
        plain.setdefault(base, value)
    return plain, translations


def _check_columns(
    sheet: str, number: int, record: dict, allowed: set[str], errors: list[str]
) -> None:
    for column in record:
        base, language = _split_column(column)
        if base not in allowed or (language and base not in TRANSLATABLE):
            errors.append(
                _("Rad %(row)s i arket %(sheet)s: kolonnen «%(col)s» støttes ikke.")
                % {"row": number, "sheet": sheet, "col": column}
            )


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


def _read_sheets(content: bytes) -> dict[str, list[tuple[int, dict]]]:
    """Every sheet's rows by lower-cased sheet name; a damaged sheet is refused."""
    workbook = _open_workbook(content)
    try:
        return {
            name.strip().lower(): _sheet_rows(workbook[name])[1] for name in workbook.sheetnames
        }
    except XLSFormRefused:
        raise
    except Exception:  # a damaged sheet inside a valid archive
        raise XLSFormRefused(
            [_("Filen kan ikke leses som Excel-fil (et av arkene er skadet).")]
        ) from None
    finally:
        workbook.close()


def _read_settings(sheets: dict, errors: list[str]) -> dict:
    for number, record in sheets.get("settings", [])[:1]:
        _check_columns("settings", number, record, SETTINGS_COLUMNS, errors)
        return record
    return {}


def _read_choices(sheets: dict, default_language: str, errors: list[str]) -> dict[str, list]:
    lists: dict[str, list[dict]] = {}
    for number, record in sheets.get("choices", []):
        _check_columns("choices", number, record, CHOICES_COLUMNS, errors)
        plain, translations = _texts(record, default_language)
        if not record.get("list_name") or not record.get("name"):
            errors.append(
                _("Rad %(row)s i arket choices: list_name og name må fylles ut.") % {"row": number}
            )
            continue
        lists.setdefault(record["list_name"], []).append(
            {
                "value": record["name"],
                "label": plain.get("label", record["name"]),
                "translations": {
                    lang: {"label": t["label"]} for lang, t in translations.items() if "label" in t
                },
            }
        )
    return lists


def _question_kind(type_: str, number: int, lists: dict, errors: list[str]):
    """(kind, list name) for a survey row's type, or None after recording the problem."""
    parts = type_.split()
    if type_ in PLAIN_TYPES:
        return PLAIN_TYPES[type_], ""
    if len(parts) == 2 and parts[0] in ("select_one", "select_multiple"):
        list_name = parts[1]
        kind = QuestionKind.MULTIPLE if parts[0] == "select_multiple" else QuestionKind.SINGLE
        if list_name not in lists:
            errors.append(
                _("Rad %(row)s i arket survey: svarlisten «%(list)s» finnes ikke i arket choices.")
                % {"row": number, "list": list_name}
            )
            return None
        if list_name == SCALE_LIST and kind == QuestionKind.SINGLE:
            kind = QuestionKind.SCALE
        return kind, list_name
    errors.append(
        _(
            "Rad %(row)s i arket survey: spørsmålstypen «%(type)s» støttes ikke. Støttet: text, "
            "integer, decimal, date, note, select_one, select_multiple, begin group, end group."
        )
        % {"row": number, "type": type_ or _("(tom)")}
    )
    return None


def _check_question_row(number: int, record: dict, errors: list[str]) -> str:
    """The row's `required` (lower-cased) after checking it and the row's expressions."""
    required = record.get("required", "").lower()
    if required not in TRUE_VALUES | FALSE_VALUES:
        errors.append(
            _(
                "Rad %(row)s i arket survey: «required» med uttrykk («%(expr)s») støttes ikke; "
                "bruk yes eller no."
            )
            % {"row": number, "expr": record.get("required")}
        )
    for column in ("relevant", "constraint"):
        try:
            conditions.parse(record.get(column, ""))
        except conditions.UnsupportedExpression as error:
            errors.append(
                _("Rad %(row)s i arket survey: %(col)s: %(error)s")
                % {"row": number, "col": column, "error": error}
            )
    return required


def _question(number: int, record: dict, lists: dict, default_language: str, errors: list[str]):
    """A survey row as a question spec, or None after recording why it cannot be one."""
    type_ = " ".join(record.get("type", "").split())
    found = _question_kind(type_, number, lists, errors)
    if found is None:
        return None
    kind, list_name = found
    if not record.get("name"):
        errors.append(_("Rad %(row)s i arket survey: kolonnen name mangler.") % {"row": number})
        return None
    required = _check_question_row(number, record, errors)
    plain, translations = _texts(record, default_language)
    return {
        "type": "question",
        "name": record["name"],
        "kind": kind,
        "label": plain.get("label", ""),
        "hint": plain.get("hint", ""),
        "translations": translations,
        "required": required in TRUE_VALUES,
        "relevant": record.get("relevant", ""),
        "constraint": record.get("constraint", ""),
        "constraint_message": plain.get("constraint_message", ""),
        "choice_list": list_name,
        "choices": [dict(c) for c in lists.get(list_name, [])],
        "_row": number,
    }


def _group(number: int, record: dict, default_language: str) -> dict:
    plain, translations = _texts(record, default_language)
    return {
        "type": "group",
        "name": record.get("name", ""),
        "label": plain.get("label", ""),
        "hint": plain.get("hint", ""),
        "relevant": record.get("relevant", ""),
        "translations": translations,
        "items": [],
        "_row": number,
    }


def _read_survey(rows: list, lists: dict, default_language: str, errors: list[str]) -> list:
    items: list[dict] = []
    group: dict | None = None
    for number, record in rows:
        _check_columns("survey", number, record, SURVEY_COLUMNS, errors)
        type_ = " ".join(record.get("type", "").split())
        base_type = type_.replace("_", " ") if type_.startswith(("begin", "end")) else type_
        if base_type == "begin group":
            if group is not None:
                errors.append(
                    _("Rad %(row)s i arket survey: grupper inne i grupper støttes ikke.")
                    % {"row": number}
                )
                continue
            group = _group(number, record, default_language)
            items.append(group)
        elif base_type == "end group":
            if group is None:
                errors.append(
                    _("Rad %(row)s i arket survey: «end group» uten «begin group».")
                    % {"row": number}
                )
            group = None
        else:
            question = _question(number, record, lists, default_language, errors)
            if question is not None:
                (group["items"] if group is not None else items).append(question)
    if group is not None:
        errors.append(
            _("Rad %(row)s i arket survey: gruppen «%(name)s» mangler «end group».")
            % {"row": group["_row"], "name": group["name"]}
        )
    return items


def _finish_items(items: list[dict]) -> list[dict]:
    items = _merge_comments(items)
    for item in items:
        item.pop("_row", None)
        if item["type"] == "group":
            item["items"] = _merge_comments(item["items"])
            for child in item["items"]:
                child.pop("_row", None)
    return items


def parse_xlsform(content: bytes) -> dict:
    """Read an XLSForm into a spec, or raise XLSFormRefused listing every problem."""
    sheets = _read_sheets(content)
    if "survey" not in sheets:
        raise XLSFormRefused([_("Skjemaet mangler arket «survey».")])
    errors: list[str] = [
        _("Arket «%(sheet)s» støttes ikke (bare survey, choices og settings).") % {"sheet": name}
        for name, rows in sheets.items()
        if name not in {"survey", "choices", "settings"} and rows
    ]
    settings = _read_settings(sheets, errors)
    default_language = settings.get("default_language", "")
    lists = _read_choices(sheets, default_language, errors)
    items = _read_survey(sheets["survey"], lists, default_language, errors)
    errors += _pyxform_errors(content)
    if errors:
        raise XLSFormRefused(errors)
    return {
        "title": settings.get("form_title", settings.get("form_id", _("Importert skjema"))),
        "form_id": settings.get("form_id", "skjema"),
        "version": settings.get("version", ""),
        "default_language": default_language,
        "items": _finish_items(items),
    }


def _merge_comments(items: list[dict]) -> list[dict]:
    """`select_one ja_nei_delvis` + `<name>_kommentar` text → one yes/no/partly question."""
    merged: list[dict] = []
    skip = False
    for index, item in enumerate(items):
        if skip:
            skip = False
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        if (
            item.get("kind") == QuestionKind.SINGLE
            and item["choice_list"] == YES_NO_PARTLY_LIST
            and following
            and following.get("kind") == QuestionKind.TEXT
            and following["name"] == item["name"] + COMMENT_SUFFIX
        ):
            item = {**item, "kind": QuestionKind.YES_NO_PARTLY}
            skip = True
        if item.get("kind") == QuestionKind.SCALE:
            item["choice_list"] = SCALE_LIST
        merged.append(item)
    return merged


def _pyxform_errors(content: bytes) -> list[str]:
    """Check the form with pyxform (names, lists, expressions as XLSForm defines them)."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    try:
        convert(xlsform=content, file_type=".xlsx", validate=False, warnings=[])
    except PyXFormError as error:
        return [_("XLSForm-feil: %(e)s") % {"e": error}]
    except Exception as error:  # pyxform raises plain exceptions for some malformed sheets
        return [_("XLSForm-feil: %(e)s") % {"e": error}]
    return []
