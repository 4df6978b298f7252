"""Which municipalities a synthetic national programme takes, from the national registry.

Municipalities are drawn from SSB KLASS (the shipped registry, `municipalities.data.klass`):
the codes valid on the first day of the window, about one in five of them among those whose
code changed during the window (a merger or a renumbering: Trøndelag 2018, Sandefjord 2017,
Arendal 0906 → 4203 in 2020 …), so that everything at scale meets real code histories.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from boligsosial.municipalities.models import Municipality
from boligsosial.municipalities.selectors import CodeHistory, codes_valid_at

CHANGED_SHARE = 0.2


@dataclass(frozen=True)
class Choice:
    municipality: Municipality
    changed: bool  # its code changes during the window


def window(first_year: int, years: int) -> tuple[dt.date, dt.date]:
    """First day of the window and the first day after it."""
    return dt.date(first_year, 1, 1), dt.date(first_year + years, 1, 1)


def code_at(history: CodeHistory, code: str, at: dt.date) -> str:
    """The code `code` (valid at the window's start) had at `at` (the first if it split)."""
    codes = codes_valid_at(code, at, history=history)
    return codes[0] if codes else code


def choose(
    *, history: CodeHistory, count: int, first_year: int, years: int, seed: int
) -> list[Choice]:
    """`count` municipalities valid at the window's start, about 1 in 5 with a code change.

    No two chosen municipalities share a code at the window's end (a merger or a split of
    two participants would leave one code for two participations). Deterministic for a seed.
    """
    start, end = window(first_year, years)
    last_day = end - dt.timedelta(days=1)
    rows = sorted(
        Municipality.objects.filter(valid_from__lte=start).exclude(valid_to__lte=start),
        key=lambda m: m.code,
    )
    changed = [m for m in rows if any(start < on < end for on, _ in history.forward[m.code])]
    changed_codes = {m.code for m in changed}
    stable = [m for m in rows if m.code not in changed_codes]
    rng = random.Random(seed)
    rng.shuffle(changed)
    rng.shuffle(stable)
    wanted_changed = min(len(changed), round(count * CHANGED_SHARE))
    ordered = changed[:wanted_changed] + stable + changed[wanted_changed:]
    chosen: list[Choice] = []
    taken: set[str] = set()
    for municipality in ordered:
        final = set(codes_valid_at(municipality.code, last_day, history=history))
        if final & taken:
            continue
        taken |= final
        chosen.append(Choice(municipality, municipality.code in changed_codes))
        if len(chosen) == count:
            break
    return sorted(chosen, key=lambda c: c.municipality.code)
