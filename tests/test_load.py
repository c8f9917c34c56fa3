"""The loader: every problem named with file, line, column and field; never a traceback."""
import pytest

from conftest import MINIMAL
from publisher.errors import ContentError
from publisher.load import load


def problems(path):
    with pytest.raises(ContentError) as info:
        load(path)
    return info.value.problems


def one(path):
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


def minimal_with(old: str, new: str) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_the_release_loads_with_every_figure(release):
    assert set(release.figures) == {
        "investigations", "arrests", "fentanyl_pills", "fentanyl_powder", "methamphetamine",
        "firearms", "money", "deadly_doses", "platform_cases", "indicted",
    }
    assert len(release.quotes) == 4
    assert sum(len(named.items) for named in release.lists.values()) == 9


def test_yaml_syntax_error_has_its_line(write_content):
    p = one(write_content("release: [a, b\nfigures: {}\n"))
    assert p.line == 2 and "YAML syntax error" in p.message


def test_unknown_key_suggests_the_closest(write_content):
    p = one(write_content(minimal_with("    qualifier: more than", "    qualifer: more than")))
    assert (p.line, p.field) == (16, "figures.books.qualifer")
    assert "did you mean 'qualifier'?" in p.message


def test_wrong_type(write_content):
    p = one(write_content(minimal_with("value: 12000", "value: twelve thousand")))
    assert (p.line, p.field) == (15, "figures.books.value")
    assert "must be a number" in p.message


def test_missing_required_field(write_content):
    p = one(write_content(minimal_with("  agency: City of Example\n", "")))
    assert p.field == "release.agency" and "missing" in p.message and p.line == 2


def test_unknown_reference_suggests_the_key(write_content):
    p = one(write_content(minimal_with("opened today with {books}", "opened today with {bookz}")))
    assert (p.line, p.field) == (22, "sections[0].blocks[0]")
    assert "did you mean '{books}'?" in p.message


def test_duplicate_key_is_an_error(write_content):
    p = one(write_content(minimal_with("  agency: City of Example\n", "  agency: City of Example\n  agency: Town\n")))
    assert p.line == 4 and "duplicate key 'agency'" in p.message and "line 3" in p.message


def test_digits_in_prose_escape_the_registry(write_content):
    p = one(write_content(minimal_with("opened today with {books}", "opened today with 12,000 books")))
    assert (p.line, p.field) == (22, "sections[0].blocks[0]")
    assert "number '12,000'" in p.message


def test_digits_located_inside_a_folded_paragraph(write_content):
    text = minimal_with("      - The new branch opened today with {books}.",
                        "      - >-\n        The new branch opened\n        today with 40 shelves and {books}.")
    p = one(write_content(text))
    assert (p.line, p.column) == (24, 20)


def test_identifiers_in_prose_stand_as_typed(write_content):
    text = minimal_with("opened today with {books}", "opened today with {books}, at 1200 Main Street at 10 a.m., "
                        "under Section 508 and Executive Order 13166, off I-95; call 555-014-2200 about "
                        "COVID-19 or Case No. 1:23-cr-00456")
    assert load(write_content(text)).release.sections[0].blocks[0].count("555-014-2200") == 1


def test_a_number_it_cannot_tell_shows_both_ways_out_where_it_stands(write_content):
    p = one(write_content(minimal_with("opened today with {books}", "opened today with {books} and 40 shelves")))
    assert (p.line, p.column, p.field) == (22, 54, "sections[0].blocks[0]")
    assert "number '40'" in p.message and "register it under 'figures'" in p.message
    assert "mark it as written: `40`" in p.message


def test_a_quantity_beside_an_identifier_word_is_refused_where_it_stands(write_content):
    p = one(write_content(minimal_with("opened today with {books}", "opened today with {books} under Section 3,337 books")))
    assert (p.line, p.field) == (22, "sections[0].blocks[0]")
    assert "number '3,337'" in p.message and "is a quantity; register it under 'figures'" in p.message
    assert "`" not in p.message


def test_literal_text_stands_as_typed_and_cannot_hide_a_quantity(write_content):
    assert load(write_content(minimal_with("opened today with {books}", "opened today with {books} and `Apollo 11`")))
    p = one(write_content(minimal_with("opened today with {books}", "opened today with {books} and `12,000 books`")))
    assert "literal text holds a quantity ('12,000')" in p.message and p.line == 22


def test_unused_figure_is_a_warning(write_content):
    text = minimal_with("opened today with {books}.", "opened today.")
    path = write_content(text.replace("new branch with {books}.", "new branch."))
    loaded = load(path)
    assert [w.field for w in loaded.warnings] == ["figures.books"]
    assert loaded.warnings[0].severity == "warning"


@pytest.mark.parametrize("content, words", [
    (b"", "is empty"),
    (b"- a\n- b\n", "top level is a list"),
    (b"release:\n  title: caf\xe9\n", "not UTF-8"),
    (b"\xef\xbb\xbfrelease: {}\n", "byte-order mark"),
    (b"a: &a [x, x]\nb: [*a, *a]\n", "anchors"),
    (b"release:\n  title: a\x07b\n", "control character"),
    (b"release: {title: \"\\u202eevil\"}\n", "bidirectional"),
])
def test_unreadable_files(tmp_path, content, words):
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    found = problems(path)
    assert words in found[0].message and found[0].file == str(path)


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]" for i in range(1, 12)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines))
    assert "anchors" in one(path).message


def test_folder_and_missing_file(tmp_path):
    assert "folder" in one(tmp_path).message
    assert "no such file" in one(tmp_path / "nope.yaml").message


def test_problem_text_names_file_line_column_and_field(write_content):
    p = one(write_content(minimal_with("value: 12000", "value: many")))
    assert str(p).startswith(f"{p.file}:15:12: figures.books.value: ")


@pytest.mark.parametrize("text", [
    "release: [unclosed\n", "a: &x 1\nb: *x\n", "a: &x 1\n", "a: 1\n  b: 2\n", "- a\n- b: [\n", "a: 'x\n",
    "a:\n\t- x\n", "key: value\nkey: other\n", "a: {b: 1, b: 2}\n", "release:\n  title: Été 2024\n",
])
def test_libyaml_and_the_python_parser_read_content_alike(text, monkeypatch):
    import yaml

    import publisher.load as loader

    def read():
        try:
            data, positions = loader.parse_yaml(text, "f.yaml")
            return data, positions.marks, positions.key_marks, positions.end_lines
        except ContentError as exc:
            return [str(p) for p in exc.problems]

    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("PyYAML was built without libyaml here")
    fast = read()
    monkeypatch.setattr(loader, "_LIBYAML", None)
    assert fast == read()
