"""Figures: one at a time or a CSV/Excel import (all or nothing)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot
from boligsosial.core.models import DataSource
from boligsosial.instruments import access
from boligsosial.instruments.bounds import (
    MAX_AMOUNT,
    MAX_COUNT,
)
from boligsosial.instruments.importers import FigureRow, parse_figures
from boligsosial.instruments.models import (
    ImportBatch,
    InstrumentFigure,
)
from boligsosial.instruments.services.checks import check_numbers, check_year, require

# Figures ------------------------------------------------------------------------------


@transaction.atomic
def figures_import(
    *, user, file_name: str, content: bytes, data_source: str = DataSource.IMPORT
) -> ImportBatch:
    """Import a CSV/Excel file of figures. Raises ImportRefused listing every bad row."""
    require(access.can_manage_data(user))
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
    user: User,
    instrument: str,
    code: str,
    year: int,
    month: int | None = None,
    amount: Decimal | None = None,
    count: int | None = None,
    data_source: str = DataSource.USER,
    source_note: str = "",
) -> InstrumentFigure:
    require(access.can_manage_data(user))
    if amount is None and count is None:
        raise ValidationError(_("Fyll ut beløp eller antall (eller begge)."))
    check_year(year)
    check_numbers(amount=(amount, MAX_AMOUNT, False), count=(count, MAX_COUNT, True))
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
