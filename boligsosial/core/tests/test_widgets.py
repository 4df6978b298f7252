"""core.widgets.QuickSelect draws exactly what Django's Select draws with its templates."""

import pytest
from django import forms

from boligsosial.core.templatetags.ds_forms import ds_field
from boligsosial.core.widgets import QuickSelect

CHOICES = [
    ("", "Alle kommuner"),
    ("1", "Ås"),
    ("2", 'Tom & «Jerry» <b>"x"</b>'),
    (3, "Tre"),
    ("Gruppe <1>", [("4", "Fire"), ("5", "Fem & fem")]),
]


@pytest.mark.parametrize("value", [None, "", "1", "2", "3", "5", "ukjent"])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"class": "ds-input", "aria-describedby": "id_x_hint id_x_error", "aria-invalid": "true"},
        {"disabled": True, "hidden": False, "data-x": 'a"b<c'},
    ],
)
def test_the_same_html_as_djangos_select(value, attrs):
    ours = QuickSelect(choices=CHOICES).render("kommune", value, attrs=attrs)
    theirs = forms.Select(choices=CHOICES).render("kommune", value, attrs=attrs)
    assert ours == theirs


def test_the_same_field_through_the_designsystem_tag():
    class Form(forms.Form):
        ours = forms.ChoiceField(choices=CHOICES, widget=QuickSelect, label="Kommune")
        theirs = forms.ChoiceField(choices=CHOICES, label="Kommune")

    form = Form({"ours": "9", "theirs": "9"})  # not a choice: an error on both
    assert not form.is_valid()
    drawn = {name: ds_field(form[name]).replace(name, "x") for name in ("ours", "theirs")}
    assert drawn["ours"] == drawn["theirs"]
    assert 'aria-invalid="true"' in drawn["ours"] and "Tom &amp; «Jerry»" in drawn["ours"]
