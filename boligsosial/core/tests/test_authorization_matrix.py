"""The authorisation matrix: every page route (from the URL resolver) and every API operation
(from the OpenAPI document) × every persona × own and other municipality's objects.

The expected outcome of each cell comes from one table, `matrix_table.py`; a route without an
entry fails `test_every_route_has_an_entry_in_the_table`, so no route is added silently.

- A persona the table lets read gets an answer (2xx/3xx; 405 on routes that only take POST).
- Everybody else gets 404 — the same as a missing object — never 403 nor 200 with data;
  anonymous users are sent to log in (pages) or get 401 (API).
- Writes (POST to pages; POST/PUT/PATCH/DELETE in the API) are tried only by personas the
  table does not let write: they get 404 (403 is accepted from someone who may read the
  object), and no row count, version or audit entry changes.
- A marker planted in each municipality's texts never reaches the other municipality's users
  or anonymous users.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import transaction
from django.test import Client

from boligsosial.core.tests import matrix_table
from boligsosial.core.tests.matrix_probe import (
    Route,
    api_body,
    api_routes,
    page_routes,
    url_for,
)
from boligsosial.core.tests.matrix_world import (
    MARKERS,
    PERSONAS,
    SIDES,
    build_world,
    home_side,
    tags,
)

pytestmark = pytest.mark.xdist_group("authorization_matrix")

ROUTES: list[Route] = page_routes() + api_routes()
TOTALS: Counter = Counter()
# Personas whose relation to an object changes with its municipality; the others are asked
# once, with municipality A's objects.
SIDE_SENSITIVE = ("contact_a", "contact_b", "leader_a", "member_a", "leader_b")
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The fixture world and a logged-in client per persona, built once per module inside a
    transaction rolled back at the end; each test runs in a savepoint of its own (`db`)."""
    from django.test import override_settings
    from django.utils.functional import empty

    from boligsosial.evaluation.models import private_storage

    private = tmp_path_factory.mktemp("matrix_private")
    with (
        django_db_blocker.unblock(),
        override_settings(
            PRIVATE_MEDIA_ROOT=private,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        private_storage._wrapped = empty
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            world.clients = {}
            for persona in PERSONAS:
                client = Client()
                if persona != "anonymous":
                    client.force_login(world.users[persona])
                world.clients[persona] = client
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            private_storage._wrapped = empty


def test_every_route_has_an_entry_in_the_table():
    routes = {route.key for route in ROUTES}
    table = set(matrix_table.PAGES) | set(matrix_table.API)
    missing = sorted(routes - table)
    stale = sorted(table - routes)
    assert not missing, f"Routes without an entry in matrix_table.py: {missing}"
    assert not stale, f"Entries in matrix_table.py without a route: {stale}"
    unfilled = sorted(r.key for r in ROUTES if not r.api and "<" in r.path and not r.args)
    assert not unfilled, f"Page routes without objects in matrix_args.PAGE_ARGS: {unfilled}"


def _fingerprint() -> tuple:
    """Row counts of every table of the project (audit included) and the sum of versions."""
    from django.apps import apps
    from django.db.models import Sum

    counts = []
    for model in apps.get_models():
        if not model.__module__.startswith("boligsosial."):
            continue
        counts.append((model._meta.label, model._default_manager.count()))
        if any(f.name == "version" for f in model._meta.concrete_fields):
            counts.append(
                (
                    model._meta.label + ".version",
                    model._default_manager.aggregate(s=Sum("version"))["s"],
                )
            )
    return tuple(counts)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/konto/logg-inn/" in response.get("Location", "")


def _request(client: Client, route: Route, method: str, url: str):
    if not route.api:
        return client.get(url) if method == "GET" else client.post(url, {})
    if method == "GET":
        return client.get(url)
    body = api_body(route)
    if body is None:
        return client.generic(method, url, "", content_type="application/json")
    content_type, data = body
    if content_type == "multipart/form-data":
        return client.post(url, data)
    return client.generic(method, url, data, content_type=content_type)


def _check_read(route, access, persona, side, response) -> str | None:
    may = bool(tags(persona, side) & access.read)
    status = response.status_code
    if access.get == "absent":
        return None if status == 404 else f"{status}, expected 404 (switched off)"
    if persona == "anonymous" and not may:
        ok = status == 401 if route.api else _is_login_redirect(response)
        return (
            None if ok else f"anonymous got {status}, expected {'401' if route.api else 'log-in'}"
        )
    if access.get == "post_only":
        if status == 405 or (status == 404 and not may):
            return None
        return f"{status} on GET, expected 405 (POST only)"
    if may:
        if status < 400 and not _is_login_redirect(response):
            return None
        return f"{status}, expected an answer (may read)"
    return None if status == 404 else f"{status}, expected 404"


def _check_refusal(route, access, persona, side, response) -> str | None:
    status = response.status_code
    if persona == "anonymous":
        ok = status == 401 if route.api else _is_login_redirect(response)
        return None if ok else f"anonymous write got {status}"
    if status == 404:
        return None
    if status == 403 and tags(persona, side) & access.read:
        return None
    if status == 422 and not route.args and tags(persona, side) & access.read:
        # A write to a collection the persona may read, whose body the schema refused before
        # the access check: no object is revealed and nothing changes (checked below).
        return None
    return f"write refused with {status}, expected 404"


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        # The test client's iterator closes the response (with the connection kept open).
        return b"".join(response.streaming_content)
    return response.content


def _leak(persona: str, response) -> bool:
    body = _body(response)
    if persona == "anonymous":
        return any(marker.encode() in body for marker in MARKERS.values())
    home = home_side(persona)
    if home is None:
        return False
    other = "B" if home == "A" else "A"
    return MARKERS[other].encode() in body


def _cells(route: Route):
    for side in SIDES if route.sided else (None,):
        for persona in PERSONAS:
            if side == "B" and persona not in SIDE_SENSITIVE:
                continue
            yield side, persona


@pytest.mark.parametrize("route", ROUTES, ids=[r.key for r in ROUTES])
def test_route(route: Route, matrix, db):
    access = (matrix_table.API if route.api else matrix_table.PAGES).get(route.key)
    if access is None:
        pytest.fail(f"{route.key} has no entry in matrix_table.py")
    problems: list[str] = []
    counts: Counter = Counter(routes=1)
    if route.method == "GET" or not route.api:
        for side, persona in _cells(route):
            _probe(route, access, matrix, side, persona, "GET", problems, counts)
    if route.method in WRITE_METHODS or (not route.api and access.write):
        method = route.method if route.api else "POST"
        # Reads may create rows lazily (settings); only the refused writes must change nothing.
        before = _fingerprint()
        for side, persona in _cells(route):
            if not tags(persona, side) & access.write:
                _probe(route, access, matrix, side, persona, method, problems, counts)
        after = _fingerprint()
        if after != before:
            changed = [a for a, b in zip(before, after, strict=True) if a != b]
            problems.append(f"refused writes changed data (before): {changed}")
    TOTALS.update(counts)
    assert not problems, f"{route.key}:\n" + "\n".join(problems)


def _probe(route, access, matrix, side, persona, method, problems, counts) -> None:
    url = url_for(route, matrix, side)
    response = _request(matrix.clients[persona], route, method, url)
    counts["requests"] += 1
    counts["server_errors"] += response.status_code >= 500
    check = _check_read if method == "GET" else _check_refusal
    problem = check(route, access, persona, side, response)
    where = f"{method} {persona} @ {side or '-'} {url}"
    if problem:
        problems.append(f"{where}: {problem}")
    if access.markers and _leak(persona, response):
        counts["leaks"] += 1
        problems.append(f"{where}: LEAK of the other municipality's marker")


def test_matrix_counts(report_counts):
    """Reports what the matrix tried (run after the routes; a partial run reports part)."""
    report_counts(
        "authorization matrix",
        routes=TOTALS["routes"],
        personas=len(PERSONAS),
        requests=TOTALS["requests"],
        leaks=TOTALS["leaks"],
        server_errors=TOTALS["server_errors"],
    )
    assert TOTALS["leaks"] == 0
