"""Request and response schemas of the instruments API. Analysis rows reuse the selectors'
dataclasses (GrowthRow, ShareRow, ComparisonYear, SeriesResult) rather than restating them."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from boligsosial.instruments.bounds import (
    Amount,
    Count,
    FigureYear,
    InstrumentParam,
    Month,
    Percent,
    RegionParam,
    Version,
)
from boligsosial.instruments.selectors import ComparisonYear, GrowthRow, ShareRow


class InstrumentOut(Schema):
    code: str
    name: str
    amount_unit: str
    count_unit: str
    has_frame: bool


class FigureOut(Schema):
    instrument: str
    code: str
    year: int
    month: int | None
    amount: Decimal | None
    count: int | None
    data_source: str
    source_note: str


class FigureIn(Schema):
    instrument: InstrumentParam
    code: str = Field(pattern=r"^\d{4}$", max_length=4)
    year: FigureYear
    month: Month | None = None
    amount: Amount | None = None
    count: Count | None = None
    source_note: str = Field("", max_length=500)


class GrowthOut(Schema):
    instrument: str
    measure: str
    unit: str
    baseline: str
    to_year: int
    structure_date: dt.date
    total_baseline: Decimal | None
    total_to: Decimal | None
    change_percent: Decimal | None
    excluded: list[str]
    rows: list[GrowthRow]


class ShareOut(Schema):
    instrument: str
    year: int
    region: str
    frame_amount: Decimal | None
    target_percent: Decimal | None
    programme_amount: Decimal | None
    share_percent: Decimal | None
    committed: Decimal
    excluded: list[str]
    rows: list[ShareRow]


class ComparisonOut(Schema):
    instrument: str
    measure: str
    unit: str
    programme_units: int
    rest_units: int
    programme_change: Decimal | None
    rest_change: Decimal | None
    years: list[ComparisonYear]


class DidOut(Schema):
    instrument: str
    unit: str
    pre_years: list[int]
    post_years: list[int]
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
    note: str


class FrameOut(Schema):
    id: int
    region: str
    instrument: str
    year: int
    amount: Decimal
    programme_target_percent: Decimal | None
    committed: Decimal
    applied: Decimal
    remaining: Decimal
    version: int
    data_source: str


class FrameIn(Schema):
    region: RegionParam
    instrument: InstrumentParam
    year: FigureYear
    amount: Amount
    programme_target_percent: Percent | None = None
    version: Version | None = Field(
        None, description="Påkrevd når rammen finnes fra før (versjonen du leste)."
    )
    source_note: str = Field("", max_length=500)


class GrantApplicationOut(Schema):
    id: int
    participation_id: int
    municipality: str
    instrument: str
    year: int
    amount_applied: Decimal
    purpose: str
    status: str
    amount_granted: Decimal | None
    conditions: str
    commitment_letter_date: dt.date | None
    paid_total: Decimal
    final_report_status: str
    version: int

    @staticmethod
    def resolve_municipality(obj):
        return obj.participation.municipality.name

    @staticmethod
    def resolve_paid_total(obj):
        return obj.paid_total()


class GrantApplicationIn(Schema):
    participation_id: int
    instrument: InstrumentParam
    year: FigureYear
    amount_applied: Amount
    purpose: str = Field(max_length=10_000)


class GrantSubmitIn(Schema):
    version: Version | None = Field(None, description="Påkrevd: versjonen du leste.")


class GrantDecisionIn(Schema):
    granted: bool
    amount_granted: Amount | None = None
    conditions: str = Field("", max_length=10_000)
    commitment_letter_date: dt.date | None = None
    decision_note: str = Field("", max_length=10_000)
    version: Version | None = Field(None, description="Påkrevd: versjonen du leste.")


class GrantPaymentIn(Schema):
    paid_on: dt.date
    amount: Amount
    note: str = Field("", max_length=300)


class InstrumentImportOut(Schema):
    id: int
    kind: str
    file_name: str
    row_count: int


class ImportRefusedOut(Schema):
    detail: str
    # The import's own refusals are a list of lines; a form field the API could not read is
    # refused before the import, keyed by field (config/api.py's 422).
    errors: list[str] | dict[str, list[str]]


class StatisticOut(Schema):
    table_id: str
    contents_code: str
    label: str
    unit: str
    year: int
    value: Decimal
    data_source: str
    source_note: str
    source_updated: dt.datetime | None


class RegionMembersIn(Schema):
    codes: list[str]
    source_note: str = ""
