"""Every edition in every language, with the same figures: built, declared, read back and reconciled
in each language's own forms; a wrong, missing or foreign-form figure in any format of a
translation is a finding naming the file, the figure and the language."""
from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pytest

from conftest import FIXTURES, RELEASE, run_publisher
from publisher import formats as registry
from publisher.check import check_file, check_folder
from publisher.expectations import Expectations
from publisher.translation import load_release

SLUG = "operation-last-mile"
BILINGUAL = FIXTURES / "bilingual" / "library.yaml"


def tools_for(name: str) -> list[str]:
    return {"braille": ["lou_translate"]}.get(name, [])


def available(name: str) -> bool:
    return all(shutil.which(tool) for tool in tools_for(name))


def relanguage(release, language: str):
    """``release`` told it is in ``language`` (its figures written by that language's rules)."""
    figures = {k: f.model_copy().in_language(language) for k, f in release.figures.items()}
    meta = release.meta.model_copy(update={"language": language})
    return release.model_copy(update={"release": meta, "figures": figures})


def with_figure(release, key: str, **change):
    figures = dict(release.figures)
    figures[key] = figures[key].model_copy(update=change).in_language(release.language)
    return release.model_copy(update={"figures": figures})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from publisher.build import build_release

    out = tmp_path_factory.mktemp("out")
    result = build_release(RELEASE, out, registry.names(), force=True, workers=2)
    assert result.exit_code == 0, [*map(str, result.findings), *result.failures, *result.skipped]
    return out / SLUG


@pytest.fixture(scope="module")
def spanish():
    return load_release(RELEASE).translations[0].release


def test_every_format_is_built_in_both_languages_named_to_sort_by_language(built):
    names = sorted(p.name for p in built.iterdir())
    for fmt in registry.all_formats().values():
        if available(fmt.name):
            assert fmt.file_name(SLUG) in names and fmt.file_name(f"{SLUG}.es-US") in names
    spanish = [n for n in names if ".es-US" in n]
    assert names[names.index(spanish[0]):names.index(spanish[-1]) + 1] == spanish, "a language's editions sit together"


def test_the_manifest_records_each_languages_figures(built):
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["language"] == "en-US"
    spanish = manifest["translations"]["es-US"]
    assert spanish["file"].endswith("operation-last-mile.es.yaml")
    assert spanish["figures"]["fentanyl_pills"] == "casi 44 millones de píldoras de fentanilo"
    assert spanish["figures"]["money"] == "más de 100 millones de dólares"
    assert spanish["dates"]["operation"] == "1 de mayo de 2022 al 1 de mayo de 2023"
    assert set(spanish["figures"]) == set(manifest["figures"])
    assert manifest["outputs"]["text.es-US"]["language"] == "es-US"


def test_a_build_of_both_languages_checks_clean_from_the_manifest_and_from_the_content(built):
    for report in (check_folder(built), check_folder(built, loaded=load_release(RELEASE), content_path=RELEASE)):
        assert report.ok, "\n".join(map(str, report.findings))
        assert len(report.files) == 2 * len([n for n in registry.names() if available(n)])


@pytest.mark.parametrize("name", registry.names())
def test_every_spanish_output_declares_spanish_wherever_it_declares_a_language(built, name):
    from publisher.audit.languages import declared

    path = built / registry.get(name).file_name(f"{SLUG}.es-US")
    if not path.exists():
        pytest.skip(f"{name} needs {', '.join(tools_for(name))}")
    tags = {tag for _, tag in declared(path)}
    assert tags <= {"es-US"}
    if name not in ("text", "braille"):
        assert tags == {"es-US"}


def test_an_output_that_declares_another_language_is_a_finding(built, tmp_path):
    english = built / registry.get("html").file_name(SLUG)
    path = tmp_path / registry.get("html").file_name(f"{SLUG}.es-US")
    shutil.copy(built / path.name, path)
    path.write_text(path.read_text(encoding="utf-8").replace('lang="es-US"', 'lang="en-US"', 1), encoding="utf-8")
    spanish = load_release(RELEASE).translations[0].release
    findings = check_file(path, Expectations.from_release(spanish, translation=True), "html").findings
    assert any(f.rule == "languages.declared" and "en-US" in f.message for f in findings), findings
    assert english.exists()


