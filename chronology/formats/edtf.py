"""``edtf``: one Extended Date/Time Format string (levels 0 and 1) per event, as JSON Lines.

Why JSON Lines and not CSV: each line is one self-contained object, so a catalogue
script can stream it, and the free-text ``note`` needs no quoting rules. Each line::

    {"event": "seed-20772@1", "kind": "received", "message": "seed-20772#1",
     "document": "seed-20772", "edtf": "1951-06-13T19:55:00+03:00", "precision": "minute",
     "zone": "Europe/Moscow", "solved": "1951-06-13", "note": "..."}

How a reading becomes EDTF (EDTF has no zone names, no zone uncertainty, no minute or
hour precision, and intervals between dates only):

* year, month, day: the local calendar date as written (``1951``, ``1951-06``,
  ``1951-06-13``). A calendar date names a day on the writer's wall clock whatever the
  clock, so a day in an unknown clock is still written as that day, not widened: the
  note says the clock is unknown, and the line's ``solved`` interval (or the json/csv
  export) gives its UTC extent. This is the choice a cataloguer expects: the date on
  the page.
* minute or second in a known clock: the date-time with that clock's UTC offset at that
  instant, ``1951-06-13T19:55:00+03:00``. EDTF date-times always carry seconds, so a
  minute is written with ``:00``; ``precision`` keeps the width. An hour is written as
  its first second (``T19:00:00+03:00``), said so in the note.
* a time in an unknown or doubtful clock (no zone, several candidate zones, a wall time
  that happened twice or never): the wall time without offset, which EDTF reads as local
  time, and a note naming the candidates.
* a period (``1951-06-13/1951-08-13``): an EDTF interval of its dates.
* ``solved``: with solved bounds, the window the constraints leave, as days (one date or
  an interval, ``..`` for an open end) in the event's own clock, or in UTC where the clock
  is unknown. Events the text does not date (a telegram known only by reference) get a
  line whose ``edtf`` is that solved interval.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any, TextIO

import attrs

from chronology.formats.registry import Exporter, Subject, register
from chronology.model import Precision, UncertainInstant

_LOCAL = re.compile(
    r"(?P<y>\d{4})(?:-(?P<mo>\d{2})(?:-(?P<d>\d{2})"
    r"(?:T(?P<h>\d{2})(?::(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?)?)?)?"
)
_TIME_PRECISIONS = (Precision.HOUR, Precision.MINUTE, Precision.SECOND)


@attrs.frozen
class Rendering:
    """An event's EDTF string and what a reader of it must be told."""

    edtf: str
    notes: tuple[str, ...] = ()
    offset: bool = False  # a date-time with its UTC offset
    wall: bool = False  # a date-time without offset (local time, clock unknown)
    unknown_day: bool = False  # a calendar date in an unknown clock


def _wall_start(local: str) -> dt.datetime | None:
    """The naive start of a local reading: '1951-06-13T24:00' is the next midnight."""
    m = _LOCAL.fullmatch(local)
    if m is None:
        return None
    y, mo, d = int(m["y"]), int(m["mo"] or 1), int(m["d"] or 1)
    h, mi, s = int(m["h"] or 0), int(m["mi"] or 0), int(m["s"] or 0)
    try:
        if h == 24 and mi == 0 and s == 0:
            return dt.datetime(y, mo, d) + dt.timedelta(days=1)
        return dt.datetime(y, mo, d, h, mi, s)
    except ValueError:
        return None


def _date_part(local: str, precision: Precision) -> str | None:
    start = _wall_start(local)
    if start is None:
        return None
    if precision is Precision.YEAR:
        return f"{start.year:04d}"
    if precision is Precision.MONTH:
        return f"{start.year:04d}-{start.month:02d}"
    return start.date().isoformat()


def offset_text(t: dt.datetime) -> str | None:
    """'+03:00' for an aware time; ``None`` for offsets with seconds (local mean times),
    which neither EDTF nor xs:dateTime can write."""
    off = t.utcoffset()
    if off is None:
        return None
    total = int(off.total_seconds())
    if total % 60:
        return None
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def zoned_datetime(u: UncertainInstant) -> str | None:
    """ISO date-time with the reading's own UTC offset ('1951-06-13T19:55:00+03:00'), for a
    time of day read in one known clock, unambiguously; else ``None``."""
    from chronology.zones.tzdb import get_zone

    if u.zone is None or u.status != "unique" or u.precision not in _TIME_PRECISIONS:
        return None
    if "/" in u.local:
        return None
    try:
        local = u.earliest.astimezone(get_zone(u.zone))
    except Exception:  # noqa: BLE001 - an unknown key is simply "no offset to give"
        return None
    off = offset_text(local)
    if off is None:
        return None
    if u.zone == "UTC":
        off = "Z"
    return local.replace(tzinfo=None).isoformat(timespec="seconds") + off


