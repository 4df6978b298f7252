"""Analysis pages: overview, growth, frame share, comparison, effect, figures, series.
Every analysis page also answers ?format=csv."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from boligsosial.core.forms import show_used
from boligsosial.instruments import access, forms, selectors
from boligsosial.instruments.models import Instrument, Measure
from boligsosial.instruments.selectors.growth import baseline_words, programme_baseline
from boligsosial.instruments.views.common import (
    chosen_programme,
    csv_response,
    default_to_year,
    require_user,
    wants_csv,
)

# Overview and growth ----------------------------------------------------------------------


@login_required
def index(request):
    require_user(request)
    programmes = list(access.visible_programmes(request.user).order_by("name"))
    form = forms.OverviewForm(request.GET or None, programmes=programmes)
    context = {"form": form, "programme": None}
    if programmes:
        programme = chosen_programme(request, form)
        to_year = form.value("to_year", default_to_year(request.as_of))
        baseline = form.value("baseline", None) or programme_baseline(programme)
        structure = form.value("structure", None)
        key = {}
        for name, instrument in (
            ("start_loans", Instrument.START_LOAN),
            ("establishment", Instrument.ESTABLISHMENT_GRANT),
        ):
            result = selectors.growth(
                programme=programme,
                instrument=instrument,
                to_year=to_year,
                baseline_year=baseline,
                as_of=request.as_of,
                structure_date=structure,
            )
            _note_baseline(result, programme)
            key[name] = access.redact_rows(request.user, result, result.structure_date)
        share = selectors.frame_share(
            programme=programme,
            instrument=Instrument.COMPETENCE_GRANT,
            year=to_year,
            as_of=request.as_of,
        )
        key["share"] = access.redact_rows(
            request.user, share, selectors.default_structure_date(to_year)
        )
        which = request.GET.get("tabell")
        if wants_csv(request) and which in key:
            return csv_response(f"{which}-{to_year}.csv", key[which].csv_rows())
        context.update(key)
        context.update({"programme": programme, "to_year": to_year})
        show_used(form, to_year=to_year)
    return render(request, "instruments/index.html", context)


def _note_baseline(result, programme) -> None:
    """Say which base the growth is computed from, in words (the report uses the same)."""
    if result.baseline_year is not None and result.baseline_year == programme_baseline(programme):
        result.baseline_note = baseline_words(result.baseline_year)


@login_required
def growth(request):
    require_user(request)
    programmes = list(access.visible_programmes(request.user).order_by("name"))
    form = forms.GrowthForm(request.GET or None, programmes=programmes)
    programme = chosen_programme(request, form)
    to_year = form.value("to_year", default_to_year(request.as_of))
    result = selectors.growth(
        programme=programme,
        instrument=form.value("instrument", Instrument.START_LOAN),
        to_year=to_year,
        baseline_year=form.value("baseline", None) or programme_baseline(programme),
        as_of=request.as_of,
        measure=form.value("measure", Measure.AMOUNT),
        structure_date=form.value("structure", None),
    )
    _note_baseline(result, programme)
    access.redact_rows(request.user, result, result.structure_date)
    show_used(form, to_year=to_year, instrument=result.instrument, measure=result.measure)
    if wants_csv(request):
        return csv_response(f"vekst-{result.instrument}-{to_year}.csv", result.csv_rows())
    return render(
        request, "instruments/growth.html", {"form": form, "result": result, "programme": programme}
    )


@login_required
def share(request):
    require_user(request)
    programmes = list(access.visible_programmes(request.user).order_by("name"))
    form = forms.ShareForm(request.GET or None, programmes=programmes)
    programme = chosen_programme(request, form)
    to_year = form.value("to_year", default_to_year(request.as_of))
    from_year = min(form.value("from_year", to_year - 3), to_year)
    instrument = form.value("instrument", Instrument.COMPETENCE_GRANT)
    results = selectors.share_series(
        programme=programme,
        instrument=instrument,
        years=range(from_year, to_year + 1),
        as_of=request.as_of,
    )
    for result in results:
        access.redact_rows(request.user, result, selectors.default_structure_date(result.year))
    show_used(form, from_year=from_year, to_year=to_year, instrument=instrument)
    if wants_csv(request):
        rows = [results[0].csv_rows()[0]] + [row for r in results for row in r.csv_rows()[1:]]
        return csv_response(f"andel-{instrument}-{from_year}-{to_year}.csv", rows)
    return render(
        request,
        "instruments/share.html",
        {
            "form": form,
            "results": results,
            "chart": selectors.share_chart(results),
            "programme": programme,
            "latest": results[-1],
        },
    )


@login_required
def comparison(request):
    require_user(request)
    programmes = list(access.visible_programmes(request.user).order_by("name"))
    form = forms.ComparisonForm(request.GET or None, programmes=programmes)
    programme = chosen_programme(request, form)
    to_year = form.value("to_year", default_to_year(request.as_of))
    from_year = min(form.value("from_year", to_year - 3), to_year)
    result = selectors.comparison(
        programme=programme,
        instrument=form.value("instrument", Instrument.HOUSING_ALLOWANCE),
        years=range(from_year, to_year + 1),
        as_of=request.as_of,
        measure=form.value("measure", Measure.COUNT),
    )
    show_used(
        form,
        from_year=from_year,
        to_year=to_year,
        instrument=result.instrument,
        measure=result.measure,
    )
    if wants_csv(request):
        return csv_response(f"sammenligning-{result.instrument}.csv", result.csv_rows())
    return render(
        request,
        "instruments/comparison.html",
        {"form": form, "result": result, "programme": programme},
    )


def _stored_did(*, programme, instrument, pre_years, post_years, as_of, measure, per_thousand):
    """The estimate stored until the registry, the participations or the instruments' figures
    change (issue 14): the same for every reader who may open the programme."""
    from django.utils.translation import get_language

    from boligsosial.core.changes import tables_of
    from boligsosial.core.stored import remember

    parameters = dict(
        programme=programme,
        instrument=instrument,
        pre_years=pre_years,
        post_years=post_years,
        as_of=as_of,
        measure=measure,
        per_thousand=per_thousand,
    )
    key = (
        "instruments.did",
        getattr(programme, "pk", None),
        instrument,
        tuple(pre_years),
        tuple(post_years),
        as_of.isoformat(),
        measure,
        bool(per_thousand),
        get_language(),
    )
    tables = tables_of("municipalities", "programmes", "instruments")
    return remember(key, tables, lambda: selectors.did_estimate(**parameters))


def _chosen(form, programmes):
    """As `chosen_programme`, from the list already read: a valid choice is one of them."""
    if not programmes:
        raise Http404
    pk = form.value("programme", None) if form.is_bound else None
    return next((p for p in programmes if p.pk == pk), programmes[0])


def _stored_filter(form) -> str:
    """The filter form drawn (its selects cost about half of a warm request), stored under
    everything it shows: each field's value, the reader's programmes (their ids and names
    are the key, so no table's fingerprint is needed) and the language. A form with errors
    is drawn each time: its input is anything anyone typed."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    from boligsosial.core.stored import MISSING, key_for, lookup, store

    def draw() -> str:
        return render_to_string("instruments/_filter.html", {"form": form})

    if form.errors:
        return draw()
    shown = tuple((name, str(form[name].value())) for name in form.fields)
    programmes = tuple(form.fields["programme"].choices)
    key = key_for(("instruments.did-filter", shown, programmes, get_language()), "")
    html = lookup(key)
    if html is MISSING:
        html = draw()
        store(key, html)
    return mark_safe(html)  # drawn by the template, which escapes


@login_required
def did(request):
    require_user(request)
    programmes = list(access.visible_programmes(request.user).order_by("name"))
    form = forms.DidForm(request.GET or None, programmes=programmes)
    programme = _chosen(form, programmes)
    pre = range(form.value("pre_from", 2008), form.value("pre_to", 2009) + 1)
    post = range(form.value("post_from", 2010), form.value("post_to", 2011) + 1)
    if not pre or not post or (form.is_bound and not form.is_valid()):
        pre, post = range(2008, 2010), range(2010, 2012)
    result = _stored_did(
        programme=programme,
        instrument=form.value("instrument", Instrument.START_LOAN),
        pre_years=pre,
        post_years=post,
        as_of=request.as_of,
        measure=form.value("measure", Measure.AMOUNT),
        per_thousand=form.value("per_thousand", True),
    )
    show_used(
        form,
        pre_from=pre[0],
        pre_to=pre[-1],
        post_from=post[0],
        post_to=post[-1],
        instrument=result.instrument,
        measure=result.measure,
    )
    if wants_csv(request):
        if not access.sees_all_municipalities(request.user):
            raise Http404  # the panel is per municipality
        return csv_response(f"effekt-{result.instrument}.csv", result.csv_rows())
    return render(
        request,
        "instruments/did.html",
        {
            "form": form,
            "filter_html": _stored_filter(form),
            "result": result,
            "programme": programme,
            "can_download_panel": access.sees_all_municipalities(request.user),
        },
    )


# Figures and series --------------------------------------------------------------------


@login_required
def figures(request):
    require_user(request)
    form = forms.FiguresForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else False
    data = form.cleaned_data if valid else {}
    instrument = data.get("instrument") or Instrument.START_LOAN
    measure = data.get("measure") or Measure.AMOUNT
    to_year = data.get("to_year") or default_to_year(request.as_of)
    from_year = min(data.get("from_year") or to_year - 4, to_year)
    codes = None
    if not access.sees_all_municipalities(request.user):
        codes = sorted(
            access.own_codes_at(request.user, request.as_of)
            | access.own_lineage(request.user, range(from_year, to_year + 1))
        )
    show_used(form, from_year=from_year, to_year=to_year, instrument=instrument, measure=measure)
    years, rows = selectors.figures_table(
        instrument=instrument, years=range(from_year, to_year + 1), codes=codes, measure=measure
    )
    if wants_csv(request):
        return csv_response(
            f"tall-{instrument}-{from_year}-{to_year}.csv",
            [[_("Kommunenummer"), _("Kommune"), *years]]
            + [[r["code"], r["name"], *r["values"]] for r in rows],
        )
    return render(
        request,
        "instruments/figures.html",
        {
            "form": form,
            "years": years,
            "rows": rows,
            "instrument_label": Instrument(instrument).label,
            "unit": selectors.measure_unit_label(instrument, measure),
        },
    )


@login_required
def series(request):
    require_user(request)
    form = forms.SeriesForm(request.GET or None)
    own = request.user.municipality.code if request.user.municipality_id else "3907"
    code = form.value("code", own) if form.is_bound else own
    structure = form.value("structure", dt.date(2020, 1, 1))
    to_year = form.value("to_year", 2018)
    from_year = min(form.value("from_year", to_year - 3), to_year)
    result = selectors.series_in_structure(
        code=code,
        instrument=form.value("instrument", Instrument.START_LOAN),
        years=range(from_year, to_year + 1),
        structure_date=structure,
        measure=form.value("measure", Measure.AMOUNT),
    )
    show_used(form, from_year=from_year, to_year=to_year)
    visible = any(access.can_see_code(request.user, c, structure) for c in result.target_codes)
    if not (visible or access.sees_all_municipalities(request.user)):
        raise Http404
    if wants_csv(request):
        return csv_response(f"serie-{code}-{from_year}-{to_year}.csv", result.csv_rows())
    return render(request, "instruments/series.html", {"form": form, "result": result})
