"""Reads for evaluation fieldwork.

Stable contract (the evaluation-report app calls these; keep the signatures):

``question_shares(evaluation) -> list[dict]``
    One dict per answerable question of every questionnaire in the evaluation, in form order::

        {"questionnaire": str, "question_id": int, "name": str, "label": str, "section": str,
         "kind": str, "n": int,                       # submitted answers to this question
         "options": [{"value": str, "label": str, "count": int, "share": float | None}],
         "by_municipality": [{"municipality": str, "n": int,
                              "options": [{"value", "label", "count", "share"}]}],
         "comments": [{"municipality": str, "role": str, "text": str, "value_label": str}],
         "numbers": {"n", "mean", "min", "max"} | None,    # integer/decimal questions
         "texts": [{"municipality", "role", "text"}]}      # text/date questions

    Only submitted responses count. Shares are fractions (0–1) of the question's answers
    (for multiple choice: of respondents who answered), None when nobody answered.

``informant_counts(evaluation) -> {"municipal": int, "husbanken": int}``
    Interviews held, by the informant's organisation.

``code_frequencies(evaluation) -> {"columns": [str], "rows": [dict]}``
    The code matrix. Columns are the municipalities (alphabetical) and "Husbanken" last.
    Each row: ``{"code_id", "slug", "name", "depth", "framework", "counts": {column: int},
    "total": int}`` in codebook (tree) order. Counts are the coded passages (agreement-check
    codings excluded) whose source belongs to that column; a parent's counts are its own
    passages only.

``approved_quotes(evaluation, code_slug_or_id, *, limit=None) -> list[dict]``
    Quotes approved for publication coded with that code or any code below it::

        {"id", "text", "attribution", "municipality" (str | None), "organisation", "code",
         "code_slug", "source", "source_kind", "identification_warning" (str | "")}
"""

import re
from collections import Counter, defaultdict
from statistics import mean

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boligsosial.evaluation import conditions
from boligsosial.evaluation.models import (
    NUMBER_KINDS,
    UNANSWERED_KINDS,
    Answer,
    Code,
    CodedPassage,
    Evaluation,
    InformantOrganisation,
    Interview,
    InterviewGuide,
    Question,
    Questionnaire,
    Quote,
    QuoteStatus,
    Respondent,
    ResponseStatus,
    Section,
)

HUSBANKEN_COLUMN = "Husbanken"


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def _values(answer: Answer) -> list[str]:
    if answer.value in (None, "", []):
        return []
    if isinstance(answer.value, list):
        return [str(v) for v in answer.value]
    return [str(answer.value)]


def _option_rows(question: Question, answers: list[Answer]) -> list[dict]:
    counts: Counter = Counter()
    for answer in answers:
        counts.update(_values(answer))
    total = sum(1 for a in answers if _values(a))
    return [
        {
            "value": c.value,
            "label": c.label,
            "count": counts.get(c.value, 0),
            "share": _share(counts.get(c.value, 0), total),
        }
        for c in question.choices.all()
    ]


def _answer_summary(question: Question, answered: list[Answer]) -> dict:
    """Options (overall and by municipality), number statistics or the texts, by kind."""
    if question.has_choices:
        per_municipality: dict[str, list[Answer]] = defaultdict(list)
        for a in answered:
            per_municipality[a.respondent.participation.municipality.name].append(a)
        return {
            "options": _option_rows(question, answered),
            "by_municipality": [
                {"municipality": name, "n": len(items), "options": _option_rows(question, items)}
                for name, items in sorted(per_municipality.items())
            ],
        }
    if question.kind in NUMBER_KINDS:
        numbers = [float(a.value) for a in answered if a.value is not None]
        return {
            "numbers": {
                "n": len(numbers),
                "mean": mean(numbers) if numbers else None,
                "min": min(numbers) if numbers else None,
                "max": max(numbers) if numbers else None,
            }
        }
    return {
        "texts": [
            {
                "municipality": a.respondent.participation.municipality.name,
                "role": a.respondent.role,
                "text": str(a.value),
            }
            for a in answered
        ]
    }