def render(u: UncertainInstant) -> Rendering:
    """The EDTF string of one reading (see the module's rules)."""
    notes: list[str] = []
    if u.zone:
        notes.append(f"clock {u.zone}")
    if u.status == "zone-ambiguous":
        notes.append("clock one of " + ", ".join(c.zone for c in u.candidates))
    elif u.status == "zone-unknown" or u.zone is None:
        notes.append("clock unknown")
    elif u.status in ("ambiguous", "nonexistent"):
        what = "happened twice" if u.status == "ambiguous" else "never happened"
        notes.append(f"that wall time {what} in {u.zone}: no single offset")
    if "/" in u.local:
        parts = [_date_part(p, Precision.DAY if "T" in p else _own(p)) for p in u.local.split("/")]
        if all(parts) and len(parts) == 2:
            if any("T" in p for p in u.local.split("/")):
                notes.append("period ends given with times: cut to their days")
            return Rendering(f"{parts[0]}/{parts[1]}", tuple(notes))
        return _fallback(u, notes)
    if u.precision not in _TIME_PRECISIONS:
        date = _date_part(u.local, u.precision)
        if date is None:
            return _fallback(u, notes)
        return Rendering(date, tuple(notes), unknown_day=u.zone is None)
    if u.precision is Precision.HOUR:
        notes.append("hour precision: the date-time names the first second of the hour")
    elif u.precision is Precision.MINUTE:
        notes.append("minute precision: seconds written as :00")
    zoned = zoned_datetime(u)
    if zoned is not None:
        return Rendering(zoned, tuple(notes), offset=True)
    start = _wall_start(u.local)
    if start is None:
        return _fallback(u, notes)
    notes.append("local wall time, no UTC offset")
    return Rendering(start.isoformat(timespec="seconds"), tuple(notes), wall=True)


def _own(part: str) -> Precision:
    return {4: Precision.YEAR, 7: Precision.MONTH}.get(len(part), Precision.DAY)


def _fallback(u: UncertainInstant, notes: list[str]) -> Rendering:
    """A local reading this module cannot parse: the UTC days of its interval."""
    notes.append(f"local reading {u.local!r} not in a standard form: UTC days of its interval")
    return Rendering(days(u.earliest, u.latest, dt.UTC) or "", tuple(notes))


def days(earliest: dt.datetime | None, latest: dt.datetime | None, tz: dt.tzinfo) -> str | None:
    """The days of ``[earliest, latest)`` on the clock ``tz``: one date, or an interval;
    an open end is ``..`` (EDTF level 1). ``None`` when both ends are open or they cross."""
    if earliest is None and latest is None:
        return None
    if earliest is not None and latest is not None and not earliest < latest:
        return None
    first = earliest.astimezone(tz).date().isoformat() if earliest is not None else ".."
    last = (
        (latest - dt.timedelta(microseconds=1)).astimezone(tz).date().isoformat()
        if latest is not None
        else ".."
    )
    return first if first == last else f"{first}/{last}"


def _clock(zone: str | None) -> tuple[dt.tzinfo, str]:
    from chronology.zones.tzdb import get_zone

    if zone:
        try:
            return get_zone(zone), zone
        except Exception:  # noqa: BLE001
            pass
    return dt.UTC, "UTC"


def lines(subject: Subject) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The JSON objects of the export, and counts of what EDTF could not say."""
    counts = {"offset": 0, "wall": 0, "unknown_day": 0, "hour": 0, "minute": 0, "inferred": 0}
    solved: dict[str, tuple[dt.datetime | None, dt.datetime | None]] = {}
    inferred = []
    if subject.chronology is not None:
        for s in subject.chronology.events():
            if s.node.event is None:
                inferred.append(s)
            else:
                solved.setdefault(s.node.id, (s.earliest, s.latest))
    out: list[dict[str, Any]] = []
    for e in subject.corpus.events:
        r = render(e.time)
        counts["offset"] += r.offset
        counts["wall"] += r.wall
        counts["unknown_day"] += r.unknown_day
        counts["hour"] += e.time.precision is Precision.HOUR
        counts["minute"] += e.time.precision is Precision.MINUTE
        line: dict[str, Any] = {
            "event": e.id,
            "kind": e.kind.value,
            "message": e.message,
            "document": e.provenance.document,
            "edtf": r.edtf,
            "precision": e.time.precision.value,
            "zone": e.time.zone,
        }
        notes = list(r.notes)
        if e.id in solved:
            tz, name = _clock(e.time.zone)
            line["solved"] = days(*solved[e.id], tz)
            notes.append(
                f"solved: days in {name}" if line["solved"] else "solved: no window (conflict)"
            )
        line["note"] = "; ".join(notes)
        out.append(line)
    for s in inferred:
        counts["inferred"] += 1
        window = days(s.earliest, s.latest, dt.UTC)
        out.append(
            {
                "event": s.node.id,
                "kind": s.node.kind.value,
                "message": s.node.message,
                "document": None,
                "edtf": window,
                "precision": None,
                "zone": None,
                "solved": window,
                "note": "no date in the text: the window the evidence leaves, as UTC days",
            }
        )
    return out, counts


def write(subject: Subject, out: TextIO, options: Mapping[str, Any]) -> list[str]:
    rows, n = lines(subject)
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    warnings = [
        "EDTF keeps no zone names, provenance (text, span, rule, assumptions), zone "
        "candidates, designators or references: each line's event id leads back to them"
    ]
    if n["offset"]:
        warnings.append(f"EDTF: {n['offset']} date-times keep only their UTC offset, not the zone")
    if n["minute"] or n["hour"]:
        warnings.append(
            f"EDTF has no minute or hour precision: {n['minute']} minutes written with :00 "
            f"seconds, {n['hour']} hours as their first second (see each line's precision)"
        )
    if n["wall"]:
        warnings.append(
            f"EDTF: {n['wall']} times in an unknown or doubtful clock are written as local "
            "wall times without offset"
        )
    if n["unknown_day"]:
        warnings.append(
            f"EDTF: {n['unknown_day']} dates in an unknown clock are written as the day as "
            "written; in UTC they may begin up to 14 hours earlier or end 12 hours later"
        )
    return warnings


register(
    Exporter(
        "edtf",
        write,
        ".jsonl",
        "one EDTF string per event (JSON Lines), with the solved window as days",
        solve="always",
    )
)
