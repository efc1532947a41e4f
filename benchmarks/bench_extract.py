"""Time `chronology extract` against datefinder and dateparser on the same corpus.

Whole commands are timed, start-up included, each in a fresh process, in the same run,
so that the comparison is what a user sees. The baselines read each document's text
and list the dates they find (the most they offer); they place nothing in a time zone.

    python benchmarks/bench_extract.py [CORPUS.jsonl] [--repeat 3] [--skip-dateparser]

The default corpus is the shared FRUS dev set (../shared/data/frus/dev.jsonl). Prints a
markdown table; docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import compileall
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "frus" / "dev.jsonl"

BASELINE = r"""
import json, sys
which, path = sys.argv[1], sys.argv[2]
if which == "datefinder":
    import datefinder
    def find(text):
        return list(datefinder.find_dates(text))
else:
    from dateparser.search import search_dates
    def find(text):
        return search_dates(text) or []
n = 0
for line in open(path, encoding="utf-8"):
    if line.strip():
        found = find(json.loads(line)["text"])
        n += len(found)
print(n)
"""


def timed(cmd: list[str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"{cmd[:3]} failed: {r.stderr[-400:]}")
    return wall, r.returncode


def warm_up() -> None:
    """Measure the package as it runs once installed. A wheel install compiles its modules
    to bytecode, as the baselines' were when they were installed; an editable checkout,
    under PYTHONDONTWRITEBYTECODE, would compile them again in every timed run. One
    untimed run then fills the compiled-rule cache, as a user's first run does."""
    compileall.compile_dir(str(ROOT / "chronology"), quiet=1)
    seed = ROOT / "data" / "seed"
    subprocess.run([sys.executable, "-m", "chronology.cli", "extract", str(seed)],
                   capture_output=True, check=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-dateparser", action="store_true",
                    help="dateparser reads about 15 documents/s: skip it on large corpora")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.exists():
        raise SystemExit(f"corpus not found: {corpus}")
    n_docs = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
    warm_up()
    size = corpus.stat().st_size
    exe = [sys.executable, "-m", "chronology.cli", "extract", str(corpus)]
    rows = [("chronology extract", exe), ("chronology extract --jobs 2", exe + ["--jobs", "2"]),
            ("datefinder", [sys.executable, "-c", BASELINE, "datefinder", str(corpus)])]
    if not args.skip_dateparser:
        rows.append(("dateparser", [sys.executable, "-c", BASELINE, "dateparser", str(corpus)]))
    results = []
    for name, cmd in rows:
        reps = args.repeat if name != "dateparser" else 1
        walls = [timed(cmd)[0] for _ in range(reps)]
        best = min(walls)
        results.append((name, best, statistics.median(walls), n_docs / best))
    ref = next(r for r in results if r[0] == "datefinder")[3]
    print(f"corpus: {corpus.name}, {n_docs} documents, {size / 1e6:.1f} MB; "
          f"python {platform.python_version()}, {platform.machine()}")
    print("| command | best wall s | median wall s | documents/s | x datefinder |")
    print("|---|---:|---:|---:|---:|")
    for name, best, med, dps in results:
        print(f"| {name} | {best:.2f} | {med:.2f} | {dps:.0f} | {dps / ref:.1f} |")
    print(json.dumps({r[0]: round(r[3], 1) for r in results}))


if __name__ == "__main__":
    main()
