"""pyxform's reading of a form, mapped onto the questionnaire model as a spec.

What the model holds (types, texts in every language, conditions Boligsosial can run,
calculations, appearance, choice filters, or_other, nested groups and repeats) goes into
the spec's fields. Each element also keeps its workbook row (`xlsform["row"]`) and what was
mapped from it (`xlsform["imported"]`), so the export writes the row back unless the
questionnaire was changed in Boligsosial. What Boligsosial cannot run is named in
`spec["warnings"]`, grouped by feature.
"""

import re

from django.utils.translation import gettext as _

from boligsosial.evaluation import conditions
from boligsosial.evaluation.models import QuestionKind
from boligsosial.evaluation.preload import SCALE_LIST, YES_NO_PARTLY_LIST
from boligsosial.evaluation.xlsform.common import (
    COMMENT_SUFFIX,
    FALSE_VALUES,
    KNOWN_CHOICE_COLUMNS,
    KNOWN_SETTINGS_COLUMNS,
    KNOWN_SURVEY_COLUMNS,
    TRUE_VALUES,
    column_base,
    snapshot,
)

TYPE_KINDS = {
    "text": QuestionKind.TEXT,
    "integer": QuestionKind.INTEGER,
    "decimal": QuestionKind.DECIMAL,
    "date": QuestionKind.DATE,
    "note": QuestionKind.NOTE,
    "calculate": QuestionKind.CALCULATE,
    "select one": QuestionKind.SINGLE,
    "select all that apply": QuestionKind.MULTIPLE,
}
GROUP_TYPES = {"group", "repeat", "loop"}
GENERATED = "generated"


class _Rows:
    """The survey sheet's rows, taken in order as pyxform's elements are met."""

    def __init__(self, sheet: dict | None):
        sheet = sheet or {"header": [], "rows": []}
        self.rows: list[dict] = sheet["rows"]
        self.name_column = _column(sheet["header"], ("name", "value", "tag"))
        self.type_column = _column(sheet["header"], ("type", "command"))
        self.position = 0

    def take(self, name: str) -> dict | None:
        for index in range(self.position, len(self.rows)):
            if self.rows[index].get(self.name_column, "").strip() == name:
                self.position = index + 1
                return self.rows[index]
        return None

    def take_end(self) -> dict | None:
        if self.position < len(self.rows):
            row = self.rows[self.position]
            if row.get(self.type_column, "").strip().lower().startswith("end"):
                self.position += 1
                return row
        return None


def _column(header: list[str], bases: tuple[str, ...]) -> str:
    for base in bases:
        for column in header:
            if column_base(column) == base:
                return column
    return bases[0]


def _choice_rows(sheet: dict | None) -> dict[str, list[dict]]:
    if not sheet:
        return {}
    list_column = _column(sheet["header"], ("list_name",))
    lists: dict[str, list[dict]] = {}
    for row in sheet["rows"]:
        lists.setdefault(row.get(list_column, "").strip(), []).append(row)
    return lists


