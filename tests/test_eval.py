"""Evaluation on the shared dev sets, with the project's scorer, against floors.

The floors are the scores the project has reached; they only ever rise. The dev sets
live beside the project (``../shared``) and are not shipped: where they are absent
these tests skip and say so.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"
CMD = f"{sys.executable} -m chronology.cli extract"

# Floors: raise them when the scores rise; never lower them.
FLOORS = {
    "frus": {"score": 99.8},
    "wilson": {"score": 97.4, "designator": 100.0, "reference": 100.0, "resolution": 75.0},
    "zones": {"score": 100.0},
}
GOLD = {
    "frus": SHARED / "data" / "frus" / "dev.jsonl",
    "wilson": SHARED / "data" / "wilson" / "gold.json",
    "zones": SHARED / "data" / "zones" / "dev-gold.jsonl",
}


def _score(name: str) -> str:
    if not SCORER.exists() or not GOLD[name].exists():
        pytest.skip(f"the shared dev set for {name} is not beside the project ({SHARED})")
    r = subprocess.run([sys.executable, str(SCORER), name, "--gold", str(GOLD[name]),
                        "--cmd", CMD], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def _pct(out: str, pattern: str) -> float:
    m = re.search(pattern, out)
    assert m, f"{pattern!r} not in scorer output:\n{out}"
    return float(m.group(1))


@pytest.mark.parametrize("name", ["frus", "wilson", "zones"])
def test_dev_set_floor(name: str) -> None:
    out = _score(name)
    assert "prediction problems" not in out, out
    got = _pct(out, r"(?m)^score: ([\d.]+)%")
    assert got >= FLOORS[name]["score"], out
    if name == "wilson":
        assert _pct(out, r"designator recall: .*?all\s+([\d.]+)%") >= FLOORS[name]["designator"]
        assert _pct(out, r"reference recall \(span overlap\):\s+([\d.]+)%") >= \
            FLOORS[name]["reference"]
        assert _pct(out, r"reference resolution .*?:\s+([\d.]+)%") >= FLOORS[name]["resolution"]
        assert re.search(r"given as own designators \(should be 0\): 0 of", out), out


# Real archives checked as one corpus: every conflict found there is a reading error (the
# documents are authentic and their order real), so the floor is none at all.
CORPORA = {
    "frus": SHARED / "data" / "frus" / "dev.jsonl",
    "wilson": SHARED / "data" / "wilson" / "docs",
}


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_the_dev_corpora_check_without_conflict(name: str) -> None:
    path = CORPORA[name]
    if not path.exists():
        pytest.skip(f"the shared dev set for {name} is not beside the project ({SHARED})")
    r = subprocess.run(
        [sys.executable, "-m", "chronology.cli", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert r.returncode == 0, r.stdout[:3000]
    assert r.stdout.startswith("consistent:"), r.stdout[:3000]
