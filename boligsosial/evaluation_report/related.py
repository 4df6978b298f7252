"""The evaluation page's way to its reports: the report and its findings and recommendations,
for a reader who may open them (core.links)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from boligsosial.core.links import Links
from boligsosial.evaluation_report.models import EvaluationReport


def report_pages(user, evaluation) -> list[tuple[str, str]]:
    links = Links(user)
    pages = []
    for report in EvaluationReport.objects.filter(evaluation=evaluation).order_by("-as_of"):
        for label, url in (
            (
                _("Evalueringsrapporten «%(title)s»") % {"title": report.title},
                reverse("evaluation_report:report", args=[report.pk]),
            ),
            (
                _("Funn og anbefalinger til «%(title)s»") % {"title": report.title},
                reverse("evaluation_report:recommendations", args=[report.pk]),
            ),
        ):
            if links.can_open(url):
                pages.append((label, url))
    return pages