class Reader:
    def __init__(self, survey: dict, sheets: dict):
        self.survey = survey
        self.sheets = sheets
        language = survey.get("default_language") or "default"
        self.default_language = "" if language == "default" else language
        self.rows = _Rows(sheets.get("survey"))
        self.choice_rows = _choice_rows(sheets.get("choices"))
        self.seen: set[str] = set()
        self.names: set[str] = set()
        self.found: dict[str, list[str]] = {}

    def note(self, what: str, name: str) -> None:
        names = self.found.setdefault(what, [])
        if name not in names:
            names.append(name)

    # Texts -------------------------------------------------------------------------------

    def texts(self, sources: dict) -> tuple[dict, dict, dict]:
        """(main texts, translations, main language per text given per language)."""
        plain: dict[str, str] = {}
        translations: dict[str, dict] = {}
        languages: dict[str, str] = {}
        for field, value in sources.items():
            if isinstance(value, dict) and value:
                main = next(
                    (m for m in ("default", self.default_language) if m and m in value),
                    next(iter(value)),
                )
                plain[field] = str(value[main])
                if main != "default":
                    languages[field] = main
                for language, text in value.items():
                    if language != main:
                        translations.setdefault(language, {})[field] = str(text)
            elif value not in (None, ""):
                plain[field] = str(value)
        return plain, translations, languages

    # Conditions --------------------------------------------------------------------------

    def runnable(self, name: str, expression: str, self_name: str | None = None) -> bool:
        try:
            tree = conditions.parse(expression)
        except conditions.UnsupportedExpression:
            return False
        return conditions.references(tree) <= self.seen | ({self_name} if self_name else set())

    def condition(self, name: str, expression: str, what: str, own: bool = False) -> str:
        expression = expression.strip()
        if not expression or self.runnable(name, expression, name if own else None):
            return expression
        self.note(what, name)
        return ""

    def required(self, name: str, value: str) -> bool:
        text = value.strip().lower()
        if text in TRUE_VALUES:
            return True
        if text not in FALSE_VALUES:
            self.note("required", name)
        return False

    # Elements ----------------------------------------------------------------------------

    def unique(self, name: str) -> str:
        candidate, number = name, 1
        while candidate in self.names:
            number += 1
            candidate = f"{name}_{number}"
        if candidate != name:
            self.note("renamed", f"{name} → {candidate}")
        self.names.add(candidate)
        return candidate

    def extra_columns(self, row: dict | None) -> None:
        for column, value in (row or {}).items():
            if value.strip() and column_base(column) not in KNOWN_SURVEY_COLUMNS:
                self.note("columns", column)

    def items(self, children: list[dict]) -> list[dict]:
        items: list[dict] = []
        skip: set[int] = set()
        for index, element in enumerate(children):
            if index in skip:
                continue
            row = self.rows.take(element.get("name", ""))
            if row is None or _made_by_pyxform(element):
                continue  # pyxform made it (metadata, a repeat count …) and makes it again
            if element.get("type") in GROUP_TYPES:
                items.append(self.group(element, row))
                continue
            question = self.question(element, row)
            items.append(question)
            following = children[index + 1] if index + 1 < len(children) else None
            if following and _is_or_other(element, following):
                question["or_other"] = True
                items.append(self.other_text(question, following))
                skip.add(index + 1)
        return items

    def group(self, element: dict, row: dict) -> dict:
        self.extra_columns(row)
        plain, translations, languages = self.texts(
            {"label": element.get("label"), "hint": element.get("hint")}
        )
        name = element["name"]
        control = element.get("control", {})
        if element["type"] == "repeat":
            self.note("repeat", name)
        elif element["type"] == "loop":
            self.note("loop", name)
        if control.get("appearance"):
            self.note("appearance", name)
        relevant = self.condition(name, element.get("bind", {}).get("relevant", ""), "relevant")
        item = {
            "type": "group",
            "name": name,
            "label": plain.get("label", ""),
            "hint": plain.get("hint", ""),
            "relevant": relevant,
            "translations": translations,
            "repeat": element["type"] == "repeat",
            "appearance": str(control.get("appearance", "")),
            "items": self.items(element.get("children", [])),
            "xlsform": {"row": row, "type": element["type"], "languages": languages},
        }
        item["xlsform"]["end_row"] = self.rows.take_end()
        return item

    def question(self, element: dict, row: dict) -> dict:
        self.extra_columns(row)
        type_ = element.get("type", "")
        kind = TYPE_KINDS.get(type_)
        if type_ in ("select one", "select all that apply") and "choices" not in element:
            kind = None  # choices from a file
        name = self.unique(element["name"])
        if kind is None:
            kind = QuestionKind.STORED
            self.note("type:" + type_, name)
        bind = element.get("bind", {})
        plain, translations, languages = self.texts(
            {
                "label": element.get("label"),
                "hint": element.get("hint"),
                "constraint_message": bind.get("jr:constraintMsg"),
                "required_message": bind.get("jr:requiredMsg"),
            }
        )
        item = {
            "type": "question",
            "name": name,
            "kind": kind,
            "label": plain.get("label", ""),
            "hint": plain.get("hint", ""),
            "translations": translations,
            "required": self.required(name, str(bind.get("required", ""))),
            "relevant": self.condition(name, bind.get("relevant", ""), "relevant"),
            "constraint": self.condition(name, bind.get("constraint", ""), "constraint", True),
            "constraint_message": plain.get("constraint_message", ""),
            "required_message": plain.get("required_message", ""),
            "calculation": str(bind.get("calculate", "")),
            "appearance": str(element.get("control", {}).get("appearance", "")),
            "choice_filter": str(element.get("choice_filter", "")),
            "or_other": False,
            "choice_list": str(element.get("list_name") or ""),
            "choices": self.choices(element),
            "xlsform": {"row": row, "type": type_, "languages": languages},
        }
        self.note_unrun(item)
        if kind not in (QuestionKind.NOTE, QuestionKind.CALCULATE, QuestionKind.STORED):
            self.seen.add(name)
        return item

    def note_unrun(self, item: dict) -> None:
        for field in ("calculation", "appearance", "choice_filter"):
            if item[field]:
                self.note(field, item["name"])

    def choices(self, element: dict) -> list[dict]:
        rows = list(self.choice_rows.get(str(element.get("list_name") or ""), []))
        out = []
        for index, choice in enumerate(element.get("choices") or []):
            row = rows[index] if index < len(rows) else None
            plain, translations, languages = self.texts({"label": choice.get("label")})
            value = str(choice.get("name", ""))
            out.append(
                {
                    "value": value,
                    "label": plain.get("label", value),
                    "translations": {
                        lang: {"label": t["label"]} for lang, t in translations.items()
                    },
                    "xlsform": {"row": row, "languages": languages}
                    if row is not None
                    else {GENERATED: "or_other"},
                }
            )
        return out

    def other_text(self, question: dict, element: dict) -> dict:
        """The «specify other» text pyxform adds after an or_other select, as a question."""
        name = self.unique(element["name"])
        plain, translations, _languages = self.texts({"label": element.get("label")})
        self.seen.add(name)
        return {
            **{k: "" for k in ("hint", "constraint", "constraint_message", "required_message")},
            **{k: "" for k in ("calculation", "appearance", "choice_filter", "choice_list")},
            "type": "question",
            "name": name,
            "kind": QuestionKind.TEXT,
            "label": plain.get("label", ""),
            "translations": translations,
            "required": False,
            "relevant": f"selected(${{{question['name']}}}, 'other')",
            "or_other": False,
            "choices": [],
            "xlsform": {GENERATED: "or_other"},
        }

    # The form ----------------------------------------------------------------------------

    def settings(self) -> dict:
        sheet = self.sheets.get("settings") or {"rows": []}
        row = sheet["rows"][0] if sheet["rows"] else {}
        given = {column_base(c): v.strip() for c, v in row.items() if v.strip()}
        for column in given:
            if column not in KNOWN_SETTINGS_COLUMNS:
                self.note("settings", column)
        form_id = ""
        if given.get("form_id") or given.get("set_form_id") or given.get("id_string"):
            given_id = str(self.survey.get("id_string", ""))
            form_id = re.sub(r"[^A-Za-z0-9_-]+", "_", given_id).strip("_")[:100] or "skjema"
            if form_id != given_id:
                self.note("form_id", given_id)
        has_title = any(given.get(c) for c in ("form_title", "set_form_title", "title"))
        return {
            "title": str(self.survey.get("title")) if has_title else _("Importert skjema"),
            "form_id": form_id,
            "version": str(self.survey.get("version", "") or ""),
        }

    def warnings(self) -> list[str]:
        for key, sheet in self.sheets.items():
            if key not in ("survey", "choices", "settings") and sheet["rows"]:
                self.note("sheet", sheet["name"])
        for sheet in (self.sheets.get("choices"),):
            for row in sheet["rows"] if sheet else []:
                for column, value in row.items():
                    if value.strip() and column_base(column) not in KNOWN_CHOICE_COLUMNS:
                        self.note("choice_columns", column)
        return [warning_text(what, names) for what, names in self.found.items()]