def question_shares(evaluation: Evaluation) -> list[dict]:
    questions = (
        Question.objects.filter(questionnaire__evaluation=evaluation)
        .exclude(kind__in=UNANSWERED_KINDS)
        .select_related("questionnaire", "section")
        .prefetch_related("choices")
        .order_by("questionnaire__title", "questionnaire_id", "order")
    )
    answers_by_question: dict[int, list[Answer]] = defaultdict(list)
    answers = (
        Answer.objects.filter(
            question__questionnaire__evaluation=evaluation,
            respondent__status=ResponseStatus.SUBMITTED,
        )
        .select_related("respondent__participation__municipality")
        .order_by("respondent__participation__municipality__name", "respondent__role", "pk")
    )
    for answer in answers:
        answers_by_question[answer.question_id].append(answer)
    result = []
    for question in questions:
        qa = [a for a in answers_by_question.get(question.pk, []) if _values(a) or a.comment]
        answered = [a for a in qa if _values(a)]
        labels = {c.value: c.label for c in question.choices.all()}
        row = {
            "questionnaire": question.questionnaire.title,
            "question_id": question.pk,
            "name": question.name,
            "label": question.label,
            "section": question.section.title if question.section else "",
            "kind": question.kind,
            "n": len(answered),
            "options": [],
            "by_municipality": [],
            "comments": [],
            "numbers": None,
            "texts": [],
        }
        row.update(_answer_summary(question, answered))
        row["comments"] = [
            {
                "municipality": a.respondent.participation.municipality.name,
                "role": a.respondent.role,
                "text": a.comment,
                "value_label": ", ".join(labels.get(v, v) for v in _values(a)),
            }
            for a in qa
            if a.comment
        ]
        result.append(row)
    return result


def response_rate(questionnaire: Questionnaire) -> dict:
    counts = questionnaire.respondents.aggregate(
        total=Count("pk"), submitted=Count("pk", filter=Q(status=ResponseStatus.SUBMITTED))
    )
    return {**counts, "share": _share(counts["submitted"], counts["total"])}


def evaluation_response_rate(evaluation: Evaluation) -> dict:
    counts = Respondent.objects.filter(questionnaire__evaluation=evaluation).aggregate(
        total=Count("pk"), submitted=Count("pk", filter=Q(status=ResponseStatus.SUBMITTED))
    )
    return {**counts, "share": _share(counts["submitted"], counts["total"])}


def informant_counts(evaluation: Evaluation) -> dict:
    counts = dict(
        Interview.objects.filter(evaluation=evaluation)
        .values_list("organisation")
        .annotate(n=Count("pk"))
    )
    return {
        "municipal": counts.get(InformantOrganisation.MUNICIPALITY, 0),
        "husbanken": counts.get(InformantOrganisation.HUSBANKEN, 0),
    }


def code_tree(evaluation: Evaluation) -> list[tuple[Code, int]]:
    """Codes in tree order with their depth (0 = top level)."""
    codes = list(Code.objects.filter(evaluation=evaluation).order_by("order", "name"))
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    ordered: list[tuple[Code, int]] = []

    def walk(parent_id, depth):
        for code in children.get(parent_id, []):
            ordered.append((code, depth))
            walk(code.pk, depth + 1)

    walk(None, 0)
    return ordered


def descendant_ids(code: Code) -> set[int]:
    pairs = list(
        Code.objects.filter(evaluation_id=code.evaluation_id).values_list("pk", "parent_id")
    )
    ids, frontier = {code.pk}, {code.pk}
    while frontier:
        frontier = {pk for pk, parent in pairs if parent in frontier} - ids
        ids |= frontier
    return ids


def counted_passages(evaluation: Evaluation) -> QuerySet[CodedPassage]:
    """Passages that count as findings: the agreement-check codings are left out."""
    return CodedPassage.objects.filter(source__evaluation=evaluation, for_agreement_check=False)


