"""Figures and dates in each language's words: CLDR's rules by the full tag, English as it always was."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.figures import date_text, figure_parts, figure_text, hold_together
from publisher.model import QUALIFIERS, Figure, Period
from publisher.phrases import FOLDER, CldrPhrases, phrase_data, phrases_for

NBSP = "\u00a0"


def fig(value, unit="libras", qualifier="exact"):
    return Figure(value=value, unit=unit, qualifier=qualifier, label="x")


@pytest.mark.parametrize("language, figure, text", [
    ("es-US", fig(6500, "libras de fentanilo en polvo", "more than"), "más de 6,500 libras de fentanilo en polvo"),
    ("es-US", fig(91000, "libras"), "91,000 libras"),
    ("es-ES", fig(6500, "libras"), "6500 libras"),  # CLDR: Spain groups from five digits
    ("es-ES", fig(91000, "libras"), "91.000 libras"),
    ("es-MX", fig(6500, "libras"), "6,500 libras"),
    ("fr-CA", fig(6500, "livres", "more than"), f"plus de 6{NBSP}500 livres"),
    ("fr-FR", fig(6500, "livres"), "6\u202f500 livres"),
    ("es-US", fig(44_000_000, "píldoras de fentanilo", "nearly"), "casi 44 millones de píldoras de fentanilo"),
    ("fr-CA", fig(44_000_000, "pilules", "nearly"), "près de 44 millions de pilules"),
    ("fr-CA", fig(1_500_000, "armes"), "1,5 million d’armes"),  # singular below two, joiner elided
    ("es-US", fig(1_250_000_000, "dosis"), "1.25 mil millones de dosis"),
    ("es-US", fig(100_000_000, "USD", "more than"), "más de 100 millones de dólares"),
    ("es-ES", fig(100_000_000, "USD"), "100 millones de dólares estadounidenses"),
    ("fr-CA", fig(100_000_000, "CAD", "more than"), "plus de 100 millions de dollars"),
    ("fr-CA", fig(Decimal("19.9"), "CAD"), f"19,90{NBSP}$"),
    ("es-ES", fig(950, "EUR"), f"950{NBSP}€"),
    ("en-GB", fig(100_000_000, "GBP", "more than"), "more than £100 million"),
    ("es-US", fig(Decimal("2.5"), "toneladas", "about"), "alrededor de 2.5 toneladas"),
])
def test_a_figure_reads_by_the_rules_of_its_full_tag(language, figure, text):
    assert figure_text(figure, language) == text


@pytest.mark.parametrize("language, value, text", [
    ("es-US", dt.date(2023, 5, 5), "5 de mayo de 2023"),
    ("fr-CA", dt.date(2023, 5, 5), "5 mai 2023"),
    ("fr-CA", dt.date(2024, 3, 1), "1er mars 2024"),
    ("en-GB", dt.date(2023, 5, 5), "5 May 2023"),
    ("es-US", "2023-04", "abril de 2023"),
    ("fr-CA", "2023-04", "avril 2023"),
    ("es-US", Period(start=dt.date(2022, 5, 1), end=dt.date(2023, 5, 1)), "1 de mayo de 2022 al 1 de mayo de 2023"),
    ("fr-CA", Period(start=dt.date(2022, 5, 1), end=dt.date(2023, 5, 1)), "1er mai 2022 au 1er mai 2023"),
    ("en-US", Period(start=dt.date(2022, 5, 1), end=dt.date(2023, 5, 1)), "May 1, 2022 through May 1, 2023"),
])
def test_a_date_reads_by_the_rules_of_its_language(language, value, text):
    assert date_text(value, language) == text


def test_the_parts_of_a_spanish_figure_keep_the_joiner_with_the_unit():
    parts = figure_parts(fig(44_000_000, "píldoras", "nearly"), "es-US")
    assert (parts.qualifier, parts.number, parts.unit) == ("casi", "44 millones", "de píldoras")


def test_a_figure_is_written_in_the_language_of_its_release(release):
    from conftest import RELEASE
    from publisher.translation import load_release

    spanish = load_release(RELEASE).translations[0].release
    assert figure_text(release.figures["fentanyl_pills"]) == "nearly 44 million fentanyl pills"
    assert figure_text(spanish.figures["fentanyl_pills"]) == "casi 44 millones de píldoras de fentanilo"
    assert spanish.figures["fentanyl_pills"].value == release.figures["fentanyl_pills"].value


def test_plain_english_does_not_load_babel():
    import subprocess
    import sys

    code = ("import sys; from publisher.figures import figure_text, date_text; from publisher.model import Figure;"
            "import datetime; figure_text(Figure(value=6500, unit='pounds', label='x'), 'en-US');"
            "date_text(datetime.date(2023, 5, 5), 'en'); print('babel' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


values = st.one_of(
    st.integers(min_value=0, max_value=10**14),
    st.integers(min_value=1, max_value=10**6).map(lambda n: Decimal(n) * 10**6),
    st.integers(min_value=1, max_value=10**6).map(lambda n: Decimal(n) * 10**7),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300)
@given(values, st.sampled_from(["pounds", "USD", "EUR", "GBP", "CAD"]), st.sampled_from(QUALIFIERS),
       st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_english_without_babel_is_cldr_en_us(value, unit, qualifier, day):
    """The English code writes exactly what CLDR's en-US rules write through Babel."""
    from babel import Locale

    cldr = CldrPhrases("en-US", phrase_data("en"), Locale.parse("en_US"))
    plain = phrases_for("en-US")
    figure = fig(value, unit, qualifier)
    assert plain.figure_text(figure) == cldr.figure_text(figure)
    assert plain.date_text(day) == cldr.date_text(day)
    assert plain.date_text(f"{day.year:04d}-{day.month:02d}") == cldr.date_text(f"{day.year:04d}-{day.month:02d}")


@settings(max_examples=200)
@given(values, st.sampled_from(["es-US", "es-ES", "fr-CA", "fr-FR", "en-GB"]))
def test_every_language_writes_the_exact_value(value, language):
    """The digits a reader sees say the value exactly: read back with the language's CLDR symbols."""
    from publisher.numbers import number_reader

    text = figure_parts(fig(value, "x"), language).number
    reader = number_reader(language)
    match = reader.pattern.search(text.replace(NBSP, " ").replace("\u202f", " "))
    assert match and reader.value(match) == value, text


def test_every_phrase_file_has_its_labels_file():
    from publisher.labels import DEFAULT_FOLDER

    for path in FOLDER.glob("*.yaml"):
        assert (DEFAULT_FOLDER / path.name).is_file(), path.name
        phrase_data(path.stem)


def test_a_long_spanish_figure_keeps_its_number_words_and_first_noun_together():
    text = "casi 193 millones de dosis letales de fentanilo retiradas de las comunidades"
    held = hold_together(text, "es-US")
    assert held.startswith(NBSP.join(["casi", "193", "millones", "de", "dosis"]) + " ")
