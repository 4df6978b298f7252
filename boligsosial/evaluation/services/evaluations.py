"""Writes for evaluations: create, update and the preloaded instruments."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.concurrency import bump_version
from boligsosial.core.formatting import format_date
from boligsosial.core.models import DataSource
from boligsosial.evaluation import access
from boligsosial.evaluation.models import (
    Code,
    Evaluation,
    EvaluationMethod,
    GuideQuestion,
    InterviewGuide,
)
from boligsosial.evaluation.services.common import _require_team
from boligsosial.evaluation.services.questionnaires import (
    questionnaire_create_from_spec,
)
from boligsosial.programmes.models import Programme

# Evaluations ---------------------------------------------------------------------------


def _check_evaluation(data: dict) -> None:
    errors = {}
    start, end, as_of = data.get("period_start"), data.get("period_end"), data.get("as_of")
    if start and end and end < start:
        errors["period_end"] = _(
            "Perioden kan ikke slutte (%(end)s) før den begynner (%(start)s)."
        ) % {"end": format_date(end), "start": format_date(start)}
    if as_of and start and as_of < start:
        errors["as_of"] = _(
            "«Status per» (%(as_of)s) kan ikke være før perioden begynner (%(start)s)."
        ) % {"as_of": format_date(as_of), "start": format_date(start)}
    unknown = [m for m in data.get("methods") or [] if m not in EvaluationMethod.values]
    if unknown:
        errors["methods"] = _("Ukjent metode: %(m)s.") % {"m": ", ".join(unknown)}
    team = data.get("team")
    if team is not None and any(u.role != "evaluator" for u in team):
        errors["team"] = _("Bare brukere med rollen evaluator kan være med i evalueringsteamet.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def evaluation_create(
    *,
    user: User,
    programme: Programme,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.date,
    methods: list[str],
    description: str = "",
    team: Iterable[User] = (),
    preload: bool = True,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> Evaluation:
    """Create an evaluation; the creating evaluator joins the team. With `preload`, the
    report's questionnaire, interview guides and success-factor codebook are added."""
    if not access.can_create_evaluation(user):
        raise PermissionDenied
    team = list(team)
    if user not in team:
        team.append(user)
    _check_evaluation(
        {
            "period_start": period_start,
            "period_end": period_end,
            "as_of": as_of,
            "methods": methods,
            "team": team,
        }
    )
    evaluation = Evaluation.objects.create(
        programme=programme,
        title=title,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        methods=list(methods),
        description=description,
        data_source=data_source,
        source_note=source_note,
    )
    evaluation.team.set(team)
    record(user=user, action=Action.CREATE, target=evaluation, after=snapshot(evaluation))
    if preload:
        preload_instruments(user=user, evaluation=evaluation)
    return evaluation


@transaction.atomic
def evaluation_update(
    *, user: User, evaluation: Evaluation, version: int | None, **data
) -> Evaluation:
    _require_team(user, evaluation)
    merged = {
        f: data.get(f, getattr(evaluation, f))
        for f in ("period_start", "period_end", "as_of", "methods")
    }
    team = data.pop("team", None)
    _check_evaluation({**merged, "team": team})
    before = snapshot(evaluation)
    bump_version(evaluation, version)
    for field in ("title", "period_start", "period_end", "as_of", "methods", "description"):
        if field in data:
            setattr(evaluation, field, data[field])
    evaluation.save()
    if team is not None:
        evaluation.team.set(team)
    record(
        user=user,
        action=Action.UPDATE,
        target=evaluation,
        before=before,
        after=snapshot(evaluation),
    )
    return evaluation


@transaction.atomic
def preload_instruments(*, user: User, evaluation: Evaluation) -> None:
    """Appendix 1's questionnaire, appendix 2's guides and the success-factor codebook."""
    from boligsosial.evaluation import preload

    if not evaluation.questionnaires.filter(form_id=preload.appendix_1_spec()["form_id"]).exists():
        questionnaire_create_from_spec(
            user=user,
            evaluation=evaluation,
            spec=preload.appendix_1_spec(),
            data_source=DataSource.REPORT,
            source_note=preload.REPORT_NOTE,
        )
    for guide_spec in preload.GUIDES:
        if evaluation.guides.filter(audience=guide_spec["audience"]).exists():
            continue
        guide = InterviewGuide.objects.create(
            evaluation=evaluation,
            audience=guide_spec["audience"],
            title=guide_spec["title"],
            dated=preload.GUIDE_DATE,
            introduction=guide_spec["introduction"],
            way_forward_introduction=guide_spec["way_forward_introduction"],
            data_source=DataSource.REPORT,
            source_note=preload.GUIDE_NOTE,
        )
        GuideQuestion.objects.bulk_create(
            GuideQuestion(guide=guide, number=n, part=part, text=text)
            for n, part, text in guide_spec["questions"]
        )
        record(
            user=user, action=Action.CREATE, target=guide, scope=evaluation, after=snapshot(guide)
        )
    order = 0
    for slug, name, framework, description, color, children in preload.CODEBOOK:
        if Code.objects.filter(evaluation=evaluation, slug=slug).exists():
            continue
        order += 1
        parent = Code.objects.create(
            evaluation=evaluation,
            slug=slug,
            name=name,
            framework=framework,
            description=description,
            color=color,
            order=order * 100,
            is_codable=False,
            data_source=DataSource.REPORT,
            source_note="Rapporten kap. 6",
        )
        for index, (child_slug, child_name, child_color) in enumerate(children, start=1):
            Code.objects.create(
                evaluation=evaluation,
                parent=parent,
                slug=child_slug,
                name=child_name,
                framework=framework,
                color=child_color,
                order=order * 100 + index,
                data_source=DataSource.REPORT,
                source_note="Rapporten kap. 6",
            )
    record(
        user=user,
        action=Action.IMPORT,
        target=evaluation,
        comment=_("Kodebok med suksessfaktorer lagt inn."),
    )
