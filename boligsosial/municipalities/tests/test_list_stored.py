"""The registry's list is stored per search, date and language (issue 14): a change to the
registry by any path shows on the next visit."""

import datetime as dt

from django.urls import reverse

from boligsosial.municipalities.models import Municipality
from boligsosial.municipalities.tests.factories import MunicipalityFactory


def test_a_municipality_renamed_or_added_shows_on_the_next_visit(world, client_for):
    client = client_for(world.skien_leader)
    url = reverse("municipalities:list") + "?as_of=2011-12-31"
    assert "Skien" in client.get(url).text
    Municipality.objects.filter(pk=world.skien.pk).update(name="Skien by")
    assert "Skien by" in client.get(url).text
    MunicipalityFactory(code="0999", name="Nykommune", valid_from=dt.date(1977, 1, 1))
    assert "Nykommune" in client.get(url).text
    assert "Nykommune" not in client.get(url + "&q=0602").text
