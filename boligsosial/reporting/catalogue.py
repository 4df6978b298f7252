"""The first indicator catalogue and reporting template (DOMAIN.md §6), seeded by migration.

Codes are ours and stable; names and definitions are explicit so two municipalities count
the same thing. A change of definition later is a new Indicator version (services), never an
edit of these rows. `seed(apps)` takes the migration app registry so it runs from migrations.
"""

from decimal import Decimal

from boligsosial.reporting.catalogue_data import (
    DATE,
    DIMENSIONS,
    INDICATORS,
    QUESTIONS,
    TEMPLATE_NAME,
    YN,
    H,
    P,
)

__all__ = ["DIMENSIONS", "INDICATORS", "QUESTIONS", "TEMPLATE_NAME", "seed", "unseed"]


def seed(apps) -> None:
    Dimension = apps.get_model("reporting", "Dimension")
    DimensionOption = apps.get_model("reporting", "DimensionOption")
    Indicator = apps.get_model("reporting", "Indicator")
    ReportTemplate = apps.get_model("reporting", "ReportTemplate")
    TemplateIndicator = apps.get_model("reporting", "TemplateIndicator")
    NarrativeQuestion = apps.get_model("reporting", "NarrativeQuestion")

    dimensions = {}
    for code, nb, en, options in DIMENSIONS:
        dimension, _ = Dimension.objects.get_or_create(
            code=code, defaults={"name_nb": nb, "name_en": en}
        )
        dimensions[code] = dimension
        for order, (ocode, onb, oen) in enumerate(options):
            DimensionOption.objects.get_or_create(
                code=ocode,
                defaults={"dimension": dimension, "name_nb": onb, "name_en": oen, "order": order},
            )
    template, _ = ReportTemplate.objects.get_or_create(name=TEMPLATE_NAME, version=1)
    for order, (
        code,
        group,
        nb,
        en,
        definition,
        unit,
        aggregation,
        better,
        dims,
        extras,
    ) in enumerate(INDICATORS):
        defaults = {
            "group": group,
            "name_nb": nb,
            "name_en": en,
            "definition": definition,
            "unit": unit,
            "aggregation": aggregation,
            "better": better,
            "order": order * 10,
            "counts_people": extras.get("counts_people", unit in (P, H)),
            "min_value": Decimal(0) if unit != DATE else None,
            "max_value": extras.get("max_value", Decimal(1) if unit == YN else None),
            "at_most_code": extras.get("at_most_code", ""),
            "numerator_code": extras.get("numerator_code", ""),
            "denominator_code": extras.get("denominator_code", ""),
        }
        indicator, _ = Indicator.objects.get_or_create(code=code, version=1, defaults=defaults)
        indicator.dimensions.set([dimensions[d] for d in dims])
        TemplateIndicator.objects.get_or_create(
            template=template, indicator=indicator, defaults={"order": order * 10}
        )
    for order, (code, nb, en, help_nb) in enumerate(QUESTIONS):
        NarrativeQuestion.objects.get_or_create(
            template=template,
            code=code,
            defaults={
                "text_nb": nb,
                "text_en": en,
                "help_nb": help_nb,
                "order": order,
                "required": code != "organisation_changes",
            },
        )


def unseed(apps) -> None:
    apps.get_model("reporting", "ReportTemplate").objects.filter(
        name=TEMPLATE_NAME, version=1
    ).delete()
    apps.get_model("reporting", "Indicator").objects.filter(
        code__in=[row[0] for row in INDICATORS], version=1
    ).delete()
    apps.get_model("reporting", "Dimension").objects.filter(
        code__in=[row[0] for row in DIMENSIONS]
    ).delete()
