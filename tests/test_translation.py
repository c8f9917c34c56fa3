"""Translations: a companion file per language, laid over the original; a translation that is not
the original's, part for part and figure for figure, is refused at load with its place."""
from __future__ import annotations

import shutil

import pytest

from conftest import RELEASE, run_publisher
from publisher.errors import ContentError
from publisher.translation import load_release

SPANISH = RELEASE.with_name("operation-last-mile.es.yaml")


@pytest.fixture
def pair(tmp_path):
    """The worked example and its Spanish translation, copied; returns (original, translation) paths."""
    original = tmp_path / RELEASE.name
    translation = tmp_path / SPANISH.name
    shutil.copy(RELEASE, original)
    shutil.copy(SPANISH, translation)
    return original, translation


def refused(path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_release(path)
    return [str(p) for p in caught.value.problems]


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_the_worked_example_has_a_us_spanish_translation():
    loaded = load_release(RELEASE)
    (spanish,) = loaded.translations
    assert spanish.release.language == "es-US" and spanish.edition == "operation-last-mile.es-US"
    assert spanish.release.figures["fentanyl_pills"].unit == "píldoras de fentanilo"
    assert {k: f.value for k, f in spanish.release.figures.items()} == {
        k: f.value for k, f in loaded.release.figures.items()}
    assert spanish.release.meta.contact.phone == loaded.release.meta.contact.phone
    assert spanish.release.dates == loaded.release.dates


def test_a_translation_missing_a_section_is_refused_where_its_sections_are(pair):
    original, translation = pair
    text = translation.read_text(encoding="utf-8")
    start = text.index("  - heading: Un enfoque basado en las redes")
    translation.write_text(text[:start] + text[text.index("links:"):], encoding="utf-8")
    problems = refused(original)
    assert any("4 sections; the original" in p and "has 5" in p and "A network-based approach" in p
               for p in problems), problems
    line = text[:text.index("  - heading: Una operación nacional")].count("\n") + 1
    assert any(p.startswith(f"{translation}:{line}:") for p in problems), problems


REFUSALS = {
    "a missing figure": ("  firearms:\n    unit: armas de fuego\n    label: Armas de fuego incautadas\n"
                         "    group: Incautaciones\n    source: \"DEA, resultados de la Operación Última Milla\"\n", "",
                         "figures.firearms is missing"),
    "a value": ("    unit: armas de fuego\n", "    unit: armas de fuego\n    value: 8500\n", "unknown field 'value'"),
    "a figure dropped from a text": ("{firearms} y {money}. Las redes", "armas de fuego y {money}. Las redes",
                                     "release.summary: the translation drops {firearms}"),
    "another figure cited": ("figuraron en {platform_cases}.", "figuraron en {platform_cases} y {indicted}.",
                             "cites {indicted}, which the original does not cite here"),
    "a number typed": ("figuraron en {platform_cases}.", "figuraron en más de 1.100 casos.",
                       "number '1.100' typed into prose"),
    "another language than its name": ("language: es-US", "language: fr-CA",
                                       "the file name says 'es' but the translation declares 'fr-CA'"),
    "an unfaithful excerpt": ("nunca han sido más importantes.\n    milstead", "nunca han sido tan importantes.\n    milstead",
                              "not a faithful excerpt of quote 'garcia'"),
}


@pytest.mark.parametrize("defect", sorted(REFUSALS))
def test_a_translation_with_a_defect_is_refused_naming_it(pair, defect):
    original, translation = pair
    old, new, said = REFUSALS[defect]
    edit(translation, old, new)
    problems = refused(original)
    assert any(said in p and p.startswith(f"{translation}:") for p in problems), problems


def test_a_language_without_phrases_is_refused(pair):
    original, translation = pair
    german = translation.rename(translation.with_name("operation-last-mile.de.yaml"))
    edit(german, "language: es-US", "language: de-DE")
    assert any("does not know how to write figures in 'de-DE'" in p for p in refused(original))


def test_one_language_translated_twice_is_refused(pair):
    original, translation = pair
    shutil.copy(translation, translation.with_name("operation-last-mile.es-US.yaml"))
    assert any("'es-US' is translated twice" in p for p in refused(original))


def test_validate_names_the_translations_and_a_translation_stands_for_its_original(pair):
    original, translation = pair
    proc = run_publisher("validate", translation)
    assert proc.returncode == 0, proc.stderr
    assert "translated into es-US (operation-last-mile.es.yaml)" in proc.stdout


def test_a_bad_translation_is_exit_2_with_its_place(pair, tmp_path):
    original, translation = pair
    edit(translation, "      - quote: lemma\n", "")
    proc = run_publisher("build", original, "--out", tmp_path / "out", "-f", "text")
    assert proc.returncode == 2
    assert f"{translation}:" in proc.stderr and "sections[3].blocks differ from the original's" in proc.stderr
    assert not (tmp_path / "out").exists()
