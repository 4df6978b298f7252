"""The stored draft and findings (issue 14) follow every write path: raw SQL shows on the next
visit; a CSV import (COPY on PostgreSQL) and a statistics import change the fingerprint the
stored draft is kept under. The findings' JSON text is the one ninja's encoder gives."""

import datetime as dt
import json
from pathlib import Path

from django.db import connection
from django.urls import reverse
from ninja.responses import NinjaJSONEncoder

from boligsosial.evaluation_report import stored
from boligsosial.followup.models import Meeting, MeetingKind
from boligsosial.plans.models import Goal, GoalLevel

SSB_07459 = (
    Path(__file__).parent.parent.parent / "instruments/tests/data/ssb_07459_pxwebapi_v2.json"
).read_bytes()


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_raw_update_is_shown_on_the_next_visit_of_the_draft(report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    url = reverse("evaluation_report:report", args=[w.report.pk])
    goal = Goal.objects.create(
        participation=w.drammen_participation, level=GoalLevel.MAIN, title="Første tittel"
    )
    assert "Første tittel" in client.get(url).text
    _raw(f"UPDATE {Goal._meta.db_table} SET title = %s WHERE id = %s", ["Rå tittel", goal.pk])
    page = client.get(url).text
    assert "Rå tittel" in page and "Første tittel" not in page


def test_a_raw_update_is_shown_on_the_next_findings_request(report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    api = f"/api/v1/evaluation-reports/{w.report.pk}/findings"
    meeting = Meeting.objects.create(
        participation=w.drammen_participation, kind=MeetingKind.ANNUAL, date=dt.date(2011, 6, 1)
    )
    held = client.get(api).json()["annual_meetings"]["figures"]["held"]["value"]
    assert client.get(api).json()["annual_meetings"]["figures"]["held"]["value"] == held
    _raw(
        f"UPDATE {Meeting._meta.db_table} SET kind = %s WHERE id = %s",
        [MeetingKind.STATUS, meeting.pk],
    )
    assert client.get(api).json()["annual_meetings"]["figures"]["held"]["value"] == held - 1


def test_the_stored_findings_text_is_what_ninja_gives(report_world, client_for):
    w = report_world
    client = client_for(w.evaluator)
    api = f"/api/v1/evaluation-reports/{w.report.pk}/findings"
    built = client.get(api)  # through ninja: builds and stores the draft
    served = client.get(api)  # the stored text
    assert served["Content-Type"] == built["Content-Type"] == "application/json; charset=utf-8"
    assert served.content == built.content
    document = stored.draft_document(w.report)
    assert served.content.decode() == json.dumps(document["findings"], cls=NinjaJSONEncoder)


def test_imports_change_the_fingerprint_the_draft_is_stored_under(report_world):
    from boligsosial.instruments import services as instrument_services
    from boligsosial.reporting import transfer
    from boligsosial.reporting.tests.factories import PeriodFactory

    w = report_world
    period = PeriodFactory(programme=w.programme, year=2011, half=1)
    before = stored.inputs_fingerprint()
    transfer.import_csv(
        user=w.admin,
        programme=w.programme,
        data="kommunenummer,periode,indikator,disaggregering,verdi,kommentar,ikke_tilgjengelig\n"
        f"0602,{period.code},evictions,,5,,\n",
    )
    after_csv = stored.inputs_fingerprint()
    assert after_csv != before
    instrument_services.population_import_jsonstat(
        user=w.admin, content=SSB_07459, file_name="07459.json"
    )
    assert stored.inputs_fingerprint() != after_csv


def test_log_ins_do_not_make_the_draft_build_again(report_world, client_for):
    """The users' table is an input for names only: a log-in (last_login) keeps the draft."""
    from django.contrib.auth.models import update_last_login

    w = report_world
    before = stored.inputs_fingerprint()
    update_last_login(None, w.evaluator)
    assert stored.inputs_fingerprint() == before
