from django.contrib import admin

from boligsosial.reporting.models import (
    Dimension,
    DimensionOption,
    Indicator,
    NarrativeQuestion,
    ProgrammeReportingSettings,
    ReportingPeriod,
    ReportTemplate,
)


@admin.register(ProgrammeReportingSettings)
class ProgrammeReportingSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "programme",
        "half_year_deadline_days",
        "annual_deadline_days",
        "reminder_days_before",
    ]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Read-only: a changed definition is a new version (the indicator page), never an edit."""

    list_display = ["code", "version", "name_nb", "unit", "aggregation", "is_current"]
    list_filter = ["group", "is_current"]

    def has_change_permission(self, request, obj=None):
        return False


class QuestionInline(admin.TabularInline):
    model = NarrativeQuestion
    extra = 0


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_current"]
    inlines = [QuestionInline]


admin.site.register(ReportingPeriod)
admin.site.register(Dimension)
admin.site.register(DimensionOption)
