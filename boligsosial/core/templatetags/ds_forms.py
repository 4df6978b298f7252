"""Render Django form fields with Designsystemet markup and the ARIA wiring WCAG needs."""

from django import forms, template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag
def ds_field(bound_field, **extra):
    widget = bound_field.field.widget
    # No HTML `required`: the browser would stop the form with its own message in its own
    # language ("Please fill out this field."); the server answers in the page's language and
    # the field says "påkrevd" (aria-required below).
    bound_field.form.use_required_attribute = False
    field_id = bound_field.id_for_label or bound_field.auto_id
    describedby = []
    if bound_field.help_text:
        describedby.append(f"{field_id}_hint")
    if bound_field.errors:
        describedby.append(f"{field_id}_error")
    attrs = {"class": "ds-input"}
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    if bound_field.field.required and not isinstance(widget, forms.CheckboxInput):
        attrs["aria-required"] = "true"
    attrs.update({k.replace("_", "-"): v for k, v in extra.items()})
    is_checkbox = isinstance(widget, forms.CheckboxInput)
    is_multi = isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect))
    return render_to_string(
        "core/field.html",
        {
            "field": bound_field,
            "widget_html": bound_field.as_widget(attrs=attrs),
            "field_id": field_id,
            "is_checkbox": is_checkbox,
            "is_multi": is_multi,
        },
    )
