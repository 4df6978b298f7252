"""The shared plausibility rule (issue 15, point 6): robust z-score over 3,5 against the own
series or the peers' changes; a warning, never a refusal."""

from decimal import Decimal

from boligsosial.core.plausibility import far_from_own_series, implausible

# Start loans (MNOK) of six municipalities, 2008–2011: ordinary growth of 5–60 %.
LOANS = {
    "Arendal": {2008: 30.1, 2009: 37.6, 2010: 41.0, 2011: 45.2},
    "Drammen": {2008: 70.3, 2009: 74.0, 2010: 80.5, 2011: 82.9},
    "Larvik": {2008: 20.0, 2009: 22.4, 2010: 30.2, 2011: 35.8},
    "Porsgrunn": {2008: 18.9, 2009: 19.4, 2010: 25.0, 2011: 27.1},
    "Sandefjord": {2008: 25.5, 2009: 27.0, 2010: 28.3, 2011: 39.9},
    "Skien": {2008: 33.0, 2009: 40.2, 2010: 44.1, 2011: 50.0},
}


def test_ordinary_series_are_not_flagged():
    assert implausible(LOANS) == []


def test_a_figure_typed_as_282_9_instead_of_82_9_is_flagged_with_its_reasons():
    typo = {**LOANS, "Drammen": {**LOANS["Drammen"], 2011: 282.9}}
    flags = implausible(typo, decimals=1)
    assert [(f.unit, f.period) for f in flags] == [("Drammen", 2011)]
    reasons = " ".join(flags[0].reasons)
    assert "282,9 er langt fra kommunens egne tall (median 74,0 av 3 andre)" in reasons
    assert "endringen fra forrige periode (+251\u00a0%)" in reasons
    # Only the cells just entered are reported, still judged against all the others.
    assert implausible(typo, only={("Drammen", 2010)}) == []


def test_too_few_references_say_nothing_and_an_unchanged_value_is_never_far():
    assert implausible({"A": {2010: 1.0, 2011: 500.0}}) == []
    assert not far_from_own_series(Decimal(6), [Decimal(6), Decimal(6), Decimal(6)])
    assert not far_from_own_series(5, [2, 2, 2])  # a small count: spread at least one unit
    assert far_from_own_series(200, [40, 40, 40])


def test_peers_are_the_units_of_the_same_group():
    """The programme directs grants to its municipalities: their common jump is not odd."""
    table = {f"p{i}": {2008: 10.0, 2009: 30.0} for i in range(4)}
    table.update({f"o{i}": {2008: 10.0, 2009: 9.0 + i / 10} for i in range(6)})
    assert implausible(table)  # against everyone, the programme's jump stands out
    groups = {unit: unit.startswith("p") for unit in table}
    assert implausible(table, groups=groups) == []
