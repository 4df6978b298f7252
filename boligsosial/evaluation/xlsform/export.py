"""XLSForm export: a questionnaire as its spec, and the spec as an .xlsx workbook.

A questionnaire made in Boligsosial is written in plain XLSForm columns. One that was
imported is written from its stored form definition: each element's own row (with what was
changed in Boligsosial written over it), the choices, settings and other sheets as they
came, so the export gives back the form that was imported.
"""

import io

from openpyxl import Workbook

from boligsosial.evaluation.models import QuestionKind, Questionnaire
from boligsosial.evaluation.preload import SCALE_LIST, YES_NO_PARTLY_LIST
from boligsosial.evaluation.xlsform.common import (
    COMMENT_SUFFIX,
    GROUP_FIELDS,
    KIND_TO_TYPE,
    QUESTION_FIELDS,
    TRANSLATABLE,
    column_base,
    snapshot,
)

GENERATED = "generated"
TEXT_FIELDS = {"label", "hint", "constraint_message", "required_message", "translations"}
FIELD_COLUMNS = {
    "required": "required",
    "relevant": "relevant",
    "constraint": "constraint",
    "calculation": "calculation",
    "appearance": "appearance",
    "choice_filter": "choice_filter",
}
SURVEY_HEADER = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "required_message",
    "relevant",
    "constraint",
    "constraint_message",
    "calculation",
    "appearance",
    "choice_filter",
]


def _translations(obj) -> dict:
    return obj.translations or {}


def _question_spec(question) -> dict:
    return {
        "type": "question",
        **{
            field: getattr(question, field)
            for field in QUESTION_FIELDS
            if field not in ("translations",)
        },
        "translations": _translations(question),
        "choices": [
            {
                "value": c.value,
                "label": c.label,
                "translations": _translations(c),
                "xlsform": c.xlsform or {},
            }
            for c in question.choices.all()
        ],
        "xlsform": question.xlsform or {},
    }


def _section_spec(section) -> dict:
    return {
        "type": "group",
        "name": section.name,
        "label": section.title,
        "hint": section.hint,
        "relevant": section.relevant,
        "translations": _translations(section),
        "repeat": section.repeat,
        "appearance": section.appearance,
        "items": [],
        "xlsform": section.xlsform or {},
    }


def spec_from_questionnaire(questionnaire: Questionnaire) -> dict:
    """The questionnaire as the spec `services.questionnaire_create_from_spec` builds from."""
    sections = {s.pk: s for s in questionnaire.sections.all()}
    specs = {pk: _section_spec(s) for pk, s in sections.items()}
    entries: list[tuple[int, int | None, dict]] = [
        (s.order, s.parent_id, specs[pk]) for pk, s in sections.items()
    ] + [
        (q.order, q.section_id, _question_spec(q))
        for q in questionnaire.questions.prefetch_related("choices")
    ]
    items: list[dict] = []
    for _order, parent_id, spec in sorted(entries, key=lambda entry: entry[0]):
        (specs[parent_id]["items"] if parent_id in specs else items).append(spec)
    return {
        "title": questionnaire.title,
        "form_id": questionnaire.form_id,
        "version": questionnaire.form_version,
        "default_language": questionnaire.default_language,
        "items": items,
        "xlsform": questionnaire.xlsform or {},
    }


def _languages(spec: dict) -> list[str]:
    found: list[str] = []

    def visit(obj):
        for language in obj.get("translations", {}):
            if language not in found:
                found.append(language)
        for child in obj.get("items", []) + obj.get("choices", []):
            visit(child)

    for item in spec["items"]:
        visit(item)
    return found


def _list_name(question: dict) -> str:
    if question["kind"] == QuestionKind.YES_NO_PARTLY:
        return YES_NO_PARTLY_LIST
    if question["kind"] == QuestionKind.SCALE:
        return SCALE_LIST
    return question["choice_list"] or question["name"]


