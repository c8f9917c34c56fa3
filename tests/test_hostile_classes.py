"""Hostile input, one class per test, several variants each: every one is refused (exit 2, or a
finding for ``check``) with a located message, no traceback, nothing written, within bounds.

The companion of test_hostile_content.py (one defect per file): these are the classes a
hostile test found open (issue 18), kept so that each stays closed, not just its example.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, run_publisher
from publisher import formats, limits

BASE = (FIXTURES / "base.yaml").read_text(encoding="utf-8")
_MEASURE = (
    "import atexit, resource, runpy, sys\n"
    "def peak():\n"
    "    try:  # this process's own high-water mark (ru_maxrss would count the forking parent's pages)\n"
    "        own = int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])\n"
    "    except (OSError, StopIteration):\n"
    "        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "    cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)\n"
    "              for f in ('ru_utime', 'ru_stime'))\n"
    "    sys.stderr.write(f'\\nPEAK_KIB {max(own, kids)} CPU_S {cpu}\\n')\n"
    "atexit.register(peak)\n"
    "sys.argv = ['publisher'] + sys.argv[1:]\n"
    "runpy.run_module('publisher', run_name='__main__')\n"
)


def measured(*args, cwd: Path | None = None) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run the CLI in a new interpreter: (process, CPU seconds, peak memory in MiB of it or any child).

    CPU time, not wall time: the machine is shared, and a bound on the work is what is tested."""
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *map(str, args)], cwd=cwd or ROOT,
                          check=False, capture_output=True, text=True, timeout=300)
    line = [line.split() for line in proc.stderr.splitlines() if line.startswith("PEAK_KIB ")]
    if not line:
        return proc, float("nan"), float("nan")
    return proc, float(line[-1][3]), int(line[-1][1]) / 1024


def content(tmp_path: Path, text: str, name: str = "release.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(proc: subprocess.CompletedProcess, path: Path, fragment: str, located: bool = True) -> None:
    """Exit 2; a message naming the file (and a line), holding ``fragment``; no traceback."""
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith(str(path)) and fragment in line]
    assert lines, proc.stderr
    if located:
        assert lines[0][len(str(path)) + 1].isdigit(), lines[0]


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def with_data(change) -> str:
    data = yaml.safe_load(BASE)
    change(data)
    return yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=10**6)


def _many_sections(n):
    return lambda d: d.update(sections=[{"heading": "Part", "blocks": ["Text."]} for _ in range(n)])


def _many_blocks(n):
    return lambda d: d.update(sections=[{"blocks": ["Text."] * (n // 10)} for _ in range(10)])


def _many_items(n):
    return lambda d: d["lists"].update({f"l{i}": {"title": "T", "items": ["Item"] * (n // 10)} for i in range(10)})


def _many(kind, n, make):
    return lambda d: d.update({kind: {f"k{i}": make(i) for i in range(n)}})


def _set(path, value):
    def change(d):
        *parents, last = path
        for p in parents:
            d = d[p]
        d[last] = value
    return change


# -- 1. limits: every maximum is refused at load, located, before anything is written -------------

LIMIT_CASES = [
    ("sections", _many_sections(limits.SECTIONS.maximum + 1), "limit 'sections'"),
    ("sections-10000", _many_sections(10_000), "limit"),
    ("blocks-total", _many_blocks(limits.BLOCKS.maximum + 10), "limit 'blocks'"),
    ("list-items-total", _many_items(limits.LIST_ITEMS.maximum + 10), "limit 'list items'"),
    ("list-items-100000", lambda d: d["lists"]["services"].update(items=["x"] * 100_000), "limit"),
    ("quotes", _many("quotes", limits.QUOTES.maximum + 1, lambda i: {"text": "Words.", "speaker": "A B"}),
     "limit 'quotes'"),
    ("figures", _many("figures", limits.FIGURES.maximum + 1, lambda i: {"value": i, "unit": "x", "label": "L"}),
     "limit 'figures'"),
    ("dates", _many("dates", limits.DATES.maximum + 1, lambda i: "2024-01"), "limit 'dates'"),
    ("links", lambda d: d.update(links=[{"text": "A link", "url": "https://example.gov"}] * (limits.LINKS.maximum + 1)),
     "limit 'links'"),
    ("keywords", _set(("release", "keywords"), ["word"] * (limits.KEYWORDS.maximum + 1)), "limit 'keywords'"),
    ("text-total", lambda d: d.update(sections=[{"blocks": ["Words and more words. " * 180] * 8}] * 7), "limit 'text'"),
    ("url-5000", _set(("links", 0, "url"), "https://example.gov/" + "a" * 5000), "at most 500 characters"),
    ("url-501", _set(("release", "website"), "https://example.gov/" + "a" * 481), "at most 500 characters"),
    ("value-1e30", _set(("figures", "books", "value"), 10**30), "limit 'figure magnitude'"),
    ("value-1e300", _set(("figures", "books", "value"), 1e300), "limit 'figure magnitude'"),
    ("value-1e15", _set(("figures", "books", "value"), 10**15), "limit 'figure magnitude'"),
]


@pytest.mark.parametrize("name, change, fragment", LIMIT_CASES, ids=[c[0] for c in LIMIT_CASES])
def test_content_beyond_a_limit_is_refused_quickly_at_load(tmp_path, name, change, fragment):
    path = content(tmp_path, with_data(change))
    proc, seconds, peak = measured("build", path, "--out", tmp_path / "out")
    refused(proc, path, fragment, located=True)
    assert not (tmp_path / "out").exists()
    assert seconds < 5 and peak < 300, (seconds, peak)


DEPTH_CASES = {
    "block-mappings": "release:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 500)) + "  " * 500 + "v: 1\n",
    "flow-lists": "release: " + "[" * 500 + "]" * 500 + "\n",
    "flow-mappings": "release: " + "{a: " * 500 + "1" + "}" * 500 + "\n",
    "block-lists": "sections:\n" + "".join("  " * i + "-\n" for i in range(1, 500)) + "  " * 500 + "- x\n",
    "just-past-the-limit": "a: " + "[" * (limits.NESTING.maximum) + "]" * limits.NESTING.maximum + "\n",
}


@pytest.mark.parametrize("command", ["validate", "build", "check-content"])
@pytest.mark.parametrize("shape", list(DEPTH_CASES))
def test_deep_nesting_is_refused_without_a_recursion_error(tmp_path, shape, command):
    path = content(tmp_path, DEPTH_CASES[shape])
    args = {"validate": ["validate", path], "build": ["build", path, "--out", tmp_path / "out"],
            "check-content": ["check", "--content", path, tmp_path]}[command]
    proc = run_publisher(*args)
    refused(proc, path, "nested more than 8 levels deep")
    assert "RecursionError" not in proc.stderr and not (tmp_path / "out").exists()


def test_too_many_yaml_values_is_refused_before_composing(tmp_path):
    path = content(tmp_path, "release:\n" + "".join(f"  - {i}\n" for i in range(limits.YAML_NODES.maximum + 5)))
    refused(run_publisher("validate", path), path, "limit 'YAML nodes'")


def test_a_release_at_every_maximum_loads_clean(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    from publisher.load import load

    loaded = load(synth.write_at_maximum(tmp_path / "at-maximum.yaml"))
    release = loaded.release
    assert len(release.sections) == limits.SECTIONS.maximum and len(release.figures) == limits.FIGURES.maximum
    assert len(release.quotes) == limits.QUOTES.maximum and len(release.links) == limits.LINKS.maximum
    assert sum(len(s.blocks) for s in release.sections) == limits.BLOCKS.maximum
    assert max(f.value for f in release.figures.values()) == limits.MAX_FIGURE_VALUE
    assert not loaded.warnings and not loaded.draft_marks


@pytest.mark.slow
def test_a_release_at_every_maximum_builds_and_checks_clean_in_every_format(tmp_path):
    """Every layout at every limit at once (its time and memory are a benchmark row, not asserted here)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    path = synth.write_at_maximum(tmp_path / "at-maximum.yaml")
    proc = run_publisher("build", path, "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"{len(formats.BUILT_IN)} written" in proc.stdout and "Traceback" not in proc.stderr


# -- 3. theme files: no `folder`, fonts confined, a bad font is a content error -------------------

THEME = (ROOT / "assets" / "theme.yaml").read_text(encoding="utf-8")
REGULAR = "fonts/AtkinsonHyperlegibleNext_400Regular.ttf"


def _fifo(folder: Path) -> str:
    os.mkfifo(folder / "pipe.ttf")
    return "pipe.ttf"


THEME_CASES = [
    ("folder-etc", lambda d: THEME + "folder: /etc\n", "unknown field 'folder'"),
    ("font-is-text", lambda d: (d / "fake.ttf").write_text("not a font") and THEME.replace(REGULAR, "fake.ttf"),
     "is not a TrueType or OpenType font"),
    ("font-is-empty", lambda d: (d / "empty.ttf").write_bytes(b"") or THEME.replace(REGULAR, "empty.ttf"),
     "is not a TrueType or OpenType font"),
    ("font-absolute", lambda d: THEME.replace(REGULAR, "/etc/passwd"), "must stay inside the theme's folder"),
    ("font-parent", lambda d: THEME.replace(REGULAR, "../../etc/passwd"), "must stay inside the theme's folder"),
    ("font-folder", lambda d: (d / "dir.ttf").mkdir() or THEME.replace(REGULAR, "dir.ttf"), "is not a regular file"),
    ("font-fifo", lambda d: THEME.replace(REGULAR, _fifo(d)), "is not a regular file"),
    ("font-missing", lambda d: THEME.replace(REGULAR, "nothing-here.ttf"), "does not exist"),
    ("font-symlink-out", lambda d: (d / "out.ttf").symlink_to("/usr/share/fonts") or THEME.replace(REGULAR, "out.ttf"),
     "must stay inside the theme's folder"),
]


@pytest.mark.parametrize("name, make, fragment", THEME_CASES, ids=[c[0] for c in THEME_CASES])
def test_a_bad_theme_is_a_content_error_naming_the_field(tmp_path, name, make, fragment):
    brand = tmp_path / "brand.yaml"
    brand.write_text(make(tmp_path), encoding="utf-8")
    path = content(tmp_path, BASE.replace("  language: en-US\n", "  language: en-US\n  theme: brand.yaml\n"))
    proc = run_publisher("build", path, "--out", tmp_path / "out")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    line = next(line for line in proc.stderr.splitlines() if fragment in line)
    assert line.startswith(f"{brand}:") and ("fonts.regular" in line or "folder" in line), line
    assert "/etc/" not in line.replace("/etc/passwd", "") and not (tmp_path / "out").exists()


def test_a_colour_only_theme_uses_the_packaged_fonts(tmp_path):
    (tmp_path / "brand.yaml").write_text(THEME.replace('accent: "#005EA2"', 'accent: "#1A4480"'), encoding="utf-8")
    path = content(tmp_path, BASE.replace("  language: en-US\n", "  language: en-US\n  theme: brand.yaml\n"))
    proc = run_publisher("build", path, "--out", tmp_path / "out", "-f", "html", "-f", "factsheet")
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "out" / "release" / "manifest.json").read_text())
    assert any(name.endswith(REGULAR) for name in manifest["theme_files"])


# -- 4. the manifest is trusted for nothing but comparison ------------------------------------

def _manifest_names(tmp_path: Path, name: str) -> str:
    if name == "fifo":
        os.mkfifo(tmp_path / "pipe")
        return str(tmp_path / "pipe")
    if name == "sparse":
        with open(tmp_path / "sparse.bin", "wb") as handle:
            handle.truncate(limits.FONT_FILE_BYTES.maximum + 1)
        return str(tmp_path / "sparse.bin")
    return name


@pytest.mark.parametrize("named", ["/dev/zero", "/dev/urandom", "fifo", "/etc/passwd", "sparse", "/nonexistent"])
def test_a_manifest_naming_a_device_or_stranger_only_means_rebuild(tmp_path, named):
    path = content(tmp_path, BASE)
    out = tmp_path / "out"
    assert run_publisher("build", path, "--out", out, "-f", "text").returncode == 0
    manifest_path = out / "release" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["theme_files"][_manifest_names(tmp_path, named)] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))
    start = time.monotonic()
    proc = run_publisher("build", path, "--out", out, "-f", "text")
    assert proc.returncode == 0 and time.monotonic() - start < 20, proc.stderr
    rewritten = json.loads(manifest_path.read_text())["theme_files"]
    assert all(not name.startswith(("/dev", "/etc")) and "pipe" not in name for name in rewritten)


# -- 5. slug collisions; 9. release folders that are symbolic links --------------------------

COLLISIONS = [
    ("two-folders", ["a/same.yaml", "b/same.yaml"]),
    ("yaml-and-yml", ["content/x.yaml", "content/x.yml"]),
    ("case", ["a/Report.yaml", "b/report.yaml"]),
]


@pytest.mark.parametrize("name, files", COLLISIONS, ids=[c[0] for c in COLLISIONS])
def test_two_content_files_with_one_slug_are_refused_naming_both(tmp_path, name, files):
    for file in files:
        (tmp_path / file).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / file).write_text(BASE, encoding="utf-8")
    args = ["build", "--out", tmp_path / "out"] + ([] if name == "yaml-and-yml" else [tmp_path / f for f in files])
    proc = run_publisher(*args, cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "builds into the same folder as" in proc.stderr
    assert all(Path(f).name in proc.stderr for f in files) and not (tmp_path / "out").exists()


def test_the_same_file_named_twice_builds_once(tmp_path):
    path = content(tmp_path, BASE)
    proc = run_publisher("build", path, tmp_path / "." / "release.yaml", "--out", tmp_path / "out", "-f", "text")
    assert proc.returncode == 0 and "1 written" in proc.stdout, proc.stderr


@pytest.mark.parametrize("target", ["folder", "file", "dangling"])
def test_a_release_folder_that_is_a_symlink_is_refused(tmp_path, target):
    path = content(tmp_path, BASE)
    outside = tmp_path / "outside"
    if target == "folder":
        outside.mkdir()
        (outside / "release.txt").write_text("keep me")
    elif target == "file":
        outside.write_text("keep me")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "release").symlink_to(outside)
    proc = run_publisher("build", path, "--out", tmp_path / "out")
    assert proc.returncode == 2 and "is a symbolic link" in proc.stderr and "Traceback" not in proc.stderr
    if target == "folder":
        assert (outside / "release.txt").read_text() == "keep me" and len(list(outside.iterdir())) == 1
    elif target == "file":
        assert outside.read_text() == "keep me"


# -- 6. YAML tags and the character filter on decoded values ---------------------------------

TAG_CASES = [
    ("binary-rlo", 'title: !!binary 4oCuSGVsbG8=', "YAML tag '!!binary'"),
    ("binary-nul", 'title: !!binary AEhlbGxvBxs=', "YAML tag '!!binary'"),
    ("python-object", 'title: !!python/object:os.system x', "YAML tag"),
    ("explicit-str", 'title: !!str City', "YAML tag '!!str'"),
    ("local-tag", 'title: !mytag City', "YAML tag '!mytag'"),
    ("tag-on-mapping", 'contact: !!map {office: A, phone: 555-010-2030}', "YAML tag '!!map'"),
    ("set", 'keywords: !!set {a, b}', "YAML tag '!!set'"),
    ("tag-directive", None, "YAML tag"),
]


@pytest.mark.parametrize("name, line, fragment", TAG_CASES, ids=[c[0] for c in TAG_CASES])
def test_yaml_tags_are_refused(tmp_path, name, line, fragment):
    if line is None:
        text = "%TAG !e! tag:example.com,2024:\n---\n" + BASE.replace("  agency: City", "  agency: !e!x City")
    else:
        key = line.split(":")[0]
        text = "\n".join(f"  {line}" if row.startswith(f"  {key}:") else row for row in BASE.splitlines()) + "\n"
        if f"  {line}" not in text:
            text = BASE.replace("  language: en-US\n", f"  language: en-US\n  {line}\n")
    path = content(tmp_path, text)
    proc = run_publisher("build", path, "--out", tmp_path / "out")
    refused(proc, path, fragment)
    assert not (tmp_path / "out").exists()


DECODED_CASES = [
    ("line-separator", '"Opens\\LToday"', "U+2028"),
    ("paragraph-separator", '"Opens\\PToday"', "U+2029"),
    ("zero-width-nbsp", '"Opens\\uFEFFToday"', "U+FEFF"),
    ("rlo-escape", '"Opens\\u202EToday"', "U+202E"),
    ("bel-escape", '"Opens\\aToday"', "U+0007"),
    ("nul-in-key", None, "U+0000"),
]


@pytest.mark.parametrize("name, value, fragment", DECODED_CASES, ids=[c[0] for c in DECODED_CASES])
def test_the_character_filter_runs_on_every_decoded_value(tmp_path, name, value, fragment):
    if value is None:
        text = BASE.replace("  books:\n", '  "bo\\0oks":\n')
    else:
        text = BASE.replace("  title: City Opens New Library Branch", f"  title: {value}")
    path = content(tmp_path, text)
    refused(run_publisher("build", path, "--out", tmp_path / "out"), path, fragment)


# -- 7. no-break-space runs: valid content that used to fail after writing --------------------

NBSP_FIELDS = [
    ("paragraph", "      - It cost {budget}.",
     "      - " + "This sentence was pasted from a web page and every space is a no-break one.".replace(" ", "\u00a0")),
    ("title", "  title: City Opens New Library Branch",
     "  title: " + "City Opens New Library Branch For Every Family Of The East Side".replace(" ", "\u00a0")),
    ("list-item", "items: [Lending, Study rooms, Computers]",
     "items: [Lending, " + "Study rooms open late on weekdays and all day on Saturdays".replace(" ", "\u202f") + ", Computers]"),
    ("quote", "text: This branch brings books closer to every family.",
     "text: " + "This branch brings books closer to every family in the city today".replace(" ", "\u2007")),
]


@pytest.mark.slow
@pytest.mark.parametrize("name, old, new", NBSP_FIELDS, ids=[c[0] for c in NBSP_FIELDS])
def test_no_break_space_runs_are_normalised_and_every_format_builds(tmp_path, name, old, new):
    path = content(tmp_path, BASE.replace(old, new))
    proc = run_publisher("build", path, "--out", tmp_path / "out", "-f", "text", "-f", "largeprint", "-f", "html")
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "out" / "release" / "release.txt").read_text()
    assert max(len(line) for line in text.splitlines()) <= 80


def test_short_no_break_runs_are_kept():
    from publisher.load import normalise_spaces

    assert normalise_spaces("at 10\u00a0a.m. today") == "at 10\u00a0a.m. today"
    long_run = "\u00a0".join(["word"] * 20)
    assert normalise_spaces(long_run) == " ".join(["word"] * 20)


# -- 8. references only where resolved; units; one namespace; money to the cent ---------------

BRACE_FIELDS = [
    ("speaker", "    speaker: Ana Diaz", "    speaker: Ana {books}", "quotes.mayor.speaker"),
    ("honorific", "    honorific: Mayor", "    honorific: Mayor {budget}", "quotes.mayor.honorific"),
    ("organisation", "    organisation: City of Example", "    organisation: City {works}", "quotes.mayor.organisation"),
    ("label", "    label: Books on the shelves", "    label: Books {books}", "figures.books.label"),
    ("group", "    group: Collection", "    group: Collection {books}", "figures.books.group"),
    ("source", "    group: Costs", "    group: Costs\n    source: City {budget}", "figures.budget.source"),
    ("agency", "  agency: City of Example", "  agency: City of {books}", "release.agency"),
    ("dateline", "  dateline: EXAMPLE CITY", "  dateline: EXAMPLE {works}", "release.dateline"),
    ("unit", "    unit: books\n", "    unit: '{budget} books'\n", "figures.books.unit"),
    ("keyword", "  language: en-US\n", "  language: en-US\n  keywords: ['{books}']\n", "release.keywords[0]"),
    ("office", "  office: Office of Communications\n  date", "  office: Office {books}\n  date", "release.office"),
    ("contact-office", "    office: Office of Communications\n    phone",
     "    office: Office {books}\n    phone", "release.contact.office"),
]


@pytest.mark.parametrize("name, old, new, field", BRACE_FIELDS, ids=[c[0] for c in BRACE_FIELDS])
def test_a_reference_where_it_would_be_printed_as_typed_is_refused(tmp_path, name, old, new, field):
    assert old in BASE
    path = content(tmp_path, BASE.replace(old, new, 1))
    proc = run_publisher("build", path, "--out", tmp_path / "out")
    refused(proc, path, "would be printed as typed")
    assert field in proc.stderr and not (tmp_path / "out").exists()


def test_a_reference_in_link_text_is_resolved_in_every_output(tmp_path):
    path = content(tmp_path, BASE.replace("  - text: Library opening hours", "  - text: Hours of the branch with {books}"))
    proc = run_publisher("build", path, "--out", tmp_path / "out", "-f", "text", "-f", "html", "-f", "factsheet")
    assert proc.returncode == 0, proc.stderr
    folder = tmp_path / "out" / "release"
    for name in ("release.txt", "release.html"):
        shown = re.sub(r"<[^>]+>", "", (folder / name).read_text()).replace("\u00a0", " ")
        assert "Hours of the branch with more than 12,000 books" in shown and "{books}" not in shown


UNIT_CASES = [("million books", "scale word"), ("12 books", "no digits"), ("bn books", "scale word"),
              ("thousand tonnes", "scale word"), ("$", "currency code"), ("CO2 tonnes", "no digits"),
              ("Billions of dollars", "scale word")]


@pytest.mark.parametrize("unit, fragment", UNIT_CASES, ids=[c[0] for c in UNIT_CASES])
def test_units_hold_no_digits_scale_words_or_currency_symbols(tmp_path, unit, fragment):
    path = content(tmp_path, BASE.replace("    unit: books\n", f"    unit: '{unit}'\n"))
    proc = run_publisher("build", path, "--out", tmp_path / "out")
    refused(proc, path, fragment)
    assert "figures.books.unit" in proc.stderr


NAMESPACE_CASES = [
    ("date-shadows-figure", lambda t: t.replace("  opening_month: 2024-03", "  opening_month: 2024-03\n  books: 2024-02"),
     "names both a date and a figure"),
    ("figure-named-release-date", lambda t: t.replace("  budget:\n", "  release_date:\n"), "is reserved"),
    ("date-named-release-date", lambda t: t.replace("  opening_month: 2024-03", "  release_date: 2024-03"),
     "is reserved"),
]


@pytest.mark.parametrize("name, change, fragment", NAMESPACE_CASES, ids=[c[0] for c in NAMESPACE_CASES])
def test_figures_and_dates_share_one_namespace(tmp_path, name, change, fragment):
    path = content(tmp_path, change(BASE))
    refused(run_publisher("build", path, "--out", tmp_path / "out"), path, fragment)


@pytest.mark.parametrize("value, shown", [(19.9, "$19.90"), (1234.5, "$1,234.50"), (0.05, "$0.05"), (7, "$7"),
                                          (2500000, "$2.5 million")])
def test_money_is_written_to_the_cent(value, shown):
    from decimal import Decimal

    from publisher.figures import figure_text, parse_figure_text
    from publisher.model import Figure

    figure = Figure(value=value, unit="USD", label="Cost")
    assert figure_text(figure) == shown
    assert parse_figure_text(shown)[1] == Decimal(str(value))


# -- 10. URLs: only RFC 3986 characters, so the printed URL is the link target ------------------

BAD_URLS = ['https://example.gov/a"b', "https://example.gov/<script>", "https://example.gov/a b",
            "https://example.gov/caf\u00e9", "https://example.gov/{x}", "https://example.gov/a\\b",
            "https://example.gov/a^b", "https://example.gov/a`b", "https://example.gov/100%"]


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_url_outside_rfc_3986_is_refused(tmp_path, url):
    path = content(tmp_path, with_data(_set(("links", 0, "url"), url)))
    proc = run_publisher("build", path, "--out", tmp_path / "out")
    refused(proc, path, "RFC 3986")
    assert "links[0].url" in proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("url", ["https://example.gov/a-b_c.d~e/f?g=h&i=j;k,l+m*n(o)p!q$r's@t:u#v[w]x%20y",
                                 "https://example.gov/report_(final)", "https://example.gov/a.", "https://example.gov/a,b;"])
def test_every_allowed_url_character_prints_as_its_link_target(tmp_path, url):
    import pikepdf

    path = content(tmp_path, with_data(lambda d: (_set(("links", 0, "url"), url)(d), _set(("release", "website"), url)(d))))
    proc = run_publisher("build", path, "--out", tmp_path / "out", "-f", "factsheet", "-f", "largeprint", "-f", "html",
                         "-f", "text")
    assert proc.returncode == 0, proc.stderr
    folder = tmp_path / "out" / "release"
    for name in ("release-fact-sheet.pdf", "release-large-print.pdf"):
        with pikepdf.open(folder / name) as pdf:
            targets = {str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", [])
                       if "/A" in a and "/URI" in a.A}
        assert url in targets, (name, targets)
    assert html.escape(url, quote=True) in (folder / "release.html").read_text()
    assert f'href="{html.escape(url, quote=True)}"' in (folder / "release.html").read_text()
    assert url in (folder / "release.txt").read_text().replace("\n  ", "")


# -- 11. check: paths that are not files, archives that are bombs ---------------------------

def test_check_of_a_missing_path_is_bad_usage(tmp_path):
    proc = run_publisher("check", tmp_path / "nothing")
    assert proc.returncode == 2 and "no such file or folder" in proc.stderr


@pytest.mark.parametrize("command", ["build", "validate", "check-content"])
def test_a_content_file_that_is_a_fifo_is_refused_without_opening_it(tmp_path, command):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    args = {"build": ["build", fifo, "--out", tmp_path / "out"], "validate": ["validate", fifo],
            "check-content": ["check", "--content", fifo, tmp_path]}[command]
    proc = subprocess.run([sys.executable, "-m", "publisher", *map(str, args)], check=False, capture_output=True,
                          text=True, timeout=30, cwd=ROOT)
    assert proc.returncode == 2 and "not a regular file" in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["pipe.pdf", "pipe.pptx", "pipe"])
def test_check_of_a_fifo_is_refused_without_opening_it(tmp_path, name):
    os.mkfifo(tmp_path / name)
    proc = subprocess.run([sys.executable, "-m", "publisher", "check", str(tmp_path / name)],
                          check=False, capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert proc.returncode == 2 and "is not a regular file" in proc.stderr, proc.stderr


def _ratio_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("ppt/slides/slide1.xml", "w") as member:
        for _ in range(64):
            member.write(bytes(2**20))


def _size_bomb(path: Path) -> None:
    chunk = bytes(2**20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(300):
            archive.writestr(f"ppt/media/part{i}.bin", chunk)


def _member_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for i in range(limits.ARCHIVE_MEMBERS.maximum + 1):
            archive.writestr(f"p/{i}", b"")


@pytest.mark.parametrize("make", [_ratio_bomb, _size_bomb, _member_bomb], ids=["ratio", "size", "members"])
def test_check_refuses_an_archive_bomb_within_two_seconds_and_200_mib(tmp_path, make):
    bomb = tmp_path / "deck-briefing.pptx"
    make(bomb)
    proc, seconds, peak = measured("check", "--jobs", "1", bomb)
    assert proc.returncode == 1 and "check.too-large" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert seconds < 2 and peak < 200, (seconds, peak)


# -- everyday use ------------------------------------------------------------------------------

def test_check_out_checks_every_release_folder_under_it(tmp_path):
    for name in ("one", "two"):
        content(tmp_path, BASE, f"{name}.yaml")
    assert run_publisher("build", tmp_path / "one.yaml", tmp_path / "two.yaml", "--out", tmp_path / "out",
                         "-f", "text").returncode == 0
    proc = run_publisher("check", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert "2 file(s) checked" in proc.stdout


@pytest.mark.parametrize("flag", ["-v", "--verbose", "-q", "--quiet"])
def test_global_options_are_accepted_after_the_command(tmp_path, flag):
    path = content(tmp_path, BASE)
    proc = run_publisher("build", flag, path, "--out", tmp_path / "out", "-f", "text")
    assert proc.returncode == 0, proc.stderr
    if flag in ("-v", "--verbose"):
        assert "wrote release.txt" in proc.stdout
    else:
        assert proc.stdout == ""


def test_an_unclosed_quote_is_reported_where_it_opened(tmp_path):
    path = content(tmp_path, BASE.replace("  title: City Opens New Library Branch", '  title: "City Opens New Library'))
    proc = run_publisher("validate", path)
    assert proc.returncode == 2 and f"{path}:2:10: YAML syntax error: the quote opened here is not closed" in proc.stderr
    at_the_end = content(tmp_path, "release:\n  title: \"City Opens\n  agency: City\nfigures: {}\n", "end.yaml")
    proc = run_publisher("validate", at_the_end)
    assert f"{at_the_end}:2:10: YAML syntax error: the quote opened here is never closed" in proc.stderr


# -- drafts stay drafts ------------------------------------------------------------------------

def test_a_draft_is_refused_with_every_place_located_and_nothing_written(tmp_path):
    assert run_publisher("init", "demo", cwd=tmp_path).returncode == 0
    proc = run_publisher("build", cwd=tmp_path)
    assert proc.returncode == 2 and not (tmp_path / "out").exists()
    path = "content/demo.yaml"
    for fragment in ("release.agency: still holds a stand-in ('Name of the agency')",
                     "release.website: still holds a stand-in ('https://www.example.gov')",
                     "a TODO comment ('# TODO: the release date"):
        assert any(line.startswith(path + ":") and fragment in line for line in proc.stderr.splitlines()), fragment


def test_stand_ins_are_found_without_their_todo_comments(tmp_path):
    from publisher.drafts import template_text

    text = "\n".join(line.split("# TODO")[0].rstrip() if "# TODO" in line else line
                     for line in template_text().splitlines()) + "\n"
    path = content(tmp_path, text)
    proc = run_publisher("build", path, "--out", tmp_path / "out")
    assert proc.returncode == 2 and "TODO comment" not in proc.stderr
    assert "still holds a stand-in ('Name of the agency')" in proc.stderr


def test_a_todo_inside_a_text_is_not_a_comment(tmp_path):
    path = content(tmp_path, BASE.replace("It cost {budget}.", "'It cost {budget}. Tag # TODO here.'"))
    assert run_publisher("validate", path).returncode == 0


@pytest.mark.slow
def test_a_draft_build_is_marked_on_every_slide_and_page_and_in_its_titles(tmp_path):
    import pikepdf
    from pptx import Presentation

    from publisher.drafts import DRAFT_LINE, DRAFT_TITLE

    assert run_publisher("init", "demo", cwd=tmp_path).returncode == 0
    proc = run_publisher("build", "--draft", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    folder = tmp_path / "out" / "demo"
    deck = Presentation(str(folder / "demo-briefing.pptx"))
    assert deck.core_properties.title.startswith(DRAFT_TITLE)
    for slide in deck.slides:
        assert any(shape.has_text_frame and shape.text_frame.text == DRAFT_LINE for shape in slide.shapes)
    for name in ("demo-fact-sheet.pdf", "demo-large-print.pdf"):
        with pikepdf.open(folder / name) as pdf:
            assert str(pdf.open_metadata()["dc:title"]).startswith(DRAFT_TITLE)
            pages = len(pdf.pages)
        if shutil.which("pdftotext"):
            for page in range(1, pages + 1):
                text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(folder / name), "-"],
                                      check=False, capture_output=True, text=True).stdout
                assert DRAFT_LINE in " ".join(text.split()), (name, page)
    html = (folder / "demo.html").read_text()
    assert f"<title>{DRAFT_TITLE}" in html and DRAFT_LINE in html
    assert DRAFT_LINE in (folder / "demo.txt").read_text()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["draft"] is True
    check = run_publisher("check", folder)
    assert check.returncode == 0, check.stderr


def test_check_finds_draft_marks_in_a_final_build_and_their_absence_in_a_draft(tmp_path):
    path = content(tmp_path, BASE)
    out = tmp_path / "out"
    assert run_publisher("build", path, "--out", out, "-f", "text", "-f", "html").returncode == 0
    manifest_path = out / "release" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    assert manifest["draft"] is False and "DRAFT" not in (out / "release" / "release.txt").read_text()
    manifest["draft"] = True
    manifest_path.write_text(json.dumps(manifest))
    proc = run_publisher("check", out / "release")
    assert proc.returncode == 1 and proc.stderr.count("draft.unmarked") == 2
    assert run_publisher("build", "--draft", path, "--out", out, "-f", "text").returncode == 0
    manifest = json.loads(manifest_path.read_text())
    manifest["draft"] = False
    manifest_path.write_text(json.dumps(manifest))
    proc = run_publisher("check", out / "release", "--jobs", "1")
    assert proc.returncode == 1 and "draft.marked" in proc.stderr
