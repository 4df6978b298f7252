"""The report's §4.3 aggregates, computed from the demonstration data (issue 5, 'must show')."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from boligsosial.core.models import DataSource
from boligsosial.instruments import selectors
from boligsosial.instruments.models import Instrument, InstrumentFigure

AS_OF = "2011-12-31"


def _growth(ctx, instrument):
    return selectors.growth(
        programme=ctx["programme"],
        instrument=instrument,
        baseline_year=2009,
        to_year=2011,
        as_of=dt.date(2011, 12, 31),
    )


def _check_the_instruments_page_shows_the_three_report_figures_with_the_numbers_behind_them(
    demo, client_for
):
    client = client_for(demo["users"]["evaluator"])
    page = client.get(
        reverse("instruments:index") + f"?as_of={AS_OF}&baseline=2009&to_year=2011"
    ).content.decode()
    start_loans = _growth(demo, Instrument.START_LOAN)
    establishment = _growth(demo, Instrument.ESTABLISHMENT_GRANT)
    share = selectors.frame_share(
        programme=demo["programme"],
        instrument=Instrument.COMPETENCE_GRANT,
        year=2011,
        as_of=dt.date(2011, 12, 31),
    )
    assert start_loans.change_percent > 50
    assert establishment.change_percent > 25
    assert 75 <= share.share_percent <= 80
    nb = lambda v: f"{v:.1f}".replace(".", ",")  # noqa: E731
    assert f"+{nb(start_loans.change_percent)}\u00a0%" in page
    assert f"+{nb(establishment.change_percent)}\u00a0%" in page
    assert f"{nb(share.share_percent)}\u00a0%" in page
    # The numbers behind: every programme municipality is a row, with the sums.
    for name in ("Arendal", "Drammen", "Larvik", "Porsgrunn", "Sandefjord", "Skien"):
        assert name in page
    drammen = next(r for r in start_loans.rows if r.name == "Drammen")
    assert f"{int(drammen.to_value):,}".replace(",", "\u00a0") in page
    assert "Måltall" in page or "måltall" in page
    assert "Illustrative tall: noen av tallene bak denne analysen er demonstrasjonsdata" in page


def _check_the_api_gives_the_same_figures_and_the_rows_behind_them(demo, client_for):
    client = client_for(demo["users"]["admin"])
    growth = client.get(
        reverse("api:analysis_growth")
        + f"?instrument=start_loan&baseline_year=2009&to_year=2011&as_of={AS_OF}"
    ).json()
    assert Decimal(growth["change_percent"]) > 50
    assert len(growth["rows"]) == 6
    total_base = sum(Decimal(r["baseline_value"]) for r in growth["rows"])
    assert Decimal(growth["total_baseline"]) == total_base
    grants = client.get(
        reverse("api:analysis_growth")
        + f"?instrument=establishment_grant&baseline_year=2009&to_year=2011&as_of={AS_OF}"
    ).json()
    assert Decimal(grants["change_percent"]) > 25
    share = client.get(
        reverse("api:analysis_share") + f"?instrument=competence_grant&year=2011&as_of={AS_OF}"
    ).json()
    assert 75 <= Decimal(share["share_percent"]) <= 80
    assert Decimal(share["target_percent"]) == 75
    assert sum(Decimal(r["amount"]) for r in share["rows"]) == Decimal(share["programme_amount"])


def _check_changing_one_municipalitys_2011_start_loans_changes_the_growth(demo, client_for):
    before = _growth(demo, Instrument.START_LOAN)
    figure = InstrumentFigure.objects.get(
        instrument=Instrument.START_LOAN, code="0602", year=2011, month=None
    )
    figure.amount += Decimal(10_000_000)
    figure.save()
    after = _growth(demo, Instrument.START_LOAN)
    expected = (
        (before.total_to + 10_000_000 - before.total_baseline) / before.total_baseline * 100
    ).quantize(Decimal("0.1"))
    assert after.change_percent == expected != before.change_percent
    page = (
        client_for(demo["users"]["admin"])
        .get(reverse("instruments:index") + f"?as_of={AS_OF}&baseline=2009&to_year=2011")
        .content.decode()
    )
    assert f"+{expected:.1f}".replace(".", ",") in page


def _check_a_missing_figure_leaves_the_municipality_out_instead_of_counting_zero(demo):
    InstrumentFigure.objects.filter(
        instrument=Instrument.START_LOAN, code="0806", year=2011
    ).delete()
    result = _growth(demo, Instrument.START_LOAN)
    assert result.excluded == ["Skien"]
    skien = next(r for r in result.rows if r.name == "Skien")
    assert skien.to_value is None and skien.change_percent is None
    assert result.total_to == sum(r.to_value for r in result.rows if r.to_value is not None)


def _check_sandefjord_2015_2018_shows_in_the_2020_structure_with_andebu_and_stokke(
    demo, client_for
):
    # KLASS: on 2017-01-01 Andebu 0719 and Sandefjord 0706 became 0710, and Stokke 0720 was
    # divided between 0710 Sandefjord and 0704 Tønsberg. A figure filed for Stokke cannot be
    # split between its two successors, so Sandefjord's years before 2017 are missing in the
    # 2020 structure (Stokke named), never a sum without Stokke; from 2017 they are whole.
    client = client_for(demo["users"]["admin"])
    page = client.get(
        reverse("instruments:series")
        + "?code=3907&from_year=2015&to_year=2018&structure=2020-01-01"
    ).content.decode()
    assert "(mangler tall for 0720)" in page and "0710 Sandefjord" in page
    result = selectors.series_in_structure(
        code="3907",
        instrument=Instrument.START_LOAN,
        years=range(2015, 2019),
        structure_date=dt.date(2020, 1, 1),
    )
    assert [y.value is not None for y in result.years] == [False, False, True, True]
    assert result.years[1].missing_codes == ["0720"]
    y2017 = result.years[2]
    parts = {code: value for code, _name, value in y2017.parts}
    assert set(parts) == {"0710"} and y2017.value == parts["0710"]
    api = client.get(
        reverse("api:analysis_series")
        + "?code=3907&structure_date=2020-01-01&from_year=2015&to_year=2018"
    ).json()
    assert api["target_codes"] == ["3804"]  # Sandefjord was 3804 in 2020, 3907 from 2024
    assert api["years"][0]["value"] is None
    assert Decimal(api["years"][2]["value"]) == y2017.value


def _check_a_year_with_a_missing_part_is_missing_not_a_smaller_sum(demo):
    InstrumentFigure.objects.filter(
        instrument=Instrument.START_LOAN, code="0719", year=2015
    ).delete()
    result = selectors.series_in_structure(
        code="3907",
        instrument=Instrument.START_LOAN,
        years=[2015],
        structure_date=dt.date(2020, 1, 1),
    )
    assert result.years[0].value is None
    assert "0719" in result.years[0].missing_codes


def _check_every_demo_figure_is_marked_illustrative(demo):
    assert not InstrumentFigure.objects.exclude(data_source=DataSource.ILLUSTRATIVE).exists()
    from boligsosial.programmes.models import RegionMunicipality

    assert RegionMunicipality.objects.filter(region__key="sor").count() == 83


def _check_the_comparison_with_the_rest_of_the_region_is_per_thousand_inhabitants(demo, client_for):
    result = selectors.comparison(
        programme=demo["programme"],
        instrument=Instrument.HOUSING_ALLOWANCE,
        years=range(2009, 2012),
        as_of=dt.date(2011, 12, 31),
    )
    year = result.years[-1]
    assert year.programme_per_thousand == (
        year.programme_value / year.programme_population * 1000
    ).quantize(Decimal("0.01"))
    assert result.programme_units == 6 and result.rest_units == 77
    assert result.programme_change > result.rest_change  # report: somewhat larger increase
    page = (
        client_for(
            demo["users"]["viewer"] if "viewer" in demo["users"] else demo["users"]["lesetilgang"]
        )
        .get(reverse("instruments:comparison") + f"?as_of={AS_OF}&from_year=2009&to_year=2011")
        .content.decode()
    )
    assert "per 1 000 innbyggere" in page


def _check_csv_downloads_hold_the_numbers(demo, client_for):
    client = client_for(demo["users"]["admin"])
    response = client.get(
        reverse("instruments:index")
        + f"?as_of={AS_OF}&baseline=2009&to_year=2011&format=csv&tabell=start_loans"
    )
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Drammen" in text and "Programmet samlet" in text
    for url in (
        reverse("instruments:share") + "?format=csv",
        reverse("instruments:comparison") + "?format=csv",
        reverse("instruments:did") + "?format=csv",
        reverse("instruments:figures") + "?format=csv",
        reverse("instruments:frames") + "?format=csv",
        reverse("instruments:applications") + "?format=csv",
        reverse("instruments:series") + "?code=3907&format=csv",
        reverse("instruments:growth") + "?format=csv",
    ):
        assert client.get(url)["Content-Type"].startswith("text/csv"), url


def test_on_the_demo_data_the_report_figures_hold_on_the_page_the_api_and_in_csv(demo, client_for):
    _check_the_instruments_page_shows_the_three_report_figures_with_the_numbers_behind_them(
        demo, client_for
    )
    _check_the_api_gives_the_same_figures_and_the_rows_behind_them(demo, client_for)
    _check_every_demo_figure_is_marked_illustrative(demo)
    _check_the_comparison_with_the_rest_of_the_region_is_per_thousand_inhabitants(demo, client_for)
    _check_csv_downloads_hold_the_numbers(demo, client_for)
    page = (
        client_for(demo["users"]["evaluator"])
        .get(reverse("instruments:did") + "?as_of=2011-12-31")
        .content.decode()
    )
    assert "konfidensintervall" in page and "Hva tallene kan og ikke kan vise" in page
    assert "6 programkommuner og 77 andre kommuner" in page


def test_the_growth_is_computed_from_the_figures_every_time(demo, client_for):
    _check_changing_one_municipalitys_2011_start_loans_changes_the_growth(demo, client_for)
    _check_a_missing_figure_leaves_the_municipality_out_instead_of_counting_zero(demo)


def test_sandefjord_2015_2018_in_the_2020_structure_includes_andebu_and_stokke(demo, client_for):
    _check_sandefjord_2015_2018_shows_in_the_2020_structure_with_andebu_and_stokke(demo, client_for)
    _check_a_year_with_a_missing_part_is_missing_not_a_smaller_sum(demo)


def test_growth_in_the_2020_structure_counts_andebu_and_stokke_with_sandefjord(demo):
    result = selectors.growth(
        programme=demo["programme"],
        instrument=Instrument.START_LOAN,
        baseline_year=2009,
        to_year=2011,
        as_of=dt.date(2011, 12, 31),
        structure_date=dt.date(2020, 1, 1),
    )
    # Stokke 0720 was divided between Sandefjord and Tønsberg in 2017, so Sandefjord's 2009
    # baseline in the 2020 structure is not known: missing, not Sandefjord and Andebu alone.
    sandefjord = next(r for r in result.rows if "Sandefjord" in r.name)
    assert sandefjord.codes == ["3804"]
    assert sandefjord.baseline_value is None and sandefjord.change_percent is None
    larvik = next(r for r in result.rows if "Larvik" in r.name)  # 0709 + Lardal 0728 → 3805
    assert larvik.codes == ["3805"]


def test_only_municipalities_that_had_started_by_the_as_of_date_count(demo, client_for):
    result = selectors.growth(
        programme=demo["programme"],
        instrument=Instrument.START_LOAN,
        baseline_year=2008,
        to_year=2009,
        as_of=dt.date(2009, 12, 31),
    )
    assert [r.name for r in result.rows] == ["Arendal"]
    page = (
        client_for(demo["users"]["admin"])
        .get(reverse("instruments:index") + "?as_of=2009-12-31&baseline=2008&to_year=2009")
        .content.decode()
    )
    assert "Arendal" in page and "Drammen (0602)" not in page
