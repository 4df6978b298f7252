"""Inclusion tags other apps' pages use to show instruments data (they query here, not there)."""

from django import template

from boligsosial.instruments import access, selectors
from boligsosial.instruments.models import ImportBatch, Instrument
from boligsosial.programmes.stored_sections import stored_section

register = template.Library()


# The applications and payments, the figures (start loans), the programme's participations
# and the registry's code history (the growth follows codes through mergers).
SECTION_APPS = ("municipalities", "programmes", "instruments")


@register.simple_tag
def instruments_for_participation(participation, user, as_of):
    """The participation page's grants section, stored (`programmes.stored_sections`):
    whether the reader sees the start-loan figures is in the key."""
    sees_start_loans = bool(
        participation.start_date
        and participation.start_date <= as_of
        and access.can_see_code(
            user,
            participation.municipality.code,
            selectors.default_structure_date(participation.start_date.year),
        )
    )
    can_apply = access.can_apply_for(user, participation)

    def context() -> dict:
        return {
            "applications": selectors.applications_for_participation(participation),
            "start_loans": _start_loans(participation, as_of) if sees_start_loans else None,
            "can_apply": can_apply,
        }

    return stored_section(
        "instruments",
        participation,
        apps=SECTION_APPS,
        as_of=as_of,
        user=user,
        bits=(sees_start_loans, can_apply),
        template="instruments/_participation_section.html",
        context=context,
    )


def _start_loans(participation, as_of):
    """The participation's start-loan growth from the year before it started, or None."""
    to_year = min(as_of.year, max(selectors.complete_years(Instrument.START_LOAN) or [as_of.year]))
    result = selectors.growth(
        programme=participation.programme,
        instrument=Instrument.START_LOAN,
        to_year=to_year,
        as_of=as_of,
        participation_id=participation.pk,
    )
    start_loans = next((r for r in result.rows if r.participation_id == participation.pk), None)
    if start_loans and start_loans.baseline_year >= start_loans.to_year:
        return None
    return start_loans


@register.inclusion_tag("instruments/_municipality_statistics.html")
def municipality_statistics(code, user):
    return {
        "statistics": selectors.statistics_for(code),
        "population_batch": ImportBatch.objects.filter(kind=ImportBatch.Kind.POPULATION).first(),
    }
