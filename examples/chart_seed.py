"""Chart the bundled seed corpus: telegram No. 20772 of 13 June 1951.

Usage::

    python examples/chart_seed.py [OUTPUT] [ZONE]

OUTPUT defaults to ``seed-timeline.png`` (.png, .svg or .pdf). ZONE defaults to
``local``: the axis is UTC and each event carries the clock it was written in, which is
the point of this telegram -- Moscow stamped its receipt "19:55" and the ambassador
wrote "22:00 Beijing time" for an earlier moment. Pass ``UTC`` or an IANA key such as
``Europe/Moscow`` for a plain axis in that clock.
"""

from __future__ import annotations

import sys
from pathlib import Path

import chronology

SEED = Path(__file__).resolve().parents[1] / "data" / "seed"


def main(argv: list[str]) -> int:
    out = argv[1] if len(argv) > 1 else "seed-timeline.png"
    zone = argv[2] if len(argv) > 2 else "local"
    corpus = chronology.read(str(SEED))
    chron = corpus.chronology()
    chronology.save_timeline(chron, out, zone=zone)
    state = "consistent" if chron.consistent else f"{len(chron.conflicts)} conflict(s)"
    print(f"chart of the seed corpus ({state}) written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
