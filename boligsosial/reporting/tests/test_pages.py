import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boligsosial.reporting import services
from boligsosial.reporting.forms import ReportForm
from boligsosial.reporting.tests.conftest import ANSWERS, complete_inputs


def form_data(report, **changes):
    """The POST a browser sends for the report form as it stands, with some fields changed."""
    form = ReportForm(report)
    data = {"version": report.version}
    for row in form.rows:
        data[f"v-{row.index}"] = row.value
        data[f"r-{row.index}"] = row.reason
        data[f"c-{row.index}"] = row.comment
        if row.not_available:
            data[f"na-{row.index}"] = "on"
    for answer in form.answers:
        data[f"q-{answer.question.code}"] = answer.text
    index = {row.key: row.index for row in form.rows}
    for key, value in changes.items():
        prefix, _, code = key.partition("__")
        data[f"{prefix}-{index[code]}" if prefix in ["v", "na", "r", "c"] else key] = value
    return data


def test_the_form_saves_a_draft_and_shows_what_to_check(client_for, world, draft):
    client = client_for(world.drammen_leader)
    url = reverse("reporting:report_edit", args=[draft.pk])
    response = client.post(
        url,
        form_data(draft, v__applications_received="10", v__applications_granted="12"),
        follow=True,
    )
    assert "Utkastet er lagret, men noen tall må kontrolleres" in response.text
    assert "kan ikke være større enn «Søknader om kommunal bolig mottatt»" in response.text
    assert draft.values.get(indicator__code="applications_granted").value == 12


def test_a_refused_value_keeps_everything_typed_and_links_to_the_field(client_for, world, draft):
    client = client_for(world.drammen_leader)
    response = client.post(
        reverse("reporting:report_edit", args=[draft.pk]),
        form_data(
            draft, v__homeless_persons="12,5", v__evictions="3", **{"q-status": "Godt i gang."}
        ),
    )
    assert response.status_code == 400
    assert (
        "Rapporten er ikke lagret" in response.text and "12,5 er ikke et helt tall" in response.text
    )
    assert 'value="3"' in response.text and "Godt i gang." in response.text
    assert 'aria-invalid="true"' in response.text
    assert not draft.values.exists()


def test_a_second_save_of_the_same_version_is_refused_and_keeps_the_input(client_for, world, draft):
    first, second = client_for(world.drammen_leader), client_for(world.drammen_member)
    url = reverse("reporting:report_edit", args=[draft.pk])
    stale = form_data(draft, v__evictions="7")
    assert first.post(url, form_data(draft, v__evictions="5")).status_code == 302
    response = second.post(url, stale)
    assert response.status_code == 409
    assert "Noen andre har lagret endringer" in response.text
    assert 'value="7"' in response.text  # the second person's input is kept for them to reapply
    assert draft.values.get(indicator__code="evictions").value == 5
    draft.refresh_from_db()
    assert f'name="version" value="{draft.version}"' in response.text
    stale["version"] = draft.version
    assert second.post(url, stale).status_code == 302
    assert draft.values.get(indicator__code="evictions").value == 7


def test_not_available_shows_as_such_on_the_report_and_never_as_zero(client_for, world, draft):
    services.report_save(
        user=world.drammen_leader,
        report=draft,
        version=None,
        values=[services.ValueInput("evictions", not_available=True, reason="Tallet finnes ikke.")],
    )
    response = client_for(world.contact).get(reverse("reporting:report", args=[draft.pk]))
    assert "ikke tilgjengelig" in response.text and "Tallet finnes ikke." in response.text


def test_the_trend_page_draws_the_approved_values_with_a_table_and_a_gap_for_not_available(
    client_for, world, earlier_period, period
):
    for p, raw in ((earlier_period, None), (period, "6")):
        report = services.report_start(
            user=world.drammen_leader, participation=world.drammen_participation, period=p
        )
        values = complete_inputs(evictions="") + (
            [services.ValueInput("evictions", raw=raw)]
            if raw
            else [services.ValueInput("evictions", not_available=True, reason="Mangler")]
        )
        services.report_save(
            user=world.drammen_leader, report=report, version=None, values=values, answers=ANSWERS
        )
        services.report_approve(
            user=world.contact,
            report=services.report_submit(user=world.drammen_leader, report=report),
        )
    response = client_for(world.viewer).get(
        reverse("reporting:trend", args=[world.drammen_participation.pk])
        + "?indikator=evictions&as_of=2012-01-01"
    )
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="bs-chart" role="img"' in response.text
    assert "2010 1. halvår: ikke tilgjengelig" in response.text
    chart = response.context["chart"]
    assert chart.series[0].values == [None, 6] and chart.table_rows()[1] == ["2010 1. halvår", "–"]


def test_the_programme_table_shows_small_counts_as_under_3(client_for, world, period):
    report = services.report_start(
        user=world.drammen_leader, participation=world.drammen_participation, period=period
    )
    services.report_save(
        user=world.drammen_leader,
        report=report,
        version=None,
        values=complete_inputs(homeless_persons="2"),
        answers=ANSWERS,
    )
    services.report_approve(
        user=world.contact, report=services.report_submit(user=world.drammen_leader, report=report)
    )
    url = reverse("reporting:programme_table", args=[world.programme.pk])
    response = client_for(world.evaluator).get(url + "?indikator=homeless_persons")
    assert "<td>under 3</td>" in response.text
    response = client_for(world.evaluator).get(url + "?indikator=municipal_homes")
    assert "<td>900</td>" in response.text


def test_the_import_page_lists_every_bad_row(client_for, world, period):
    upload = SimpleUploadedFile(
        "verdier.csv",
        b"kommunenummer;periode;indikator;disaggregering;verdi\n0602;2010S2;evictions;;x\n",
    )
    response = client_for(world.drammen_leader).post(
        reverse("reporting:csv_import", args=[world.programme.pk]), {"file": upload}
    )
    assert response.status_code == 400
    assert "Linje 2, kolonne «verdi»" in response.text and "Ingenting er lagret" in response.text


def test_the_participation_page_lists_the_reports(client_for, world, draft):
    response = client_for(world.drammen_leader).get(
        reverse("programmes:participation", args=[world.drammen_participation.pk])
    )
    assert "Åpne rapporten for 2010 2. halvår" in response.text


def test_the_index_shows_completeness_and_the_review_queue(client_for, world, submitted):
    response = client_for(world.contact).get(reverse("reporting:index"))
    assert "Til behandling hos deg" in response.text and str(submitted) in response.text
    assert "1 (50\u00a0%)" in response.text  # one of two expected reports submitted


def test_deadline_reminders_go_once_to_municipalities_that_have_not_submitted(
    world, period, submitted, mailoutbox
):
    from django.core.management import call_command

    world.skien_leader.email = "leder@skien.example"
    world.skien_leader.save()
    call_command(
        "send_report_reminders", "--date", (period.deadline - dt.timedelta(days=3)).isoformat()
    )
    call_command(
        "send_report_reminders", "--date", (period.deadline - dt.timedelta(days=2)).isoformat()
    )
    assert [m.to for m in mailoutbox] == [["leder@skien.example"]]
    assert "Påminnelse" in mailoutbox[0].subject
