"""Routes for the analyses (growth, frame share, comparison, effect, series), computed
by the selectors on every request."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from boligsosial.instruments import access, selectors
from boligsosial.instruments.api.router import require_user, router
from boligsosial.instruments.api.schemas import (
    ComparisonOut,
    DidOut,
    GrowthOut,
    ShareOut,
)
from boligsosial.instruments.bounds import (
    AnalysisYear,
    InstrumentParam,
    MeasureParam,
)
from boligsosial.instruments.models import (
    Instrument,
    Measure,
)
from boligsosial.instruments.selectors import SeriesResult


def _years(first: int, last: int, what: str) -> range:
    """The years from `first` to `last`; an empty span is refused with a Norwegian message."""
    if first > last:
        raise ValidationError(
            {
                what: _("Fra-året (%(first)s) må være før eller lik til-året (%(last)s).")
                % {"first": first, "last": last}
            }
        )
    return range(first, last + 1)


def _programme(request, programme: int | None):
    require_user(request)
    return access.get_programme_for_user(request.auth, programme)


@router.get(
    "/analyses/growth", response=GrowthOut, summary="Vekst fra basisår (tomt: året før oppstart)"
)
def analysis_growth(
    request,
    instrument: InstrumentParam = Instrument.START_LOAN,
    to_year: AnalysisYear = 2011,
    baseline_year: AnalysisYear | None = None,
    measure: MeasureParam = Measure.AMOUNT,
    structure_date: dt.date | None = None,
    programme: int | None = None,
):
    result = selectors.growth(
        programme=_programme(request, programme),
        instrument=instrument,
        to_year=to_year,
        baseline_year=baseline_year,
        as_of=request.as_of,
        measure=measure,
        structure_date=structure_date,
    )
    access.redact_rows(request.auth, result, result.structure_date)
    return {
        **result.__dict__,
        "unit": result.unit,
        "baseline": result.baseline_label,
        "rows": result.visible_rows(),
    }


@router.get(
    "/analyses/frame-share",
    response=ShareOut,
    summary="Programkommunenes andel av en regional ramme",
)
def analysis_share(
    request,
    instrument: InstrumentParam = Instrument.COMPETENCE_GRANT,
    year: AnalysisYear = 2011,
    programme: int | None = None,
):
    result = selectors.frame_share(
        programme=_programme(request, programme),
        instrument=instrument,
        year=year,
        as_of=request.as_of,
    )
    access.redact_rows(request.auth, result, selectors.default_structure_date(year))
    return {**result.__dict__, "frame_amount": result.frame_amount, "rows": result.visible_rows()}


@router.get(
    "/analyses/comparison",
    response=ComparisonOut,
    summary="Programkommuner mot resten av regionen per 1 000",
)
def analysis_comparison(
    request,
    instrument: InstrumentParam = Instrument.HOUSING_ALLOWANCE,
    from_year: AnalysisYear = 2008,
    to_year: AnalysisYear = 2011,
    measure: MeasureParam = Measure.COUNT,
    programme: int | None = None,
):
    result = selectors.comparison(
        programme=_programme(request, programme),
        instrument=instrument,
        years=_years(from_year, to_year, "from_year"),
        as_of=request.as_of,
        measure=measure,
    )
    return {
        **result.__dict__,
        "unit": result.unit,
        "programme_change": result.programme_change,
        "rest_change": result.rest_change,
    }


def _did_post_years(pre_to: int, post_from: int, post_to: int) -> range:
    if post_from <= pre_to:
        raise ValidationError(
            {"post_from": _("Perioden etter må begynne etter at perioden før er slutt.")}
        )
    return _years(post_from, post_to, "post_from")


@router.get(
    "/analyses/did", response=DidOut, summary="Forskjell i forskjeller med konfidensintervall"
)
def analysis_did(
    request,
    instrument: InstrumentParam = Instrument.START_LOAN,
    pre_from: AnalysisYear = 2008,
    pre_to: AnalysisYear = 2009,
    post_from: AnalysisYear = 2010,
    post_to: AnalysisYear = 2011,
    measure: MeasureParam = Measure.AMOUNT,
    per_thousand: bool = True,
    programme: int | None = None,
):
    result = selectors.did_estimate(
        programme=_programme(request, programme),
        instrument=instrument,
        pre_years=_years(pre_from, pre_to, "pre_from"),
        post_years=_did_post_years(pre_to, post_from, post_to),
        as_of=request.as_of,
        measure=measure,
        per_thousand=per_thousand,
    )
    return {**result.__dict__, "unit": result.unit}


@router.get(
    "/analyses/series", response=SeriesResult, summary="Serie i kommunestrukturen per en dato"
)
def analysis_series(
    request,
    code: str,
    structure_date: dt.date,
    from_year: AnalysisYear,
    to_year: AnalysisYear,
    instrument: InstrumentParam = Instrument.START_LOAN,
    measure: MeasureParam = Measure.AMOUNT,
):
    require_user(request)
    result = selectors.series_in_structure(
        code=code,
        instrument=instrument,
        years=_years(from_year, to_year, "from_year"),
        structure_date=structure_date,
        measure=measure,
    )
    if not any(access.can_see_code(request.auth, c, structure_date) for c in result.target_codes):
        raise Http404
    return result
