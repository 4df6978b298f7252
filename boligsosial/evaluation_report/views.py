"""Pages for evaluation reports. Thin: access check, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.core.concurrency import StaleEditError
from boligsosial.core.downloads import private_file_response
from boligsosial.core.forms import apply_validation_error, keep_input_after_stale_edit
from boligsosial.core.links import Links
from boligsosial.core.storage import private_storage
from boligsosial.core.stored_pages import splice
from boligsosial.evaluation_report import (
    access,
    draft_refresh,
    selectors,
    services,
    stored,
    views_checks,
)
from boligsosial.evaluation_report.forms import (
    DecisionForm,
    GenerateForm,
    NarrativeForm,
    PublishForm,
    ReportCreateForm,
    ReportForm,
    RuleForm,
)
from boligsosial.evaluation_report.models import NarrativeSection, ReportVersion
from boligsosial.evaluation_report.rendering.outputs import CONTENT_TYPES
from boligsosial.evaluation_report.views_draft import BODY_MARK, sees_job


@login_required
def index(request):
    reports = list(
        access.visible_reports(request.user)
        .select_related("evaluation__programme")
        .prefetch_related(
            # Not the documents: a national report's version holds megabytes.
            Prefetch("versions", queryset=ReportVersion.objects.defer("document"))
        )
        .order_by("-as_of", "title")
    )
    for report in reports:
        report.latest = max(report.versions.all(), key=lambda v: v.number, default=None)
    evaluations = access.visible_evaluations(request.user)
    form = ReportCreateForm(request.POST or None, evaluations=evaluations)
    if request.method == "POST":
        if not evaluations.exists():
            raise Http404
        if form.is_valid():
            report = services.report_create(
                user=request.user,
                evaluation=form.cleaned_data["evaluation"],
                title=form.cleaned_data["title"],
            )
            messages.success(request, _("Rapporten er opprettet."))
            return redirect("evaluation_report:report", report.pk)
    programmes = {r.evaluation.programme for r in reports} | {e.programme for e in evaluations}
    return render(
        request,
        "evaluation_report/index.html",
        {
            "reports": reports,
            "form": form if evaluations.exists() else None,
            "reads_drafts": access.reads_drafts(request.user),
            "rule_programmes": [p for p in programmes if access.can_manage_rules(request.user, p)],
        },
    )


@login_required
def version_detail(request, pk: int, number: int):
    report, version, permissions = access.get_version_for_user(request.user, pk, number)
    previous = (
        report.versions.filter(number__lt=number).order_by("-number").defer("document").first()
    )
    page = stored.version_page(version, links=Links(request.user), reader=request.user)
    head = page["head"]
    response = render(
        request,
        "evaluation_report/version.html",
        {
            "report": report,
            "version": version,
            "permissions": permissions,
            "document": head,
            "body": mark_safe(BODY_MARK),  # the stored body is put in once (report_detail)
            "toc_html": mark_safe(page["toc_html"]),  # drawn by the template
            "previous": previous,
            "versions": report.versions.order_by("-number").defer("document"),
            "changes": stored.version_changes(previous, version) if previous else None,
            "generate_form": GenerateForm(initial={"language": head["language"]}),
        },
    )
    response.content = splice(response.content, {BODY_MARK: page["body_utf8"]})
    return response


@login_required
def version_part(request, pk: int, number: int, part_id: str):
    """A part of a published national report's page: a municipality's section, a table with
    a row per municipality, or the evidence list (rendering/web_parts.py)."""
    report, version, _permissions = access.get_version_for_user(request.user, pk, number)
    page = stored.version_page(version, links=Links(request.user), reader=request.user)
    back = reverse("evaluation_report:version", args=[pk, number])
    source = _("Fra publisert versjon %(n)s av %(t)s.") % {"n": number, "t": report.title}
    return views_checks.part_response(request, report, page, part_id, back=back, source=source)


@login_required
def report_edit(request, pk: int):
    report, _permissions = access.get_report_for_user(request.user, pk, write=True)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        report.refresh_from_db()
        try:
            services.report_update(
                user=request.user, report=report, version=form.cleaned_data["version"], **data
            )
        except StaleEditError as error:
            keep_input_after_stale_edit(form, error)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Rapporten er lagret."))
            return redirect("evaluation_report:report", report.pk)
    return render(
        request,
        "evaluation_report/form.html",
        {
            "report": report,
            "form": form,
            "title": _("Rediger rapporten"),
            "submit": _("Lagre"),
        },
    )


@login_required
def narrative_edit(request, pk: int, key: str):
    report, _permissions = access.get_report_for_user(request.user, pk, write=True)
    keys = selectors.narrative_keys(report)
    if key not in keys:
        raise Http404
    section = NarrativeSection.objects.filter(report=report, key=key).first()
    initial = {
        "markdown": section.markdown if section else "",
        "version": section.version if section else 0,
    }
    form = NarrativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.narrative_save(
                user=request.user,
                report=report,
                key=key,
                markdown=form.cleaned_data["markdown"],
                version=form.cleaned_data["version"],
            )
        except StaleEditError as error:
            keep_input_after_stale_edit(form, error)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Teksten er lagret."))
            return redirect("evaluation_report:narratives", report.pk)
    return render(
        request,
        "evaluation_report/form.html",
        {
            "report": report,
            "form": form,
            "submit": _("Lagre teksten"),
            "title": _("Tekst til %(section)s") % {"section": keys[key]},
        },
    )


@login_required
def narratives(request, pk: int):
    report, permissions = access.get_report_for_user(request.user, pk, draft=True)
    texts = selectors.narratives_for(report)
    rows = [
        {"key": key, "title": title, "text": texts.get(key, "")}
        for key, title in selectors.narrative_keys(report).items()
    ]
    return render(
        request,
        "evaluation_report/narratives.html",
        {"report": report, "permissions": permissions, "rows": rows},
    )


@login_required
def recommendations(request, pk: int):
    report, permissions = access.get_report_for_user(request.user, pk, draft=True)
    # A large programme's findings are built by the worker, as on the draft page: the last
    # ones are shown meanwhile (decisions wait for the new ones), or the notice alone.
    document, job = draft_refresh.findings_for_decisions(
        report, language=report.language, reader=request.user
    )
    if document is not None:
        job = None  # the findings are current (the draft may be rebuilt for a decision made)
    else:
        document, job = draft_refresh.document_for_reader(
            report, language=report.language, reader=request.user
        )
    if document is None:
        return render(
            request,
            "evaluation_report/draft_pending.html",
            {
                "report": report,
                "job": job,
                "sees_job": sees_job(request.user, job),
                "page_title": _("Anbefalinger"),
            },
        )
    return render(
        request,
        "evaluation_report/recommendations.html",
        {
            "report": report,
            "permissions": permissions,
            "rows": selectors.proposals_for(report, document),
            "refreshing": job is not None,
            "job": job,
            "sees_job": sees_job(request.user, job),
            "history": selectors.decision_history(report),
            "form": DecisionForm(),
            "rules": selectors.rule_settings(report.programme),
        },
    )


@login_required
@require_POST
def recommendation_decide(request, pk: int, rule: str):
    report, _permissions = access.get_report_for_user(request.user, pk, write=True)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_decide(
                user=request.user, report=report, rule_code=rule, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Vurderingen er lagret."))
    else:
        messages.error(request, _("Velg en vurdering og skriv en begrunnelse."))
    return redirect(
        reverse("evaluation_report:recommendations", args=[report.pk]) + f"#rule-{rule}"
    )


@login_required
@require_POST
def publish(request, pk: int):
    report, _permissions = access.get_report_for_user(request.user, pk, write=True)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skjemaet var ugyldig. Last siden på nytt og prøv igjen."))
        return redirect("evaluation_report:report", report.pk)
    try:
        version = services.report_publish(
            user=request.user,
            report=report,
            note=form.cleaned_data["note"],
            version=form.cleaned_data["version"],
        )
    except StaleEditError as error:
        messages.error(request, str(error))
        return redirect("evaluation_report:report", report.pk)
    messages.success(request, _("Versjon %(n)s er publisert.") % {"n": version.number})
    return redirect("evaluation_report:version", report.pk, version.number)


@login_required
@require_POST
def generate(request, pk: int, number: int | None = None):
    report, permissions = access.get_report_for_user(request.user, pk)
    version = None
    if number is not None:
        version = get_object_or_404(report.versions, number=number)
    elif not permissions.read_draft:
        raise Http404
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Velg format og språk."))
        return redirect("evaluation_report:report", report.pk)
    try:
        job = services.job_create(
            user=request.user,
            report=report,
            fmt=form.cleaned_data["format"],
            version=version,
            language=form.cleaned_data["language"],
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    return redirect("jobs:detail", job.job_id)


@login_required
def job_detail(request, pk: int):
    """Old address of a generation's progress: the shared job page shows it now."""
    job, _permissions = access.get_job_for_user(request.user, pk)
    return redirect("jobs:detail", job.job_id)


