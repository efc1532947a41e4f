"""Pinned time zone data: wall-clock readings to UTC instants.

Every offset in this package comes from the PyPI ``tzdata`` package, read directly from
its bundled TZif files.  The machine's ``/usr/share/zoneinfo``, the ``TZ`` variable and
``PYTHONTZPATH`` are never consulted, for two reasons:

* reproducibility: a chronology computed on one machine must be identical on another, and
  system zone files differ between distributions and update dates;
* history: the question here is almost always "what did the clock on the wall in
  Pyongyang read in 1951", and the answer must not change silently because an operating
  system was upgraded.  Pinning ``tzdata`` makes a change of historical data an explicit
  dependency bump, visible as a change of :data:`TZDATA_VERSION`.

Loading goes through :meth:`zoneinfo.ZoneInfo.from_file` rather than ``ZoneInfo(key)``
so that the process-wide ``zoneinfo`` search path is left untouched for the rest of the
application.  Python's ``zoneinfo`` reads the 64-bit (version 2+) section of TZif data,
so transitions before 1970 -- the period that matters for this library -- are honoured.

A wall-clock time does not always name exactly one instant.  When clocks are put back
(a "fold") an hour of readings happens twice; when they are put forward (a "gap") an hour
of readings never happens at all.  Telegram clerks still wrote such times -- a clock
that had not been changed yet, or a schedule drawn up in advance -- so instead of
guessing, :func:`local_to_utc` returns every plausible instant and says which case
applies.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import zoneinfo
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Literal

import attrs
import tzdata

__all__ = [
    "TZDATA_VERSION",
    "TZDATA_PACKAGE_VERSION",
    "Status",
    "UnknownZone",
    "LocalResolution",
    "get_zone",
    "is_fixed_offset",
    "format_offset",
    "local_to_utc",
    "interval_to_utc",
    "worst_status",
    "available_zones",
    "zone_links",
    "canonical_zone",
]

#: IANA release the pinned ``tzdata`` package was built from, e.g. ``"2026f"``.
TZDATA_VERSION: str = tzdata.IANA_VERSION
#: Version of the ``tzdata`` distribution itself, e.g. ``"2026.6"``.
TZDATA_PACKAGE_VERSION: str = getattr(tzdata, "__version__", "unknown")

Status = Literal["unique", "ambiguous", "nonexistent"]

_STATUS_RANK: dict[str, int] = {"unique": 0, "ambiguous": 1, "nonexistent": 2}


class UnknownZone(KeyError):
    """Raised for a zone key that is neither an IANA name in ``tzdata`` nor a fixed offset.

    Subclasses :class:`KeyError` so that callers treating zone keys like mapping keys keep
    working, but overrides ``__str__`` because ``KeyError`` would otherwise print only the
    quoted key and hide the explanation.
    """

    def __init__(self, key: str, message: str) -> None:
        super().__init__(key)
        self.key = key
        self.message = message

    def __str__(self) -> str:
        return self.message


# Keys are plain path components; rejecting anything else also keeps ``..`` and absolute
# paths from escaping the tzdata package directory.
_KEY_RE = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*")

# "+08:00", "-04:00", "+0530", "+8", "UTC+8", "GMT-05:00", with ASCII or Unicode minus.
# A written "GMT+8" is read the way a human writes it (eight hours ahead of Greenwich);
# this is the opposite of the POSIX-style "Etc/GMT+8" key, which stays available as an
# IANA name.
_OFFSET_RE = re.compile(
    r"(?:UTC|GMT|UT)?\s*(?P<sign>[+\-\u2212])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?(?::?(?P<s>\d{2}))?"
)
_UTC_NAMES = frozenset({"UTC", "Z", "UT", "Zulu"})


def format_offset(offset: timedelta) -> str:
    """Render an offset as ``"+08:00"``; seconds are appended only when present.

    Local mean times before standardisation have odd offsets (Shanghai's was +08:05:43),
    so seconds are kept rather than rounded away.
    """
    total = int(offset.total_seconds())
    sign = "-" if total < 0 else "+"
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    if seconds:
        text += f":{seconds:02d}"
    return text


def _parse_fixed_offset(key: str) -> timezone | None:
    if key in _UTC_NAMES:
        return UTC
    match = _OFFSET_RE.fullmatch(key)
    if match is None:
        return None
    hours = int(match["h"])
    minutes = int(match["m"] or 0)
    seconds = int(match["s"] or 0)
    if hours > 18 or minutes > 59 or seconds > 59:
        raise UnknownZone(key, f"offset {key!r} is out of range (at most 18 hours)")
    delta = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if match["sign"] != "+":
        delta = -delta
    return UTC if not delta else timezone(delta)


def is_fixed_offset(key: str) -> bool:
    """True when *key* is a fixed UTC offset such as ``"+08:00"`` or ``"UTC"``."""
    try:
        return _parse_fixed_offset(key) is not None
    except UnknownZone:
        return False


def _open_zone_file(key: str) -> zoneinfo.ZoneInfo:
    resource = importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/"))
    with resource.open("rb") as handle:
        return zoneinfo.ZoneInfo.from_file(handle, key=key)


@functools.lru_cache(maxsize=1024)
def get_zone(key: str) -> tzinfo:
    """Return the ``tzinfo`` for an IANA key or a fixed offset, read from pinned tzdata.

    Accepted:

    * IANA keys, including backward-compatibility links that still ship as files
      (``Asia/Harbin``, ``Asia/Calcutta``, ``Asia/Saigon``, ``Europe/Kiev``).  Historical
      archives use the old names, and tzdata resolves them to the zone it merged them into.
    * fixed offsets: ``"+08:00"``, ``"-04:00"``, ``"+0530"``, ``"UTC+3"``, ``"UTC"``, ``"Z"``.

    Zone objects are cached per key, so repeated calls cost a dictionary lookup.  Being
    built with ``ZoneInfo.from_file``, they cannot be pickled; pickle keys or UTC instants
    instead (the candidates of :class:`LocalResolution` use :data:`datetime.UTC`).

    Raises:
        UnknownZone: the key names no zone; the message suggests near matches.
    """
    fixed = _parse_fixed_offset(key)
    if fixed is not None:
        return fixed
    if _KEY_RE.fullmatch(key) and not key.endswith(".py"):
        try:
            return _open_zone_file(key)
        except (OSError, ValueError):
            pass
        # Keys are case-sensitive in tzdata; accept a different capitalisation of a real key.
        proper = _keys_by_casefold().get(key.casefold())
        if proper is not None and proper != key:
            return get_zone(proper)
    raise UnknownZone(key, _unknown_message(key))


def _unknown_message(key: str) -> str:
    import difflib  # only paid for on the error path

    close = difflib.get_close_matches(key, sorted(available_zones()), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return (
        f"unknown time zone {key!r} (tzdata {TZDATA_VERSION}): expected an IANA key such "
        f"as 'Asia/Shanghai' or a fixed offset such as '+08:00'{hint}"
    )


@functools.cache
def _zi_index() -> tuple[frozenset[str], dict[str, str]]:
    """Zone names and ``link -> target`` pairs from tzdata's compact ``tzdata.zi`` source.

    ``tzdata.zi`` lists each zone on a ``Z`` line and each backward-compatibility alias on
    an ``L target alias`` line, which is exactly what the gazetteer needs to know which
    historical names tzdata has folded into another zone.
    """
    zones: set[str] = set()
    links: dict[str, str] = {}
    text = (
        importlib.resources.files("tzdata.zoneinfo")
        .joinpath("tzdata.zi")
        .read_text(encoding="utf-8")
    )
    for line in text.splitlines():
        if line.startswith("Z "):
            zones.add(line.split(maxsplit=2)[1])
        elif line.startswith("L "):
            _, target, alias = line.split()[:3]
            links[alias] = target
    return frozenset(zones), links


def available_zones() -> frozenset[str]:
    """Every IANA key in the pinned tzdata: canonical zones plus backward links."""
    zones, links = _zi_index()
    return zones | frozenset(links)


def zone_links() -> dict[str, str]:
    """A copy of tzdata's ``alias -> target`` links (``Asia/Harbin -> Asia/Shanghai``)."""
    return dict(_zi_index()[1])


def canonical_zone(key: str) -> str:
    """The zone whose data *key* uses: the link target for aliases, else *key* itself.

    Useful for explaining results: ``Europe/Oslo`` is a link to ``Europe/Berlin`` in current
    tzdata, so Norwegian clock changes before 1970 are represented by German ones.
    """
    links = _zi_index()[1]
    seen = {key}
    while key in links:
        key = links[key]
        if key in seen:  # defensive: tzdata never contains link cycles
            break
        seen.add(key)
    return key


@functools.cache
def _keys_by_casefold() -> dict[str, str]:
    return {key.casefold(): key for key in available_zones()}


@attrs.frozen
class LocalResolution:
    """The UTC instants a wall-clock reading in some zone may denote.

    Attributes:
        candidates: aware UTC datetimes, sorted.  One for an ordinary reading; two at a
            fold (the first and second occurrence) and two in a gap (the reading taken
            with the offset in force before the change and the one in force after it).
        status: ``"unique"``, ``"ambiguous"`` (fold) or ``"nonexistent"`` (gap).
        offsets: the UTC offsets that produced each candidate, aligned with ``candidates``.
        local: the naive wall-clock reading that was resolved.
        zone: the zone key it was read in.
    """

    candidates: tuple[datetime, ...]
    status: Status
    offsets: tuple[timedelta, ...]
    local: datetime
    zone: str

    @property
    def earliest(self) -> datetime:
        return self.candidates[0]

    @property
    def latest(self) -> datetime:
        return self.candidates[-1]

    @property
    def is_unique(self) -> bool:
        return self.status == "unique"


def local_to_utc(naive: datetime, key: str) -> LocalResolution:
    """Resolve a naive wall-clock reading in zone *key* to its possible UTC instants.

    Python's ``fold`` attribute selects between the two readings of a repeated hour; in a
    gap, ``zoneinfo`` uses ``fold=0`` for the pre-transition offset and ``fold=1`` for the
    post-transition one.  Comparing both offsets finds every transition, and converting
    each candidate back to wall time tells a fold (both round-trip) from a gap (neither
    does, because no clock ever showed that reading).

    Results are cached on ``(naive, key)``; the returned object is immutable.

    Raises:
        ValueError: *naive* carries a ``tzinfo``.
        UnknownZone: *key* is not a zone.
    """
    if naive.tzinfo is not None:
        raise ValueError(f"local_to_utc expects a naive datetime, got {naive!r}")
    return _resolve(naive, key)


@functools.lru_cache(maxsize=65536)
def _resolve(naive: datetime, key: str) -> LocalResolution:
    zone = get_zone(key)
    wall = naive.replace(fold=0)
    first = wall.replace(tzinfo=zone)
    off0 = first.utcoffset()
    off1 = wall.replace(tzinfo=zone, fold=1).utcoffset()
    assert off0 is not None and off1 is not None  # zones in this module always have offsets
    if off0 == off1:
        instant = (wall - off0).replace(tzinfo=UTC)
        return LocalResolution((instant,), "unique", (off0,), wall, key)

    readings = sorted(((wall - off).replace(tzinfo=UTC), off) for off in (off0, off1))
    round_trips = [
        (instant, off)
        for instant, off in readings
        if instant.astimezone(zone).replace(tzinfo=None) == wall
    ]
    if len(round_trips) == 2:
        status: Status = "ambiguous"
    elif not round_trips:
        status = "nonexistent"
    else:
        # Only one reading is real: the offsets differ for another reason (e.g. two
        # transitions close together).  Report the one that the zone actually produces.
        readings = round_trips
        status = "unique"
    return LocalResolution(
        tuple(instant for instant, _ in readings),
        status,
        tuple(off for _, off in readings),
        wall,
        key,
    )


def worst_status(*statuses: Status) -> Status:
    """Combine statuses: any gap makes the whole ``nonexistent``, else any fold ``ambiguous``."""
    return max(statuses, key=_STATUS_RANK.__getitem__, default="unique")


def interval_to_utc(
    start_naive: datetime, end_naive: datetime, key: str
) -> tuple[datetime, datetime, Status]:
    """The UTC half-open interval covering the local wall-clock interval ``[start, end)``.

    Typical use is a date with no time ("June 25, 1950" in Seoul) turned into the span of
    instants it may denote.  The result is deliberately conservative: the earliest
    candidate of *start* and the latest candidate of *end* are used, so a boundary that
    falls in a fold or gap widens the interval to cover both readings.  In a gap the extra
    width is exactly the hour in which an unchanged clock could still have shown that time.

    Returns:
        ``(earliest, latest, status)`` where status is the worse of the two boundaries'.

    Raises:
        ValueError: *end_naive* precedes *start_naive*, or either is aware.
    """
    if end_naive < start_naive:
        raise ValueError(f"interval end {end_naive!r} precedes start {start_naive!r}")
    start = local_to_utc(start_naive, key)
    end = local_to_utc(end_naive, key)
    return start.earliest, end.latest, worst_status(start.status, end.status)
