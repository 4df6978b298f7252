"""Recommendation rules of chapter 7 that the 2011 report adds beyond anchoring, target groups,
Housing First and follow-up: more rental homes through Husbanken's grants (§7.2), a
communication plan for spreading good examples (§7.4) and Husbanken as a clearer
premise-setter (§1, §4.6, §7.4). `rules.RULES` holds their thresholds and wording; the
shared `Proposal` type lives here so both modules use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from boligsosial.core.formatting import format_number
from boligsosial.evaluation_report.findings.base import Finding, names

# Above this many names a recommendation gives the count and the share instead of the list
# (a national programme names hundreds): the list stays in the evidence finding and in the
# proposal's `named` (the recommendations page, the API).
LONG_LIST = 10


def municipalities(items, total: int | None = None) -> str:
    """The names when a few ('Drammen og Skien'), else '312 kommuner (87 % av programkommunene,
    se grunnlaget)'."""
    items = list(items)
    if len(items) <= LONG_LIST:
        return names(items)
    if total:
        return _("%(n)s kommuner (%(share)s av programkommunene, se grunnlaget)") % {
            "n": len(items),
            "share": _pct(100 * len(items) / total),
        }
    return _("%(n)s kommuner (se grunnlaget)") % {"n": len(items)}


@dataclass
class Proposal:
    rule: str
    section: str
    title: str
    text: str
    evidence: list[str]  # finding codes
    named: list[str] = field(default_factory=list)  # municipalities the proposal names


def _available(findings: dict[str, Finding], *codes: str) -> bool:
    return all(code in findings and findings[code].available for code in codes)


def _pct(value: float | None) -> str:
    return format_number(value, 0) + "\u00a0%" if value is not None else "–"


def rental_homes(findings, threshold) -> Proposal | None:
    if not _available(findings, "rental_grants"):
        return None
    data = findings["rental_grants"].data
    change = data.get("change_percent")
    per = data.get("per_municipality", {})
    low = sorted(name for name, c in per.items() if c is None or c < float(threshold))
    if change is not None and change >= float(threshold) and not low:
        return None
    text = _(
        "Flere kommuner bør øke oppmerksomheten mot anskaffelse av flere og mer hensiktsmessige "
        "utleieboliger, gjerne gjennom økt bruk av Husbankens tilskudd. Tilskudd til "
        "utleieboliger til programkommunene har endret seg med %(change)s fra %(baseline)s til "
        "%(to_year)s."
    ) % {
        "change": _pct(change),
        "baseline": data.get("baseline_year"),
        "to_year": data.get("to_year"),
    }
    if low:
        text += " " + _("Under %(threshold)s %% økning: %(names)s.") % {
            "threshold": format_number(threshold),
            "names": municipalities(low, len(per)),
        }
    return Proposal(
        "rental_homes",
        "7.2",
        _("Flere utleieboliger gjennom Husbankens tilskudd"),
        text,
        ["rental_grants"],
        named=low,
    )


def communication_plan(findings, threshold) -> Proposal | None:
    if not _available(findings, "concrete_results"):
        return None
    data = findings["concrete_results"].data
    with_results = data.get("with_results", [])
    if len(with_results) < float(threshold):
        return None
    text = _(
        "Husbankens rolle som formidler og bidragsyter i kompetanseoverføringen bør styrkes. Gode "
        "eksempler og suksesshistorier bør formidles på læringsarenaene, i ulike medier og på "
        "nettet, og dette arbeidet bør nedfelles i en kommunikasjonsplan. %(n)s av %(total)s "
        "kommuner har registrert resultater som kan spres (%(names)s)."
    ) % {
        "n": len(with_results),
        "total": data.get("total"),
        "names": names(with_results)
        if len(with_results) <= LONG_LIST
        else _("listen står i grunnlaget"),
    }
    return Proposal(
        "communication_plan",
        "7.4",
        _("Kommunikasjonsplan og spredning av gode eksempler"),
        text,
        ["concrete_results"],
    )


# The code the evaluators use for informants who want Husbanken to set clearer premises.
PREMISE_CODE = "tydeligere-premissleverandor"


def premise_setter(findings, threshold) -> Proposal | None:
    if not _available(findings, "code_frequencies"):
        return None
    count = findings["code_frequencies"].data.get("codes", {}).get(PREMISE_CODE)
    if count is None or count < float(threshold):
        return None
    text = _(
        "Husbanken bør være en tydeligere premissleverandør for kommunenes arbeid i programmet og "
        "gjøre forventningene sine klarere, samtidig som kommunene selv formulerer egne mål. "
        "%(n)s utdrag fra intervjuene er kodet «Husbanken som tydeligere premissleverandør»."
    ) % {"n": count}
    return Proposal(
        "premise_setter",
        "7.4",
        _("Husbanken som tydeligere premissleverandør"),
        text,
        ["code_frequencies"],
    )
