"""Reading the registry: which code(s) a kommunenummer corresponds to at a date."""

import datetime as dt
import threading
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from boligsosial.core.stored import remember
from boligsosial.municipalities.models import CodeChange, Municipality, Population

ONE_DAY = dt.timedelta(days=1)


class _Rows[K, V](dict[K, list[V]]):
    """A dict whose missing key reads as an empty list without being added: a loaded
    history is shared read-only between requests (`load_code_history`)."""

    def __missing__(self, key: K) -> list[V]:
        return []

    def add(self, key: K, value: V) -> None:
        self.setdefault(key, []).append(value)


class CodeError(ValueError):
    """A kommunenummer that is malformed or unknown; the message is for the user."""


def check_code_format(code: str) -> str:
    code = (code or "").strip()
    if len(code) != 4 or not code.isdigit():
        raise CodeError(
            _(
                "«%(code)s» er ikke et gyldig kommunenummer: det må være fire siffer, for eksempel 0602."
            )
            % {"code": code}
        )
    return code


class CodeHistory:
    """The whole code history (two reads: spans with names, change edges both ways).

    Load it once per computation with `load_code_history()` and pass it to
    `codes_valid_at(..., history=)` so that mapping many codes costs no more queries.
    """

    def __init__(self) -> None:
        self.spans: _Rows[str, tuple[dt.date, dt.date | None]] = _Rows()
        self.names: _Rows[str, tuple[dt.date, dt.date | None, str]] = _Rows()
        self._earliest: dt.date | None = None
        for code, name, start, end in Municipality.objects.order_by("valid_from").values_list(
            "code", "name", "valid_from", "valid_to"
        ):
            self._earliest = self._earliest or start  # rows come oldest first
            self.spans.add(code, (start, end))
            self.names.add(code, (start, end, name))
        self.forward: _Rows[str, tuple[dt.date, str]] = _Rows()
        self.backward: _Rows[str, tuple[dt.date, str]] = _Rows()
        for old, new, on in CodeChange.objects.values_list("old_code", "new_code", "changed_on"):
            if old != new:
                self.forward.add(old, (on, new))
                self.backward.add(new, (on, old))

    def name_at(self, code: str, at: dt.date) -> str | None:
        """The name `code` had at `at`, else its latest name, else None (not registered)."""
        rows = self.names.get(code, [])
        for start, end, name in reversed(rows):
            if start <= at and (end is None or at < end):
                return name
        return rows[-1][2] if rows else None

    def knows(self, code: str) -> bool:
        return code in self.spans or code in self.forward or code in self.backward

    def valid_at(self, code: str, at: dt.date) -> bool:
        return any(start <= at and (end is None or at < end) for start, end in self.spans[code])

    def resolve_forward(
        self, code: str, since: dt.date, at: dt.date, depth: int = 0, dead: set | None = None
    ) -> set[str]:
        """Codes valid at `at` that `code` (valid at `since` < at) has become.

        A branch that ends in a code neither valid at `at` nor changed further is added to
        `dead`: the answer is then partial.
        """
        if self.valid_at(code, at) or depth > 20:
            return {code}
        later = [(on, new) for on, new in self.forward[code] if since < on <= at]
        if not later:
            if dead is not None:
                dead.add(code)
            return set()
        first = min(on for on, _ in later)
        result: set[str] = set()
        for on, new in later:
            if on == first:
                result |= self.resolve_forward(new, on, at, depth + 1, dead)
        return result

    def resolve_backward(
        self, code: str, until: dt.date, at: dt.date, depth: int = 0, dead: set | None = None
    ) -> set[str]:
        """Codes valid at `at` that became `code` (valid at `until` > at)."""
        if self.valid_at(code, at) or depth > 20:
            return {code}
        earlier = [(on, old) for on, old in self.backward[code] if at < on <= until]
        if not earlier:
            if dead is not None:
                dead.add(code)
            return set()
        last = max(on for on, _ in earlier)
        result: set[str] = set()
        for on, old in earlier:
            if on == last:
                result |= self.resolve_backward(old, on - ONE_DAY, at, depth + 1, dead)
        return result

    def earliest(self) -> dt.date | None:
        """The registry's first date (read with the history, not recomputed per mapping)."""
        return self._earliest


@dataclass(frozen=True)
class CodeMapping:
    """The answer to "which code(s) is this kommunenummer at that date?".

    `partial` is true when the registry cannot give the whole answer: the date is before
    the registry's first date, or a line of the code's history ends in a code that is
    neither valid then nor changed further (`dead_ends`). The codes found are still given.
    """

    code: str
    at: dt.date
    codes: list[str]
    partial: bool = False
    dead_ends: list[str] = field(default_factory=list)
    covered_from: dt.date | None = None

    @property
    def note(self) -> str:
        if not self.partial:
            return ""
        if self.covered_from and self.at < self.covered_from:
            return _(
                "Svaret kan være ufullstendig: kommuneregisteret dekker kodene fra %(date)s."
            ) % {"date": self.covered_from.strftime("%d.%m.%Y")}
        return _(
            "Svaret kan være ufullstendig: kodehistorien stopper ved %(codes)s, som verken "
            "var gyldig %(date)s eller ble endret videre i kommuneregisteret."
        ) % {"codes": ", ".join(self.dead_ends), "date": self.at.strftime("%d.%m.%Y")}


