"""The reporting overview's completeness table is stored per programme (issue 14): a report
submitted or approved through any write path shows on the next visit, and a municipal reader
sees only their own municipality's reports."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from boligsosial.reporting.models import Report, ReportStatus
from boligsosial.reporting.tests.test_selectors import approve


def _completeness(client, period) -> list[str]:
    """The cells of the period's row in the completeness table: expected, submitted, on time,
    approved, values."""
    page = client.get(reverse("reporting:index")).text
    table = page[page.index("Fullstendighet og rettidighet") :]
    row = re.search(rf'<th scope="row">{period.label}</th>(.*?)</tr>', table, re.S)
    assert row is not None
    return re.findall(r'<td class="bs-num">([^<]*)</td>', row.group(1))


@pytest.fixture
def admin(client_for, world):
    return client_for(world.admin)


def test_an_approval_through_the_services_shows_on_the_next_visit(admin, world, period):
    assert _completeness(admin, period)[3].startswith("0 (")
    approve(world, world.drammen_participation, world.drammen_leader, period)
    assert _completeness(admin, period)[3].startswith("1 (")


def test_a_raw_update_of_a_report_shows_on_the_next_visit(admin, world, period):
    report = approve(world, world.drammen_participation, world.drammen_leader, period)
    assert _completeness(admin, period)[3].startswith("1 (")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Report._meta.db_table} SET status = %s WHERE id = %s",
            [ReportStatus.RETURNED, report.pk],
        )
    assert _completeness(admin, period)[3].startswith("0 (")


def test_a_municipal_reader_sees_only_their_own_reports(client_for, admin, world, period):
    approve(world, world.drammen_participation, world.drammen_leader, period)
    approve(world, world.skien_participation, world.skien_leader, period)
    drammen = client_for(world.drammen_leader)
    skien = client_for(world.skien_leader)
    admin_page = admin.get(reverse("reporting:index")).text
    assert _completeness(drammen, period) == _completeness(skien, period)
    drammen_page = drammen.get(reverse("reporting:index")).text
    skien_page = skien.get(reverse("reporting:index")).text
    assert "Rapportene til Drammen" in drammen_page
    assert "Rapportene til Skien" not in drammen_page
    assert "Rapportene til Skien" in skien_page
    assert "Rapportene til Drammen" not in skien_page
    assert "Rapportene til" not in admin_page


def _listed(client, **filters) -> dict[str, str]:
    """Municipality code → status, as the API's report list gives them."""
    rows = client.get(reverse("api:reporting_list_reports"), filters).json()
    return {row["municipality_code"]: row["status"] for row in rows}


def test_the_api_report_list_shows_a_submission_and_a_raw_update_at_once(admin, world, period):
    assert _listed(admin) == {}
    report = approve(world, world.drammen_participation, world.drammen_leader, period)
    assert _listed(admin) == {"0602": "approved"}
    assert _listed(admin, status="approved") == {"0602": "approved"}
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED)
    assert _listed(admin) == {"0602": "returned"}
    assert _listed(admin, status="approved") == {}


def test_the_api_report_list_gives_each_reader_only_their_municipality(
    client_for, admin, world, period
):
    approve(world, world.drammen_participation, world.drammen_leader, period)
    approve(world, world.skien_participation, world.skien_leader, period)
    assert _listed(admin) == {"0602": "approved", "0806": "approved"}
    assert _listed(client_for(world.drammen_leader)) == {"0602": "approved"}
    assert _listed(client_for(world.skien_leader)) == {"0806": "approved"}


def test_the_api_completeness_shows_an_approval_and_a_raw_update_at_once(admin, world, period):
    url = reverse(
        "api:get_completeness",
        kwargs={"programme_id": world.programme.pk, "period_id": period.pk},
    )
    assert admin.get(url).json()["approved"] == 0
    report = approve(world, world.drammen_participation, world.drammen_leader, period)
    assert admin.get(url).json()["approved"] == 1
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED)
    assert admin.get(url).json()["approved"] == 0
