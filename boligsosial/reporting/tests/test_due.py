"""Each person's front page says what is due for them (issue 17)."""

from django.urls import reverse

from boligsosial.reporting import services


def front_page(client_for, user, as_of="15.01.2011") -> str:
    return (
        client_for(user).get(reverse("programmes:portfolio") + f"?as_of={as_of}").content.decode()
    )


def test_the_leaders_front_page_says_the_report_is_due(world, period, client_for):
    page = front_page(client_for, world.drammen_leader)
    assert f"Rapporten for {period.label} skal sendes inn innen" in page


def test_an_overdue_report_is_marked_and_a_sent_one_is_gone(world, complete_draft, client_for):
    late = complete_draft.period.deadline.replace(year=complete_draft.period.deadline.year + 1)
    page = front_page(client_for, world.drammen_leader, late.strftime("%d.%m.%Y"))
    assert f"Rapporten for {complete_draft.period.label} skulle vært sendt inn innen" in page
    assert "Fristen er passert" in page
    services.report_submit(user=world.drammen_leader, report=complete_draft)
    page = front_page(client_for, world.drammen_leader, as_of="")  # today: sent in
    assert f"Rapporten for {complete_draft.period.label}" not in page
    assert "Ingenting har frist for deg nå." in page


def test_the_contact_is_told_which_reports_wait_for_review(world, complete_draft, client_for):
    services.report_submit(user=world.drammen_leader, report=complete_draft)
    assert "1 rapport venter på at du godkjenner eller returnerer den." in front_page(
        client_for, world.contact, as_of=""
    )
    assert "Ingenting har frist for deg nå." in front_page(client_for, world.other_contact)
    assert "Ingenting har frist for deg nå." in front_page(client_for, world.viewer)
