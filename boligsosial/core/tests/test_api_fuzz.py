"""Schemathesis over the whole OpenAPI document, in-process through the WSGI application.

Every operation is called with cases generated from its schema (path parameters point at
real objects of the fixture world, municipality A), as a Husbanken administrator and as
municipality A's programme leader, each with a Bearer token. Checks: no server error, and
every response conforms to the documented schema.

Bounded in the suite (BOLIGSOSIAL_FUZZ_EXAMPLES, default 3 examples per operation, seeded
and derandomised); `make fuzz` raises it and adds negative (schema-violating) cases.
"""

from __future__ import annotations

import copy
import logging
import os
import traceback
from collections import Counter

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction

from boligsosial.core.tests.matrix_probe import API_PREFIX, openapi_schema, resolve_spec
from boligsosial.core.tests.matrix_world import build_world

pytestmark = pytest.mark.xdist_group("api_fuzz")

EXAMPLES = int(os.environ.get("BOLIGSOSIAL_FUZZ_EXAMPLES", "3"))
NEGATIVE = os.environ.get("BOLIGSOSIAL_FUZZ_NEGATIVE", "") == "1"
FUZZ_PERSONAS = ("admin", "leader_a")


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One fixture world per module, in a transaction rolled back at the end; each
    operation's cases run in a savepoint of their own."""
    from django.test import override_settings
    from django.utils.functional import empty

    from boligsosial.accounts.models import ApiToken
    from boligsosial.evaluation.models import private_storage

    private = tmp_path_factory.mktemp("fuzz_private")
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
            world.tokens = {
                persona: ApiToken.issue(user=world.users[persona], name="fuzz")[1]
                for persona in FUZZ_PERSONAS
            }
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            private_storage._wrapped = empty


@pytest.fixture
def in_process_app(settings):
    """The WSGI application, called as a server would but inside the test's transaction:
    Django's test client likewise keeps request signals from closing the connection."""
    from django.core.wsgi import get_wsgi_application

    settings.ALLOWED_HOSTS = ["*"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _path_parameters(world, operation) -> dict:
    from boligsosial.core.tests.matrix_args import api_args

    relative = operation.path.removeprefix(API_PREFIX)
    return {name: resolve_spec(world, spec, "A") for name, spec in api_args(relative).items()}


class _Rollback(Exception):
    pass


class _ServerErrors(logging.Handler):
    """Keeps the exception behind each 500 (django.request logs it) for the failure list."""

    found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            frames = traceback.extract_tb(error.__traceback__)
            own = [f for f in frames if "/boligsosial/" in f.filename] or frames
            where = own[-1]
            self.found.append(
                f"{type(error).__name__}: {str(error)[:100]} "
                f"({where.filename.rsplit('/', 1)[-1]}:{where.lineno})"
            )

    @classmethod
    def install(cls) -> list[str]:
        logger = logging.getLogger("django.request")
        if not any(isinstance(h, cls) for h in logger.handlers):
            logger.addHandler(cls(level=logging.ERROR))
        cls.found.clear()
        return cls.found


def _run_operation(operation, world, app, token, failures: list, counts: Counter) -> None:
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.failures import FailureGroup
    from schemathesis.specs.openapi.checks import response_schema_conformance

    modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if NEGATIVE else [])
    headers = {"Authorization": f"Bearer {token}"}
    label = f"{operation.method.upper()} {operation.path}"
    errors = _ServerErrors.install()
    for mode in modes:
        strategy = operation.as_strategy(
            generation_mode=mode, path_parameters=_path_parameters(world, operation)
        )

        @seed(20261201)
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case):
            counts["cases"] += 1
            try:
                with transaction.atomic():
                    response = case.call(app=app, headers=headers)
                    raise _Rollback(response)
            except _Rollback as rolled_back:
                response = rolled_back.args[0]
            if response.status_code >= 500:
                counts["server_errors"] += 1
                cause = errors.pop() if errors else "?"
                failures.append(f"{label} [{response.status_code}] server error: {cause}")
                return
            try:
                case.validate_response(
                    response, checks=[not_a_server_error, response_schema_conformance]
                )
            except FailureGroup as group:  # record every failed check, keep going (no shrinking)
                if response.status_code < 500:
                    counts["schema_violations"] += 1
                for failure in group.exceptions:
                    detail = " ".join(failure.message.split())[:160]
                    failures.append(f"{label} [{response.status_code}] {failure.title}: {detail}")

        run()


@pytest.mark.parametrize("persona", FUZZ_PERSONAS)
def test_schemathesis_over_the_whole_api(persona, fuzz_world, in_process_app, db, report_counts):
    import schemathesis

    schema = schemathesis.openapi.from_dict(copy.deepcopy(openapi_schema()))
    failures: list[str] = []
    counts: Counter = Counter()
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        _run_operation(
            operation, fuzz_world, in_process_app, fuzz_world.tokens[persona], failures, counts
        )
    report_counts(
        f"schemathesis {persona}",
        operations=operations,
        cases=counts["cases"],
        server_errors=counts["server_errors"],
        schema_violations=counts["schema_violations"],
    )
    unique = sorted(set(failures))
    assert not unique, f"{len(unique)} failing checks as {persona}:\n" + "\n".join(unique)


def test_openapi_document_is_valid(client):
    """The served document is valid OpenAPI 3 (schemathesis refuses invalid documents)."""
    import schemathesis

    response = client.get(f"{API_PREFIX}/openapi.json")
    assert response.status_code == 200
    schema = schemathesis.openapi.from_dict(response.json())
    assert all(result.ok() for result in schema.get_all_operations())


def test_no_component_schema_name_is_defined_twice():
    """ninja names a component after its Schema class and silently keeps the last one of
    the same name, so operations would document another operation's body."""
    from ninja import Schema

    from config.api import api

    seen: dict[str, set[str]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in _models_of(operation):
                    for cls in _schema_classes(model, Schema):
                        seen.setdefault(cls.__name__, set()).add(
                            f"{cls.__module__}.{cls.__qualname__}"
                        )
    twice = {name: sorted(where) for name, where in seen.items() if len(where) > 1}
    assert not twice, "Component schema names defined more than once: " + "; ".join(
        f"{name}: {', '.join(where)}" for name, where in sorted(twice.items())
    )


def _models_of(operation):
    for model in getattr(operation, "models", []) or []:
        yield model
    response_models = getattr(operation, "response_models", {}) or {}
    for model in response_models.values():
        yield model


def _schema_classes(model, base, seen=None):
    """Every ninja Schema class reachable from a pydantic model's fields."""
    import typing

    seen = seen if seen is not None else set()
    if model is None or model in seen:
        return seen
    if isinstance(model, type) and issubclass(model, base):
        seen.add(model)
    fields = getattr(model, "model_fields", None) or {}
    for field in fields.values():
        stack = [field.annotation]
        while stack:
            annotation = stack.pop()
            if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
                _schema_classes(annotation, base, seen)
            stack.extend(typing.get_args(annotation))
    return seen
