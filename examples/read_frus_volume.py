"""Read a FRUS volume in TEI and list its telegrams with their UTC times.

    python examples/read_frus_volume.py [VOLUME.xml]

Without an argument it reads the 1951 Korea and China volume kept beside the project
(../shared/data/frus/tei/), when it is there. The volume is read safely (no external
entities, no entity expansion), each document is dated from its dateline in its place's
clock, and telegrams cited by number ("Deptel 335", "Embtel 52") are linked when the
volume contains them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import chronology

DEFAULT = (Path(__file__).resolve().parents[2] / "shared" / "data" / "frus" / "tei" /
           "frus1951v07p2.xml")


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        print(f"no FRUS volume at {path}; pass the path of a TEI volume")
        return 0
    corpus = chronology.read(str(path))
    dated = [d for d in corpus.documents if d.date is not None]
    linked = sum(1 for m in corpus.messages for r in m.references
                 if r.target and "#ref" not in r.target)
    print(f"{path.name}: {len(corpus.documents)} documents, {len(dated)} dated, "
          f"{linked} references linked inside the volume")
    for d in dated[:10]:
        t = d.date.time
        print(f"  {d.id:24} {t.local:17} {t.zone or '?':18} "
              f"{t.earliest:%Y-%m-%d %H:%M}Z  {d.date.provenance.text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
