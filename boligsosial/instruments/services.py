"""Every write to instruments data: figures, imports, frames, region membership,
statistics and the grant-application workflow.

Keyword-only, `@transaction.atomic`, validate → save → `audit.record`. Imports are
all-or-nothing: a file with one bad row saves nothing and every bad row is reported.

Application workflow (one service per arrow):
    draft --application_submit--> submitted --application_decide--> granted | rejected
    submitted --application_return--> draft (Husbanken sends it back for changes)
Payments and the final report follow a granted application.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.concurrency import bump_version, require_version
from boligsosial.core.models import DataSource
from boligsosial.instruments import access, jsonstat
from boligsosial.instruments.bounds import (
    ANALYSIS_MAX_YEAR,
    ANALYSIS_MIN_YEAR,
    FIGURE_MAX_YEAR,
    FIGURE_MIN_YEAR,
    MAX_AMOUNT,
    MAX_COUNT,
    number_problem,
)
from boligsosial.instruments.importers import FigureRow, parse_figures
from boligsosial.instruments.models import (
    INSTRUMENT_INFO,
    ApplicationStatus,
    ContextStatistic,
    FinalReportStatus,
    GrantApplication,
    ImportBatch,
    InstrumentFigure,
    Payment,
    RegionalFrame,
    RegionMember,
)
from boligsosial.municipalities.models import Population, population_problem

POPULATION_TABLE = "07459"
POPULATION_CONTENTS = "Personer1"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _check_numbers(**fields: tuple[Decimal | int | None, Decimal | int, bool]) -> None:
    """ValidationError naming each field whose value is outside its plausible range.

    Keyword: field name → (value, maximum, must be an integer); None is allowed (missing).
    """
    errors = {}
    for name, (value, maximum, integer) in fields.items():
        if value is None:
            continue
        problem = number_problem(Decimal(value), maximum=maximum, integer=integer)
        if problem:
            errors[name] = problem
    if errors:
        raise ValidationError(errors)


def _check_year(year: int) -> None:
    if not FIGURE_MIN_YEAR <= year <= FIGURE_MAX_YEAR:
        raise ValidationError(
            {
                "year": _("Året må være mellom %(min)s og %(max)s.")
                % {"min": FIGURE_MIN_YEAR, "max": FIGURE_MAX_YEAR}
            }
        )


# Figures ------------------------------------------------------------------------------


@transaction.atomic
def figures_import(
    *, user, file_name: str, content: bytes, data_source: str = DataSource.IMPORT
) -> ImportBatch:
    """Import a CSV/Excel file of figures. Raises ImportRefused listing every bad row."""
    _require(access.can_manage_data(user))
    rows = parse_figures(file_name, content)
    return figures_save_rows(user=user, rows=rows, file_name=file_name, data_source=data_source)


@transaction.atomic
def figures_save_rows(
    *, user, rows: list[FigureRow], file_name: str, data_source: str
) -> ImportBatch:
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.FIGURES,
        file_name=file_name[:255],
        row_count=len(rows),
        imported_by=user if getattr(user, "pk", None) else None,
    )
    existing = {
        (f.instrument, f.code, f.year, f.month): f
        for f in InstrumentFigure.objects.filter(
            code__in={r.code for r in rows}, year__in={r.year for r in rows}
        )
    }
    default_note = _("Importert fra %(file)s") % {"file": file_name}
    to_create, to_update = [], []
    for row in rows:
        figure = existing.get((row.instrument, row.code, row.year, row.month))
        if figure is None:
            figure = InstrumentFigure(
                instrument=row.instrument, code=row.code, year=row.year, month=row.month
            )
            to_create.append(figure)
        else:
            figure.updated_at = timezone.now()  # bulk_update does not apply auto_now
            to_update.append(figure)
        figure.amount, figure.count, figure.batch = row.amount, row.count, batch
        figure.data_source, figure.source_note = (
            data_source,
            (row.source_note or default_note)[:500],
        )
    InstrumentFigure.objects.bulk_create(to_create, batch_size=500)
    InstrumentFigure.objects.bulk_update(
        to_update,
        ["amount", "count", "batch", "data_source", "source_note", "updated_at"],
        batch_size=500,
    )
    record(
        user=user, action=Action.IMPORT, target=batch, after={"fil": file_name, "rader": len(rows)}
    )
    return batch


@transaction.atomic
def figure_save(
    *,
    user,
    instrument: str,
    code: str,
    year: int,
    month: int | None = None,
    amount: Decimal | None = None,
    count: int | None = None,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> InstrumentFigure:
    _require(access.can_manage_data(user))
    if amount is None and count is None:
        raise ValidationError(_("Fyll ut beløp eller antall (eller begge)."))
    _check_year(year)
    _check_numbers(amount=(amount, MAX_AMOUNT, False), count=(count, MAX_COUNT, True))
    figure = InstrumentFigure.objects.filter(
        instrument=instrument, code=code, year=year, month=month
    ).first()
    before = snapshot(figure) if figure else None
    figure = figure or InstrumentFigure(instrument=instrument, code=code, year=year, month=month)
    figure.amount, figure.count = amount, count
    figure.data_source, figure.source_note = data_source, source_note
    figure.full_clean(validate_constraints=False)
    figure.save()
    record(
        user=user,
        action=Action.UPDATE if before else Action.CREATE,
        target=figure,
        before=before,
        after=snapshot(figure),
    )
    return figure


# JSON-stat: population and KOSTRA key figures -----------------------------------------


@transaction.atomic
def population_import_jsonstat(
    *,
    user,
    content: bytes | str,
    file_name: str,
    data_source: str = DataSource.OFFICIAL,
    only_missing: bool = False,
) -> ImportBatch:
    """Population (SSB table 07459 shape: Region, ContentsCode=Personer1, Tid) → Population."""
    _require(user is None or access.can_manage_data(user))
    table = jsonstat.parse(content, file_name=file_name)
    contents = set(table.contents)
    if POPULATION_CONTENTS not in contents and len(contents) != 1:
        raise jsonstat.JsonStatError(
            [
                _(
                    "Filen har statistikkvariablene %(codes)s. For folketall må den ha «Personer1» (SSB tabell 07459) "
                    "eller bare én statistikkvariabel."
                )
                % {"codes": ", ".join(sorted(contents))}
            ]
        )
    chosen = POPULATION_CONTENTS if POPULATION_CONTENTS in contents else next(iter(contents))
    problems = []
    cells = [c for c in table.cells if c.contents_code == chosen]
    for cell in cells:
        if cell.value < 0 or cell.value != cell.value.to_integral_value():
            problems.append(
                _(
                    "Kommune %(code)s, år %(year)s: folketallet %(value)s er ikke et helt, "
                    "positivt tall."
                )
                % {"code": cell.code, "year": cell.year, "value": cell.value}
            )
            continue
        problem = population_problem(cell.year, int(cell.value))
        if problem:
            problems.append(
                _("Kommune %(code)s, år %(year)s: %(problem)s")
                % {"code": cell.code, "year": cell.year, "problem": problem}
            )
    if problems:
        raise jsonstat.JsonStatError(problems)
    note = _source_note(table, file_name)
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.POPULATION,
        file_name=file_name[:255],
        source=note[:500],
        source_updated=table.updated,
        row_count=0,
        skipped=len(table.skipped_regions) + table.missing_values,
        imported_by=user if getattr(user, "pk", None) else None,
    )
    current = {
        (p.code, p.year): p for p in Population.objects.filter(code__in={c.code for c in cells})
    }
    to_create, to_update = [], []
    for cell in cells:
        row = current.get((cell.code, cell.year))
        if row is not None and only_missing:
            continue
        if row is None:
            to_create.append(
                Population(
                    code=cell.code,
                    year=cell.year,
                    value=int(cell.value),
                    data_source=data_source,
                    source_note=note[:500],
                )
            )
        else:
            row.value, row.data_source, row.source_note = int(cell.value), data_source, note[:500]
            row.updated_at = timezone.now()
            to_update.append(row)
    Population.objects.bulk_create(to_create)
    Population.objects.bulk_update(to_update, ["value", "data_source", "source_note", "updated_at"])
    saved = len(to_create) + len(to_update)
    batch.row_count = saved
    batch.save(update_fields=["row_count"])
    record(
        user=user, action=Action.IMPORT, target=batch, after={"fil": file_name, "folketall": saved}
    )
    return batch


@transaction.atomic
def statistics_import_jsonstat(
    *, user, content: bytes | str, file_name: str, data_source: str = DataSource.OFFICIAL
) -> ImportBatch:
    """KOSTRA key figures (any table with Region, ContentsCode, Tid) → ContextStatistic."""
    _require(user is None or access.can_manage_data(user))
    table = jsonstat.parse(content, file_name=file_name)
    if not table.table_id:
        raise jsonstat.JsonStatError(
            [
                _(
                    "Filen sier ikke hvilken SSB-tabell den kommer fra "
                    "(extension.px.tableid eller tabellnummer først i «label»)."
                )
            ]
        )
    _check_statistic_years(table)
    note = _source_note(table, file_name)
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.STATISTICS,
        file_name=file_name[:255],
        source=note[:500],
        source_updated=table.updated,
        row_count=len(table.cells),
        skipped=len(table.skipped_regions) + table.missing_values,
        imported_by=user if getattr(user, "pk", None) else None,
    )
    current = {
        (s.contents_code, s.code, s.year): s
        for s in ContextStatistic.objects.filter(table_id=table.table_id)
    }
    to_create, to_update = [], []
    for cell in table.cells:
        info = table.contents.get(cell.contents_code, {})
        values = {
            "label": info.get("label", cell.contents_code)[:300],
            "unit": info.get("unit", "")[:60],
            "decimals": info.get("decimals", 0),
            "value": cell.value,
            "source_updated": table.updated,
            "batch": batch,
            "data_source": data_source,
            "source_note": note[:500],
        }
        row = current.get((cell.contents_code, cell.code, cell.year))
        if row is None:
            to_create.append(
                ContextStatistic(
                    table_id=table.table_id,
                    contents_code=cell.contents_code,
                    code=cell.code,
                    year=cell.year,
                    **values,
                )
            )
        else:
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_at = timezone.now()
            to_update.append(row)
    ContextStatistic.objects.bulk_create(to_create)
    ContextStatistic.objects.bulk_update(
        to_update, [*values.keys(), "updated_at"] if to_update else ["value"]
    )
    record(
        user=user,
        action=Action.IMPORT,
        target=batch,
        after={"fil": file_name, "verdier": len(table.cells)},
    )
    return batch


def _check_statistic_years(table: jsonstat.Table) -> None:
    problems = [
        _("Kommune %(code)s: året %(year)s er utenfor %(min)s–%(max)s.")
        % {"code": c.code, "year": c.year, "min": ANALYSIS_MIN_YEAR, "max": ANALYSIS_MAX_YEAR}
        for c in table.cells
        if not ANALYSIS_MIN_YEAR <= c.year <= ANALYSIS_MAX_YEAR
    ]
    if problems:
        raise jsonstat.JsonStatError(problems[:50])


def _source_note(table: jsonstat.Table, file_name: str) -> str:
    updated = table.updated.strftime("%d.%m.%Y") if table.updated else _("ukjent dato")
    return _("%(source)s, tabell %(table)s «%(label)s», oppdatert %(updated)s (fil %(file)s)") % {
        "source": table.source or "SSB",
        "table": table.table_id or "?",
        "label": table.label[:120],
        "updated": updated,
        "file": file_name,
    }


def fetch_and_import(
    *, user, kind: str, table_id: str, value_codes: dict[str, list[str]], opener=None
) -> ImportBatch:
    """Optional online import from SSB's PxWebApi v2 (the same import as a saved file)."""
    content = jsonstat.fetch(table_id, value_codes, opener=opener)
    name = jsonstat.pxweb_url(table_id, value_codes)
    if kind == ImportBatch.Kind.POPULATION:
        return population_import_jsonstat(user=user, content=content, file_name=name)
    return statistics_import_jsonstat(user=user, content=content, file_name=name)


