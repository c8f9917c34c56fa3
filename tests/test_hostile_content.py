"""Bad content, one defect per file: exit 2, one clear located message, no traceback, no output.

Each case changes one thing in ``fixtures/base.yaml`` (a valid release) and names a fragment
the message must hold. The whole suite runs through the real CLI entry point.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, run_publisher

BASE = (FIXTURES / "base.yaml").read_text(encoding="utf-8")


def replace(old: str, new: str):
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return change


def append(extra: str):
    return lambda text: text + extra


def raw(content: str | bytes):
    return lambda text: content


# (id, change to the base text, fragment of the message, located at a line?)
CASES = [
    # YAML syntax
    ("unclosed-flow", replace("items: [Lending, Study rooms, Computers]", "items: [Lending, Study rooms"), "YAML syntax error", True),
    ("bad-indent", replace("  agency: City", " agency: City"), "YAML syntax error", True),
    ("tab-indent", replace("  agency: City", "\tagency: City"), "YAML syntax error", True),
    ("unclosed-quote", replace('social: "@ExampleCity"', 'social: "@ExampleCity'), "YAML syntax error", True),
    ("colon-in-plain", replace("office: Office of Communications\n  date", "office: Office: of Communications\n  date"), "YAML syntax error", True),
    ("stray-dash", replace("  agency: City of Example\n", "  agency: City of Example\n  - stray\n"), "YAML syntax error", True),
    ("at-sign-start", replace('social: "@ExampleCity"', "social: @ExampleCity"), "YAML syntax error", True),
    ("backtick-start", replace("dateline: EXAMPLE CITY", "dateline: `EXAMPLE`"), "YAML syntax error", True),
    ("two-documents", append("---\nrelease: {}\n"), "YAML syntax error", True),
    ("unclosed-mapping", replace("works: {start: 2023-01-09, end: 2024-03-01}", "works: {start: 2023-01-09"), "YAML syntax error", True),
    ("bad-escape", replace('social: "@ExampleCity"', 'social: "\\q"'), "YAML syntax error", True),
    # duplicate keys
    ("dup-top", append("release: {}\n"), "duplicate key 'release'", True),
    ("dup-figure", replace("  budget:\n", "  books:\n"), "duplicate key 'books'", True),
    ("dup-field", replace("    unit: books\n", "    unit: books\n    unit: volumes\n"), "duplicate key 'unit'", True),
    ("dup-contact", replace("    phone: 555-010-2030\n", "    phone: 555-010-2030\n    phone: 555-010-2031\n"), "duplicate key 'phone'", True),
    ("dup-quote-field", replace("    speaker: Ana Diaz\n", "    speaker: Ana Diaz\n    speaker: Ana\n"), "duplicate key 'speaker'", True),
    # unknown keys, near misses
    ("near-qualifier", replace("    qualifier: more than", "    qualifer: more than"), "did you mean 'qualifier'", True),
    ("near-label", replace("    label: Books on", "    lable: Books on"), "did you mean 'label'", True),
    ("near-title", replace("  title: City", "  titel: City"), "did you mean 'title'", True),
    ("near-summary", replace("  summary:", "  sumary:"), "did you mean 'summary'", True),
    ("near-sections", replace("sections:", "secions:"), "did you mean 'sections'", True),
    ("near-quotes", replace("quotes:", "quots:"), "did you mean 'quotes'", True),
    ("near-speaker", replace("    speaker: Ana", "    spaeker: Ana"), "did you mean 'speaker'", True),
    ("near-heading", replace("  - heading: A new", "  - heding: A new"), "did you mean 'heading'", True),
    ("near-organisation", replace("    organisation:", "    organization:"), "did you mean 'organisation'", True),
    ("near-dateline", replace("  dateline:", "  date_line:"), "did you mean 'dateline'", True),
    ("unknown-top", append("extras: 1\n"), "unknown field 'extras'", True),
    ("unknown-contact", replace("    email: press", "    fax: 1\n    email: press"), "unknown field 'fax'", True),
    # wrong types
    ("value-word", replace("value: 12000", "value: twelve thousand"), "must be a number", True),
    ("value-commas", replace("value: 12000", "value: 12,000"), "must be a number", True),
    ("value-list", replace("value: 12000", "value: [12000]"), "figures.books.value", True),
    ("value-bool", replace("value: 12000", "value: true"), "not true/false", True),
    ("value-negative", replace("value: 12000", "value: -5"), "greater than or equal to 0", True),
    ("value-nan", replace("value: 12000", "value: .nan"), "not a number", True),
    ("value-three-decimals", replace("value: 12000", "value: 1.234"), "two decimal places", True),
    ("date-words", replace("date: 2024-03-14", "date: March 14"), "release.date", True),
    ("date-impossible", replace("date: 2024-03-14", "date: 2024-02-30"), "release.date", True),
    ("month-13", replace("opening_month: 2024-03", "opening_month: 2024-13"), "dates.opening_month", True),
    ("period-backwards", replace("{start: 2023-01-09, end: 2024-03-01}", "{start: 2024-03-01, end: 2023-01-09}"), "ends", True),
    ("sections-mapping", replace("sections:\n  - heading: A new branch", "sections:\n  heading: A new branch\n  x:"), "sections", True),
    ("figures-list", lambda t: t[:t.index("figures:")] + "figures: [12000]\n" + t[t.index("lists:"):], "figures", True),
    ("qualifier-invalid", replace("qualifier: more than", "qualifier: roughly"), "figures.books.qualifier", True),
    ("title-number", replace("  title: City Opens New Library Branch", "  title: 42"), "must be text", True),
    ("contact-string", replace("  contact:\n    office: Office of Communications\n    phone: 555-010-2030\n    email: press@example.gov\n", "  contact: call us\n"), "release.contact", True),
    ("items-string", replace("items: [Lending, Study rooms, Computers]", "items: Lending"), "lists.services.items", True),
    ("items-empty", replace("items: [Lending, Study rooms, Computers]", "items: []"), "lists.services.items", True),
    ("language-invalid", replace("language: en-US", "language: english!"), "release.language", True),
    ("phone-invalid", replace("phone: 555-010-2030", "phone: call us"), "release.contact.phone", True),
    ("email-invalid", replace("email: press@example.gov", "email: press"), "release.contact.email", True),
    ("website-no-scheme", replace("website: https://example.gov", "website: example.gov"), "release.website", True),
    ("social-invalid", replace('social: "@ExampleCity"', 'social: "Example City"'), "release.social", True),
    ("link-url-invalid", replace("url: https://example.gov/library", "url: javascript:alert(1)"), "links[0].url", True),
    ("featured-word", replace("    organisation: City of Example\n", "    organisation: City of Example\n    featured: maybe\n"), "quotes.mayor.featured", True),
    ("key-uppercase", replace("  books:\n", "  Books:\n"), "figures", True),
    ("key-too-long", replace("  budget:\n", "  " + "b" * 70 + ":\n"), "figures", True),
    ("block-unknown-kind", replace("      - list: services", "      - table: services"), "sections[0].blocks[3]", True),
    ("merge-key", replace("  books:\n    value: 12000", "  books:\n    <<: {}\n    value: 12000"), "merge keys", True),
    # missing required fields
    ("missing-title", replace("  title: City Opens New Library Branch\n", ""), "required field 'title'", True),
    ("missing-agency", replace("  agency: City of Example\n", ""), "required field 'agency'", True),
    ("missing-office", replace("  office: Office of Communications\n  date", "  date"), "required field 'office'", True),
    ("missing-date", replace("  date: 2024-03-14\n", ""), "required field 'date'", True),
    ("missing-dateline", replace("  dateline: EXAMPLE CITY\n", ""), "required field 'dateline'", True),
    ("missing-phone", replace("    phone: 555-010-2030\n", ""), "required field 'phone'", True),
    ("missing-summary", replace("  summary: The city opened a new branch with {books}.\n", ""), "required field 'summary'", True),
    ("missing-website", replace("  website: https://example.gov\n", ""), "required field 'website'", True),
    ("missing-value", replace("    value: 12000\n", ""), "required field 'value'", True),
    ("missing-unit", replace("    unit: books\n", ""), "required field 'unit'", True),
    ("missing-label", replace("    label: Books on the shelves\n", ""), "required field 'label'", True),
    ("missing-speaker", replace("    speaker: Ana Diaz\n", ""), "required field 'speaker'", True),
    ("missing-quote-text", replace("    text: This branch brings books closer to every family.\n", ""), "required field 'text'", True),
    ("missing-list-title", replace("    title: Services\n", ""), "required field 'title'", True),
    ("missing-sections", replace("sections:\n  - heading: A new branch\n    blocks:\n      - The branch opened in {opening_month} with {books}, after works from {works}.\n      - It cost {budget}.\n      - quote: mayor\n      - list: services\n", ""), "required field 'sections'", True),
    ("missing-release", replace("release:\n", "info:\n"), "unknown field 'info'", True),
    # unknown references
    ("ref-paragraph", replace("It cost {budget}.", "It cost {budjet}."), "did you mean '{budget}'", True),
    ("ref-summary", replace("new branch with {books}.", "new branch with {book}."), "did you mean '{books}'", True),
    ("ref-title", replace("  title: City Opens New Library Branch", "  title: City Opens {nothing}"), "unknown reference '{nothing}'", True),
    ("ref-empty", replace("It cost {budget}.", "It cost {budget}{}."), "unknown reference '{}'", True),
    ("ref-unbalanced", replace("It cost {budget}.", "It cost {budget."), "unbalanced brace", True),
    ("quote-unknown", replace("      - quote: mayor", "      - quote: mayr"), "did you mean 'mayor'", True),
    ("list-unknown", replace("      - list: services", "      - list: service"), "did you mean 'services'", True),
    # numbers in prose
    ("digits-paragraph", replace("It cost {budget}.", "It cost {budget} over 3 years."), "number '3'", True),
    ("digits-title", replace("Library Branch\n", "Library Branch With 5 Rooms\n"), "number '5'", True),
    ("digits-heading", replace("heading: A new branch", "heading: Branch 7"), "number '7'", True),
    ("digits-list-item", replace("items: [Lending, Study rooms, Computers]", "items: [Lending, 24 study rooms, Computers]"), "number '24'", True),
    ("digits-quote", replace("closer to every family.", "closer to 5,000 families."), "number '5,000'", True),
    ("digits-label", replace("label: Construction budget", "label: Budget for 24 months"), "number '24'", True),
    ("digits-subtitle", replace("for the east side", "for 3 districts"), "number '3'", True),
    ("digits-summary", replace("new branch with {books}.", "new branch with {books} and 40 seats."), "number '40'", True),
    # quantities disguised beside identifier words, dates, literal markup
    ("digits-grouped-after-series", replace("It cost {budget}.", "It cost {budget} under Section 3,337 books."), "number '3,337'", True),
    ("digits-unit-after-series", replace("It cost {budget}.", "It cost {budget} in Room 3337 books."), "number '3337'", True),
    ("digits-scale-after-route", replace("It cost {budget}.", "It cost {budget} on Route 44 million."), "number '44'", True),
    ("digits-percent-after-title", replace("It cost {budget}.", "It cost {budget} under Title 21 percent."), "number '21'", True),
    ("digits-money-after-suite", replace("It cost {budget}.", "It cost {budget} for Suite $5,000."), "number '5,000'", True),
    ("digits-qualified-year", replace("It cost {budget}.", "It cost {budget} for about 2000 visitors."), "number '2000'", True),
    ("digits-shorthand", replace("It cost {budget}.", "It cost {budget} and 44M books."), "number '44M'", True),
    ("digits-glued-unit", replace("It cost {budget}.", "It cost {budget} and a 3337-book wall."), "number '3337-book'", True),
    ("date-in-prose", replace("It cost {budget}.", "It cost {budget} on May 5, 2024."), "date 'May 5, 2024'", True),
    ("literal-quantity", replace("It cost {budget}.", "It cost {budget} and `$5 a card`."), "literal text holds a quantity", True),
    ("literal-reference", replace("It cost {budget}.", "It cost `{budget}`."), "cannot stand inside literal text", True),
    ("literal-unclosed", replace("It cost {budget}.", "It cost {budget} at `Branch Five."), "never closes", True),
    ("literal-empty", replace("It cost {budget}.", "It cost {budget} ``."), "empty literal text", True),
    # empty and huge strings
    ("empty-title", replace("  title: City Opens New Library Branch", '  title: ""'), "release.title", True),
    ("blank-heading", replace("heading: A new branch", 'heading: "   "'), "sections[0].heading", True),
    ("empty-paragraph", replace("      - It cost {budget}.", '      - ""'), "sections[0].blocks[1]", True),
    ("empty-label", replace("label: Books on the shelves", 'label: ""'), "figures.books.label", True),
    ("empty-speaker", replace("speaker: Ana Diaz", 'speaker: ""'), "quotes.mayor.speaker", True),
    ("huge-title", replace("  title: City Opens New Library Branch", "  title: " + "Library " * 1250), "at most 200 characters", True),
    ("long-word", replace("It cost {budget}.", "It cost {budget} " + "a" * 500 + "."), "word of 501 characters", True),
    ("huge-paragraph", replace("It cost {budget}.", "It cost {budget}. " + "More words here. " * 300), "at most 4000 characters", True),
    ("huge-label", replace("label: Construction budget", "label: " + "Budget " * 20), "at most 80 characters", True),
    # characters the font lacks, right-to-left text
    ("emoji-title", replace("Library Branch\n", "Library Branch \U0001F4DA\n"), "U+1F4DA", True),
    ("cjk-paragraph", replace("It cost {budget}.", "It cost {budget} 图书馆."), "U+56FE", True),
    ("arabic-quote", replace("closer to every family.", "closer to every family. مكتبة"), "U+0645", True),
    ("hebrew-heading", replace("heading: A new branch", "heading: ספרייה"), "U+05E1", True),
    ("rtl-override-escaped", replace('social: "@ExampleCity"', 'social: "\\u202e@ExampleCity"'), "bidirectional", True),
    ("rtl-mark-raw", replace("heading: A new branch", "heading: A new\u200f branch"), "bidirectional", True),
    # control characters and characters XML forbids
    ("bell-raw", replace("dateline: EXAMPLE CITY", "dateline: EXAMPLE\x07CITY"), "control character", True),
    ("bell-escaped", replace('social: "@ExampleCity"', 'social: "@Example\\aCity"'), "control character", True),
    ("nul-escaped", replace('social: "@ExampleCity"', 'social: "@Example\\0City"'), "control character", True),
    ("fffe-escaped", replace('social: "@ExampleCity"', 'social: "@Example\\uFFFECity"'), "U+FFFE", True),
    ("escape-raw", replace("dateline: EXAMPLE CITY", "dateline: EXAMPLE\x1bCITY"), "control character", True),
    ("c1-escaped", replace('social: "@ExampleCity"', 'social: "@Example\\x85City"'), "control character", True),
    # file-level defects
    ("empty-file", raw(""), "is empty", False),
    ("comments-only", raw("# nothing here\n"), "is empty", False),
    ("top-level-list", raw("- release\n- figures\n"), "top level is a list", True),
    ("top-level-scalar", raw("just a sentence\n"), "top level is a str", True),
    ("alias", replace("items: [Lending, Study rooms, Computers]", "items: &i [Lending]\n  other: {title: X, items: *i}"), "anchors", True),
    ("alias-bomb", raw("a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(f"a{i}: &a{i} [{','.join(['*a' if i == 0 else f'*a{i-1}'] * 9)}]\n" for i in range(9))), "anchors", True),
    ("non-utf8", raw(BASE.encode("utf-8").replace(b"City Opens", b"Cit\xe9 Opens")), "not UTF-8", True),
    ("utf16", raw(BASE.encode("utf-16")), "UTF-8", True),
    ("bom", raw(b"\xef\xbb\xbf" + BASE.encode("utf-8")), "byte-order mark", True),
    ("truncated", raw(BASE[: BASE.index("figures:")]), "required field 'sections'", True),
    # asset paths that escape the project
    ("theme-parent", replace("  language: en-US\n", "  language: en-US\n  theme: ../../etc/passwd\n"), "release.theme", True),
    ("theme-absolute", replace("  language: en-US\n", "  language: en-US\n  theme: /etc/passwd\n"), "release.theme", True),
    ("theme-missing", replace("  language: en-US\n", "  language: en-US\n  theme: nothing.yaml\n"), "release.theme", True),
]


GLYPH_CASES = {"emoji-title", "cjk-paragraph", "arabic-quote", "hebrew-heading"}


def write_case(tmp_path: Path, change) -> Path:
    content = change(BASE)
    path = tmp_path / "release.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_there_are_at_least_a_hundred_cases():
    assert len(CASES) >= 100
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("name, change, fragment, located", CASES, ids=[c[0] for c in CASES])
def test_bad_content_is_refused_cleanly(tmp_path, name, change, fragment, located):
    from publisher.cli import cli

    path = write_case(tmp_path, change)
    out = tmp_path / "out"
    # Missing glyphs matter to the formats that draw with the theme's font; `validate` always checks them.
    command = ["validate", str(path)] if name in GLYPH_CASES else ["build", str(path), "--out", str(out)]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    problems = [line for line in result.output.splitlines() if line.startswith(str(path))]
    assert len(problems) == 1, result.output
    assert fragment in problems[0], problems[0]
    if located:
        assert problems[0].startswith(f"{path}:") and problems[0][len(str(path)) + 1].isdigit(), problems[0]
    assert not out.exists()


def test_fifty_megabyte_file(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(BASE.encode())
        handle.write(b"# " + b"x" * (50 * 2**20) + b"\n")
    proc = run_publisher("build", path, "--out", tmp_path / "out")
    assert proc.returncode == 2 and "MiB" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_folder_given_as_file(tmp_path):
    proc = run_publisher("build", tmp_path, "--out", tmp_path / "out")
    assert proc.returncode == 2 and "is a folder" in proc.stderr


def test_symlinked_theme_leading_outside_is_refused(tmp_path):
    (tmp_path / "theme.yaml").symlink_to("/etc/hostname")
    path = write_case(tmp_path, replace("  language: en-US\n", "  language: en-US\n  theme: theme.yaml\n"))
    proc = run_publisher("validate", path)
    assert proc.returncode == 2 and "release.theme" in proc.stderr and "Traceback" not in proc.stderr


def test_a_theme_beside_the_content_is_used(tmp_path):
    theme = (Path(__file__).parent.parent / "assets" / "theme.yaml").read_text()
    (tmp_path / "brand.yaml").write_text(theme.replace('ink: "#1B1B1B"', 'ink: "#BBBBBB"'))
    path = write_case(tmp_path, replace("  language: en-US\n", "  language: en-US\n  theme: brand.yaml\n"))
    proc = run_publisher("build", path, "--out", tmp_path / "out")
    assert proc.returncode == 2 and "contrast" in proc.stderr and "brand.yaml" in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_given_as_file(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    proc = run_publisher("validate", fifo)
    assert proc.returncode == 2 and "not a regular file" in proc.stderr
