"""Inclusion tags other apps' pages use to show instruments data (they query here, not there)."""

from django import template

from boligsosial.instruments import access, selectors
from boligsosial.instruments.models import ImportBatch, Instrument

register = template.Library()


@register.inclusion_tag("instruments/_participation_section.html")
def instruments_for_participation(participation, user, as_of):
    start_loans = None
    if (
        participation.start_date
        and participation.start_date <= as_of
        and access.can_see_code(
            user,
            participation.municipality.code,
            selectors.default_structure_date(participation.start_date.year),
        )
    ):
        to_year = min(
            as_of.year, max(selectors.complete_years(Instrument.START_LOAN) or [as_of.year])
        )
        result = selectors.growth(
            programme=participation.programme,
            instrument=Instrument.START_LOAN,
            to_year=to_year,
            as_of=as_of,
            participation_id=participation.pk,
        )
        start_loans = next((r for r in result.rows if r.participation_id == participation.pk), None)
        if start_loans and start_loans.baseline_year >= start_loans.to_year:
            start_loans = None
    return {
        "applications": selectors.applications_for_participation(participation),
        "start_loans": start_loans,
        "can_apply": access.can_apply_for(user, participation),
    }


@register.inclusion_tag("instruments/_municipality_statistics.html")
def municipality_statistics(code, user):
    return {
        "statistics": selectors.statistics_for(code),
        "population_batch": ImportBatch.objects.filter(kind=ImportBatch.Kind.POPULATION).first(),
    }
