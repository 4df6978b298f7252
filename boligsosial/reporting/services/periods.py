"""Writes for reporting periods, their deadlines and new indicator versions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boligsosial.audit.models import Action
from boligsosial.audit.services import record
from boligsosial.core.formatting import format_date
from boligsosial.reporting import access
from boligsosial.reporting.models import (
    Indicator,
    PeriodKind,
    ProgrammeReportingSettings,
    ReportingPeriod,
    ReportTemplate,
)

if TYPE_CHECKING:
    from boligsosial.accounts.models import User
    from boligsosial.programmes.models import Programme


def _period_end(kind: str, start: dt.date) -> dt.date:
    if kind == PeriodKind.YEAR:
        return dt.date(start.year, 12, 31)
    return dt.date(start.year, 6, 30) if start.month <= 6 else dt.date(start.year, 12, 31)


def programme_settings(programme: Programme) -> ProgrammeReportingSettings:
    settings_row, _created = ProgrammeReportingSettings.objects.get_or_create(programme=programme)
    return settings_row


@transaction.atomic
def period_create(
    *,
    user: User,
    programme: Programme,
    kind: str,
    year: int,
    half: int | None = None,
    deadline: dt.date | None = None,
    template: ReportTemplate | None = None,
) -> ReportingPeriod:

    if not access.can_manage_reporting(user):
        raise PermissionDenied
    if kind == PeriodKind.HALF_YEAR and half not in (1, 2):
        raise ValidationError({"half": _("Velg 1. eller 2. halvår.")})
    start = dt.date(year, 1, 1) if kind == PeriodKind.YEAR or half == 1 else dt.date(year, 7, 1)
    end = _period_end(kind, start)
    if deadline is None:
        days = programme_settings(programme)
        deadline = end + dt.timedelta(
            days=days.half_year_deadline_days
            if kind == PeriodKind.HALF_YEAR
            else days.annual_deadline_days
        )
    if deadline < end:
        raise ValidationError(
            {
                "deadline": _(
                    "Fristen (%(deadline)s) kan ikke være før perioden slutter (%(end)s)."
                )
                % {"deadline": format_date(deadline), "end": format_date(end)}
            }
        )
    if ReportingPeriod.objects.filter(programme=programme, kind=kind, start=start).exists():
        raise ValidationError({"year": _("Perioden finnes allerede i dette programmet.")})
    template = (
        template or ReportTemplate.objects.filter(is_current=True).order_by("-version").first()
    )
    if template is None:
        raise ValidationError(_("Det finnes ingen gjeldende rapporteringsmal."))
    period = ReportingPeriod.objects.create(
        programme=programme, kind=kind, start=start, end=end, deadline=deadline, template=template
    )
    record(
        user=user,
        action=Action.CREATE,
        target=period,
        scope=programme,
        after={_("Periode"): period.label, _("Frist"): format_date(deadline)},
    )
    return period


@transaction.atomic
def period_set_deadline(
    *, user: User, period: ReportingPeriod, deadline: dt.date
) -> ReportingPeriod:
    if not access.can_manage_reporting(user):
        raise PermissionDenied
    if deadline < period.end:
        raise ValidationError(
            {
                "deadline": _(
                    "Fristen (%(deadline)s) kan ikke være før perioden slutter (%(end)s)."
                )
                % {"deadline": format_date(deadline), "end": format_date(period.end)}
            }
        )
    before = {_("Frist"): format_date(period.deadline)}
    period.deadline = deadline
    period.save(update_fields=["deadline", "updated_at"])
    record(
        user=user,
        action=Action.UPDATE,
        target=period,
        scope=period.programme,
        before=before,
        after={_("Frist"): format_date(deadline)},
    )
    return period


# Indicator versions ----------------------------------------------------------------

VERSIONED_FIELDS = (
    "name_nb",
    "name_en",
    "definition",
    "unit",
    "aggregation",
    "better",
    "source",
    "min_value",
    "max_value",
    "at_most_code",
    "counts_people",
)


@transaction.atomic
def indicator_new_version(
    *, user: User, indicator: Indicator, change_note: str, valid_from: dt.date, **changes
) -> Indicator:
    """A changed definition makes a new version; the old one and its data stay as they are.

    The current template gets the new version in place of the old; reports already
    started keep the template (and so the indicator version) they were created with.
    """
    if not access.can_manage_reporting(user):
        raise PermissionDenied
    if not change_note.strip():
        raise ValidationError(
            {
                "change_note": _("Skriv hva som er endret i definisjonen av «%(name)s».")
                % {"name": indicator.name}
            }
        )
    current = Indicator.objects.select_for_update().get(code=indicator.code, is_current=True)
    data = {f: changes.get(f, getattr(current, f)) for f in VERSIONED_FIELDS}
    Indicator.objects.filter(pk=current.pk).update(is_current=False)
    new = Indicator.objects.create(
        code=current.code,
        version=current.version + 1,
        group=current.group,
        order=current.order,
        numerator_code=current.numerator_code,
        denominator_code=current.denominator_code,
        valid_from=valid_from,
        change_note=change_note,
        is_current=True,
        **data,
    )
    new.dimensions.set(changes.get("dimensions", current.dimensions.all()))
    for template in ReportTemplate.objects.filter(
        is_current=True, template_indicators__indicator=current
    ):
        _template_swap(template, current, new)
    record(
        user=user,
        action=Action.CREATE,
        target=new,
        after={_("Indikator"): new.code, _("Versjon"): new.version, _("Endring"): change_note},
    )
    return new


def _template_swap(template: ReportTemplate, old: Indicator, new: Indicator) -> None:
    """New template version with `new` instead of `old` — unless no report uses it yet."""
    from boligsosial.reporting.models import TemplateIndicator

    if not template.reports.exists():
        TemplateIndicator.objects.filter(template=template, indicator=old).update(indicator=new)
        return
    successor = ReportTemplate.objects.create(
        name=template.name, version=template.version + 1, is_current=True, valid_from=new.valid_from
    )
    ReportTemplate.objects.filter(pk=template.pk).update(is_current=False)
    for row in template.template_indicators.all():
        TemplateIndicator.objects.create(
            template=successor,
            indicator=new if row.indicator_id == old.pk else row.indicator,
            order=row.order,
        )
    for question in template.questions.all():
        question.pk = None
        question.template = successor
        question.save()
    ReportingPeriod.objects.filter(template=template, reports__isnull=True).update(
        template=successor
    )
