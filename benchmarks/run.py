"""publisher's benchmark suite: whole-process runs, medians, peak memory, targets as ratios.

    .venv/bin/python benchmarks/run.py [--repeat 5] [--quick] [--markdown]

Every measurement is a new process, timed from outside (wall clock) with its peak resident
memory read from ``os.wait4``. Ratios are taken within one run, because absolute times on
shared machines mean little. Alternatives a user might pick (pandoc, WeasyPrint) are measured
in the same run where they are installed. Results go to ``benchmarks/results/latest.json``.
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
IMPORT_FLOOR = [PY, "-c", "import pptx, reportlab.platypus, pikepdf, yaml, pydantic, click"]


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
        "theme = load_theme(); out = {}\n"
        "for path in sys.argv[1:]:\n"
        "    release = load(path).release; deck.render(release, theme); runs = []\n"
        f"    for _ in range({repeat}):\n"
        "        start = time.perf_counter(); deck.render(release, theme); runs.append(time.perf_counter() - start)\n"
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


def measure(name: str, argv: list[str], repeat: int, setup=None, cwd: Path = ROOT, note: str = "",
            ok_exit: int = 0) -> Measure:
    result = Measure(name, note=note)
    trees: list[float] = []
    for _ in range(repeat):
        if setup:
            setup()
        seconds, peak, tree = run_once(argv, cwd, ok_exit)
        result.seconds.append(seconds)
        result.peak_mib = max(result.peak_mib, peak)
        trees.append(tree)
    result.tree_mib = statistics.median(trees)  # sampled: the median run's peak, not one sample's spike
    return result


def formats() -> list[str]:
    from publisher import formats as registry

    return registry.names()


def markdown_release(path: Path) -> Path:
    """The release as Markdown, as a user of pandoc would write it (text edition, headings kept)."""
    from publisher.render.text import render

    text = render(__import__("publisher.load", fromlist=["load"]).load(RELEASE).release).decode()
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt and set(nxt) <= {"="} and len(nxt) >= 3:
            out.append("# " + line)
        elif nxt and set(nxt) <= {"-"} and len(nxt) >= 3:
            out.append("## " + line)
        elif line and set(line) <= {"=", "-"} and len(line) >= 3:
            continue
        else:
            out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def factsheet_html(path: Path) -> Path:
    """The fact sheet's content as the HTML a WeasyPrint user would write: same text, font and page."""
    import html

    from publisher.document import figure_lists
    from publisher.figures import Resolver
    from publisher.load import load
    from publisher.theme import load_theme

    release = load(RELEASE).release
    theme = load_theme()
    meta = release.release
    resolve = Resolver(release)
    rows = "".join(f"<tr><th scope=row>{html.escape(f.label)}</th><td>{html.escape(f.text)}</td></tr>"
                   for group in figure_lists(release, keep_together=False) for f in group.figures)
    lists = "".join(f"<section><h2>{html.escape(named.title)}</h2><ul>"
                    + "".join(f"<li>{html.escape(i)}</li>" for i in named.items)
                    + "</ul></section>" for named in release.lists.values())
    quotes = "".join(f"<blockquote><p>“{html.escape(q.text)}”</p><p>— {html.escape(q.speaker)}</p></blockquote>"
                     for _, q in release.quotes_in_order()[:2])
    path.write_text(f"""<!doctype html><html lang="{meta.language}"><head><meta charset="utf-8">
<title>{html.escape(meta.title)}</title><style>
@font-face{{font-family:AHN;src:url({theme.font_path().as_uri()})}}
@font-face{{font-family:AHN;font-weight:bold;src:url({theme.font_path('bold').as_uri()})}}
@page{{size:letter;margin:0.6in}} body{{font-family:AHN;font-size:10.5pt;color:#1b1b1b}}
h1{{color:#162e51;font-size:20pt}} table{{width:100%;border-collapse:collapse}}
th,td{{text-align:left;padding:4pt;border-bottom:1px solid #8c98a8}}
</style></head><body><header><p>{html.escape(meta.agency)} · Fact sheet</p></header><main>
<h1>{html.escape(meta.title)}</h1><p>{html.escape(resolve(meta.summary))}</p>
<h2>Key figures</h2><table><thead><tr><th scope=col>Measure</th><th scope=col>Figure</th></tr></thead>
<tbody>{rows}</tbody></table>{lists}<h2>In their words</h2>{quotes}
<h2>Contact</h2><address>{html.escape(meta.contact.office)}<br>Phone: {meta.contact.phone}</address></main></body></html>
""", encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="3 repeats, a batch of 20")
    parser.add_argument("--markdown", action="store_true", help="print the README table")
    args = parser.parse_args()
    repeat = 3 if args.quick else args.repeat
    batch_size = 20 if args.quick else args.batch
    tmp = Path(tempfile.mkdtemp(prefix="publisher-bench-"))
    out = tmp / "out"
    results: dict[str, Measure] = {}

    def add(m: Measure) -> None:
        results[m.name] = m
        print(f"{m.name:<38} {m.median:8.3f} s  {m.peak_mib:7.1f} MiB  {m.tree_mib:7.1f} MiB  {m.note}", flush=True)

    def clean():
        shutil.rmtree(out, ignore_errors=True)

    add(measure("import floor", IMPORT_FLOOR, repeat))
    add(measure("full build (all formats + check)", PUBLISHER + ["build", str(RELEASE), "--out", str(out)], repeat, clean,
                note=f"--jobs default: {os.cpu_count()} cores, formats side by side"))
    add(measure("full build, --jobs 1", PUBLISHER + ["build", str(RELEASE), "--out", str(out), "--jobs", "1"],
                repeat, clean, note="every format in one process"))
    add(measure("no-op rebuild", PUBLISHER + ["build", str(RELEASE), "--out", str(out)], repeat))
    for name in formats():
        add(measure(f"format {name}", PUBLISHER + ["build", str(RELEASE), "--out", str(out), "-f", name, "--force"], repeat))
    add(measure("check (all outputs)", PUBLISHER + ["check", str(out / RELEASE.stem)], repeat))

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
    for n in range(batch_size):
        synth.write(synth.variant(data, n), batch / f"release-{synth.word(n).replace(' ', '-')}.yaml")
    files = sorted(str(p) for p in batch.glob("*.yaml"))
    for jobs in (1, 2):
        add(measure(f"batch of {batch_size}, --jobs {jobs}",
                    PUBLISHER + ["build", *files, "--out", str(tmp / f"batch-out-{jobs}"), "--force", "--jobs", str(jobs)], 1))

    md = markdown_release(tmp / "release.md")
    if shutil.which("pandoc"):
        add(measure("pandoc: release to pptx", ["pandoc", str(md), "-o", str(tmp / "p.pptx")], repeat))
        add(measure("pandoc: release to plain text", ["pandoc", str(md), "-t", "plain", "-o", str(tmp / "p.txt")], repeat))
        def pandoc_batch():
            for n in range(batch_size):
                subprocess.run(["pandoc", str(md), "-o", str(tmp / f"p{n}.pptx")], check=True)
        start = time.perf_counter()
        pandoc_batch()
        results[f"pandoc: {batch_size} decks"] = Measure(f"pandoc: {batch_size} decks", [time.perf_counter() - start])
        print(f"pandoc: {batch_size} decks                  {results[f'pandoc: {batch_size} decks'].median:8.3f} s")
    weasy = os.environ.get("WEASYPRINT") or shutil.which("weasyprint")
    if weasy:
        sheet = factsheet_html(tmp / "fact-sheet.html")
        add(measure("weasyprint: fact sheet pdf/ua-1",
                    [weasy, "--pdf-variant", "pdf/ua-1", str(sheet), str(tmp / "w.pdf")], repeat))

    report = targets(results, batch_size)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps({
        "measures": {k: {"median_s": v.median, "runs_s": v.seconds, "peak_mib": v.peak_mib, "tree_mib": v.tree_mib}
                     for k, v in results.items()},
        "targets": report,
    }, indent=2))
    print()
    for line in report:
        verdict = "PASS " if line["ok"] else ("FAIL " if line["ok"] is False else "n/a  ")
        print(verdict + line["target"] + ": " + line["measured"])
    if args.markdown:
        print()
        print("| measurement | median | peak memory, largest process | all processes |")
        print("|---|---:|---:|---:|")
        for m in results.values():
            peak = f"{m.peak_mib:.0f} MiB" if m.peak_mib else ""
            tree = f"{m.tree_mib:.0f} MiB" if m.tree_mib else ""
            print(f"| {m.name} | {m.median:.3f} s | {peak} | {tree} |")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


def targets(r: dict[str, Measure], batch_size: int) -> list[dict]:
    def ratio(a: str, b: str):
        return r[a].median / r[b].median if a in r and b in r else None

    lines = []

    def target(text: str, value, limit: float, unit: str = "x"):
        lines.append({"target": text, "measured": "not measured" if value is None else f"{value:.2f}{unit}",
                      "ok": None if value is None else value <= limit})

    target("full build <= 1.8 x import floor", ratio("full build (all formats + check)", "import floor"), 1.8)
    target("text-only build <= 0.5 x full build", ratio("format text", "full build (all formats + check)"), 0.5)
    target("fact sheet <= 0.5 x WeasyPrint", ratio("format factsheet", "weasyprint: fact sheet pdf/ua-1"), 0.5)
    target(f"batch of {batch_size} --jobs 2 < pandoc's {batch_size} decks",
           ratio(f"batch of {batch_size}, --jobs 2", f"pandoc: {batch_size} decks"), 1.0)
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
