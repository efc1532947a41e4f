"""Determinism, robustness against any input, and read-back of formatted instants."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronology.extract import extract_document
from chronology.zones.tzdb import get_zone

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seed" / "seed-20772.txt"
WILSON = ROOT.parent / "shared" / "data" / "wilson" / "docs"


def _extract(env_extra: dict[str, str], *paths: str) -> bytes:
    env = {k: v for k, v in os.environ.items() if k not in ("TZ", "LANG", "LC_ALL")}
    env.update(env_extra)
    r = subprocess.run([sys.executable, "-m", "chronology.cli", "extract", *paths],
                       capture_output=True, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_output_is_byte_identical_whatever_the_machine_says() -> None:
    paths = [str(SEED)] + ([str(WILSON)] if WILSON.exists() else [])
    base = _extract({"PYTHONHASHSEED": "0"}, *paths)
    for extra in (
        {"TZ": "Asia/Tokyo", "PYTHONHASHSEED": "1"},
        {"TZ": "America/New_York", "LANG": "ru_RU.UTF-8", "PYTHONHASHSEED": "4242"},
        {"PYTHONTZPATH": "/nonexistent", "LC_ALL": "C", "PYTHONHASHSEED": "7"},
    ):
        assert _extract(extra, *paths) == base, extra
    assert b'"tzdata": "' in base  # the tz data version is part of every output


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_reads_without_exception(text: str) -> None:
    doc = extract_document("fuzz", text)
    for e in doc.events:
        assert e.time.earliest < e.time.latest
        s, t = e.provenance.span
        assert text[s:t] == e.provenance.text


_PIECES = st.sampled_from([
    "Received ", "13.6.51", "19:55", " at ", "June 13, 1951", "130510Z JUN 51", "today",
    "No. 2974", "\n", "vkh. No. 20757", "25:99", "31.June.1951", "8.II.1950", "10/14/50",
    " Beijing time", " Moscow time", "From BEIJING", '"', "MAO ZEDONG", "2212", "—3 p.m.",
    "in June", "1951, '52", "over the last 12 days", "Nº", "/sh", "[", "]", "0043Z",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=25))
def test_mutated_telegram_pieces_read_without_exception(pieces: list[str]) -> None:
    text = "June 13, 1951\nCiphered Telegram No. 1, Roshchin to Filippov\n" + "".join(pieces)
    doc = extract_document("pieces", text)
    assert all(e.time.earliest < e.time.latest for e in doc.events)


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def _formats(t: dt.datetime) -> list[tuple[str, str]]:
    """(text, what it pins) for one wall-clock time in the notations the reader knows."""
    h12 = (t.hour % 12) or 12
    ampm = "a.m." if t.hour < 12 else "p.m."
    return [
        (f"Received {t:%H:%M} {t.day}.{MONTHS[t.month - 1]}.{t.year}", "minute"),
        (f"{t.day}.{t.month}.{t.year % 100:02d} at {t:%H:%M} Moscow time", "minute"),
        (f"Moscow, {MONTHS[t.month - 1]} {t.day}, {t.year}—{h12}:{t:%M} {ampm}", "minute"),
        (f"Signed {t.day}.{ROMAN[t.month - 1]}.{t.year}", "day"),
        (f"{t.day} {MONTHS[t.month - 1]} {t.year}", "day"),
        (f"Received {t.hour} hours {t.minute:02d} minutes, {t.day}.{t.month}.{t.year}",
         "minute"),
    ]


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1931, 1, 1), max_value=dt.datetime(1979, 12, 31)))
def test_formatted_instant_reads_back_to_its_interval(t: dt.datetime) -> None:
    moscow = get_zone("Europe/Moscow")
    t = t.replace(second=0, microsecond=0)
    for text, precision in _formats(t):
        doc = extract_document("x", "From MOSCOW\n" + text + "\n")
        hits = [e for e in doc.events if e.time.precision.value == precision]
        assert hits, (text, [e.provenance.text for e in doc.events])
        e = hits[0]
        start = t if precision == "minute" else t.replace(hour=0, minute=0)
        step = dt.timedelta(minutes=1) if precision == "minute" else dt.timedelta(days=1)
        for fold in (0, 1):
            lo = start.replace(tzinfo=moscow, fold=fold).astimezone(dt.UTC)
            hi = (start + step).replace(tzinfo=moscow, fold=fold).astimezone(dt.UTC)
            # Moscow's clock, or a wider interval when the text does not fix the clock:
            # either way the truth is inside.
            assert e.time.earliest <= lo and hi <= e.time.latest, (text, e.time)


def test_time_ranges_take_their_closing_marker() -> None:
    cases = {
        "Beijing, February 22, 1972, 2:00–6:00 p.m.\n": "1972-02-22T14:00/1972-02-22T18:00",
        "Washington, May 3, 1965, 11 a.m.-1 p.m.\n": "1965-05-03T11:00/1965-05-03T13:00",
        "Moscow, 4.7.51, 4:03-19:35\n": "1951-07-04T04:03/1951-07-04T19:35",
    }
    for text, local in cases.items():
        doc = extract_document("r", text)
        assert doc.date is not None and doc.date.time.local == local, text
    assert extract_document("r", "Paragraphs 2-3 of the note.\n").date is None


def test_cable_numbers_are_not_times_and_their_dates_date_the_cited_cable() -> None:
    text = ("4. The Ambassador in India (Henderson) to the Secretary of State\n"
            "611.91/1–1251: Telegram\nNew Delhi, January 12, 1951—9 p. m.\n"
            "1691. Deptel 1047, January 6 and Embtel 1648, January 8.\n")
    doc = extract_document("d4", text)
    assert not [e for e in doc.events if e.time.precision.value == "minute"
                and "1047" in e.provenance.text]
    dated = {e.provenance.text: e for e in doc.events if e.kind.value == "written"}
    assert dated["January 6"].time.zone == "America/New_York"  # the Department's clock
    assert dated["January 8"].time.zone == "Asia/Kolkata"  # the embassy's own series


def test_a_date_far_from_the_catalogue_date_is_flagged() -> None:
    text = "June 13, 1951\nTelegram\nFrom BEIJING\nText.\nROSHCHIN\nNo. 2974\n13.6.52\n"
    codes = [d.code for d in extract_document("c", text).diagnostics]
    assert "contradicts-catalogue" in codes
    fine = text.replace("13.6.52", "13.6.51")
    assert "contradicts-catalogue" not in [d.code for d in extract_document("c", fine).diagnostics]


def test_frus_receipt_note_is_read_in_washington() -> None:
    text = ("171. The Consul General at Hong Kong (McConaughy) to the Secretary of State\n"
            "793.00/8–1551: Telegram\nHong Kong, August 15, 1951—4 p. m.\n"
            "[Received August 15—1:23 p. m.]\nsecret\n650. ConGen contacts.\n")
    doc = extract_document("d171", text)
    got = {e.kind.value: e for e in doc.events}
    assert got["sent"].time.local == "1951-08-15T16:00" and got["sent"].time.zone == \
        "Asia/Hong_Kong"
    assert got["received"].time.local == "1951-08-15T13:23"
    assert got["received"].time.zone == "America/New_York"