# Inside a request the code history is read once and shared by every caller (two queries
# per request, whatever the number of codes mapped); `request_started`/`request_finished`
# open and close the scope and any change to the registry drops it (apps.ready connects
# the signals; the bulk registry load calls `forget_code_history`). Outside a request (a
# command, a task, a test calling a selector directly) each call reads it afresh, so a
# long-lived process never holds an old history.
_scope = threading.local()


def begin_request_scope(**_kwargs) -> None:
    _scope.cache = {}


def end_request_scope(**_kwargs) -> None:
    _scope.cache = None


def forget_code_history(**_kwargs) -> None:
    """The registry changed: the next reader in this request reads it again."""
    cache = getattr(_scope, "cache", None)
    if cache:
        cache.clear()


def load_code_history() -> CodeHistory:
    """The registry's code history, read once per request: stored until the registry's
    tables change (`core.stored`; one query when unchanged), else two reads. Shared between
    requests: read-only."""
    cache = getattr(_scope, "cache", None)
    if cache is None:
        return CodeHistory()
    if "history" not in cache:
        tables = (Municipality._meta.db_table, CodeChange._meta.db_table)
        cache["history"] = remember(("code-history",), tables, CodeHistory)
    return cache["history"]


def map_code(code: str, at: dt.date, *, history: CodeHistory | None = None) -> CodeMapping:
    """Map any kommunenummer to the code(s) valid at `at`, forwards or backwards in time.

    0602 at 2024-06-01 → ['3301'] (Drammen, through 3005). 3907 at 2016-06-01 → ['0706',
    '0719', '0720'] (Sandefjord, Andebu, Stokke). Raises CodeError for a malformed or unknown
    code. The mapping says when its answer is partial (see CodeMapping).

    Without `history` the request's code history is used (read once per request, see
    `load_code_history`); outside a request a caller that maps many codes loads it once
    with `load_code_history()` and passes it.
    """
    code = check_code_format(code)
    history = history or load_code_history()
    if not history.knows(code):
        raise CodeError(
            _("Kommunenummer %(code)s finnes ikke i kommuneregisteret.") % {"code": code}
        )
    covered_from = history.earliest()
    dead: set[str] = set()
    codes = _resolve(history, code, at, dead)
    before_registry = covered_from is not None and at < covered_from
    return CodeMapping(
        code=code,
        at=at,
        codes=codes,
        partial=bool(dead) or before_registry,
        dead_ends=sorted(dead),
        covered_from=covered_from,
    )


def _resolve(history: CodeHistory, code: str, at: dt.date, dead: set[str]) -> list[str]:
    if history.valid_at(code, at):
        return [code]
    spans = history.spans[code]
    before = [s for s in spans if s[0] <= at]
    if before:
        latest_start = max(s[0] for s in before)
        return sorted(history.resolve_forward(code, latest_start, at, dead=dead))
    if spans:
        earliest_start = min(s[0] for s in spans)
        return sorted(history.resolve_backward(code, earliest_start, at, dead=dead))
    # Known only from change records.
    ended = [on for on, _ in history.forward[code] if on <= at]
    if ended:
        return sorted(history.resolve_forward(code, min(ended) - ONE_DAY, at, dead=dead))
    began = [on for on, _ in history.backward[code]]
    if began:
        return sorted(history.resolve_backward(code, min(began), at, dead=dead))
    dead.add(code)
    return []


def codes_valid_at(code: str, at: dt.date, *, history: CodeHistory | None = None) -> list[str]:
    """The codes of `map_code`: [] when the code has no successor or predecessor valid at `at`
    (callers that need to know whether the answer is partial use `map_code`)."""
    return map_code(code, at, history=history).codes


def lineage_codes(code: str, *, history: CodeHistory | None = None) -> set[str]:
    """`code`, the codes that became it and the codes it became, through any number of
    changes (0906 → {0906, 4203}; 0710 → {0706, 0719, 0720, 0710, 3804, 3907}): the
    municipality under every number it has had. Siblings of a merger are not included."""
    history = history or load_code_history()
    codes = {code}
    for edges in (history.backward, history.forward):
        todo = [code]
        while todo:
            for _on, other in edges.get(todo.pop(), []):
                if other not in codes:
                    codes.add(other)
                    todo.append(other)
    return codes


def municipality_at(code: str, at: dt.date) -> Municipality | None:
    """The registry row for `code` valid at `at`, if any."""
    return (
        Municipality.objects.filter(code=code, valid_from__lte=at)
        .exclude(valid_to__lte=at)
        .order_by("-valid_from")
        .first()
    )


def municipalities_valid_at(at: dt.date) -> QuerySet[Municipality]:
    return Municipality.objects.filter(valid_from__lte=at).exclude(valid_to__lte=at)


def code_history(code: str) -> dict:
    """Spans of the code and every change into or out of it, for the municipality page."""
    return {
        "spans": list(Municipality.objects.filter(code=code).order_by("valid_from")),
        "became": list(CodeChange.objects.filter(old_code=code).exclude(new_code=code)),
        "came_from": list(CodeChange.objects.filter(new_code=code).exclude(old_code=code)),
    }


def population_series(code: str) -> list[Population]:
    return list(Population.objects.filter(code=code).order_by("year"))


def population_in(code: str, year: int) -> int | None:
    return Population.objects.filter(code=code, year=year).values_list("value", flat=True).first()
