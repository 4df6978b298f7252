from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from boligsosial.reporting import services
from boligsosial.reporting.models import ReportValue
from boligsosial.reporting.tests.conftest import ANSWERS, complete_inputs

V = services.ValueInput


def save(world, report, *values, answers=None):
    return services.report_save(
        user=world.drammen_leader, report=report, version=None, values=list(values), answers=answers
    )


def errors_of(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


def test_not_available_is_stored_apart_from_zero(world, draft):
    save(
        world,
        draft,
        V("evictions", raw="0"),
        V("eviction_petitions", not_available=True, reason="Tallet hentes fra namsmannen."),
    )
    zero = ReportValue.objects.get(report=draft, indicator__code="evictions")
    na = ReportValue.objects.get(report=draft, indicator__code="eviction_petitions")
    assert zero.value == 0 and not zero.not_available
    assert (
        na.value is None
        and na.not_available
        and na.not_available_reason == "Tallet hentes fra namsmannen."
    )


def test_not_available_needs_a_reason(world, draft):
    with pytest.raises(ValidationError) as exc:
        save(world, draft, V("evictions", not_available=True))
    assert "«Gjennomførte utkastelser» er markert «ikke tilgjengelig»" in errors_of(exc)
    assert not ReportValue.objects.filter(report=draft).exists()


@pytest.mark.parametrize(
    ("code", "raw", "rule"),
    [
        ("homeless_persons", "12,5", "hele tall"),
        ("homeless_persons", "-1", "laveste tillatte verdi"),
        ("homeless_persons", "mange", "ikke et tall"),
        ("action_plan_adopted", "kanskje", "ja/nei"),
        ("action_plan_date", "2011-13-40", "ikke en dato"),
    ],
)
def test_a_value_breaking_a_rule_is_refused_naming_indicator_and_rule(
    world, draft, code, raw, rule
):
    with pytest.raises(ValidationError) as exc:
        save(world, draft, V(code, raw=raw))
    assert rule in errors_of(exc)
    assert list(exc.value.message_dict) == [code]


def test_numbers_are_read_the_norwegian_way(world, draft):
    save(
        world,
        draft,
        V("rent_arrears_nok", raw="1 234 567,50"),
        V("action_plan_date", raw="18.06.2009"),
        V("action_plan_adopted", raw="Ja"),
    )
    values = {v.indicator.code: v for v in draft.values.select_related("indicator")}
    assert values["rent_arrears_nok"].value == Decimal("1234567.5")
    assert values["action_plan_date"].date_value.isoformat() == "2009-06-18"
    assert values["action_plan_adopted"].value == 1


def test_granted_above_received_is_a_warning_on_a_draft_and_stops_submission(world, draft):
    warnings = save(world, draft, *complete_inputs(applications_granted="130"), answers=ANSWERS)
    assert "kan ikke være større enn «Søknader om kommunal bolig mottatt»" in " ".join(
        warnings["applications_granted"]
    )
    with pytest.raises(ValidationError) as exc:
        services.report_submit(user=world.drammen_leader, report=draft)
    assert "applications_granted" in exc.value.message_dict


def test_under_25_cannot_exceed_the_total_and_categories_must_sum_to_it(world, draft):
    warnings = save(
        world,
        draft,
        V("homeless_persons", raw="10"),
        V("homeless_persons", "under25", raw="12"),
        V("homeless_persons", "25plus", raw="3"),
    )
    assert "kan ikke være større enn totalen" in " ".join(warnings["homeless_persons.under25"])
    assert "summerer til 15, men totalen er 10" in " ".join(warnings["homeless_persons"])
    warnings = save(
        world,
        draft,
        V("homeless_persons", "under25", raw="4"),
        V("homeless_persons", "25plus", raw="6"),
    )
    assert "homeless_persons" not in warnings and "homeless_persons.under25" not in warnings


def test_an_outlier_is_flagged_not_refused_and_needs_a_comment_to_submit(
    world, earlier_period, period
):
    from boligsosial.reporting.tests.factories import PeriodFactory

    periods = [
        PeriodFactory(programme=world.programme, year=2009, half=1),
        PeriodFactory(programme=world.programme, year=2009, half=2),
        earlier_period,
    ]
    for old in periods:
        report = services.report_start(
            user=world.drammen_leader, participation=world.drammen_participation, period=old
        )
        save(world, report, *complete_inputs(homeless_persons="40"), answers=ANSWERS)
        services.report_approve(
            user=world.contact,
            report=services.report_submit(user=world.drammen_leader, report=report),
        )
    report = services.report_start(
        user=world.drammen_leader, participation=world.drammen_participation, period=period
    )
    warnings = save(world, report, *complete_inputs(homeless_persons="200"), answers=ANSWERS)
    assert ReportValue.objects.get(
        report=report, indicator__code="homeless_persons", option=None
    ).is_outlier
    assert (
        "avviker mye fra kommunens egne tall (medianen av de siste godkjente rapportene er 40"
        in " ".join(warnings["homeless_persons"])
    )
    with pytest.raises(ValidationError):
        services.report_submit(user=world.drammen_leader, report=report)
    save(world, report, V("homeless_persons", raw="200", comment="Ny kartlegging fant flere."))
    assert services.report_submit(user=world.drammen_leader, report=report).status == "submitted"


def test_last_periods_approved_value_is_no_outlier_when_the_median_is_zero(
    world, earlier_period, period
):
    from boligsosial.reporting.tests.factories import PeriodFactory

    history = [
        (PeriodFactory(programme=world.programme, year=2008, half=2), "0"),
        (PeriodFactory(programme=world.programme, year=2009, half=1), "0"),
        (PeriodFactory(programme=world.programme, year=2009, half=2), "0"),
        (earlier_period, "6"),
    ]
    for old, value in history:
        report = services.report_start(
            user=world.drammen_leader, participation=world.drammen_participation, period=old
        )
        save(world, report, *complete_inputs(evictions=value), answers=ANSWERS)
        save(world, report, V("evictions", raw=value, comment="Første utkastelser."))
        services.report_approve(
            user=world.contact,
            report=services.report_submit(user=world.drammen_leader, report=report),
        )
    report = services.report_start(
        user=world.drammen_leader, participation=world.drammen_participation, period=period
    )
    warnings = save(world, report, *complete_inputs(evictions="6"), answers=ANSWERS)
    assert "evictions" not in warnings
    assert services.report_submit(user=world.drammen_leader, report=report).status == "submitted"


def test_the_housing_first_rate_is_recomputed_from_numerator_and_denominator(world, complete_draft):
    rate = ReportValue.objects.get(report=complete_draft, indicator__code="hf_retention_rate")
    assert rate.value == Decimal("75.0")
    save(world, complete_draft, V("hf_cohort_12m", not_available=True, reason="Ikke registrert."))
    rate = ReportValue.objects.get(report=complete_draft, indicator__code="hf_retention_rate")
    assert rate.not_available and rate.value is None


def test_an_empty_input_removes_a_stored_value(world, complete_draft):
    save(world, complete_draft, V("evictions", raw=""))
    assert not complete_draft.values.filter(indicator__code="evictions").exists()


def test_a_narrative_with_a_valid_identity_number_is_refused_and_names_the_field(world, draft):
    with pytest.raises(ValidationError) as exc:
        save(world, draft, answers={"challenges": "Familien med fnr 150572 12362 mangler bolig."})
    assert list(exc.value.message_dict) == ["answer.challenges"]
    assert (
        "«Hvilke utfordringer har dere møtt?» inneholder et tall som ser ut som et fødselsnummer"
        in errors_of(exc)
    )
    assert not draft.answers.exists()


def test_a_comment_with_a_d_number_is_refused(world, draft):
    with pytest.raises(ValidationError) as exc:
        save(world, draft, V("evictions", raw="2", comment="Gjelder 55057212356."))
    assert "Kommentar til «Gjennomførte utkastelser»" in errors_of(exc)
