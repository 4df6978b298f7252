"""Who may see and change instrument figures, frames, applications and analyses.

Built on `accounts.access`. Decisions, one per line:

- Figures per municipality are Husbanken's data. Husbanken staff, evaluators and viewers
  read all of them; a municipal user reads only figures for their own municipality (in any
  structure it has had). Only a Husbanken administrator imports or edits figures, frames
  and statistics.
- Aggregated programme analyses (growth, shares, comparison, effect estimate) are visible
  to everyone who can see the programme. The per-municipality rows behind them are shown
  in full to those who read the whole programme; a municipal user sees the totals and the
  row for their own municipality.
- Grant applications: a municipal user sees and writes their own municipality's
  applications and submits them; Husbanken admin and the participation's programme contact
  decide, record payments and follow up the final report; evaluators and viewers read.
- Anything a user may not see is answered with 404, the same as a missing object.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from boligsosial.accounts.models import User
from boligsosial.programmes import access as base


def is_active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_use_instruments(user: User) -> bool:
    """The instruments pages at all: anyone who reads the programme or is a municipal user."""
    return base.reads_whole_programme(user) or (
        is_active(user) and user.is_municipal and bool(user.municipality_id)
    )


def sees_all_municipalities(user: User) -> bool:
    return base.reads_whole_programme(user)


def can_manage_data(user: User) -> bool:
    """Import and edit figures, frames, region membership and statistics."""
    return base.is_husbanken_admin(user)


def own_codes_at(user: User, at: dt.date) -> set[str]:
    """The codes the user's municipality corresponds to at `at` (empty for non-municipal users)."""
    if not (is_active(user) and user.is_municipal and user.municipality_id):
        return set()
    from boligsosial.municipalities.selectors import CodeError, codes_valid_at

    code = user.municipality.code  # type: ignore[union-attr]  # municipality_id checked
    try:
        return set(codes_valid_at(code, at)) | {code}
    except CodeError:
        return {code}


def own_lineage(user: User, years) -> set[str]:
    """Every code the user's municipality had in these years (mid-year), for its own figures."""
    if not (is_active(user) and user.is_municipal and user.municipality_id):
        return set()
    from boligsosial.municipalities.selectors import CodeError, codes_valid_at, load_code_history

    codes: set[str] = set()
    own = user.municipality.code  # type: ignore[union-attr]  # municipality_id checked
    history = load_code_history()
    for year in years:
        try:
            codes.update(codes_valid_at(own, dt.date(year, 7, 1), history=history))
        except CodeError:
            continue
    return codes


def can_see_code(user: User, code: str, at: dt.date) -> bool:
    """Figures filed under or mapped to `code` (a code valid at `at`)."""
    if sees_all_municipalities(user):
        return True
    return code in own_codes_at(user, at)


def visible_programmes(user: User) -> QuerySet:
    from boligsosial.programmes.models import Programme

    if not is_active(user):
        return Programme.objects.none()
    if base.reads_whole_programme(user):
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=base.visible_participations(user).values("programme_id"))


def get_programme_for_user(user: User, pk: int | None):
    """The programme to analyse (the first visible one when pk is None), or 404."""
    qs = visible_programmes(user).order_by("name")
    programme = qs.filter(pk=pk).first() if pk else qs.first()
    if programme is None:
        raise Http404
    return programme


def redact_rows(user: User, result, at: dt.date):
    """Hide the per-municipality rows a municipal user may not see; totals stay."""
    if sees_all_municipalities(user):
        return result
    own = own_codes_at(user, at)
    for row in result.rows:
        row.hidden = not (set(row.codes) & own)
    return result


# Applications -------------------------------------------------------------------------


def visible_applications(user: User) -> QuerySet:
    from boligsosial.instruments.models import GrantApplication

    participations = base.visible_participations(user)
    return GrantApplication.objects.select_related(
        "participation__municipality", "participation__programme", "decided_by"
    ).filter(participation__in=participations)


def can_apply_for(user: User, participation) -> bool:
    """Write and submit the municipality's application: its own users, and Husbanken on its behalf."""
    return base.can_edit_organisation(user, participation)


def can_decide(user: User, application) -> bool:
    return base.can_edit_participation(user, application.participation)


def can_edit_application(user: User, application) -> bool:
    return application.is_open_for_applicant and can_apply_for(user, application.participation)


def get_application_for_user(user: User, pk: int):
    """Return (application, can_edit, can_decide) or raise Http404."""
    application = visible_applications(user).prefetch_related("payments").filter(pk=pk).first()
    if application is None:
        raise Http404
    return application, can_edit_application(user, application), can_decide(user, application)


def participations_user_can_apply_for(user: User) -> QuerySet:
    participations = base.visible_participations(user)
    return participations.filter(pk__in=[p.pk for p in participations if can_apply_for(user, p)])
