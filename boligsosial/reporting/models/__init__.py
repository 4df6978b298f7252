"""The common reporting template (*felles rapporteringsmal*): indicators, templates, periods,
periodic reports and their values.

Rules about one object live here (`Indicator.aggregate`, `Report.is_locked`); writes go
through `services/`; the workflow arrows are in `services/workflow.py` (one function each).
"""

from boligsosial.reporting.models.catalogue import (
    PEOPLE_UNITS,
    WHOLE_NUMBER_UNITS,
    Aggregation,
    Dimension,
    DimensionOption,
    Direction,
    Indicator,
    IndicatorGroup,
    IndicatorSource,
    NarrativeQuestion,
    PeriodKind,
    ProgrammeReportingSettings,
    ReportingPeriod,
    ReportTemplate,
    TemplateIndicator,
    Unit,
)
from boligsosial.reporting.models.dhis2 import Dhis2Kind, Dhis2Mapping
from boligsosial.reporting.models.reports import (
    EDITABLE_STATUSES,
    IN_REVIEW_STATUSES,
    NarrativeAnswer,
    ReminderLog,
    Report,
    ReportEvent,
    ReportStatus,
    ReportValue,
)

__all__ = [
    "Dhis2Kind",
    "Dhis2Mapping",
    "Aggregation",
    "Dimension",
    "DimensionOption",
    "Direction",
    "EDITABLE_STATUSES",
    "IN_REVIEW_STATUSES",
    "Indicator",
    "IndicatorGroup",
    "IndicatorSource",
    "NarrativeAnswer",
    "NarrativeQuestion",
    "PEOPLE_UNITS",
    "PeriodKind",
    "ProgrammeReportingSettings",
    "ReminderLog",
    "Report",
    "ReportEvent",
    "ReportStatus",
    "ReportTemplate",
    "ReportValue",
    "ReportingPeriod",
    "TemplateIndicator",
    "Unit",
    "WHOLE_NUMBER_UNITS",
]
