"""The draft report's page: the stored draft inside a page drawn once per reader while
nothing it shows has changed (issue 14); the reader's files put in per request."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from boligsosial.core import changes
from boligsosial.core.links import Links
from boligsosial.core.plausibility import RULE as PLAUSIBILITY_RULE
from boligsosial.core.stored_pages import splice, stored_page
from boligsosial.evaluation_report import access, draft_refresh, stored
from boligsosial.evaluation_report.forms import GenerateForm, PublishForm
from boligsosial.evaluation_report.rendering.basis import changed_texts


def sees_job(user, job) -> bool:
    """A link to the job that builds the draft, for those who may open it."""
    from boligsosial.jobs.access import visible_jobs

    return job is not None and visible_jobs(user).filter(pk=job.pk).exists()


@login_required
def report_detail(request, pk: int):
    report, permissions = access.get_report_for_user(request.user, pk)
    if not permissions.read_draft:
        latest = report.latest_version()
        return redirect("evaluation_report:version", report.pk, latest.number)
    inputs, frame = changes.fingerprints(stored.input_tables(), stored.draft_page_tables())
    page = draft_refresh.page_for_reader(
        report,
        language=request.LANGUAGE_CODE[:2],
        links=Links(request.user),
        reader=request.user,
        fingerprint=inputs,
    )
    if page.get("pending"):
        return render(
            request,
            "evaluation_report/draft_pending.html",
            {
                "report": report,
                "job": page["job"],
                "sees_job": page["job"].started_by_id == request.user.pk,
            },
        )

    def draw(context: dict):
        return _draw_draft(request, report, permissions, page, context)

    if page.get("refreshing"):
        # Says how far the new draft has come (the job's progress is not in the change log).
        response = draw({})
    else:
        # Drawn once for this reader while nothing the page shows has changed (issue 14).
        response = stored_page(
            request,
            ("evaluation_report.draft", report.pk, permissions),
            fingerprint=frame,
            draw=draw,
        )
    response.content = splice(
        response.content,
        {BODY_MARK: _utf8(page, "body"), FILES_MARK: _recent_files(request, report)},
    )
    return response


def _draw_draft(request, report, permissions, page: dict, context: dict):
    """The draft page around its body (BODY_MARK) and the reader's files (FILES_MARK)."""
    document = page["document"]
    versions = list(report.versions.order_by("-number").defer("document"))
    latest = versions[0] if versions else None
    implausible = stored.implausible_checks(report, fingerprint=page["fingerprint"], build=False)
    if implausible is None and (page.get("inline") or draft_refresh.builds_in_request(report)):
        # A small programme's list is made here when its stored draft was made without it.
        implausible = stored.implausible_checks(report, fingerprint=page["fingerprint"])
    return render(
        request,
        "evaluation_report/report.html",
        {
            "report": report,
            "permissions": permissions,
            **page,
            "body": mark_safe(BODY_MARK),  # the stored body is put in once, below
            "recent_files": mark_safe(FILES_MARK),
            "latest": latest,
            "versions": versions,
            "changes": stored.draft_changes(latest, document, fingerprint=page["fingerprint"])
            if latest
            else None,
            "generate_form": GenerateForm(initial={"language": report.language}),
            "publish_form": PublishForm(initial={"version": report.version}),
            **_stored_fields(report),
            "changed_texts": changed_texts(document),
            "implausible": implausible,
            "sees_job": sees_job(request.user, page.get("job")),
            "implausible_rule": PLAUSIBILITY_RULE,
            **context,
        },
    )


def _recent_files(request, report) -> bytes:
    """The reader's last files of this report and how far each has come (per request: a job's
    progress is not in the change log)."""
    from django.template.loader import render_to_string

    jobs = report.jobs.filter(job__started_by=request.user).select_related("job")[:5]
    return render_to_string("evaluation_report/_recent_files.html", {"jobs": jobs}).encode()


def _stored_fields(report) -> dict:
    """The draft page's two forms' fields, drawn once (a tenth of a warm request): they
    show nothing but the report's language, the language of the page and fixed choices.
    The version field and the CSRF token stay in the page, drawn per request."""
    from django.template.loader import render_to_string
    from django.utils.translation import get_language

    def draw(template: str, context: dict) -> str:
        return render_to_string(f"evaluation_report/{template}", context)

    return {
        "generate_fields": stored.drawn_once(
            ("evaluation_report.generate-fields", report.language, get_language()),
            lambda: draw(
                "_generate_fields.html",
                {"generate_form": GenerateForm(initial={"language": report.language})},
            ),
        ),
        "publish_fields": stored.drawn_once(
            ("evaluation_report.publish-fields", get_language()),
            lambda: draw("_publish_fields.html", {"publish_form": PublishForm()}),
        ),
    }


# The draft's body is megabytes at national scale: the template would copy it at every level
# of nesting and encode it on every visit. It is put into the drawn page once, as the UTF-8
# bytes stored with it. (The implausible-figure list is loaded a group at a time:
# views_checks.py.)
BODY_MARK = "<!--bs-report-body-->"
FILES_MARK = "<!--bs-report-files-->"


def _utf8(part: dict, name: str) -> bytes:
    return part.get(name + "_utf8") or str(part[name]).encode()
