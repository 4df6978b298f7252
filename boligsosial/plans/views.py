"""Pages for goals, measures, results, evidence and the good-practice library. Thin views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.core import changes
from boligsosial.core.concurrency import StaleEditError
from boligsosial.core.downloads import private_file_response
from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.core.forms import keep_input_after_stale_edit
from boligsosial.core.stored_pages import stored_page
from boligsosial.plans import access as plan_access
from boligsosial.plans import selectors, services
from boligsosial.plans.forms import (
    FundingForm,
    GoalForm,
    LibraryForm,
    MeasureCreateForm,
    MeasureForm,
    MeasurementForm,
    ResultForm,
    StatusForm,
)
from boligsosial.plans.index_stored import stored_index_rows
from boligsosial.plans.models import Evidence, Funding, Goal, Result, TargetGroup
from boligsosial.plans.progress import PROGRESS_RULE_TEXT
from boligsosial.programmes import access
from boligsosial.programmes.models import Programme


def _programme(request):
    """The programme chosen with ?programme=, else the first the user takes part in."""
    ids = plan_access.programme_ids_for(request.user)
    programmes = Programme.objects.filter(pk__in=ids).order_by("name")
    chosen = request.GET.get("programme")
    programme = (
        programmes.filter(pk=chosen).first() if chosen and chosen.isdigit() else programmes.first()
    )
    return programme, programmes


@login_required
def index(request):
    return render(request, "plans/index.html", {"rows_html": stored_index_rows(request.user)})


@login_required
def participation_plan(request, pk: int):
    participation, can_edit = plan_access.get_participation_for_plan(request.user, pk)
    measures = selectors.measures_for(request.user, participation)
    return render(
        request,
        "plans/participation.html",
        {
            "participation": participation,
            "can_edit": can_edit,
            "goal_rows": selectors.flatten(selectors.goal_tree(participation, request.as_of)),
            "flags": selectors.goal_hierarchy_quality(participation),
            "measures": measures,
            "timeline": selectors.results_timeline(measures, request.as_of),
            "rule": PROGRESS_RULE_TEXT,
        },
    )


@login_required
def goal_edit(request, pk: int, goal_pk: int | None = None):
    participation, _can_edit = plan_access.get_participation_for_plan(
        request.user, pk, for_edit=True
    )
    goal = (
        plan_access.get_goal_for_user(request.user, pk, goal_pk, for_edit=True)[0]
        if goal_pk
        else None
    )
    initial = (
        {"level": request.GET.get("level"), "parent": request.GET.get("parent")}
        if not goal
        else None
    )
    form = GoalForm(
        request.POST or None, instance=goal, participation=participation, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version, national_goals = data.pop("version"), list(data.pop("national_goals"))
        data["position"] = data.get("position") or 0
        try:
            services.goal_save(
                user=request.user,
                participation=participation,
                goal=Goal.objects.get(pk=goal.pk) if goal else None,
                version=version,
                national_goals=national_goals,
                **data,
            )
        except StaleEditError as error:
            keep_input_after_stale_edit(form, error)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Målet er lagret."))
            return redirect("plans:participation", participation.pk)
    return render(
        request,
        "plans/goal_form.html",
        {
            "form": form,
            "participation": participation,
            "goal": goal,
            "measurement_form": MeasurementForm(prefix="m")
            if goal and goal.uses_custom_measure
            else None,
        },
    )


@login_required
@require_POST
def goal_delete(request, pk: int, goal_pk: int):
    goal, _can_edit = plan_access.get_goal_for_user(request.user, pk, goal_pk, for_edit=True)
    try:
        services.goal_delete(user=request.user, goal=goal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:goal_edit", pk, goal_pk)
    messages.success(request, _("Målet er slettet."))
    return redirect("plans:participation", pk)


@login_required
@require_POST
def measurement_add(request, pk: int, goal_pk: int):
    goal, _can_edit = plan_access.get_goal_for_user(request.user, pk, goal_pk, for_edit=True)
    form = MeasurementForm(request.POST, prefix="m")
    if form.is_valid():
        try:
            services.measurement_add(user=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Målingen er lagret."))
    else:
        messages.error(
            request, _("Målingen er ikke lagret. Oppgi dato og et tall, for eksempel 12,5.")
        )
    return redirect("plans:goal_edit", pk, goal_pk)


@login_required
def measure_create(request, pk: int):
    participation, _can_edit = plan_access.get_participation_for_plan(
        request.user, pk, for_edit=True
    )
    form = MeasureCreateForm(request.POST or None, participation=participation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version")
        try:
            measure = services.measure_save(
                user=request.user,
                participation=participation,
                goals=list(data.pop("goals")),
                **data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Tiltaket er lagret som utkast. Publiser det når andre kommuner kan lære av det."
                ),
            )
            return redirect("plans:measure", measure.pk)
    return render(
        request, "plans/measure_form.html", {"form": form, "participation": participation}
    )


@login_required
def measure_detail(request, pk: int):
    measure, can_edit = plan_access.get_measure_for_user(request.user, pk)
    measure = (
        selectors.with_details(type(measure).objects.filter(pk=measure.pk))
        .select_related("participation__municipality")
        .get()
    )
    return render(
        request,
        "plans/measure_detail.html",
        {
            "measure": measure,
            "participation": measure.participation,
            "can_edit": can_edit,
            "status_form": StatusForm(prefix="status"),
            "funding_form": FundingForm(prefix="funding"),
            "can_see_participation": access.visible_participations(request.user)
            .filter(pk=measure.participation_id)
            .exists(),
        },
    )


@login_required
def measure_edit(request, pk: int):
    measure, _can_edit = plan_access.get_measure_for_user(request.user, pk, for_edit=True)
    participation = measure.participation
    form = MeasureForm(request.POST or None, instance=measure, participation=participation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.measure_save(
                user=request.user,
                participation=participation,
                measure=type(measure).objects.get(pk=measure.pk),
                version=version,
                goals=list(data.pop("goals")),
                **data,
            )
        except StaleEditError as error:
            keep_input_after_stale_edit(form, error)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("plans:measure", measure.pk)
    return render(
        request,
        "plans/measure_form.html",
        {"form": form, "participation": participation, "measure": measure},
    )


@login_required
@require_POST
def measure_status(request, pk: int):
    measure, _can_edit = plan_access.get_measure_for_user(request.user, pk, for_edit=True)
    form = StatusForm(request.POST, prefix="status")
    if form.is_valid():
        try:
            services.measure_set_status(user=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Statusen er registrert."))
    else:
        messages.error(request, _("Statusen er ikke lagret. Velg status og dato."))
    return redirect("plans:measure", pk)


@login_required
@require_POST
def measure_publish(request, pk: int):
    measure, _can_edit = plan_access.get_measure_for_user(request.user, pk, for_edit=True)
    publish = request.POST.get("published") == "1"
    try:
        services.measure_publish(user=request.user, measure=measure, published=publish)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Tiltaket er publisert i erfaringsbanken.")
            if publish
            else _("Tiltaket er gjort om til utkast og vises bare for kommunen og Husbanken."),
        )
    return redirect("plans:measure", pk)


@login_required
@require_POST
def measure_delete(request, pk: int):
    measure, _can_edit = plan_access.get_measure_for_user(request.user, pk, for_edit=True)
    participation_pk = measure.participation_id
    services.measure_delete(user=request.user, measure=measure)
    messages.success(request, _("Tiltaket er slettet."))
    return redirect("plans:participation", participation_pk)


@login_required
@require_POST
def funding_add(request, pk: int):
    measure, _can_edit = plan_access.get_measure_for_user(request.user, pk, for_edit=True)
    form = FundingForm(request.POST, prefix="funding")
    if form.is_valid():
        try:
            services.funding_add(user=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Finansieringen er lagt til."))
    else:
        messages.error(
            request, _("Finansieringen er ikke lagret. Velg kilde, og skriv år og beløp som tall.")
        )
    return redirect("plans:measure", pk)


@login_required
@require_POST
def funding_remove(request, pk: int, funding_pk: int):
    measure, _can_edit = plan_access.get_measure_for_user(request.user, pk, for_edit=True)
    services.funding_remove(
        user=request.user, funding=get_object_or_404(Funding, pk=funding_pk, measure=measure)
    )
    messages.success(request, _("Finansieringen er fjernet."))
    return redirect("plans:measure", pk)


@login_required
def result_create(request, pk: int):
    measure, _can_edit = plan_access.get_measure_for_user(request.user, pk, for_edit=True)
    form = ResultForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            services.result_add(
                user=request.user, measure=measure, files=[upload] if upload else [], **data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Resultatet er lagret."))
            return redirect("plans:measure", measure.pk)
    return render(
        request,
        "plans/result_form.html",
        {"form": form, "measure": measure, "participation": measure.participation},
    )


@login_required
@require_POST
def result_delete(request, pk: int, result_pk: int):
    measure, _can_edit = plan_access.get_measure_for_user(request.user, pk, for_edit=True)
    services.result_delete(
        user=request.user, result=get_object_or_404(Result, pk=result_pk, measure=measure)
    )
    messages.success(request, _("Resultatet er slettet."))
    return redirect("plans:measure", pk)


@login_required
@require_POST
def evidence_add(request, pk: int, result_pk: int):
    measure, _can_edit = plan_access.get_measure_for_user(request.user, pk, for_edit=True)
    result = get_object_or_404(Result, pk=result_pk, measure=measure)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Velg en fil å laste opp."))
        return redirect("plans:measure", pk)
    try:
        services.evidence_add(user=request.user, result=result, uploaded=upload)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Dokumentasjonen er lastet opp."))
    return redirect("plans:measure", pk)


@login_required
@require_POST
def evidence_delete(request, pk: int, evidence_pk: int):
    measure, _can_edit = plan_access.get_measure_for_user(request.user, pk, for_edit=True)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, result__measure=measure)
    services.evidence_delete(user=request.user, evidence=evidence)
    messages.success(request, _("Dokumentasjonen er slettet."))
    return redirect("plans:measure", pk)


@login_required
def evidence_download(request, pk: int):
    evidence = Evidence.objects.select_related("result__measure").filter(pk=pk).first()
    if (
        evidence is None
        or not plan_access.can_see_evidence(request.user, evidence)
        or not evidence.file_exists()
    ):
        raise Http404
    return private_file_response(
        evidence.open_file(),
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


# What the library shows: measures with their results, the programmes and participations they
# belong to, the municipalities (names, population for the size filter) and the users' names.
LIBRARY_APPS = ("municipalities", "programmes", "plans")


@login_required
def library(request):
    """The good-practice library, drawn once per reader and query while its data are the same
    (a national programme's hundred hits with their details: about 60 ms to draw)."""
    return stored_page(
        request,
        ("plans.library",),
        fingerprint=changes.fingerprint((*changes.tables_of(*LIBRARY_APPS), changes.user_table())),
        draw=lambda context: _draw_library(request, context),
    )


def _draw_library(request, context: dict):
    programme, programmes = _programme(request)
    # (id, name) of each participating municipality: no model objects for a list of 357.
    municipalities = (
        programme.participations.values_list("municipality_id", "municipality__name")
        if programme
        else []
    )
    form = LibraryForm(
        request.GET or None, municipalities=sorted(municipalities, key=lambda m: m[1])
    )
    results = []
    if programme and form.is_valid():
        data = form.cleaned_data
        results = selectors.library_search(
            request.user,
            programme=programme,
            text=data["q"],
            target_group=data["target_group"],
            method=data["method"],
            status=data["status"],
            size=data["size"],
            municipality_id=int(data["municipality"]) if data["municipality"] else None,
        )
    elif programme and not form.is_bound:
        results = selectors.library_search(request.user, programme=programme)
    return render(
        request,
        "plans/library.html",
        {
            "form": form,
            "results": results,
            "programme": programme,
            "programmes": programmes,
            "searched": form.is_bound,
            **context,
        },
    )


@login_required
def target_groups(request):
    programme, programmes = _programme(request)
    chosen = request.GET.get("target_group") or TargetGroup.YOUTH
    if chosen not in TargetGroup.values:
        raise Http404
    # Only measures the user may see count here; drafts of other municipalities stay hidden.
    visible = {}
    counts = {}
    if programme:
        for code in TargetGroup.values:
            grouped = selectors.started_measures_for_target_group(
                programme, target_group=code, as_of=request.as_of, user=request.user
            )
            counts[code] = len(grouped)
            if code == chosen:
                visible = grouped
    return render(
        request,
        "plans/target_groups.html",
        {
            "programme": programme,
            "programmes": programmes,
            "chosen": TargetGroup(chosen),
            "visible": visible,
            "groups": [(TargetGroup(code), counts.get(code)) for code in TargetGroup.values],
            "total": programme.participations.count() if programme else 0,
        },
    )
