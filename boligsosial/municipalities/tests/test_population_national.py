"""Population for every municipality from SSB table 07459, placed on the codes of each year."""

import datetime as dt

import pytest

from boligsosial.core.models import DataSource
from boligsosial.municipalities import population, services
from boligsosial.municipalities.models import Population
from boligsosial.municipalities.selectors import (
    load_code_history,
    map_code,
    municipalities_valid_at,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(db):
    services.load_shipped_registry()


def _value(code, year):
    row = Population.objects.filter(code=code, year=year).first()
    return row.value if row else None


def test_every_municipality_has_a_figure_unless_a_later_merger_hides_it(registry):
    for year in (2020, 2022):
        codes = set(municipalities_valid_at(dt.date(year, 1, 1)).values_list("code", flat=True))
        have = set(Population.objects.filter(year=year).values_list("code", flat=True))
        assert len(codes) == 356 and codes <= have, sorted(codes - have)[:10]
    # 2011: 430 codes; those merged by 2020 (about a quarter) have no figure of their own.
    codes_2011 = set(municipalities_valid_at(dt.date(2011, 1, 1)).values_list("code", flat=True))
    have_2011 = set(Population.objects.filter(year=2011).values_list("code", flat=True))
    assert len(codes_2011) == 430
    assert len(codes_2011 & have_2011) >= 300


def test_a_renumbered_municipality_gets_the_figure_under_the_code_of_that_year(registry):
    # Arendal was 0906 until 2020 and 4203 from 2020: the same territory.
    assert _value("0906", 2009) == 41241
    assert _value("4203", 2021) is not None
    # Skien 0806 → 3807 (2020): SSB's 1 January 2010 figure.
    assert _value("0806", 2010) == 51668


def test_a_merged_municipality_never_gets_the_sum_of_the_merger(registry):
    # Kristiansand 4204 (2020) is 1001 Kristiansand + 1017 Songdalen + 1018 Søgne: the 2020
    # figure on 2011 borders would be the sum, so 1001 keeps only figures stated for it alone.
    k2020 = _value("4204", 2020)
    assert k2020 is not None
    for year in range(2012, 2020):
        assert _value("1001", year) is None
    # Stokke (0720) went into Tønsberg (0704) in 2017 and Tønsberg into 3803 in 2020.
    assert _value("0720", 2012) is None
    assert _value("0704", 2012) is None


def test_figures_already_stored_are_kept(registry):
    # The report's own figure for Arendal 2011 (42 162) differs from SSB's (42 229).
    row = Population.objects.get(code="0906", year=2011)
    assert row.value == 42162 and row.data_source == DataSource.REPORT


def test_the_file_agrees_with_the_figures_transcribed_from_ssb_pages(registry):
    transcribed = Population.objects.exclude(source_note=population.SOURCE_NOTE).filter(
        data_source=DataSource.OFFICIAL
    )
    assert transcribed.count() > 30
    figures = {(f.code_2020, f.year): f.value for f in population.read_national_file()}
    import datetime as dt

    history = load_code_history()
    compared = 0
    for row in transcribed:
        onward = map_code(row.code, dt.date(2020, 1, 1), history=history)
        if len(onward.codes) != 1 or onward.partial:
            continue
        if population.code_with_same_territory(onward.codes[0], row.year, history) != row.code:
            continue
        assert figures.get((onward.codes[0], row.year)) == row.value, row
        compared += 1
    assert compared > 20


def test_a_damaged_line_is_refused_with_its_line_number(tmp_path):
    path = tmp_path / "pop.csv"
    path.write_text("year,code,pop\n2011,0906,42229\n2011,09x6,1\n", encoding="utf-8")
    with pytest.raises(population.NationalPopulationError, match="Linje 3"):
        population.read_national_file(path)
    path.write_text("year,code,pop\n1700,0906,42229\n", encoding="utf-8")
    with pytest.raises(population.NationalPopulationError, match="Linje 2"):
        population.read_national_file(path)
