"""Is a figure plausible? One rule for every number people enter or import (instrument
figures, reported indicator values): a figure far outside its own series or its peers is
flagged — a warning where it is entered and a line in the report builder, never a refusal.

The rule (robust z-score, Iglewicz & Hoaglin): z = 0.6745 · (x − median) / MAD, where MAD is
the median absolute deviation of the reference values. A figure is flagged when |z| > 3.5

- against its own series: the same unit's (municipality's) values for the other periods, or
- against its peers: its change from the unit's previous period, compared with the other
  units' changes over the same two periods (so a large municipality is not flagged for being
  large).

At least 3 reference values are needed, otherwise nothing is said. So that a short, even
series does not flag ordinary variation, the spread is taken as at least 25 % of the median
(own series) or 25 percentage points (changes), and a change from a value under 5 (1 → 2
cases is +100 %) is not judged. Example: 82,9 → 282,9 MNOK is +241 %
against peers' changes of about +10–60 %: flagged.
"""

from __future__ import annotations

import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boligsosial.core.formatting import format_number, format_percent

THRESHOLD = 3.5
MIN_REFERENCES = 3
MIN_RELATIVE_SPREAD = 0.25  # of the median, for the own series
MIN_CHANGE_SPREAD = 0.25  # 25 percentage points, for changes
MIN_ABSOLUTE_SPREAD = 1.0  # one unit: 2 → 5 households is not far
MIN_CHANGE_BASE = 5  # a change from fewer than 5 (cases, persons) is not judged
RULE = gettext_lazy(
    "Regel: et tall flagges når det ligger mer enn 3,5 robuste standardavvik (median og "
    "medianavvik, minst 25 % av medianen) fra kommunens egne tall for de andre periodene, "
    "eller når endringen fra forrige periode ligger like langt fra de andre kommunenes "
    "endring i samme periode (spredning minst 25 prosentpoeng). Det trengs minst 3 tall å "
    "sammenligne med. Et flagg er en advarsel, ikke en feil: kontroller "
    "tallet."
)

Number = float | int | Decimal


def robust_z(value: Number, reference: Sequence[Number], min_spread: float) -> float | None:
    """The robust z-score of `value` against `reference`; None with too few references."""
    values = [float(v) for v in reference]
    if len(values) < MIN_REFERENCES:
        return None
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values)
    spread = max(mad, min_spread)
    return 0.6745 * (float(value) - median) / spread if spread else None


def far_from_own_series(value: Number, others: Sequence[Number]) -> bool:
    """The own-series half of the rule, for a single value being entered."""
    if len(others) < MIN_REFERENCES:
        return False
    median = statistics.median(float(v) for v in others)
    z = robust_z(value, others, max(MIN_RELATIVE_SPREAD * abs(median), MIN_ABSOLUTE_SPREAD))
    return z is not None and abs(z) > THRESHOLD


@dataclass
class Flag:
    unit: Any
    period: Any
    value: Any
    reasons: list[str]


def _own_reason(value, others: list[Number], decimals) -> str | None:
    median = statistics.median(float(v) for v in others) if others else 0.0
    z = robust_z(value, others, max(MIN_RELATIVE_SPREAD * abs(median), MIN_ABSOLUTE_SPREAD))
    if z is None or abs(z) <= THRESHOLD:
        return None
    return _("%(value)s er langt fra kommunens egne tall (median %(median)s av %(n)s andre)") % {
        "value": format_number(value, decimals),
        "median": format_number(median, decimals),
        "n": len(others),
    }


def _change(previous: Number | None, value: Number | None) -> float | None:
    if previous is None or value is None or abs(float(previous)) < MIN_CHANGE_BASE:
        return None
    return float(value) / float(previous) - 1


def _signed(percent: float) -> str:
    return ("+" if percent >= 0 else "") + format_percent(percent, 0)


def _peer_reason(change: float, peer_changes: list[float]) -> str | None:
    z = robust_z(change, peer_changes, MIN_CHANGE_SPREAD)
    if z is None or abs(z) <= THRESHOLD:
        return None
    return _(
        "endringen fra forrige periode (%(change)s) er langt fra de andre kommunenes (median %(median)s av %(n)s)"
    ) % {
        "change": _signed(100 * change),
        "median": _signed(100 * statistics.median(peer_changes)),
        "n": len(peer_changes),
    }


def implausible(
    table: Mapping[Any, Mapping[Any, Any]],
    *,
    periods: list | None = None,
    only: set | None = None,
    decimals: int | None = None,
    groups: Mapping[Any, Any] | None = None,
) -> list[Flag]:
    """Every implausible cell of `table` (unit -> period -> value; None is missing).

    `periods` gives the periods' order (default: sorted); `only` limits the answer to these
    (unit, period) cells (the ones just entered), still judged against all the others;
    `groups` (unit -> group) makes a unit's peers the units of its own group (programme
    municipalities are compared with each other, the rest with the rest)."""
    group_of = groups or {}
    order = periods or sorted({p for row in table.values() for p in row})
    changes = _changes(table, order)
    flags = []
    for unit, row in table.items():
        for period in order:
            value = row.get(period)
            if value is None or (only is not None and (unit, period) not in only):
                continue
            others = [v for p, v in row.items() if p != period and v is not None]
            reasons = [_own_reason(value, others, decimals)]
            period_changes = changes.get(period, {})
            if unit in period_changes:
                peers = [
                    c
                    for u, c in period_changes.items()
                    if u != unit and group_of.get(u) == group_of.get(unit)
                ]
                reasons.append(_peer_reason(period_changes[unit], peers))
            found = [r for r in reasons if r]
            if found:
                flags.append(Flag(unit, period, value, found))
    return flags


def _changes(table: Mapping, order: list) -> dict[Hashable, dict[Hashable, float]]:
    """period -> unit -> change from the period before."""
    changes: dict[Hashable, dict[Hashable, float]] = {}
    for index, period in enumerate(order[1:], start=1):
        previous = order[index - 1]
        changes[period] = {
            unit: c
            for unit, row in table.items()
            if (c := _change(row.get(previous), row.get(period))) is not None
        }
    return changes
