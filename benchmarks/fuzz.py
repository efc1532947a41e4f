"""Long fuzzing run: no exception may escape the reader, the input layer or the solver.

    python benchmarks/fuzz.py --inputs 100000 [--seed 1]

Inputs are drawn from five families: random bytes decoded leniently, real documents
(the bundled seed and, when present, the shared telegram set) with random mutations,
telegram fragments spliced at random, huge and absurd numbers in date shapes, and
deeply nested or entity-laden XML given to the TEI reader. Every document read must give
intervals with earliest < latest whose spans point at the text they claim. Prints a
summary; exits 1 at the first failure, with the input that caused it.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

from chronology.extract import extract_document
from chronology.sources.inputs import iter_inputs

ROOT = Path(__file__).resolve().parents[1]
FRAGMENTS = [
    "Received ", "13.6.51", "19:55", " at ", "June 13, 1951", "130510Z JUN 51", "today",
    "No. 2974", "\n", "vkh. No. 20757", "25:99", "31.June.1951", "8.II.1950", "10/14/50",
    " Beijing time", " Moscow time", "From BEIJING", '"', "MAO ZEDONG", "2212", "—3 p.m.",
    "in June", "1951, '52", "over the last 12 days", "Nº", "/sh", "[", "]", "0043Z",
    "99999999999999999999", "31.13.9999", "0.0.0", "24:60", "Dec 32, 1951", "от 13 июня",
]


def seeds() -> list[str]:
    texts = [(ROOT / "data" / "seed" / "seed-20772.txt").read_text(encoding="utf-8")]
    wilson = ROOT.parent / "shared" / "data" / "wilson" / "docs"
    if wilson.exists():
        texts += [p.read_text(encoding="utf-8") for p in sorted(wilson.glob("*.txt"))]
    return texts


def mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 20)):
        op = rng.random()
        pos = rng.randrange(len(chars) + 1)
        if op < 0.4 and chars:
            del chars[min(pos, len(chars) - 1)]
        elif op < 0.8:
            chars.insert(pos, rng.choice("0123456789.:/- \n\"'NºZ"))
        else:
            chars[pos:pos] = list(rng.choice(FRAGMENTS))
    return "".join(chars)


def generate(rng: random.Random, corpus: list[str]) -> tuple[str, str]:
    family = rng.randrange(5)
    if family == 0:
        return "bytes", bytes(rng.randrange(256) for _ in range(rng.randrange(400))).decode(
            "utf-8", "replace")
    if family == 1:
        return "mutated", mutate(rng, rng.choice(corpus))
    if family == 2:
        return "fragments", "".join(rng.choice(FRAGMENTS) for _ in range(rng.randrange(40)))
    if family == 3:
        n = rng.choice([10**rng.randrange(1, 40), rng.randrange(10**6)])
        return "numbers", f"Received {n}:{n} {n}.{n}.{n} No. {n}\n{n}.{rng.randrange(99)}.51\n"
    depth = rng.randrange(1, 3000)
    body = "<div>" * depth + "x" + "</div>" * depth
    if rng.random() < 0.3:
        body = '<!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><t>&b;</t>'
    return "xml", f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>{body}</body></text></TEI>'


def check(kind: str, text: str, tmp: Path) -> None:
    if kind == "xml":
        path = tmp / "v.xml"
        path.write_text(text, encoding="utf-8")
        for _ in iter_inputs([str(path)]):
            pass
        return
    doc = extract_document("fuzz", text)
    for e in doc.events:
        assert e.time.earliest < e.time.latest, e
        s, t = e.provenance.span
        assert text[s:t] == e.provenance.text, e


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    corpus = seeds()
    counts: dict[str, int] = {}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.inputs):
            kind, text = generate(rng, corpus)
            counts[kind] = counts.get(kind, 0) + 1
            try:
                check(kind, text, Path(tmp))
            except Exception:  # noqa: BLE001 - report the input that broke the reader
                print(f"FAILED on input {i} ({kind}): {text[:500]!r}")
                traceback.print_exc()
                sys.exit(1)
    wall = time.perf_counter() - t0
    print(f"{args.inputs} inputs, no exception, {wall:.0f} s: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
