"""Instrument figures far outside their own series or their peers (core.plausibility's rule).

Each instrument and measure (amount, count) is judged on its own: a municipality's yearly
figures against its other years, and its change from the year before against the changes of
the other municipalities of its group in the same year (programme municipalities with each
other — the programme directs grants to them — and the rest with the rest). Monthly figures are not judged (too few peers).
"""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from boligsosial.core.plausibility import implausible
from boligsosial.instruments.models import Instrument, InstrumentFigure, measure_unit_label
from boligsosial.municipalities.models import Municipality
from boligsosial.programmes.models import Participation

MEASURES = ("amount", "count")


def implausible_figures(*, only: set[tuple[str, str, int]] | None = None) -> list[dict]:
    """Every flagged yearly figure, or only those among `only` ((instrument, code, year))."""
    tables: dict[tuple[str, str], dict[str, dict[int, object]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    instruments = {i for i, _c, _y in only} if only is not None else None
    rows = InstrumentFigure.objects.filter(month__isnull=True)
    if instruments is not None:
        rows = rows.filter(instrument__in=instruments)
    for instrument, code, year, amount, count in rows.values_list(
        "instrument", "code", "year", "amount", "count"
    ):
        for measure, value in zip(MEASURES, (amount, count), strict=True):
            if value is not None:
                tables[(instrument, measure)][code][year] = value
    names = dict(Municipality.objects.values_list("code", "name"))
    in_programme = set(Participation.objects.values_list("municipality__code", flat=True))
    groups = {code: code in in_programme for table in tables.values() for code in table}
    result = []
    for (instrument, measure), table in sorted(tables.items()):
        cells = {(c, y) for i, c, y in only if i == instrument} if only is not None else None
        for flag in implausible(table, only=cells, decimals=0, groups=groups):
            code, year = str(flag.unit), int(str(flag.period))
            result.append(
                {
                    "instrument": instrument,
                    "measure": measure,
                    "code": code,
                    "year": year,
                    "label": _("%(instrument)s, %(municipality)s, %(year)s (%(unit)s)")
                    % {
                        "instrument": Instrument(instrument).label,
                        "municipality": names.get(code, code),
                        "year": year,
                        "unit": measure_unit_label(instrument, measure),
                    },
                    "message": "; ".join(flag.reasons) + ".",
                    "url": reverse("instruments:series") + f"?instrument={instrument}&code={code}",
                }
            )
    return result
