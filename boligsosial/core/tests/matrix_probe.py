"""Routes and requests of the authorisation matrix: every page route from the URL resolver,
every API operation from the OpenAPI document, filled with objects of the fixture world."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from boligsosial.core.tests.matrix_args import API_QUERY, PAGE_ARGS, api_args
from boligsosial.core.tests.matrix_world import World

API_PREFIX = "/api/v1"
SIDED_KINDS = {
    "municipality",
    "participation",
    "organisation",
    "partner",
    "phase",
    "report",
    "goal",
    "measure",
    "funding",
    "result",
    "evidence",
    "meeting",
    "action",
    "application",
    "respondent",
    "interview",
    "document",
    "source",
    "passage",
    "quote",
}


@dataclass(frozen=True)
class Route:
    key: str  # URL name ("programmes:participation") or API operation id
    api: bool
    path: str  # the resolver's pattern or the OpenAPI path
    method: str = "GET"  # pages: every method; API: the operation's
    args: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    query: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def sided(self) -> bool:
        specs = [*self.args.values(), *self.query.values()]
        return any(spec.split(".")[0] in SIDED_KINDS for spec in specs)


def page_routes() -> list[Route]:
    """Every named page route in config/urls.py (admin and the API excluded)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[Route] = []

    def walk(resolver, prefix: str, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace
                full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                walk(pattern, prefix + str(pattern.pattern), full_ns)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or "<root>"
                key = f"{namespace}:{name}" if namespace else name
                found.append(Route(key, False, prefix + str(pattern.pattern)))

    walk(get_resolver(), "", None)
    routes = []
    for route in found:
        if route.path.startswith(("admin/", "api/")):
            continue
        args = PAGE_ARGS.get(route.key, {})
        routes.append(Route(route.key, False, route.path, args=args))
    return routes


@functools.cache
def openapi_schema() -> dict:
    from config.api import api

    return api.get_openapi_schema(path_prefix=API_PREFIX)


def api_routes() -> list[Route]:
    routes = []
    for path, operations in openapi_schema()["paths"].items():
        relative = path.removeprefix(API_PREFIX)
        for method, operation in operations.items():
            key = operation["operationId"].removeprefix("boligsosial_")
            routes.append(
                Route(
                    key,
                    True,
                    relative,
                    method.upper(),
                    args=api_args(relative),
                    query=API_QUERY.get(key, {}),
                )
            )
    return routes


def resolve_spec(world: World, spec: str, side: str | None):
    if spec.startswith("="):
        return spec[1:]
    kind, _, attribute = spec.partition(".")
    if kind == "user":
        return world.users[attribute].pk
    obj = world.obj(kind, side if kind in SIDED_KINDS else None)
    return getattr(obj, attribute or "pk")


def url_for(route: Route, world: World, side: str | None) -> str:
    kwargs = {name: resolve_spec(world, spec, side) for name, spec in route.args.items()}
    if route.api:
        path = route.path
        for name, value in kwargs.items():
            path = path.replace("{" + name + "}", str(value))
        query = {name: resolve_spec(world, spec, side) for name, spec in route.query.items()}
        return API_PREFIX + path + (f"?{urlencode(query)}" if query else "")
    from django.urls import reverse

    if route.key == "<root>":
        return "/"
    return reverse(route.key, kwargs=kwargs)


# Bodies: the smallest document the operation's schema accepts, so that refusals are decided
# by the access rules, not by input validation.


def minimal_body(schema: dict, components: dict, depth: int = 0):
    if "$ref" in schema:
        return minimal_body(components[schema["$ref"].split("/")[-1]], components, depth)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return minimal_body(options[0], components, depth) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema and schema.get("default") is not None:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return {
            name: minimal_body(properties[name], components, depth + 1)
            for name in schema.get("required", [])
            if name in properties
        }
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2011-06-01"
    if schema.get("format") == "date-time":
        return "2011-06-01T12:00:00Z"
    return "x"


def api_body(route: Route) -> tuple[str, object] | None:
    """(content type, body) of the smallest request the operation's schema accepts."""
    schema = openapi_schema()
    operation = schema["paths"][API_PREFIX + route.path][route.method.lower()]
    body = operation.get("requestBody")
    if not body:
        return None
    content = body["content"]
    components = schema["components"]["schemas"]
    if "multipart/form-data" in content:
        form = content["multipart/form-data"]["schema"]
        data = minimal_body(form, components)
        for name, spec in form.get("properties", {}).items():
            if spec.get("format") == "binary" and name in data:
                from django.core.files.uploadedfile import SimpleUploadedFile

                data[name] = SimpleUploadedFile("matrix.csv", b"x\n", content_type="text/csv")
        return "multipart/form-data", data
    media = content.get("application/json") or next(iter(content.values()))
    return "application/json", json.dumps(minimal_body(media["schema"], components))
