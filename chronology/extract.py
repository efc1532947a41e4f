"""One document from text to dated events and messages.

The stages run in one direction: readings (what the text says) -> context (the year
of "13 June", the day of "today") -> clocks (which zone and why) -> events -> messages.
Every event keeps the provenance of its characters and the assumptions taken, and every
doubt becomes a diagnostic instead of a silent choice.
"""

from __future__ import annotations

import datetime as dt

import attrs

from chronology.assemble import (
    _messages,
)
from chronology.clocks import (
    _STAMP_KINDS,
    _clock,
    _explicit_zone,
    _offset_from_dtg,
    _place_of_zone,
    _signing_writer,
    frus_receipt_clock,
    zone_of_place,
)
from chronology.context import (
    _Ctx,
    _full_year,
    _months_around,
    _set_reference_date,
    _valid,
    _wall,
)
from chronology.kinds import KIND_BY_LEAD, kind_of
from chronology.model import (
    Document,
    Event,
    EventKind,
    Message,
    Precision,
    Provenance,
)
from chronology.placing import Placement, WallTime, place
from chronology.reading.temporal import Reading, read_temporal
from chronology.sources import actors
from chronology.sources.profile import Layout, Region, analyse


# ---------------------------------------------------------------- the document
def extract_document(doc_id: str, text: str) -> Document:
    """Read one document: its principal date, events, messages and diagnostics."""
    readings = read_temporal(text)
    layout = analyse(text, readings)
    ctx = _Ctx(doc_id, text, layout, readings=readings)
    _set_reference_date(ctx, readings)
    messages = _messages(ctx)
    region_msg = messages.region_msg
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
        if r.span[0] <= layout.title_end:
            enclosures.append((actors.canonical(_signing_writer(r, region, ctx)[0]), ev))
        elif not layout.in_notes(r.span[0]):  # "Drafted ... on December 26" anchors no "today"
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
    date = _principal(events, ctx)
    if date is not None and date.time.zone is None and date.time.candidates == ():
        fixed = _offset_from_dtg(date, events, ctx)
        if fixed is not None:  # before assembly, so that its message holds the same event
            events = [fixed if e.id == date.id else e for e in events]
            date = fixed
    msgs, moved = messages.build(events, ctx)
    events = [moved.get(e.id, e) for e in events]
    if date is not None:
        date = moved.get(date.id, date)
    _check_catalogue(events, msgs, ctx)
    return Document(doc_id, text, date, tuple(events), tuple(msgs), tuple(ctx.diagnostics))


def _check_catalogue(events: list[Event], msgs: list[Message], ctx: _Ctx) -> None:
    """The archive's catalogue date and the document's own dates should agree within a few
    days; when they do not, one of them is wrong (or the catalogue dates an enclosure)."""
    cat = next((e for e in events if e.kind is EventKind.CATALOGUED), None)
    own = {m.id for m in msgs if m.document is not None}
    if cat is None:
        return
    for e in events:
        if (
            e.message not in own
            or e.kind not in (EventKind.WRITTEN, EventKind.SENT)
            or e.time.precision.rank < Precision.DAY.rank
        ):
            continue
        gap = max(cat.time.earliest - e.time.latest, e.time.earliest - cat.time.latest)
        if gap > dt.timedelta(days=3):
            ctx.diag(
                "warning",
                "contradicts-catalogue",
                f"'{e.provenance.text}' ({e.time.local}) is {gap.days} days from the archive's "
                f"catalogue date '{cat.provenance.text}'; check which of the two is right.",
                e.provenance.span,
            )


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
        kind = kind_of(r, region, ctx)
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
    kind = kind_of(r, region, ctx)
    zones, notes = _clock(r, kind, region, ctx)
    return _make_event(r, year, why_year, kind, zones, notes, region, ctx, n, region_msg)


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
    if "midnight" in r.flags:
        # "June 5—midnight": the editors of FRUS normalise it to 00:00 of the date given,
        # but a writer may mean the midnight that ends that day, 24 hours later.
        assumptions.append("'midnight' read as 00:00 at the start of the date given")
        ctx.diag(
            "info",
            "ambiguous-midnight",
            f"'{r.text}' is read as 00:00 at the start of {wall.year:04d}-{wall.month:02d}-"
            f"{wall.day:02d}; the writer may mean the midnight that ends that day, 24 "
            "hours later.",
            r.span,
        )
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
        nxt = ctx.layout.quote_after(r.span[1], 400)
        if nxt is not None:
            msg = region_msg.get(id(nxt), msg)
    if kind is EventKind.CATALOGUED:
        msg = None
    role = r.lead if (r.lead in KIND_BY_LEAD or r.lead.startswith("ref:")) else ""
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


def _extend_to(
    placed: Placement, wall: WallTime, end: Reading, zones: tuple[tuple[str, str], ...]
) -> Placement:
    """A range ("2-3.7.51", "1951 ... the first half of '54", "2:00-6:00 p.m."): from the
    start of the first to the end of the last, as the reading gives them."""
    year = end.year if end.year and end.year >= 1000 else wall.year
    if end.hour is not None and end.day is None and end.month is None:
        start = dt.datetime(wall.year, wall.month, wall.day, wall.hour, wall.minute)
        stop = start.replace(hour=end.hour % 24, minute=end.minute or 0)
        if stop < start:  # "10 p.m.-1 a.m.", "20:00-24:00": the end is the next day
            stop += dt.timedelta(days=1)
        end_wall = WallTime(
            stop.year, stop.month, stop.day, stop.hour, stop.minute, precision=Precision.MINUTE
        )
    elif end.day is not None:
        end_wall = WallTime(year, end.month or wall.month, end.day, precision=Precision.DAY)
    elif end.month is not None:
        end_wall = WallTime(year, end.month, precision=Precision.MONTH)
    else:
        end_wall = WallTime(year, precision=Precision.YEAR)
    return _joined(placed, wall, end_wall, zones)


def _joined(
    first: Placement, wall: WallTime, end_wall: WallTime, zones: tuple[tuple[str, str], ...]
) -> Placement:
    """One placement from the start of ``first`` to the end of ``end_wall``, written
    'start/end' in local terms."""
    last = place(end_wall, zones)
    inst = attrs.evolve(
        first.instant,
        latest=last.instant.latest,
        local=f"{wall.local_text()}/{end_wall.local_text()}",
    )
    return attrs.evolve(first, instant=inst, notes=first.notes + last.notes)


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
    kind = kind_of(r, region, ctx)
    receipt = frus_receipt_clock(kind, ctx)
    if explicit is not None:
        zones = explicit
    elif receipt is not None:  # "Received at 9:04 a.m." in a source note
        zones = receipt
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
        inst = _joined(place(walls[0], zones), walls[0], walls[1], zones).instant
    except ValueError:
        return None
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
