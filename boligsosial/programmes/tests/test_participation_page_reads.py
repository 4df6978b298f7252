"""The participation page at national scale (issue 14): each section reads its tables once
and only what it shows (the follow-up log's last eight meetings, not all of them) when it is
computed (its stored HTML is used until its tables change: `programmes.stored_sections`)."""

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligsosial.core import changes
from boligsosial.followup.models import Meeting, MeetingKind

# The framework model's annual-meeting rule for the due items (programmes asks followup).
HELD_RULE = 'SELECT "followup_meeting"."participation_id" AS "participation_id"'


def _main_tables(queries) -> list[str]:
    """The table each SELECT reads from (its first FROM), the held-meeting rule left out."""
    tables = []
    for query in queries:
        found = re.search(r'\bFROM "(\w+)"', query["sql"])
        if query["sql"].startswith("SELECT") and found and not query["sql"].startswith(HELD_RULE):
            tables.append(found.group(1))
    return tables


def _page_tables(client, participation) -> list[str]:
    url = reverse("programmes:participation", args=[participation.pk]) + "?as_of=2013-12-31"
    client.get(url)  # session and as-of set-up
    changes.install()  # records a change of every table: the sections are computed again
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return _main_tables(ctx.captured_queries)


def test_the_goals_meetings_and_organisation_history_are_read_once(world, client_for):
    from boligsosial.plans.tests.factories import make_measure

    make_measure(world.drammen_participation, name="Boligskole", published=True)
    tables = _page_tables(client_for(world.admin), world.drammen_participation)
    # The plans section's tree and quality flags share one read of the goals; the follow-up
    # section's contact, annual meetings and log one read of the meetings; the organisation
    # on the page's date and its history one read of the periods.
    assert tables.count("plans_goal") == 1, tables
    assert tables.count("followup_meeting") == 1, tables
    assert tables.count("programmes_organisationperiod") == 1, tables
    # The measures' summary shows target groups, methods and results, not the plans page's
    # funding, status history or linked goals.
    assert tables.count("plans_measure") == 1, tables
    assert not {"plans_funding", "plans_statusevent"} & set(tables), tables


def test_the_follow_up_log_shows_the_last_eight_meetings_and_reads_only_theirs(world, client_for):
    participation = world.drammen_participation
    meetings = [
        Meeting.objects.create(
            participation=participation,
            date=dt.date(2012, 1, 1) + dt.timedelta(days=20 * n),
            kind=MeetingKind.ANNUAL if n == 3 else MeetingKind.STATUS,
        )
        for n in range(20)
    ]
    client = client_for(world.admin)
    url = reverse("programmes:participation", args=[participation.pk]) + "?as_of=2013-12-31"
    client.get(url)
    changes.install()  # records a change of every table: the sections are computed again
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url).content.decode()
    participants = [
        q["sql"] for q in ctx.captured_queries if 'FROM "followup_meetingparticipant"' in q["sql"]
    ]
    assert len(participants) == 1
    newest = sorted(meetings, key=lambda m: m.date, reverse=True)[:8]
    ids = set(re.findall(r"\b(\d+)\b", participants[0].split(" IN ")[-1]))
    assert ids == {str(m.pk) for m in newest}
    for meeting in newest:
        assert reverse("followup:meeting", args=[participation.pk, meeting.pk]) in page
    oldest = min(meetings, key=lambda m: m.date)
    assert reverse("followup:meeting", args=[participation.pk, oldest.pk]) not in page


def test_the_plans_section_reads_each_programme_of_the_reader_once(world):
    from boligsosial.plans.access import programme_ids_for

    # Two participations (Drammen, Skien) in one programme: one id, not one per municipality.
    assert programme_ids_for(world.admin) == [world.programme.pk]


def test_the_api_list_reads_the_annual_meetings_once_for_all_participations(
    world, client_for, django_assert_max_num_queries
):
    """Each participation in its implementation phase needs the annual-meeting rule: the
    list judges it once for all of them (the portfolio's rows), not once per participation."""
    from boligsosial.core import changes
    from boligsosial.municipalities.tests.factories import MunicipalityFactory
    from boligsosial.programmes.models import PhaseKind
    from boligsosial.programmes.tests.factories import ParticipationFactory, PhaseFactory

    client = client_for(world.admin)
    url = reverse("api:list_participations") + "?as_of=2012-06-30"

    def implementing(n: int) -> None:
        for i in range(n):
            participation = ParticipationFactory(
                programme=world.programme,
                municipality=MunicipalityFactory(code=f"{7300 + i + n}", name=f"Kommune {i + n}"),
            )
            PhaseFactory(
                participation=participation,
                kind=PhaseKind.IMPLEMENTATION,
                start=dt.date(2012, 1, 1),
                planned_end=dt.date(2014, 1, 1),
            )

    implementing(1)
    client.get(url)
    changes.install()  # records a change of every table: the stored list is computed again
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    implementing(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    due = [row["due"] for row in response.json() if row["municipality_name"].startswith("Kommune")]
    assert len(due) == 7
    assert all("Årsmøte med Husbanken for 2012 er ikke holdt ennå." in items for items in due)