def _type(item: dict) -> str:
    kind = item["kind"]
    if kind in KIND_TO_TYPE:
        return KIND_TO_TYPE[kind]
    if kind == QuestionKind.STORED:
        stored = str(item["xlsform"].get("type") or "text")
        return f"{stored} {item['choice_list']}" if item["choice_list"] else stored
    select = "select_multiple" if kind == QuestionKind.MULTIPLE else "select_one"
    return f"{select} {_list_name(item)}" + (" or_other" if item.get("or_other") else "")


def _text_columns(item: dict) -> dict:
    """label, hint and the messages in every language, main language as stored."""
    languages = item.get("xlsform", {}).get("languages", {})
    out = {}
    for field in TRANSLATABLE:
        if item.get(field):
            main = languages.get(field)
            out[f"{field}::{main}" if main else field] = item[field]
        for language, texts in item.get("translations", {}).items():
            if texts.get(field):
                out[f"{field}::{language}"] = texts[field]
    return out


def _canonical_row(item: dict) -> dict:
    row = {"type": _type(item), "name": item["name"], **_text_columns(item)}
    row["required"] = "yes" if item.get("required") else ""
    for field in ("relevant", "constraint", "calculation", "appearance", "choice_filter"):
        row[field] = item.get(field, "")
    return row


def _without(row: dict, bases: set[str]) -> dict:
    return {c: v for c, v in row.items() if column_base(c) not in bases}


def _row_with_changes(item: dict, row: dict, begin: str = "") -> dict:
    """The stored row, with what was changed in Boligsosial since the import written over it."""
    imported = item["xlsform"].get("imported") or {}
    current = snapshot(item)
    fields = GROUP_FIELDS if item["type"] == "group" else QUESTION_FIELDS
    changed = {f for f in fields if current.get(f) != imported.get(f)}
    row = dict(row)
    if changed & TEXT_FIELDS:
        row = {**_without(row, set(TRANSLATABLE)), **_text_columns(item)}
    if "name" in changed:
        row = {**_without(row, {"name"}), "name": item["name"]}
    if changed & {"kind", "choice_list", "or_other", "repeat"}:
        row = {**_without(row, {"type"}), "type": begin or _type(item)}
    for field in changed & set(FIELD_COLUMNS):
        value = item[field]
        if field == "required":
            value = "yes" if value else ""
        row = {**_without(row, {field}), FIELD_COLUMNS[field]: value}
    return row