# Frames and region -----------------------------------------------------------------------


@transaction.atomic
def frame_save(
    *,
    user,
    region: str,
    instrument: str,
    year: int,
    amount: Decimal,
    programme_target_percent: Decimal | None = None,
    version: int | None = None,
    data_source: str = DataSource.USER,
    source_note: str = "",
    version_required: bool = False,
) -> RegionalFrame:
    """Create or update the frame for (region, instrument, year).

    `version_required=True` (the API) refuses an update without the version it is based on.
    """
    _require(access.can_manage_data(user))
    if instrument not in INSTRUMENT_INFO or not INSTRUMENT_INFO[instrument].is_grant:
        raise ValidationError(
            {
                "instrument": _("Bare tilskudd har en regional ramme; %(name)s har ingen.")
                % {"name": instrument}
            }
        )
    _check_year(year)
    _check_numbers(amount=(amount, MAX_AMOUNT, False))
    frame = RegionalFrame.objects.filter(region=region, instrument=instrument, year=year).first()
    before = snapshot(frame) if frame else None
    if frame:
        if version_required:
            require_version(version, frame)
        bump_version(frame, version)
    else:
        frame = RegionalFrame(region=region, instrument=instrument, year=year)
    frame.amount, frame.programme_target_percent = amount, programme_target_percent
    frame.data_source, frame.source_note = data_source, source_note
    frame.full_clean(validate_constraints=False)
    frame.save()
    record(
        user=user,
        action=Action.UPDATE if before else Action.CREATE,
        target=frame,
        before=before,
        after=snapshot(frame),
    )
    return frame


