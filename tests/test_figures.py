from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.figures import (
    Resolver,
    date_text,
    figure_parts,
    figure_text,
    format_number,
    parse_figure_text,
)
from publisher.model import _SCALE_WORDS, QUALIFIERS, Figure, Period


def fig(value, unit="pills", qualifier="exact"):
    return Figure(value=value, unit=unit, qualifier=qualifier, label="Label")


@pytest.mark.parametrize("figure, text", [
    (fig(1436, "investigations"), "1,436 investigations"),
    (fig(44_000_000, "fentanyl pills", "nearly"), "nearly 44 million fentanyl pills"),
    (fig(6500, "pounds of fentanyl powder", "more than"), "more than 6,500 pounds of fentanyl powder"),
    (fig(100_000_000, "USD", "more than"), "more than $100 million"),
    (fig(1_500_000_000, "USD"), "$1.5 billion"),
    (fig(1_250_000, "doses"), "1.25 million doses"),
    (fig(1_234_567, "doses"), "1,234,567 doses"),
    (fig(28, "members and associates"), "28 members and associates"),
    (fig(Decimal("2.5"), "tons", "about"), "about 2.5 tons"),
    (fig(950, "EUR"), "€950"),
])
def test_figure_text(figure, text):
    assert figure_text(figure) == text


def test_parts_read_in_display_order():
    parts = figure_parts(fig(44_000_000, "fentanyl pills", "nearly"))
    assert (parts.qualifier, parts.number, parts.unit) == ("nearly", "44 million", "fentanyl pills")


@pytest.mark.parametrize("bad", ["44M", "~44 million", "$100M", "$100 million dollars", "four", "1,2,3 pills"])
def test_shorthand_is_not_a_display_text(bad):
    with pytest.raises(ValueError):
        parse_figure_text(bad)


values = st.one_of(
    st.integers(min_value=0, max_value=10**13),
    st.integers(min_value=1, max_value=10**6).map(lambda n: Decimal(n) * 10**6),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
)
units = st.one_of(st.sampled_from(["USD", "EUR", "GBP"]),
                  st.from_regex(r"[a-z]{1,12}( [a-z]{1,12}){0,3}", fullmatch=True)
                  .filter(lambda unit: not _SCALE_WORDS.search(unit)))  # a unit never holds a scale word ('bn')


@given(values, units, st.sampled_from(QUALIFIERS))
def test_display_text_parses_back_to_the_same_figure(value, unit, qualifier):
    figure = fig(value, unit, qualifier)
    text = figure_text(figure)
    assert parse_figure_text(text) == (qualifier, figure.value, unit)
    assert figure_text(fig(value, unit, qualifier)) == text  # stable


@given(values)
def test_numbers_have_no_abbreviations(value):
    text = format_number(Decimal(value))
    assert text.replace(",", "").replace(".", "").replace(" ", "").rstrip("milonbtr").isdigit()


def test_dates():
    import datetime as dt

    assert date_text(dt.date(2023, 5, 5)) == "May 5, 2023"
    assert date_text("2023-04") == "April 2023"
    assert date_text(Period(start=dt.date(2022, 5, 1), end=dt.date(2023, 5, 1))) == \
        "May 1, 2022 through May 1, 2023"


def test_resolver_keeps_figures_together(release):
    text = Resolver(release, keep_together=True)("seized {fentanyl_pills}")
    assert text == "seized nearly\u00a044\u00a0million\u00a0fentanyl\u00a0pills"
    assert Resolver(release)("{release_date}") == "May 5, 2023"


def test_money_in_billions_with_two_decimals():
    assert figure_text(fig(1_250_000_000, "USD")) == "$1.25 billion"
    assert figure_text(fig(2_680_000_000, "USD", "about")) == "about $2.68 billion"


def test_a_long_figure_keeps_only_its_head_together():
    from publisher.figures import NBSP, hold_together

    assert hold_together("nearly 44 million fentanyl pills") == NBSP.join("nearly 44 million fentanyl pills".split())
    long = "more than 87,250 naloxone kits handed out to families and organisations"
    assert hold_together(long) == f"more{NBSP}than{NBSP}87,250{NBSP}naloxone kits handed out to families and organisations"


def labelled(label, value, unit, qualifier="exact"):
    return Figure(value=value, unit=unit, qualifier=qualifier, label=label)


@pytest.mark.parametrize("figure, value", [
    (labelled("Arrests", 3337, "arrests"), "3,337"),
    (labelled("Firearms seized", 8497, "firearms"), "8,497"),
    (labelled("Fentanyl pills seized", 44_000_000, "fentanyl pills", "nearly"), "nearly 44 million"),
    (labelled("Fentanyl powder seized", 6500, "pounds of fentanyl powder", "more than"), "more than 6,500 pounds"),
    (labelled("Money seized", 100_000_000, "USD", "more than"), "more than $100 million"),
    (labelled("Sinaloa Cartel members and associates indicted", 28, "members and associates"), "28"),
    (labelled("Medicine collected", 2150, "pounds of unused medicine"), "2,150 pounds of unused medicine"),
    (labelled("Arrest", 5, "arrests"), "5"),
])
def test_a_figure_after_its_label_drops_the_words_the_label_says(figure, value):
    from publisher.figures import figure_value

    assert figure_value(figure) == value


@pytest.mark.parametrize("headline, title_case", [
    ("Take-Back Day Collects {pounds}", True),
    ("DEA Operation Last Mile Tracks Down Cartel Associates within the United States", True),
    ("A year-long national operation", False),
    ("Results", False),
    ("What partners said", False),
])
def test_title_case_headlines_are_recognised(headline, title_case):
    from publisher.figures import is_title_case

    assert is_title_case(headline) is title_case


def test_a_figure_takes_title_case_only_in_a_title_case_heading(release):
    from publisher.figures import title_case

    assert title_case("more than 6,500 pounds of fentanyl powder") == "More than 6,500 Pounds of Fentanyl Powder"
    assert title_case("2,150 pounds of take-back medicine") == "2,150 Pounds of Take-Back Medicine"
    resolve = Resolver(release)
    assert resolve.heading("Operation Seizes {fentanyl_pills}") == "Operation Seizes Nearly 44 Million Fentanyl Pills"
    assert resolve.heading("The operation seized {fentanyl_pills}") == "The operation seized nearly 44 million fentanyl pills"
    assert resolve("Operation Seizes {fentanyl_pills}") == "Operation Seizes nearly 44 million fentanyl pills"
