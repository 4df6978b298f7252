"""Every role on every page and route. Outsiders get 404, the same as a missing object."""

from django.urls import reverse

USERS = [
    "admin",
    "contact",
    "other_contact",
    "drammen_leader",
    "drammen_member",
    "skien_leader",
    "evaluator",
    "viewer",
]
EVERYONE = set(USERS)
SEES_DRAMMEN = EVERYONE - {"skien_leader"}
FILLS_DRAMMEN = {"admin", "drammen_leader", "drammen_member"}
HUSBANKEN = {"admin", "contact", "other_contact"}


def expect(user: str, allowed: set[str], ok: int = 200) -> int:
    return ok if user in allowed else 404


def test_pages_answer_each_role(world, client_for, draft):
    for user in USERS:
        _check_pages(world, client_for(getattr(world, user)), draft, user)


def _check_pages(world, client, draft, user):
    programme, participation = world.programme.pk, world.drammen_participation.pk
    cases = [
        (reverse("reporting:index"), EVERYONE),
        (reverse("reporting:catalogue"), EVERYONE),
        (reverse("reporting:indicator", args=["homeless_persons"]), EVERYONE),
        (reverse("reporting:periods", args=[programme]), EVERYONE),
        (
            reverse("reporting:programme_table", args=[programme]) + "?indikator=homeless_persons",
            EVERYONE,
        ),
        (reverse("reporting:period_deadline", args=[draft.period_id]), {"admin"}),
        (
            reverse("reporting:csv_import", args=[programme]),
            {"admin", "drammen_leader", "drammen_member", "skien_leader"},
        ),
        (reverse("reporting:export", args=[programme]), HUSBANKEN),
        (reverse("reporting:export", args=[programme]) + "?format=csv", HUSBANKEN),
        (reverse("reporting:trend", args=[participation]), SEES_DRAMMEN),
        (reverse("reporting:report", args=[draft.pk]), SEES_DRAMMEN),
        (reverse("reporting:report_edit", args=[draft.pk]), FILLS_DRAMMEN),
        (reverse("reporting:report_excel", args=[draft.pk]), SEES_DRAMMEN),
    ]
    for url, allowed in cases:
        response = client.get(url)
        status = response.status_code if response.status_code != 302 else 302
        expected = expect(user, allowed)
        if url.endswith("/rediger/") and user in SEES_DRAMMEN - FILLS_DRAMMEN:
            expected = 404
        assert status == expected, f"{user} GET {url}: {status}, expected {expected}"


def test_pages_send_anonymous_visitors_to_log_in(client, draft):
    for url in (reverse("reporting:index"), reverse("reporting:report", args=[draft.pk])):
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))


def test_starting_a_report_is_for_the_municipality_and_husbanken_admin(world, client_for, period):
    url = reverse("reporting:report_start", args=[world.drammen_participation.pk, period.pk])
    for user in USERS:
        response = client_for(getattr(world, user)).post(url)
        assert response.status_code == (302 if user in FILLS_DRAMMEN else 404), user
        world.drammen_participation.reports.all().delete()


def test_submitting_is_for_the_programme_leader_and_admin(world, client_for, complete_draft):
    for user in USERS:
        response = client_for(getattr(world, user)).post(
            reverse("reporting:report_submit", args=[complete_draft.pk])
        )
        complete_draft.refresh_from_db()
        if user in {"admin", "drammen_leader"}:
            assert response.status_code == 302 and complete_draft.status == "submitted", user
            type(complete_draft).objects.filter(pk=complete_draft.pk).update(status="draft")
        else:
            assert response.status_code == 404 and complete_draft.status == "draft", user


def test_returning_is_for_the_assigned_contact_and_admin(world, client_for, submitted):
    for user in USERS:
        response = client_for(getattr(world, user)).post(
            reverse("reporting:report_return", args=[submitted.pk]), {"comment": "Rett tallene."}
        )
        submitted.refresh_from_db()
        if user in {"admin", "contact"}:
            assert response.status_code == 302 and submitted.status == "returned", user
            type(submitted).objects.filter(pk=submitted.pk).update(status="submitted")
        else:
            assert response.status_code == 404 and submitted.status == "submitted", user


def test_reopening_is_for_the_assigned_contact_and_admin(world, client_for, approved):
    for user in USERS:
        response = client_for(getattr(world, user)).post(
            reverse("reporting:report_reopen", args=[approved.pk]), {"reason": "Feil tall."}
        )
        approved.refresh_from_db()
        expected = (302, "returned") if user in {"admin", "contact"} else (404, "approved")
        assert (response.status_code, approved.status) == expected, user
        type(approved).objects.filter(pk=approved.pk).update(status="approved")


def test_saving_values_is_for_the_municipality_and_admin(world, client_for, draft):
    for user in USERS:
        draft.refresh_from_db()
        response = client_for(getattr(world, user)).post(
            reverse("reporting:report_edit", args=[draft.pk]), {"version": draft.version}
        )
        assert response.status_code == (302 if user in FILLS_DRAMMEN else 404), user


def test_only_the_admin_creates_periods_and_changes_deadlines(world, client_for, period):
    for user in USERS:
        client = client_for(getattr(world, user))
        response = client.post(
            reverse("reporting:periods", args=[world.programme.pk]),
            {"kind": "half_year", "year": 2012, "half": 1},
        )
        assert response.status_code == (302 if user == "admin" else 404), user
        assert world.programme.reporting_periods.filter(start__year=2012).exists() == (
            user == "admin"
        )
        world.programme.reporting_periods.filter(start__year=2012).delete()
        response = client.post(
            reverse("reporting:period_deadline", args=[period.pk]), {"deadline": "2011-02-15"}
        )
        assert response.status_code == (302 if user == "admin" else 404), user


def test_api_routes_answer_each_role(world, client_for, submitted):
    def api(name, **kwargs):
        return reverse(f"api:{name}", kwargs=kwargs)

    programme = world.programme.pk
    reads = [
        (api("list_indicators"), EVERYONE),
        (api("get_indicator", code="evictions"), EVERYONE),
        (api("list_periods", programme_id=programme), EVERYONE),
        (
            api("get_completeness", programme_id=programme, period_id=submitted.period_id),
            EVERYONE,
        ),
        (api("get_table", programme_id=programme) + "?indicator=evictions", EVERYONE),
        (api("get_report", report_id=submitted.pk), SEES_DRAMMEN),
        (api("export_values", programme_id=programme) + "?format=jsonstat", HUSBANKEN),
    ]
    for user in USERS:
        client = client_for(getattr(world, user))
        for url, allowed in reads:
            response = client.get(url)
            assert response.status_code == expect(user, allowed), (
                f"{user} GET {url}: {response.status_code}"
            )
        listed = client.get(api("reporting_list_reports")).json()
        assert [r["id"] for r in listed] == ([submitted.pk] if user in SEES_DRAMMEN else []), user
        version = type(submitted).objects.get(pk=submitted.pk).version
        response = client.put(
            api("save_values", report_id=submitted.pk),
            {"version": version, "values": []},
            content_type="application/json",
        )
        assert response.status_code == (422 if user in FILLS_DRAMMEN else 404), (
            f"{user} save while submitted"
        )
        response = client.post(
            api("approve_report", report_id=submitted.pk),
            {"version": version, "comment": ""},
            content_type="application/json",
        )
        assert response.status_code == (200 if user in {"admin", "contact"} else 404), (
            f"{user} approve"
        )
        type(submitted).objects.filter(pk=submitted.pk).update(status="submitted")
