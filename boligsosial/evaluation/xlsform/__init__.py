"""XLSForm import and export (https://xlsform.org): sheets survey, choices and settings.

Supported: types text, integer, decimal, date, note, select_one, select_multiple and
begin/end group (one level); columns type, name, label, label::<language>, hint,
hint::<language>, required, relevant, constraint, constraint_message. Anything else in use
in a form is refused, naming the row and the feature, so nothing is silently dropped.
Forms are also checked with pyxform, the XLSForm reference implementation.

Two Boligsosial question kinds map onto plain XLSForm by convention, so the file stays a
valid XLSForm that any tool can open:

- yes/no/partly with a comment = `select_one ja_nei_delvis` immediately followed by a
  `text` question named `<name>_kommentar`;
- scale 1–5 = `select_one skala_1_5`.

The intermediate "spec" (a dict) is what `services.questionnaire_create_from_spec` builds
from and `spec_from_questionnaire` returns, so export → import round-trips exactly.
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
