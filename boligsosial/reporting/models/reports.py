"""Reports: their status, events, narrative answers and values; reminders sent."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import Provenance, TimeStamped, Versioned
from boligsosial.reporting.models.catalogue import (
    DimensionOption,
    Indicator,
    NarrativeQuestion,
    ReportingPeriod,
    ReportTemplate,
)

# Reports ----------------------------------------------------------------------------


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Sendt inn")
    RETURNED = "returned", _("Returnert med kommentar")
    RESUBMITTED = "resubmitted", _("Sendt inn på nytt")
    APPROVED = "approved", _("Godkjent")


EDITABLE_STATUSES = {ReportStatus.DRAFT, ReportStatus.RETURNED}
IN_REVIEW_STATUSES = {ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED}


class Report(Provenance, Versioned, TimeStamped):
    """One participation's report for one period."""

    participation = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("programkommune"),
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("periode")
    )
    template = models.ForeignKey(
        ReportTemplate, on_delete=models.PROTECT, related_name="reports", verbose_name=_("mal")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    first_submitted_at = models.DateTimeField(_("først sendt inn"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("sist sendt inn"), null=True, blank=True)
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkjent av"),
    )
    review_comment = models.TextField(_("Husbankens kommentar"), blank=True)

    class Meta:
        ordering = ["period__start", "participation__municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "period"], name="report_once_per_period"
            )
        ]
        indexes = [models.Index(fields=["period", "status"])]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")

    def __str__(self) -> str:
        return _("Rapport %(period)s for %(municipality)s") % {
            "period": self.period.label,
            "municipality": self.participation.municipality.name,
        }

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def status_on(self, as_of) -> str | None:
        """The status the report had at the end of `as_of`; None when it was not started yet.

        Read from the workflow's events (prefetch `events` for a list of reports), so a report
        approved in 2012 is not shown as approved on the as-of date 31.12.2011.
        """
        from django.utils import timezone

        events = list(self.events.all())
        if not events:
            return self.status if timezone.localdate(self.created_at) <= as_of else None
        status = None
        for event in events:
            if timezone.localdate(event.at) > as_of:
                break
            status = event.to_status
        return status

    def submitted_on_time(self) -> bool | None:
        if self.first_submitted_at is None:
            return None
        from django.utils import timezone

        return timezone.localdate(self.first_submitted_at) <= self.period.deadline


class ReportEvent(models.Model):
    """One step of a report's workflow: who moved it from which status to which, and why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(
        _("fra status"), max_length=20, choices=ReportStatus.choices, blank=True
    )
    to_status = models.CharField(_("til status"), max_length=20, choices=ReportStatus.choices)
    action = models.CharField(_("handling"), max_length=20)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("steg i rapportens behandling")
        verbose_name_plural = _("steg i rapportens behandling")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class NarrativeAnswer(TimeStamped):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(NarrativeQuestion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("svar"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "question"], name="answer_once")]

    def __str__(self) -> str:
        return self.question.code


class ReportValue(Provenance, TimeStamped):
    """One number in a report: a total (option is null) or one disaggregation category.

    `not_available` is distinct from zero: its value is null and it never enters a sum.
    """

    # No single-column indexes: the unique (report, indicator, option) and the (indicator,
    # option, …) index cover every lookup, and each extra index slows bulk imports.
    # On PostgreSQL the three references are checked by statement-level triggers instead of
    # foreign-key constraints (migration 0006: same refusals, one check per statement rather
    # than per row); SQLite keeps the constraints. ARCHITECTURE.md, "Stack decisions".
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="values", db_index=False
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", db_index=False
    )
    option = models.ForeignKey(
        DimensionOption,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kategori"),
        db_index=False,
    )
    value = models.DecimalField(_("verdi"), max_digits=20, decimal_places=4, null=True, blank=True)
    date_value = models.DateField(_("dato"), null=True, blank=True)
    not_available = models.BooleanField(_("ikke tilgjengelig"), default=False)
    not_available_reason = models.CharField(
        _("hvorfor ikke tilgjengelig"), max_length=500, blank=True
    )
    comment = models.TextField(_("kommentar"), blank=True)
    is_outlier = models.BooleanField(_("avviker fra kommunens historikk"), default=False)

    class Meta:
        constraints = [
            # One value per report, indicator and category, the total (no option) included:
            # one index for both rules (a partial index for the totals cost a fifth of a
            # national import on PostgreSQL; NULLS NOT DISTINCT is not in SQLite).
            models.UniqueConstraint(
                F("report"), F("indicator"), Coalesce(F("option"), Value(0)), name="value_once"
            ),
            models.CheckConstraint(
                condition=Q(not_available=False) | Q(value__isnull=True, date_value__isnull=True),
                name="not_available_has_no_value",
            ),
        ]
        # One indicator across a programme (the programme-wide table) reads only this
        # index: report, value and "not available" are in it, so no table rows are visited.
        indexes = [
            models.Index(
                fields=["indicator", "option", "report", "not_available", "value"],
                name="value_by_indicator",
            )
        ]
        verbose_name = _("verdi")
        verbose_name_plural = _("verdier")

    def __str__(self) -> str:
        option = self.option
        return f"{self.indicator.code}{'/' + option.code if option is not None else ''}"

    @property
    def is_reported(self) -> bool:
        """A number (or date) is given. Not available and empty are not reported."""
        return not self.not_available and (self.value is not None or self.date_value is not None)


class ReminderLog(models.Model):
    """A deadline reminder sent, so the daily command sends each one once."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    participation = models.ForeignKey(
        "programmes.Participation", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "participation"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.participation_id}"
