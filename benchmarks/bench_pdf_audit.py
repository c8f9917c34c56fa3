"""The PDF/UA-1 audit's speed: every file of the veraPDF corpus sample, and our own fact sheet.

Run: .venv/bin/python benchmarks/bench_pdf_audit.py [repeats] [--processes N]

For each file, ``audit(path)`` is timed ``repeats`` times in this process (after one warm-up
audit of the first file, so the one-off imports are not charged to a file) and the median kept;
the script prints the median and the slowest of those per-file medians, and the fact sheet's and
the large-print edition's. With ``--processes N`` it also times ``publisher check FILE`` as a user
runs it, a new interpreter each time, on N files spread over the corpus (wall clock, imports and
start-up included). The target: at most 0.2 s median per file.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = Path(os.environ.get("PUBLISHER_VERAPDF_CORPUS") or ROOT.parent / "shared" / "verapdf-corpus" / "PDF_UA-1")


def median_time(path: Path, repeats: int) -> float:
    from publisher.audit import pdf as pdf_audit

    times = []
    for _ in range(repeats):
        pdf_audit._PAGE_TEXTS.clear()  # no reuse of an earlier run's text
        start = time.perf_counter()
        pdf_audit.audit(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def our_outputs() -> list[Path]:
    from publisher.formats import get
    from publisher.load import load
    from publisher.theme import load_theme

    loaded = load(ROOT / "content" / "operation-last-mile.yaml")
    theme = load_theme()
    out = Path(os.environ.get("TMPDIR", "/tmp")) / "bench-pdf-audit"
    out.mkdir(exist_ok=True)
    paths = []
    for name in ("factsheet", "largeprint"):  # each with its format's default options
        fmt = get(name)
        path = out / fmt.file_name("operation-last-mile")
        path.write_bytes(fmt.render(loaded.release, theme))
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    from publisher.audit import pdf as pdf_audit

    repeats = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 5
    processes = int(argv[argv.index("--processes") + 1]) if "--processes" in argv else 0
    files = sorted(CORPUS.rglob("*.pdf"))
    if not files:
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    pdf_audit.audit(files[0])  # imports (pikepdf models, fontTools) once, before timing
    per_file = {path: median_time(path, repeats) for path in files}
    values = sorted(per_file.values())
    slowest = max(per_file, key=per_file.__getitem__)
    print(f"corpus: {len(files)} files, audit median {statistics.median(values) * 1000:.1f} ms per file, "
          f"90th percentile {values[int(len(values) * 0.9)] * 1000:.1f} ms, "
          f"slowest {per_file[slowest] * 1000:.1f} ms ({slowest.name})")
    for path in our_outputs():
        print(f"{path.name}: audit median {median_time(path, repeats) * 1000:.1f} ms")
    if processes:
        sample = files[:: max(1, len(files) // processes)][:processes]
        walls = []
        for path in sample:
            start = time.perf_counter()
            subprocess.run([str(ROOT / ".venv" / "bin" / "publisher"), "check", str(path)],
                           capture_output=True, check=False)
            walls.append(time.perf_counter() - start)
        print(f"publisher check FILE (new process each, {len(sample)} files): median "
              f"{statistics.median(walls) * 1000:.0f} ms, slowest {max(walls) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
