"""The draft evaluation report served from a stored computation (issue 14, issue 17 item 3).

Building the draft reads every app for every municipality (seconds at national scale). The
built document is kept in the cache (a database table every process shares) under a key
that holds a fingerprint of everything it was built from: for every table of the apps the
report reads, the number of rows, the highest id and the latest `updated_at`. Any save,
delete or import in those tables changes the fingerprint, so the next visit builds the
document again; a visit without changes reads the stored one. The fingerprint is one query.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.utils.translation import get_language

from boligsosial.evaluation_report.models import EvaluationReport, GenerationJob, ReportVersion
from boligsosial.reporting.models import ReportValue

# The apps whose data the report is built from.
INPUT_APPS = [
    "municipalities",
    "programmes",
    "reporting",
    "plans",
    "followup",
    "instruments",
    "evaluation",
    "evaluation_report",
]
# Tables the document does not read (files made from it, published versions).
NOT_INPUTS = {GenerationJob, ReportVersion}
STORED_FOR_SECONDS = 7 * 24 * 3600


def _input_models() -> list[type[Model]]:
    # Users: names of who decided a recommendation (not API tokens, touched on every call).
    models: list[type[Model]] = [get_user_model()]
    for label in INPUT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model not in NOT_INPUTS and not model._meta.proxy:
                models.append(model)
    return models


def _fingerprint_sql() -> str:
    quote = connection.ops.quote_name
    parts = []
    for model in _input_models():
        assert model._meta.pk is not None and model._meta.pk.column is not None
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        if model is ReportValue:
            # 270 000 rows nationally: only the highest id (an index lookup). Every path that
            # changes or removes values also saves their report (version and updated_at).
            parts.append(f"(SELECT MAX({pk}) FROM {table})")
            continue
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT MAX({pk}) FROM {table})")
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {table})")
    return "SELECT " + ", ".join(parts)


def inputs_fingerprint() -> str:
    """A short digest that changes whenever a row the report may read is added, changed or
    removed (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]


def draft_document(
    report: EvaluationReport, *, language: str | None = None, fingerprint: str | None = None
) -> dict:
    """The draft document of `report`: stored if nothing it reads has changed, else built
    (and stored) now."""
    return _document(report, language or report.language, fingerprint or inputs_fingerprint())


def _page_key(report: EvaluationReport, language: str, reader_id: Any, fingerprint: str) -> str:
    return f"evaluation-draft-page:{report.pk}:{language}:{reader_id}:{fingerprint}"


def _latest_key(report: EvaluationReport, language: str, reader_id: Any) -> str:
    return f"evaluation-draft-page-latest:{report.pk}:{language}:{reader_id}"


def draft_page(
    report: EvaluationReport,
    *,
    language: str | None = None,
    links: Any = None,
    reader: Any = None,
    fingerprint: str | None = None,
    build: bool = True,
) -> dict | None:
    """The draft page's document, its HTML body and table of contents, stored likewise (at
    national scale drawing the HTML costs more than reading the stored document). The body's
    links are drawn for `links` (only what the reader may open), so it is stored per reader.
    With `build=False` it answers None instead of building (draft_refresh builds it then)."""
    language = language or report.language
    fingerprint = fingerprint or inputs_fingerprint()
    reader_id = getattr(reader, "pk", None)
    key = _page_key(report, language, reader_id, fingerprint)
    page = cache.get(key)
    if page is None:
        if not build:
            return None
        page = _draw_page(report, language, fingerprint, links)
        cache.set(key, page, STORED_FOR_SECONDS)
        cache.set(_latest_key(report, language, reader_id), fingerprint, STORED_FOR_SECONDS)
    return _shown(page, fingerprint)


def latest_draft_page(report: EvaluationReport, *, language: str, reader: Any) -> dict | None:
    """The page last built for this reader, whatever has changed since (or None)."""
    reader_id = getattr(reader, "pk", None)
    fingerprint = cache.get(_latest_key(report, language, reader_id))
    if fingerprint is None:
        return None
    page = cache.get(_page_key(report, language, reader_id, fingerprint))
    return None if page is None else _shown(page, fingerprint)


