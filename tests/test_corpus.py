"""The corpus API and checks on generated corpora in the founding telegram's layout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import chronology
from chronology import assert_before

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seed"
GEN = ROOT.parent / "shared" / "tools" / "gen_corpus.py"


def generated(tmp_path: Path, n: int, *flags: str) -> Path:
    if not GEN.exists():
        pytest.skip(f"the corpus generator is not beside the project ({GEN})")
    out = tmp_path / f"gen-{n}{''.join(flags)}.jsonl"
    with out.open("w") as fh:
        subprocess.run([sys.executable, str(GEN), str(n), *flags], stdout=fh, check=True)
    return out


def test_api_read_check_sequence_before() -> None:
    corpus = chronology.read(str(SEED))
    assert len(corpus) == 1
    chron = corpus.chronology()
    assert chron.consistent
    assert chron.before(("20757", "received"), ("20772", "received")) is True
    assert chron.before(("20772", "received"), ("20757", "received")) is False
    seq = chron.sequence()
    times = [r.earliest for r in seq.rows if r.earliest]
    assert times == sorted(times)
    assert_before(corpus, ("20757", "received"), ("20772", "received"))
    with pytest.raises(AssertionError, match="after"):
        assert_before(chron, ("20772", "received"), ("20757", "received"))


def test_message_lookup_by_number() -> None:
    corpus = chronology.read(str(SEED))
    assert corpus.message("20772").document == "seed-20772"
    assert corpus.message("2974").id == corpus.message("20772").id
    with pytest.raises(KeyError):
        corpus.message("99999")


def test_generated_corpus_consistent_and_linked(tmp_path: Path) -> None:
    corpus = chronology.read(str(generated(tmp_path, 300)))
    chron = corpus.chronology()
    assert chron.consistent, chron.check_text()
    refs = [r for m in corpus.messages for r in m.references if r.numbers]
    assert refs and all(r.target and "#ref" not in r.target for r in refs)


def test_generated_conflict_is_found_and_cites_the_moved_stamp(tmp_path: Path) -> None:
    path = generated(tmp_path, 300, "--conflict")
    r = subprocess.run([sys.executable, "-m", "chronology.cli", "check", "--json", str(path)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1, r.stdout + r.stderr
    import json

    report = json.loads(r.stdout)
    docs = {e["document"] for c in report["conflicts"] for e in c["evidence"]}
    assert "t000150" in docs  # the telegram whose Moscow receipt was moved


def test_notebook_html_is_escaped_and_has_table_and_chart() -> None:
    corpus = chronology.from_texts([("x<script>", "Received 19:55 13.June.1951 <b>bold</b>\n")])
    page = corpus._repr_html_()
    assert "<table>" in page and "<script>" not in page
    chron = chronology.read(str(SEED)).chronology()
    page = chron._repr_html_()
    assert "consistent" in page and "<table>" in page and "data:image/png;base64," in page


def test_register_numbering_is_an_assumption_the_user_controls() -> None:
    corpus = chronology.read(str(SEED))
    for mode in ("yearly", "continuous", True):
        assert corpus.chronology(register_order=mode).before(
            ("20757", "received"), ("20772", "received")) is True
    off = corpus.chronology(register_order="off")
    with pytest.raises(KeyError, match="no received event"):
        off.before(("20757", "received"), ("20772", "received"))
    with pytest.raises(ValueError, match="yearly"):
        corpus.chronology(register_order="weekly")


def test_registers_restart_each_january(tmp_path: Path) -> None:
    """No. 5 of January 1952 after No. 900 of December 1951 in the same register is no
    conflict when numbering is yearly, and one when it is declared continuous."""
    def tele(no: int, stamp: str, sig: str) -> str:
        return ("SECOND MAIN ADMINISTRATION OF THE GENERAL STAFF OF THE SOVIET ARMY\n"
                f"CIPHERED TELEGRAM No. {no}\nFrom BEIJING\nReceived {stamp}\n"
                f"To Comrade FILIPPOV\nText.\nROSHCHIN\nNo. {no + 7}\n{sig}\n")
    corpus = chronology.from_texts([
        ("a", tele(900, "10:00 30.December.1951", "30.12.51")),
        ("b", tele(5, "10:00 2.January.1952", "2.1.52")),
    ])
    assert corpus.chronology(register_order="yearly").consistent
    assert not corpus.chronology(register_order="continuous").consistent
