"""The rules a reported value must follow. Every message names the indicator and the rule.

Three levels:
- per value (type, range, whole number, "not available" needs a reason) — refused at save;
- across values (granted ≤ received; a category ≤ its total; categories sum to the total)
  — shown as warnings while the report is a draft, refused at submit;
- against the municipality's own history (an outlier) — flagged; submitting needs a comment.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_number, parse_norwegian_number
from boligsosial.core.plausibility import MIN_REFERENCES, far_from_own_series
from boligsosial.reporting.models import DimensionOption, Indicator, Unit

# An outlier is far from the municipality's last OUTLIER_HISTORY approved values by the shared
# plausibility rule (core.plausibility: robust z-score over 3,5) — with only two, more than
# OUTLIER_FACTOR times or less than 1/OUTLIER_FACTOR of their median — and off by at least the
# unit's minimum difference (so 1 → 3 households is not flagged).
OUTLIER_FACTOR = Decimal(2)
OUTLIER_HISTORY = 4
OUTLIER_MIN_DIFFERENCE: dict[str, Decimal] = {Unit.NOK: Decimal(10000), Unit.PERCENT: Decimal(10)}
OUTLIER_DEFAULT_MIN_DIFFERENCE = Decimal(5)
NOT_AVAILABLE_WORDS = {"na", "n/a", "ikke tilgjengelig", "i.t.", "it"}


def key_for(indicator_code: str, option_code: str | None) -> str:
    return f"{indicator_code}.{option_code}" if option_code else indicator_code


@dataclass
class Entry:
    """One value as typed or imported, before it is stored."""

    indicator: Indicator
    option: DimensionOption | None = None
    value: Decimal | None = None
    date_value: dt.date | None = None
    not_available: bool = False
    reason: str = ""
    comment: str = ""
    is_outlier: bool = False
    raw: str = field(default="", repr=False)

    @property
    def key(self) -> str:
        return key_for(self.indicator.code, self.option.code if self.option else None)

    @property
    def label(self) -> str:
        if self.option is None:
            return f"«{self.indicator.name}»"
        return f"«{self.indicator.name}» ({self.option})"

    @property
    def is_reported(self) -> bool:
        return not self.not_available and (self.value is not None or self.date_value is not None)

    @property
    def is_empty(self) -> bool:
        return (
            not self.not_available
            and self.value is None
            and self.date_value is None
            and not self.comment.strip()
        )


def parse_into(entry: Entry, raw: str) -> list[str]:
    """Fill entry.value/date_value from text typed by a person or read from a file."""
    text = (raw or "").strip()
    entry.raw = text
    if not text:
        return []
    unit = entry.indicator.unit
    if unit == Unit.DATE:
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                entry.date_value = dt.datetime.strptime(text, fmt).date()
                return []
            except ValueError:
                continue
        return [
            _(
                "%(what)s: «%(text)s» er ikke en dato. Skriv den som DD.MM.ÅÅÅÅ, for eksempel 31.12.2011."
            )
            % {"what": entry.label, "text": text}
        ]
    if unit == Unit.YES_NO:
        lowered = text.lower()
        if lowered in {"ja", "yes", "1", "true"}:
            entry.value = Decimal(1)
            return []
        if lowered in {"nei", "no", "0", "false"}:
            entry.value = Decimal(0)
            return []
        return [
            _("%(what)s: svar «ja» eller «nei» (regel: ja/nei-spørsmål), ikke «%(text)s».")
            % {"what": entry.label, "text": text}
        ]
    if text.isdigit():  # the common case in files, without the general parser's work
        entry.value = Decimal(text)
        return []
    try:
        entry.value = parse_norwegian_number(text)
    except (ValueError, InvalidOperation):
        return [
            _("%(what)s: «%(text)s» er ikke et tall. Skriv for eksempel 1 234 eller 12,5.")
            % {"what": entry.label, "text": text}
        ]
    if not entry.value.is_finite():
        entry.value = None
        return [_("%(what)s: «%(text)s» er ikke et tall.") % {"what": entry.label, "text": text}]
    return []


def check_entry(entry: Entry) -> list[str]:
    """Per-value rules. An empty list means the value can be stored."""
    indicator = entry.indicator
    errors = []
    if entry.not_available:
        if entry.value is not None or entry.date_value is not None:
            errors.append(
                _(
                    "%(what)s: en verdi kan ikke både ha et tall og være markert «ikke tilgjengelig». "
                    "Fjern tallet eller krysset."
                )
                % {"what": entry.label}
            )
        if not entry.reason.strip():
            errors.append(
                _(
                    "%(what)s er markert «ikke tilgjengelig». Skriv hvorfor tallet ikke finnes "
                    "(regel: «ikke tilgjengelig» krever en begrunnelse)."
                )
                % {"what": entry.label}
            )
        return errors
    if indicator.is_derived and entry.value is not None:
        errors.append(
            _("%(what)s beregnes fra teller og nevner og skal ikke fylles inn.")
            % {"what": entry.label}
        )
        return errors
    value = entry.value
    if value is None:
        return errors
    if indicator.whole_number and value != value.to_integral_value():
        errors.append(
            _("%(what)s: %(value)s er ikke et helt tall (regel: %(unit)s telles i hele tall).")
            % {
                "what": entry.label,
                "value": format_number(value),
                "unit": indicator.get_unit_display(),
            }
        )
    if indicator.min_value is not None and value < indicator.min_value:
        errors.append(
            _(
                "%(what)s: %(value)s er lavere enn laveste tillatte verdi %(min)s (regel: verdiområde)."
            )
            % {
                "what": entry.label,
                "value": format_number(value),
                "min": format_number(indicator.min_value),
            }
        )
    if indicator.max_value is not None and value > indicator.max_value:
        errors.append(
            _(
                "%(what)s: %(value)s er høyere enn høyeste tillatte verdi %(max)s (regel: verdiområde)."
            )
            % {
                "what": entry.label,
                "value": format_number(value),
                "max": format_number(indicator.max_value),
            }
        )
    if abs(value) >= Decimal("1e15"):
        errors.append(
            _("%(what)s: %(value)s er for stort til å lagres.")
            % {"what": entry.label, "value": format_number(value)}
        )
    return errors


def _add(problems: dict[str, list[str]], key: str, message: str) -> None:
    problems.setdefault(key, []).append(message)


def _check_bounds(totals: dict[str, Entry], problems: dict[str, list[str]]) -> None:
    """A total is at most its bound (at_most_code), when both are reported."""
    for entry in totals.values():
        bound_code = entry.indicator.at_most_code
        bound = totals.get(bound_code) if bound_code else None
        if (
            bound
            and entry.value is not None
            and bound.value is not None
            and entry.is_reported
            and bound.is_reported
            and entry.value > bound.value
        ):
            _add(
                problems,
                entry.key,
                _(
                    "%(what)s (%(value)s) kan ikke være større enn %(bound)s (%(bound_value)s) "
                    "(regel: %(short)s ≤ %(bound_short)s)."
                )
                % {
                    "what": entry.label,
                    "value": format_number(entry.value),
                    "bound": bound.label,
                    "bound_value": format_number(bound.value),
                    "short": entry.indicator.code,
                    "bound_short": bound.indicator.code,
                },
            )


def _check_parts(parts: list[Entry], total: Entry | None, problems) -> None:
    """No category is larger than its total."""
    if total is None or not total.is_reported or total.value is None:
        return
    for part in parts:
        if part.is_reported and part.value is not None and part.value > total.value:
            _add(
                problems,
                part.key,
                _(
                    "%(what)s (%(value)s) kan ikke være større enn totalen (%(total)s) "
                    "(regel: en kategori kan ikke overstige totalen)."
                )
                % {
                    "what": part.label,
                    "value": format_number(part.value),
                    "total": format_number(total.value),
                },
            )


def _check_distribution(code: str, dimension, parts: list[Entry], total, problems) -> None:
    """A distribution needs its total, and a complete one adds up to it."""
    indicator = parts[0].indicator
    total_known = total is not None and total.is_reported and total.value is not None
    options = list(dimension.options.all())
    given = {
        p.option.code: p
        for p in parts
        if p.option is not None and p.option.dimension_id == dimension.pk
    }
    if (
        any(p.is_reported for p in given.values())
        and not total_known
        and not (total and total.not_available)
    ):
        _add(
            problems,
            key_for(code, None),
            _(
                "%(what)s: fyll inn totalen når du har fylt inn fordelingen på %(dim)s "
                "(regel: fordelingen summeres til totalen)."
            )
            % {"what": f"«{indicator.name}»", "dim": str(dimension).lower()},
        )
        return
    if total_known and len(given) == len(options) and all(p.is_reported for p in given.values()):
        parts_sum = sum((p.value for p in given.values() if p.value is not None), Decimal(0))
        if parts_sum != total.value:
            _add(
                problems,
                key_for(code, None),
                _(
                    "%(what)s: fordelingen på %(dim)s summerer til %(sum)s, men totalen er %(total)s "
                    "(regel: fordelingen summeres til totalen)."
                )
                % {
                    "what": f"«{indicator.name}»",
                    "dim": str(dimension).lower(),
                    "sum": format_number(parts_sum),
                    "total": format_number(total.value),
                },
            )


def check_across(entries: dict[str, Entry]) -> dict[str, list[str]]:
    """Rules across values of one report. Returns {entry key: [messages]}."""
    problems: dict[str, list[str]] = {}
    totals = {e.indicator.code: e for e in entries.values() if e.option is None}
    _check_bounds(totals, problems)
    by_indicator: dict[str, list[Entry]] = {}
    for entry in entries.values():
        if entry.option is not None:
            by_indicator.setdefault(entry.indicator.code, []).append(entry)
    for code, parts in by_indicator.items():
        total = totals.get(code)
        _check_parts(parts, total, problems)
        for dimension in parts[0].indicator.dimensions.all():
            _check_distribution(code, dimension, parts, total, problems)
    return problems


def is_outlier(indicator: Indicator, value: Decimal | None, history: list[Decimal]) -> bool:
    """True when value is far from the median of the municipality's recent approved values."""
    if value is None or indicator.unit in (Unit.YES_NO, Unit.DATE) or len(history) < 2:
        return False
    recent = history[-OUTLIER_HISTORY:]
    # A value the municipality has had approved recently (last period's, say) is its own
    # history, not an outlier, even when the median is far off (median 0 of 0, 0, 6, 6).
    if value in recent:
        return False
    reference = Decimal(statistics.median(recent))
    minimum = OUTLIER_MIN_DIFFERENCE.get(indicator.unit, OUTLIER_DEFAULT_MIN_DIFFERENCE)
    if abs(value - reference) < minimum:
        return False
    # The plausibility rule every entered figure shares (core.plausibility); with fewer than
    # its minimum of references, the old factor rule still catches a doubling or halving.
    if len(recent) >= MIN_REFERENCES:
        return far_from_own_series(value, recent)
    return value > reference * OUTLIER_FACTOR or value * OUTLIER_FACTOR < reference


