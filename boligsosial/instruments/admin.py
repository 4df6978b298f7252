from django.contrib import admin

from boligsosial.instruments.models import (
    ContextStatistic,
    GrantApplication,
    ImportBatch,
    InstrumentFigure,
    Payment,
    RegionalFrame,
)


@admin.register(InstrumentFigure)
class InstrumentFigureAdmin(admin.ModelAdmin):
    list_display = ["instrument", "code", "year", "month", "amount", "count", "data_source"]
    list_filter = ["instrument", "year", "data_source"]
    search_fields = ["code"]


@admin.register(RegionalFrame)
class RegionalFrameAdmin(admin.ModelAdmin):
    list_display = ["region", "instrument", "year", "amount", "programme_target_percent"]
    list_filter = ["region", "instrument", "year"]


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0


@admin.register(GrantApplication)
class GrantApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "participation",
        "instrument",
        "year",
        "status",
        "amount_applied",
        "amount_granted",
    ]
    list_filter = ["status", "instrument", "year"]
    inlines = [PaymentInline]


@admin.register(ContextStatistic)
class ContextStatisticAdmin(admin.ModelAdmin):
    list_display = ["table_id", "label", "code", "year", "value"]
    list_filter = ["table_id", "year"]
    search_fields = ["code", "label"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "file_name", "row_count", "imported_by"]
