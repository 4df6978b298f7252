"""Agreement between two coders: Cohen's kappa per code over units of text.

A unit is one guide question's notes in an interview (the sections of the interview
guide), or one paragraph of a document. For each code, each coder either applied the
code somewhere in the unit or did not; kappa compares those yes/no ratings:

    p_o = share of units where the coders agree
    p_e = p_a * p_b + (1 - p_a) * (1 - p_b), where p_x is coder x's share of "yes"
    kappa = (p_o - p_e) / (1 - p_e)

When p_e is 1 (both coders said the same thing about every unit) kappa is undefined
and reported as None.
"""

from dataclasses import dataclass, field

from boligsosial.evaluation.models import (
    AgreementDecision,
    Code,
    CodedPassage,
    SourceKind,
    TextSource,
)


@dataclass(frozen=True)
class Unit:
    source_id: int
    label: str
    start: int
    end: int


@dataclass
class CodeAgreement:
    code: Code
    units: int
    both: int
    only_a: int
    only_b: int
    neither: int
    kappa: float | None
    observed: float
    disagreements: list = field(default_factory=list)


def cohens_kappa(ratings_a: list[bool], ratings_b: list[bool]) -> tuple[float | None, float]:
    """(kappa, observed agreement) for two lists of yes/no ratings of the same units."""
    n = len(ratings_a)
    if n == 0 or n != len(ratings_b):
        raise ValueError("Both coders must rate the same, non-empty list of units.")
    agree = sum(1 for a, b in zip(ratings_a, ratings_b, strict=True) if a == b)
    p_o = agree / n
    p_a = sum(ratings_a) / n
    p_b = sum(ratings_b) / n
    p_e = p_a * p_b + (1 - p_a) * (1 - p_b)
    if p_e == 1:
        return None, p_o
    return (p_o - p_e) / (1 - p_e), p_o


def units_for(source: TextSource) -> list[Unit]:
    if source.kind == SourceKind.INTERVIEW:
        interview = source.interview
        return [
            Unit(
                source.pk,
                f"{section.guide_question.number}. {section.guide_question.text}"
                if section.guide_question
                else "Innledning",
                section.start,
                section.end,
            )
            for section in interview.sections.select_related("guide_question")
        ]
    units, position = [], 0
    for number, paragraph in enumerate(source.plain_text.split("\n\n"), start=1):
        if paragraph.strip():
            units.append(Unit(source.pk, f"Avsnitt {number}", position, position + len(paragraph)))
        position += len(paragraph) + 2
    return units


def _applied(passages: list[CodedPassage], unit: Unit) -> list[CodedPassage]:
    return [
        p
        for p in passages
        if p.source_id == unit.source_id and p.start < unit.end and p.end > unit.start
    ]


def _code_agreement(
    code: Code, units: list, passages: list, coder_a, coder_b, decisions: dict, by_source: dict
) -> CodeAgreement:
    """Ratings of both coders on every unit for one code, and where they disagree."""
    a_passages = [p for p in passages if p.code_id == code.pk and p.coder_id == coder_a.pk]
    b_passages = [p for p in passages if p.code_id == code.pk and p.coder_id == coder_b.pk]
    ratings_a, ratings_b, disagreements = [], [], []
    for unit in units:
        in_a, in_b = _applied(a_passages, unit), _applied(b_passages, unit)
        ratings_a.append(bool(in_a))
        ratings_b.append(bool(in_b))
        if bool(in_a) != bool(in_b):
            disagreements.append(
                {
                    "source": by_source[unit.source_id],
                    "unit": unit,
                    "code": code,
                    "coded_by": coder_a if in_a else coder_b,
                    "passages": in_a or in_b,
                    "decision": decisions.get((unit.source_id, code.pk, unit.start, unit.end)),
                }
            )
    kappa, observed = cohens_kappa(ratings_a, ratings_b)
    pairs = list(zip(ratings_a, ratings_b, strict=True))
    both = sum(1 for a, b in pairs if a and b)
    only_a = sum(1 for a, b in pairs if a and not b)
    only_b = sum(1 for a, b in pairs if b and not a)
    return CodeAgreement(
        code=code,
        units=len(units),
        both=both,
        only_a=only_a,
        only_b=only_b,
        neither=len(units) - both - only_a - only_b,
        kappa=kappa,
        observed=observed,
        disagreements=disagreements,
    )


def agreement(
    *, sources: list[TextSource], coder_a, coder_b, codes: list[Code] | None = None
) -> list[CodeAgreement]:
    """Kappa per code for two coders over all units of the given sources."""
    units = [unit for source in sources for unit in units_for(source)]
    passages = list(
        CodedPassage.objects.filter(
            source__in=sources, coder__in=[coder_a, coder_b]
        ).select_related("code")
    )
    if codes is None:
        used = {p.code_id for p in passages}
        codes = list(Code.objects.filter(pk__in=used).order_by("order", "name"))
    if not units:
        return []
    decisions = {
        (d.source_id, d.code_id, d.start, d.end): d
        for d in AgreementDecision.objects.filter(source__in=sources)
    }
    by_source = {s.pk: s for s in sources}
    return [
        _code_agreement(code, units, passages, coder_a, coder_b, decisions, by_source)
        for code in codes
    ]


def coders_of(source_ids) -> list:
    from django.contrib.auth import get_user_model

    ids = (
        CodedPassage.objects.filter(source_id__in=source_ids)
        .values_list("coder_id", flat=True)
        .distinct()
    )
    return list(get_user_model().objects.filter(pk__in=ids).order_by("username"))
