"""One runner for every performance measure the project records in docs/performance.md.

    python benchmarks/run.py [--quick] [--with-dateparser]

Each measure runs in a fresh process so that its wall time includes start-up and its
peak memory (maximum resident set size) is its own:

* extraction of the FRUS dev corpus by `chronology extract`, against datefinder (and
  dateparser with --with-dateparser, which takes minutes);
* the solver's growth from 1,000 to 1,000,000 events (--quick stops at 100,000);
* `chronology check` on generated corpora of 4,000 and 8,000 telegrams;
* extraction of one long document (8,000 and 32,000 dated lines);
* drawing the timeline chart of 500 messages;
* `import chronology` (which must not import matplotlib).

Prints one markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_extract import warm_up  # benchmarks/bench_extract.py, beside this file

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FRUS = SHARED / "data" / "frus" / "dev.jsonl"
GEN = SHARED / "tools" / "gen_corpus.py"
PY = sys.executable


def measure(cmd: list[str], **kw) -> tuple[float, float, str, int]:  # noqa: ANN003
    """Wall seconds, peak MB of the child, its standard output and its exit status."""
    wrapped = [PY, "-c", (
        "import resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stdout.write(r.stdout)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "sys.stderr.write(f'@@peak {peak} @@rc {r.returncode}\\n')\n"
        "sys.stderr.write(r.stderr[-2000:])\n"
    )] + cmd
    t0 = time.perf_counter()
    r = subprocess.run(wrapped, capture_output=True, text=True, cwd=ROOT, **kw)
    wall = time.perf_counter() - t0
    peak_kb = int(r.stderr.split("@@peak ")[1].split()[0])
    rc = int(r.stderr.split("@@rc ")[1].split()[0])
    return wall, peak_kb / 1024, r.stdout, rc


def generate_corpus(n: int, directory: Path, conflict: bool = False) -> Path:
    """A corpus of ``n`` telegrams from the shared generator, written to ``directory``."""
    corpus = directory / f"gen-{n}{'-conflict' if conflict else ''}.jsonl"
    with corpus.open("w") as fh:
        cmd = [PY, str(GEN), str(n)] + (["--conflict"] if conflict else [])
        subprocess.run(cmd, stdout=fh, check=True)
    return corpus


BASELINE = ("import json, sys, datefinder\n"
            "for line in open(sys.argv[1], encoding='utf-8'):\n"
            "    list(datefinder.find_dates(json.loads(line)['text']))\n")
DATEPARSER = ("import json, sys\nfrom dateparser.search import search_dates\n"
              "for line in open(sys.argv[1], encoding='utf-8'):\n"
              "    search_dates(json.loads(line)['text'])\n")
CHART = ("import sys; sys.path.insert(0, 'examples'); import runpy\n"
         "sys.argv = ['chart_corpus.py', sys.argv[1], '500']\n"
         "runpy.run_path('examples/chart_corpus.py', run_name='__main__')\n")


def long_document(n: int) -> str:
    """A dateline and ``n`` lines each with a date, a time and a number: a long report."""
    lines = (
        f"On {d % 28 + 1} June 1951 at {d % 24}:{d % 60:02d} the unit No. {d} moved."
        for d in range(n)
    )
    return "Moscow, June 13, 1951.\n" + "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--with-dateparser", action="store_true")
    args = ap.parse_args()
    rows: list[tuple[str, str, float, float]] = []
    if FRUS.exists():
        warm_up()  # bytecode and the rule cache, as once installed (see bench_extract.py)
        n = sum(1 for _ in FRUS.open(encoding="utf-8"))
        for name, cmd in [("chronology extract", [PY, "-m", "chronology.cli", "extract",
                                                  str(FRUS)]),
                          ("datefinder", [PY, "-c", BASELINE, str(FRUS)])] + (
                [("dateparser", [PY, "-c", DATEPARSER, str(FRUS)])]
                if args.with_dateparser else []):
            wall, peak, _, _ = measure(cmd)
            rows.append((f"extract FRUS dev ({n} docs): {name}", f"{n / wall:.0f} docs/s",
                         wall, peak))
    sizes = ["1000", "10000", "100000"] + ([] if args.quick else ["1000000"])
    for size in sizes:
        wall, peak, out, _ = measure([PY, "benchmarks/bench_solver.py", "--sizes", size,
                                   "--repeat", "1", "--no-networkx"])
        solve = next((ln for ln in out.splitlines() if ln.startswith(f"| {int(size):,}")), "")
        rows.append((f"solver, {int(size):,} events", solve.split("|")[4].strip() + " s solve"
                     if solve.count("|") > 5 else "see bench_solver.py", wall, peak))
    if GEN.exists():
        with tempfile.TemporaryDirectory() as tmp:
            for n in (4000, 8000):
                corpus = generate_corpus(n, Path(tmp))
                wall, peak, _, _ = measure([PY, "-m", "chronology.cli", "check", str(corpus)])
                rows.append((f"check gen_corpus {n}", f"{4 * n} events", wall, peak))
    with tempfile.TemporaryDirectory() as tmp:
        for n in (8000, 32000):  # one long document: reading must grow with its length
            path = Path(tmp) / f"long-{n}.txt"
            path.write_text(long_document(n), encoding="utf-8")
            wall, peak, _, _ = measure([PY, "-m", "chronology.cli", "extract", str(path)])
            size = path.stat().st_size / 1e6
            name = f"extract one document of {n:,} dated lines"
            rows.append((name, f"{size:.1f} MB", wall, peak))
    with tempfile.TemporaryDirectory() as tmp:
        wall, peak, _, _ = measure([PY, "-c", CHART, os.path.join(tmp, "c.png")])
        rows.append(("chart of 500 messages (read, solve, draw, save PNG)", "", wall, peak))
    wall, peak, out, _ = measure([PY, "-c", "import sys, chronology; print('matplotlib' in "
                               "sys.modules, 'numpy' in sys.modules)"])
    rows.append(("import chronology", f"matplotlib/numpy imported: {out.strip()}", wall, peak))
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")
    print("| measure | result | wall s | peak MB |")
    print("|---|---|---:|---:|")
    for name, result, wall, peak in rows:
        print(f"| {name} | {result} | {wall:.2f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
