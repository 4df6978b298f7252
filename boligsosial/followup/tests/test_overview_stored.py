"""The follow-up overview's rows are stored (issue 14): a meeting written through any path
shows on the next visit, the as-of date is part of what is stored, and a municipal reader
sees only their own municipality."""

import datetime as dt
import re

from django.urls import reverse

from boligsosial.followup import services
from boligsosial.followup.models import Meeting, MeetingKind


def _last_contact(client, municipality: str, as_of: str = "2011-12-31") -> str:
    page = client.get(reverse("followup:index") + f"?as_of={as_of}").text
    row = re.search(
        rf'<tr data-municipality="{municipality}">.*?</th>\s*<td>([^<]*)</td>', page, re.S
    )
    assert row is not None
    return row.group(1)


def _meet(world, date: dt.date) -> Meeting:
    return services.meeting_save(
        user=world.contact,
        participation=world.drammen_participation,
        kind=MeetingKind.STATUS,
        date=date,
        participants=[("programme_contact", "Kari")],
    )


def test_a_meeting_saved_through_the_service_shows_on_the_next_visit(world, client_for):
    admin = client_for(world.admin)
    assert _last_contact(admin, "Drammen") == "–"
    _meet(world, dt.date(2011, 3, 1))
    assert _last_contact(admin, "Drammen") == "01.03.2011"


def test_a_meeting_moved_in_bulk_shows_on_the_next_visit(world, client_for):
    meeting = _meet(world, dt.date(2011, 3, 1))
    admin = client_for(world.admin)
    assert _last_contact(admin, "Drammen") == "01.03.2011"
    Meeting.objects.filter(pk=meeting.pk).update(date=dt.date(2011, 4, 2))
    assert _last_contact(admin, "Drammen") == "02.04.2011"


def test_each_as_of_date_is_judged_on_its_own(world, client_for):
    _meet(world, dt.date(2011, 3, 1))
    admin = client_for(world.admin)
    assert _last_contact(admin, "Drammen") == "01.03.2011"
    assert _last_contact(admin, "Drammen", as_of="2011-02-01") == "–"


def test_a_municipal_reader_never_gets_another_readers_rows(world, client_for):
    admin = client_for(world.admin).get(reverse("followup:index")).text
    skien = client_for(world.skien_leader).get(reverse("followup:index")).text
    drammen = client_for(world.drammen_leader).get(reverse("followup:index")).text
    assert 'data-municipality="Drammen"' in admin and 'data-municipality="Skien"' in admin
    assert 'data-municipality="Skien"' in skien and 'data-municipality="Drammen"' not in skien
    assert 'data-municipality="Drammen"' in drammen and 'data-municipality="Skien"' not in drammen


def _summaries(client, as_of: str = "2011-12-31") -> dict[str, str | None]:
    """Municipality → last contact, as the API's summaries give them."""
    rows = client.get(f"/api/v1/followup/participations?as_of={as_of}").json()
    return {row["municipality"]: row["last_contact"] for row in rows}


def test_the_api_summaries_show_a_meeting_saved_or_moved_in_bulk_at_once(world, client_for):
    admin = client_for(world.admin)
    assert _summaries(admin)["Drammen"] is None
    meeting = _meet(world, dt.date(2011, 3, 1))
    assert _summaries(admin)["Drammen"] == "2011-03-01"
    Meeting.objects.filter(pk=meeting.pk).update(date=dt.date(2011, 4, 2))
    assert _summaries(admin)["Drammen"] == "2011-04-02"
    assert _summaries(admin, as_of="2011-02-01")["Drammen"] is None


def test_the_api_summaries_give_each_reader_only_their_municipality(world, client_for):
    assert set(_summaries(client_for(world.admin))) == {"Drammen", "Skien"}
    assert set(_summaries(client_for(world.drammen_leader))) == {"Drammen"}
    assert set(_summaries(client_for(world.skien_leader))) == {"Skien"}
