"""The plain-text edition, pinned by a golden file and checked by its own audit."""
import difflib
import os
from pathlib import Path

import pytest

from conftest import assert_whole_release
from publisher.audit import text as text_audit
from publisher.figures import figure_text
from publisher.render import text
from publisher.spec import Options
from publisher.theme import load_theme


def render(release) -> bytes:
    return text.render(release, load_theme(), Options())

GOLDEN = Path(__file__).parent / "golden" / "operation-last-mile.txt"
ACCEPT = "PUBLISHER_ACCEPT_GOLDEN=1 python -m pytest tests/test_text.py"


def test_matches_the_golden_file(release):
    actual = render(release).decode("utf-8")
    if os.environ.get("PUBLISHER_ACCEPT_GOLDEN"):
        GOLDEN.write_text(actual, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(True), actual.splitlines(True), "golden", "actual"))
        pytest.fail(f"text edition differs from {GOLDEN.name}:\n{diff}\nTo accept it: {ACCEPT}")


def test_every_figure_speaker_and_platform_is_there(release):
    assert_whole_release(" ".join(render(release).decode("utf-8").split()), release, item_prefix="- ")


def test_lines_fit_and_figures_never_break(release):
    lines = render(release).decode("utf-8").splitlines()
    assert max(map(len, lines)) <= 80
    for figure in release.figures.values():
        assert any(figure_text(figure) in line for line in lines), figure_text(figure)


def test_figures_as_label_lines_without_the_word_the_label_says(release):
    text = render(release).decode("utf-8")
    assert "- Fentanyl pills seized: nearly 44 million\n" in text
    assert "- Fentanyl powder seized: more than 6,500 pounds\n" in text
    assert "- Arrests: 3,337\n" in text
    assert "- Money seized: more than $100 million\n" in text


def test_title_and_headings_are_underlined(release):
    lines = render(release).decode("utf-8").splitlines()
    assert set(lines[2]) == {"="} and len(lines[2]) == max(len(lines[0]), len(lines[1]))
    results = lines.index("Results")
    assert lines[results + 1] == "-------" and lines[results - 1] == ""


def test_audit_finds_nothing_in_the_release(release, tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(render(release))
    assert text_audit.audit(path) == []


@pytest.mark.parametrize("content, rule", [
    ("Title\n=====\n\nA\tB\n", "text.tab"),
    ("Title\n=====\n\n" + "x" * 81 + "\n", "text.line-length"),
    ("Title\r\n=====\n", "text.newlines"),
    ("Title\n=====\n\nno newline", "text.final-newline"),
    ("Just text\n", "text.title"),
    ("Title\n=====\n\n\u2554\u2550\u2557\n", "text.box-drawing"),
])
def test_audit_catches(tmp_path, content, rule):
    path = tmp_path / "t.txt"
    path.write_bytes(content.encode())
    assert rule in {f.rule for f in text_audit.audit(path)}


def test_extract_joins_wrapped_lines(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Title\n=====\n\nseized nearly 44\nmillion pills\n")
    passages = text_audit.extract(path)
    assert passages[-1].text == "seized nearly 44 million pills"
    assert passages[-1].location == "lines 4-5"