@transaction.atomic
def region_members_set(
    *,
    user,
    region: str,
    codes: list[str],
    data_source: str = DataSource.OFFICIAL,
    source_note: str = "",
) -> int:
    _require(user is None or access.can_manage_data(user))
    RegionMember.objects.filter(region=region).exclude(code__in=codes).delete()
    existing = set(RegionMember.objects.filter(region=region).values_list("code", flat=True))
    RegionMember.objects.filter(region=region, code__in=existing).update(
        data_source=data_source, source_note=source_note
    )
    RegionMember.objects.bulk_create(
        [
            RegionMember(region=region, code=code, data_source=data_source, source_note=source_note)
            for code in codes
            if code not in existing
        ]
    )
    if user is not None:
        record(
            user=user,
            action=Action.UPDATE,
            target=user,
            comment=_("Kommunene i %(region)s: %(codes)s")
            % {"region": region, "codes": ", ".join(codes)},
        )
    return len(codes)


# Grant applications ------------------------------------------------------------------------


def _validate_application(instrument: str, year: int, amount: Decimal, purpose: str) -> None:
    errors = {}
    if (
        instrument not in INSTRUMENT_INFO
        or not INSTRUMENT_INFO[instrument].applied_for_by_participation
    ):
        errors["instrument"] = _(
            "Programkommuner søker om plantilskudd, årlig programtilskudd eller kompetansetilskudd."
        )
    if amount is None or amount <= 0:
        errors["amount_applied"] = _("Søkt beløp må være større enn null.")
    elif problem := number_problem(Decimal(amount), maximum=MAX_AMOUNT):
        errors["amount_applied"] = problem
    if not FIGURE_MIN_YEAR <= year <= FIGURE_MAX_YEAR:
        errors["year"] = _("Året må være mellom %(min)s og %(max)s.") % {
            "min": FIGURE_MIN_YEAR,
            "max": FIGURE_MAX_YEAR,
        }
    if not (purpose or "").strip():
        errors["purpose"] = _("Skriv hva tilskuddet skal brukes til.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def application_create(
    *,
    user,
    participation,
    instrument: str,
    year: int,
    amount_applied: Decimal,
    purpose: str,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> GrantApplication:
    _require(access.can_apply_for(user, participation))
    _validate_application(instrument, year, amount_applied, purpose)
    if GrantApplication.objects.filter(
        participation=participation, instrument=instrument, year=year
    ).exists():
        raise ValidationError(
            {
                "year": _("%(m)s har allerede en søknad om dette tilskuddet for %(year)s.")
                % {"m": participation.municipality.name, "year": year}
            }
        )
    application = GrantApplication.objects.create(
        participation=participation,
        instrument=instrument,
        year=year,
        amount_applied=amount_applied,
        purpose=purpose.strip(),
        data_source=data_source,
        source_note=source_note,
    )
    record(
        user=user,
        action=Action.CREATE,
        target=application,
        scope=participation,
        after=snapshot(application),
    )
    return application


@transaction.atomic
def application_update(
    *,
    user,
    application: GrantApplication,
    version: int | None,
    amount_applied: Decimal,
    purpose: str,
) -> GrantApplication:
    _require(access.can_edit_application(user, application))
    _validate_application(application.instrument, application.year, amount_applied, purpose)
    before = snapshot(application)
    bump_version(application, version)
    application.amount_applied, application.purpose = amount_applied, purpose.strip()
    application.save(update_fields=["amount_applied", "purpose", "updated_at"])
    record(
        user=user,
        action=Action.UPDATE,
        target=application,
        scope=application.participation,
        before=before,
        after=snapshot(application),
    )
    return application


def _transition(user, application: GrantApplication, before_status: str, comment: str = "") -> None:
    record(
        user=user,
        action=Action.TRANSITION,
        target=application,
        scope=application.participation,
        before={"status": str(ApplicationStatus(before_status).label)},
        after={"status": application.get_status_display()},
        comment=comment,
    )


@transaction.atomic
def application_submit(
    *, user, application: GrantApplication, version: int | None = None
) -> GrantApplication:
    _require(access.can_apply_for(user, application.participation))
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(
            _("Bare et utkast kan sendes; søknaden er «%(status)s».")
            % {"status": application.get_status_display()}
        )
    bump_version(application, version)
    application.status, application.submitted_at = ApplicationStatus.SUBMITTED, timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    _transition(user, application, ApplicationStatus.DRAFT)
    return application


@transaction.atomic
def application_return(*, user, application: GrantApplication, reason: str) -> GrantApplication:
    _require(access.can_decide(user, application))
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Bare en innsendt søknad kan sendes tilbake."))
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hva kommunen bør endre.")})
    bump_version(application, None)
    application.status = ApplicationStatus.DRAFT
    application.save(update_fields=["status", "updated_at"])
    _transition(user, application, ApplicationStatus.SUBMITTED, comment=reason.strip())
    return application


@transaction.atomic
def application_decide(
    *,
    user,
    application: GrantApplication,
    granted: bool,
    amount_granted: Decimal | None = None,
    conditions: str = "",
    commitment_letter_date: dt.date | None = None,
    decision_note: str = "",
    version: int | None = None,
) -> GrantApplication:
    _require(access.can_decide(user, application))
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("Husbanken kan bare vedta en innsendt søknad; denne er «%(status)s».")
            % {"status": application.get_status_display()}
        )
    errors = {}
    if granted:
        if amount_granted is None or amount_granted <= 0:
            errors["amount_granted"] = _("Skriv innvilget beløp (større enn null).")
        elif amount_granted > application.amount_applied:
            errors["amount_granted"] = _(
                "Innvilget beløp kan ikke være større enn søkt beløp (%(applied)s kr)."
            ) % {"applied": application.amount_applied}
        if commitment_letter_date is None:
            errors["commitment_letter_date"] = _("Skriv datoen for tilsagnsbrevet.")
    elif not decision_note.strip():
        errors["decision_note"] = _("Skriv begrunnelsen for avslaget.")
    if errors:
        raise ValidationError(errors)
    bump_version(application, version)
    application.status = ApplicationStatus.GRANTED if granted else ApplicationStatus.REJECTED
    application.amount_granted = amount_granted if granted else None
    application.conditions, application.commitment_letter_date = (
        conditions.strip(),
        commitment_letter_date if granted else None,
    )
    application.decision_note = decision_note.strip()
    application.decided_at, application.decided_by = timezone.now(), user
    application.save()
    _transition(user, application, ApplicationStatus.SUBMITTED, comment=decision_note.strip())
    return application


