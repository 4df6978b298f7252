"""Overview, indicator catalogue, periods, trend and the programme table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from boligsosial.core.stored_pages import splice, stored_page
from boligsosial.programmes import access as base_access
from boligsosial.reporting import access, forms, selectors, services
from boligsosial.reporting.models import Indicator, IndicatorGroup, Report, ReportingPeriod
from boligsosial.reporting.views.common import _indicator_choices, _messages_of, _programmes


def _own_reports(user, programme, periods) -> list[dict]:
    """A municipal reader's own participations with their report (or none) per period."""
    own = base_access.visible_participations(user).filter(programme=programme)
    reports = {
        (r.participation_id, r.period_id): r for r in Report.objects.filter(participation__in=own)
    }
    return [
        {
            "participation": part,
            "can_fill": access.can_fill_in(user, part),
            "cells": [(p, reports.get((part.pk, p.pk))) for p in periods],
        }
        for part in own
    ]


@login_required
def index(request):
    programmes = []
    for programme in _programmes(request.user):
        rows = selectors.stored_completeness(programme)
        own = []
        if request.user.is_municipal:
            own = _own_reports(request.user, programme, [row["period"] for row in rows])
        programmes.append({"programme": programme, "periods": rows, "own": own})
    return render(
        request,
        "reporting/index.html",
        {
            "programmes": programmes,
            "queue": selectors.review_queue(request.user)
            if base_access.is_husbanken(request.user)
            else [],
            "can_manage": access.can_manage_reporting(request.user),
            "can_export": access.can_export_programme(request.user),
            "can_import": access.can_import(request.user),
        },
    )


# Catalogue ---------------------------------------------------------------------------


@login_required
def catalogue(request):
    indicators = list(
        Indicator.objects.prefetch_related("dimensions__options").order_by(
            "order", "code", "-version"
        )
    )
    groups = {}
    for indicator in indicators:
        groups.setdefault(IndicatorGroup(indicator.group).label, []).append(indicator)
    return render(request, "reporting/catalogue.html", {"groups": groups})


@login_required
def indicator_detail(request, code: str):
    versions = list(
        Indicator.objects.filter(code=code)
        .prefetch_related("dimensions__options")
        .order_by("-version")
    )
    if not versions:
        raise Http404
    current = next((v for v in versions if v.is_current), versions[0])
    form = None
    if access.can_manage_reporting(request.user):
        form = forms.IndicatorVersionForm(
            request.POST or None,
            initial={
                "name_nb": current.name_nb,
                "name_en": current.name_en,
                "definition": current.definition,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.indicator_new_version(
                    user=request.user, indicator=current, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, _messages_of(error))
            else:
                messages.success(
                    request,
                    _(
                        "Ny versjon av indikatoren er lagret. Tidligere rapporterte tall beholder sin versjon."
                    ),
                )
                return redirect("reporting:indicator", code)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "reporting/indicator.html",
        {"versions": versions, "current": current, "form": form},
    )


# Periods -----------------------------------------------------------------------------


@login_required
def periods(request, programme_pk: int):
    programme = access.get_programme_for_user(request.user, programme_pk)
    can_manage = access.can_manage_reporting(request.user)
    form = forms.PeriodForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:  # only a manager has the form
            raise Http404
        if form.is_valid():
            try:
                services.period_create(user=request.user, programme=programme, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in (
                    error.message_dict.items()
                    if hasattr(error, "error_dict")
                    else [(None, error.messages)]
                ):
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Perioden er opprettet."))
                return redirect("reporting:periods", programme.pk)
    return render(
        request,
        "reporting/periods.html",
        {
            "programme": programme,
            "form": form,
            "can_manage": can_manage,
            "periods": programme.reporting_periods.select_related("template").order_by(
                "-start", "kind"
            ),
            "settings": services.programme_settings(programme),
        },
    )


@login_required
def period_deadline(request, period_pk: int):
    period = get_object_or_404(ReportingPeriod.objects.select_related("programme"), pk=period_pk)
    access.get_programme_for_user(request.user, period.programme_id)
    if not access.can_manage_reporting(request.user):
        raise Http404
    form = forms.DeadlineForm(request.POST or None, initial={"deadline": period.deadline})
    if request.method == "POST" and form.is_valid():
        try:
            services.period_set_deadline(user=request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("deadline", _messages_of(error))
        else:
            messages.success(request, _("Fristen er endret."))
            return redirect("reporting:periods", period.programme_id)
    return render(
        request,
        "reporting/simple_form.html",
        {
            "form": form,
            "title": _("Endre frist for %(period)s") % {"period": period.label},
            "back": ("reporting:periods", period.programme_id),
            "submit": _("Lagre frist"),
        },
    )


@login_required
def trend(request, pk: int):
    participation, _can_edit = base_access.get_participation_for_user(request.user, pk)
    indicators = _indicator_choices()
    code = request.GET.get("indikator") or indicators[0].code
    option = request.GET.get("kategori") or None
    if selectors.indicator_for(code) is None:
        raise Http404
    indicator, points, chart = selectors.trend(
        participation, code, until=request.as_of, disaggregation=option
    )
    return render(
        request,
        "reporting/trend.html",
        {
            "participation": participation,
            "indicators": indicators,
            "indicator": indicator,
            "points": points,
            "chart": chart,
            "option": option,
        },
    )


@login_required
def programme_table(request, programme_pk: int):
    """One indicator for every municipality and period. The page around the table is drawn
    once per reader and query while the catalogue is the same (`core.stored_pages`); the
    table's section is stored until its data change (`selectors.stored_programme_table`),
    so after an import only the table is made again (issue 14)."""
    programme = access.get_programme_for_user(request.user, programme_pk)
    fingerprints = selectors.table_fingerprints()  # every fingerprint the page needs: one query
    indicators = selectors.stored_indicator_choices(fingerprints.catalogue)
    code = request.GET.get("indikator") or indicators[0].code
    option = request.GET.get("kategori") or None
    per_year = request.GET.get("per") == "aar"
    table = selectors.stored_programme_table(
        programme,
        code,
        user=request.user,
        disaggregation=option,
        per_year=per_year,
        catalogue=indicators,
        fingerprints=fingerprints,
    )
    if table is None:
        raise Http404

    def draw(context: dict):
        return render(
            request,
            "reporting/programme_table.html",
            {
                "indicator": table.indicator,
                "indicators": indicators,
                # The category list: from the stored catalogue (read with its categories), not
                # from the table's indicator (two more queries after every change of data).
                "categories_of": next((i for i in indicators if i.pk == table.indicator.pk), None)
                or table.indicator,
                "per_year": per_year,
                "option": option or "",
                "table_section": mark_safe(TABLE_MARK),  # the stored section is put in below
                **context,
            },
        )

    response = stored_page(
        request, ("reporting.programme-table",), fingerprint=fingerprints.page, draw=draw
    )
    response.content = splice(response.content, {TABLE_MARK: table.section})
    return response


TABLE_MARK = "<!--bs-programme-table-->"
