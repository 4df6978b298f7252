"""The draft's long parts on pages of their own (issue 14): its implausible figures a group at
a time, the evidence behind every figure (appendix 4), and a national report's
municipalities and tables with a row per municipality (rendering/web_parts.py).

At national scale the builder flags about 18 000 figures (4,5 MB of HTML). The draft page
shows the groups and their numbers; a group's figures load when it is opened (htmx, this
view's fragment) or on this page, paged, for a browser without JavaScript. Readers are those
of the draft: anyone else gets 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from boligsosial.core.links import Links
from boligsosial.core.plausibility import RULE as PLAUSIBILITY_RULE
from boligsosial.core.stored_pages import splice
from boligsosial.evaluation_report import access, draft_refresh, stored

PER_PAGE = 200


def _number(request, name: str, default: int) -> int:
    text = request.GET.get(name, "")
    return int(text) if text.isdigit() and 0 < int(text) < 100_000 else default


@login_required
def implausible(request, pk: int):
    report, _permissions = access.get_report_for_user(request.user, pk, draft=True)
    fingerprint = stored.inputs_fingerprint()
    # A large programme's list is made by the worker with its draft, never in a request.
    build = draft_refresh.builds_in_request(report)
    checks = stored.implausible_checks(report, fingerprint=fingerprint, build=build)
    number = _number(request, "gruppe", 1)
    found = None
    if checks is not None and checks["groups"]:
        found = stored.implausible_group(report, number, fingerprint=fingerprint, build=build)
        if found is None:
            raise Http404
    group, items = found or ({}, [])
    pages = max(1, -(-len(items) // PER_PAGE))
    page = min(_number(request, "side", 1), pages)
    start = (page - 1) * PER_PAGE
    context = {
        "report": report,
        "checks": checks,
        "group": group,
        "items": items[start : start + PER_PAGE],
        "first": start + 1,
        "last": min(start + PER_PAGE, len(items)),
        "page": page,
        "pages": pages,
        "implausible_rule": PLAUSIBILITY_RULE,
    }
    if request.headers.get("HX-Request"):
        return render(request, "evaluation_report/_implausible_items.html", context)
    return render(request, "evaluation_report/implausible.html", context)


# The evidence list is put into its page as the UTF-8 bytes stored with the draft (views.py).
EVIDENCE_MARK = "<!--bs-report-evidence-->"


@login_required
def evidence(request, pk: int):
    """Appendix 4 of the draft, the evidence behind every figure, as a page of its own (a
    megabyte at national scale): every figure in the draft links to its line here."""
    report, _permissions = access.get_report_for_user(request.user, pk, draft=True)
    page = draft_refresh.page_for_reader(
        report, language=request.LANGUAGE_CODE[:2], links=Links(request.user), reader=request.user
    )
    if page.get("pending"):
        return _pending(request, report, page, _("Grunnlaget for tallene"))
    response = render(
        request,
        "evaluation_report/evidence.html",
        {**page, "report": report, "body": None, "evidence": mark_safe(EVIDENCE_MARK)},
    )
    response.content = splice(response.content, {EVIDENCE_MARK: page["evidence_utf8"]})
    return response


def _pending(request, report, page: dict, title: str):
    """The page saying the draft is being built (by the job in `page`)."""
    job = page["job"]
    context = {
        "report": report,
        "job": job,
        "sees_job": job.started_by_id == request.user.pk,
        "page_title": title,
    }
    return render(request, "evaluation_report/draft_pending.html", context)


PART_MARK = "<!--bs-report-part-->"


@login_required
def part(request, pk: int, part_id: str):
    """One municipality's section, or one table with a row per municipality, of a national
    report's draft: drawn with the draft page for this reader and stored with it."""
    report, _permissions = access.get_report_for_user(request.user, pk, draft=True)
    page = draft_refresh.page_for_reader(
        report, language=request.LANGUAGE_CODE[:2], links=Links(request.user), reader=request.user
    )
    if page.get("pending"):
        return _pending(request, report, page, _("Del av utkastet"))
    back = reverse("evaluation_report:report", args=[report.pk])
    source = _("Fra utkastet til %(t)s.") % {"t": report.title}
    return part_response(request, report, page, part_id, back=back, source=source)


def part_response(request, report, page: dict, part_id: str, *, back: str, source: str):
    """The page of one part of a stored report page (the draft's or a published version's);
    404 for a part it does not have."""
    parts = page.get("parts") or {}
    shown = parts.get(part_id)
    if shown is None:
        raise Http404

    def neighbour(key: str) -> dict | None:
        other = shown.get(key)
        return None if other is None else {"id": other, "title": parts[other]["title"]}

    previous, following = neighbour("previous"), neighbour("next")
    response = render(
        request,
        "evaluation_report/part.html",
        {
            "report": report,
            "refreshing": page.get("refreshing"),
            "built_at": page.get("built_at"),
            "language": (page.get("document") or page.get("head") or {}).get("language"),
            "part": shown,
            "part_html": mark_safe(PART_MARK),
            "back_url": back + ("#kommunene" if shown["kind"] == "section" else ""),
            "source": source,
            "previous": previous and {**previous, "url": _sibling(request, previous["id"])},
            "next": following and {**following, "url": _sibling(request, following["id"])},
        },
    )
    response.content = splice(response.content, {PART_MARK: shown["html_utf8"]})
    return response


def _sibling(request, part_id: str) -> str:
    """The address of another part of the same page: this one's with its last step changed."""
    path = request.path.rstrip("/")
    return f"{path.rsplit('/', 1)[0]}/{part_id}/"
