"""Writes for goals, measures, results and evidence. Web views and the API call these.

Every function checks permission, validates, saves and writes the audit entry with the
participation as scope, inside one transaction. Measures are re-indexed for the
good-practice library whenever they or their results change.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.concurrency import bump_version
from boligsosial.core.formatting import format_date
from boligsosial.core.validation import check_fields
from boligsosial.plans import access as plan_access
from boligsosial.plans.evidence import check_upload
from boligsosial.plans.models import (
    ALLOWED_PARENT_LEVELS,
    FUNDING_YEARS,
    Evidence,
    Funding,
    Goal,
    GoalLevel,
    GoalMeasurement,
    Measure,
    MeasureMethod,
    MeasureStatus,
    MeasureTargetGroup,
    Method,
    Result,
    StatusEvent,
    TargetGroup,
)

GOAL_FIELDS = (
    "parent",
    "level",
    "title",
    "description",
    "position",
    "disaggregation",
    "custom_measure_name",
    "custom_measure_definition",
    "custom_measure_unit",
    "custom_better",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "indicator",
    "data_source",
    "source_note",
)
RESULT_GOAL_ONLY = (
    "indicator",
    "disaggregation",
    "custom_measure_name",
    "custom_measure_definition",
    "custom_measure_unit",
    "custom_better",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
)
MEASURE_FIELDS = (
    "kind",
    "name",
    "description",
    "leader",
    "partners",
    "start_date",
    "end_date",
    "data_source",
    "source_note",
)


def _require(user, participation) -> None:
    if not plan_access.can_edit_plan(user, participation):
        raise PermissionDenied


# Goals ------------------------------------------------------------------------------


def validate_goal(participation, goal: Goal, data: dict) -> None:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    level, parent = data.get("level"), data.get("parent")
    if not (data.get("title") or "").strip():
        add("title", _("Skriv målet."))
    if level not in GoalLevel.values:
        add("level", _("Velg nivå: visjon, hovedmål, delmål eller resultatmål."))
    else:
        allowed = ALLOWED_PARENT_LEVELS[GoalLevel(level)]
        parent_level = parent.level if parent else None
        if parent is not None and parent.participation_id != participation.pk:
            add(
                "parent",
                _(
                    "Det overordnede målet hører til en annen kommune. Velg et mål i denne kommunens målhierarki."
                ),
            )
        elif parent_level not in allowed:
            names = ", ".join(GoalLevel(x).label.lower() for x in allowed if x) or _("ingen")
            if parent is None:
                add(
                    "parent",
                    _(
                        "Et %(level)s må ligge under et overordnet mål (%(allowed)s). Velg overordnet mål."
                    )
                    % {"level": GoalLevel(level).label.lower(), "allowed": names},
                )
            else:
                add(
                    "parent",
                    _(
                        "Et %(level)s kan ikke ligge under et %(parent)s. Velg et overordnet mål av typen: %(allowed)s."
                    )
                    % {
                        "level": GoalLevel(level).label.lower(),
                        "parent": parent.get_level_display().lower(),
                        "allowed": names,
                    },
                )
        if parent is not None and goal.pk:
            ancestor = parent
            while ancestor is not None:
                if ancestor.pk == goal.pk:
                    add(
                        "parent",
                        _("Et mål kan ikke ligge under seg selv eller et av sine egne undermål."),
                    )
                    break
                ancestor = ancestor.parent
    if level == GoalLevel.RESULT:
        if data.get("indicator") and data.get("custom_measure_name"):
            add(
                "custom_measure_name",
                _("Velg enten en indikator eller et eget måltall, ikke begge."),
            )
        if (
            data.get("custom_measure_name")
            and not (data.get("custom_measure_definition") or "").strip()
        ):
            add(
                "custom_measure_definition",
                _("Beskriv hvordan det egne måltallet telles, slik at andre kan måle det likt."),
            )
        baseline_date, target_date = data.get("baseline_date"), data.get("target_date")
        if baseline_date and target_date and target_date <= baseline_date:
            add(
                "target_date",
                _("Måldatoen (%(target)s) må være etter datoen for utgangsverdien (%(base)s).")
                % {"target": format_date(target_date), "base": format_date(baseline_date)},
            )
        if (data.get("baseline_value") is None) != (baseline_date is None):
            add(
                "baseline_date",
                _("Oppgi både utgangsverdi og datoen den gjelder, eller ingen av dem."),
            )
    else:
        filled = [f for f in RESULT_GOAL_ONLY if data.get(f) not in (None, "")]
        if filled:
            add(
                "level",
                _(
                    "Indikator, utgangsverdi og målverdi hører bare til resultatmål. Velg nivået resultatmål eller fjern tallene."
                ),
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_save(
    *,
    user,
    participation,
    goal: Goal | None = None,
    version: int | None = None,
    national_goals=None,
    **data,
) -> Goal:
    """Create (goal None) or update a goal. `national_goals` is a list of NationalGoal or None (unchanged)."""
    _require(user, participation)
    goal = goal or Goal(participation=participation)
    fields = GOAL_FIELDS
    merged = {f: data.get(f, getattr(goal, f, None)) for f in fields}
    for text_field in (
        "title",
        "description",
        "disaggregation",
        "custom_measure_name",
        "custom_measure_definition",
        "custom_measure_unit",
        "custom_better",
        "source_note",
    ):
        merged[text_field] = (merged.get(text_field) or "").strip()
    validate_goal(participation, goal, merged)
    if national_goals and merged["level"] != GoalLevel.MAIN:
        raise ValidationError(
            {"national_goals": _("Bare hovedmål knyttes til de nasjonale hovedmålene.")}
        )
    before = snapshot(goal) if goal.pk else None
    for field, value in merged.items():
        if value is None and field in ("data_source",):
            continue
        setattr(goal, field, value)
    check_fields(goal)
    if goal.pk:
        bump_version(goal, version)
    goal.save()
    if national_goals is not None:
        goal.national_goals.set(national_goals)
    record(
        user=user,
        action=Action.UPDATE if before else Action.CREATE,
        target=goal,
        scope=participation,
        before=before,
        after=snapshot(goal),
    )
    return goal


@transaction.atomic
def goal_delete(*, user, goal: Goal) -> None:
    _require(user, goal.participation)
    if goal.children.exists():
        raise ValidationError(
            {"__all__": _("Målet har undermål. Flytt eller slett undermålene først.")}
        )
    record(
        user=user,
        action=Action.DELETE,
        target=goal,
        scope=goal.participation,
        before=snapshot(goal),
    )
    goal.delete()


@transaction.atomic
def measurement_add(
    *, user, goal: Goal, date: dt.date, value: Decimal, note: str = "", **provenance
) -> GoalMeasurement:
    _require(user, goal.participation)
    if not goal.custom_measure_name:
        raise ValidationError(
            {
                "value": _(
                    "Målinger registreres bare for resultatmål med eget måltall. Indikatorer får tall fra godkjente rapporter."
                )
            }
        )
    if value is None or date is None:
        raise ValidationError({"value": _("Oppgi både dato og verdi.")})
    check_fields(GoalMeasurement(goal=goal, date=date, value=value, note=note, **provenance))
    measurement, created = GoalMeasurement.objects.update_or_create(
        goal=goal,
        date=date,
        defaults={"value": value, "note": note, **provenance},
    )
    record(
        user=user,
        action=Action.CREATE if created else Action.UPDATE,
        target=measurement,
        scope=goal.participation,
        after=snapshot(measurement),
    )
    return measurement


# Measures ----------------------------------------------------------------------------


def _check_codes(values, choices, field: str, message: str) -> list[str]:
    values = list(dict.fromkeys(values or []))
    wrong = [v for v in values if v not in choices.values]
    if wrong:
        raise ValidationError({field: message % {"values": ", ".join(wrong)}})
    return values


@transaction.atomic
def measure_save(
    *,
    user,
    participation,
    measure: Measure | None = None,
    version: int | None = None,
    target_groups: list[str] | None = None,
    methods: list[str] | None = None,
    goals: list[Goal] | None = None,
    status: str = MeasureStatus.IDEA,
    status_date: dt.date | None = None,
    **data,
) -> Measure:
    """Create (measure None) or update a measure's description.

    On creation, `status` from `status_date` (default: the start date, else today) is the
    first entry of the status history; later changes go through `measure_set_status`.
    """
    _require(user, participation)
    measure = measure or Measure(participation=participation)
    merged = {f: data.get(f, getattr(measure, f, None)) for f in MEASURE_FIELDS}
    for text_field in ("name", "description", "leader", "partners", "source_note"):
        merged[text_field] = (merged.get(text_field) or "").strip()
    errors = {}
    if not merged["name"]:
        errors["name"] = [_("Skriv navnet på delprosjektet eller tiltaket.")]
    if merged["start_date"] and merged["end_date"] and merged["end_date"] < merged["start_date"]:
        errors["end_date"] = [_("Sluttdatoen kan ikke være før startdatoen.")]
    if goals and any(g.participation_id != participation.pk for g in goals):
        errors["goals"] = [_("Et tiltak kan bare knyttes til mål i egen kommunes målhierarki.")]
    if errors:
        raise ValidationError(errors)
    target_groups = (
        None
        if target_groups is None
        else _check_codes(
            target_groups,
            TargetGroup,
            "target_groups",
            _("Ukjent målgruppe: %(values)s. Velg fra listen."),
        )
    )
    methods = (
        None
        if methods is None
        else _check_codes(
            methods, Method, "methods", _("Ukjent metode: %(values)s. Velg fra listen.")
        )
    )
    before = snapshot(measure, exclude=("search_text",)) if measure.pk else None
    for field, value in merged.items():
        if value is None and field == "data_source":
            continue
        setattr(measure, field, value)
    check_fields(measure)
    if measure.pk:
        bump_version(measure, version)
    measure.save()
    if target_groups is not None:
        measure.target_groups.exclude(code__in=target_groups).delete()
        for code in target_groups:
            MeasureTargetGroup.objects.get_or_create(measure=measure, code=code)
    if methods is not None:
        measure.methods.exclude(code__in=methods).delete()
        for code in methods:
            MeasureMethod.objects.get_or_create(measure=measure, code=code)
    if goals is not None:
        measure.goals.set(goals)
    if before is None:
        if status not in MeasureStatus.values:
            raise ValidationError({"status": _("Velg en status fra listen.")})
        StatusEvent.objects.create(
            measure=measure,
            status=status,
            date=status_date or measure.start_date or timezone.localdate(),
            data_source=measure.data_source,
            source_note=measure.source_note,
        )
        measure.status = status
        started = measure.started_on()
        if started and measure.start_date is None:
            measure.start_date = started
        measure.save(update_fields=["status", "start_date"])
    reindex_measure(measure)
    after = snapshot(measure, exclude=("search_text",))
    after["målgrupper"], after["metoder"] = measure.target_group_labels(), measure.method_labels()
    record(
        user=user,
        action=Action.UPDATE if before else Action.CREATE,
        target=measure,
        scope=participation,
        before=before,
        after=after,
    )
    return measure


@transaction.atomic
def measure_set_status(
    *,
    user,
    measure: Measure,
    status: str,
    date: dt.date,
    version: int | None = None,
    date_note: str = "",
    note: str = "",
    **provenance,
) -> StatusEvent:
    """Record that the measure has `status` from `date` on; the latest event is the current status."""
    _require(user, measure.participation)
    if status not in MeasureStatus.values:
        raise ValidationError({"status": _("Velg en status fra listen.")})
    if date is None:
        raise ValidationError({"date": _("Oppgi datoen statusen gjelder fra.")})
    before = {"status": measure.get_status_display()}
    event = StatusEvent(
        measure=measure, status=status, date=date, date_note=date_note, note=note, **provenance
    )
    check_fields(event)
    bump_version(measure, version)
    event.save()
    latest = measure.status_events.order_by("-date", "-id").first()
    measure.status = latest.status
    started = measure.started_on()
    if started and (measure.start_date is None or started < measure.start_date):
        measure.start_date = started
    if (
        status in (MeasureStatus.COMPLETED, MeasureStatus.STOPPED, MeasureStatus.ORDINARY_OPERATION)
        and latest == event
    ):
        measure.end_date = date
    measure.save(update_fields=["status", "start_date", "end_date", "updated_at"])
    reindex_measure(measure)
    record(
        user=user,
        action=Action.TRANSITION,
        target=measure,
        scope=measure.participation,
        before=before,
        after={"status": measure.get_status_display(), "fra dato": date.isoformat()},
        comment=note,
    )
    return event


@transaction.atomic
def measure_publish(
    *, user, measure: Measure, published: bool, version: int | None = None
) -> Measure:
    _require(user, measure.participation)
    if published and not measure.description.strip():
        raise ValidationError(
            {
                "published": _(
                    "Skriv en beskrivelse før du publiserer, så andre kommuner forstår hva tiltaket er."
                )
            }
        )
    before = {"publisert": measure.published}
    bump_version(measure, version)
    measure.published = published
    measure.published_at = timezone.now() if published else None
    measure.save(update_fields=["published", "published_at", "updated_at"])
    record(
        user=user,
        action=Action.TRANSITION,
        target=measure,
        scope=measure.participation,
        before=before,
        after={"publisert": published},
    )
    return measure


@transaction.atomic
def measure_delete(*, user, measure: Measure) -> None:
    _require(user, measure.participation)
    record(
        user=user,
        action=Action.DELETE,
        target=measure,
        scope=measure.participation,
        before=snapshot(measure, exclude=("search_text",)),
    )
    paths = [e.path for r in measure.results.all() for e in r.evidence.all()]
    pk = measure.pk
    measure.delete()
    _fts_delete(pk)
    transaction.on_commit(lambda: [p.unlink(missing_ok=True) for p in paths])


@transaction.atomic
def funding_add(
    *,
    user,
    measure: Measure,
    source: str,
    year: int | None = None,
    amount_nok=None,
    description: str = "",
    **provenance,
) -> Funding:
    _require(user, measure.participation)
    from boligsosial.plans.models import FundingSource

    if source not in FundingSource.values:
        raise ValidationError({"source": _("Velg finansieringskilde fra listen.")})
    if amount_nok is not None and amount_nok < 0:
        raise ValidationError({"amount_nok": _("Beløpet kan ikke være negativt.")})
    if year is not None and not FUNDING_YEARS[0] <= year <= FUNDING_YEARS[1]:
        raise ValidationError(
            {
                "year": _("Året må være mellom %(first)s og %(last)s.")
                % {"first": FUNDING_YEARS[0], "last": FUNDING_YEARS[1]}
            }
        )
    funding = Funding(
        measure=measure,
        source=source,
        year=year,
        amount_nok=amount_nok,
        description=description or "",
        **provenance,
    )
    check_fields(funding)
    funding.save()
    record(
        user=user,
        action=Action.CREATE,
        target=funding,
        scope=measure.participation,
        after=snapshot(funding),
    )
    return funding


@transaction.atomic
def funding_remove(*, user, funding: Funding) -> None:
    _require(user, funding.measure.participation)
    record(
        user=user,
        action=Action.DELETE,
        target=funding,
        scope=funding.measure.participation,
        before=snapshot(funding),
    )
    funding.delete()


# Results and evidence ---------------------------------------------------------------


@transaction.atomic
def result_add(
    *,
    user,
    measure: Measure,
    date: dt.date,
    text: str,
    value=None,
    value_label: str = "",
    value_unit: str = "",
    date_note: str = "",
    indicator=None,
    files=(),
    **provenance,
) -> Result:
    _require(user, measure.participation)
    errors = {}
    if not (text or "").strip():
        errors["text"] = [_("Beskriv resultatet.")]
    if date is None:
        errors["date"] = [_("Oppgi datoen resultatet gjelder.")]
    if value is not None and indicator is None and not (value_label or "").strip():
        errors["value_label"] = [
            _(
                "Skriv hva tallet måler, for eksempel «leietakere som har kjøpt bolig», eller velg indikatoren det gjelder."
            )
        ]
    if indicator is not None and value is None:
        errors["value"] = [_("Oppgi tallet for indikatoren, eller fjern indikatoren.")]
    checked = []
    for uploaded in files or ():
        try:
            checked.append((uploaded.name, check_upload(uploaded)))
        except ValidationError as error:
            errors.setdefault("file", []).extend(error.message_dict.get("file", error.messages))
    if errors:
        raise ValidationError(errors)
    result = Result(
        measure=measure,
        date=date,
        text=text.strip(),
        value=value,
        indicator=indicator,
        value_label=(value_label or "").strip(),
        value_unit=(value_unit or "").strip(),
        date_note=date_note or "",
        **provenance,
    )
    check_fields(result)
    result.save()
    for name, checked_file in checked:
        _store_evidence(user=user, result=result, name=name, checked=checked_file)
    reindex_measure(measure)
    record(
        user=user,
        action=Action.CREATE,
        target=result,
        scope=measure.participation,
        after=snapshot(result),
    )
    return result


@transaction.atomic
def result_delete(*, user, result: Result) -> None:
    measure = result.measure
    _require(user, measure.participation)
    paths = [e.path for e in result.evidence.all()]
    record(
        user=user,
        action=Action.DELETE,
        target=result,
        scope=measure.participation,
        before=snapshot(result),
    )
    result.delete()
    reindex_measure(measure)
    transaction.on_commit(lambda: [p.unlink(missing_ok=True) for p in paths])


@transaction.atomic
def evidence_add(*, user, result: Result, uploaded) -> Evidence:
    _require(user, result.measure.participation)
    checked = check_upload(uploaded)
    return _store_evidence(user=user, result=result, name=uploaded.name, checked=checked)


def _store_evidence(*, user, result: Result, name: str, checked) -> Evidence:
    evidence = Evidence(
        result=result,
        original_name=name[:255],
        kind=checked.kind,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=checked.sha256,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    path = evidence.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(checked.data)
    try:
        evidence.save()
    except Exception:
        path.unlink(missing_ok=True)
        raise
    record(
        user=user,
        action=Action.CREATE,
        target=evidence,
        scope=result.measure.participation,
        after={"fil": name, "type": checked.kind, "størrelse": len(checked.data)},
    )
    return evidence


@transaction.atomic
def evidence_delete(*, user, evidence: Evidence) -> None:
    participation = evidence.result.measure.participation
    _require(user, participation)
    path = evidence.path
    record(
        user=user,
        action=Action.DELETE,
        target=evidence,
        scope=participation,
        before={"fil": evidence.original_name},
    )
    evidence.delete()
    transaction.on_commit(lambda: path.unlink(missing_ok=True))


# Full-text index --------------------------------------------------------------------


def build_search_text(measure: Measure) -> str:
    participation = measure.participation
    parts = [
        measure.name,
        measure.description,
        participation.municipality.name,
        measure.leader,
        measure.partners,
        " ".join(measure.target_group_labels()),
        " ".join(measure.method_labels()),
        measure.get_status_display(),
    ]
    parts += [r.text + " " + (r.value_label or "") for r in measure.results.all()]
    return "\n".join(p for p in parts if p)


def reindex_measure(measure: Measure) -> None:
    text = build_search_text(measure)
    Measure.objects.filter(pk=measure.pk).update(search_text=text)
    measure.search_text = text
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM plans_measure_fts WHERE rowid = %s", [measure.pk])
            cursor.execute(
                "INSERT INTO plans_measure_fts(rowid, search_text) VALUES (%s, %s)",
                [measure.pk, text],
            )


def _fts_delete(pk: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM plans_measure_fts WHERE rowid = %s", [pk])


@dataclass
class ReindexCounts:
    measures: int
    stale_texts: int
    index_rows_before: int | None
    index_rows_after: int | None


PG_SEARCH_INDEX = (
    "CREATE INDEX IF NOT EXISTS plans_measure_search_gin ON plans_measure "
    "USING gin (to_tsvector('norwegian'::regconfig, COALESCE(search_text, '')))"
)


def _fts_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM plans_measure_fts")
        return cursor.fetchone()[0]


@transaction.atomic
def reindex_library() -> ReindexCounts:
    """Rebuild the whole full-text index of the good-practice library; safe to run again.

    Every measure's search text is rebuilt from its current content. SQLite: the FTS5 table
    is emptied and filled from those texts (a restore with loaddata leaves it empty).
    PostgreSQL: the GIN index on the texts is created if a restore left it out.
    """
    measures = list(
        Measure.objects.select_related("participation__municipality").prefetch_related(
            "target_groups", "methods", "results"
        )
    )
    stale = []
    for measure in measures:
        text = build_search_text(measure)
        if text != measure.search_text:
            measure.search_text = text
            stale.append(measure)
    Measure.objects.bulk_update(stale, ["search_text"], batch_size=500)
    before = after = None
    if connection.vendor == "sqlite":
        before = _fts_count()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM plans_measure_fts")
            cursor.executemany(
                "INSERT INTO plans_measure_fts(rowid, search_text) VALUES (%s, %s)",
                [(m.pk, m.search_text) for m in measures],
            )
        after = _fts_count()
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'plans_measure_search_gin'")
            if cursor.fetchone() is None:
                cursor.execute(PG_SEARCH_INDEX)
    return ReindexCounts(
        measures=len(measures),
        stale_texts=len(stale),
        index_rows_before=before,
        index_rows_after=after,
    )