@login_required
def job_download(request, pk: int):
    job, _permissions = access.get_job_for_user(request.user, pk)
    storage = private_storage()
    if not job.stored_name or not storage.exists(job.stored_name):
        raise Http404
    # FileResponse closes the file when the response is sent.
    return private_file_response(
        storage.open(job.stored_name, "rb"),
        filename=job.file_name(),
        content_type=CONTENT_TYPES[job.format],
    )


@login_required
def rules(request, programme_pk: int):
    from boligsosial.programmes.models import Programme

    programme = get_object_or_404(Programme, pk=programme_pk)
    can_edit = access.can_manage_rules(request.user, programme)
    if not (can_edit or access.can_read_rules(request.user, programme)):
        raise Http404
    settings = selectors.rule_settings(programme)
    errors = {}
    if request.method == "POST":
        if not can_edit:
            raise Http404
        code = request.POST.get("code", "")
        form = RuleForm(request.POST)
        if code not in {s.code for s in settings}:
            messages.error(request, _("Ukjent regel. Last siden på nytt og prøv igjen."))
        elif form.is_valid():
            try:
                services.rule_update(
                    user=request.user, programme=programme, code=code, **form.cleaned_data
                )
            except (ValidationError, StaleEditError) as error:
                errors[code] = (
                    str(error) if isinstance(error, StaleEditError) else " ".join(error.messages)
                )
            else:
                messages.success(request, _("Terskelen er lagret."))
                return redirect("evaluation_report:rules", programme.pk)
        else:
            errors[code] = " ".join(str(e) for errs in form.errors.values() for e in errs)
        settings = selectors.rule_settings(programme)
    return render(
        request,
        "evaluation_report/rules.html",
        {
            "programme": programme,
            "settings": settings,
            "can_edit": can_edit,
            "errors": errors,
        },
    )
