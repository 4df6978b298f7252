"""Evaluation fieldwork: evaluations, questionnaires, interviews, documents and coding.

The report (chapter 3) rests on three methods — document analysis, a questionnaire to the
programme municipalities (appendix 1) and appreciative-inquiry interviews (appendix 2) —
judged against success factors (chapter 6). These tables hold that evidence.

No personal data about the people the programme helps, and none about informants beyond
their role and organisation: respondents are a participation plus a role, informants a role
plus an organisation.
"""

from boligsosial.evaluation.models.coding import (
    AgreementDecision,
    Code,
    CodedPassage,
    CodeFramework,
    Memo,
    Quote,
    QuoteStatus,
)
from boligsosial.evaluation.models.documents import (
    Document,
    DocumentKind,
    private_storage,
)
from boligsosial.evaluation.models.evaluations import (
    Evaluation,
    EvaluationMethod,
)
from boligsosial.evaluation.models.interviews import (
    GuideAudience,
    GuidePart,
    GuideQuestion,
    InformantOrganisation,
    Interview,
    InterviewGuide,
    InterviewSection,
    SourceKind,
    TextSource,
)
from boligsosial.evaluation.models.qda import CodeSet, ExternalCoder, SetKind
from boligsosial.evaluation.models.questionnaires import (
    CHOICE_KINDS,
    NUMBER_KINDS,
    UNANSWERED_KINDS,
    Answer,
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireStatus,
    Respondent,
    ResponseStatus,
    Section,
    new_token,
)

__all__ = [
    "CodeSet",
    "ExternalCoder",
    "SetKind",
    "AgreementDecision",
    "Answer",
    "CHOICE_KINDS",
    "Choice",
    "Code",
    "CodeFramework",
    "CodedPassage",
    "Document",
    "DocumentKind",
    "Evaluation",
    "EvaluationMethod",
    "GuideAudience",
    "GuidePart",
    "GuideQuestion",
    "InformantOrganisation",
    "Interview",
    "InterviewGuide",
    "InterviewSection",
    "Memo",
    "NUMBER_KINDS",
    "UNANSWERED_KINDS",
    "Question",
    "QuestionKind",
    "Questionnaire",
    "QuestionnaireStatus",
    "Quote",
    "QuoteStatus",
    "Respondent",
    "ResponseStatus",
    "Section",
    "SourceKind",
    "TextSource",
    "new_token",
    "private_storage",
]