@transaction.atomic
def payment_add(
    *,
    user,
    application: GrantApplication,
    paid_on: dt.date,
    amount: Decimal,
    note: str = "",
    data_source: str = DataSource.USER,
) -> Payment:
    _require(access.can_decide(user, application))
    if application.status != ApplicationStatus.GRANTED:
        raise ValidationError(_("Utbetalinger kan bare registreres på en innvilget søknad."))
    remaining = application.remaining_to_pay()
    errors = {}
    if amount is None or amount <= 0:
        errors["amount"] = _("Beløpet må være større enn null.")
    elif remaining is not None and amount > remaining:
        errors["amount"] = _(
            "Utbetalingen er større enn det som gjenstår av tilsagnet (%(rest)s kr)."
        ) % {"rest": remaining}
    if (
        application.commitment_letter_date
        and paid_on
        and paid_on < application.commitment_letter_date
    ):
        errors["paid_on"] = _("Utbetalingsdatoen kan ikke være før tilsagnsbrevet.")
    if errors:
        raise ValidationError(errors)
    payment = Payment.objects.create(
        application=application,
        paid_on=paid_on,
        amount=amount,
        note=note.strip(),
        data_source=data_source,
    )
    record(
        user=user,
        action=Action.CREATE,
        target=payment,
        scope=application.participation,
        after=snapshot(payment),
    )
    return payment


@transaction.atomic
def final_report_update(
    *, user, application: GrantApplication, status: str, report_date: dt.date | None = None
) -> GrantApplication:
    _require(access.can_decide(user, application))
    if application.status != ApplicationStatus.GRANTED:
        raise ValidationError(_("Sluttrapport følges opp bare for innvilgede søknader."))
    if status != FinalReportStatus.NOT_DUE and report_date is None:
        raise ValidationError({"final_report_date": _("Skriv datoen sluttrapporten er datert.")})
    before = snapshot(application)
    application.final_report_status, application.final_report_date = status, report_date
    application.save(update_fields=["final_report_status", "final_report_date", "updated_at"])
    record(
        user=user,
        action=Action.UPDATE,
        target=application,
        scope=application.participation,
        before=before,
        after=snapshot(application),
    )
    return application