def matrix_columns(evaluation: Evaluation) -> list[str]:
    names = sorted(
        {
            p.municipality.name
            for p in evaluation.programme.participations.select_related("municipality")
        }
    )
    return [*names, HUSBANKEN_COLUMN]


def code_frequencies(evaluation: Evaluation) -> dict:
    columns = matrix_columns(evaluation)
    counts: dict[int, Counter] = defaultdict(Counter)
    rows = (
        counted_passages(evaluation)
        .values_list("code_id", "source__participation__municipality__name")
        .annotate(n=Count("pk"))
    )
    for code_id, municipality, n in rows:
        column = municipality or HUSBANKEN_COLUMN
        if column not in columns:
            columns.insert(-1, column)
        counts[code_id][column] += n
    result = []
    for code, depth in code_tree(evaluation):
        code_counts = {column: counts[code.pk].get(column, 0) for column in columns}
        result.append(
            {
                "code_id": code.pk,
                "slug": code.slug,
                "name": code.name,
                "depth": depth,
                "framework": code.framework,
                "counts": code_counts,
                "total": sum(code_counts.values()),
            }
        )
    return {"columns": columns, "rows": result}


def get_code(evaluation: Evaluation, code_slug_or_id: Code | int | str) -> Code:
    qs = Code.objects.filter(evaluation=evaluation)
    if isinstance(code_slug_or_id, Code):
        return qs.get(pk=code_slug_or_id.pk)
    if isinstance(code_slug_or_id, int) or str(code_slug_or_id).isdigit():
        return qs.get(pk=int(code_slug_or_id))
    return qs.get(slug=code_slug_or_id)


def quote_dict(quote: Quote) -> dict:
    from boligsosial.evaluation.quotes import identification_warning

    passage = quote.passage
    source = passage.source
    participation = source.participation if source.participation_id else None
    municipality = participation.municipality.name if participation is not None else None
    return {
        "id": quote.pk,
        "text": passage.text,
        "attribution": quote.attribution,
        "municipality": municipality,
        "organisation": municipality or HUSBANKEN_COLUMN,
        "code": passage.code.name,
        "code_slug": passage.code.slug,
        "source": source.name,
        "source_kind": source.kind,
        "status": quote.status,
        "identification_warning": identification_warning(quote),
    }


def quotes_for(
    evaluation: Evaluation,
    *,
    code: Code | None = None,
    municipality: str | None = None,
    status: str | None = None,
) -> QuerySet[Quote]:
    qs = Quote.objects.filter(passage__source__evaluation=evaluation).select_related(
        "passage__code",
        "passage__source__participation__municipality",
        "passage__source__interview",
        "passage__source__evaluation",
    )
    if code is not None:
        qs = qs.filter(passage__code_id__in=descendant_ids(code))
    if municipality == HUSBANKEN_COLUMN:
        qs = qs.filter(passage__source__participation__isnull=True)
    elif municipality:
        qs = qs.filter(passage__source__participation__municipality__name=municipality)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by(
        "passage__source__participation__municipality__name",
        "passage__source__name",
        "passage__start",
    )


def approved_quotes(
    evaluation: Evaluation, code_slug_or_id: Code | int | str, *, limit: int | None = None
) -> list[dict]:
    code = get_code(evaluation, code_slug_or_id)
    qs = quotes_for(evaluation, code=code, status=QuoteStatus.APPROVED)
    if limit is not None:
        qs = qs[:limit]
    return [quote_dict(q) for q in qs]


def passages_for(
    evaluation: Evaluation, *, code: Code | None = None, municipality: str | None = None
) -> QuerySet[CodedPassage]:
    """Retrieve coded passages by code (with its sub-codes) and municipality."""
    qs = counted_passages(evaluation).select_related(
        "code", "source__participation__municipality", "coder", "external_coder"
    )
    if code is not None:
        qs = qs.filter(code_id__in=descendant_ids(code))
    if municipality == HUSBANKEN_COLUMN:
        qs = qs.filter(source__participation__isnull=True)
    elif municipality:
        qs = qs.filter(source__participation__municipality__name=municipality)
    return qs.order_by("source__participation__municipality__name", "source__name", "start")


