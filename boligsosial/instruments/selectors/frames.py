"""The programme's share of a regional frame, and frames against commitments."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from boligsosial.core.charts import BarChart, Series
from boligsosial.core.formatting import format_number
from boligsosial.instruments.models import (
    ApplicationStatus,
    GrantApplication,
    Instrument,
    Measure,
    RegionalFrame,
)
from boligsosial.instruments.selectors.common import (
    any_illustrative,
    default_structure_date,
    percent_of,
)
from boligsosial.instruments.selectors.growth import sum_codes
from boligsosial.instruments.selectors.structure import (
    StructureMapper,
    programme_units,
    structured_values,
)
from boligsosial.programmes.models import Programme

# Frame share ----------------------------------------------------------------------------


@dataclass
class ShareRow:
    name: str
    codes: list[str]
    amount: Decimal | None
    share_percent: Decimal | None
    hidden: bool = False


@dataclass
class ShareResult:
    instrument: str
    year: int
    region: str
    frame: RegionalFrame | None
    target_percent: Decimal | None
    programme_amount: Decimal | None
    share_percent: Decimal | None
    rows: list[ShareRow]
    excluded: list[str]
    committed: Decimal
    committed_percent: Decimal | None
    illustrative: bool = False

    @property
    def frame_amount(self) -> Decimal | None:
        return self.frame.amount if self.frame else None

    @property
    def instrument_label(self) -> str:
        return str(Instrument(self.instrument).label)

    @property
    def meets_target(self) -> bool | None:
        if self.share_percent is None or self.target_percent is None:
            return None
        return self.share_percent >= self.target_percent

    def visible_rows(self) -> list[ShareRow]:
        return [row for row in self.rows if not row.hidden]

    @property
    def has_hidden_rows(self) -> bool:
        return any(row.hidden for row in self.rows)

    def csv_rows(self) -> list[list]:
        rows: list[list[Any]] = [
            [_("Kommune"), _("Kommunenummer"), _("År"), _("Beløp (kr)"), _("Andel av rammen (%)")]
        ]
        for row in self.visible_rows():
            rows.append([row.name, " ".join(row.codes), self.year, row.amount, row.share_percent])
        rows.append(
            [_("Programmet samlet"), "", self.year, self.programme_amount, self.share_percent]
        )
        rows.append([_("Regional ramme"), "", self.year, self.frame_amount, None])
        rows.append([_("Måltall (%)"), "", self.year, None, self.target_percent])
        return rows


def frame_share(*, programme: Programme, instrument: str, year: int, as_of: dt.date) -> ShareResult:
    mapper = StructureMapper(default_structure_date(year))
    units = programme_units(programme, as_of, mapper)
    data = structured_values(instrument, [year], Measure.AMOUNT, mapper)
    frame = RegionalFrame.objects.filter(
        region_id=programme.owner_region_id, instrument=instrument, year=year
    ).first()
    frame_amount = frame.amount if frame else None
    rows, excluded, total = [], [], Decimal(0)
    for unit in units:
        amount = sum_codes(data.values, unit.codes, year)
        rows.append(ShareRow(unit.name, unit.codes, amount, percent_of(amount, frame_amount)))
        if amount is None:
            excluded.append(unit.name)
        else:
            total += amount
    counted = len(units) - len(excluded)
    committed = GrantApplication.objects.filter(
        participation__programme__owner_region__key=programme.owner_region_id,
        instrument=instrument,
        year=year,
        status=ApplicationStatus.GRANTED,
    ).aggregate(total=Sum("amount_granted"))["total"] or Decimal(0)
    return ShareResult(
        instrument=instrument,
        year=year,
        region=programme.owner_region_id,
        frame=frame,
        target_percent=frame.programme_target_percent if frame else None,
        programme_amount=total if counted else None,
        share_percent=percent_of(total, frame_amount) if counted else None,
        rows=rows,
        excluded=excluded,
        committed=committed,
        committed_percent=percent_of(committed, frame_amount),
        illustrative=any_illustrative(instrument, [year])
        or bool(frame and frame.data_source == "illustrative"),
    )


def share_series(
    *, programme: Programme, instrument: str, years: Iterable[int], as_of: dt.date
) -> list[ShareResult]:
    return [
        frame_share(programme=programme, instrument=instrument, year=year, as_of=as_of)
        for year in years
    ]


def share_chart(results: list[ShareResult]) -> BarChart:
    targets = [r.target_percent for r in results if r.target_percent is not None]
    target = targets[-1] if targets else None
    label = results[0].instrument_label if results else ""
    return BarChart(
        title=_("Programkommunenes andel av rammen for %(instrument)s")
        % {"instrument": label.lower()},
        categories=[str(r.year) for r in results],
        series=[Series(_("Andel av rammen"), [r.share_percent for r in results])],
        unit="%",
        category_label=_("År"),
        decimals=1,
        target_line=float(target) if target is not None else None,
        target_label=_("Måltall %(value)s %%") % {"value": format_number(target)}
        if target is not None
        else "",
    )


# Frames and commitments ------------------------------------------------------------------


@dataclass
class FrameRow:
    frame: RegionalFrame
    committed: Decimal
    applied: Decimal
    remaining: Decimal
    committed_percent: Decimal | None


def frame_overview(*, region: str | None = None, year: int | None = None) -> list[FrameRow]:
    frames = RegionalFrame.objects.select_related("region")
    if region:
        frames = frames.filter(region__key=region)
    if year:
        frames = frames.filter(year=year)
    granted: dict[tuple[str, str, int], Decimal] = defaultdict(Decimal)
    applied: dict[tuple[str, str, int], Decimal] = defaultdict(Decimal)
    for (
        region_code,
        instrument,
        app_year,
        status,
        amount_applied,
        amount_granted,
    ) in GrantApplication.objects.values_list(
        "participation__programme__owner_region",
        "instrument",
        "year",
        "status",
        "amount_applied",
        "amount_granted",
    ):
        key = (str(region_code), instrument, app_year)
        if status == ApplicationStatus.GRANTED and amount_granted is not None:
            granted[key] += amount_granted
        if status in (ApplicationStatus.SUBMITTED, ApplicationStatus.GRANTED):
            applied[key] += amount_applied
    rows = []
    for frame in frames:
        key = (str(frame.region_id), frame.instrument, frame.year)
        rows.append(
            FrameRow(
                frame,
                granted[key],
                applied[key],
                frame.amount - granted[key],
                percent_of(granted[key], frame.amount),
            )
        )
    return rows
