"""Reading instrument figures and computing the programme's analyses (report §4.3).

Every aggregate is computed here from the stored figures each time it is asked for; none is
stored. The evaluation report calls these functions; their signatures are stable:

    growth(programme=, instrument=, to_year=, baseline_year=None, as_of=, measure="amount",
           structure_date=None) -> GrowthResult
        Growth in the use of an instrument for the programme as a whole and per municipality.
        `baseline_year=None` means "the year before joining" for each municipality (report:
        "since the programme started"); a number compares every municipality with that year.
        `.change_percent` is the programme's growth: (sum of to-year − sum of baselines) /
        sum of baselines, over the municipalities with both figures. `.rows` holds the
        numbers behind it; `.excluded` names municipalities left out for missing figures.

    frame_share(programme=, instrument=, year=, as_of=) -> ShareResult
        The programme municipalities' part of the region's frame for a grant in a year, with
        the region's target (`.target_percent`) and how much of the frame the programme's
        decided applications have committed (`.committed`).

    share_series(programme=, instrument=, years=, as_of=) -> list[ShareResult]

    comparison(programme=, instrument=, years=, as_of=, measure=..., structure_date=None)
        -> ComparisonResult: programme municipalities against the rest of the region, per
        1 000 inhabitants, year by year.

    did_estimate(programme=, instrument=, pre_years=, post_years=, as_of=, measure=...,
                 per_thousand=True, structure_date=None, cov_type="cluster") -> DidResult
        Difference-in-differences: OLS of y on treated, post and treated×post (statsmodels);
        `.estimate` is the interaction coefficient with `.ci_low`/`.ci_high` (95 %), and
        `.note` says in plain Norwegian what a handful of municipalities can and cannot show.

    series_in_structure(code=, instrument=, years=, structure_date=, measure="amount")
        -> SeriesResult: one municipality's series in the municipal structure valid at
        `structure_date`, with the old codes that make up each year (e.g. Sandefjord 3907
        2015–2016 = 0706 + 0719 + 0720).

Structure: figures are stored under the kommunenummer they were filed under. Each analysis
maps every code to the structure valid at `structure_date` (default 31 December of the last
year analysed) through `municipalities.selectors.codes_valid_at`, so merged municipalities
are compared like with like. A code that maps to several codes (a split) cannot be
apportioned and is reported in `.unassigned`.

Missing figures are None and are never counted as 0: a municipality without both figures is
left out of a total and named in `.excluded`.
"""

from boligsosial.instruments.models import measure_unit_label
from boligsosial.instruments.selectors.common import any_illustrative, default_structure_date
from boligsosial.instruments.selectors.comparison import (
    ComparisonResult,
    ComparisonYear,
    comparison,
)
from boligsosial.instruments.selectors.did import DidResult, did_estimate, did_from_panel, did_note
from boligsosial.instruments.selectors.figures import (
    applications_for_participation,
    complete_years,
    figure_years,
    figures_table,
    statistics_for,
)
from boligsosial.instruments.selectors.frames import (
    FrameRow,
    ShareResult,
    ShareRow,
    frame_overview,
    frame_share,
    share_chart,
    share_series,
)
from boligsosial.instruments.selectors.growth import GrowthResult, GrowthRow, growth
from boligsosial.instruments.selectors.series import SeriesResult, SeriesYear, series_in_structure
from boligsosial.instruments.selectors.structure import (
    Structured,
    StructureMapper,
    Unit,
    check_measure,
    code_names,
    programme_units,
    region_codes,
    structured_population,
    structured_values,
    yearly_values,
)

__all__ = [
    "ComparisonResult",
    "ComparisonYear",
    "DidResult",
    "FrameRow",
    "GrowthResult",
    "GrowthRow",
    "SeriesResult",
    "SeriesYear",
    "ShareResult",
    "ShareRow",
    "StructureMapper",
    "Structured",
    "Unit",
    "any_illustrative",
    "applications_for_participation",
    "check_measure",
    "code_names",
    "comparison",
    "complete_years",
    "default_structure_date",
    "did_estimate",
    "did_from_panel",
    "did_note",
    "figure_years",
    "figures_table",
    "frame_overview",
    "frame_share",
    "growth",
    "measure_unit_label",
    "programme_units",
    "region_codes",
    "series_in_structure",
    "share_chart",
    "share_series",
    "statistics_for",
    "structured_population",
    "structured_values",
    "yearly_values",
]
