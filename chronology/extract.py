"""One document from text to dated events and messages.

The stages run in one direction: readings (what the text says) -> context (the year
of "13 June", the day of "today") -> clocks (which zone and why) -> events -> messages.
Every event keeps the provenance of its characters and the assumptions taken, and every
doubt becomes a diagnostic instead of a silent choice.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from chronology.model import (
    Designator,
    Diagnostic,
    Document,
    Event,
    EventKind,
    Message,
    Precision,
    Provenance,
    Reference,
)
from chronology.placing import WallTime, place
from chronology.reading.numbers import NumberReading, read_numbers, read_references
from chronology.reading.temporal import Reading, read_temporal
from chronology.sources import actors
from chronology.sources.profile import MOSCOW_OFFICE, Layout, Region, analyse
from chronology.zones.designators import military_zone_offset, parse_designator
from chronology.zones.gazetteer import lookup

_KIND_BY_LEAD = {
    "received": EventKind.RECEIVED,
    "rec'd": EventKind.RECEIVED,
    "recd": EventKind.RECEIVED,
    "receipt": EventKind.RECEIVED,
    "arrived": EventKind.RECEIVED,
    "sent": EventKind.SENT,
    "dispatched": EventKind.SENT,
    "despatched": EventKind.SENT,
    "transmitted": EventKind.SENT,
    "deciphered": EventKind.DECIPHERED,
    "decoded": EventKind.DECIPHERED,
    "decrypted": EventKind.DECIPHERED,
    "typed": EventKind.TYPED,
    "printed": EventKind.TYPED,
    "verified": EventKind.TYPED,
    "registered": EventKind.REGISTERED,
    "delivered": EventKind.DELIVERED,
    "communicated": EventKind.DELIVERED,
    "handed": EventKind.DELIVERED,
    "signed": EventKind.WRITTEN,
    "dated": EventKind.WRITTEN,
    "written": EventKind.WRITTEN,
    "decision": EventKind.DECIDED,
    "approved": EventKind.DECIDED,
    "copied": EventKind.SENT,
    "distributed": EventKind.REGISTERED,
    "incoming": EventKind.REGISTERED,
}
_STAMP_KINDS = {EventKind.RECEIVED, EventKind.DECIPHERED, EventKind.TYPED, EventKind.REGISTERED}


@attrs.define
class _Ctx:
    """Mutable working state for one document; never leaves this module."""

    doc_id: str
    text: str
    layout: Layout
    diagnostics: list[Diagnostic] = attrs.field(factory=list)
    ref_year: int | None = None
    ref_date: dt.date | None = None
    readings: list[Reading] = attrs.field(factory=list)

    def diag(self, level: str, code: str, message: str, span: tuple[int, int] | None) -> None:
        self.diagnostics.append(Diagnostic(level, code, message, span, self.doc_id))


def _unsettled(name: str | None) -> tuple[str, ...]:
    """A note when the gazetteer says a place's clock in the period is not reliably its
    zone's (Kaesong during the armistice talks, Hanoi, a state that spans two zones)."""
    p = lookup(name) if name else None
    if p is not None and p.uncertain:
        return (f"uncertain clock: {p.name}: {p.note}",)
    return ()


def zone_of_place(name: str | None) -> str | None:
    if not name:
        return None
    p = lookup(name)
    return p.zone if p else None


# ---------------------------------------------------------------- years and anchors
def _full_year(r: Reading, ctx: _Ctx) -> tuple[int | None, str | None]:
    """The four-digit year of a reading, and the assumption made to get it."""
    if r.year is not None and r.year_form == "full":
        return r.year, None
    if r.year is not None:  # two digits: the century that puts it nearest the document
        pivot = ctx.ref_year or 1950
        cands = [c * 100 + r.year for c in (18, 19, 20)]
        year = min(cands, key=lambda y: abs(y - pivot))
        why = f"two-digit year '{r.year:02d}' read as {year}, nearest the document's {pivot}"
        if ctx.ref_year is None:
            why = f"two-digit year '{r.year:02d}' read as {year}: the document gives no full year"
        return year, why
    if ctx.ref_date is None:
        return None, None
    if r.month is None:
        return ctx.ref_date.year, None
    best = None
    for y in (ctx.ref_date.year - 1, ctx.ref_date.year, ctx.ref_date.year + 1):
        try:
            d = dt.date(y, r.month, min(r.day or 1, 28))
        except ValueError:
            continue
        gap = abs((d - ctx.ref_date).days)
        if best is None or gap < best[0]:
            best = (gap, y)
    year = best[1] if best else ctx.ref_date.year
    return year, f"year {year} taken from the document's date {ctx.ref_date.isoformat()}"


def _wall(r: Reading, year: int) -> WallTime:
    return WallTime(
        year=year,
        month=r.month or 1,
        day=r.day or 1,
        hour=r.hour or 0,
        minute=r.minute or 0,
        second=r.second or 0,
        precision=r.precision,
    )


# ---------------------------------------------------------------- clocks
def _explicit_zone(r: Reading, region: Region) -> tuple[tuple[tuple[str, str], ...], str] | None:
    if r.zone_letter:
        off = military_zone_offset(r.zone_letter)
        if off is not None:
            key = "UTC" if r.zone_letter == "Z" else off
            return ((key, f"explicit: zone letter '{r.zone_letter}'"),), "explicit"
    if not r.zone_text:
        return None
    words = r.zone_text.strip()
    low = words.lower()
    if low in ("local time", "our time", "местного времени"):
        key = zone_of_place(region.writer_place)
        if key:
            return (
                (key, f"explicit '{words}': the writer's place, {region.writer_place}"),
            ), "explicit"
        return (), "explicit-unknown"
    m = re.match(r"(\w+)\s+time$", words)
    if m:
        key = zone_of_place(m.group(1))
        if key:
            return ((key, f"explicit: '{words}'"),), "explicit"
    d = parse_designator(words)
    if d is not None and d.candidates:
        why = f"explicit: '{words}'" + (" (ambiguous abbreviation)" if d.ambiguous else "")
        return tuple((c, why) for c in d.candidates), "explicit"
    return None