class _Writer:
    """Collects the survey and choices rows; then writes every sheet as text cells."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.stored = spec.get("xlsform") or {}
        self.survey: list[dict] = []
        self.questions: list[dict] = []

    def item(self, item: dict) -> None:
        if GENERATED in item.get("xlsform", {}):
            return
        if item["type"] == "group":
            self.group(item)
        else:
            self.question(item)

    def question(self, item: dict) -> None:
        self.questions.append(item)
        stored = item["xlsform"].get("row")
        self.survey.append(
            _row_with_changes(item, stored) if stored is not None else _canonical_row(item)
        )
        if item["kind"] == QuestionKind.YES_NO_PARTLY:
            comment = item["xlsform"].get("comment_row")
            self.survey.append(
                comment
                or {
                    "type": "text",
                    "name": item["name"] + COMMENT_SUFFIX,
                    "label": "Kommentar",
                    **{
                        f"label::{lang}": "Comment"
                        for lang in item.get("translations", {})
                        if lang.lower().startswith("english")
                    },
                }
            )

    def group(self, item: dict) -> None:
        word = "repeat" if item.get("repeat") else "group"
        begin = f"begin {word}"
        stored = item["xlsform"].get("row")
        if stored is not None:
            self.survey.append(_row_with_changes(item, stored, begin))
        else:
            row = {"type": begin, "name": item["name"], **_text_columns(item)}
            row.update(relevant=item.get("relevant", ""), appearance=item.get("appearance", ""))
            self.survey.append(row)
        for child in item["items"]:
            self.item(child)
        end = item["xlsform"].get("end_row")
        changed = snapshot(item).get("repeat") != (item["xlsform"].get("imported") or {}).get(
            "repeat"
        )
        self.survey.append(end if end is not None and not changed else {"type": f"end {word}"})

    def choice_rows(self) -> list[dict]:
        """The lists in their stored order (unchanged ones as stored), then new ones."""
        first: dict[str, dict] = {}
        for question in self.questions:
            if question["choices"] and question["kind"] != QuestionKind.STORED:
                first.setdefault(_list_name(question), question)
            elif question["choices"]:
                first.setdefault(question["choice_list"], question)
        stored_sheet = self.stored.get("sheets", {}).get("choices") or {"header": [], "rows": []}
        list_column = next(
            (c for c in stored_sheet["header"] if column_base(c) == "list_name"), "list_name"
        )
        stored_lists: dict[str, list[dict]] = {}
        for row in stored_sheet["rows"]:
            stored_lists.setdefault(row.get(list_column, "").strip(), []).append(row)
        rows: list[dict] = []
        for name, list_rows in stored_lists.items():
            user = first.pop(name) if name in first else None
            if user is None or _choices_unchanged(user):
                rows += list_rows
            else:
                rows += _list_rows(name, user, list_column)
        for name, question in first.items():
            rows += _list_rows(name, question, list_column)
        return rows


def _choices_unchanged(question: dict) -> bool:
    imported = question["xlsform"].get("imported")
    return imported is not None and snapshot(question)["choices"] == imported.get("choices")


def _list_rows(name: str, question: dict, list_column: str) -> list[dict]:
    rows = []
    for choice in question["choices"]:
        stored = choice.get("xlsform") or {}
        if GENERATED in stored:
            continue
        extra = _without(stored.get("row") or {}, {"list_name", "name", "label"})
        texts = _text_columns(
            {"label": choice["label"], "translations": choice["translations"], "xlsform": stored}
        )
        rows.append({list_column: name, "name": choice["value"], **texts, **extra})
    return rows


def _settings_row(spec: dict) -> tuple[str, list[str], dict]:
    stored = (spec.get("xlsform") or {}).get("sheets", {}).get("settings")
    current = {"form_title": spec["title"], "form_id": spec["form_id"], "version": spec["version"]}
    if stored is None:
        current["default_language"] = spec["default_language"]
        return "settings", list(current), current
    row = dict(stored["rows"][0]) if stored["rows"] else {}
    imported = (spec.get("xlsform") or {}).get("imported", {})
    for field, value in current.items():
        key = "title" if field == "form_title" else field
        if imported.get(key) != value and value:
            row = {**_without(row, {field}), field: value}
    return stored["name"], stored["header"], row


def _header(start: list[str], rows: list[dict]) -> list[str]:
    header = [h for h in start]
    seen = set(header)
    for row in rows:
        for column in row:
            if column not in seen:
                seen.add(column)
                header.append(column)
    return header


def _write_sheet(workbook: Workbook, title: str, header: list[str], rows: list[dict]) -> None:
    sheet = workbook.create_sheet(title)
    header = _header(header, rows)
    sheet.append(header)
    for number, row in enumerate(rows, start=2):
        for column, name in enumerate(header, start=1):
            value = row.get(name, "")
            if value != "":
                cell = sheet.cell(row=number, column=column)
                cell.value = str(value)
                cell.data_type = "s"  # text, never a formula


def export_xlsform(questionnaire: Questionnaire) -> bytes:
    spec = spec_from_questionnaire(questionnaire)
    writer = _Writer(spec)
    for item in spec["items"]:
        writer.item(item)
    stored = spec["xlsform"]
    sheets = stored.get("sheets", {})
    workbook = Workbook()
    workbook.remove(workbook.active)
    languages = _languages(spec)
    default_header = SURVEY_HEADER[:3] + [f"label::{lang}" for lang in languages]
    _write_sheet(
        workbook,
        "survey",  # a lone sheet of another name is read as the survey; here it is not alone
        stored.get("survey_header") or default_header,
        writer.survey,
    )
    choices = sheets.get("choices") or {"name": "choices", "header": []}
    _write_sheet(workbook, choices["name"], choices["header"], writer.choice_rows())
    name, header, row = _settings_row(spec)
    _write_sheet(workbook, name, header, [row])
    for key, sheet in sheets.items():
        if key not in ("choices", "settings"):
            _write_sheet(workbook, sheet["name"], sheet["header"], sheet["rows"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
