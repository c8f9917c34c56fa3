"""The labels files: complete, placeholders kept, chosen by language tag, renamed by a theme."""
from __future__ import annotations

from pathlib import Path

import pytest

from publisher.errors import ContentError
from publisher.labels import DEFAULT_FOLDER, Labels, candidates, load_labels
from publisher.theme import load_theme


def test_every_shipped_labels_file_is_complete():
    files = sorted(DEFAULT_FOLDER.glob("*.yaml"))
    assert files
    for path in files:
        labels = load_labels(path.stem)
        assert labels.language == path.stem


def test_a_tag_falls_back_to_its_primary_subtag_then_english():
    assert candidates("es-US") == ["es-US", "es"]
    assert candidates("zh-Hant-TW") == ["zh-Hant-TW", "zh-Hant", "zh"]
    assert load_labels("en-US").language == "en"
    assert load_labels("xx-YY").language == "en"


def test_page_numbers():
    labels = load_labels("en")
    assert labels.page_number(2) == "Page 2"
    assert labels.page_number(1, 1) == "Page 1"
    assert labels.page_number(2, 3) == "Page 2 of 3"


def test_a_label_and_its_value_are_joined_in_the_languages_punctuation():
    english, spanish, french = load_labels("en"), load_labels("es-US"), load_labels("fr-CA")
    assert english.pair("Phone", "555-0100") == "Phone: 555-0100"
    assert spanish.pair("Teléfono", "555-0100") == "Teléfono: 555-0100"
    assert french.pair("Téléphone", "555-0100") == "Téléphone\u00a0: 555-0100"  # espace insécable
    assert english.lead_in("Related links") == "Related links:"
    assert french.lead_in("Liens connexes") == "Liens connexes\u00a0:"


def test_a_label_ending_with_its_own_colon_gets_no_second_one():
    english, french = load_labels("en"), load_labels("fr-CA")
    assert english.pair("Case No. 1:", "$0") == "Case No. 1: $0"
    assert english.lead_in("Case No. 1:") == "Case No. 1:"
    assert french.pair("Dossier n° 1 :", "0 $") == "Dossier n° 1 : 0 $"
    assert english.pair("Ratio 2:1", "3") == "Ratio 2:1: 3"  # a colon inside the label is its own


def test_names_are_listed_in_the_languages_words():
    assert load_labels("en").joined(["Arrests", "Seizures"]) == "Arrests and Seizures"
    assert load_labels("es").joined(["Arrestos", "Incautaciones"]) == "Arrestos e Incautaciones"
    assert load_labels("es").joined(["Armas", "Dinero"]) == "Armas y Dinero"
    assert load_labels("es").joined(["Armas", "Hierro"]) == "Armas y Hierro"  # a diphthong, not /i/
    assert load_labels("es").joined(["Armas", "Dinero", "Hijos"]) == "Armas, Dinero e Hijos"
    assert load_labels("fr").joined(["Saisies", "Arrestations"]) == "Saisies et Arrestations"


def test_english_lists_names_as_cldr_does_without_babel():
    from babel.lists import format_list

    for names in (["A"], ["A", "B"], ["A", "B", "C"], ["A", "B", "C", "D"]):
        assert load_labels("en").joined(names) == format_list(names, locale="en_US")


def test_a_label_that_drops_its_placeholder_is_refused(tmp_path):
    text = (DEFAULT_FOLDER / "en.yaml").read_text(encoding="utf-8")
    (tmp_path / "en.yaml").write_text(text.replace('"Page {page} of {pages}"', '"Page {page}"'), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_labels("en", tmp_path)
    assert "page_of" in str(caught.value) and "{pages}" in str(caught.value)


def test_a_missing_label_is_refused_naming_it(tmp_path):
    text = (DEFAULT_FOLDER / "en.yaml").read_text(encoding="utf-8")
    kept = "\n".join(line for line in text.splitlines() if not line.startswith("contact:"))
    (tmp_path / "en.yaml").write_text(kept, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_labels("en", tmp_path)
    assert "contact" in str(caught.value)


def test_a_theme_renames_labels_from_its_own_folder(tmp_path):
    theme_text = Path(load_theme().folder / "theme.yaml").read_text(encoding="utf-8")
    # no fonts beside it: a theme's font names not found in its folder are the packaged fonts
    (tmp_path / "theme.yaml").write_text(theme_text + "\nlabels: words\n", encoding="utf-8")
    (tmp_path / "words").mkdir()
    english = (DEFAULT_FOLDER / "en.yaml").read_text(encoding="utf-8")
    (tmp_path / "words" / "en.yaml").write_text(english.replace("Key figures", "The numbers"), encoding="utf-8")
    theme = load_theme(tmp_path / "theme.yaml")
    assert theme.labels_for("en-US").key_figures == "The numbers"


def test_a_theme_labels_folder_outside_the_theme_is_refused(tmp_path):
    theme_text = Path(load_theme().folder / "theme.yaml").read_text(encoding="utf-8")
    (tmp_path / "theme.yaml").write_text(theme_text + "\nlabels: ../\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_theme(tmp_path / "theme.yaml").labels_for("en")
    assert "labels" in str(caught.value)


def test_labels_are_immutable():
    from pydantic import ValidationError

    assert isinstance(load_labels("en"), Labels)
    with pytest.raises(ValidationError):
        load_labels("en").contact = "x"  # type: ignore[misc]
