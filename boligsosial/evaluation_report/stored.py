"""The draft evaluation report served from a stored computation (issue 14, issue 17 item 3).

Building the draft reads every app for every municipality (seconds at national scale). The
built document, the drawn page and the implausible-figure list are stored
(`core.stored`: the shared cache with a memory layer per process) under a key that holds
the change-log fingerprint of every table the report reads (`core.changes`: one
sub-millisecond query, written by database triggers, so every write path counts: services,
imports with COPY, raw SQL, migrations). A visit without changes reads the stored page —
from this process's memory after its first visit; one that follows a change builds again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from boligsosial.core import changes
from boligsosial.core.stored import MISSING, STORED_FOR_SECONDS, lookup, store
from boligsosial.evaluation_report.models import EvaluationReport, GenerationJob, ReportVersion

__all__ = ["STORED_FOR_SECONDS", "inputs_fingerprint"]

# The apps whose data the report is built from: every app the change log watches.
INPUT_APPS = changes.WATCHED_APPS
# Tables the document does not read (files made from it, published versions).
NOT_INPUTS = {GenerationJob, ReportVersion}


def input_tables() -> tuple[str, ...]:
    """Every table the report reads; the users' table for the names of who decided a
    recommendation (the change log counts name changes there, not log-ins)."""
    excluded = [model._meta.db_table for model in NOT_INPUTS]
    return (*changes.tables_of(*INPUT_APPS, exclude=excluded), changes.user_table())


def draft_page_tables() -> tuple[str, ...]:
    """What the draft page shows besides the draft: its inputs, the published versions and the
    files made (the reader's files' progress is drawn per request: views_draft._recent_files)."""
    return (*input_tables(), *(model._meta.db_table for model in NOT_INPUTS))


def inputs_fingerprint() -> str:
    """A short text that changes whenever a row the report may read is added, changed or
    removed (one sub-millisecond query on the change log)."""
    return changes.fingerprint(input_tables())


def _get(key: str) -> Any:
    value = lookup(key)
    return None if value is MISSING else value


def drawn_once(key_parts: tuple, draw: Callable[[], str]) -> Any:
    """HTML that depends on `key_parts` alone (no table: fixed choices, languages), drawn
    once and stored; marked safe (drawn by a template, which escapes)."""
    from boligsosial.core.stored import key_for

    key = key_for(key_parts, "")
    html = _get(key)
    if html is None:
        html = draw()
        store(key, html)
    return mark_safe(html)


def draft_document(
    report: EvaluationReport, *, language: str | None = None, fingerprint: str | None = None
) -> dict:
    """The draft document of `report`: stored if nothing it reads has changed, else built
    (and stored) now."""
    return _document(report, language or report.language, fingerprint or inputs_fingerprint())


def _page_key(report: EvaluationReport, language: str, reader_id: Any, fingerprint: str) -> str:
    # v2: the evidence list on its own page (evidence_utf8); v3: a national report's long
    # parts on pages of their own (parts).
    return f"evaluation-draft-page-v3:{report.pk}:{language}:{reader_id}:{fingerprint}"


def _latest_key(report: EvaluationReport, language: str, reader_id: Any) -> str:
    return f"evaluation-draft-page-v3-latest:{report.pk}:{language}:{reader_id}"


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
    page = _get(key)
    if page is None:
        if not build:
            return None
        page = _draw_page(report, language, fingerprint, links)
        store(key, page)
        cache.set(_latest_key(report, language, reader_id), fingerprint, STORED_FOR_SECONDS)
    return _shown(page, fingerprint)


def latest_draft_page(report: EvaluationReport, *, language: str, reader: Any) -> dict | None:
    """The page last built for this reader, whatever has changed since (or None)."""
    reader_id = getattr(reader, "pk", None)
    fingerprint = cache.get(_latest_key(report, language, reader_id))
    if fingerprint is None:
        return None
    page = _get(_page_key(report, language, reader_id, fingerprint))
    return None if page is None else _shown(page, fingerprint)


def _draw_page(report: EvaluationReport, language: str, fingerprint: str, links: Any) -> dict:
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import timezone

    from boligsosial.evaluation_report.rendering.web_parts import PartedHtmlRenderer

    document = _document(report, language, fingerprint)
    # The evidence list (a megabyte at national scale, read figure by figure from the links
    # in the text) is a page of its own: views.evidence. So are a national report's
    # municipalities and tables with a row per municipality (web_parts; views.part).
    evidence_url = reverse("evaluation_report:evidence", args=[report.pk])
    renderer = PartedHtmlRenderer(
        document,
        links=links,
        evidence_url=evidence_url,
        part_url=lambda part_id: reverse("evaluation_report:part", args=[report.pk, part_id]),
    )
    body = str(renderer.render())
    toc = renderer.toc()
    evidence = str(renderer.evidence())
    parts = _encoded(renderer.parts)
    return {
        "document": document,
        "body": body,
        "body_utf8": body.encode(),  # the view puts these bytes into the page (views.py)
        "evidence_utf8": evidence.encode(),  # likewise on the evidence page
        "parts": parts,  # likewise on the part pages
        "toc": toc,
        # Drawn once: a national report's contents list has thousands of entries.
        "toc_html": render_to_string("evaluation_report/_toc.html", {"toc": toc}),
        "built_at": timezone.now(),
    }


def _shown(page: dict, fingerprint: str) -> dict:
    """A copy for the view (the stored page may be shared within the process)."""
    from django.utils.safestring import mark_safe

    return {
        **page,
        "body": mark_safe(page["body"]),  # drawn by HtmlRenderer, which escapes every text
        "toc_html": mark_safe(page.get("toc_html", "")),  # drawn by the template
        "fingerprint": fingerprint,  # for the page's other stored parts (one query a visit)
    }


def _document_key(report: EvaluationReport, language: str, fingerprint: str) -> str:
    return f"evaluation-draft:{report.pk}:{language}:{fingerprint}"


def _latest_document_key(report: EvaluationReport, language: str) -> str:
    return f"evaluation-draft-latest:{report.pk}:{language}"


def _document(report: EvaluationReport, language: str, fingerprint: str) -> dict:
    from boligsosial.evaluation_report.selectors import document_for

    key = _document_key(report, language, fingerprint)
    document = _get(key)
    if document is None:
        document = document_for(report, draft=True, language=language)
        store(key, document)
        cache.set(_latest_document_key(report, language), fingerprint, STORED_FOR_SECONDS)
    return document


def stored_document(
    report: EvaluationReport, *, language: str, fingerprint: str | None = None
) -> dict | None:
    """The draft document stored for these inputs (None if it has not been built)."""
    fingerprint = fingerprint or inputs_fingerprint()
    return _get(_document_key(report, language, fingerprint))


def findings_json(
    report: EvaluationReport, *, language: str, fingerprint: str | None = None
) -> str | None:
    """The findings of the current draft (or of the one built under `fingerprint`) as the
    API's JSON text (ninja's encoder), drawn once per draft; None when that draft is not
    stored (the API then builds it or starts the job that does)."""
    from ninja.responses import NinjaJSONEncoder

    fingerprint = fingerprint or inputs_fingerprint()
    key = f"evaluation-findings-json:{report.pk}:{language}:{fingerprint}"
    text = _get(key)
    if text is None:
        document = stored_document(report, language=language, fingerprint=fingerprint)
        if document is None:
            return None
        text = json.dumps(document["findings"], cls=NinjaJSONEncoder)
        store(key, text)
    return text


def recommendations_json(
    report: EvaluationReport,
    *,
    language: str,
    rows: Callable[[dict], list],
    build: bool,
) -> str | None:
    """The API's list of proposals for the current draft as JSON text, drawn once per draft
    (the same for every reader allowed the draft; the decisions and rules are inputs, so the
    fingerprint counts them). With `build=False`, None when the current draft is not stored."""
    from ninja.responses import NinjaJSONEncoder

    fingerprint = inputs_fingerprint()
    key = f"evaluation-recommendations-json:{report.pk}:{language}:{fingerprint}"
    text = _get(key)
    if text is None:
        if build:
            document: dict | None = _document(report, language, fingerprint)
        else:
            document = stored_document(report, language=language, fingerprint=fingerprint)
        if document is None:
            return None
        text = json.dumps(rows(document), cls=NinjaJSONEncoder)
        store(key, text)
    return text


def latest_findings_json(report: EvaluationReport, *, language: str) -> str | None:
    """The findings of the draft built last, whatever has changed since (or None)."""
    fingerprint = cache.get(_latest_document_key(report, language))
    if fingerprint is None:
        return None
    return findings_json(report, language=language, fingerprint=fingerprint)


def latest_document(report: EvaluationReport, *, language: str) -> dict | None:
    """The draft document built last, whatever has changed since (or None)."""
    fingerprint = cache.get(_latest_document_key(report, language))
    return None if fingerprint is None else _get(_document_key(report, language, fingerprint))


def implausible_figures(report: EvaluationReport, *, fingerprint: str | None = None) -> list[dict]:
    """The builder's list of implausible figures (it reads every figure and value of the
    programme: seconds at national scale), stored under the same fingerprint as the draft."""
    from boligsosial.evaluation_report.selectors import implausible_figures as compute

    fingerprint = fingerprint or inputs_fingerprint()
    flagged = _get(_implausible_key("figures", report, fingerprint))
    if flagged is None:
        flagged = compute(report)
        store(_implausible_key("figures", report, fingerprint), flagged)
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


def _implausible_key(kind: str, report: EvaluationReport, fingerprint: str) -> str:
    """The figures under "evaluation-implausible:…", the summary and each group beside them."""
    name = "evaluation-implausible" + ("" if kind == "figures" else f"-{kind}")
    return f"{name}:{report.pk}:{report.as_of}:{get_language()}:{fingerprint}"


def implausible_checks(
    report: EvaluationReport, *, fingerprint: str | None = None, build: bool = True
) -> dict | None:
    """The summary of the builder's implausible figures, grouped by what they measure:
    {"count": n, "groups": [{"number", "title", "count"}]}. Each group's figures are stored
    apart (`implausible_group`): at national scale the list holds about 18 000 figures
    (4,5 MB of HTML), so the draft page shows the groups and loads a group when it is opened.
    With `build=False` None when it is not stored (the background job makes it)."""
    fingerprint = fingerprint or inputs_fingerprint()
    checks = _get(_implausible_key("overview", report, fingerprint))
    # Grouping the stored figures is quick; finding them is what only the worker does.
    if checks is None and (build or _get(_implausible_key("figures", report, fingerprint))):
        checks = _group_implausible(report, fingerprint)
    return checks and {**checks, "html": mark_safe(checks["html"])}  # drawn by the template


def _group_implausible(report: EvaluationReport, fingerprint: str) -> dict:
    from django.template.loader import render_to_string
    from django.urls import reverse

    flagged = implausible_figures(report, fingerprint=fingerprint)
    groups: dict[str, list[dict]] = {}
    for item in flagged:
        groups.setdefault(_group_title(item), []).append(item)
    summary = []
    for number, (title, items) in enumerate(sorted(groups.items()), start=1):
        store(_implausible_key(f"group-{number}", report, fingerprint), items)
        summary.append({"number": number, "title": title, "count": len(items)})
    # Drawn once (the same for every reader of the draft: the list's address and the groups).
    html = render_to_string(
        "evaluation_report/_implausible_groups.html",
        {
            "implausible": {"groups": summary},
            "list_url": reverse("evaluation_report:implausible_figures", args=[report.pk]),
        },
    )
    # The summary last: where it is stored, so are its groups.
    checks = {"count": len(flagged), "groups": summary, "html": html}
    store(_implausible_key("overview", report, fingerprint), checks)
    return checks


def implausible_group(
    report: EvaluationReport, number: int, *, fingerprint: str | None = None, build: bool = True
) -> tuple[dict, list[dict]] | None:
    """(the group's summary, its figures) for group `number` of `implausible_checks`; None
    when the list is not stored and `build` is False, or there is no such group."""
    fingerprint = fingerprint or inputs_fingerprint()
    checks = implausible_checks(report, fingerprint=fingerprint, build=build)
    if checks is None:
        return None
    group = next((g for g in checks["groups"] if g["number"] == number), None)
    if group is None:
        return None
    items = _get(_implausible_key(f"group-{number}", report, fingerprint))
    if items is None:  # dropped from the cache before its summary
        if not build:
            return None
        _group_implausible(report, fingerprint)
        items = _get(_implausible_key(f"group-{number}", report, fingerprint)) or []
    return group, items


def version_page(version: ReportVersion, *, links: Any, reader: Any) -> dict:
    """A published version's page as `reader` reads it: its HTML body (a national report's
    long parts and evidence list on pages of their own: rendering/web_parts.py), contents
    list and parts, stored. The version never changes; the links in it are drawn for what the
    reader may open, so the key holds the reader and the fingerprint of every table access
    rests on."""
    from django.template.loader import render_to_string
    from django.urls import reverse

    from boligsosial.core.stored import remember
    from boligsosial.evaluation_report.rendering.web_parts import PartedHtmlRenderer

    def draw() -> dict:
        document = ReportVersion.objects.values_list("document", flat=True).get(pk=version.pk)
        renderer = PartedHtmlRenderer(
            document,
            links=links,
            evidence_part=True,
            part_url=lambda part_id: reverse(
                "evaluation_report:version_part",
                args=[version.report_id, version.number, part_id],
            ),
        )
        body = str(renderer.render())
        toc = renderer.toc()
        return {
            "head": {key: document.get(key) for key in ("title", "subtitle", "as_of", "language")},
            "body_utf8": body.encode(),
            "toc_html": render_to_string("evaluation_report/_toc.html", {"toc": toc}),
            "parts": _encoded(renderer.parts),
        }

    key = ("evaluation_report.version-page-v1", version.pk, getattr(reader, "pk", None))
    return remember(key, input_tables(), draw)


def version_changes(previous: ReportVersion, version: ReportVersion) -> dict:
    """What changed between two published versions (both never change), stored."""
    from boligsosial.core.stored import remember
    from boligsosial.evaluation_report.selectors import version_changes as compute

    def diff() -> dict:
        documents = dict(
            ReportVersion.objects.filter(pk__in=[previous.pk, version.pk]).values_list(
                "pk", "document"
            )
        )
        return compute(documents[previous.pk], documents[version.pk])

    key = ("evaluation_report.version-changes", previous.pk, version.pk)
    return remember(key, changes.tables_of("evaluation_report"), diff)


def _encoded(parts: dict[str, dict]) -> dict[str, dict]:
    """The renderer's parts with their HTML as UTF-8 bytes (put into the page as they are)."""
    return {
        part_id: {
            **{k: v for k, v in part.items() if k != "html"},
            "html_utf8": part["html"].encode(),
        }
        for part_id, part in parts.items()
    }


def draft_changes(latest: ReportVersion, document: dict, *, fingerprint: str) -> dict:
    """What changed from the latest published version to the draft built under
    `fingerprint`, stored with it (the version's document is megabytes at national scale)."""
    from boligsosial.core.stored import key_for
    from boligsosial.evaluation_report.selectors import version_changes as compute

    key = key_for(
        ("evaluation_report.draft-changes", latest.pk, document.get("language")), fingerprint
    )
    found = lookup(key)
    if found is MISSING:
        published = ReportVersion.objects.values_list("document", flat=True).get(pk=latest.pk)
        found = compute(published, document)
        store(key, found)
    return found
