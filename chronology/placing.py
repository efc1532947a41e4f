"""Place a fully dated wall-clock reading in its clock: the UTC interval it stands for.

The local interval of a reading is ``[start, start + one unit of its precision)``: the
day "13.6.51" is the 24 hours of that day on the wall clock, the minute "19:55" one
minute. In one zone that interval maps to UTC through the pinned tz data; a wall time
that a DST change made ambiguous or skipped covers every candidate and is reported.
With several candidate zones the interval is their union; with none known it widens to
every offset in use on Earth (UTC-12 to UTC+14), so that the truth is never excluded.
"""

from __future__ import annotations

import calendar
import datetime as dt

import attrs

from chronology.model import Precision, UncertainInstant, ZoneCandidate
from chronology.zones.tzdb import TZDATA_VERSION, interval_to_utc

UTC = dt.UTC
WIDEST_EAST = dt.timedelta(hours=14)  # UTC+14 (Line Islands): the earliest UTC for a wall time
WIDEST_WEST = dt.timedelta(hours=12)  # UTC-12: the latest


@attrs.frozen
class WallTime:
    """A wall-clock reading with every field its precision needs known."""

    year: int
    month: int = 1
    day: int = 1
    hour: int = 0
    minute: int = 0
    second: int = 0
    precision: Precision = Precision.DAY

    def interval(self) -> tuple[dt.datetime, dt.datetime]:
        """The naive local ``[start, end)``; raises ``ValueError`` for impossible dates."""
        p = self.precision
        if p is Precision.YEAR:
            start = dt.datetime(self.year, 1, 1)
            return start, dt.datetime(self.year + 1, 1, 1)
        if p is Precision.MONTH:
            start = dt.datetime(self.year, self.month, 1)
            days = calendar.monthrange(self.year, self.month)[1]
            return start, start + dt.timedelta(days=days)
        if p is Precision.DAY:
            start = dt.datetime(self.year, self.month, self.day)
            return start, start + dt.timedelta(days=1)
        if self.hour == 24 and self.minute == 0:  # "24:00" is the end of the day
            start = dt.datetime(self.year, self.month, self.day) + dt.timedelta(days=1)
        else:
            start = dt.datetime(
                self.year,
                self.month,
                self.day,
                self.hour,
                self.minute,
                self.second if p is Precision.SECOND else 0,
            )
        step = {
            Precision.HOUR: dt.timedelta(hours=1),
            Precision.MINUTE: dt.timedelta(minutes=1),
            Precision.SECOND: dt.timedelta(seconds=1),
        }[p]
        if p is Precision.HOUR:
            start = start.replace(minute=0)
        return start, start + step

    def local_text(self) -> str:
        """The reading as written, cut to its precision: '1951-06-13T19:55', '1951-06'."""
        p = self.precision
        text = f"{self.year:04d}"
        if p is Precision.YEAR:
            return text
        text += f"-{self.month:02d}"
        if p is Precision.MONTH:
            return text
        text += f"-{self.day:02d}"
        if p is Precision.DAY:
            return text
        text += f"T{self.hour:02d}"
        if p is Precision.HOUR:
            return text
        text += f":{self.minute:02d}"
        if p is Precision.MINUTE:
            return text
        return text + f":{self.second:02d}"


@attrs.frozen
class Placement:
    """The result of placing: the instant and what a historian should be told."""

    instant: UncertainInstant
    notes: tuple[str, ...] = ()  # "ambiguous", "nonexistent" per zone


def place(wall: WallTime, zones: tuple[tuple[str, str], ...]) -> Placement:
    """``zones``: the candidate clocks as ``(zone key, why)``; empty when unknown.

    Raises ``ValueError`` for an impossible wall time (31 June, 25:99)."""
    start, end = wall.interval()
    local = wall.local_text()
    if not zones:
        earliest = (start - WIDEST_EAST).replace(tzinfo=UTC)
        latest = (end + WIDEST_WEST).replace(tzinfo=UTC)
        inst = UncertainInstant(
            earliest, latest, wall.precision, local, None, TZDATA_VERSION, status="zone-unknown"
        )
        return Placement(inst, ("zone-unknown",))
    cands: list[ZoneCandidate] = []
    notes: list[str] = []
    for key, why in zones:
        e, la, status = interval_to_utc(start, end, key)
        cands.append(ZoneCandidate(key, e, la, why))
        if status != "unique":
            notes.append(f"{status}:{key}")
    earliest = min(c.earliest for c in cands)
    latest = max(c.latest for c in cands)
    if len(cands) == 1:
        status = notes[0].split(":")[0] if notes else "unique"
        inst = UncertainInstant(
            earliest,
            latest,
            wall.precision,
            local,
            cands[0].zone,
            TZDATA_VERSION,
            candidates=(),
            status=status,
        )
    else:
        inst = UncertainInstant(
            earliest,
            latest,
            wall.precision,
            local,
            None,
            TZDATA_VERSION,
            candidates=tuple(cands),
            status="zone-ambiguous",
        )
        notes.append("zone-ambiguous")
    return Placement(inst, tuple(notes))
