"""The analysis pages show the years and numbers they computed (issue 17)."""

import re

from django.urls import reverse


def selected(page: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.DOTALL)
    assert select, f"no select {name}"
    option = re.search(r'<option value="([^"]*)" selected>', select.group(0))
    return option.group(1) if option else ""


def test_the_year_selects_show_the_years_the_effect_was_computed_for(demo, client_for):
    page = client_for(demo["users"]["evaluator"]).get(reverse("instruments:did")).content.decode()
    years = [selected(page, n) for n in ("pre_from", "pre_to", "post_from", "post_to")]
    assert years == ["2008", "2009", "2010", "2011"]


def test_a_chosen_programme_alone_leaves_the_other_selects_on_the_computed_values(demo, client_for):
    client = client_for(demo["users"]["evaluator"])
    url = reverse("instruments:comparison") + f"?programme={demo['programme'].pk}"
    page = client.get(url).content.decode()
    assert selected(page, "instrument") == "housing_allowance"
    assert selected(page, "from_year") != "2000" and selected(page, "to_year") != "2000"


def test_effect_figures_have_thousand_spaces(demo, client_for):
    url = reverse("instruments:did") + "?per_thousand=0"
    page = client_for(demo["users"]["evaluator"]).get(url).content.decode()
    estimate = re.search(r'<p class="ds-paragraph bs-keyfigure"><strong>([^<]*)</strong>', page)
    assert estimate and re.fullmatch(r"-?\d{1,3}(\u00a0\d{3})*(,\d\d)?|–", estimate.group(1))
    assert not re.search(r"\d{4,},\d\d", page), "a number without thousand spaces"
