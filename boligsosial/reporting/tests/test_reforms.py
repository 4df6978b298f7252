"""A participation follows its municipality through code changes (issue 14 item 2).

Real histories from the shipped registry: Arendal was renumbered 0906 → 4203 on 1.1.2020;
Sandefjord 0706, Andebu 0719 and part of Stokke 0720 merged into 0710 on 1.1.2017.
"""

import pytest

from boligsosial.municipalities import services as registry
from boligsosial.municipalities.models import Municipality
from boligsosial.programmes.tests.factories import ParticipationFactory
from boligsosial.reporting import transfer
from boligsosial.reporting.models import Report
from boligsosial.reporting.tests.factories import PeriodFactory

HEADER = "kommunenummer,periode,indikator,disaggregering,verdi,kommentar,ikke_tilgjengelig\n"


def registered(code: str, year: int) -> Municipality:
    return Municipality.objects.filter(code=code, valid_from__year__lte=year).latest("valid_from")


@pytest.fixture
def arendal(world):
    registry.load_shipped_registry()
    for year, half in ((2019, 2), (2020, 1), (2020, 2)):
        PeriodFactory(programme=world.programme, year=year, half=half)
    return ParticipationFactory(programme=world.programme, municipality=registered("0906", 2009))


def reported(participation) -> dict[str, str]:
    return {
        r.period.code: str(r.values.get(indicator__code="evictions").value.normalize())
        for r in Report.objects.filter(participation=participation).select_related("period")
    }


def test_a_renumbered_municipality_reports_under_the_new_and_the_old_code(world, arendal):
    data = HEADER + (
        "0906,2019S2,evictions,,5,,\n"  # the code valid then
        "4203,2020S1,evictions,,6,,\n"  # the code valid after the reform
        "0906,2020S2,evictions,,7,,\n"  # the old code, still used by an old system
    )
    result = transfer.import_csv(user=world.admin, programme=world.programme, data=data)
    assert result.values == 3 and result.reports_created == 3
    assert reported(arendal) == {"2019S2": "5", "2020S1": "6", "2020S2": "7"}


def test_the_new_code_also_reaches_periods_before_the_reform(world, arendal):
    data = HEADER + "4203,2019S2,evictions,,5,,\n"
    transfer.import_csv(user=world.admin, programme=world.programme, data=data)
    assert reported(arendal) == {"2019S2": "5"}


def test_a_merged_code_shared_by_two_participations_is_refused_by_name(world):
    registry.load_shipped_registry()
    PeriodFactory(programme=world.programme, year=2017, half=1)
    sandefjord = ParticipationFactory(
        programme=world.programme, municipality=registered("0706", 2010)
    )
    andebu = ParticipationFactory(programme=world.programme, municipality=registered("0719", 2010))
    with pytest.raises(transfer.ImportRefused) as refused:
        transfer.import_csv(
            user=world.admin,
            programme=world.programme,
            data=HEADER + "0710,2017S1,evictions,,5,,\n",
        )
    message = str(refused.value.errors[0])
    assert "0710" in message and "Andebu" in message and "Sandefjord" in message
    # Each under the code it was registered with: no doubt which participation it is.
    data = HEADER + "0706,2017S1,evictions,,5,,\n0719,2017S1,evictions,,2,,\n"
    transfer.import_csv(user=world.admin, programme=world.programme, data=data)
    assert reported(sandefjord) == {"2017S1": "5"} and reported(andebu) == {"2017S1": "2"}
