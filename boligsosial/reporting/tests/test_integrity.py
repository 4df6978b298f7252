"""A value always refers to a report, an indicator and (for a category) an option that exist.

On SQLite these are ordinary foreign keys; on PostgreSQL set-based triggers (migration 0006)
check them once per statement. The same refusals must hold on both, whatever path writes
to the table — the ORM, a bulk update or raw SQL.
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from boligsosial.reporting import services
from boligsosial.reporting.models import DimensionOption, Indicator, Report, ReportValue
from boligsosial.reporting.tests.conftest import complete_inputs


def refused(statement):
    """The statement fails with IntegrityError by the end of its transaction, and nothing stays."""
    with pytest.raises(IntegrityError), transaction.atomic():
        statement()
        # SQLite's foreign keys are checked at commit; this asks for the check now.
        connection.check_constraints()


def sql(text, *params):
    with connection.cursor() as cursor:
        cursor.execute(text, params)


@pytest.fixture
def value(world, draft):
    """A stored category value (homeless persons under 25) in a report with other values."""
    services.report_save(
        user=world.drammen_leader,
        report=draft,
        version=None,
        values=[
            *complete_inputs(homeless_persons="40"),
            services.ValueInput(indicator_code="homeless_persons", option_code="under25", raw="10"),
            services.ValueInput(indicator_code="homeless_persons", option_code="25plus", raw="30"),
        ],
        answers={},
    )
    return draft.values.get(indicator__code="homeless_persons", option__code="under25")


def unused_id(model):
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def test_a_value_needs_a_report_an_indicator_and_an_option_that_exist(value):
    def new(**refs):
        fields = {
            "report_id": value.report_id,
            "indicator_id": value.indicator_id,
            "option_id": None,
        }
        return lambda: ReportValue.objects.create(**{**fields, **refs}, value=1)

    refused(new(report_id=unused_id(Report)))
    refused(new(indicator_id=unused_id(Indicator)))
    refused(new(option_id=unused_id(DimensionOption)))
    # A bulk update and a raw insert are held to the same rule.
    refused(
        lambda: ReportValue.objects.filter(pk=value.pk).update(indicator_id=unused_id(Indicator))
    )
    refused(
        lambda: sql(
            "INSERT INTO reporting_reportvalue (report_id, indicator_id, option_id, value, "
            "not_available, not_available_reason, comment, is_outlier, data_source, source_note, "
            "created_at, updated_at) VALUES (%s, %s, NULL, 1, false, '', '', false, '', '', "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            unused_id(Report),
            value.indicator_id,
        )
    )
    value.refresh_from_db()
    assert Report.objects.filter(pk=value.report_id).exists()


def test_a_referenced_report_indicator_or_option_cannot_be_removed_under_its_values(value):
    refused(lambda: sql("DELETE FROM reporting_report WHERE id = %s", value.report_id))
    refused(lambda: sql("DELETE FROM reporting_indicator WHERE id = %s", value.indicator_id))
    refused(lambda: sql("DELETE FROM reporting_dimensionoption WHERE id = %s", value.option_id))
    refused(
        lambda: sql(
            "UPDATE reporting_report SET id = %s WHERE id = %s", unused_id(Report), value.report_id
        )
    )
    if connection.vendor == "postgresql":  # SQLite has no TRUNCATE
        refused(lambda: sql("TRUNCATE reporting_indicator CASCADE"))
    assert ReportValue.objects.filter(pk=value.pk).exists()


def test_the_orm_still_protects_the_catalogue_and_deletes_a_report_with_its_values(value):
    with pytest.raises(ProtectedError):
        value.indicator.delete()
    report = value.report
    count = report.values.count()
    assert count > 1
    deleted, per_model = report.delete()
    assert per_model["reporting.ReportValue"] == count
    assert not ReportValue.objects.filter(report_id=value.report_id).exists()


def test_good_rows_still_go_in_by_every_path(value):
    total = ReportValue.objects.filter(report_id=value.report_id, option__isnull=True).first()
    ReportValue.objects.filter(pk=total.pk).update(value=7)
    with transaction.atomic():
        ReportValue.objects.filter(pk=value.pk).delete()
        ReportValue.objects.create(
            report_id=value.report_id,
            indicator_id=value.indicator_id,
            option_id=value.option_id,
            value=2,
        )
        connection.check_constraints()
    assert ReportValue.objects.get(report_id=value.report_id, pk=total.pk).value == 7
    assert (
        ReportValue.objects.filter(
            report_id=value.report_id, indicator_id=value.indicator_id, option_id=value.option_id
        )
        .get()
        .value
        == 2
    )


def test_one_value_per_report_indicator_and_category_total_included(value):
    def again(option_id):
        return lambda: ReportValue.objects.create(
            report_id=value.report_id,
            indicator_id=value.indicator_id,
            option_id=option_id,
            value=5,
        )

    refused(again(None))  # a second total
    refused(again(value.option_id))  # a second "under 25"
    assert (
        ReportValue.objects.filter(
            report_id=value.report_id, indicator_id=value.indicator_id
        ).count()
        == 3
    )  # the total and the two age groups
