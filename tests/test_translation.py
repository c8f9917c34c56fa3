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


def markdown_of(release) -> str:
    """A translated release as a translator's Markdown draft: every figure and date written out."""
    from publisher.document import attribution
    from publisher.figures import Resolver
    from publisher.model import ListBlock, QuoteBlock

    resolve = Resolver(release)
    meta = release.meta
    lines = [f"# {resolve(meta.title)}", "", resolve(meta.subtitle or ""), "", meta.agency, ""]
    for i, section in enumerate(release.sections):
        if section.heading:
            lines += [f"## {resolve(section.heading)}", ""]
        for j, block in enumerate(section.blocks):
            if isinstance(block, QuoteBlock):
                quote = release.quotes[block.quote]
                lines += [f"> “{resolve(quote.text)}”", f"> — {attribution(quote)}", ""]
            elif isinstance(block, ListBlock):
                named = release.lists[block.list]
                lines += [f"{resolve(named.title)}:", ""] + [f"- {resolve(item)}" for item in named.items] + [""]
            else:
                dateline = f"{meta.dateline} – " if i == j == 0 else ""
                lines += [dateline + resolve(block), ""]
    lines += [f"[{resolve(link.text)}]({link.url})" for link in release.links]
    return "\n".join(lines) + "\n"


def test_a_translated_draft_imports_into_a_translation_citing_the_originals_figures(pair, tmp_path):
    """The es-US translation written out as a translator's Markdown draft comes back with every
    figure and date cited as the original's key, each unit read from the text."""
    from publisher.load import prose_fields

    original, translation = pair
    loaded = load_release(original)
    spanish = loaded.translations[0].release
    draft = tmp_path / "borrador.md"
    draft.write_text(markdown_of(spanish), encoding="utf-8")
    translation.unlink()
    target = tmp_path / "operation-last-mile.es-US.yaml"
    proc = run_publisher("import", draft, "--translation-of", original, "--language", "es-US")
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {target}" in proc.stdout
    imported = load_release(original).translations[0].release  # validates: parts and citations match
    assert {k: f.unit for k, f in imported.figures.items()} == {k: f.unit for k, f in spanish.figures.items()}
    texts = dict(prose_fields(spanish))
    for path, text in prose_fields(imported):
        if path[0] in ("sections", "quotes") and path[-1] in ("text", "heading") or path[:1] == ("sections",):
            assert text == texts[path], path
    assert run_publisher("validate", target).returncode == 2  # a draft until its TODOs are confirmed
    assert run_publisher("validate", target, "--draft").returncode == 0
