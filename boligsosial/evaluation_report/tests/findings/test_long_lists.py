"""A recommendation names a few municipalities; above ten it gives how many and their share,
and the full list stays reachable (the recommendation's `named`, shown on the
recommendations page, and the evidence finding)."""

from django.urls import reverse

from boligsosial.evaluation_report.findings import Finding
from boligsosial.evaluation_report.findings.rules import RULES
from boligsosial.evaluation_report.selectors import proposals_for

NAMES = [f"Kommune {n:02}" for n in range(1, 13)]


def _anchoring(none: list[str], total: int) -> dict[str, Finding]:
    data = {"total": total, "radmann": [], "radmann_share": 0.0, "unit": [], "none": none}
    return {"anchoring": Finding(code="anchoring", topic="t", title="Forankring", data=data)}


def _steering_text(none: list[str], total: int) -> tuple[str, list[str]]:
    rule = RULES["steering_group"]
    proposal = rule.propose(_anchoring(none, total), rule.default_threshold)
    assert proposal is not None
    return proposal.text, proposal.named


def test_ten_names_are_listed():
    text, named = _steering_text(NAMES[:10], 10)
    assert "Kommune 01, Kommune 02" in text and "Kommune 09 og Kommune 10" in text
    assert "kommuner (" not in text
    assert named == NAMES[:10]


def test_more_than_ten_give_the_count_and_share_and_keep_the_list_in_named():
    text, named = _steering_text(NAMES, 16)
    assert "12 kommuner (75\u00a0% av programkommunene, se grunnlaget) har ikke etablert" in text
    assert not any(name in text for name in NAMES)
    assert named == NAMES  # the whole list, for the page and the API


def test_a_long_list_of_results_points_to_the_evidence():
    rule = RULES["communication_plan"]
    data = {"total": 20, "with_results": NAMES}
    findings = {
        "concrete_results": Finding(code="concrete_results", topic="t", title="R", data=data)
    }
    proposal = rule.propose(findings, rule.default_threshold)
    assert proposal is not None
    assert "12 av 20 kommuner har registrert resultater som kan spres (listen står i" in (
        proposal.text
    )
    assert not any(name in proposal.text for name in NAMES)


def test_the_recommendations_page_counts_a_long_list_and_shows_it_when_opened(
    report_world, client_for
):
    """With twelve more municipalities (no meetings registered), the meetings recommendation
    counts them in its text; the page lists every one under a <details>."""
    from boligsosial.programmes.tests.factories import ParticipationFactory

    w = report_world
    added = [ParticipationFactory(programme=w.programme).municipality.name for _n in range(12)]
    row = next(r for r in proposals_for(w.report) if r["proposal"].rule == "regular_meetings")
    text = row["proposal"].text
    assert not any(name in text for name in added)
    assert f"{len(row['proposal'].named)} kommuner (" in text
    assert set(added) <= set(row["proposal"].named)

    url = reverse("evaluation_report:recommendations", args=[w.report.pk])
    page = client_for(w.evaluator).get(url).content.decode()
    section = page[page.index('id="rule-regular_meetings"') :]
    section = section[: section.index("</section>")]
    assert "<details" in section and "Kommunene forslaget gjelder" in section
    assert all(name in section for name in added)


def _propose(code: str, finding_code: str, data: dict) -> str:
    rule = RULES[code]
    finding = Finding(code=finding_code, topic="t", title="F", data=data)
    proposal = rule.propose({finding_code: finding}, rule.default_threshold)
    assert proposal is not None
    return proposal.text


def test_a_long_list_of_those_who_started_gives_the_count_once():
    text = _propose(
        "youth_measures",
        "target_youth",
        {"total": 16, "share": 75.0, "with": NAMES, "without": ["Skien"]},
    )
    assert "Bare 12 av 16 kommuner (75\u00a0%) har startet tiltak for ungdom (se grunnlaget)." in (
        text
    )
    assert not any(name in text for name in NAMES)
    few = _propose(
        "youth_measures",
        "target_youth",
        {"total": 16, "share": 12.5, "with": ["Drammen", "Skien"], "without": []},
    )
    assert "Bare Drammen og Skien har startet tiltak for ungdom (2 av 16)." in few


def test_a_long_housing_first_list_gives_the_count_once():
    data = {"total": 40, "share": 30.0, "in_use": NAMES, "individual": NAMES[:2]}
    text = _propose("housing_first", "housing_first", data)
    assert "tatt i bruk i 12 av 40 kommuner (30\u00a0%, se grunnlaget)." in text
    assert "Kommune 01 og Kommune 02 har prøvd metoden" in text  # two names: listed
    assert "Kommune 03" not in text
