"""Difference in differences with a confidence interval (statsmodels OLS)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from boligsosial.core.charts import LineChart, Series
from boligsosial.core.formatting import format_number
from boligsosial.instruments.models import (
    Instrument,
    Measure,
    measure_unit_label,
)
from boligsosial.instruments.selectors.common import (
    THOUSAND,
    any_illustrative,
    default_structure_date,
)
from boligsosial.instruments.selectors.comparison import treated_and_rest
from boligsosial.instruments.selectors.structure import (
    StructureMapper,
    structured_population,
    structured_values,
)
from boligsosial.programmes.models import Programme

# Difference in differences -------------------------------------------------------------


@dataclass
class DidResult:
    instrument: str
    measure: str
    per_thousand: bool
    pre_years: list[int]
    post_years: list[int]
    structure_date: dt.date
    estimate: float | None
    std_error: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    n_obs: int
    n_treated: int
    n_control: int
    cov_type: str
    cell_means: dict[str, float | None]
    panel: list[dict]
    note: str
    yearly_means: dict[int, tuple[float | None, float | None]] = field(default_factory=dict)
    illustrative: bool = False

    @property
    def instrument_label(self) -> str:
        return str(Instrument(self.instrument).label)

    @property
    def unit(self) -> str:
        unit = measure_unit_label(self.instrument, self.measure)
        return _("%(unit)s per 1 000 innbyggere") % {"unit": unit} if self.per_thousand else unit

    def chart(self) -> LineChart:
        years = sorted(self.yearly_means)
        return LineChart(
            title=_("%(instrument)s: gjennomsnitt per kommune, programkommuner og øvrige kommuner")
            % {"instrument": self.instrument_label},
            categories=[str(y) for y in years],
            series=[
                Series(_("Programkommunene"), [self.yearly_means[y][0] for y in years]),
                Series(_("Øvrige kommuner i regionen"), [self.yearly_means[y][1] for y in years]),
            ],
            unit=self.unit,
            category_label=_("År"),
            decimals=2,
        )

    def csv_rows(self) -> list[list]:
        rows: list[list[Any]] = [
            [_("Kommunenummer"), _("Kommune"), _("År"), _("Programkommune"), _("Etter"), _("Verdi")]
        ]
        for obs in self.panel:
            rows.append(
                [
                    obs["code"],
                    obs["name"],
                    obs["year"],
                    int(obs["treated"]),
                    int(obs["post"]),
                    obs["y"],
                ]
            )
        return rows


def did_estimate(
    *,
    programme: Programme,
    instrument: str,
    pre_years: Iterable[int],
    post_years: Iterable[int],
    as_of: dt.date,
    measure: str = Measure.AMOUNT,
    per_thousand: bool = True,
    structure_date: dt.date | None = None,
    cov_type: str = "cluster",
) -> DidResult:
    pre_years, post_years = sorted(pre_years), sorted(post_years)
    years = pre_years + post_years
    structure_date = structure_date or default_structure_date(years[-1])
    mapper = StructureMapper(structure_date)
    treated, rest = treated_and_rest(programme, as_of, mapper)
    data = structured_values(instrument, years, measure, mapper)
    population = structured_population(years, mapper) if per_thousand else {}
    panel = []
    for code in sorted(treated | rest):
        for year in years:
            value = data.values.get((code, year))
            if value is None:
                continue
            if per_thousand:
                people = population.get((code, year))
                if not people:
                    continue
                value = value / Decimal(people) * THOUSAND
            panel.append(
                {
                    "code": code,
                    "name": mapper.name(code),
                    "year": year,
                    "treated": code in treated,
                    "post": year in post_years,
                    "y": float(value),
                }
            )
    result = did_from_panel(
        panel,
        instrument=instrument,
        measure=measure,
        per_thousand=per_thousand,
        pre_years=pre_years,
        post_years=post_years,
        structure_date=structure_date,
        cov_type=cov_type,
    )
    result.illustrative = any_illustrative(instrument, years)
    return result


def did_from_panel(
    panel: list[dict],
    *,
    instrument: str,
    measure: str,
    per_thousand: bool,
    pre_years: Iterable[int],
    post_years: Iterable[int],
    structure_date: dt.date,
    cov_type: str = "cluster",
) -> DidResult:
    """Fit y = a + b·treated + c·post + d·treated·post by OLS; d is the estimate."""
    pre_years, post_years = list(pre_years), list(post_years)
    cells = _cell_means(panel)
    result = DidResult(
        instrument,
        measure,
        per_thousand,
        pre_years,
        post_years,
        structure_date,
        None,
        None,
        None,
        None,
        None,
        len(panel),
        len({o["code"] for o in panel if o["treated"]}),
        len({o["code"] for o in panel if not o["treated"]}),
        cov_type,
        cells,
        panel,
        "",
        _yearly_means(panel, sorted(set(pre_years) | set(post_years))),
    )
    if any(v is None for v in cells.values()) or len(panel) <= 4:
        result.note = _(
            "Estimatet kan ikke beregnes: det trengs tall for både programkommuner og andre "
            "kommuner, før og etter, og flere observasjoner enn de fire gjennomsnittene."
        )
        return result
    _fit(panel, result)
    result.note = did_note(result)
    return result


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _cell_means(panel: list[dict]) -> dict[str, float | None]:
    """The four group means: programme/control × before/after."""

    def mean(treated: bool, post: bool) -> float | None:
        return _mean([o["y"] for o in panel if o["treated"] == treated and o["post"] == post])

    return {
        "treated_pre": mean(True, False),
        "treated_post": mean(True, True),
        "control_pre": mean(False, False),
        "control_post": mean(False, True),
    }


def _yearly_means(
    panel: list[dict], years: list[int]
) -> dict[int, tuple[float | None, float | None]]:
    return {
        year: (
            _mean([o["y"] for o in panel if o["year"] == year and o["treated"]]),
            _mean([o["y"] for o in panel if o["year"] == year and not o["treated"]]),
        )
        for year in years
    }


def _fit(panel: list[dict], result: DidResult) -> None:
    """OLS with standard errors clustered per municipality (when there are several)."""
    import numpy as np
    from statsmodels.regression.linear_model import OLS  # not statsmodels.api: a second less

    y = np.array([o["y"] for o in panel])
    treated = np.array([1.0 if o["treated"] else 0.0 for o in panel])
    post = np.array([1.0 if o["post"] else 0.0 for o in panel])
    model = OLS(y, np.column_stack([np.ones(len(panel)), treated, post, treated * post]))
    if result.cov_type == "cluster" and result.n_treated + result.n_control > 1:
        index = {code: i for i, code in enumerate(sorted({o["code"] for o in panel}))}
        groups = np.array([index[o["code"]] for o in panel])
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": groups})
    else:
        result.cov_type = "nonrobust"
        fit = model.fit()
    low, high = fit.conf_int(alpha=0.05)[3]
    result.estimate = float(fit.params[3])
    result.std_error = float(fit.bse[3])
    result.ci_low, result.ci_high = float(low), float(high)
    result.p_value = float(fit.pvalues[3])


def did_note(result: DidResult) -> str:
    """A plain Norwegian note on what the estimate can and cannot show (after a fit)."""
    assert result.ci_low is not None and result.ci_high is not None
    parts = [
        _(
            "Estimatet sammenligner endringen fra før til etter i programkommunene med endringen i de "
            "øvrige kommunene i regionen (forskjell i forskjeller). Det forutsetter at de to gruppene ville "
            "ha utviklet seg likt uten programmet."
        ),
        _(
            "Med %(treated)s programkommuner og %(control)s andre kommuner er usikkerheten stor: "
            "95 %%-konfidensintervallet går fra %(low)s til %(high)s %(unit)s."
        )
        % {
            "treated": result.n_treated,
            "control": result.n_control,
            "low": format_number(round(result.ci_low, 2)),
            "high": format_number(round(result.ci_high, 2)),
            "unit": result.unit,
        },
    ]
    if result.ci_low <= 0 <= result.ci_high:
        parts.append(
            _(
                "Intervallet inneholder null, så tallene kan ikke skille en programeffekt fra tilfeldig variasjon."
            )
        )
    else:
        parts.append(
            _(
                "Intervallet inneholder ikke null, men det er ikke bevis for at programmet er årsaken."
            )
        )
    parts.append(
        _(
            "Programkommunene ble ikke trukket tilfeldig: de er de største kommunene i regionen og ble "
            "prioritert ved tildelingen av virkemidler, og nytt regelverk (for eksempel for bostøtte) kan "
            "virke ulikt i store og små kommuner. Tallene kan vise om utviklingen var ulik, ikke hvorfor."
        )
    )
    if result.cov_type == "cluster":
        parts.append(
            _(
                "Standardfeilen er gruppert per kommune; med så få kommuner kan også den være for optimistisk."
            )
        )
    return " ".join(parts)
