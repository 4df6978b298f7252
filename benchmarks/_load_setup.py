"""Part of load_benchmark.py (run in its database): a logged-in session for a Husbanken
administrator and the URLs and SQL to measure, printed as JSON on the last line."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from boligsosial.accounts.models import Role, User  # noqa: E402
from boligsosial.evaluation_report.models import EvaluationReport  # noqa: E402
from boligsosial.programmes.models import Programme  # noqa: E402
from boligsosial.reporting.models import (  # noqa: E402
    Indicator,
    Report,
    ReportingPeriod,
    ReportValue,
)

INDICATOR = "homeless_persons"


def main() -> None:
    user, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"role": Role.HUSBANKEN_ADMIN}
    )
    client = Client()
    client.force_login(user)
    programme = Programme.objects.filter(name__startswith="SYNTETISK").order_by("pk").first()
    participation = programme.participations.order_by("pk").first()
    report = EvaluationReport.objects.filter(evaluation__programme=programme).first()
    years = sorted({p.start.year for p in ReportingPeriod.objects.filter(programme=programme)})
    middle = years[len(years) // 2] if years else 2014
    table = f"?indikator={INDICATOR}"
    urls = {
        "no work (baseline)": reverse("ping"),
        "portfolio": reverse("programmes:portfolio"),
        "portfolio (filtered)": reverse("programmes:portfolio")
        + "?fase=implementation&varsler=any",
        "participation": reverse("programmes:participation", args=[participation.pk]),
        "programme table (page)": reverse("reporting:programme_table", args=[programme.pk]) + table,
        "programme table (API)": f"/api/v1/reporting/programmes/{programme.pk}/table?indicator={INDICATOR}",
        "effects (DiD)": reverse("instruments:did")
        + f"?programme={programme.pk}&pre_from={middle - 2}&pre_to={middle - 1}"
        f"&post_from={middle}&post_to={middle + 1}",
    }
    if report is not None:
        urls["findings (API)"] = f"/api/v1/evaluation-reports/{report.pk}/findings"
        urls["evaluation report (draft page)"] = reverse(
            "evaluation_report:report", args=[report.pk]
        )
    q = {m: m._meta.db_table for m in (ReportValue, Report, ReportingPeriod, Indicator)}
    from boligsosial.municipalities.models import Municipality
    from boligsosial.programmes.models import Participation

    q[Participation] = Participation._meta.db_table
    q[Municipality] = Municipality._meta.db_table
    # The numbers of the programme table, written by hand: every approved total of the
    # indicator in the programme, with the municipality's code and name.
    sql = (
        f"SELECT m.code, m.name, r.period_id, v.value, v.not_available "
        f"FROM {q[ReportValue]} v "
        f"JOIN {q[Report]} r ON r.id = v.report_id "
        f"JOIN {q[ReportingPeriod]} p ON p.id = r.period_id "
        f"JOIN {q[Participation]} pa ON pa.id = r.participation_id "
        f"JOIN {q[Municipality]} m ON m.id = pa.municipality_id "
        f"WHERE p.programme_id = {int(programme.pk)} AND r.status = 'approved' "
        f"AND v.option_id IS NULL AND v.indicator_id IN "
        f"(SELECT id FROM {q[Indicator]} WHERE code = '{INDICATOR}') "
        f"ORDER BY m.name, p.start"
    )
    print(
        json.dumps(
            {
                "cookie": client.cookies["sessionid"].value,
                "urls": urls,
                "sql": sql,
                "participations": programme.participations.count(),
                "values": ReportValue.objects.filter(report__period__programme=programme).count(),
            }
        )
    )


if __name__ == "__main__":
    main()
