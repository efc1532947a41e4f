"""Golden tests on the founding telegram, No. 20772 of 13 June 1951 (data/seed/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import chronology
from chronology.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seed" / "seed-20772.txt"


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "chronology.cli", *args], capture_output=True,
                          text=True, input=stdin, cwd=ROOT)


@pytest.fixture(scope="module")
def seed_obj() -> dict:
    r = run_cli("extract", str(SEED))
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(lines) == 1
    return lines[0]


def _event(obj: dict, text_part: str, kind: str | None = None) -> dict:
    hits = [e for e in obj["events"] if text_part in e["text"] and (kind is None or
                                                                     e["kind"] == kind)]
    assert hits, f"no event with {text_part!r}: {[e['text'] for e in obj['events']]}"
    return hits[0]


def test_moscow_receipt(seed_obj: dict) -> None:
    e = _event(seed_obj, "19:55")
    assert (e["earliest"], e["latest"]) == ("1951-06-13T16:55:00Z", "1951-06-13T16:56:00Z")
    assert e["precision"] == "minute"
    assert e["zone"] == "Europe/Moscow"
    assert e["kind"] == "received"
    assert e["local"] == "1951-06-13T19:55"
    text = SEED.read_text(encoding="utf-8")
    assert text[e["span"][0] : e["span"][1]] == e["text"]


def test_beijing_receipt(seed_obj: dict) -> None:
    e = _event(seed_obj, "22:00 Beijing time")
    assert (e["earliest"], e["latest"]) == ("1951-06-13T14:00:00Z", "1951-06-13T14:01:00Z")
    assert e["precision"] == "minute"
    assert e["zone"] == "Asia/Shanghai"
    assert e["kind"] == "received"


def test_signature_dates_are_beijing_days(seed_obj: dict) -> None:
    sigs = [e for e in seed_obj["events"] if e["text"] == "13.6.51"]
    assert len(sigs) == 2  # Mao's signature and Roshchin's
    for e in sigs:
        assert (e["earliest"], e["latest"]) == ("1951-06-12T16:00:00Z", "1951-06-13T16:00:00Z")
        assert e["precision"] == "day"
        assert e["zone"] == "Asia/Shanghai"
        assert any("two-digit year" in a for a in e["assumptions"])


def test_your_telegram_of_13_june_is_a_moscow_day(seed_obj: dict) -> None:
    e = _event(seed_obj, "13 June", "written")
    assert (e["earliest"], e["latest"]) == ("1951-06-12T21:00:00Z", "1951-06-13T21:00:00Z")
    assert e["zone"] == "Europe/Moscow"
    msgs = {m["id"]: m for m in seed_obj["messages"]}
    assert msgs[e["message"]]["document"] is None  # Filippov's telegram, known by reference


def test_designators_and_references(seed_obj: dict) -> None:
    own = {d["number"] for m in seed_obj["messages"] if m["document"] == "seed-20772"
           for d in m["designators"]}
    assert {"20772", "2974"} <= own
    refs = [r for m in seed_obj["messages"] for r in m["references"]]
    assert any(set(r["numbers"]) == {"2967", "20757"} for r in refs)
    regs = {d["number"]: d["register"] for m in seed_obj["messages"] for d in m["designators"]}
    assert regs["20772"] != regs["2974"]  # two registers for one telegram


def test_messages_of_the_seed(seed_obj: dict) -> None:
    msgs = {m["id"]: m for m in seed_obj["messages"]}
    outer = msgs["seed-20772#1"]
    assert outer["sender"] == "Roshchin"
    assert "Filippov" in outer["recipient"]
    forwarded = msgs[outer["forwards"]]
    assert forwarded["sender"] == "Mao Zedong"
    by_ref = [m for m in seed_obj["messages"] if m["document"] is None]
    numbers = {d["number"] for m in by_ref for d in m["designators"]}
    assert {"2967", "20757"} <= numbers  # the earlier telegram, known only by reference
    today = _event(seed_obj, "oday")
    assert today["local"] == "1951-06-13" and today["zone"] == "Asia/Shanghai"
    assert msgs[today["message"]]["document"] is None  # the Gao Gang / Kim Il Sung telegram


def test_principal_date(seed_obj: dict) -> None:
    assert seed_obj["date"]["local"] == "1951-06-13"
    assert seed_obj["date"]["precision"] == "day"


def test_check_seed_is_consistent() -> None:
    assert main(["check", str(SEED)]) == 0


def test_check_detects_moscow_time_conflict(tmp_path: Path) -> None:
    bad = tmp_path / "seed-moscow.txt"
    bad.write_text(SEED.read_text(encoding="utf-8").replace("22:00 Beijing time",
                                                            "22:00 Moscow time"),
                   encoding="utf-8")
    r = run_cli("check", "--json", str(bad))
    assert r.returncode == 1, r.stdout + r.stderr
    report = json.loads(r.stdout)
    assert report["consistent"] is False
    texts = " | ".join(e["text"] for c in report["conflicts"] for e in c["evidence"])
    assert "19:55" in texts and "22:00" in texts
    for c in report["conflicts"]:
        for e in c["evidence"]:
            doc_text = bad.read_text(encoding="utf-8")
            assert doc_text[e["span"][0] : e["span"][1]] == e["text"]


def test_solved_bounds() -> None:
    chron = chronology.read(str(SEED)).chronology()
    corpus = chron.corpus
    mao = next(m for m in corpus.messages if m.sender == "Mao Zedong" and m.document)
    written = chron.find((mao.id, "written"))
    assert chron.bounds(written)[1].isoformat() <= "1951-06-13T14:01:00+00:00"
    refs = [r for m in corpus.messages for r in m.references if "13 June" in r.provenance.text]
    assert refs
    target = chron.find((refs[0].target, "written"))
    lo, hi = chron.bounds(target)
    assert lo.isoformat() == "1951-06-12T21:00:00+00:00"
    assert hi.isoformat() == "1951-06-13T14:01:00+00:00"


def test_register_order_bounds_earlier_telegram() -> None:
    chron = chronology.read(str(SEED)).chronology()
    node = chron.find(("20757", "received"))
    assert chron.bounds(node)[1].isoformat() <= "1951-06-13T16:56:00+00:00"
    assert chron.before(("20757", "received"), ("20772", "received")) is True
