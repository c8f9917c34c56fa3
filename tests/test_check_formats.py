"""`publisher check` on every format: a contradicting output is caught and named, a fresh build is clean."""
from __future__ import annotations

import shutil

import pytest

from conftest import RELEASE
from publisher import formats as registry
from publisher.check import check_file, check_folder
from publisher.load import load

SLUG = "operation-last-mile"


def tools_for(name: str) -> list[str]:
    return {"braille": ["lou_translate"]}.get(name, [])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from publisher.build import build_release

    out = tmp_path_factory.mktemp("out")
    result = build_release(RELEASE, out, registry.names(), force=True)
    assert result.exit_code == 0, [*map(str, result.findings), *result.failures, *result.skipped]
    return out / SLUG


@pytest.fixture(scope="module")
def contradicting(tmp_path_factory):
    """Every format rendered from the release with 3,337 arrests changed to 3,373."""
    folder = tmp_path_factory.mktemp("contradicting")
    return render_every_format(folder / f"{SLUG}.yaml", RELEASE.read_text().replace("value: 3337", "value: 3373"))


def render_every_format(content, text: str) -> dict[str, bytes]:
    """Every format whose tools are here, rendered from the content ``text`` (written to ``content``)."""
    from publisher.theme import load_theme

    content.write_text(text)
    release = load(content).release
    return {name: fmt.render(release, load_theme()) for name, fmt in registry.all_formats().items()
            if all(shutil.which(tool) for tool in tools_for(name))}


def planted(built, rendered: dict[str, bytes], tmp_path, name: str, content):
    """The report on a copy of the ``built`` folder whose output of format ``name`` is
    ``rendered[name]``, checked against ``content``, and that output's path."""
    if name not in rendered:
        pytest.skip(f"{name} needs {', '.join(tools_for(name))}")
    folder = tmp_path / built.name
    shutil.copytree(built, folder)
    path = folder / registry.get(name).file_name(built.name)
    path.write_bytes(rendered[name])
    report = check_folder(folder, release=load(content).release, content_path=content)
    others = [f for f in report.findings if f.file != str(path) and f.severity == "error"]
    assert not others, "\n".join(map(str, others))
    return report, path


def test_a_fresh_full_build_checks_clean(built):
    report = check_folder(built)
    assert report.ok, "\n".join(map(str, report.findings))
    assert set(report.formats) == set(registry.names())


@pytest.mark.parametrize("name", registry.names())
def test_a_contradicting_output_is_caught_naming_file_and_figure(built, contradicting, tmp_path, name):
    report, path = planted(built, contradicting, tmp_path, name, RELEASE)
    mine = [f for f in report.findings if f.file == str(path)]
    rules = {f.rule for f in mine}
    assert "figures.missing" in rules and "freshness.edited" in rules, rules
    assert any(f.rule == "figures.contradiction" and "'arrests'" in f.message and "3,373" in f.message
               for f in mine), "\n".join(map(str, mine))


@pytest.mark.parametrize("name", registry.names())
def test_each_output_checks_alone_against_its_manifest(built, name):
    path = built / registry.get(name).file_name(SLUG)
    from publisher.check import Expectations
    from publisher.manifest import read_manifest

    report = check_file(path, Expectations.from_manifest(read_manifest(built)))
    assert report.ok and report.formats == {name: True}, "\n".join(map(str, report.findings))


@pytest.mark.parametrize("fixture", ["minimal.yaml", "base.yaml", "deck-large.yaml"])
def test_every_fixture_builds_in_every_format_and_checks_clean(tmp_path, fixture):
    """Found in review: deck-large.yaml's large print split a word inside a long figure."""
    from conftest import FIXTURES
    from publisher.build import build_release

    result = build_release(FIXTURES / fixture, tmp_path, registry.names(), force=True)
    assert result.exit_code == 0, [*map(str, result.findings), *result.failures, *map(str, result.problems)]


# A release full of identifiers: names, codes, phone numbers, times, a case number

HEALTH = "health-vaccines"
#: The texts the issue names; each stands in prose without markup and reads back as typed.
ISSUE_IDENTIFIERS = ("COVID-19", "Section 508", "Executive Order 13166", "I-95", "555-014-2200", "10 a.m.",
                     "Case No. 1:23-cr-00456")


@pytest.fixture(scope="module")
def health(tmp_path_factory):
    from conftest import FIXTURES
    from publisher.build import build_release

    out = tmp_path_factory.mktemp("health")
    result = build_release(FIXTURES / f"{HEALTH}.yaml", out, registry.names(), force=True)
    assert result.exit_code == 0, [*map(str, result.findings), *result.failures, *result.skipped,
                                   *map(str, result.problems)]
    return out / HEALTH


@pytest.mark.parametrize("name", registry.names())
def test_identifiers_read_back_as_typed_from_every_output(health, name):
    from publisher.check import normalise

    fmt = registry.get(name)
    passages = fmt.extract(health / fmt.file_name(HEALTH))
    whole = " ".join(normalise(p.text) for p in passages)
    for text in ISSUE_IDENTIFIERS:
        assert text in whole, text
    assert "`" not in whole and "WCAG 2.2" in whole or name == "factsheet"


@pytest.fixture(scope="module")
def changed_identifiers(tmp_path_factory):
    """Every format rendered from the release with 'COVID-19' read as 'COVID-I9' and a digit of
    the phone number changed where the summary and a body paragraph say it."""
    from conftest import FIXTURES

    text = (FIXTURES / f"{HEALTH}.yaml").read_text().replace("COVID-19", "COVID-I9")
    for before in ("by calling ", "every site; call\n        "):  # in the summary, in the body
        text = text.replace(f"{before}555-014-2200", f"{before}555-014-2201")
    return render_every_format(tmp_path_factory.mktemp("changed") / f"{HEALTH}.yaml", text)


@pytest.mark.parametrize("name", registry.names())
def test_a_changed_identifier_is_caught_naming_file_place_and_text(health, changed_identifiers, tmp_path, name):
    from conftest import FIXTURES

    report, path = planted(health, changed_identifiers, tmp_path, name, FIXTURES / f"{HEALTH}.yaml")
    changed = [f for f in report.findings if f.file == str(path) and f.rule == "identifiers.changed"]
    messages = "\n".join(map(str, changed))
    assert any("'COVID-I9' where the content has 'COVID-19'" in f.message and f.location != "whole file"
               for f in changed), messages
    assert any("'555-014-2201' where the content has '555-014-2200'" in f.message for f in changed), messages