PLANTS = {
    # a wrong figure: 3,373 arrests where the registry says 3,337
    "wrong": (lambda r: with_figure(r, "arrests", value=Decimal(3373)), "figures.contradiction", "'arrests' (es-US)"),
    # a missing figure: "44 millones" where the registry says "casi 44 millones"
    "missing": (lambda r: with_figure(r, "fentanyl_pills", qualifier="exact"), "figures.inconsistent-form",
                "'fentanyl_pills' (es-US)"),
    # another locale's form: es-AR writes "6.500" and "91.000"
    "foreign": (lambda r: relanguage(r, "es-AR"), "figures.foreign-form", "es-US writes it 'más de 6,500 libras"),
}


@pytest.mark.parametrize("plant", sorted(PLANTS))
@pytest.mark.parametrize("name", registry.names())
def test_a_planted_figure_in_any_format_of_a_translation_is_caught(spanish, theme, tmp_path, name, plant):
    if not available(name):
        pytest.skip(f"{name} needs {', '.join(tools_for(name))}")
    change, rule, said = PLANTS[plant]
    fmt = registry.get(name)
    path = tmp_path / fmt.file_name(f"{SLUG}.es-US")
    path.write_bytes(fmt.render(change(spanish), theme))
    findings = check_file(path, Expectations.from_release(spanish, translation=True), name).findings
    assert any(f.rule == rule and said in f.message and f.file == str(path) for f in findings), \
        "\n".join(map(str, findings))
    assert any(f.rule == "figures.missing" and "(es-US)" in f.message for f in findings)


