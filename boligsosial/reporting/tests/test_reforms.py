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


def test_pages_show_the_code_valid_then_beside_the_registered_one(world, arendal, client_for):
    from django.urls import reverse

    data = HEADER + "0906,2019S2,evictions,,5,,\n4203,2020S1,evictions,,6,,\n"
    transfer.import_csv(user=world.admin, programme=world.programme, data=data)
    client = client_for(world.admin)
    page = client.get(
        reverse("programmes:participation", args=[arendal.pk]), {"as_of": "2021-06-01"}
    ).content.decode()
    assert "Kommunenummer per 01.06.2021:" in page
    assert "4203</a> Arendal" in page and "Registrert i programmet som 0906 Arendal." in page
    before = client.get(
        reverse("programmes:participation", args=[arendal.pk]), {"as_of": "2019-06-01"}
    ).content.decode()
    assert 'data-testid="code-then-and-now"' not in before
    after = Report.objects.get(participation=arendal, period__start__year=2020)
    page = client.get(reverse("reporting:report", args=[after.pk])).content.decode()
    assert "Kommunenummer per 30.06.2020:" in page and "4203</a> Arendal" in page
    earlier = Report.objects.get(participation=arendal, period__start__year=2019)
    page = client.get(reverse("reporting:report", args=[earlier.pk])).content.decode()
    assert 'data-testid="code-then-and-now"' not in page


def test_a_leader_registered_under_the_new_code_reports_for_the_old_participation(
    world, arendal, client_for
):
    from django.urls import reverse

    from boligsosial.accounts.models import Role
    from boligsosial.accounts.tests.factories import UserFactory

    leader = UserFactory(
        username="arendal-leder", role=Role.MUNICIPAL_LEADER, municipality=registered("4203", 2020)
    )
    page = client_for(leader).get(reverse("programmes:participation", args=[arendal.pk]))
    assert page.status_code == 200
    data = HEADER + "4203,2020S1,evictions,,6,,\n"
    transfer.import_csv(user=leader, programme=world.programme, data=data)
    assert reported(arendal) == {"2020S1": "6"}
    # Another municipality's leader still sees nothing of Arendal and cannot report for it.
    assert (
        client_for(world.skien_leader)
        .get(reverse("programmes:participation", args=[arendal.pk]))
        .status_code
        == 404
    )
    with pytest.raises(transfer.ImportRefused, match="1 rader"):
        transfer.import_csv(user=world.skien_leader, programme=world.programme, data=data)
