"""Pages for the follow-up log and the learning arenas. Thin: parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligsosial.core.concurrency import StaleEditError
from boligsosial.core.forms import apply_validation_error as _apply_errors
from boligsosial.core.forms import keep_input_after_stale_edit
from boligsosial.followup import access as followup_access
from boligsosial.followup import selectors, services
from boligsosial.followup.forms import (
    ActionForm,
    ActionStatusForm,
    ArenaForm,
    AttendanceForm,
    FeedbackForm,
    MeetingForm,
    ParticipantFormSet,
)
from boligsosial.followup.index_stored import stored_index_rows
from boligsosial.followup.models import ActionStatus, AgreedAction
from boligsosial.programmes import access
from boligsosial.programmes.models import Programme


def _programmes(user):
    ids = access.visible_participations(user).values_list("programme_id", flat=True)
    return Programme.objects.filter(pk__in=ids).order_by("name")


@login_required
def index(request):
    rows_html = stored_index_rows(request.user, request.as_of)
    return render(request, "followup/index.html", {"rows_html": rows_html})


@login_required
def participation_log(request, pk: int):
    participation, can_edit = followup_access.get_participation_for_log(request.user, pk)
    return render(
        request,
        "followup/participation.html",
        {
            "participation": participation,
            "can_edit": can_edit,
            "contact": selectors.contact_status(participation, request.as_of),
            "annual": selectors.annual_meetings(participation, as_of=request.as_of),
            "meetings": selectors.meeting_log(participation, request.as_of),
        },
    )


@login_required
def meeting_edit(request, pk: int, meeting_pk: int | None = None):
    participation, _can_edit = followup_access.get_participation_for_log(
        request.user, pk, for_edit=True
    )
    meeting = (
        followup_access.get_meeting_for_user(request.user, pk, meeting_pk, for_edit=True)[0]
        if meeting_pk
        else None
    )
    initial = (
        [{"role": p.role, "name": p.name} for p in meeting.participants.all()] if meeting else None
    )
    form = MeetingForm(request.POST or None, instance=meeting)
    formset = ParticipantFormSet(request.POST or None, prefix="p", initial=initial)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        participants = [
            (f.cleaned_data.get("role"), f.cleaned_data.get("name", ""))
            for f in formset
            if f.cleaned_data.get("role")
        ]
        try:
            saved = services.meeting_save(
                user=request.user,
                participation=participation,
                meeting=type(meeting).objects.get(pk=meeting.pk) if meeting else None,
                version=version,
                participants=participants,
                **data,
            )
        except StaleEditError as error:
            keep_input_after_stale_edit(form, error)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Møtet er lagret."))
            return redirect("followup:meeting", participation.pk, saved.pk)
    return render(
        request,
        "followup/meeting_form.html",
        {
            "form": form,
            "formset": formset,
            "participation": participation,
            "meeting": meeting,
        },
    )


@login_required
def meeting_detail(request, pk: int, meeting_pk: int):
    meeting, can_edit = followup_access.get_meeting_for_user(request.user, pk, meeting_pk)
    return render(
        request,
        "followup/meeting_detail.html",
        {
            "meeting": meeting,
            "participation": meeting.participation,
            "can_edit": can_edit,
            "action_form": ActionForm(prefix="action"),
            "action_statuses": ActionStatus.choices,
        },
    )


@login_required
@require_POST
def meeting_delete(request, pk: int, meeting_pk: int):
    meeting, _can_edit = followup_access.get_meeting_for_user(
        request.user, pk, meeting_pk, for_edit=True
    )
    services.meeting_delete(user=request.user, meeting=meeting)
    messages.success(request, _("Møtet er slettet."))
    return redirect("followup:participation", pk)


@login_required
@require_POST
def action_add(request, pk: int, meeting_pk: int):
    meeting, _can_edit = followup_access.get_meeting_for_user(
        request.user, pk, meeting_pk, for_edit=True
    )
    form = ActionForm(request.POST, prefix="action")
    if form.is_valid():
        try:
            services.action_add(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Oppfølgingspunktet er lagt til."))
    else:
        messages.error(
            request,
            _(
                "Oppfølgingspunktet er ikke lagret. Skriv hva som er avtalt og hvem som er ansvarlig."
            ),
        )
    return redirect("followup:meeting", pk, meeting_pk)


@login_required
@require_POST
def action_status(request, pk: int, meeting_pk: int, action_pk: int):
    meeting, _can_edit = followup_access.get_meeting_for_user(
        request.user, pk, meeting_pk, for_edit=True
    )
    action = get_object_or_404(AgreedAction, pk=action_pk, meeting=meeting)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_set_status(user=request.user, action=action, **form.cleaned_data)
        except StaleEditError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Statusen er oppdatert."))
    return redirect("followup:meeting", pk, meeting_pk)


# Learning arenas ----------------------------------------------------------------------


@login_required
def arenas(request):
    programmes = _programmes(request.user)
    chosen = request.GET.get("programme")
    programme = (
        programmes.filter(pk=chosen).first() if chosen and chosen.isdigit() else programmes.first()
    )
    data = selectors.attendance(programme, as_of=request.as_of) if programme else None
    return render(
        request,
        "followup/arenas.html",
        {
            "programme": programme,
            "programmes": programmes,
            "data": data,
            "chart": selectors.attendance_chart(data) if data and data.years else None,
            "can_manage": followup_access.can_manage_arenas(request.user),
        },
    )


@login_required
def arena_edit(request, arena_pk: int | None = None):
    if not followup_access.can_manage_arenas(request.user):
        raise Http404
    arena = (
        followup_access.get_arena_for_user(request.user, arena_pk, for_manage=True)
        if arena_pk
        else None
    )
    programmes = _programmes(request.user)
    programme = (
        arena.programme
        if arena
        else programmes.filter(pk=request.GET.get("programme") or 0).first() or programmes.first()
    )
    if programme is None:
        raise Http404
    form = ArenaForm(request.POST or None, instance=arena)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            saved = services.arena_save(
                user=request.user,
                programme=programme,
                arena=type(arena).objects.get(pk=arena.pk) if arena else None,
                version=version,
                **data,
            )
        except StaleEditError as error:
            keep_input_after_stale_edit(form, error)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Læringsarenaen er lagret."))
            return redirect("followup:arena", saved.pk)
    return render(
        request, "followup/arena_form.html", {"form": form, "arena": arena, "programme": programme}
    )


def _feedback_participations(user, arena):
    qs = arena.programme.participations.select_related("municipality").order_by(
        "municipality__name"
    )
    return [p for p in qs if followup_access.can_give_feedback(user, p)]


@login_required
def arena_detail(request, arena_pk: int):
    arena = followup_access.get_arena_for_user(request.user, arena_pk)
    participations = list(
        arena.programme.participations.select_related("municipality").order_by("municipality__name")
    )
    feedback_for = _feedback_participations(request.user, arena)
    return render(
        request,
        "followup/arena_detail.html",
        {
            "arena": arena,
            "attendance": arena.attendance.select_related("participation__municipality"),
            "feedback": _feedback_shown_to(request.user, arena),
            "can_manage": followup_access.can_manage_arenas(request.user),
            "attendance_form": AttendanceForm(prefix="att", participations=participations),
            "feedback_form": FeedbackForm(prefix="fb", participations=feedback_for)
            if feedback_for
            else None,
        },
    )


def _feedback_shown_to(user, arena) -> list[dict]:
    """Every score; the municipality and its comment only where the user may read them."""
    shown = []
    for f in arena.feedback.select_related("participation__municipality").order_by("id"):
        whole = followup_access.can_read_feedback_of(user, f.participation)
        shown.append(
            {
                "score": f.score,
                "participation": f.participation if whole else None,
                "comment": f.comment if whole else "",
            }
        )
    return shown


@login_required
@require_POST
def attendance_set(request, arena_pk: int):
    arena = followup_access.get_arena_for_user(request.user, arena_pk, for_manage=True)
    participations = list(arena.programme.participations.select_related("municipality"))
    form = AttendanceForm(request.POST, prefix="att", participations=participations)
    if form.is_valid():
        participation = next(
            p for p in participations if str(p.pk) == form.cleaned_data["participation"]
        )
        try:
            services.attendance_set(
                user=request.user,
                arena=arena,
                participation=participation,
                persons=form.cleaned_data["persons"],
                roles=form.cleaned_data["roles"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Deltakelsen er lagret."))
    else:
        messages.error(
            request,
            _(
                "Deltakelsen er ikke lagret. Velg kommune og skriv antall deltakere som et helt tall."
            ),
        )
    return redirect("followup:arena", arena.pk)


@login_required
@require_POST
def feedback_add(request, arena_pk: int):
    arena = followup_access.get_arena_for_user(request.user, arena_pk)
    participations = _feedback_participations(request.user, arena)
    if not participations:
        raise Http404
    form = FeedbackForm(request.POST, prefix="fb", participations=participations)
    if form.is_valid():
        participation = next(
            p for p in participations if str(p.pk) == form.cleaned_data["participation"]
        )
        try:
            services.feedback_add(
                user=request.user,
                arena=arena,
                participation=participation,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Takk for tilbakemeldingen."))
    else:
        messages.error(
            request, _("Tilbakemeldingen er ikke lagret. Velg en vurdering fra 1 til 5.")
        )
    return redirect("followup:arena", arena.pk)