def _draw_page(report: EvaluationReport, language: str, fingerprint: str, links: Any) -> dict:
    from django.utils import timezone

    from boligsosial.evaluation_report.rendering.render_html import WEB, HtmlRenderer

    document = _document(report, language, fingerprint)
    renderer = HtmlRenderer(document, mode=WEB, links=links)
    return {
        "document": document,
        "body": str(renderer.render()),
        "toc": renderer.toc(),
        "built_at": timezone.now(),
    }


def _shown(page: dict, fingerprint: str) -> dict:
    from django.utils.safestring import mark_safe

    page["body"] = mark_safe(page["body"])  # drawn by HtmlRenderer, which escapes every text
    page["fingerprint"] = fingerprint  # for the page's other stored parts (one query a visit)
    return page


def _document_key(report: EvaluationReport, language: str, fingerprint: str) -> str:
    return f"evaluation-draft:{report.pk}:{language}:{fingerprint}"


def _latest_document_key(report: EvaluationReport, language: str) -> str:
    return f"evaluation-draft-latest:{report.pk}:{language}"


def _document(report: EvaluationReport, language: str, fingerprint: str) -> dict:
    from boligsosial.evaluation_report.selectors import document_for

    key = _document_key(report, language, fingerprint)
    document = cache.get(key)
    if document is None:
        document = document_for(report, draft=True, language=language)
        cache.set(key, document, STORED_FOR_SECONDS)
        cache.set(_latest_document_key(report, language), fingerprint, STORED_FOR_SECONDS)
    return document


def stored_document(
    report: EvaluationReport, *, language: str, fingerprint: str | None = None
) -> dict | None:
    """The draft document stored for these inputs (None if it has not been built)."""
    fingerprint = fingerprint or inputs_fingerprint()
    return cache.get(_document_key(report, language, fingerprint))


def latest_document(report: EvaluationReport, *, language: str) -> dict | None:
    """The draft document built last, whatever has changed since (or None)."""
    fingerprint = cache.get(_latest_document_key(report, language))
    return None if fingerprint is None else cache.get(_document_key(report, language, fingerprint))


def implausible_figures(report: EvaluationReport, *, fingerprint: str | None = None) -> list[dict]:
    """The builder's list of implausible figures (it reads every figure and value of the
    programme: seconds at national scale), stored under the same fingerprint as the draft."""
    from boligsosial.evaluation_report.selectors import implausible_figures as compute

    fingerprint = fingerprint or inputs_fingerprint()
    key = f"evaluation-implausible:{report.pk}:{report.as_of}:{get_language()}:{fingerprint}"
    flagged = cache.get(key)
    if flagged is None:
        flagged = compute(report)
        cache.set(key, flagged, STORED_FOR_SECONDS)
    return flagged


def _group_title(item: dict) -> str:
    """What a flagged figure measures, without its municipality and period: «indicator»
    for reported values, "instrument (unit)" for instrument figures."""
    label = item["label"]
    if label.startswith("«") and "»" in label:
        return label[: label.index("»") + 1]
    head = label.split(", ", 1)[0]
    unit = label[label.rfind(" (") :] if label.endswith(")") and " (" in label else ""
    return head + unit


def implausible_checks(
    report: EvaluationReport, *, fingerprint: str | None = None, build: bool = True
) -> dict | None:
    """The builder's list of implausible figures drawn once, grouped by what they measure
    ({"count": n, "html": …}), stored like the draft: at national scale the list holds
    thousands of figures, and drawing it on every visit took seconds. With `build=False`
    None when it is not stored (the background job makes it)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    fingerprint = fingerprint or inputs_fingerprint()
    key = f"evaluation-implausible-html:{report.pk}:{report.as_of}:{get_language()}:{fingerprint}"
    checks = cache.get(key)
    if checks is None and not build:
        return None
    if checks is None:
        flagged = implausible_figures(report, fingerprint=fingerprint)
        groups: dict[str, list[dict]] = {}
        for item in flagged:
            groups.setdefault(_group_title(item), []).append(item)
        html = render_to_string(
            "evaluation_report/_implausible.html",
            {"groups": sorted(groups.items()), "count": len(flagged)},
        )
        checks = {"count": len(flagged), "html": html}
        cache.set(key, checks, STORED_FOR_SECONDS)
    checks["html"] = mark_safe(checks["html"])  # drawn by the template, which escapes
    return checks
