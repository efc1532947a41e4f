"""Time `chronology check` on generated corpora of growing size, start-up included.

    python benchmarks/bench_check.py [--sizes 4000 8000] [--conflict]

The corpora come from the shared generator (../shared/tools/gen_corpus.py): telegrams in
the founding document's layout from two stations, each citing the station's previous
one by both numbers. Prints a table with wall time, peak memory and the ratio to the
first size; docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from run import GEN, generate_corpus, measure  # benchmarks/run.py, beside this file


def run(n: int, conflict: bool, tmp: Path) -> tuple[float, float, int]:
    """Wall seconds and peak MB of one `chronology check`, and its exit status."""
    corpus = generate_corpus(n, tmp, conflict)
    wall, peak, _, rc = measure([sys.executable, "-m", "chronology.cli", "check", str(corpus)])
    return wall, peak, rc


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
    print("| documents | wall s | peak MB | exit | x first |")
    print("|---:|---:|---:|---:|---:|")
    for n, wall, peak, rc in rows:
        print(f"| {n} | {wall:.2f} | {peak:.0f} | {rc} | {wall / base:.2f} |")


if __name__ == "__main__":
    main()
