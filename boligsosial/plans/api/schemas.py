"""Request and response bodies of the plans API (names unique across the whole API)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

# A row id the databases can hold (SQLite and PostgreSQL: 64-bit signed); lists are bounded.
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]
RowIds = Annotated[list[RowId], Field(max_length=500)]


class GoalOut(Schema):
    id: int
    version: int
    parent_id: int | None
    level: str
    title: str
    description: str
    national_goals: list[int]
    indicator_code: str | None
    disaggregation: str
    custom_measure_name: str
    custom_measure_definition: str
    custom_measure_unit: str
    baseline_value: Decimal | None
    baseline_date: dt.date | None
    target_value: Decimal | None
    target_date: dt.date | None
    progress: str | None
    progress_reason: str | None
    data_source: str
    source_note: str


class GoalIn(Schema):
    version: int | None = None
    parent_id: RowId | None = None
    level: str
    title: str
    description: str = ""
    national_goals: RowIds = []
    indicator_code: str | None = None
    disaggregation: str = ""
    custom_measure_name: str = ""
    custom_measure_definition: str = ""
    custom_measure_unit: str = ""
    custom_better: str = ""
    baseline_value: Decimal | None = None
    baseline_date: dt.date | None = None
    target_value: Decimal | None = None
    target_date: dt.date | None = None
    position: int = 0


class FlagOut(Schema):
    code: str
    severity: str
    text: str
    goal_id: int | None


class GoalTreeOut(Schema):
    rule: str
    as_of: dt.date
    goals: list[GoalOut]
    quality_flags: list[FlagOut]


class MeasurementIn(Schema):
    date: dt.date
    value: Decimal
    note: str = ""


class StatusEventOut(Schema):
    status: str
    date: dt.date
    date_note: str
    note: str


class FundingOut(Schema):
    id: int
    source: str
    year: int | None
    amount_nok: Decimal | None
    description: str


class FundingIn(Schema):
    source: str
    year: int | None = None
    amount_nok: Decimal | None = None
    description: str = ""


class EvidenceOut(Schema):
    id: int
    original_name: str
    kind: str
    size: int
    url: str


class ResultOut(Schema):
    id: int
    measure_id: int
    date: dt.date
    date_note: str
    text: str
    value: Decimal | None
    indicator_code: str | None
    value_label: str
    value_unit: str
    evidence: list[EvidenceOut]
    data_source: str
    source_note: str


class MeasureOut(Schema):
    id: int
    version: int
    participation_id: int
    municipality: str
    kind: str
    name: str
    description: str
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    leader: str
    partners: list[str]
    target_groups: list[str]
    methods: list[str]
    individual_methods: list[str]
    goal_ids: RowIds
    published: bool
    status_history: list[StatusEventOut]
    funding: list[FundingOut]
    results: list[ResultOut]
    data_source: str
    source_note: str


class MeasureIn(Schema):
    version: int | None = None
    kind: str = "sub_project"
    name: str
    description: str = ""
    leader: str = ""
    partners: list[str] = []
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    target_groups: list[str] = []
    methods: list[str] = []
    # Methods tried with individual users within the measure (not its own methods).
    individual_methods: list[str] = []
    goal_ids: RowIds = []
    status: str = "idea"
    status_date: dt.date | None = None


class MeasureStatusIn(Schema):
    version: int | None = None
    status: str
    date: dt.date
    date_note: str = ""
    note: str = ""


class MeasurePublishIn(Schema):
    version: int | None = None
    published: bool


class StartedMunicipalityOut(Schema):
    participation_id: int
    municipality_code: str
    municipality_name: str
