"""Shorthands the demo data files share."""

import datetime as dt

from boligsosial.core.models import DataSource
from boligsosial.plans.models import MeasureStatus

D = dt.date
REPORT, ILLUSTRATIVE = DataSource.REPORT, DataSource.ILLUSTRATIVE
S = MeasureStatus
