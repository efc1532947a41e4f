"""Time `chronology check` on generated corpora of growing size, start-up included.

    python benchmarks/bench_check.py [--sizes 4000 8000] [--conflict]

The corpora come from the shared generator (../shared/tools/gen_corpus.py): telegrams in
the founding document's layout from two stations, each citing the station's previous
one by both numbers. Prints a table with wall time, peak memory and the ratio to the
first size; docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT.parent / "shared" / "tools" / "gen_corpus.py"


def run(n: int, conflict: bool, tmp: Path) -> tuple[float, int, int]:
    corpus = tmp / f"gen-{n}.jsonl"
    with corpus.open("w") as fh:
        args = [sys.executable, str(GEN), str(n)] + (["--conflict"] if conflict else [])
        subprocess.run(args, stdout=fh, check=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "chronology.cli", "check", str(corpus)],
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before), r.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[4000, 8000])
    ap.add_argument("--conflict", action="store_true", help="plant the generator's conflict")
    args = ap.parse_args()
    if not GEN.exists():
        raise SystemExit(f"the corpus generator is not beside the project: {GEN}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            rows.append((n, *run(n, args.conflict, Path(tmp))))
    base = rows[0][1]
    print("| documents | wall s | peak MB (largest so far) | exit | x first |")
    print("|---:|---:|---:|---:|---:|")
    for n, wall, peak, rc in rows:
        print(f"| {n} | {wall:.2f} | {peak / 1024:.0f} | {rc} | {wall / base:.2f} |")


if __name__ == "__main__":
    main()
