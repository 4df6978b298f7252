import pytest

from boligsosial.reporting.privacy import contains_identity_number, is_identity_number


@pytest.mark.parametrize("number", ["15057212362", "55057212356", "01017012343"])
def test_numbers_passing_both_mod11_checks_are_identity_numbers(number):
    assert is_identity_number(number)


@pytest.mark.parametrize("number", ["15057212363", "01017012345", "1505721236", "123456789012"])
def test_other_numbers_are_not(number):
    assert not is_identity_number(number)


def test_it_finds_numbers_written_with_a_space_but_not_inside_longer_numbers_or_amounts():
    assert contains_identity_number("Se 150572 12362.")
    assert not contains_identity_number("Kontonummer 9150572123620")
    assert not contains_identity_number("Restansene var 1 250 000 kroner og 104 samtaler.")
