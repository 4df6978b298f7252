"""Issue 14: the pages that grew with the number of municipalities read in a fixed number
of queries. Measured on the synthetic national data set (real registry, code changes
during the participation) at 3 and at 30 municipalities."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boligsosial.evaluation_report.selectors import document_for
from boligsosial.municipalities import services as registry
from boligsosial.ops import synthetic


def _pages(loaded) -> dict[str, tuple[str, str]]:
    first = loaded.programme.participations.order_by("pk").first()
    report = loaded.evaluation_report.pk
    return {
        "participation": ("syntetisk-admin", f"/program/programkommuner/{first.pk}/"),
        "effects": ("syntetisk-admin", f"/virkemidler/effekt/?programme={loaded.programme.pk}"),
        "evaluation report draft": ("syntetisk-evaluator", f"/evalueringsrapport/{report}/"),
        "recommendations": ("syntetisk-evaluator", f"/evalueringsrapport/{report}/anbefalinger/"),
        "findings API": ("syntetisk-evaluator", f"/api/v1/evaluation-reports/{report}/findings"),
    }


def _counts(loaded, client_for) -> dict[str, int]:
    from boligsosial.accounts.models import User

    counts = {}
    for name, (username, url) in _pages(loaded).items():
        client = client_for(User.objects.get(username=username))
        client.get(url)  # warm: sessions, content types, a stored computation
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(captured.captured_queries)
    # The report's data as a generation job reads it (no stored computation, no request).
    with CaptureQueriesContext(connection) as captured:
        document = document_for(loaded.evaluation_report, draft=True)
    assert len(document["findings"]) > 10
    counts["evaluation report data"] = len(captured.captured_queries)
    return counts


@pytest.mark.django_db
def test_pages_read_in_a_fixed_number_of_queries_at_3_and_30_municipalities(
    client_for, report_counts
):
    registry.load_shipped_registry()
    small = _counts(synthetic.load(municipalities=3, years=2, first_year=2010), client_for)
    loaded = synthetic.load(municipalities=30, years=2, first_year=2010, do_reset=True)
    large = _counts(loaded, client_for)
    for name in small:
        report_counts(
            f"{name} queries (3 vs 30 municipalities)", small=small[name], large=large[name]
        )
    assert large == small