def _clock(
    r: Reading, kind: EventKind, region: Region, ctx: _Ctx
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """Candidate zones for a reading, by the strength of the evidence (see docs)."""
    lay = ctx.layout
    explicit = _explicit_zone(r, region)
    if explicit is not None:
        return explicit[0], ()
    if lay.catalogue and r.span[0] < lay.catalogue[1]:
        return (), ("catalogue date: the archive does not say in which clock",)
    moscow = ("Europe/Moscow", "")
    line = ctx.text[ctx.text.rfind("\n", 0, r.span[0]) + 1 : r.span[0]]
    named = re.search(r"\bin\s+([A-Z][a-z]+)\b", line)
    if named and zone_of_place(named.group(1)) and kind in (EventKind.RECEIVED, EventKind.SENT):
        key = zone_of_place(named.group(1))
        return ((key, f"the stamp names the place: '{named.group(0)}'"),), ()
    if (
        lay.family == "soviet-telegram"
        and MOSCOW_OFFICE.search(line)
        and kind is not EventKind.MENTIONED
    ):
        return ((moscow[0], "the stamp names a Moscow office"),), ()
    if lay.family == "soviet-telegram" and not region.quoted:
        in_header = r.span[0] < lay.header_end
        if kind in _STAMP_KINDS or (
            kind is EventKind.SENT and lay.direction == "from-moscow" and in_header
        ):
            if lay.moscow_office or lay.direction:
                return (
                    (
                        moscow[0],
                        f"stamp convention: a {kind.value} stamp of a Moscow office "
                        "is in Moscow time",
                    ),
                ), ()
        if in_header and kind in (EventKind.SENT, EventKind.MENTIONED) and r.has_time:
            station = zone_of_place(lay.sender_place)
            zones = [(moscow[0], "header time of unclear role: Moscow receipt is likely")]
            if station and station != moscow[0]:
                zones.append(
                    (
                        station,
                        f"or the sending station's clock ({lay.sender_place}): "
                        "the stamp does not say",
                    )
                )
            return tuple(zones), ("the stamp's clock is not stated",)
    if r.lead.startswith("ref:"):
        ref = r.lead[5:]
        named = actors.find_actor(ref)
        if re.match(r"(?:.*\b)?(?:my|our)\b", ref):
            who, places = region.writer, [region.writer_place]
        elif named and not re.match(r"(?:.*\b)?your\b", ref):
            who, places = named, list(actors.usual_places(named))
        else:
            who, places = region.addressee, [region.addressee_place]
            if region.addressee_place is None:
                places = list(actors.usual_places(region.addressee))
        zones = tuple(
            (zone_of_place(p), f"a cited message is dated in its writer's clock: {who or p} in {p}")
            for p in places
            if zone_of_place(p)
        )
        if zones:
            return zones, ()
        return (), ("the cited message's writer and place are not known",)
    act = _ACT_BEFORE.search(ctx.text, max(0, r.span[0] - 90), r.span[0])
    if act and kind is EventKind.MENTIONED:
        who = actors.canonical(act.group(1)) or actors.find_actor(act.group(1))
        places = actors.usual_places(who) if who else ()
        if len(places) == 1 and zone_of_place(places[0]):
            return (
                (
                    zone_of_place(places[0]),
                    f"an act of {who} ('{act.group(0).strip()}'): dated in his clock, {places[0]}",
                ),
            ), ()
    near = _PLACE_BEFORE.search(ctx.text, max(0, r.span[0] - 50), r.span[0])
    if near and kind is EventKind.MENTIONED and zone_of_place(near.group(1)):
        return ((zone_of_place(near.group(1)), f"the place named with it: '{near.group(0)}'"),), ()
    if lay.family in ("frus", "generic") and kind is EventKind.RECEIVED and lay.family == "frus":
        return (("America/New_York", "FRUS source notes give receipt in Washington"),), ()
    if lay.dateline and lay.dateline[0] <= r.span[0] < lay.dateline[1]:
        key = zone_of_place(lay.dateline_place)
        if key:
            return ((key, f"dateline place: {lay.dateline_place}"),), _unsettled(lay.dateline_place)
        return (), ("the dateline names no place whose clock is known",)
    writer, wplace = _signing_writer(r, region, ctx)
    if wplace is None and writer and len(actors.usual_places(writer)) > 1:
        places = actors.usual_places(writer)
        return tuple(
            (zone_of_place(p), f"the writer's clock is unsettled: {writer} in {p}?")
            for p in places
            if zone_of_place(p)
        ), ("the writer's place is unsettled",)
    key = zone_of_place(wplace)
    if key:
        why = f"the writer's place: {writer or 'the sender'} in {wplace}"
        if region.place_note and wplace == region.writer_place:
            why += f" ({region.place_note})"
        return ((key, why),), ()
    return (), ("no clock words, stamp convention, dateline or known writer's place",)


_ACT_BEFORE = re.compile(
    r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?:'s|’s)\s+(?:[a-z]+\s+){0,2}?(?:speech|statement|"
    r"broadcast|address|declaration|interview|remarks|proposal|report)\b[^.;\n]{0,60}$"
)
_PLACE_BEFORE = re.compile(r"\b(?:in|from|at)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:on|of)?\s*$")


def _signing_writer(r: Reading, region: Region, ctx: _Ctx) -> tuple[str | None, str | None]:
    """A date in a signature block belongs to the name signed beside, above or below it
    ("MAO ZEDONG / 13.6.51", "13.1.51 ROSHCHIN", "3 May / FILIPPOV"); number lines
    ("No. 2974") inside the block are stepped over."""
    text = ctx.text
    ls = text.rfind("\n", 0, r.span[0]) + 1
    le = text.find("\n", r.span[1])
    le = len(text) if le < 0 else le
    same_line = text[ls:le]
    rest = same_line[: r.span[0] - ls] + same_line[r.span[1] - ls :]
    name = actors.signature_name(rest) if rest.strip(" .\"'”»") else None
    if name is None and not rest.strip(" .\"'”»[]"):
        lines_above = text[max(region.start, 0) : ls].split("\n")[-5:-1]
        for line in reversed(lines_above):
            if _NUMBER_LINE.match(line) or not line.strip():
                continue
            name = actors.signature_name(line)
            break
        if name is None:
            lines_below = text[le + 1 : min(region.end, le + 200)].split("\n")[:3]
            for line in lines_below:
                if _NUMBER_LINE.match(line) or not line.strip():
                    continue
                name = actors.signature_name(line)
                break
    if name:
        if region.place_note and region.writer and name.lower() in region.writer.lower():
            return name, region.writer_place  # the document says where the writers were
        return name, actors.usual_place(name) or region.writer_place
    title = ctx.layout.title
    if (
        ctx.layout.catalogue
        and ctx.layout.catalogue[1] < r.span[0] <= ctx.layout.catalogue[1] + len(title) + 2
    ):
        m = re.search(
            r"from\s+([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)", text[r.span[1] : r.span[1] + 60]
        )
        if m:
            n = actors.canonical(m.group(1)) or actors.find_actor(m.group(1))
            if n:
                return n, actors.usual_place(n)
    return region.writer, region.writer_place


_NUMBER_LINE = re.compile(r"^\s*(?:No\.?|Nº|N°|№|#)\s*\S+\s*$")


# ---------------------------------------------------------------- kinds
def _kind(r: Reading, region: Region, ctx: _Ctx) -> EventKind:
    lay = ctx.layout
    if lay.catalogue and r.span[0] < lay.catalogue[1]:
        return EventKind.CATALOGUED
    if r.lead.startswith("ref:"):
        return EventKind.MENTIONED
    if r.trail in ("received", "got"):
        return EventKind.RECEIVED
    if r.trail in ("delivered", "handed"):
        return EventKind.DELIVERED
    kind = _KIND_BY_LEAD.get(r.lead.split(" ")[0])
    in_header = lay.family == "soviet-telegram" and not region.quoted and r.span[0] < lay.header_end
    if kind is EventKind.RECEIVED and in_header and lay.direction == "from-moscow":
        # On an outgoing form, "Received" is the cipher office taking in the text to be
        # enciphered: it comes before sending.
        return EventKind.FILED
    if (
        kind is EventKind.SENT
        and lay.direction == "to-moscow"
        and MOSCOW_OFFICE.search(ctx.text[ctx.text.rfind("\n", 0, r.span[0]) + 1 : r.span[0]])
    ):
        # "Sent to the 8th Department ..." on an incoming telegram: passed on inside
        # Moscow after receipt, not the sender's dispatch.
        return EventKind.REGISTERED
    if kind is not None:
        return kind
    if lay.dateline and lay.dateline[0] <= r.span[0] < lay.dateline[1]:
        return EventKind.SENT if re.search(r"Telegram|Cable", ctx.text[:300]) else EventKind.WRITTEN
    if _alone_or_signed(r, ctx):
        return (
            EventKind.WRITTEN
            if region.quoted
            else (EventKind.SENT if lay.family == "soviet-telegram" else EventKind.WRITTEN)
        )
    return EventKind.MENTIONED


def _alone_or_signed(r: Reading, ctx: _Ctx) -> bool:
    text = ctx.text
    ls = text.rfind("\n", 0, r.span[0]) + 1
    le = text.find("\n", r.span[1])
    line = text[ls : len(text) if le < 0 else le]
    rest = (line[: r.span[0] - ls] + line[r.span[1] - ls :]).strip(" .\"'”»[]")
    return not rest or (len(line) < 60 and actors.find_actor(rest) is not None)


# ---------------------------------------------------------------- the document
def extract_document(doc_id: str, text: str) -> Document:
    """Read one document: its principal date, events, messages and diagnostics."""
    readings = read_temporal(text)
    layout = analyse(text, readings)
    ctx = _Ctx(doc_id, text, layout, readings=readings)
    _set_reference_date(ctx, readings)
    messages = _messages(ctx)
    region_msg = {id(reg): mid for reg, mid in messages.region_ids}
    events: list[Event] = []
    anchors: dict[int, list[Event]] = {}
    enclosures: list[tuple[str | None, Event]] = []  # dates the title gives enclosures
    pending_relative: list[Reading] = []
    for r in readings:
        region = layout.region_at(r.span[0])
        if r.relative is not None or (r.has_time and not r.has_date):
            pending_relative.append(r)
            continue
        ev = _event(r, region, ctx, len(events), region_msg)
        if ev is None:
            continue
        events.append(ev)
        if (
            ev.kind not in (EventKind.WRITTEN, EventKind.SENT)
            or ev.time.precision.rank < Precision.DAY.rank
        ):
            continue
        in_title = (
            layout.catalogue is not None
            and r.span[0] <= layout.catalogue[1] + len(layout.title) + 2
        )
        if in_title:
            enclosures.append((actors.canonical(_signing_writer(r, region, ctx)[0]), ev))
        else:
            anchors.setdefault(id(region), []).append(ev)
    fallback = next(
        (
            e
            for e in events
            if e.kind not in (EventKind.CATALOGUED, EventKind.MENTIONED)
            and e.time.precision in (Precision.DAY, Precision.MINUTE, Precision.HOUR)
        ),
        None,
    )
    for r in pending_relative:
        region = layout.region_at(r.span[0])
        anchor = _pick_anchor(r, region, layout, anchors, enclosures) or fallback
        ev = _relative_event(r, region, ctx, anchor, len(events), region_msg)
        if ev is not None:
            events.append(ev)
    events.sort(key=lambda e: e.provenance.span or (0, 0))
    events = [attrs.evolve(e, id=f"{doc_id}@{i}") for i, e in enumerate(events)]
    msgs, moved = messages.build(events, ctx)
    events = [moved.get(e.id, e) for e in events]
    date = _principal(events, ctx)
    if date is not None and date.time.zone is None and date.time.candidates == ():
        fixed = _offset_from_dtg(date, events, ctx)
        if fixed is not None:
            events = [fixed if e.id == date.id else e for e in events]
            date = fixed
    return Document(doc_id, text, date, tuple(events), tuple(msgs), tuple(ctx.diagnostics))


_FILE_NUMBER = re.compile(
    r"(?m)^[\dA-Z][\w.\- ]{2,24}/(1[0-2]|0?[1-9])[–-](3[01]|[12]\d|0?[1-9])(\d{2})\b"
)


def _set_reference_date(ctx: _Ctx, readings: list[Reading]) -> None:
    lay = ctx.layout
    for r in readings:
        if (
            r.year_form == "full"
            and r.month
            and r.day
            and (
                (lay.catalogue and r.span[0] < lay.catalogue[1])
                or (lay.dateline and lay.dateline[0] <= r.span[0] < lay.dateline[1])
            )
        ):
            try:
                ctx.ref_date = dt.date(r.year, r.month, r.day)
            except ValueError:
                continue
            ctx.ref_year = r.year
            return
    m = _FILE_NUMBER.search(ctx.text, 0, 600)
    if m:  # a FRUS decimal file number carries the date: "793.00/2–851" is 8 February '51
        month, day, yy = int(m.group(1)), int(m.group(2)), int(m.group(3))
        full_years = [r.year for r in readings if r.year_form == "full" and r.year]
        pivot = full_years[0] if full_years else 1950
        year = min((c * 100 + yy for c in (18, 19, 20)), key=lambda y: abs(y - pivot))
        try:
            ctx.ref_date = dt.date(year, month, day)
            ctx.ref_year = year
            return
        except ValueError:
            pass
    full = [r for r in readings if r.year_form == "full" and r.year]
    if full:
        ctx.ref_year = full[0].year
        if full[0].month:
            try:
                ctx.ref_date = dt.date(full[0].year, full[0].month, full[0].day or 1)
            except ValueError:
                pass


def _event(
    r: Reading, region: Region, ctx: _Ctx, n: int, region_msg: dict[int, str]
) -> Event | None:
    if r.day is not None and r.month is None and ctx.ref_date is not None:
        # A date-time group ("271546Z") names the day only: the month (and year) that
        # put it nearest the document's own date.
        best = min(
            (dt.date(y, m, r.day) for y, m in _months_around(ctx.ref_date) if _valid(y, m, r.day)),
            key=lambda d: abs((d - ctx.ref_date).days),
        )
        r = attrs.evolve(r, month=best.month, year=best.year, year_form="full")
        wall = _wall(r, best.year)
        kind = _kind(r, region, ctx)
        zones, notes = _clock(r, kind, region, ctx)
        why = f"month and year {best:%Y-%m} taken from the document's date {ctx.ref_date}"
        return _make_event(
            r, best.year, why, kind, zones, notes, region, ctx, n, region_msg, wall=wall
        )
    year, why_year = _full_year(r, ctx)
    if year is None:
        ctx.diag(
            "warning",
            "no-year",
            f"'{r.text}' has no year and the document gives none to take it from; "
            "it is not placed in time. Add the year in the text or a catalogue date.",
            r.span,
        )
        return None
    kind = _kind(r, region, ctx)
    zones, notes = _clock(r, kind, region, ctx)
    return _make_event(r, year, why_year, kind, zones, notes, region, ctx, n, region_msg)


def _months_around(d: dt.date) -> list[tuple[int, int]]:
    prev = (d.year - 1, 12) if d.month == 1 else (d.year, d.month - 1)
    nxt = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return [prev, (d.year, d.month), nxt]


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _make_event(
    r: Reading,
    year: int,
    why_year: str | None,
    kind: EventKind,
    zones: tuple[tuple[str, str], ...],
    notes: tuple[str, ...],
    region: Region,
    ctx: _Ctx,
    n: int,
    region_msg: dict[int, str],
    wall: WallTime | None = None,
) -> Event | None:
    if "impossible-date" in r.flags:
        ctx.diag(
            "error",
            "impossible-date",
            f"'{r.text}' has the shape of a date but no such day or month exists; it is "
            "not placed. Check the original for a misprint.",
            r.span,
        )
        return None
    if "impossible-time" in r.flags:
        ctx.diag(
            "error",
            "impossible-time",
            f"'{r.text}' is not a possible time of day; it is not placed. "
            "Check the original for a misprint.",
            r.span,
        )
        return None
    wall = wall or _wall(r, year)
    try:
        placed = place(wall, zones)
        if r.end is not None:
            placed = _extend_to(placed, wall, r.end, zones)
    except ValueError:
        ctx.diag(
            "error",
            "impossible-date",
            f"'{r.text}' is not a possible calendar date or time "
            f"({wall.local_text()}); it is not placed. Check the original for a misprint.",
            r.span,
        )
        return None
    assumptions = list(dict.fromkeys([why for _, why in zones if why] + list(notes)))
    if why_year:
        assumptions.append(why_year)
    for note in list(placed.notes) + [n for n in notes if n.startswith("uncertain clock:")]:
        code, _, key = note.partition(":")
        if code in ("ambiguous", "nonexistent"):
            what = (
                "happened twice (clocks were set back)"
                if code == "ambiguous"
                else "never happened (clocks were set forward)"
            )
            ctx.diag(
                "warning",
                f"{code}-local-time",
                f"'{r.text}' in {key}: that wall-clock time {what}; the interval covers "
                "both readings.",
                r.span,
            )
        elif code == "zone-unknown" and kind is not EventKind.CATALOGUED:
            ctx.diag(
                "info",
                "zone-unknown",
                f"'{r.text}': no evidence of its clock; the interval covers every zone "
                "from UTC-12 to UTC+14.",
                r.span,
            )
        elif code == "uncertain clock":
            ctx.diag(
                "info",
                "uncertain-clock",
                f"'{r.text}' is read in {key.split(':')[0].strip()}'s zone, but the record "
                f"of that place's clock is uncertain:{key.partition(':')[2]}",
                r.span,
            )
        elif code == "zone-ambiguous":
            ctx.diag(
                "info",
                "zone-ambiguous",
                f"'{r.text}': its clock is one of "
                f"{', '.join(z for z, _ in zones)}; the interval covers all of them.",
                r.span,
            )
    if "day-month-order" in r.flags:
        ctx.diag(
            "warning",
            "ambiguous-day-month",
            f"'{r.text}' read month first (US order); day first would give another date.",
            r.span,
        )
        assumptions.append("slash date read month/day/year")
    if "ampm-redundant" in r.flags:
        assumptions.append("24-hour time with a redundant a.m./p.m. marker")
    if ctx.ref_year and abs(wall.year - ctx.ref_year) > 60:
        ctx.diag(
            "warning",
            "implausible-year",
            f"'{r.text}' gives {wall.year}, far from the document's {ctx.ref_year}.",
            r.span,
        )
    prov = Provenance(ctx.doc_id, r.span, r.text, r.rule, tuple(assumptions))
    msg = region_msg.get(id(region))
    if kind is EventKind.RECEIVED and r.trail == "received" and not region.quoted:
        # "13.6.51 at 22:00 Beijing time I received the following telegram": the receipt
        # of the message quoted next, by this message's writer.
        nxt = [q for q in ctx.layout.regions[1:] if 0 <= q.start - r.span[1] < 400]
        if nxt:
            msg = region_msg.get(id(nxt[0]), msg)
    if kind is EventKind.CATALOGUED:
        msg = None
    role = r.lead if (r.lead in _KIND_BY_LEAD or r.lead.startswith("ref:")) else ""
    place_name, actor = region.writer_place, region.writer
    if kind is EventKind.CATALOGUED:  # the archive's date: nobody's act, nowhere
        place_name, actor = None, None
    elif kind in _STAMP_KINDS and zones and len(zones) == 1 and not r.trail:
        # A stamp records what an office did, where the office was: not the writer's act.
        place_name = _place_of_zone(zones[0][0]) or place_name
        actor = None
    return Event(
        f"{ctx.doc_id}@{n}",
        kind,
        placed.instant,
        prov,
        role=role,
        message=msg,
        place=place_name,
        actor=actor,
    )


def _place_of_zone(key: str) -> str | None:
    """'Europe/Moscow' -> 'Moscow': the place a stamp's clock names."""
    p = lookup(key.rsplit("/", 1)[-1].replace("_", " "))
    return p.name if p else None


def _extend_to(placed, wall: WallTime, end: Reading, zones):  # noqa: ANN001, ANN202
    """A range ("2-3.7.51", "1951 ... the first half of '54"): from the start of the first
    to the end of the last, written 'start/end' as the reading gives them."""
    year = end.year if end.year and end.year >= 1000 else wall.year
    if end.hour is not None and end.day is None and end.month is None:  # "2:00-6:00 p.m."
        start = dt.datetime(wall.year, wall.month, wall.day, wall.hour, wall.minute)
        stop = start.replace(hour=end.hour % 24, minute=end.minute or 0)
        if end.hour == 24 or stop < start:
            stop += dt.timedelta(days=1) if stop < start else dt.timedelta(0)
        end_wall = WallTime(
            stop.year, stop.month, stop.day, stop.hour, stop.minute, precision=Precision.MINUTE
        )
    elif end.day is not None:
        end_wall = WallTime(year, end.month or wall.month, end.day, precision=Precision.DAY)
    elif end.month is not None:
        end_wall = WallTime(year, end.month, precision=Precision.MONTH)
    else:
        end_wall = WallTime(year, precision=Precision.YEAR)
    last = place(end_wall, zones)
    inst = attrs.evolve(
        placed.instant,
        latest=last.instant.latest,
        local=f"{wall.local_text()}/{end_wall.local_text()}",
    )
    return attrs.evolve(placed, instant=inst)


def _pick_anchor(
    r: Reading,
    region: Region,
    layout: Layout,
    anchors: dict[int, list[Event]],
    enclosures: list[tuple[str | None, Event]],
) -> Event | None:
    """The date a relative word counts from: the signature that closes the text it
    stands in (the first signed date after it in its message), else the last one before
    it; for an enclosed message with no date of its own, the date the catalogue title
    gives that enclosure."""

    def by_position(cands: list[Event]) -> Event | None:
        if not cands:
            return None
        after = [e for e in cands if e.provenance.span[0] > r.span[0]]
        days = [e for e in after if e.time.precision is Precision.DAY]
        if after:
            return days[0] if days else after[0]
        days = [e for e in cands if e.time.precision is Precision.DAY]
        return (days or cands)[-1]

    own = by_position(anchors.get(id(region), []))
    if own is not None:
        return own
    if region.quoted:
        writer = actors.canonical(region.writer)
        for who, ev in enclosures:
            if writer and who == writer:
                return ev
    return by_position(anchors.get(id(layout.regions[0]), []))


def _relative_event(
    r: Reading,
    region: Region,
    ctx: _Ctx,
    anchor: Event | None,
    n: int,
    region_msg: dict[int, str],
) -> Event | None:
    if "impossible-time" in r.flags:
        ctx.diag(
            "error",
            "impossible-time",
            f"'{r.text}' is not a possible time of day; it is not placed. Check the "
            "original for a misprint.",
            r.span,
        )
        return None
    if anchor is None:
        ctx.diag(
            "warning",
            "unanchored-relative",
            f"'{r.text}' is relative, and its message carries no date to count from; "
            "it is not placed.",
            r.span,
        )
        return None
    base = dt.date.fromisoformat(anchor.time.local[:10]) + dt.timedelta(days=r.relative or 0)
    wall = WallTime(
        base.year,
        base.month,
        base.day,
        r.hour or 0,
        r.minute or 0,
        r.second or 0,
        precision=r.precision,
    )
    zones: tuple[tuple[str, str], ...] = ()
    explicit = _explicit_zone(r, region)
    writer_zone = zone_of_place(region.writer_place)
    if explicit is not None:
        zones = explicit[0]
    elif writer_zone:
        zones = (
            (
                writer_zone,
                f"the writer's place: {region.writer or 'the writer'} in {region.writer_place}",
            ),
        )
    elif anchor.time.zone:
        zones = ((anchor.time.zone, f"the clock of its anchor '{anchor.provenance.text}'"),)
    if r.extent is not None:
        return _range_event(r, base, zones, anchor, region, ctx, n, region_msg)
    if r.relative is None:
        why = (
            f"'{r.text}' gives no date: the day of its message, '{anchor.provenance.text}' "
            f"({anchor.time.local[:10]})"
        )
    else:
        why = f"'{r.text}' counted from '{anchor.provenance.text}' ({anchor.time.local})"
    if "drop-capital" in r.flags:
        ctx.diag(
            "info",
            "drop-capital",
            f"'{r.text}' looks like a word whose first letter was lost in copying; read "
            "as a relative day word.",
            r.span,
        )
    kind = EventKind.RECEIVED if r.trail == "received" else _kind(r, region, ctx)
    return _make_event(r, base.year, why, kind, zones, (), region, ctx, n, region_msg, wall=wall)


def _range_event(
    r: Reading,
    base: dt.date,
    zones: tuple[tuple[str, str], ...],
    anchor: Event,
    region: Region,
    ctx: _Ctx,
    n: int,
    region_msg: dict[int, str],
) -> Event | None:
    """'over the last 12 days' written on 15 November: the days 3 to 15 November."""
    from dateutil.relativedelta import relativedelta

    unit, count = r.extent or ("day", 0)
    step = (
        relativedelta(**{unit + "s": abs(count)})
        if unit != "week"
        else relativedelta(weeks=abs(count))
    )
    first, last = (base - step, base) if count < 0 else (base, base + step)
    walls = [WallTime(d.year, d.month, d.day, precision=Precision.DAY) for d in (first, last)]
    try:
        a, b = place(walls[0], zones), place(walls[1], zones)
    except ValueError:
        return None
    inst = attrs.evolve(
        a.instant, latest=b.instant.latest, local=f"{walls[0].local_text()}/{walls[1].local_text()}"
    )
    why = (f"'{r.text}' counted from '{anchor.provenance.text}' ({anchor.time.local[:10]})",)
    prov = Provenance(ctx.doc_id, r.span, r.text, r.rule, tuple(w for _, w in zones) + why)
    return Event(
        f"{ctx.doc_id}@{n}",
        EventKind.MENTIONED,
        inst,
        prov,
        role="period",
        message=region_msg.get(id(region)),
        place=region.writer_place,
        actor=region.writer,
    )


def _offset_from_dtg(date: Event, events: list[Event], ctx: _Ctx) -> Event | None:
    """A dateline time in an unknown clock, and the writer's own date-time group in UTC
    for the same moment ('27 February 1951—11:46 p. m.' and '271546Z'): the difference
    is the clock's offset, here +08:00. Used only when the minutes agree and the offset
    is a whole quarter hour within UTC-12..UTC+14."""
    if date.time.precision is not Precision.MINUTE:
        return None
    local = dt.datetime.fromisoformat(date.time.local)
    for e in events:
        if e.provenance.rule not in ("dtg", "hhmm-z") or e.time.zone != "UTC" or e is date:
            continue
        utc = dt.datetime.fromisoformat(e.time.local)
        if utc.minute != local.minute:
            continue
        if e.provenance.rule == "hhmm-z" and e.time.precision is Precision.MINUTE:
            utc = utc.replace(year=local.year, month=local.month, day=local.day)
        offset = local - utc
        if offset > dt.timedelta(hours=12):
            offset -= dt.timedelta(days=1)
        elif offset < -dt.timedelta(hours=12):
            offset += dt.timedelta(days=1)
        quarter = offset.total_seconds() / 900
        if quarter != int(quarter) or not -12 * 4 <= quarter <= 14 * 4:
            continue
        sign = "-" if offset < dt.timedelta(0) else "+"
        minutes = abs(int(offset.total_seconds() // 60))
        key = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
        wall = WallTime(
            local.year, local.month, local.day, local.hour, local.minute, precision=Precision.MINUTE
        )
        placed = place(
            wall,
            (
                (
                    key,
                    f"offset {key} from the writer's own date-time group "
                    f"'{e.provenance.text}' for the same moment",
                ),
            ),
        )
        p = date.provenance
        prov = attrs.evolve(
            p,
            assumptions=tuple(a for a in p.assumptions if "no clock" not in a)
            + (
                placed.instant.candidates[0].why
                if placed.instant.candidates
                else f"offset {key} from the writer's date-time group '{e.provenance.text}'",
            ),
        )
        ctx.diagnostics[:] = [
            d for d in ctx.diagnostics if not (d.code == "zone-unknown" and d.span == p.span)
        ]
        return attrs.evolve(date, time=placed.instant, provenance=prov)
    return None


def _principal(events: list[Event], ctx: _Ctx) -> Event | None:
    lay = ctx.layout
    if lay.dateline:
        for e in events:
            s = e.provenance.span[0]
            if lay.dateline[0] <= s < lay.dateline[1]:
                return e
    if lay.catalogue:
        for e in events:
            if e.kind is EventKind.CATALOGUED:
                return e
    for e in events:
        if e.kind in (EventKind.WRITTEN, EventKind.SENT):
            return e
    return events[0] if events else None


# ---------------------------------------------------------------- messages
_SERIES_SUFFIX = re.compile(r"/(shs|sh|ш|iii|sch)\.?$", re.IGNORECASE)
_SUFFIX_NAME = {"ш": "sh", "iii": "sh", "sch": "sh"}

_REGISTER_BY_SERIES = {
    "heading": "incoming",
    "station": "cipher-office",
    "special": "special-series",
    "issuing": "outgoing",
    "incoming-stamp": "cc-special-section-incoming",
    "protocol": "politburo-protocol",
    "protocol-item": "politburo-protocol-item",
    "signature": "sender-outgoing",
}


@attrs.define
class _Messages:
    outer_id: str
    region_ids: list[tuple[Region, str]]
    numbers: list[NumberReading]
    layout: Layout

    def register(self, series: str, number: str = "") -> tuple[str, str | None]:
        """The register of an own number, by where it stands and its suffix: '/sh' numbers
        form a series of their own (the Pyongyang station's in Moscow's registry)."""
        reg, office = self._register(series)
        suffix = _SERIES_SUFFIX.search(number)
        if suffix and series in ("heading", "signature"):
            reg += "/" + _SUFFIX_NAME.get(suffix.group(1).lower(), suffix.group(1).lower())
        return reg, office

    def _register(self, series: str) -> tuple[str, str | None]:
        lay = self.layout
        if series == "heading":
            if lay.direction == "to-moscow" or (
                lay.moscow_office and lay.direction != "from-moscow"
            ):
                return "moscow-incoming", "Moscow"
            if lay.direction == "from-moscow":
                return "moscow-outgoing", "Moscow"
            return "heading", None
        if series == "signature":
            office = lay.sender_place or "unknown"
            return f"outgoing:{office}", lay.sender_place
        return _REGISTER_BY_SERIES.get(series, series), "Moscow" if lay.moscow_office else None

    def build(self, events: list[Event], ctx: _Ctx) -> tuple[list[Message], dict[str, Event]]:
        """The document's messages, and the events that references claimed for the
        messages they cite (keyed by event id)."""
        lay = self.layout
        year = ctx.ref_year
        out: list[Message] = []
        seen: set[tuple[str, str]] = set()
        own: list[Designator] = []
        title_end = (lay.catalogue[1] + len(lay.title) + 2) if lay.catalogue else -1
        body_numbers = {
            re.sub(r"\D.*$", "", nr.number)
            for nr in self.numbers
            if nr.own and nr.span[0] > title_end
        }
        for nr in self.numbers:
            if not nr.own:
                continue
            if nr.span[0] <= title_end and re.sub(r"\D.*$", "", nr.number) in body_numbers:
                continue  # the catalogue title repeats the form's own number
            reg, office = self.register(nr.series, nr.number)
            if (nr.number, reg) in seen:
                continue
            seen.add((nr.number, reg))
            own.append(
                Designator(
                    nr.number, reg, Provenance(ctx.doc_id, nr.span, nr.text, nr.rule), office, year
                )
            )
        own.extend(_frus_number(ctx))
        refs, ref_msgs = self._references(ctx, events, own)
        moved = {e.id: e for m in ref_msgs for e in m.events}
        by_msg: dict[str, list[Event]] = {}
        for e in (moved.get(e.id, e) for e in events):
            if e.message:
                by_msg.setdefault(e.message, []).append(e)
        quoted = [(reg, mid) for reg, mid in self.region_ids if reg.quoted]
        outer = Message(
            self.outer_id,
            ctx.doc_id,
            tuple(own),
            lay.sender,
            lay.recipient,
            tuple(by_msg.get(self.outer_id, ())),
            tuple(ref for owner, ref in refs if owner == self.outer_id),
            lay.sender_place,
            quoted[0][1] if quoted else None,
        )
        out.append(outer)
        for reg, mid in quoted:
            out.append(
                Message(
                    mid,
                    ctx.doc_id,
                    (),
                    reg.writer,
                    reg.addressee,
                    tuple(by_msg.get(mid, ())),
                    tuple(ref for owner, ref in refs if owner == mid),
                    reg.writer_place,
                )
            )
        out.extend(ref_msgs)
        return out, moved

    def _references(
        self, ctx: _Ctx, events: list[Event], own: list[Designator]
    ) -> tuple[list[tuple[str, Reference]], list[Message]]:
        lay = self.layout
        refs: list[tuple[str, Reference]] = []
        ref_msgs: list[Message] = []
        dated = [(r.ref_span, r.span[0], r.lead[5:]) for r in ctx.readings if r.ref_span]
        for k, rr in enumerate(read_references(ctx.text, dated)):
            region = lay.region_at(rr.span[0])
            owner = dict((id(r), m) for r, m in self.region_ids).get(id(region), self.outer_id)
            date_ev = None
            if rr.date_span is not None:
                for e in events:
                    s = e.provenance.span[0]
                    if rr.date_span[0] <= s <= rr.date_span[1] + 2 or (
                        rr.rule == "ref-date-before" and rr.span[0] <= s < rr.span[1]
                    ):
                        date_ev = e
                        break
                # A date that could not be placed (no year anywhere) still makes the
                # phrase a reference: the reader found a date right after it.
            else:  # "Today I received a telegram from ...": the date inside the phrase
                # "Today I received a telegram from ...", "Your telegram was communicated
                # at 20 hours 30 minutes": the date inside or right after the phrase.
                after = 8 if rr.kind in ("delivery-report", "mention-incoming") else 0
                date_ev = (
                    next(
                        (
                            e
                            for e in events
                            if rr.span[0] - 2 <= e.provenance.span[1]
                            and e.provenance.span[0] < rr.span[1] + after
                            and "\n" not in ctx.text[rr.span[1] : e.provenance.span[0]]
                        ),
                        None,
                    )
                    if rr.kind.startswith(("mention", "delivery"))
                    else None
                )
            regs = [_cited_register(series, region, lay) for series in rr.number_series]
            target_id = f"{ctx.doc_id}#ref{k + 1}"
            span = rr.span
            if date_ev is not None:
                span = (rr.span[0], max(rr.span[1], date_ev.provenance.span[1]))
            prov = Provenance(ctx.doc_id, span, ctx.text[span[0] : span[1]], rr.rule)
            designators = tuple(
                Designator(num, reg, prov, None, _cited_year(num, reg, own, ctx.ref_year))
                for num, reg in zip(rr.numbers, regs, strict=False)
            )
            quoted_next = [q for q in lay.regions[1:] if 0 <= q.start - rr.span[1] < 80]
            to_quote = rr.direction == "own" and bool(quoted_next) and not rr.numbers
            if to_quote:
                # "I am sending the text of my telegram to ... of 0530 18 October:" and the
                # text follows in quotation marks: the reference is to that quotation.
                target_id = dict((id(r), m) for r, m in self.region_ids)[id(quoted_next[0])]
            refs.append(
                (
                    owner,
                    Reference(
                        rr.kind,
                        rr.numbers,
                        prov,
                        date_ev.time if date_ev else None,
                        target_id,
                        registers=tuple(regs),
                        direction=rr.direction,
                    ),
                )
            )
            if to_quote:
                continue
            sender, recipient = _parties(rr.kind, rr.direction, rr.text, region)
            evs = ()
            if date_ev is not None:
                evs = (
                    attrs.evolve(
                        date_ev,
                        message=target_id,
                        kind=EventKind.WRITTEN
                        if date_ev.kind is EventKind.MENTIONED
                        else date_ev.kind,
                    ),
                )
            ref_msgs.append(
                Message(
                    target_id, None, designators, sender, recipient, evs, (), None, None, (owner,)
                )
            )
        return refs, ref_msgs


_POST_WORDS = {
    "deptel": "Washington",
    "depcirtel": "Washington",
    "circtel": "Washington",
    "state": "Washington",
    "deptels": "Washington",
}


def _cited_register(series: str, region: Region, lay: Layout) -> str:
    """The register a cited number belongs to, from the words that cite it: 'my No.'
    is the writer's outgoing series, 'vkh. No.' Moscow's incoming register, 'Deptel' the
    Department of State's series, 'Embtel' the embassy's, 'Seoul 5058' the Seoul post's."""
    if series == "sender":
        return f"outgoing:{region.writer_place or lay.sender_place or 'unknown'}"
    if series == "incoming":
        return "moscow-incoming"
    if series == "addressee":  # "your telegram No. 3557": the addressee's own series
        place = region.addressee_place or lay.recipient_place
        if place == "Moscow":
            return "moscow-outgoing"
        return f"outgoing:{place or 'unknown'}"
    embassy = lay.sender_place if lay.sender_place != "Washington" else lay.recipient_place
    if series in _POST_WORDS:
        return f"telegrams:{_POST_WORDS[series]}"
    if series in ("embtel", "embtels", "embdes", "mytel"):
        return f"telegrams:{embassy or 'unknown'}"
    if series in ("urtel", "urtels"):
        other = lay.recipient_place if lay.sender_place == "Washington" else "Washington"
        return f"telegrams:{other or 'unknown'}"
    place = lookup(series) if series and series.isalpha() else None
    if place is not None:
        return f"telegrams:{place.name}"
    return series or "unknown"


def _cited_year(number: str, register: str, own: list[Designator], year: int | None) -> int | None:
    """Registers restart each January: a cited number above the citing message's own
    number in the same register belongs to the year before."""
    for d in own:
        if (
            d.register == register
            and year
            and number.isdigit()
            and d.number.isdigit()
            and int(number) > int(d.number)
        ):
            return year - 1
    return year


_FRUS_NUMBER = re.compile(r"^(\d{1,7})\.\s+\S")
_CLASSIFICATION = re.compile(
    r"^\s*(?:(?:top\s+)?secret|confidential|restricted|unclassified|limited\s+official\s+use|"
    r"priority|niact|immediate|operational\s+immediate|flash|eyes\s+only|nodis|exdis|limdis|"
    r"\[.*\]|[-\s;,])+\s*$",
    re.IGNORECASE,
)


def _frus_number(ctx: _Ctx) -> list[Designator]:
    """A FRUS telegram's own number opens its first paragraph ('4195. Reference ...')."""
    lay = ctx.layout
    if lay.family != "frus" or lay.dateline is None:
        return []
    if not re.search(r"Telegram|Cable|telegram", ctx.text[: lay.dateline[0]]):
        return []
    pos = lay.dateline[1] + 1
    for _ in range(4):
        end = ctx.text.find("\n", pos)
        line = ctx.text[pos : len(ctx.text) if end < 0 else end]
        m = _FRUS_NUMBER.match(line)
        if m and int(m.group(1)) > 1:
            span = (pos, pos + len(m.group(1)))
            office = lay.sender_place
            return [
                Designator(
                    m.group(1),
                    f"telegrams:{office or 'unknown'}",
                    Provenance(ctx.doc_id, span, m.group(1), "frus-telegram-number"),
                    office,
                    ctx.ref_year,
                )
            ]
        if not _CLASSIFICATION.match(line) or end < 0:
            return []
        pos = end + 1
    return []


def _parties(kind: str, direction: str, text: str, region: Region) -> tuple[str | None, str | None]:
    """Writer and addressee of a cited message, from the phrase that cites it."""
    if direction == "own":
        return region.writer, region.addressee
    if direction == "addressee":
        return region.addressee, region.writer
    if kind == "mention-incoming":  # "I received a telegram from X", "X's answer has come"
        return actors.find_actor(text) or _named(text), region.writer
    if kind == "mention-outgoing":  # "I communicated ... to Comrade X"
        tail = text[text.rfind(" to ") :]
        return region.writer, actors.find_actor(tail) or _named(tail)
    return None, None


def _named(text: str) -> str | None:
    m = re.search(
        r"(?:from|to)\s+(?:Comrades?|Cdes?\.)?\s*([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)*)", text
    )
    return m.group(1).title() if m else None


def _messages(ctx: _Ctx) -> _Messages:
    lay = ctx.layout
    outer_id = f"{ctx.doc_id}#1"
    region_ids = [(lay.regions[0], outer_id)]
    for i, reg in enumerate(lay.regions[1:], start=2):
        region_ids.append((reg, f"{ctx.doc_id}#{i}"))
    return _Messages(outer_id, region_ids, read_numbers(ctx.text), lay)