def _made_by_pyxform(element: dict) -> bool:
    """Metadata (instanceID …) and the label row of a table-list group."""
    name = str(element.get("name", ""))
    return (name == "meta" and bool(element.get("control", {}).get("bodyless"))) or name.startswith(
        "reserved_name_for_field_list_labels_"
    )


def _is_or_other(element: dict, following: dict) -> bool:
    name = element.get("name", "")
    return (
        element.get("type") in ("select one", "select all that apply")
        and following.get("type") == "text"
        and following.get("name") == f"{name}_other"
        and following.get("bind", {}).get("relevant") == f"selected(../{name}, 'other')"
        and any(c.get("name") == "other" for c in element.get("choices") or [])
    )


def warning_text(what: str, names: list[str]) -> str:
    listed = ", ".join(f"«{n}»" for n in names[:20]) + (" …" if len(names) > 20 else "")
    if what.startswith("type:"):
        return _(
            "Spørsmålstypen «%(type)s» kan ikke besvares i Boligsosial. %(names)s er lagret "
            "og kommer med når skjemaet eksporteres."
        ) % {"type": what[5:], "names": listed}
    texts = {
        "relevant": _(
            "Vises-når-regler (relevant) som Boligsosial ikke kan kjøre, for %(names)s: "
            "spørsmålene vises alltid her; reglene kommer med ved eksport."
        ),
        "constraint": _(
            "Gyldighetsregler (constraint) som Boligsosial ikke kan kjøre, for %(names)s: "
            "svarene sjekkes ikke mot dem her; reglene kommer med ved eksport."
        ),
        "required": _(
            "«required» som uttrykk for %(names)s: svar kreves ikke her; uttrykkene kommer "
            "med ved eksport."
        ),
        "calculation": _(
            "Beregninger (calculation) regnes ikke ut i Boligsosial: %(names)s. De kommer "
            "med ved eksport."
        ),
        "appearance": _(
            "Visningsvalg (appearance) brukes ikke i Boligsosial: %(names)s. De kommer med "
            "ved eksport."
        ),
        "choice_filter": _(
            "Valgfiltre (choice_filter) brukes ikke i Boligsosial; alle svaralternativer vises "
            "for %(names)s. Filtrene kommer med ved eksport."
        ),
        "repeat": _(
            "Gjentakelser (repeat) besvares én gang i Boligsosial: %(names)s. De kommer med "
            "som gjentakelser ved eksport."
        ),
        "loop": _(
            "Løkker (loop) besvares én gang i Boligsosial: %(names)s. De kommer med ved eksport."
        ),
        "columns": _(
            "Kolonnene %(names)s i arket survey brukes ikke i Boligsosial, men kommer med ved "
            "eksport."
        ),
        "choice_columns": _(
            "Kolonnene %(names)s i arket choices brukes ikke i Boligsosial, men kommer med ved "
            "eksport."
        ),
        "settings": _(
            "Innstillingene %(names)s brukes ikke i Boligsosial, men kommer med ved eksport."
        ),
        "sheet": _("Arkene %(names)s brukes ikke i Boligsosial, men kommer med ved eksport."),
        "form_id": _(
            "Skjema-ID-en %(names)s er endret til en gyldig ID i Boligsosial; eksporten "
            "gir den opprinnelige."
        ),
        "renamed": _(
            "Navn som er brukt mer enn én gang i skjemaet har fått et nummer i Boligsosial: "
            "%(names)s. Eksporten gir de opprinnelige navnene."
        ),
    }
    return texts[what] % {"names": listed}


def _finish(items: list[dict]) -> list[dict]:
    """Boligsosial's own conventions (yes/no/partly with comment, scale 1–5); snapshots."""
    merged: list[dict] = []
    skip = False
    for index, item in enumerate(items):
        if skip:
            skip = False
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        if item["type"] == "group":
            item["items"] = _finish(item["items"])
        elif (
            item["kind"] == QuestionKind.SINGLE
            and item["choice_list"] == YES_NO_PARTLY_LIST
            and following
            and following.get("kind") == QuestionKind.TEXT
            and following["name"] == item["name"] + COMMENT_SUFFIX
        ):
            item["kind"] = QuestionKind.YES_NO_PARTLY
            item["xlsform"]["comment_row"] = following["xlsform"].get("row")
            skip = True
        elif item["kind"] == QuestionKind.SINGLE and item["choice_list"] == SCALE_LIST:
            item["kind"] = QuestionKind.SCALE
        item["xlsform"]["imported"] = snapshot(item)
        merged.append(item)
    return merged


def spec_from_pyxform(survey: dict, sheets: dict) -> dict:
    reader = Reader(survey, sheets)
    items = _finish(reader.items(survey.get("children", [])))
    settings = reader.settings()
    spec = {
        **settings,
        "default_language": reader.default_language,
        "items": items,
        "warnings": reader.warnings(),
        "xlsform": {"sheets": {k: v for k, v in sheets.items() if k != "survey"}},
    }
    survey_sheet = sheets.get("survey") or {"name": "survey", "header": []}
    spec["xlsform"]["survey_name"] = survey_sheet["name"]
    spec["xlsform"]["survey_header"] = survey_sheet["header"]
    spec["xlsform"]["imported"] = {k: spec[k] for k in ("title", "form_id", "version")}
    return spec