def test_switching_the_tag_between_es_us_and_es_es_changes_the_grouping_in_every_output(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(RELEASE, content)
    translation = content / "operation-last-mile.es.yaml"
    translation.write_text(RELEASE.with_name(translation.name).read_text(encoding="utf-8")
                           .replace("language: es-US", "language: es-ES"), encoding="utf-8")
    proc = run_publisher("build", content / RELEASE.name, "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    folder = tmp_path / "out" / SLUG
    for name, fmt in registry.all_formats().items():
        path = folder / fmt.file_name(f"{SLUG}.es-ES")
        if not available(name):
            continue
        text = " ".join(p.text for p in fmt.extract(path, "es-ES")).replace("\u00a0", " ")
        assert "más de 6500 libras" in text and "más de 91.000 libras" in text, name
        assert "6,500" not in text and "91,000" not in text, name


def test_a_canadian_french_release_builds_and_checks(tmp_path):
    proc = run_publisher("build", BILINGUAL, "--out", tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    folder = tmp_path / "library"
    text = (folder / "library.fr-CA.txt").read_text(encoding="utf-8")
    assert "plus de 12\u00a0000 livres" in text  # the group separator is CLDR's no-break space, kept
    assert "4,25 millions de dollars" in text and "près de 1,5 million de visites par année" in text
    assert "du 9 janvier 2023 au 1er mars 2024" in text
    assert "Téléphone\u00a0: 555-010-2030" in text and "« Une bibliothèque" in text.replace("\u00a0", " ")
    assert run_publisher("check", folder).returncode == 0
    for name, fmt in registry.all_formats().items():  # French punctuation in every edition a reader opens
        if available(name):
            read = " ".join(p.text for p in fmt.extract(folder / fmt.file_name("library.fr-CA"), "fr-CA"))
            assert "Téléphone : 555-010-2030" in " ".join(read.replace("\u00a0", " ").split()), name


def test_an_edited_translation_makes_its_outputs_stale(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(BILINGUAL, content)
    shutil.copy(BILINGUAL.with_name("library.fr-CA.yaml"), content)
    assert run_publisher("build", content / "library.yaml", "--out", tmp_path / "out", "-f", "text").returncode == 0
    french = content / "library.fr-CA.yaml"
    french.write_text(french.read_text(encoding="utf-8").replace("Livres sur les rayons", "Livres en rayon"),
                      encoding="utf-8")
    proc = run_publisher("check", tmp_path / "out" / "library", "--content", content / "library.yaml")
    assert proc.returncode == 1 and "library.fr-CA.txt: file: freshness.stale" in proc.stderr
    assert "fr-CA translation" in proc.stderr and "library.txt:" not in proc.stderr
    again = run_publisher("build", content / "library.yaml", "--out", tmp_path / "out", "-f", "text")
    assert "(1 written, 1 unchanged)" in again.stdout


def test_a_draft_build_marks_each_language_in_its_own_words(tmp_path):
    proc = run_publisher("build", BILINGUAL, "--out", tmp_path, "--draft", "-f", "text", "-f", "html")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    french = (tmp_path / "library" / "library.fr-CA.txt").read_text(encoding="utf-8")
    assert "ÉBAUCHE, ne pas publier" in french and "ÉBAUCHE\u00a0: " in french and "DRAFT" not in french
    assert "DRAFT, not for publication" in (tmp_path / "library" / "library.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def french():
    return load_release(BILINGUAL).translations[0].release


def test_a_figure_follows_its_label_in_the_languages_words(spanish, french):
    from publisher.figures import figure_value

    assert figure_value(spanish.figures["fentanyl_pills"]) == "casi 44 millones"  # the label says the pills
    assert figure_value(spanish.figures["fentanyl_powder"]) == "más de 6,500 libras"  # the measure stays
    assert figure_value(spanish.figures["money"]) == "más de 100 millones de dólares"
    assert figure_value(spanish.figures["arrests"]) == "3,337"
    assert figure_value(french.figures["books"]) == "plus de 12\u00a0000"


def test_only_english_headlines_put_figures_in_title_case(release, spanish):
    from publisher.figures import Resolver

    assert "Nearly 44 Million Fentanyl Pills" in Resolver(release).heading("Operation Seizes {fentanyl_pills}")
    assert Resolver(spanish).heading("Operación Última Milla Incauta {fentanyl_pills}") == (
        "Operación Última Milla Incauta casi 44 millones de píldoras de fentanilo")


def test_french_figure_listings_are_read_with_the_space_before_the_colon(tmp_path, french, theme):
    from publisher.audit import text as text_audit
    from publisher.listings import figure_items

    path = tmp_path / "library.fr-CA.txt"
    path.write_bytes(registry.get("text").render(french, theme))
    assert "Livres sur les rayons\u00a0: plus de 12\u00a0000" in path.read_text(encoding="utf-8")
    expected = Expectations.from_release(french, translation=True)
    items = figure_items(text_audit.extract(path), expected)
    assert [item.key for item in items if item.labelled] == list(expected.figures)


def test_a_reordered_figure_in_a_translation_is_a_reading_order_finding(built, tmp_path):
    path = tmp_path / f"{SLUG}.es-US.txt"
    text = (built / path.name).read_text(encoding="utf-8")
    first, second = "- Investigaciones: 1,436\n", "- Arrestos: 3,337\n"
    assert first + second in text
    path.write_text(text.replace(first + second, second + first), encoding="utf-8")
    findings = check_file(path, Expectations.from_manifest(json_manifest(built), "es-US"), "text").findings
    assert any(f.rule == "order.figures" and "'investigations'" in f.message for f in findings), findings


def json_manifest(folder):
    from publisher.manifest import read_manifest

    return read_manifest(folder)


@pytest.mark.parametrize("language, run, fits_chars, kept", [
    ("es-US", "casi\u00a044\u00a0millones\u00a0de\u00a0píldoras\u00a0de\u00a0fentanilo", 16, (0, 3)),
    ("es-US", "más\u00a0de\u00a01.5\u00a0mil\u00a0millones\u00a0de\u00a0dólares", 23, (0, 5)),  # a scale of two words
    ("fr-CA", "plus\u00a0de\u00a012\u00a0000\u00a0livres", 14, (0, 3)),  # "12 000" is one word: never cut
    ("fr-CA", "plus\u00a0de\u00a012\u00a0000\u00a0livres", 8, (2, 3)),
])
def test_the_web_page_keeps_a_number_with_its_scale_word_in_the_pages_language(language, run, fits_chars, kept):
    from publisher.phrases import phrases_for
    from publisher.render.html import _HOLDING, kept_span

    words = _HOLDING.split(run)
    assert kept_span(words, lambda phrase: len(phrase) <= fits_chars, phrases_for(language).scale_words) == kept
