"""publisher's benchmark suite: whole-process runs, medians, peak memory, targets as ratios.

    .venv/bin/python benchmarks/run.py [--repeat 5] [--batch 30] [--quick] [--markdown]

Every measurement is a new process, timed from outside (wall clock) with its peak resident
memory read from ``os.wait4``. Ratios are taken within one run, because absolute times on
shared machines mean little, and the two sides of each ratio in the issue's table run in
turns (ours, the peer's, ours, ...), so that the machine's drift over minutes tilts neither.
Alternatives a user might pick (pandoc, WeasyPrint) are measured in the same run where they
are installed (WeasyPrint: ``WEASYPRINT=/path/to/weasyprint``), each with the command in
:data:`PEERS`. publisher is measured as installed: its bytecode is compiled first (``pip
install`` does that; a checkout run with ``PYTHONDONTWRITEBYTECODE=1`` would otherwise
compile every module in every process). Results go to ``benchmarks/results/latest.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import synth  # noqa: E402

RELEASE = ROOT / "content" / "operation-last-mile.yaml"
PY = sys.executable
PUBLISHER = [PY, "-m", "publisher"]
#: Every library of pyproject's dependencies that a full build imports (all but mammoth, which
#: only ``publisher import`` uses): the floor no build of every format can go below.
#: tests/test_benchmarks.py checks the list against what a full build imports.
FLOOR_LIBRARIES = ("click", "yaml", "pydantic", "babel", "pptx", "docx", "reportlab.platypus", "pikepdf",
                   "fontTools.ttLib")
IMPORT_FLOOR = [PY, "-c", "import " + ", ".join(FLOOR_LIBRARIES)]
BATCH = 30  #: releases in a batch (the issue's table)
#: What a user would run instead, as measured (placeholders: the files of the run).
PEERS = {
    "pandoc: deck": "pandoc release.md -o release.pptx",
    "pandoc: plain text": "pandoc release.md -t plain -o release.txt",
    "weasyprint": "weasyprint --pdf-variant pdf/ua-1 release.html release.pdf  (release.html: our HTML edition)",
}


@dataclass
class Measure:
    name: str
    seconds: list[float] = field(default_factory=list)
    peak_mib: float = 0.0
    tree_mib: float = 0.0  #: peak sampled sum of proportional memory (PSS) over the process and its workers, median run
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")


def _tree_pss_mib(pid: int) -> float:
    """Proportional memory (PSS) of ``pid`` and all its descendants now, in MiB (Linux; 0 elsewhere).

    PSS shares each page between the processes that map it, so forked workers' common
    pages (the interpreter, imported libraries) count once, as the machine holds them."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:")) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack += [int(child) for child in handle.read().split()]
        except (OSError, ValueError, StopIteration):
            continue
    return total / 2**20


SCALE = 7  #: the largest multiple of the worked example within publisher/limits.py (its 4 quotes: 28 of 30)
DECK_FACTORS = (1, 3, 6)


def deck_scaling(data: dict, tmp: Path, repeat: int) -> list[Measure]:
    """The deck's render time at 1, 3 and 6 x the worked example, in one process (startup and
    imports left out, so that the growth of the layout itself is what is compared)."""
    script = (
        "import json, sys, time\n"
        "from publisher.load import load\nfrom publisher.theme import load_theme\nfrom publisher.render import deck\n"
        "from publisher.spec import Options\n"
        "theme = load_theme(); out = {}\n"
        "for path in sys.argv[1:]:\n"
        "    release = load(path).release; deck.render(release, theme, Options()); runs = []\n"
        f"    for _ in range({repeat}):\n"
        "        start = time.perf_counter(); deck.render(release, theme, Options())\n"
        "        runs.append(time.perf_counter() - start)\n"
        "    out[path] = runs\n"
        "print(json.dumps(out))\n")
    paths = [str(synth.write(synth.scaled(data, f), tmp / f"deck-x{f}.yaml")) for f in DECK_FACTORS]
    runs = json.loads(subprocess.run([PY, "-c", script, *paths], cwd=ROOT, check=True, capture_output=True,
                                     text=True).stdout)
    return [Measure(f"deck render, {f} x content (in one process)", runs[path])
            for f, path in zip(DECK_FACTORS, paths, strict=True)]