def outlier_message(entry: Entry, history: list[Decimal]) -> str:
    reference = Decimal(statistics.median(history[-OUTLIER_HISTORY:])) if history else None
    return _(
        "%(what)s: %(value)s avviker mye fra kommunens egne tall (medianen av de siste godkjente rapportene er %(ref)s; "
        "regel: mer enn 3,5 robuste standardavvik fra medianen, eller det dobbelte/halvparten når det er færre enn 3 rapporter). Kontroller tallet og skriv en kommentar som forklarer endringen."
    ) % {"what": entry.label, "value": format_number(entry.value), "ref": format_number(reference)}


def derive_rate(indicator: Indicator, totals: dict[str, Entry]) -> Entry:
    """Recompute a rate from its numerator and denominator (never typed in)."""
    numerator, denominator = (
        totals.get(indicator.numerator_code),
        totals.get(indicator.denominator_code),
    )
    entry = Entry(indicator=indicator)
    if numerator is None or denominator is None:
        return entry
    if numerator.not_available or denominator.not_available:
        entry.not_available = True
        entry.reason = _("Teller eller nevner er ikke tilgjengelig.")
        return entry
    if numerator.value is not None and denominator.value:
        entry.value = (numerator.value / denominator.value * 100).quantize(Decimal("0.1"))
    return entry
