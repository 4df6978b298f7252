"""XLSForm import and export (https://xlsform.org).

Import goes through pyxform, the reference converter (parse.py): every form it converts is
imported, every spelling it accepts is accepted, and what it refuses is refused with the
reason in Norwegian. read.py maps its reading onto the questionnaire model — text, integer,
decimal, date, note, calculate, select_one/select_multiple (with or_other, choice_filter,
appearance), nested groups and repeats, relevant/constraint/required with their messages,
texts in every language — and keeps each element's workbook row as the stored form
definition. What Boligsosial cannot run (other question types, expressions beyond
conditions.py, calculations, repeats answered more than once, extra columns, sheets and
settings) is kept and named in the import's warnings, so the export gives back the form it
was given (export.py writes the stored rows, with what was changed in Boligsosial written
over them).

Two Boligsosial question kinds map onto plain XLSForm by convention, so the file stays a
valid XLSForm that any tool can open:

- yes/no/partly with a comment = `select_one ja_nei_delvis` immediately followed by a
  `text` question named `<name>_kommentar`;
- scale 1–5 = `select_one skala_1_5`.

The intermediate "spec" (a dict) is what `services.questionnaire_create_from_spec` builds
from and `spec_from_questionnaire` returns.
"""

from boligsosial.evaluation.xlsform.common import (
    COMMENT_SUFFIX,
    MAX_XLSFORM_BYTES,
    XLSFormRefused,
)
from boligsosial.evaluation.xlsform.export import export_xlsform, spec_from_questionnaire
from boligsosial.evaluation.xlsform.parse import parse_xlsform

__all__ = [
    "COMMENT_SUFFIX",
    "MAX_XLSFORM_BYTES",
    "XLSFormRefused",
    "export_xlsform",
    "parse_xlsform",
    "spec_from_questionnaire",
]