def zip_bomb(path: Path) -> Path:
    """A .pptx that unpacks 1000-fold: 64 MiB of zeros in one slide part."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("ppt/slides/slide1.xml", "w") as member:
            for _ in range(64):
                member.write(bytes(2**20))
    return path


def run_once(argv: list[str], cwd: Path = ROOT, ok_exit: int = 0) -> tuple[float, float, float]:
    """Wall seconds, peak RSS of the largest process in MiB, and the largest sampled tree total.

    ``wait4`` reports the largest resident set of the child and the descendants it waited
    for: with worker processes, the largest worker. The tree total (every 10 ms, all
    processes at once, proportional set size) is what the machine had to hold."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree = 0.0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        tree = max(tree, _tree_pss_mib(proc.pid))
        time.sleep(0.01)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != ok_exit:
        raise RuntimeError(f"{' '.join(map(str, argv))} exited {proc.returncode}:\n{err[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, tree


@dataclass
class Case:
    """One thing measured: ``run()`` does it once and says its wall seconds, peak MiB (largest
    process) and peak MiB over all its processes."""

    name: str
    run: Callable[[], tuple[float, float, float]]
    note: str = ""


def case(name: str, argv: list[str], setup=None, cwd: Path = ROOT, note: str = "", ok_exit: int = 0) -> Case:
    """``argv`` as one new process (``setup()`` before each run)."""
    def once() -> tuple[float, float, float]:
        if setup:
            setup()
        return run_once(argv, cwd, ok_exit)
    return Case(name, once, note)


def sequential(name: str, commands: list[list[str]], note: str = "") -> Case:
    """Commands run one after another, one process each, timed together (a peer writing a batch)."""
    def once() -> tuple[float, float, float]:
        start = time.perf_counter()
        for argv in commands:
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start, 0.0, 0.0
    return Case(name, once, note)


def interleaved(cases: list[Case], repeat: int) -> list[Measure]:
    """Every case ``repeat`` times, in turns (a, b, a, b, ...): cases compared with each other
    share the same minutes of a shared machine, so that its drift does not tilt their ratio."""
    results = [Measure(c.name, note=c.note) for c in cases]
    trees: list[list[float]] = [[] for _ in cases]
    for _ in range(repeat):
        for one, result, tree in zip(cases, results, trees, strict=True):
            seconds, peak, total = one.run()
            result.seconds.append(seconds)
            result.peak_mib = max(result.peak_mib, peak)
            tree.append(total)
    for result, tree in zip(results, trees, strict=True):
        result.tree_mib = statistics.median(tree)  # sampled: the median run's peak, not one sample's spike
    return results


def measure(name: str, argv: list[str], repeat: int, setup=None, cwd: Path = ROOT, note: str = "",
            ok_exit: int = 0) -> Measure:
    return interleaved([case(name, argv, setup, cwd, note, ok_exit)], repeat)[0]


def formats() -> list[str]:
    from publisher import formats as registry

    return registry.names()


def markdown_release(content: Path, path: Path) -> Path:
    """The release as Markdown, as a user of pandoc would write it (our text edition, headings kept)."""
    from publisher import formats as registry
    from publisher.load import load
    from publisher.theme import load_theme

    release = load(content).release
    text = registry.get("text").render(release, load_theme()).decode()
    blocks = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = block.strip("\n").splitlines()
        rule = lines[-1] if lines else ""
        if len(lines) > 1 and len(rule) >= 3 and set(rule) <= {"=", "-"}:  # an underlined title or heading
            blocks.append(("# " if rule[0] == "=" else "## ") + " ".join(line.strip() for line in lines[:-1]))
        elif lines:
            blocks.append("\n".join(lines))
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return path


def html_edition(content: Path, tmp: Path) -> Path:
    """Our HTML edition of the release, as WeasyPrint is given it."""
    subprocess.run(PUBLISHER + ["build", str(content), "--out", str(tmp / "html-edition"), "-f", "html", "--no-check",
                                "-q"], cwd=ROOT, check=True)
    return tmp / "html-edition" / content.stem / f"{content.stem}.html"


def compile_bytecode() -> None:
    """publisher's modules compiled, as an installed package has them (see the module docstring)."""
    import compileall

    compileall.compile_dir(str(ROOT / "publisher"), quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=BATCH)
    parser.add_argument("--quick", action="store_true", help="a smoke test: 1 repeat, a batch of 4")
    parser.add_argument("--markdown", action="store_true", help="print the README tables")
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    batch_repeat = 1 if args.quick else 3  #: the batch rows: medians of 3
    batch_size = 4 if args.quick else args.batch
    compile_bytecode()
    tmp = Path(tempfile.mkdtemp(prefix="publisher-bench-"))
    out = tmp / "out"
    results: dict[str, Measure] = {}

    def add(m: Measure) -> None:
        results[m.name] = m
        print(f"{m.name:<44} {m.median:8.3f} s  {m.peak_mib:7.1f} MiB  {m.tree_mib:7.1f} MiB  {m.note}", flush=True)

    def clean():
        shutil.rmtree(out, ignore_errors=True)

    # the release on its own: beside it in content/ stands its Spanish edition, which a build
    # would add (twice the outputs), where the peers and the import floor make one
    release = tmp / RELEASE.name
    shutil.copyfile(RELEASE, release)
    weasy = os.environ.get("WEASYPRINT") or shutil.which("weasyprint")
    pandoc = shutil.which("pandoc")
    # each row of the issue's table is measured in turns with its peer (see interleaved)
    for m in interleaved([case("import floor", IMPORT_FLOOR, note=", ".join(FLOOR_LIBRARIES)),
                          case("full build (all formats + check)", PUBLISHER + ["build", str(release), "--out", str(out)],
                               clean, note=f"--jobs default: {os.cpu_count()} cores, formats side by side")], repeat):
        add(m)
    add(measure("full build, --jobs 1", PUBLISHER + ["build", str(release), "--out", str(out), "--jobs", "1"],
                repeat, clean, note="every format in one process"))
    add(measure("no-op rebuild", PUBLISHER + ["build", str(release), "--out", str(out)], repeat))
    for name in formats():
        cases = [case(f"format {name}", PUBLISHER + ["build", str(release), "--out", str(out), "-f", name, "--force"])]
        if name == "factsheet" and weasy:
            page = html_edition(RELEASE, tmp)
            cases.append(case("weasyprint: our HTML edition to PDF/UA-1",
                              [weasy, "--pdf-variant", "pdf/ua-1", str(page), str(tmp / "w.pdf")], note=PEERS["weasyprint"]))
        for m in interleaved(cases, repeat):
            add(m)
    add(measure("check (all outputs)", PUBLISHER + ["check", str(out / release.stem)], repeat))

    data = synth.load_data(RELEASE)
    big = synth.write(synth.scaled(data, SCALE), tmp / f"x{SCALE}.yaml")
    add(measure(f"{SCALE} x content, full build", PUBLISHER + ["build", str(big), "--out", str(out), "--force"],
                max(1, repeat // 2), note="the largest multiple of the worked example within the limits"))
    add(measure(f"{SCALE} x content, full build, --jobs 1",
                PUBLISHER + ["build", str(big), "--out", str(out), "--force", "-j", "1"], max(1, repeat // 2)))
    for m in deck_scaling(data, tmp, repeat):
        add(m)
    maximum = synth.write_at_maximum(tmp / "at-maximum.yaml")
    add(measure("release at every maximum, full build", PUBLISHER + ["build", str(maximum), "--out", str(out), "--force"],
                max(1, repeat // 2), note="every limit of publisher/limits.py at once"))
    bomb = zip_bomb(tmp / "bomb-briefing.pptx")
    add(measure("check of an archive bomb", PUBLISHER + ["check", "--jobs", "1", str(bomb)], repeat, ok_exit=1,
                note="64 MiB of zeros packed 1000:1 as a .pptx"))

    batch = tmp / "batch"
    batch.mkdir()
    files = [synth.write(synth.variant(data, n), batch / f"release-{synth.word(n).replace(' ', '-')}.yaml")
             for n in range(batch_size)]
    batch_out = tmp / "batch-out"

    def clean_batch():
        shutil.rmtree(batch_out, ignore_errors=True)

    def build_batch(*options: str) -> list[str]:
        return PUBLISHER + ["build", *map(str, files), "--out", str(batch_out), *options]

    batches = [case(f"{batch_size} releases, all formats + check, --jobs 2", build_batch("--jobs", "2"), clean_batch,
                    note="medians of 3"),
               case(f"{batch_size} decks, --format deck --jobs 2, checked", build_batch("-f", "deck", "--jobs", "2"),
                    clean_batch),
               case(f"{batch_size} plain-text editions, --format text, checked", build_batch("-f", "text"), clean_batch,
                    note=f"--jobs default: {os.cpu_count()}")]
    if pandoc:
        sources = [markdown_release(path, tmp / f"{path.stem}.md") for path in files]
        batches += [sequential(f"pandoc: {batch_size} decks, one process each",
                               [["pandoc", str(md), "-o", str(tmp / f"{md.stem}.pptx")] for md in sources]),
                    sequential(f"pandoc: {batch_size} plain-text files, one process each",
                               [["pandoc", str(md), "-t", "plain", "-o", str(tmp / f"{md.stem}.txt")] for md in sources])]
    for m in interleaved(batches, batch_repeat):
        add(m)
    add(measure(f"{batch_size} releases, all formats + check, --jobs 1", build_batch("--jobs", "1"), 1, clean_batch))
    if pandoc:
        md = markdown_release(RELEASE, tmp / "release.md")
        add(measure("pandoc: the release to a deck", ["pandoc", str(md), "-o", str(tmp / "p.pptx")], repeat,
                    note=PEERS["pandoc: deck"]))
        add(measure("pandoc: the release to plain text", ["pandoc", str(md), "-t", "plain", "-o", str(tmp / "p.txt")],
                    repeat, note=PEERS["pandoc: plain text"]))

    report = targets(results)
    table = issue_table(results, batch_size)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps({
        "measures": {k: {"median_s": v.median, "runs_s": v.seconds, "peak_mib": v.peak_mib, "tree_mib": v.tree_mib}
                     for k, v in results.items()},
        "issue_table": table,
        "targets": report,
    }, indent=2))
    print()
    for line in table + report:
        verdict = "PASS " if line["ok"] else ("FAIL " if line["ok"] is False else "n/a  ")
        print(verdict + line["target"] + ": " + line["measured"])
    if args.markdown:
        print()
        print(markdown(results, table, report))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


#: The issue's table: (what is compared, ours, the peer's, the target ratio).
ISSUE_ROWS = (
    ("{n} decks, `--format deck --jobs 2`, checked / pandoc writing {n} decks, one process each",
     "{n} decks, --format deck --jobs 2, checked", "pandoc: {n} decks, one process each", 1.0),
    ("{n} plain-text editions, checked / pandoc writing {n} plain-text files",
     "{n} plain-text editions, --format text, checked", "pandoc: {n} plain-text files, one process each", 1.0),
    ("{n} releases in every format with their checks, `--jobs 2` / pandoc writing only the {n} decks",
     "{n} releases, all formats + check, --jobs 2", "pandoc: {n} decks, one process each", 1.0),
    ("one fact sheet, whole process / WeasyPrint 70 `--pdf-variant pdf/ua-1` on our HTML edition",
     "format factsheet", "weasyprint: our HTML edition to PDF/UA-1", 0.5),
    ("full build of every format with checks / bare import floor of its libraries",
     "full build (all formats + check)", "import floor", 1.8),
)


def issue_table(r: dict[str, Measure], batch_size: int) -> list[dict]:
    """Each row of the issue's table: ours / the peer's, medians, against its target."""
    rows = []
    for text, ours, peer, limit in ISSUE_ROWS:
        ours, peer = ours.format(n=batch_size), peer.format(n=batch_size)
        value = r[ours].median / r[peer].median if ours in r and peer in r else None
        rows.append({"target": text.format(n=batch_size) + f" <= {limit}x",
                     "row": text.format(n=batch_size), "limit": limit, "value": value,
                     "measured": "not measured" if value is None else f"{value:.2f}x",
                     "ok": None if value is None else value <= limit})
    return rows


def markdown(results: dict[str, Measure], table: list[dict], report: list[dict]) -> str:
    """The README's tables: the issue's comparisons, every measurement, the other targets."""
    lines = ["| measurement (ours / peer, medians) | now | target |", "|---|---|---|"]
    for row in table:
        verdict = "not measured" if row["ok"] is None else ("met" if row["ok"] else "not met")
        lines.append(f"| {row['row']} | {row['measured']} | <= {row['limit']:g}x ({verdict}) |")
    lines += ["", "| measurement | median | peak memory, largest process | all processes |", "|---|---:|---:|---:|"]
    for m in results.values():
        peak = f"{m.peak_mib:.0f} MiB" if m.peak_mib else ""
        tree = f"{m.tree_mib:.0f} MiB" if m.tree_mib else ""
        name = f"{m.name} (`{m.note}`)" if m.note in PEERS.values() else m.name
        lines.append(f"| {name} | {m.median:.3f} s | {peak} | {tree} |")
    lines += ["", "| target | measured | |", "|---|---|---|"]
    for line in report:
        verdict = "not measured" if line["ok"] is None else ("met" if line["ok"] else "not met")
        lines.append(f"| {line['target']} | {line['measured']} | {verdict} |")
    return "\n".join(lines)


def targets(r: dict[str, Measure]) -> list[dict]:
    def ratio(a: str, b: str):
        return r[a].median / r[b].median if a in r and b in r else None

    lines = []

    def target(text: str, value, limit: float, unit: str = "x"):
        lines.append({"target": text, "measured": "not measured" if value is None else f"{value:.2f}{unit}",
                      "ok": None if value is None else value <= limit})

    target("text-only build <= 0.5 x full build", ratio("format text", "full build (all formats + check)"), 0.5)
    target(f"{SCALE} x content <= {SCALE} x full build",
           ratio(f"{SCALE} x content, full build", "full build (all formats + check)"), SCALE)
    big = r.get(f"{SCALE} x content, full build")
    target(f"{SCALE} x content peak memory <= 150 MiB (largest process)", big.peak_mib if big else None, 150, " MiB")
    target(f"{SCALE} x content peak memory <= 150 MiB (all processes)", big.tree_mib if big else None, 150, " MiB")
    serial = r.get(f"{SCALE} x content, full build, --jobs 1")
    target(f"{SCALE} x content, --jobs 1, peak memory <= 150 MiB", serial.peak_mib if serial else None, 150, " MiB")
    target("deck grows linearly: 6 x content <= 2.5 x the time of 3 x (linear 2, quadratic 4)",
           ratio("deck render, 6 x content (in one process)", "deck render, 3 x content (in one process)"), 2.5)
    most = r.get("release at every maximum, full build")
    target("release at every maximum, all formats <= 10 s", most.median if most else None, 10, " s")
    target("release at every maximum <= 500 MiB (all processes)", most.tree_mib if most else None, 500, " MiB")
    bomb = r.get("check of an archive bomb")
    target("check refuses an archive bomb <= 2 s", bomb.median if bomb else None, 2, " s")
    target("check refuses an archive bomb <= 200 MiB", bomb.peak_mib if bomb else None, 200, " MiB")
    target("no-op rebuild <= 0.3 x full build", ratio("no-op rebuild", "full build (all formats + check)"), 0.3)
    return lines


if __name__ == "__main__":
    sys.exit(main())
