"""What the XLSForm import and export share: supported types and columns, bounds, the refusal."""

from boligsosial.evaluation.models import QuestionKind

COMMENT_SUFFIX = "_kommentar"
PLAIN_TYPES = {
    "text": QuestionKind.TEXT,
    "integer": QuestionKind.INTEGER,
    "decimal": QuestionKind.DECIMAL,
    "date": QuestionKind.DATE,
    "note": QuestionKind.NOTE,
}
KIND_TO_TYPE = {v: k for k, v in PLAIN_TYPES.items()}
TRANSLATABLE = ("label", "hint", "constraint_message")
SURVEY_COLUMNS = {
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
}
CHOICES_COLUMNS = {"list_name", "name", "label"}
SETTINGS_COLUMNS = {"form_title", "form_id", "version", "default_language"}
MAX_XLSFORM_BYTES = 5 * 1024 * 1024
MAX_XLSFORM_UNPACKED = 50 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 100
TRUE_VALUES = {"yes", "true", "1", "true()"}
FALSE_VALUES = {"", "no", "false", "0", "false()"}


class XLSFormRefused(ValueError):
    """The form cannot be imported; `errors` lists each problem with its row."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors
