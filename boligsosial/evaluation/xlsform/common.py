"""What the XLSForm import and export share: types, columns, bounds, the refusal."""

from boligsosial.evaluation.models import QuestionKind

COMMENT_SUFFIX = "_kommentar"
PLAIN_TYPES = {
    "text": QuestionKind.TEXT,
    "integer": QuestionKind.INTEGER,
    "decimal": QuestionKind.DECIMAL,
    "date": QuestionKind.DATE,
    "note": QuestionKind.NOTE,
    "calculate": QuestionKind.CALCULATE,
}
KIND_TO_TYPE = {v: k for k, v in PLAIN_TYPES.items()}
TRANSLATABLE = ("label", "hint", "constraint_message", "required_message")
MAX_XLSFORM_BYTES = 5 * 1024 * 1024
MAX_XLSFORM_UNPACKED = 50 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 100
TRUE_VALUES = {"yes", "true", "1", "true()"}
FALSE_VALUES = {"", "no", "false", "0", "false()"}

# A column's base name (lower case, before any language) and pyxform's aliases for it.
ALIASES = {
    "value": "name",
    "tag": "name",
    "command": "type",
    "caption": "label",
    "relevance": "relevant",
    "calculate": "calculation",
    "constraining_message": "constraint_message",
    "requiredmsg": "required_message",
    "list name": "list_name",
    "set_form_title": "form_title",
    "set_form_id": "form_id",
}
KNOWN_SURVEY_COLUMNS = {
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
}
KNOWN_CHOICE_COLUMNS = {"list_name", "name", "label"}
KNOWN_SETTINGS_COLUMNS = {"form_title", "form_id", "version", "default_language"}
# What the model holds of an element; the export writes these over the stored row when
# they were changed in Boligsosial after the import.
QUESTION_FIELDS = (
    "name",
    "kind",
    "label",
    "hint",
    "translations",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "required_message",
    "calculation",
    "appearance",
    "choice_filter",
    "or_other",
    "choice_list",
)
GROUP_FIELDS = ("name", "label", "hint", "translations", "relevant", "repeat", "appearance")


def column_base(column: str) -> str:
    """`Label::English (en)` → `label`; `label:english` → `label`; `list name` → `list_name`."""
    base = column.split("::", 1)[0].strip().lower()
    if ":" in base and not base.startswith(("jr:", "orx:", "odk:")):
        base = base.split(":", 1)[0].strip()
    base = ALIASES.get(base, base)
    return ALIASES.get(base.replace(" ", "_"), base.replace(" ", "_"))


def snapshot(item: dict) -> dict:
    """The model's part of a spec item, to tell later whether it was changed."""
    fields = GROUP_FIELDS if item["type"] == "group" else QUESTION_FIELDS
    out = {field: item.get(field) for field in fields}
    if item["type"] != "group":
        out["choices"] = [
            {k: c.get(k) for k in ("value", "label", "translations")}
            for c in item.get("choices", [])
            if "generated" not in c.get("xlsform", {})
        ]
    return out


class XLSFormRefused(ValueError):
    """The form cannot be imported; `errors` lists each problem with its row."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors
