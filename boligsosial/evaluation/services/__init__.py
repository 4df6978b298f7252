"""Writes for evaluation fieldwork, one module per sub-domain (like Zulip's `zerver/actions/`).

Every function is keyword-only, runs in one transaction, checks access, validates, saves and
records the change in the audit log. The web views and the API call these same functions.
Reads the services build on (`find_offsets`, `split_transcript`, `relevant_questions`,
`unique_slug`, `default_attribution`) live in `evaluation.selectors`.

The names below are re-exported so `services.<name>` keeps working for callers.
"""

from boligsosial.evaluation.services.coding import (
    code_create,
    disagreement_settle,
    memo_create,
    passage_create,
    passage_delete,
)
from boligsosial.evaluation.services.documents import document_delete, document_upload
from boligsosial.evaluation.services.evaluations import (
    evaluation_create,
    evaluation_update,
    preload_instruments,
)
from boligsosial.evaluation.services.interviews import interview_create, interview_update
from boligsosial.evaluation.services.questionnaires import (
    questionnaire_create_from_spec,
    questionnaire_update,
)
from boligsosial.evaluation.services.questions import question_add, question_delete
from boligsosial.evaluation.services.quotes import quote_decide, quote_propose
from boligsosial.evaluation.services.respondents import (
    answers_save,
    respondent_create,
    respondent_new_link,
)

__all__ = [
    "answers_save",
    "code_create",
    "disagreement_settle",
    "document_delete",
    "document_upload",
    "evaluation_create",
    "evaluation_update",
    "interview_create",
    "interview_update",
    "memo_create",
    "passage_create",
    "passage_delete",
    "preload_instruments",
    "question_add",
    "question_delete",
    "questionnaire_create_from_spec",
    "questionnaire_update",
    "quote_decide",
    "quote_propose",
    "respondent_create",
    "respondent_new_link",
]
