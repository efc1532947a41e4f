"""Messages from a read document: the outer message, the messages it quotes (forwards),
and those it only cites; their numbers in registers and their references.

A register is named by office ("moscow-incoming", "outgoing:Beijing", "telegrams:Washington")
so that numbers cited in one document meet the same numbers stamped on another."""

import bisect
import datetime as dt
import re

import attrs

from chronology.clocks import zone_of_place
from chronology.context import _Ctx
from chronology.model import (
    Designator,
    Event,
    EventKind,
    Message,
    Provenance,
    Reference,
)
from chronology.patterns import compile_rule
from chronology.placing import WallTime, place
from chronology.reading.numbers import NumberReading, read_numbers, read_references
from chronology.sources import actors
from chronology.sources.profile import Layout, Region
from chronology.zones.gazetteer import lookup

# ---------------------------------------------------------------- messages
_SERIES_SUFFIX = compile_rule(r"/(shs|sh|ш|iii|sch)\.?$", re.IGNORECASE)
_SUFFIX_NAME = {"ш": "sh", "iii": "sh", "sch": "sh"}

_REGISTER_BY_SERIES = {
    "heading": "incoming",
    "station": "cipher-office",
    "special": "special-series",
    "issuing": "outgoing",
    "incoming-stamp": "cc-special-section-incoming",
    "protocol": "politburo-protocol",
    "protocol-item": "politburo-protocol-item",
    "stamp": "registry-stamp",
    "signature": "sender-outgoing",
}


@attrs.define
class _Messages:
    outer_id: str
    region_ids: list[tuple[Region, str]]
    region_msg: dict[int, str]  # id(region) -> message id, for lookups by region
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
        title_end = lay.title_end
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
        # Events are in text order: where each starts, to find the few near a phrase
        # without looking at all of them for every phrase.
        starts = [e.provenance.span[0] for e in events]
        for k, rr in enumerate(read_references(ctx.text, dated)):
            region = lay.region_at(rr.span[0])
            owner = self.region_msg.get(id(region), self.outer_id)
            date_ev = None
            if rr.date_span is not None:
                date_ev = _first_starting(events, starts, rr.date_span[0], rr.date_span[1] + 2)
                if rr.rule == "ref-date-before":
                    inside = _first_starting(events, starts, rr.span[0], rr.span[1] - 1)
                    if inside is not None and (
                        date_ev is None or inside.provenance.span[0] < date_ev.provenance.span[0]
                    ):
                        date_ev = inside
                # A date that could not be placed (no year anywhere) still makes the
                # phrase a reference: the reader found a date right after it.
            elif rr.kind.startswith(("mention", "delivery")):
                # "Today I received a telegram from ...", "Your telegram was communicated
                # at 20 hours 30 minutes": the date inside or right after the phrase.
                after = 8 if rr.kind in ("delivery-report", "mention-incoming") else 0
                lo = bisect.bisect_left(starts, rr.span[0] - _LONGEST_READING)
                hi = bisect.bisect_left(starts, rr.span[1] + after)
                date_ev = next(
                    (
                        e
                        for e in events[lo:hi]
                        if rr.span[0] - 2 <= e.provenance.span[1]
                        and "\n" not in ctx.text[rr.span[1] : e.provenance.span[0]]
                    ),
                    None,
                )
            regs = [_cited_register(series, region, lay) for series in rr.number_series]
            if date_ev is None and rr.rule in ("cable-shorthand", "ref-post") and regs:
                date_ev = _cable_date(rr.span[1], regs[0], events, starts, ctx)
            target_id = f"{ctx.doc_id}#ref{k + 1}"
            span = rr.span
            if date_ev is not None:
                span = (rr.span[0], max(rr.span[1], date_ev.provenance.span[1]))
            prov = Provenance(ctx.doc_id, span, ctx.text[span[0] : span[1]], rr.rule)
            designators = tuple(
                Designator(num, reg, prov, None, _cited_year(num, reg, own, ctx.ref_year))
                for num, reg in zip(rr.numbers, regs, strict=False)
            )
            if rr.kind == "event-reference":  # an event, not a message: nothing to point at
                refs.append(
                    (owner, Reference(rr.kind, (), prov, date_ev.time if date_ev else None, None))
                )
                continue
            quoted_next = lay.quote_after(rr.span[1], 80)
            to_quote = rr.direction == "own" and quoted_next is not None and not rr.numbers
            if to_quote:
                # "I am sending the text of my telegram to ... of 0530 18 October:" and the
                # text follows in quotation marks: the reference is to that quotation.
                target_id = self.region_msg[id(quoted_next)]
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
                        # In the editors' notes the editors cite, not the document: the
                        # citation links the documents but says nothing of their order.
                        direction="editorial" if lay.in_notes(rr.span[0]) else rr.direction,
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
    if series.endswith(("tel", "tels", "des", "desp")):  # "Contel 43", "Condesp 8"
        return f"telegrams:{series}"
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


_FRUS_NUMBER = compile_rule(r"^(\d{1,7})\.\s+\S")
_CLASSIFICATION = compile_rule(
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


_CABLE_GAP = compile_rule(
    r"^[\s,;]*(?:(?:to|from|rptd|sent|repeated)\s+[A-Z][\w .]{0,20}?[\s,]*)?(?:of\s+)?$"
)


# No reading is longer than this: an event overlapping a phrase starts at most this far
# before it.
_LONGEST_READING = 500


def _first_starting(events: list[Event], starts: list[int], lo: int, hi: int) -> Event | None:
    """The first event (in text order) starting in ``[lo, hi]``."""
    i = bisect.bisect_left(starts, lo)
    return events[i] if i < len(events) and starts[i] <= hi else None


def _cable_date(
    end: int, register: str, events: list[Event], starts: list[int], ctx: _Ctx
) -> Event | None:
    """'Deptel 335 to London July 16', 'Embtel 52, Jul 3': the date that follows a cable
    number is the cited telegram's, in the clock of the office whose series it is."""
    e = _first_starting(events, starts, end, end + 30)
    if e is not None:
        start = e.provenance.span[0]
        if not _CABLE_GAP.match(ctx.text[end:start]) or e.kind is not EventKind.MENTIONED:
            return None
        office = register.partition(":")[2]
        key = zone_of_place(office) if office else None
        if key is None or e.time.zone == key:
            return e
        local = dt.datetime.fromisoformat(e.time.local.split("/")[0])
        p = e.time.precision
        wall = WallTime(local.year, local.month, local.day, local.hour, local.minute, precision=p)
        placed = place(wall, ((key, f"a cited cable is dated in its office's clock: {office}"),))
        prov = attrs.evolve(
            e.provenance,
            assumptions=(f"a cited cable is dated in its office's clock: {office}",)
            + tuple(a for a in e.provenance.assumptions if not a.startswith("the writer's place")),
        )
        return attrs.evolve(e, time=placed.instant, provenance=prov)
    return None


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
    region_msg = {id(reg): mid for reg, mid in region_ids}
    return _Messages(outer_id, region_ids, region_msg, read_numbers(ctx.text), lay)
