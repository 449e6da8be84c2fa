"""FINESS numbers: the form (département, 2A/2B) and the Luhn key, by property."""

import string

from hypothesis import given
from hypothesis import strategies as st

from programmes import finess

DEPARTEMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["97", "98"]


@st.composite
def valid_numbers(draw):
    head = draw(st.sampled_from(DEPARTEMENTS)) + draw(st.text(string.digits, min_size=6, max_size=6))
    return head + finess.luhn_key(head)


def test_real_numbers_of_the_open_finess_data_pass():
    for number in ["010000016", "010000156", "010780195", "010787190", "970302477", "2B0000020"]:
        assert finess.error(number) is None, number


@given(valid_numbers())
def test_a_number_with_its_key_passes(number):
    assert finess.error(number) is None


@given(valid_numbers(), st.integers(2, 8), st.integers(1, 9))
def test_any_one_digit_changed_after_the_departement_is_refused_by_its_key(number, position, shift):
    changed = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    assert finess.error(changed) == finess.INVALID_KEY


@given(st.text(string.ascii_letters + string.digits + " -", max_size=14))
def test_anything_else_gets_a_french_message_and_never_raises(value):
    normalized = finess.normalize(value)
    message = finess.error(normalized)
    assert message is None or message in (finess.INVALID_FORM, finess.INVALID_KEY)
    if len(normalized) != 9:
        assert message == finess.INVALID_FORM


@given(st.sampled_from(["2A", "2B"]), st.text(string.digits, min_size=7, max_size=7))
def test_corsican_numbers_are_checked_for_their_form(prefix, digits):
    assert finess.error(prefix + digits) is None
    assert finess.error(prefix + digits[:-1]) == finess.INVALID_FORM
    assert finess.error(prefix.replace("A", "C").replace("B", "C") + digits) == finess.INVALID_FORM


def test_departements_that_do_not_exist_are_refused():
    for number in ["000000000", "200000000", "960000000", "990000000", "2C0000000"]:
        assert finess.error(number) == finess.INVALID_FORM


def test_written_with_spaces_or_dots_it_is_read_the_same():
    assert finess.normalize(" 01 078 019 5 ") == "010780195"
    assert finess.normalize("2b.000.002.0") == "2B0000020"
