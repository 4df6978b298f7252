"""Generating a report file with progress: the CLI (tqdm) and the background task share this."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from boligsosial.evaluation_report.models import EvaluationReport, ReportVersion
from boligsosial.evaluation_report.rendering import outputs
from boligsosial.evaluation_report.selectors import document_for, generation_steps


def generate(
    report: EvaluationReport,
    fmt: str,
    *,
    version: ReportVersion | None = None,
    language: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> bytes:
    """The file's bytes. A published version renders its frozen document; otherwise the
    draft is computed now. `progress(step)` is called once per step (see total_steps)."""
    if version is not None:
        document = version.document
        for _step in range(total_steps(report, version=version) - 1):
            if progress:
                progress(_("Henter publisert versjon"))
        meta = {"number": version.number, "published": version.published_at.strftime("%d.%m.%Y")}
    else:
        document = document_for(report, draft=True, language=language, progress=progress)
        meta = None
    data = outputs.render(document, fmt, version=meta)
    if progress:
        progress(_("Skriver %(format)s") % {"format": fmt.upper()})
    return data


def total_steps(report: EvaluationReport, *, version: ReportVersion | None = None) -> int:
    return 2 if version is not None else generation_steps(report)
