"""The data model: small frozen classes that every stage passes to the next.

Why frozen attrs classes: a reading, once made, is evidence. Nothing downstream may
edit it in place; a later stage that knows more makes a new value with ``attrs.evolve``
and keeps the old one reachable through provenance. Frozen values are also hashable,
cheap to compare, and safe to share between the messages of a corpus.

Times are always UTC-aware ``datetime`` objects inside the library; the local reading
as written is kept beside them as text, never converted back and forth.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

UTC = dt.UTC


class Precision(StrEnum):
    """How finely a reading pins its instant; the width of its local interval."""

    SECOND = "second"
    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
    MONTH = "month"
    YEAR = "year"

    @property
    def rank(self) -> int:
        """Larger is finer: year 1 ... second 6 (used to pick the finer of two readings)."""
        return _RANK[self]


_RANK = {
    Precision.YEAR: 1,
    Precision.MONTH: 2,
    Precision.DAY: 3,
    Precision.HOUR: 4,
    Precision.MINUTE: 5,
    Precision.SECOND: 6,
}


class EventKind(StrEnum):
    """What happened to a message at an instant. The words follow TEI's correspAction
    where it has one (sent, received, forwarded) and the archive's processing stamps
    otherwise."""

    WRITTEN = "written"
    FILED = "filed"  # handed to the cipher or telegraph office for sending
    SENT = "sent"
    RECEIVED = "received"
    FORWARDED = "forwarded"
    DECIPHERED = "deciphered"
    REGISTERED = "registered"
    TYPED = "typed"
    DELIVERED = "delivered"
    DECIDED = "decided"
    MENTIONED = "mentioned"
    CATALOGUED = "catalogued"


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("instants must be timezone-aware (UTC)")
    return value.astimezone(UTC)


@attrs.frozen
class Provenance:
    """Where a value came from: the characters, the rule that read them, and every
    assumption made on the way (which zone and why, which year and why)."""

    document: str | None
    span: tuple[int, int] | None
    text: str
    rule: str
    assumptions: tuple[str, ...] = ()

    def with_assumption(self, *notes: str) -> Provenance:
        return attrs.evolve(self, assumptions=self.assumptions + tuple(notes))


@attrs.frozen
class ZoneCandidate:
    """One clock a reading may be in, with the UTC interval it gives there."""

    zone: str
    earliest: dt.datetime = attrs.field(converter=_utc)
    latest: dt.datetime = attrs.field(converter=_utc)
    why: str = ""


@attrs.frozen
class UncertainInstant:
    """A half-open UTC interval ``[earliest, latest)`` that certainly contains the instant.

    ``local`` is the wall-clock reading as written, cut to ``precision``; ``zone`` the
    clock it was read in (an IANA key, a fixed offset such as ``+08:00``, or ``None``
    when unknown, in which case the interval already covers every plausible zone and
    ``candidates`` lists the ones considered)."""

    earliest: dt.datetime = attrs.field(converter=_utc)
    latest: dt.datetime = attrs.field(converter=_utc)
    precision: Precision = attrs.field(converter=Precision)
    local: str
    zone: str | None
    tzdata: str
    candidates: tuple[ZoneCandidate, ...] = ()
    status: str = "unique"

    def __attrs_post_init__(self) -> None:
        if not self.earliest < self.latest:
            raise ValueError(f"empty interval: {self.earliest} .. {self.latest}")

    @property
    def width(self) -> dt.timedelta:
        return self.latest - self.earliest

    def contains(self, instant: dt.datetime) -> bool:
        return self.earliest <= instant < self.latest


@attrs.frozen
class Event:
    """Something that happened to a message at an uncertain instant."""

    id: str
    kind: EventKind = attrs.field(converter=EventKind)
    time: UncertainInstant
    provenance: Provenance
    role: str = ""
    message: str | None = None
    place: str | None = None
    actor: str | None = None


@attrs.frozen
class Designator:
    """A number in a register: the same telegram is No. 2974 in the ambassador's
    outgoing series and No. 20772 in Moscow's incoming register."""

    number: str
    register: str
    provenance: Provenance
    office: str | None = None
    year: int | None = None


@attrs.frozen
class Reference:
    """One message pointing at another, by number, by date, or both."""

    kind: str
    numbers: tuple[str, ...]
    provenance: Provenance
    date: UncertainInstant | None = None
    target: str | None = None
    candidates: tuple[str, ...] = ()
    registers: tuple[str, ...] = ()
    direction: str = ""  # "own" (my telegram), "addressee" (your telegram), "" unknown


@attrs.frozen
class Message:
    """A telegram, letter or note: its numbers, parties, events and references.

    ``document`` is ``None`` for a message known only because another one cites it."""

    id: str
    document: str | None
    designators: tuple[Designator, ...] = ()
    sender: str | None = None
    recipient: str | None = None
    events: tuple[Event, ...] = ()
    references: tuple[Reference, ...] = ()
    place: str | None = None
    forwards: str | None = None  # id of the message this one carries inside it
    cited_by: tuple[str, ...] = ()


@attrs.frozen
class Diagnostic:
    """A finding a historian should see: what, where, and what to do."""

    level: str  # "info" | "warning" | "error"
    code: str
    message: str
    span: tuple[int, int] | None = None
    document: str | None = None


@attrs.frozen
class Document:
    """A read document: its principal date, every dated expression, its messages."""

    id: str
    text: str
    date: Event | None = None
    events: tuple[Event, ...] = ()
    messages: tuple[Message, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    source: str = ""
