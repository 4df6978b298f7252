"""The fixture world of the authorisation matrix: two municipalities in one programme, one
object of every kind on each side, the ten personas, and a marker string planted in each
side's own texts.

Side "A" is Drammen (0602), side "B" is Skien (0806). Objects that belong to one municipality
exist once per side (`world.obj("measure", "B")`); programme-wide objects once
(`world.obj("evaluation")`). Built through the factories and services the apps' own tests use.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

MARKERS = {"A": "ZQMARKA7391", "B": "ZQMARKB7391"}
SIDES = ("A", "B")
PERSONAS = (
    "admin",
    "contact_a",  # programme contact following municipality A
    "contact_b",  # the other programme contact (follows B)
    "leader_a",
    "member_a",
    "leader_b",
    "evaluator_team",  # in the evaluation's team
    "evaluator_outside",  # an evaluator outside it
    "viewer",
    "anonymous",
)


def tags(persona: str, side: str | None) -> frozenset[str]:
    """What a persona is, relative to an object of `side` (None: a programme-wide object).

    The table in matrix_table.py grants reads and writes to these tags.
    """
    if persona == "admin":
        return frozenset({"admin"})
    if persona in ("contact_a", "contact_b"):
        own = side is not None and persona.endswith(side.lower())
        return frozenset({"contact", "own_contact"} if own else {"contact"})
    if persona in ("leader_a", "member_a", "leader_b"):
        home = persona[-1].upper()
        if side is not None and side != home:
            return frozenset({"outsider"})
        return frozenset({"municipal", "leader" if persona.startswith("leader") else "member"})
    if persona == "evaluator_team":
        return frozenset({"evaluator", "team"})
    if persona == "evaluator_outside":
        return frozenset({"evaluator"})
    if persona == "viewer":
        return frozenset({"viewer"})
    return frozenset({"anonymous"})


def home_side(persona: str) -> str | None:
    """The municipality a municipal persona belongs to (None for everyone else)."""
    if persona in ("leader_a", "member_a"):
        return "A"
    if persona == "leader_b":
        return "B"
    return None


class World:
    def __init__(self):
        self.objects: dict[tuple[str, str | None], object] = {}
        self.users: dict[str, object] = {}

    def put(self, kind: str, side: str | None, value) -> None:
        self.objects[(kind, side)] = value

    def obj(self, kind: str, side: str | None = None):
        return self.objects[(kind, side)]

    def has(self, kind: str, side: str | None) -> bool:
        return (kind, side) in self.objects


def build_world() -> World:
    w = World()
    _people_and_programme(w)
    for side in SIDES:
        _programme_side(w, side)
        _reporting_side(w, side)
        _plans_side(w, side)
        _followup_side(w, side)
        _instruments_side(w, side)
    _programme_wide(w)
    _evaluation(w)
    _evaluation_report(w)
    return w


def _people_and_programme(w: World) -> None:
    from boligsosial.accounts.models import Role
    from boligsosial.accounts.tests.factories import UserFactory
    from boligsosial.municipalities.tests.factories import MunicipalityFactory
    from boligsosial.programmes.tests.factories import ProgrammeFactory
    from boligsosial.reporting.tests.factories import ensure_catalogue

    ensure_catalogue()
    w.put("municipality", "A", MunicipalityFactory(code="0602", name="Drammen"))
    w.put("municipality", "B", MunicipalityFactory(code="0806", name="Skien"))
    roles = {
        "admin": (Role.HUSBANKEN_ADMIN, None),
        "contact_a": (Role.PROGRAMME_CONTACT, None),
        "contact_b": (Role.PROGRAMME_CONTACT, None),
        "leader_a": (Role.MUNICIPAL_LEADER, "A"),
        "member_a": (Role.MUNICIPAL_MEMBER, "A"),
        "leader_b": (Role.MUNICIPAL_LEADER, "B"),
        "evaluator_team": (Role.EVALUATOR, None),
        "evaluator_outside": (Role.EVALUATOR, None),
        "viewer": (Role.VIEWER, None),
    }
    for persona, (role, side) in roles.items():
        municipality = w.obj("municipality", side) if side else None
        w.users[persona] = UserFactory(
            username=f"matrix-{persona}", role=role, municipality=municipality
        )
    w.put("programme", None, ProgrammeFactory(name="Programmet"))


def _programme_side(w: World, side: str) -> None:
    from boligsosial.programmes.models import PhaseKind
    from boligsosial.programmes.tests.factories import (
        OrganisationFactory,
        ParticipationFactory,
        PhaseFactory,
    )

    marker = MARKERS[side]
    participation = ParticipationFactory(
        programme=w.obj("programme"),
        municipality=w.obj("municipality", side),
        programme_contact=w.users[f"contact_{side.lower()}"],
        start_date=dt.date(2010, 3, 1),
    )
    w.put("participation", side, participation)
    organisation = OrganisationFactory(
        participation=participation, has_steering_group=False, notes=f"Merknad {marker}"
    )
    w.put("organisation", side, organisation)
    w.put(
        "partner",
        side,
        organisation.partners.create(kind="other", name=f"Partner {marker}", role=marker),
    )
    w.put(
        "phase",
        side,
        PhaseFactory(
            participation=participation,
            kind=PhaseKind.PLANNING,
            start=dt.date(2010, 3, 1),
            planned_end=dt.date(2010, 9, 1),
            overrun_reason=f"Forsinket {marker}",
        ),
    )


def _reporting_side(w: World, side: str) -> None:
    from boligsosial.reporting import services
    from boligsosial.reporting.tests.factories import PeriodFactory

    if not w.has("period", None):
        w.put("period", None, PeriodFactory(programme=w.obj("programme"), year=2010, half=2))
    leader = w.users[f"leader_{side.lower()}"]
    report = services.report_start(
        user=leader, participation=w.obj("participation", side), period=w.obj("period")
    )
    questions = list(report.template.questions.all())
    services.report_save(
        user=leader,
        report=report,
        version=None,
        values=[services.ValueInput(indicator_code="homeless_persons", raw="40")],
        answers={q.code: f"Svar {MARKERS[side]}" for q in questions[:1]},
    )
    report.refresh_from_db()
    w.put("report", side, report)


def _plans_side(w: World, side: str) -> None:
    from django.conf import settings

    from boligsosial.plans.models import Evidence, Funding, GoalLevel
    from boligsosial.plans.tests.factories import GoalFactory, ResultFactory, make_measure

    marker = MARKERS[side]
    participation = w.obj("participation", side)
    w.put(
        "goal",
        side,
        GoalFactory(participation=participation, level=GoalLevel.MAIN, title=f"Mål {marker}"),
    )
    # A draft: private to the municipality and Husbanken (published measures are public).
    measure = make_measure(
        participation, name=f"Tiltak {marker}", description=marker, published=False
    )
    w.put("measure", side, measure)
    w.put(
        "funding",
        side,
        Funding.objects.create(
            measure=measure, source="municipal", year=2011, description=f"Midler {marker}"
        ),
    )
    result = ResultFactory(measure=measure, text=f"Resultat {marker}")
    w.put("result", side, result)
    (settings.PRIVATE_MEDIA_ROOT / "plans" / "evidence").mkdir(parents=True, exist_ok=True)
    evidence = Evidence.objects.create(
        result=result,
        original_name=f"{marker}.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=9,
        sha256=side * 64,
    )
    evidence.path.write_bytes(b"%PDF-1.4\n")
    w.put("evidence", side, evidence)


def _followup_side(w: World, side: str) -> None:
    from boligsosial.followup import services
    from boligsosial.followup.models import MeetingKind

    admin = w.users["admin"]
    meeting = services.meeting_save(
        user=admin,
        participation=w.obj("participation", side),
        kind=MeetingKind.STATUS,
        date=dt.date(2011, 1, 4),
        notes=f"Referat {MARKERS[side]}",
        participants=[],
    )
    w.put("meeting", side, meeting)
    w.put(
        "action",
        side,
        services.action_add(
            user=admin, meeting=meeting, text=f"Punkt {MARKERS[side]}", owner="Programleder"
        ),
    )


def _instruments_side(w: World, side: str) -> None:
    from boligsosial.instruments.models import GrantApplication, Instrument, InstrumentFigure

    w.put(
        "application",
        side,
        GrantApplication.objects.create(
            participation=w.obj("participation", side),
            instrument=Instrument.PROGRAMME_GRANT,
            year=2011,
            amount_applied=Decimal(1_000_000),
            purpose=f"Formål {MARKERS[side]}",
        ),
    )
    code = w.obj("municipality", side).code
    for year, amount in ((2009, 20_000_000), (2011, 40_000_000)):
        InstrumentFigure.objects.create(
            instrument=Instrument.START_LOAN, code=code, year=year, amount=amount
        )


def _programme_wide(w: World) -> None:
    from boligsosial.followup import services as followup
    from boligsosial.followup.models import ArenaKind
    from boligsosial.instruments.models import Instrument, RegionalFrame

    admin = w.users["admin"]
    arena = followup.arena_save(
        user=admin,
        programme=w.obj("programme"),
        kind=ArenaKind.PROGRAMME_GATHERING,
        title="Programsamling",
        start_date=dt.date(2010, 6, 15),
    )
    w.put("arena", None, arena)
    for side in SIDES:
        followup.feedback_add(
            user=w.users[f"leader_{side.lower()}"],
            arena=arena,
            participation=w.obj("participation", side),
            score=4,
            comment=f"Tilbakemelding {MARKERS[side]}",
        )
    from boligsosial.programmes.region_models import ensure_start_regions

    w.put("region", None, ensure_start_regions()["sor"])
    w.put(
        "frame",
        None,
        RegionalFrame.objects.create(
            region_id="sor", instrument=Instrument.PROGRAMME_GRANT, year=2011, amount=5_000_000
        ),
    )


def _evaluation(w: World) -> None:
    from boligsosial.evaluation import services
    from boligsosial.evaluation.tests import factories as f

    class Personas:  # the evaluation factories expect world.evaluator and world.programme
        evaluator = w.users["evaluator_team"]
        programme = w.obj("programme")

    from boligsosial.accounts.models import Role
    from boligsosial.accounts.tests.factories import UserFactory

    # A second coder in the team (not a persona), so the agreement check has two coders.
    w.users["second_coder"] = UserFactory(username="matrix-second-coder", role=Role.EVALUATOR)
    evaluation = f.make_evaluation(
        Personas, team=[w.users["evaluator_team"], w.users["second_coder"]]
    )
    w.put("evaluation", None, evaluation)
    questionnaire = f.open_questionnaire(Personas, evaluation)
    w.put("questionnaire", None, questionnaire)
    w.put("question", None, questionnaire.questions.order_by("pk").first())
    w.put("guide", None, evaluation.guides.order_by("pk").first())
    code = f.code(evaluation, "forankring")
    w.put("code", None, code)
    for side in SIDES:
        marker = MARKERS[side]
        participation = w.obj("participation", side)
        respondent = f.make_respondent(Personas, questionnaire, participation, role=marker)
        w.put("respondent", side, respondent)
        interview = f.make_interview(
            Personas,
            evaluation,
            participation=participation,
            answers={1: f"Vi har fått til mye {marker}.", 2: "Rådmannen har fulgt arbeidet tett."},
        )
        w.put("interview", side, interview)
        w.put("source", side, interview.source)
        document = services.document_upload(
            user=Personas.evaluator,
            evaluation=evaluation,
            kind="status_report",
            title=f"Statusrapport {marker}",
            participation=participation,
            uploaded_file=f.text_upload(f"Programmet er forankret hos rådmannen {marker}."),
        )
        w.put("document", side, document)
        passage = f.code_excerpt(
            Personas.evaluator, interview.source, code, "Rådmannen har fulgt arbeidet tett."
        )
        w.put("passage", side, passage)
        w.put("quote", side, services.quote_propose(user=Personas.evaluator, passage=passage))
        f.code_excerpt(
            w.users["second_coder"],
            interview.source,
            code,
            "Rådmannen har fulgt arbeidet tett.",
            check=True,
        )


def _evaluation_report(w: World) -> None:
    from boligsosial.evaluation_report import services
    from boligsosial.evaluation_report.models import GenerationJob

    evaluator = w.users["evaluator_team"]
    report = services.report_create(
        user=evaluator, evaluation=w.obj("evaluation"), title="Rapport 2011"
    )
    services.narrative_save(user=evaluator, report=report, key="foreword", markdown="Et forord.")
    w.put("eval_report", None, report)
    version = services.report_publish(user=evaluator, report=report, note="Første versjon")
    w.put("eval_version", None, version)
    from django.core.files.base import ContentFile

    from boligsosial.core.storage import private_storage
    from boligsosial.jobs.models import Job, JobState

    job = Job.objects.create(
        title="Lager HTML",
        handler="boligsosial.evaluation_report.tasks.generate_report_file",
        started_by=evaluator,
        state=JobState.DONE,
        target_label=report.title,
    )
    generation = GenerationJob.objects.create(
        report=report,
        version=version,
        job=job,
        format="html",
        stored_name=private_storage().save("matrix-job.html", ContentFile(b"<p>Rapport</p>")),
    )
    w.put("job", None, generation)
    w.put("background_job", None, job)
    draft = Job.objects.create(title="Lager HTML", handler=job.handler, started_by=evaluator)
    w.put("draft_job", None, GenerationJob.objects.create(report=report, format="html", job=draft))
