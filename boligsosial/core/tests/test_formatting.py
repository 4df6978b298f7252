import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from boligsosial.core.formatting import (
    format_date,
    format_exact,
    format_number,
    format_percent,
    parse_norwegian_number,
)


def test_numbers_use_a_space_for_thousands_and_a_decimal_comma():
    with translation.override("nb"):
        assert format_number(1234.5) == "1\u00a0234,5"
        assert format_number(Decimal("63582")) == "63\u00a0582"
        assert format_percent(75.4, 1) == "75,4\u00a0%"


def test_exact_numbers_keep_their_decimals_and_get_thousand_spaces():
    with translation.override("nb"):
        assert format_exact(Decimal("297460.89")) == "297\u00a0460,89"
        assert format_exact(Decimal("1119000")) == "1\u00a0119\u00a0000"
        assert format_exact(Decimal("12.50")) == "12,5"
        assert format_exact(None) == "–"


def test_missing_is_a_dash_never_zero():
    assert format_number(None) == "–"
    assert format_number(0) == "0"
    assert format_date(None) == "–"


def test_dates_are_day_month_year():
    assert format_date(dt.date(2011, 12, 31)) == "31.12.2011"


def test_english_uses_english_number_punctuation():
    with translation.override("en"):
        assert format_number(1234.5) == "1,234.5"


def test_norwegian_number_input_is_understood():
    assert parse_norwegian_number("1 234,5") == Decimal("1234.5")
    assert parse_norwegian_number("1234.5") == Decimal("1234.5")
    assert parse_norwegian_number("-3") == Decimal("-3")


def test_an_invalid_as_of_date_is_explained_and_today_is_used(world, client_for):
    response = client_for(world.viewer).get(reverse("programmes:portfolio") + "?as_of=31.13.2011")
    assert "«31.13.2011» er ikke en gyldig dato" in response.content.decode()


def test_an_impossible_as_of_date_is_quoted_kept_in_the_field_and_the_date_stays(world, client_for):
    client = client_for(world.viewer)
    url = reverse("plans:target_groups")
    client.get(url + "?as_of=31.12.2011")
    page = client.get(url + "?as_of=31.12.22011").content.decode()
    assert "Datoen «31.12.22011» er ikke en gyldig dato" in page
    assert "Siden viser fortsatt tallene per 31.12.2011." in page
    assert 'value="31.12.22011"' in page and 'aria-invalid="true"' in page
    assert "per 31.12.2011" in client.get(url).content.decode()


def test_the_as_of_field_shows_the_date_as_a_norwegian_writes_it(world, client_for):
    page = client_for(world.viewer).get(reverse("plans:target_groups") + "?as_of=2011-12-31")
    assert 'name="as_of" value="31.12.2011"' in page.content.decode()


def test_the_as_of_date_is_remembered_in_the_session(world, client_for):
    client = client_for(world.viewer)
    client.get(reverse("programmes:portfolio") + "?as_of=31.12.2011")
    assert "Status per 31.12.2011" in client.get(reverse("programmes:portfolio")).content.decode()
    assert (
        "Status per 31.12.2011"
        not in client.get(reverse("programmes:portfolio") + "?as_of=").content.decode()
    )
