"""Every error path of the command line: a diagnostic or a one-line error with the
documented exit status, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seed" / "seed-20772.txt"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "chronology.cli", *args], capture_output=True,
                          text=True, input=stdin, cwd=ROOT)


def no_traceback(r: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout


def test_missing_file_exit_2() -> None:
    r = run("extract", "no/such/file.txt")
    assert r.returncode == 2
    assert "does not exist" in r.stderr and "(missing-file)" in r.stderr
    no_traceback(r)


def test_empty_file_is_listed_with_a_diagnostic(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    r = run("extract", str(empty), str(SEED))
    assert r.returncode == 2
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["empty", "seed-20772"]  # nothing lost, order kept
    assert lines[0]["diagnostics"][0]["code"] == "empty-file"
    no_traceback(r)


def test_binary_junk(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 20)
    r = run("extract", str(junk))
    assert r.returncode == 2
    assert json.loads(r.stdout)["diagnostics"][0]["code"] == "binary-input"
    no_traceback(r)


@pytest.mark.parametrize(
    ("text", "code", "expr"),
    [
        ("Received 19:55 31.June.1951\n", "impossible-date", "31.June.1951"),
        ("Sent at 25:99 on 13.6.51\n", "impossible-time", "25:99"),
        ("Signed 32.13.51\n", "impossible-date", "32.13.51"),
        ("DTG 138401Z JUN 51\n", "impossible-time", "138401Z"),
    ],
)
def test_impossible_values_get_a_spanned_diagnostic(tmp_path: Path, text: str, code: str,
                                                    expr: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_text(text)
    r = run("extract", str(f))
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    hits = [d for d in obj["diagnostics"] if d["code"] == code]
    assert hits, obj["diagnostics"]
    s, e = hits[0]["span"]
    assert expr in text[s:e]
    no_traceback(r)


def test_bad_jsonl_line_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    f.write_text('{"id": "a", "text": "Moscow, June 23, 1951."}\nnot json\n'
                 '{"id": "b", "text": "Beijing, June 24, 1951."}\n')
    r = run("extract", str(f))
    assert r.returncode == 0
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["a", "b"]
    assert "line 2" in r.stderr.lower()
    no_traceback(r)


def test_stdin_corpus() -> None:
    r = run("extract", "-", stdin=json.dumps({"id": "x", "text": SEED.read_text()}) + "\n")
    assert r.returncode == 0
    assert json.loads(r.stdout)["id"] == "x"


def test_unknown_command_and_missing_argument() -> None:
    r = run("bogus")
    assert r.returncode == 2
    no_traceback(r)
    r = run("timeline", str(SEED))  # -o is required
    assert r.returncode == 2
    no_traceback(r)


def test_check_and_sequence_on_unusable_input(tmp_path: Path) -> None:
    for cmd in ("check", "sequence"):
        r = run(cmd, str(tmp_path / "none.txt"))
        assert r.returncode == 2
        no_traceback(r)


def test_bad_transit_duration() -> None:
    r = run("check", str(SEED), "--transit", "soon")
    assert r.returncode == 2
    assert "48h" in r.stderr
    no_traceback(r)


def test_sequence_formats() -> None:
    r = run("sequence", str(SEED))
    assert r.returncode == 0 and "19:55" in r.stdout
    r = run("sequence", str(SEED), "--format", "json")
    rows = json.loads(r.stdout)
    assert any(x["text"] and "19:55" in x["text"] for x in rows)
    r = run("sequence", str(SEED), "--format", "csv")
    assert r.stdout.splitlines()[0].startswith("event,kind,message")


def test_help_has_examples() -> None:
    for cmd in ("extract", "check", "sequence", "timeline", "explain"):
        r = run(cmd, "--help")
        assert r.returncode == 0 and "examples:" in r.stdout


@pytest.mark.parametrize("ext", ["png", "svg"])
def test_timeline_writes_an_image(tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"seed.{ext}"
    r = run("timeline", str(SEED), "-o", str(out))
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") if ext == "png" else b"<svg" in data[:2000]
    r = run("timeline", str(SEED), "-o", str(tmp_path / "seed.jpg"))
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_explain_shows_characters_rule_clock_and_orderings() -> None:
    r = run("explain", str(SEED), "--event", "22:00")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "'13.6.51 at 22:00 Beijing time'" in out and "dmy-dots+clock" in out
    assert "explicit: 'Beijing time'" in out and "Asia/Shanghai" in out
    assert "forwards" in out
    r = run("explain", str(SEED), "--event", "20757:received")
    assert "sets the latest time" in r.stdout and "register moscow-incoming" in r.stdout
    r = run("explain", str(SEED), "--event", "no such thing")
    assert r.returncode == 2 and "Traceback" not in r.stderr


@pytest.mark.parametrize("fmt", ["json", "csv", "tei", "cmif", "edtf", "timelinejs", "vis"])
def test_export_every_format(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"seed.{fmt}"
    r = run("export", str(SEED), "--format", fmt, "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 0
    if fmt in ("csv", "tei", "cmif"):
        assert f"{fmt}:" in r.stderr  # what the format loses is said


def test_export_reads_its_own_json_back(tmp_path: Path) -> None:
    first = tmp_path / "a.json"
    assert run("export", str(SEED), "--format", "json", "-o", str(first)).returncode == 0
    second = tmp_path / "b.json"
    r = run("export", str(first), "--format", "json", "-o", str(second))
    assert r.returncode == 0, r.stderr
    assert json.loads(first.read_text())["documents"] == json.loads(second.read_text())["documents"]
