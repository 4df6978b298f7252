"""Cohen's kappa against a hand-computed example.

Ten units; coder A says yes to units 1–4, coder B to units 2–5:

    agree: units 2, 3, 4 (yes) and 6–10 (no)  -> p_o = 8/10 = 0.8
    p_A = 0.4, p_B = 0.4
    p_e = 0.4*0.4 + 0.6*0.6 = 0.16 + 0.36 = 0.52
    kappa = (0.8 - 0.52) / (1 - 0.52) = 0.28 / 0.48 = 0.58333...
"""

import pytest
from django.urls import reverse

from boligsosial.accounts.models import Role
from boligsosial.accounts.tests.factories import UserFactory
from boligsosial.evaluation import kappa, services
from boligsosial.evaluation.models import AgreementDecision, CodedPassage
from boligsosial.evaluation.tests import factories as f


def test_kappa_matches_the_hand_computed_example():
    a = [True] * 4 + [False] * 6
    b = [False] + [True] * 4 + [False] * 5
    value, observed = kappa.cohens_kappa(a, b)
    assert observed == pytest.approx(0.8)
    assert value == pytest.approx(0.28 / 0.48)
    assert round(value, 4) == 0.5833


def test_kappa_is_one_for_full_agreement_and_undefined_when_nobody_varies():
    assert kappa.cohens_kappa([True, False, True], [True, False, True])[0] == pytest.approx(1.0)
    assert kappa.cohens_kappa([False, False], [False, False]) == (None, 1.0)


def test_kappa_per_code_over_guide_question_units_and_the_disagreements(
    world, fieldwork, client_for
):
    second = UserFactory(username="koder-b", role=Role.EVALUATOR)
    fieldwork.evaluation.team.add(second)
    answers = {n: f"Svar på spørsmål {n}." for n in range(1, 11)}
    interview = f.make_interview(
        world, fieldwork.evaluation, participation=world.skien_participation, answers=answers
    )
    anchoring = fieldwork.anchoring
    for n in (1, 2, 3, 4):
        f.code_excerpt(world.evaluator, interview.source, anchoring, f"Svar på spørsmål {n}.")
    for n in (2, 3, 4, 5):
        f.code_excerpt(second, interview.source, anchoring, f"Svar på spørsmål {n}.", check=True)
    [result] = kappa.agreement(sources=[interview.source], coder_a=world.evaluator, coder_b=second)
    assert (result.units, result.both, result.only_a, result.only_b, result.neither) == (
        10,
        3,
        1,
        1,
        5,
    )
    assert result.kappa == pytest.approx(0.28 / 0.48)
    assert [d["unit"].label[:2] for d in result.disagreements] == ["1.", "5."]
    page = client_for(world.evaluator).get(
        reverse("evaluation:agreement", args=[fieldwork.evaluation.pk]),
        {"a": world.evaluator.pk, "b": second.pk},
    )
    assert "0,58" in page.content.decode()

    # Settle: keep the code on unit 5 (copied into the main coding), remove it from unit 1.
    unit_1, unit_5 = (d["unit"] for d in result.disagreements)
    services.disagreement_settle(
        user=world.evaluator,
        source=interview.source,
        code=anchoring,
        start=unit_5.start,
        end=unit_5.end,
        keep=True,
    )
    services.disagreement_settle(
        user=world.evaluator,
        source=interview.source,
        code=anchoring,
        start=unit_1.start,
        end=unit_1.end,
        keep=False,
    )
    main = CodedPassage.objects.filter(source=interview.source, for_agreement_check=False)
    assert sorted(p.text for p in main) == [f"Svar på spørsmål {n}." for n in (2, 3, 4, 5)]
    assert AgreementDecision.objects.filter(source=interview.source).count() == 2
