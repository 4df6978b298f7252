"""Findings from Husbanken's financial instruments (instruments app), report §4.3.

Growth is measured from the year the programme started (its first municipality joined) to
the as-of year, for the programme municipalities together; the competence-grant share is the
programme municipalities' part of the region's frame in the as-of year; housing allowance
compares the growth in recipients (new recipients, as the source does) of the programme
municipalities with the rest of the region, and per 1 000 inhabitants.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from boligsosial.evaluation_report.findings.base import (
    NOK,
    NUMBER,
    PERCENT,
    TEXT,
    Evidence,
    Figure,
    Finding,
    FindingContext,
    finder,
)
from boligsosial.instruments import selectors as instruments_selectors


def _url(name: str, query: str = "") -> str:
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return ""


def _years(ctx: FindingContext) -> tuple[int | None, int]:
    starts = [p.start_date for p in ctx.participations if p.start_date]
    return (min(starts).year if starts else None), ctx.as_of.year


def _num(value):
    return float(value) if value is not None else None


def _growth_table(result, title, baseline: int, to_year: int) -> dict:
    rows = [
        [
            row.name,
            {"value": _num(row.baseline_value), "kind": NOK},
            {"value": _num(row.to_value), "kind": NOK},
            {"value": _num(row.change_percent), "kind": PERCENT, "decimals": 0},
        ]
        for row in result.visible_rows()
    ]
    rows.append(
        [
            _("Programmet samlet"),
            {"value": _num(result.total_baseline), "kind": NOK},
            {"value": _num(result.total_to), "kind": NOK},
            {"value": _num(result.change_percent), "kind": PERCENT, "decimals": 0},
        ]
    )
    return {
        "caption": _("%(label)s: %(baseline)s og %(year)s")
        % {"label": title, "baseline": baseline, "year": to_year},
        "header": [_("Kommune"), str(baseline), str(to_year), _("Endring")],
        "rows": rows,
        "numeric": [1, 2, 3],
    }


def _growth_chart(result, title, baseline: int, to_year: int) -> dict:
    return {
        "kind": "bar",
        "title": _("%(label)s i programkommunene, %(baseline)s og %(year)s")
        % {"label": title, "baseline": baseline, "year": to_year},
        "categories": [row.name for row in result.visible_rows()],
        "series": [
            {
                "name": str(baseline),
                "values": [_num(r.baseline_value) for r in result.visible_rows()],
            },
            {"name": str(to_year), "values": [_num(r.to_value) for r in result.visible_rows()]},
        ],
        "unit": _("kroner"),
        "category_label": _("Kommune"),
        "decimals": 0,
    }


def _growth_result(ctx: FindingContext, instrument: str, baseline: int, to_year: int):
    """The growth to the as-of year, or to the year before when the as-of year has no
    figures yet; (result, the year used)."""
    result = instruments_selectors.growth(
        programme=ctx.programme,
        instrument=instrument,
        to_year=to_year,
        baseline_year=baseline,
        as_of=ctx.as_of,
    )
    if result.total_to is None and to_year - 1 > baseline:
        to_year -= 1
        result = instruments_selectors.growth(
            programme=ctx.programme,
            instrument=instrument,
            to_year=to_year,
            baseline_year=baseline,
            as_of=ctx.as_of,
        )
    return result, to_year


def _growth_finding(ctx: FindingContext, code: str, instrument: str, title, label) -> Finding:
    baseline, to_year = _years(ctx)
    if baseline is None:
        return Finding(
            code=code,
            topic="instruments",
            title=title,
            available=False,
            note=_("Ingen kommuner har startet i programmet ennå."),
        )
    result, to_year = _growth_result(ctx, instrument, baseline, to_year)
    query = f"?programme={ctx.programme.pk}&instrument={instrument}&baseline={baseline}&to_year={to_year}"
    evidence = [
        Evidence(
            _("%(instrument)s %(year)s–%(to)s per kommune")
            % {"instrument": label, "year": baseline, "to": to_year},
            _url("instruments:growth", query),
        )
    ]
    finding = Finding(code=code, topic="instruments", title=title)
    finding.text = (
        _(
            "For programkommunene samlet har {label} økt med {change} fra {baseline} ({base_value}) til {to_year} ({to_value})."
        )
        if (result.change_percent or 0) >= 0
        else _(
            "For programkommunene samlet har {label} gått ned med {change} fra {baseline} ({base_value}) til {to_year} ({to_value})."
        )
    )
    change = abs(result.change_percent) if result.change_percent is not None else None
    finding.figures = {
        "label": Figure(label, TEXT),
        "change": Figure(_num(change), PERCENT, 0, evidence=evidence),
        "baseline": Figure(str(baseline), TEXT),
        "to_year": Figure(str(to_year), TEXT),
        "base_value": Figure(_num(result.total_baseline), NOK, evidence=evidence),
        "to_value": Figure(_num(result.total_to), NOK, evidence=evidence),
    }
    if result.excluded:
        finding.note = _("Uten tall for begge år, og derfor utelatt: %(names)s.") % {
            "names": ", ".join(result.excluded)
        }
    finding.table = _growth_table(result, title, baseline, to_year)
    finding.chart = _growth_chart(result, title, baseline, to_year)
    finding.data = {
        "baseline_year": baseline,
        "to_year": to_year,
        "per_municipality": {row.name: _num(row.change_percent) for row in result.visible_rows()},
        "change_percent": _num(result.change_percent),
        "total_baseline": _num(result.total_baseline),
        "total_to": _num(result.total_to),
        "excluded": result.excluded,
    }
    return finding


@finder
def start_loans(ctx: FindingContext) -> Finding:
    return _growth_finding(
        ctx, "start_loans", "start_loan", _("Startlån"), _("opptaket av startlån")
    )


@finder
def establishment_grants(ctx: FindingContext) -> Finding:
    return _growth_finding(
        ctx,
        "establishment_grants",
        "establishment_grant",
        _("Tilskudd til etablering"),
        _("tildelingen av tilskudd til etablering"),
    )


@finder
def rental_grants(ctx: FindingContext) -> Finding:
    """Source §7.2: more rental homes, "gjerne gjennom økt bruk av Husbankens tilskudd"."""
    return _growth_finding(
        ctx,
        "rental_grants",
        "rental_housing_grant",
        _("Tilskudd til utleieboliger"),
        _("tildelingen av tilskudd til utleieboliger"),
    )


def _share_table(results: list, title) -> dict:
    return {
        "caption": title,
        "header": [_("År"), _("Programkommunene"), _("Regional ramme"), _("Andel"), _("Måltall")],
        "rows": [
            [
                str(r.year),
                {"value": _num(r.programme_amount), "kind": NOK},
                {"value": _num(r.frame_amount), "kind": NOK},
                {"value": _num(r.share_percent), "kind": PERCENT},
                {"value": _num(r.target_percent), "kind": PERCENT},
            ]
            for r in results
        ],
        "numeric": [1, 2, 3, 4],
    }


def _share_chart(results: list, title, target) -> dict:
    return {
        "kind": "bar",
        "title": title,
        "categories": [str(r.year) for r in results],
        "series": [
            {"name": _("Andel av rammen"), "values": [_num(r.share_percent) for r in results]}
        ],
        "unit": "%",
        "category_label": _("År"),
        "decimals": 0,
        "target_line": _num(target),
        "target_label": _("Måltall %(target)s %%")
        % {"target": Figure(_num(target), NUMBER, 0).display()}
        if target is not None
        else "",
    }


@finder
def competence_share(ctx: FindingContext) -> Finding:
    title = _("Kompetansetilskudd: programkommunenes andel av rammen")
    baseline, to_year = _years(ctx)
    years = list(range(baseline or to_year, to_year + 1))
    results = instruments_selectors.share_series(
        programme=ctx.programme, instrument="competence_grant", years=years, as_of=ctx.as_of
    )
    with_share = [r for r in results if r.share_percent is not None]
    finding = Finding(code="competence_share", topic="instruments", title=title)
    if not with_share:
        finding.available = False
        finding.note = _("Det finnes ingen ramme og tildelinger for kompetansetilskudd i perioden.")
        return finding
    latest = with_share[-1]
    query = f"?programme={ctx.programme.pk}&instrument=competence_grant&from_year={years[0]}&to_year={years[-1]}"
    evidence = [
        Evidence(
            _("Kompetansetilskudd og regional ramme %(year)s") % {"year": latest.year},
            _url("instruments:share", query),
        )
    ]
    sentences = [
        _(
            "I {year} fikk programkommunene {share} av den samlede rammen for kompetansetilskudd ({amount} av {frame})."
        )
    ]
    if latest.target_percent is not None:
        sentences.append(_("Regionkontorets måltall er {target}."))
    shares = [r.share_percent for r in with_share if r.share_percent is not None]
    low, high = min(shares), max(shares)
    if len(with_share) > 1:
        sentences.append(
            _("Fra {first_year} til {year} har andelen ligget mellom {low} og {high}.")
        )
    finding.text = " ".join(sentences)
    finding.figures = {
        "year": Figure(str(latest.year), TEXT),
        "first_year": Figure(str(with_share[0].year), TEXT),
        "share": Figure(_num(latest.share_percent), PERCENT, 0, evidence=evidence),
        "amount": Figure(_num(latest.programme_amount), NOK, evidence=evidence),
        "frame": Figure(_num(latest.frame_amount), NOK, evidence=evidence),
        "target": Figure(_num(latest.target_percent), PERCENT, 0, evidence=evidence),
        "low": Figure(_num(low), PERCENT, 0, evidence=evidence),
        "high": Figure(_num(high), PERCENT, 0, evidence=evidence),
    }
    finding.table = _share_table(results, title)
    finding.chart = _share_chart(results, title, latest.target_percent)
    finding.data = {
        "share_percent": _num(latest.share_percent),
        "target_percent": _num(latest.target_percent),
        "year": latest.year,
        "low": _num(low),
        "high": _num(high),
    }
    return finding


@finder
def housing_allowance(ctx: FindingContext) -> Finding:
    title = _("Bostøtte: programkommunene og resten av regionen")
    baseline, to_year = _years(ctx)
    years = list(range(baseline or to_year, to_year + 1))
    result = instruments_selectors.comparison(
        programme=ctx.programme, instrument="housing_allowance", years=years, as_of=ctx.as_of
    )
    finding = Finding(code="housing_allowance", topic="instruments", title=title)
    if result.programme_change is None or result.rest_change is None:
        finding.available = False
        finding.note = _("Det mangler bostøttetall eller folketall for å sammenligne.")
        return finding
    evidence = [
        Evidence(
            _("Bostøtte og folketall per kommune %(first)s–%(last)s")
            % {"first": years[0], "last": years[-1]},
            _url(
                "instruments:comparison",
                f"?programme={ctx.programme.pk}&instrument=housing_allowance"
                f"&measure=count&from_year={years[0]}&to_year={years[-1]}",
            ),
        )
    ]
    # The source (§4.3) compares new recipients: the growth in the number of recipients.
    programme = [y.programme_value for y in result.years if y.programme_value is not None]
    rest = [y.rest_value for y in result.years if y.rest_value is not None]
    programme_growth, rest_growth = result.change("programme_value"), result.change("rest_value")
    if programme_growth is None or rest_growth is None:
        finding.available = False
        finding.note = _("Det mangler bostøttetall for å sammenligne.")
        return finding
    finding.text = " ".join(
        [
            _(
                "Fra {first} til {last} økte antall bostøttemottakere med {programme_new} "
                "({programme_growth}) i programkommunene og {rest_new} ({rest_growth}) i resten av "
                "regionen."
            ),
            _("Økningen i nye bostøttemottakere var dermed større i programkommunene.")
            if programme_growth > rest_growth
            else _("Økningen i nye bostøttemottakere var ikke større i programkommunene."),
            _(
                "Per 1 000 innbyggere endret antallet seg med {programme_change} og {rest_change}. "
                "Programkommunene er de største i regionen, og nytt regelverk har åpnet ordningen "
                "for flere grupper, så forskjellen kan ikke tilskrives programmet alene."
            ),
        ]
    )
    finding.figures = {
        "programme_new": Figure(_num(programme[-1] - programme[0]), NUMBER, evidence=evidence),
        "rest_new": Figure(_num(rest[-1] - rest[0]), NUMBER, evidence=evidence),
        "programme_growth": Figure(_num(programme_growth), PERCENT, 0, evidence=evidence),
        "rest_growth": Figure(_num(rest_growth), PERCENT, 0, evidence=evidence),
        "programme_change": Figure(_num(result.programme_change), PERCENT, 0, evidence=evidence),
        "rest_change": Figure(_num(result.rest_change), PERCENT, 0, evidence=evidence),
        "first": Figure(str(years[0]), TEXT),
        "last": Figure(str(years[-1]), TEXT),
    }
    chart = result.chart()
    finding.chart = {
        "kind": "line",
        "title": chart.title,
        "categories": chart.categories,
        "series": [{"name": s.name, "values": [_num(v) for v in s.values]} for s in chart.series],
        "unit": chart.unit,
        "category_label": chart.category_label,
        "decimals": 2,
    }
    finding.data = {
        "programme_new": _num(programme[-1] - programme[0]),
        "rest_new": _num(rest[-1] - rest[0]),
        "programme_growth": _num(programme_growth),
        "rest_growth": _num(rest_growth),
        "programme_change": _num(result.programme_change),
        "rest_change": _num(result.rest_change),
    }
    return finding