# Reads the services build on -------------------------------------------------------------


def section_conditions(questions: list[Question]) -> dict[int, list[str]]:
    """Each question's enclosing sections' conditions, outermost first (groups nest)."""
    if not questions:
        return {}
    sections = {
        s.pk: s for s in Section.objects.filter(questionnaire_id=questions[0].questionnaire_id)
    }
    out = {}
    for question in questions:
        chain: list[str] = []
        section = sections.get(question.section_id) if question.section_id else None
        while section is not None:
            if section.relevant:
                chain.insert(0, section.relevant)
            section = sections.get(section.parent_id) if section.parent_id else None
        out[question.pk] = chain
    return out


def relevant_questions(questions: list[Question], answers: dict) -> set[int]:
    """Questions whose conditions (and their sections') hold for the given answers."""
    shown = set()
    chains = section_conditions(questions)
    for question in questions:
        section_ok = all(
            conditions.evaluate(conditions.parse(text), answers)
            for text in chains.get(question.pk, [])
        )
        if section_ok and conditions.evaluate(conditions.parse(question.relevant), answers):
            shown.add(question.pk)
        else:
            answers.pop(question.name, None)  # hidden answers do not feed later conditions
    return shown


QUESTION_MARKER = re.compile(
    r"^\s*(?:spørsmål\s*)?(\d{1,2})\s*[.):]\s*", re.IGNORECASE | re.MULTILINE
)


def split_transcript(guide: InterviewGuide, transcript: str) -> dict[int, str]:
    """Split notes or a transcript by guide question: a line starting with "3." (or
    "Spørsmål 3:") begins the answer to question 3. Text before the first marker goes to
    the introduction (key 0)."""
    numbers = set(guide.questions.values_list("number", flat=True))
    parts: dict[int, list[str]] = {}
    current = 0
    position = 0
    for match in QUESTION_MARKER.finditer(transcript):
        number = int(match.group(1))
        if number not in numbers:
            continue
        parts.setdefault(current, []).append(transcript[position : match.start()])
        current, position = number, match.end()
    parts.setdefault(current, []).append(transcript[position:])
    return {n: "".join(chunks).strip() for n, chunks in parts.items() if "".join(chunks).strip()}


def unique_slug(evaluation: Evaluation, name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name.replace("æ", "ae").replace("ø", "o").replace("å", "a"))[:90] or "kode"
    slug, n = base, 2
    taken = Code.objects.filter(evaluation=evaluation)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def find_offsets(text: str, excerpt: str, *, near: int | None = None) -> tuple[int, int]:
    """Locate an excerpt in a source's text (exact match), nearest to `near` if repeated."""
    excerpt = excerpt.replace("\r\n", "\n").strip()  # browsers submit line breaks as CRLF
    if not excerpt:
        raise ValidationError({"excerpt": _("Skriv eller lim inn teksten som skal kodes.")})
    starts = [m.start() for m in re.finditer(re.escape(excerpt), text)]
    if not starts:
        raise ValidationError(
            {
                "excerpt": _(
                    "Teksten finnes ikke i kilden. Kopier den nøyaktig, med samme tegnsetting og store og små bokstaver."
                )
            }
        )
    start = min(starts, key=lambda s: abs(s - near)) if near is not None else starts[0]
    return start, start + len(excerpt)


def default_attribution(passage: CodedPassage) -> str:
    """Role and organisation, never a name: "programleder, Drammen kommune"."""
    source = passage.source
    interview = getattr(source, "interview", None)
    if interview is None:
        return source.name
    if interview.participation_id:
        return f"{interview.informant_role}, {interview.participation.municipality.name} kommune"
    return f"{interview.informant_role}, {interview.organisation_label()}"


def structure_locked(questionnaire: Questionnaire) -> bool:
    """Once anyone has answered, the form's questions can no longer be added or removed."""
    return Answer.objects.filter(question__questionnaire=questionnaire).exists()
