"""Writes for measures: description, dated status history, publication, funding, deletion."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.concurrency import bump_version
from boligsosial.core.storage import delete_private_files
from boligsosial.core.validation import check_fields
from boligsosial.plans.models import (
    FUNDING_YEARS,
    Funding,
    FundingSource,
    Goal,
    Measure,
    MeasureMethod,
    MeasureStatus,
    MeasureTargetGroup,
    Method,
    MethodUse,
    StatusEvent,
    TargetGroup,
)
from boligsosial.plans.services.common import require_plan_editor as _require
from boligsosial.plans.services.library import delete_from_index, reindex_measure
from boligsosial.programmes.models import Participation

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


def _check_codes(
    values: list[str] | None, choices: type[TextChoices], field: str, message: str
) -> list[str] | None:
    """The distinct codes, in order; None (leave unchanged) stays None."""
    if values is None:
        return None
    values = list(dict.fromkeys(values))
    wrong = [v for v in values if v not in choices.values]
    if wrong:
        raise ValidationError({field: message % {"values": ", ".join(wrong)}})
    return values


def _merged_measure_fields(measure: Measure, data: dict) -> dict:
    merged = {f: data.get(f, getattr(measure, f, None)) for f in MEASURE_FIELDS}
    for text_field in ("name", "description", "leader", "partners", "source_note"):
        merged[text_field] = (merged.get(text_field) or "").strip()
    return merged


def _check_measure(
    participation: Participation, merged: dict, goals: list[Goal] | None, status: str | None
) -> None:
    errors = {}
    if not merged["name"]:
        errors["name"] = [_("Skriv navnet på delprosjektet eller tiltaket.")]
    if merged["start_date"] and merged["end_date"] and merged["end_date"] < merged["start_date"]:
        errors["end_date"] = [_("Sluttdatoen kan ikke være før startdatoen.")]
    if goals and any(g.participation_id != participation.pk for g in goals):
        errors["goals"] = [_("Et tiltak kan bare knyttes til mål i egen kommunes målhierarki.")]
    if status is not None and status not in MeasureStatus.values:
        errors["status"] = [_("Velg en status fra listen.")]
    if errors:
        raise ValidationError(errors)


def _set_links(
    measure: Measure,
    target_groups: list[str] | None,
    methods: list[str] | None,
    goals: list[Goal] | None,
    individual_methods: list[str] | None = None,
) -> None:
    """Target groups, methods (the measure's own; those tried with individual users) and
    goals; None leaves that link unchanged. A method that is the measure's own is not also
    recorded as tried with individual users."""
    if target_groups is not None:
        measure.target_groups.exclude(code__in=target_groups).delete()
        for code in target_groups:
            MeasureTargetGroup.objects.get_or_create(measure=measure, code=code)
    if methods is not None:
        measure.methods.filter(use=MethodUse.MEASURE).exclude(code__in=methods).delete()
        for code in methods:
            MeasureMethod.objects.update_or_create(
                measure=measure, code=code, defaults={"use": MethodUse.MEASURE}
            )
    if individual_methods is not None:
        own = set(measure.methods.filter(use=MethodUse.MEASURE).values_list("code", flat=True))
        tried = [code for code in individual_methods if code not in own]
        measure.methods.filter(use=MethodUse.INDIVIDUAL).exclude(code__in=tried).delete()
        for code in tried:
            MeasureMethod.objects.update_or_create(
                measure=measure, code=code, defaults={"use": MethodUse.INDIVIDUAL}
            )
    if goals is not None:
        measure.goals.set(goals)


def _first_status(measure: Measure, status: str, status_date: dt.date | None) -> None:
    """A new measure's first status event; the start date follows from it when not given."""
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


@transaction.atomic
def measure_save(
    *,
    user: User,
    participation: Participation,
    measure: Measure | None = None,
    version: int | None = None,
    target_groups: list[str] | None = None,
    methods: list[str] | None = None,
    individual_methods: list[str] | None = None,
    goals: list[Goal] | None = None,
    status: str = MeasureStatus.IDEA,
    status_date: dt.date | None = None,
    **data: Any,
) -> Measure:
    """Create (measure None) or update a measure's description.

    On creation, `status` from `status_date` (default: the start date, else today) is the
    first entry of the status history; later changes go through `measure_set_status`.
    """
    _require(user, participation)
    creating = measure is None
    measure = measure or Measure(participation=participation)
    merged = _merged_measure_fields(measure, data)
    _check_measure(participation, merged, goals, status if creating else None)
    target_groups = _check_codes(
        target_groups,
        TargetGroup,
        "target_groups",
        _("Ukjent målgruppe: %(values)s. Velg fra listen."),
    )
    methods = _check_codes(
        methods, Method, "methods", _("Ukjent metode: %(values)s. Velg fra listen.")
    )
    individual_methods = _check_codes(
        individual_methods,
        Method,
        "individual_methods",
        _("Ukjent metode prøvd med enkeltbrukere: %(values)s. Velg fra listen."),
    )
    before = None if creating else snapshot(measure, exclude=("search_text",))
    for field, value in merged.items():
        if value is None and field == "data_source":
            continue
        setattr(measure, field, value)
    check_fields(measure)
    if not creating:
        bump_version(measure, version)
    measure.save()
    _set_links(measure, target_groups, methods, goals, individual_methods)
    if creating:
        _first_status(measure, status, status_date)
    reindex_measure(measure)
    after = snapshot(measure, exclude=("search_text",))
    after["målgrupper"], after["metoder"] = measure.target_group_labels(), measure.method_labels()
    after["metoder prøvd med enkeltbrukere"] = measure.individual_method_labels()
    record(
        user=user,
        action=Action.CREATE if creating else Action.UPDATE,
        target=measure,
        scope=participation,
        before=before,
        after=after,
    )
    return measure


@transaction.atomic
def measure_set_status(
    *,
    user: User,
    measure: Measure,
    status: str,
    date: dt.date,
    version: int | None = None,
    date_note: str = "",
    note: str = "",
    **provenance: Any,
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
    latest = measure.status_events.order_by("-date", "-id")[0]  # at least `event`
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
    *, user: User, measure: Measure, published: bool, version: int | None = None
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
def measure_delete(*, user: User, measure: Measure) -> None:
    _require(user, measure.participation)
    record(
        user=user,
        action=Action.DELETE,
        target=measure,
        scope=measure.participation,
        before=snapshot(measure, exclude=("search_text",)),
    )
    names = [e.storage_name for r in measure.results.all() for e in r.evidence.all()]
    pk = measure.pk
    measure.delete()
    delete_from_index(pk)
    transaction.on_commit(lambda: delete_private_files(names))


@transaction.atomic
def funding_add(
    *,
    user: User,
    measure: Measure,
    source: str,
    year: int | None = None,
    amount_nok: Decimal | None = None,
    description: str = "",
    **provenance: Any,
) -> Funding:
    _require(user, measure.participation)

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
def funding_remove(*, user: User, funding: Funding) -> None:
    _require(user, funding.measure.participation)
    record(
        user=user,
        action=Action.DELETE,
        target=funding,
        scope=funding.measure.participation,
        before=snapshot(funding),
    )
    funding.delete()
