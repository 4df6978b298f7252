"""Recommendation rules: explicit conditions on findings, with thresholds set per programme.

Each rule reads the data of one or more findings, compares it with its threshold and, when
the condition holds, proposes a recommendation with its evidence (the findings it rests
on). The evaluator then accepts, edits or rejects the proposal with a reason
(services.recommendation_decide). Thresholds live in RecommendationRule rows per programme;
the defaults below are what the 2011 working group's recommendations imply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boligsosial.core.formatting import format_number
from boligsosial.evaluation_report.findings.base import DATE, Finding, display_value
from boligsosial.evaluation_report.findings.rules_chapter7 import (
    LONG_LIST,
    Proposal,
    communication_plan,
    municipalities,
    premise_setter,
    rental_homes,
)


@dataclass(frozen=True)
class RuleDef:
    code: str
    section: str  # the report section the recommendation belongs in
    title: object
    condition: object  # the rule in words, with {threshold}
    default_threshold: Decimal
    unit: object
    findings: tuple[str, ...]
    propose: Callable[[dict[str, Finding], Decimal], Proposal | None]

    def describe(self, threshold) -> str:
        return str(self.condition).format(threshold=format_number(threshold))


def _available(findings: dict[str, Finding], *codes: str) -> bool:
    return all(code in findings and findings[code].available for code in codes)


def _pct(value: float | None) -> str:
    return format_number(value, 0) + "\u00a0%" if value is not None else "–"


def _steering_group(findings, threshold) -> Proposal | None:
    if not _available(findings, "anchoring"):
        return None
    data = findings["anchoring"].data
    if data["total"] == 0 or (data["radmann_share"] or 0) >= float(threshold):
        return None
    parts = [
        _(
            "Alle programkommuner bør ha en styringsgruppe ledet på rådmannsnivå, og toppledelsen bør "
            "involvere seg aktivt og etterspørre framdrift og resultater."
        )
    ]
    parts.append(
        _("%(radmann)s av %(total)s kommuner er forankret på rådmannsnivå.")
        % {"radmann": len(data["radmann"]), "total": data["total"]}
    )
    if data["unit"]:
        parts.append(
            _("I %(names)s ledes styringsgruppen på virksomhetsnivå.")
            % {"names": municipalities(data["unit"], data["total"])}
        )
    if data["none"]:
        parts.append(
            _("%(names)s har ikke etablert styringsgruppe.")
            % {"names": municipalities(data["none"], data["total"])}
        )
    return Proposal(
        "steering_group",
        "7.1",
        _("Styringsgruppe ledet på rådmannsnivå"),
        " ".join(parts),
        ["anchoring"],
        named=data["unit"] + data["none"],
    )


def _target_group(code: str, finding_code: str, group_label, all_text) -> Callable:
    def propose(findings, threshold) -> Proposal | None:
        if not _available(findings, finding_code):
            return None
        data = findings[finding_code].data
        if data["total"] == 0 or (data["share"] or 0) >= float(threshold):
            return None
        started = data["with"]
        if len(started) > LONG_LIST:
            status = _(
                "Bare %(n)s av %(total)s kommuner (%(share)s) har startet tiltak for %(group)s "
                "(se grunnlaget)."
            ) % {
                "n": len(started),
                "total": data["total"],
                "share": _pct(100 * len(started) / data["total"]),
                "group": group_label(),
            }
        elif started:
            status = _("Bare %(names)s har startet tiltak for %(group)s (%(n)s av %(total)s).") % {
                "names": municipalities(started, data["total"]),
                "group": group_label(),
                "n": len(started),
                "total": data["total"],
            }
        else:
            status = _("Ingen av programkommunene har startet tiltak for %(group)s.") % {
                "group": group_label()
            }
        text = " ".join(
            [
                str(all_text()),
                status,
                _("Husbanken bør etterspørre resultater av kommunenes arbeid for denne gruppen."),
            ]
        )
        return Proposal(
            code,
            "7.2",
            _("Tiltak for %(group)s i alle kommuner") % {"group": group_label()},
            text,
            [finding_code],
            named=data["without"],
        )

    return propose


def _housing_first(findings, threshold) -> Proposal | None:
    if not _available(findings, "housing_first"):
        return None
    data = findings["housing_first"].data
    if data["total"] == 0 or (data["share"] or 0) >= float(threshold):
        return None
    using, tried = data["in_use"], data.get("individual", [])
    if len(using) > LONG_LIST:
        in_use = _(
            "Housing First er tatt i bruk i %(n)s av %(total)s kommuner (%(share)s, se grunnlaget)."
        ) % {
            "n": len(using),
            "total": data["total"],
            "share": _pct(100 * len(using) / data["total"]),
        }
    elif using:
        in_use = _("Housing First er tatt i bruk i %(names)s (%(n)s av %(total)s kommuner).") % {
            "names": municipalities(using, data["total"]),
            "n": len(using),
            "total": data["total"],
        }
    else:
        in_use = _("Ingen av programkommunene har tatt i bruk Housing First i et tiltak.")
    status = [in_use]
    if tried:
        status.append(
            _("%(names)s har prøvd metoden med enkeltbrukere.")
            % {"names": municipalities(tried, data["total"])}
        )
    text = " ".join(
        [
            _(
                "Husbanken bør arbeide for at en eller flere kommuner systematisk iverksetter forsøk med "
                "Housing First, og at erfaringene overføres til de andre kommunene."
            ),
            *status,
        ]
    )
    return Proposal(
        "housing_first", "7.3", _("Systematiske forsøk med Housing First"), text, ["housing_first"]
    )


def _regular_meetings(findings, threshold) -> Proposal | None:
    if not _available(findings, "followup_cadence"):
        return None
    data = findings["followup_cadence"].data
    per = data["per_municipality"]
    irregular = sorted(
        name for name, days in per.items() if days is None or days > float(threshold)
    )
    if not irregular:
        return None
    regular = sorted(
        name for name, days in per.items() if days is not None and days <= float(threshold)
    )
    text = _(
        "Husbanken bør rette økt oppmerksomhet mot regelmessige møter med programlederne. "
        "%(names)s har hatt mer enn %(threshold)s dager mellom kontaktene (median) eller ingen registrerte møter."
    ) % {"names": municipalities(irregular, len(per)), "threshold": format_number(threshold)}
    if regular:
        text += " " + _("%(names)s har jevnlige møter.") % {
            "names": municipalities(regular, len(per))
        }
    return Proposal(
        "regular_meetings",
        "7.4",
        _("Regelmessige møter med programlederne"),
        text,
        ["followup_cadence"],
        named=irregular,
    )


def _leader_gatherings(findings, threshold) -> Proposal | None:
    if not _available(findings, "learning_arenas"):
        return None
    data = findings["learning_arenas"].data
    per_year = data.get("leader_gatherings_per_year")
    if per_year is not None and per_year >= float(threshold):
        return None
    text = _(
        "Husbanken bør holde hyppigere programledersamlinger. Det har vært %(per_year)s "
        "programledersamlinger per år i programperioden."
    ) % {"per_year": format_number(per_year, 1) if per_year is not None else "–"}
    return Proposal(
        "leader_gatherings", "7.4", _("Hyppigere programledersamlinger"), text, ["learning_arenas"]
    )


def _common_template(findings, threshold) -> Proposal | None:
    if not _available(findings, "reporting"):
        return None
    data = findings["reporting"].data
    on_time = data.get("on_time_share")
    if on_time is not None and on_time >= float(threshold):
        return None
    if data.get("period") is None:
        # No template period has passed its deadline: the template is not in use yet.
        text = _(
            "Husbanken bør ta i bruk en felles rapporteringsmal med vekt på effektmåling. Per "
            "%(as_of)s rapporterer kommunene ennå ikke i en felles mal: ingen rapporteringsperiode "
            "har hatt frist."
        ) % {"as_of": display_value(data.get("as_of"), DATE)}
    else:
        text = _(
            "Husbanken bør ta i bruk en felles rapporteringsmal med vekt på effektmåling, og følge "
            "opp at kommunene rapporterer i tide. I siste rapporteringsperiode (%(period)s) kom "
            "%(on_time)s av de forventede rapportene inn i tide."
        ) % {"period": data["period"], "on_time": _pct(on_time)}
    return Proposal(
        "common_template",
        "7.4",
        _("Felles rapporteringsmal"),
        text,
        ["reporting"],
        named=data.get("late", []),
    )


def _goal_hierarchy(findings, threshold) -> Proposal | None:
    if not _available(findings, "planning"):
        return None
    data = findings["planning"].data
    flagged = data["flagged"]
    if data["total"] == 0 or len(flagged) <= float(threshold):
        return None
    text = _(
        "Det bør utarbeides et målhierarki med overordnede mål og konkrete delmål og resultatmål "
        "med indikator, målverdi og dato. %(names)s har mangler i målhierarkiet."
    ) % {"names": municipalities(sorted(flagged), data["total"])}
    return Proposal(
        "goal_hierarchy",
        "6.4",
        _("Målhierarki med resultatmål"),
        text,
        ["planning"],
        named=sorted(flagged),
    )


RULES: dict[str, RuleDef] = {
    rule.code: rule
    for rule in [
        RuleDef(
            "steering_group",
            "7.1",
            gettext_lazy("Styringsgruppe ledet på rådmannsnivå"),
            gettext_lazy(
                "Foreslås når færre enn {threshold} % av kommunene er forankret på rådmannsnivå."
            ),
            Decimal(100),
            gettext_lazy("prosent av kommunene"),
            ("anchoring",),
            _steering_group,
        ),
        RuleDef(
            "youth_measures",
            "7.2",
            gettext_lazy("Tiltak for ungdom i alle kommuner"),
            gettext_lazy(
                "Foreslås når færre enn {threshold} % av kommunene har startet tiltak for ungdom."
            ),
            Decimal(100),
            gettext_lazy("prosent av kommunene"),
            ("target_youth",),
            _target_group(
                "youth_measures",
                "target_youth",
                lambda: _("ungdom"),
                lambda: _(
                    "Alle programkommunene bør få på plass tiltak rettet mot ungdom som er "
                    "vanskeligstilte på boligmarkedet, i samarbeid på tvers av etater."
                ),
            ),
        ),
        RuleDef(
            "homeless_measures",
            "7.2",
            gettext_lazy("Tiltak for bostedsløse i alle kommuner"),
            gettext_lazy(
                "Foreslås når færre enn {threshold} % av kommunene har startet tiltak for bostedsløse."
            ),
            Decimal(100),
            gettext_lazy("prosent av kommunene"),
            ("target_homeless",),
            _target_group(
                "homeless_measures",
                "target_homeless",
                lambda: _("bostedsløse"),
                lambda: _("Alle programkommunene bør ha tiltak rettet mot bostedsløse."),
            ),
        ),
        RuleDef(
            "rental_homes",
            "7.2",
            gettext_lazy("Flere utleieboliger gjennom Husbankens tilskudd"),
            gettext_lazy(
                "Foreslås når tilskudd til utleieboliger til programkommunene samlet, eller til en "
                "av dem, har økt med mindre enn {threshold} % fra programstart."
            ),
            Decimal(25),
            gettext_lazy("prosent økning"),
            ("rental_grants",),
            rental_homes,
        ),
        RuleDef(
            "housing_first",
            "7.3",
            gettext_lazy("Systematiske forsøk med Housing First"),
            gettext_lazy(
                "Foreslås når færre enn {threshold} % av kommunene har Housing First i bruk i et tiltak."
            ),
            Decimal(50),
            gettext_lazy("prosent av kommunene"),
            ("housing_first",),
            _housing_first,
        ),
        RuleDef(
            "regular_meetings",
            "7.4",
            gettext_lazy("Regelmessige møter med programlederne"),
            gettext_lazy(
                "Foreslås når en kommune har mer enn {threshold} dager mellom kontaktene (median)."
            ),
            Decimal(30),
            gettext_lazy("dager"),
            ("followup_cadence",),
            _regular_meetings,
        ),
        RuleDef(
            "leader_gatherings",
            "7.4",
            gettext_lazy("Hyppigere programledersamlinger"),
            gettext_lazy(
                "Foreslås når det har vært færre enn {threshold} programledersamlinger per år."
            ),
            Decimal(2),
            gettext_lazy("samlinger per år"),
            ("learning_arenas",),
            _leader_gatherings,
        ),
        RuleDef(
            "common_template",
            "7.4",
            gettext_lazy("Felles rapporteringsmal"),
            gettext_lazy(
                "Foreslås når ingen rapporteringsperiode i felles mal har hatt frist ennå, eller når "
                "færre enn {threshold} % av de forventede rapportene i siste periode kom inn i tide."
            ),
            Decimal(100),
            gettext_lazy("prosent av rapportene"),
            ("reporting",),
            _common_template,
        ),
        RuleDef(
            "communication_plan",
            "7.4",
            gettext_lazy("Kommunikasjonsplan og spredning av gode eksempler"),
            gettext_lazy(
                "Foreslås når minst {threshold} kommuner har registrert resultater som kan spres "
                "som gode eksempler."
            ),
            Decimal(2),
            gettext_lazy("kommuner"),
            ("concrete_results",),
            communication_plan,
        ),
        RuleDef(
            "premise_setter",
            "7.4",
            gettext_lazy("Husbanken som tydeligere premissleverandør"),
            gettext_lazy(
                "Foreslås når minst {threshold} utdrag fra intervjuene er kodet «Husbanken som "
                "tydeligere premissleverandør» (kode tydeligere-premissleverandor)."
            ),
            Decimal(2),
            gettext_lazy("utdrag"),
            ("code_frequencies",),
            premise_setter,
        ),
        RuleDef(
            "goal_hierarchy",
            "6.4",
            gettext_lazy("Målhierarki med resultatmål"),
            gettext_lazy(
                "Foreslås når flere enn {threshold} kommuner har mangler i målhierarkiet."
            ),
            Decimal(0),
            gettext_lazy("kommuner"),
            ("planning",),
            _goal_hierarchy,
        ),
    ]
}


def propose_all(
    findings: dict[str, Finding], thresholds: dict[str, Decimal], enabled: set[str] | None = None
) -> list[Proposal]:
    proposals = []
    for code, rule in RULES.items():
        if enabled is not None and code not in enabled:
            continue
        proposal = rule.propose(findings, thresholds.get(code, rule.default_threshold))
        if proposal is not None:
            proposals.append(proposal)
    return proposals
