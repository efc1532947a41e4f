"""Which clock a reading is in, and why: the evidence in order of strength.

An explicit designator ("Beijing time", "Z", a zone letter); the stamp's convention (a
receipt stamp of a Moscow office is Moscow time); a place named with it; the dateline's
place; the writer's known place; otherwise no clock, and the interval widens to every
zone with a diagnostic. Each answer carries its reason, which becomes an assumption in
the reading's provenance."""

import datetime as dt
import re

import attrs

from chronology.context import (
    _Ctx,
)
from chronology.model import (
    Event,
    EventKind,
    Precision,
)
from chronology.patterns import compile_rule
from chronology.placing import WallTime, place
from chronology.reading.temporal import Reading
from chronology.sources import actors
from chronology.sources.profile import MOSCOW_OFFICE, Region, place_of_date_line
from chronology.zones.designators import military_zone_offset, parse_designator
from chronology.zones.gazetteer import lookup

_STAMP_KINDS = {EventKind.RECEIVED, EventKind.DECIPHERED, EventKind.TYPED, EventKind.REGISTERED}


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


# ---------------------------------------------------------------- clocks
def _explicit_zone(r: Reading, region: Region) -> tuple[tuple[str, str], ...] | None:
    """The clocks the reading's own words name, or ``None`` when it names none. An empty
    tuple means it names one whose place is not known ("local time" of an unknown writer)."""
    if r.zone_letter:
        off = military_zone_offset(r.zone_letter)
        if off is not None:
            key = "UTC" if r.zone_letter == "Z" else off
            return ((key, f"explicit: zone letter '{r.zone_letter}'"),)
    if not r.zone_text:
        return None
    words = r.zone_text.strip()
    low = words.lower()
    if low in ("local time", "our time", "местного времени"):
        key = zone_of_place(region.writer_place)
        if key:
            return ((key, f"explicit '{words}': the writer's place, {region.writer_place}"),)
        return ()
    m = re.match(r"(\w+)\s+time$", words)
    if m:
        key = zone_of_place(m.group(1))
        if key:
            return ((key, f"explicit: '{words}'"),)
    d = parse_designator(words)
    if d is not None and d.candidates:
        why = f"explicit: '{words}'" + (" (ambiguous abbreviation)" if d.ambiguous else "")
        return tuple((c, why) for c in d.candidates)
    return None


def frus_receipt_clock(kind: EventKind, ctx: _Ctx) -> tuple[tuple[str, str], ...] | None:
    """A receipt in a FRUS document ("[Received June 24—1:13 a.m.]", "Received at 9:04
    a.m." in the source note) is the Department's, in Washington's clock."""
    if ctx.layout.family == "frus" and kind is EventKind.RECEIVED:
        return (("America/New_York", "FRUS source notes give receipt in Washington"),)
    return None


def _clock(
    r: Reading, kind: EventKind, region: Region, ctx: _Ctx
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """Candidate zones for a reading, by the strength of the evidence (see docs)."""
    lay = ctx.layout
    explicit = _explicit_zone(r, region)
    if explicit is not None:
        return explicit, ()
    if lay.catalogue and r.span[0] < lay.catalogue[1]:
        return (), ("catalogue date: the archive does not say in which clock",)
    moscow = ("Europe/Moscow", "")
    # the stamp's words before the reading, on its line (the end of a long one)
    line = ctx.text[max(ctx.text.rfind("\n", 0, r.span[0]) + 1, r.span[0] - 120) : r.span[0]]
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
    receipt = frus_receipt_clock(kind, ctx)
    if receipt is not None:
        return receipt, ()
    if lay.dateline and lay.dateline[0] <= r.span[0] < lay.dateline[1]:
        key = zone_of_place(lay.dateline_place)
        if key:
            return ((key, f"dateline place: {lay.dateline_place}"),), _unsettled(lay.dateline_place)
        return (), ("the dateline names no place whose clock is known",)
    written_at = line_place(r, ctx)
    if written_at is not None and kind is not EventKind.MENTIONED:
        key = zone_of_place(written_at)
        if key:
            return ((key, f"the place written with the date: {written_at}"),), _unsettled(
                written_at
            )
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


_ACT_BEFORE = compile_rule(
    r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?:'s|’s)\s+(?:[a-z]+\s+){0,2}?(?:speech|statement|"
    r"broadcast|address|declaration|interview|remarks|proposal|report)\b[^.;\n]{0,60}$"
)


def line_place(r: Reading, ctx: _Ctx) -> str | None:
    """The place a line gives before the reading, "Pyongyang, 29 September 1950", when the
    line holds nothing else: a dateline, wherever it stands (a letter's closing one)."""
    return place_of_date_line(ctx.text, r.span)


_PLACE_BEFORE = compile_rule(r"\b(?:in|from|at)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:on|of)?\s*$")


def _signing_writer(r: Reading, region: Region, ctx: _Ctx) -> tuple[str | None, str | None]:
    """A date in a signature block belongs to the name signed beside, above or below it
    ("MAO ZEDONG / 13.6.51", "13.1.51 ROSHCHIN", "3 May / FILIPPOV"); number lines
    ("No. 2974") inside the block are stepped over."""
    text = ctx.text
    ls = text.rfind("\n", 0, r.span[0]) + 1
    le = text.find("\n", r.span[1])
    le = len(text) if le < 0 else le
    if le - ls > 200:  # a long line of prose is no signature block
        return region.writer, region.writer_place
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
    if ctx.layout.catalogue and ctx.layout.catalogue[1] < r.span[0] <= ctx.layout.title_end:
        m = re.search(
            r"from\s+([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)", text[r.span[1] : r.span[1] + 60]
        )
        if m:
            n = actors.canonical(m.group(1)) or actors.find_actor(m.group(1))
            if n:
                return n, actors.usual_place(n)
    return region.writer, region.writer_place


_NUMBER_LINE = compile_rule(r"^\s*(?:No\.?|Nº|N°|№|#)\s*\S+\s*$")


def _place_of_zone(key: str) -> str | None:
    """'Europe/Moscow' -> 'Moscow': the place a stamp's clock names."""
    p = lookup(key.rsplit("/", 1)[-1].replace("_", " "))
    return p.name if p else None


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
