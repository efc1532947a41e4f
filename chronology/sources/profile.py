"""The layout of a document: what kind it is, who writes to whom from where, and which
parts belong to which message.

Archival telegrams follow forms: a Soviet ciphered telegram has a receiving office in
its heading, a "From <city>" line, receipt stamps in Moscow's clock, a body that may
quote (forward) another message, and a signature block with the sender's own number
and date. A FRUS document has a heading, a source note and a dateline with place, date
and often time. Recognising the form tells the reader which clock each stamp is in and
which message each date belongs to, and it does so from the structure of the text, not
from any particular document.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from chronology.patterns import compile_rule
from chronology.sources import actors
from chronology.zones.gazetteer import lookup

if TYPE_CHECKING:
    from chronology.reading.temporal import Reading

SOVIET_MARKERS = compile_rule(
    r"CIPHERED\s+TELEGRAM|Ciphered\s+[Tt]elegram|CABLE\s+N|Cable\s+No|GENERAL\s+STAFF|MFA\s+USSR|"
    r"CENTRAL\s+COMMITTEE|Politburo|VKP\(b\)|Tenth\s+Department|ШИФРТЕЛЕГРАММА|BY\s+CIPHER",
)
MOSCOW_OFFICE = compile_rule(
    r"GENERAL\s+STAFF|MFA\s+USSR|Tenth\s+Department|CENTRAL\s+COMMITTEE|VKP\(b\)|Politburo|"
    r"8D/GS|8th\s+Department|Special\s+Section|OS\s+VKP",
    re.IGNORECASE,
)
_FROM_PLACE = compile_rule(
    r"\b(?:From|FROM|from)\b:?[ \t]*\[?([A-Z][A-Za-z]+?)\]?(?=[\s.,:;]|Received|Sent|$)"
    r"|(?<!\w)(?:Из|ИЗ)[ \t]+([А-ЯЁ][А-ЯЁа-яё]+)(?=[\s.,:;]|$)"
)
_DESTINATION = compile_rule(
    r"(?m)^(?:Destination:\s*)?\[?([A-Z]{4,}|[A-Z][a-z]+)\]?(?:\s*[-–—]+\s*|,\s*TO\b|\s*$|\s+To\s+Whom)"
)
_PARTY_WORD = r"(?:[A-Z][\w\-'’.]*|\[[A-Za-z .]+\]|\([^)]{1,60}\)|and|of|the|in|for|at|on)"
_TITLE_PARTIES = compile_rule(
    r"(?:^|,\s*|\b[Ff]rom\s+|\bby\s+)(?P<s>(?:Comrade\s+|Cde\.\s+|[Tt]he\s+)?[A-Z][\w\-'’.]*"
    rf"(?:\s+{_PARTY_WORD})*?)\s+to\s+(?:Comrades?\s+|Cdes?\.\s+|the\s+)?"
    rf"(?P<r>[A-Z][\w\-'’.]*(?:\s+{_PARTY_WORD})*)"
)
_CATALOGUE = compile_rule(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+\d{1,2},\s+\d{4}\s*$"
)
_FRUS_HEAD = compile_rule(r"^\d{1,4}\.\s+\S")


@attrs.frozen
class Region:
    """A stretch of text belonging to one message: the outer message or a quoted one."""

    start: int
    end: int
    writer: str | None  # canonical or as written
    writer_place: str | None
    addressee: str | None
    addressee_place: str | None
    quoted: bool = False
    place_note: str = ""  # why the writer's place is what it is, when not from a table


@attrs.frozen
class Layout:
    family: str  # "soviet-telegram" | "frus" | "generic"
    catalogue: tuple[int, int] | None
    title: str
    sender: str | None
    recipient: str | None
    sender_place: str | None
    recipient_place: str | None
    moscow_office: bool
    direction: str  # "to-moscow" | "from-moscow" | ""
    header_end: int
    regions: tuple[Region, ...]
    dateline: tuple[int, int] | None = None
    dateline_place: str | None = None
    # The editors' notes after a FRUS document ("1. Source: ... Received at 9:04 a.m.",
    # "2. Attached to an October 1 letter ..."), and within them the source note, which
    # describes the document itself; ``None`` when the text has none.
    notes: tuple[int, int] | None = None
    source_note: tuple[int, int] | None = None

    def in_notes(self, pos: int) -> bool:
        return self.notes is not None and self.notes[0] <= pos < self.notes[1]

    def in_source_note(self, pos: int) -> bool:
        return self.source_note is not None and self.source_note[0] <= pos < self.source_note[1]

    @property
    def title_end(self) -> int:
        """Offset just past the catalogue title line (-1 without a catalogue header)."""
        return self.catalogue[1] + len(self.title) + 2 if self.catalogue else -1

    def quote_after(self, pos: int, within: int) -> Region | None:
        """The first quotation starting in ``[pos, pos + within)``."""
        i = bisect.bisect_left(self.regions, pos, lo=1, key=_region_start)
        if i < len(self.regions) and self.regions[i].start < pos + within:
            return self.regions[i]
        return None

    def region_at(self, pos: int) -> Region:
        """The quotation holding ``pos``, else the outer region. Quotations follow one
        another without overlapping, so the one that starts last at or before ``pos``
        is the only candidate."""
        i = bisect.bisect_right(self.regions, pos, lo=1, key=_region_start) - 1
        if i >= 1 and pos < self.regions[i].end:
            return self.regions[i]
        return self.regions[0]


def _region_start(region: Region) -> int:
    return region.start


def _place_name(word: str | None) -> str | None:
    if not word:
        return None
    p = lookup(word)
    if p is None and word[-1:].lower() in ("а", "я") and len(word) > 3:
        p = lookup(word[:-1])  # the Russian genitive of a "from" line: "Из ПЕКИНА"
    return p.name if p else None


def _parties(title: str) -> tuple[str | None, str | None]:
    """Sender and addressee named by a title: 'Ciphered Telegram No. 20772, Roshchin to
    Comrade Filippov [Stalin]', 'The Ambassador in Korea (Muccio) to the Secretary of
    State', 'Telegram From the Embassy in Korea to the Department of State'."""
    core = re.sub(r"^\d{1,4}\.\s+", "", title)
    core = re.sub(r"^.*?(?:No\.|Nº)\s*\d+\S*,?\s*", "", core, count=1)
    core = re.sub(r",\s*(?:containing|with|for)\b.*$", "", core)
    m = _TITLE_PARTIES.search(core)
    if not m:
        return None, None
    s = re.sub(r"^(?:.*\b(?:[Ff]rom|by)\s+)|^(?:Comrade|Cde\.)\s+", "", m.group("s")).strip()
    r = m.group("r").strip()
    r = re.sub(r"\s+via\s+.*$", "", r)
    return s or None, r or None


def _person_place(name: str | None) -> str | None:
    if not name:
        return None
    bracket = re.findall(r"\[([A-Za-z .]+)\]", name)
    for n in bracket + [re.sub(r"\[.*?\]", "", name)]:
        place = actors.usual_place(n.strip()) or actors.usual_place(actors.find_actor(n) or "")
        if place:
            return place
    if re.search(r"Foreign\s+Ministry|MFA|Politburo|Central\s+Committee", name, re.I):
        return "Moscow"
    if re.search(r"Department\s+of\s+State|Secretary\s+of\s+State|White\s+House|President", name):
        return "Washington"
    return None


def analyse(text: str, readings: Sequence[Reading] | None = None) -> Layout:
    """Recognise the document's form and split it into message regions."""
    lines = text.split("\n")
    first = lines[0].strip() if lines else ""
    catalogue = (0, len(lines[0].rstrip())) if _CATALOGUE.match(first) else None
    title = lines[1].strip() if catalogue and len(lines) > 1 else first
    head = text[:900]
    if _FRUS_HEAD.match(first):  # a FRUS heading first: its text may well name the Politburo
        family = "frus"
    elif SOVIET_MARKERS.search(head):
        family = "soviet-telegram"
    else:
        family = "generic"
    sender, recipient = _parties(title)
    # "From BEIJING" is a line of a telegram form; elsewhere "from Canton" is prose.
    from_m = None
    sender_place = None
    if family == "soviet-telegram":
        # the first "from" that names a known place ("Ciphered telegram from Roshchin"
        # in a title names a person)
        for m in _FROM_PLACE.finditer(head, len(first) if catalogue else 0):
            sender_place = _place_name(m.group(1) or m.group(2))
            if sender_place is not None:
                from_m = m
                break
    if sender_place is None:
        m = re.search(r"\bfrom\s+([A-Z][a-z]+)\b", title)
        sender_place = _place_name(m.group(1)) if m else None
    sender_place = sender_place or _person_place(sender)
    recipient_place = None
    moscow_office = family == "soviet-telegram" and bool(MOSCOW_OFFICE.search(head))
    for m in _DESTINATION.finditer(head):
        if catalogue and m.start() < len(first) + len(title) + 2:
            continue
        name = _place_name(m.group(1))
        if name and name != "Moscow" and not (from_m and m.start() <= from_m.end()):
            recipient_place = name
            break
    recipient_place = recipient_place or _person_place(recipient)
    direction = ""
    if family == "soviet-telegram":
        if from_m and sender_place and sender_place != "Moscow":
            direction = "to-moscow"
        elif recipient_place and recipient_place != "Moscow":
            direction = "from-moscow"
        if direction == "from-moscow":
            sender_place = sender_place or "Moscow"
        if direction == "to-moscow":
            recipient_place = "Moscow"
    header_end = _header_end(text, lines, family)
    dateline, dateline_place = (None, None)
    if family in ("frus", "generic"):
        dateline, dateline_place = _dateline(text, lines, readings)
        if dateline_place and not sender_place:
            sender_place = dateline_place
    place_note = ""
    closing = _closing_place(text, readings, header_end) if family != "frus" else None
    if closing is not None:
        # "Pyongyang, 29 September 1950" closing the text: written there, whatever else
        # the title suggests
        sender_place = closing
    elif (
        family == "generic"
        and re.search(r"\bletter\b", title, re.I)
        and not from_m
        and recipient_place
        and not re.search(r"telegram|cable", title, re.I)
    ):
        # A letter, not a telegram, handed to its addressee: written where he was.
        sender_place = recipient_place
        place_note = (
            f"a letter handed to {recipient}: written where the addressee was, {recipient_place}"
        )
    outer = Region(
        0, len(text), sender, sender_place, recipient, recipient_place, place_note=place_note
    )
    notes, source_note = _notes(text) if family == "frus" else (None, None)
    quotes = tuple(_quotes(text, outer, title))
    if notes is not None:  # the editors' notes are about the document, not a quotation
        quotes = tuple(
            attrs.evolve(q, end=min(q.end, notes[0])) for q in quotes if q.start < notes[0]
        )
    return Layout(
        family,
        catalogue,
        title,
        sender,
        recipient,
        sender_place,
        recipient_place,
        moscow_office,
        direction,
        header_end,
        (outer, *quotes),
        dateline,
        dateline_place,
        notes,
        source_note,
    )


_PLACE_COMMA = compile_rule(r"\s*\[?([A-Z][A-Za-z'’\-]+(?:[ \-][A-Z][A-Za-z'’\-]+){0,2})\]?,\s*$")


def place_of_date_line(text: str, span: tuple[int, int]) -> str | None:
    """The place a line gives before the date at ``span`` when the line holds nothing
    else ("Pyongyang, 29 September 1950"): a dateline, wherever it stands."""
    ls = text.rfind("\n", 0, span[0]) + 1
    le = text.find("\n", span[1])
    le = len(text) if le < 0 else le
    if span[0] - ls > 80 or le - span[1] > 80:  # a dateline is a short line
        return None
    m = _PLACE_COMMA.fullmatch(text, ls, span[0])
    if m is None or text[span[1] : le].strip(" .\"'”»]"):
        return None
    return _place_name(m.group(1))


def _closing_place(text: str, readings: Sequence[Reading] | None, header_end: int) -> str | None:
    """The place of a line "Place, date" after the header and outside quotations: where
    the text says it was written (a letter's closing line)."""
    closing = max(header_end, len(text.rstrip()) - 400)  # a closing line ends the text
    for r in reversed(readings or ()):
        if r.span[0] < closing:
            break
        ls = text.rfind("\n", 0, r.span[0]) + 1
        if text.count('"', 0, ls) % 2 or text.count("“", 0, ls) > text.count("”", 0, ls):
            continue  # inside a quotation: the quoted message's place
        place = place_of_date_line(text, r.span)
        if place is not None:
            return place
    return None


# The editors' numbered notes follow the document after a blank line: "1. Source: ...".
_NOTES_START = compile_rule(r"\n\n(?=1\.\s)")
_NOTE_START = compile_rule(r"\n(?=\d{1,3}\.\s)")
_SOURCE_NOTE = compile_rule(r"1\.\s+Source\s*[:;.,]")


def _notes(text: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The span of the editors' notes after a FRUS document, and of its source note."""
    m = _NOTES_START.search(text)
    if m is None:
        return None, None
    start = m.end()
    notes = (start, len(text))
    if not _SOURCE_NOTE.match(text, start):  # "1. Source: ...", once "1. Source; ..."
        return notes, None
    nxt = _NOTE_START.search(text, start + 1)
    return notes, (start, nxt.start() if nxt else len(text))


def _is_prose(line: str) -> bool:
    """A long line of running text (mostly lower-case words), unlike a distribution list
    ('Copies: Stalin (2), Molotov, ...') or a stamp."""
    words = line.split()
    if len(line) < 90 or len(words) < 12:
        return False
    return sum(w[0].islower() for w in words) / len(words) > 0.5


_ADDRESSING = compile_rule(
    r"\s*(?:To\s+(?:Comrade|Cde\.|Comr\.)|TO\s+[A-Z]|For\s+Comrade|Comrade\s+[A-Z]+[!:])",
    re.I,
)


def _header_end(text: str, lines: list[str], family: str) -> int:
    """Offset where the body begins: after the addressing line ("To Comrade FILIPPOV")
    of a telegram form, or after the first lines of any other document."""
    pos = 0
    for i, line in enumerate(lines[:25]):
        pos_next = pos + len(line) + 1
        if i >= 2 and _ADDRESSING.match(line):
            return pos_next
        if i >= 2 and family == "soviet-telegram" and _is_prose(line):
            return pos  # the first line of prose: the header's stamps end before it
        pos = pos_next
    return min(len(text), 400) if family == "soviet-telegram" else 0


_DATELINE_PREFIX = compile_rule(
    r"^\s*\[?[A-Z][\w .'’\-]*?(?:,\s*[A-Z][\w .'’\-]*?)?,?\]?,?\s*(?:undated,?\s*)?\[?\s*$"
)


def _dateline(
    text: str, lines: list[str], readings: Sequence[Reading] | None
) -> tuple[tuple[int, int] | None, str | None]:
    """The first line of the document's head that opens with a place (or nothing) and
    then a full date: 'Moscow, June 23, 1951—3 p.m.', '[Washington,] June 19, 1951.'"""
    if readings is None:
        from chronology.reading.temporal import read_temporal

        readings = read_temporal(text)
    pos = 0
    for line in lines[:12]:
        end = pos + len(line)
        on_line = [
            r
            for r in readings
            if pos <= r.span[0] < end
            and (r.day is not None or r.month is not None)
            and r.relative is None
        ]
        if on_line:
            r = on_line[0]
            prefix = line[: r.span[0] - pos]
            # A full date ("June 19, 1951"), or a month ("June 1966"), or a date without
            # a year after a place ("Hong Kong, February 8—5 p. m.").
            dated = r.year is not None or (r.day is not None and prefix.strip(" ,[]"))
            if dated and (not prefix.strip() or _DATELINE_PREFIX.match(prefix)):
                place = None
                name = re.sub(r",?\s*undated\b.*$", "", prefix).strip(" ,[]")
                if name and "not declassified" not in name:
                    p = lookup(name.split(",")[0].strip(" []")) or lookup(name)
                    place = p.name if p else None
                return (pos, pos + len(line)), place
        pos += len(line) + 1
    return None, None


_QUOTE_MARK = compile_rule('["“«]')


def _quote_open(text: str, pos: int) -> tuple[int, int] | None:
    """The span a search for ``(?m)^[ \\t]*["“«]`` from ``pos`` finds: an opening mark
    with only blanks before it on its line. The marks are rare, so they are looked for
    first and their line checked after; a pattern that begins with a line start would be
    tried at every position of the text."""
    find = _QUOTE_MARK.search
    while (m := find(text, pos)) is not None:
        q = m.start()
        start = text.rfind("\n", 0, q) + 1
        if start >= pos and not text[start:q].strip(" \t"):
            return start, q + 1
        pos = q + 1
    return None


_QUOTE_CLOSE = compile_rule(r'["”»]\.?[ \t]*$|["”»]\.?[ \t]*\n', re.M)


def _quotes(text: str, outer: Region, title: str = "") -> list[Region]:
    """Quoted messages: a line opening with a quotation mark up to its closing mark at a
    line end. The quote's writer is the name signed at its end or introduced before it."""
    out: list[Region] = []
    pos = 0
    while True:
        found = _quote_open(text, pos)
        if found is None:
            break
        m_start, m_end = found
        c = _QUOTE_CLOSE.search(text, m_end)
        end = c.end() if c else _unclosed_end(text, m_end)
        body = text[m_end:end]
        intro = text[max(0, m_start - 220) : m_start]
        writer = _signer(body) or _introduced(intro)
        addressee = _addressee(body)
        if writer is None and addressee:
            writer = _from_title(title, addressee)
        wplace = actors.usual_place(writer) if writer else None
        aplace = actors.usual_place(addressee) if addressee else None
        if aplace is None and _same(addressee, outer.addressee):
            aplace = outer.addressee_place
        if _same(addressee, outer.writer):  # a reply to the outer message's writer
            aplace = outer.writer_place or aplace
        out.append(
            Region(
                m_start,
                end,
                writer,
                wplace or (None if writer else outer.writer_place),
                addressee,
                aplace,
                quoted=True,
            )
        )
        pos = end
    return out


def _from_title(title: str, addressee: str) -> str | None:
    """'... with 13 June 1951 handwritten letter from Mao Zedong to Gao Gang and Kim Il
    Sung': the catalogue title names the writer of an enclosed message."""
    for m in re.finditer(r"\bfrom\s+([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2})\s+to\s+([^,;]+)", title):
        if _same(m.group(2), addressee) or actors.find_actor(m.group(2)) == actors.canonical(
            addressee
        ):
            return actors.canonical(m.group(1)) or actors.find_actor(m.group(1)) or m.group(1)
    return None


def _same(a: str | None, b: str | None) -> bool:
    ca = actors.canonical(a) or (actors.find_actor(a) if a else None)
    cb = actors.canonical(b) or (actors.find_actor(b) if b else None)
    return ca is not None and ca == cb


def _unclosed_end(text: str, start: int) -> int:
    """A quotation whose closing mark was lost ends at its signature: the first short
    line after it that is only a known name."""
    pos = start
    while True:
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        line = text[pos:nl].strip(" .[]")
        if (
            pos > start
            and line
            and len(line) < 40
            and actors.find_actor(line)
            and len(re.sub(r"\[.*?\]", "", line).split()) <= 3
        ):
            return nl
        pos = nl + 1


def _signer(body: str) -> str | None:
    tail_lines = [ln for ln in body.rstrip().split("\n")[-3:] if ln.strip()]
    for ln in reversed(tail_lines):
        name = actors.signature_name(ln)
        if name:
            return name
    return None


def _introduced(intro: str) -> str | None:
    m = re.search(
        r"(?:from|of)\s+(?:Comrades?\s+|Cdes?\.\s+)?([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2})"
        r"[^\n]{0,60}$",
        intro,
    )
    if m:
        return actors.canonical(m.group(1)) or actors.find_actor(m.group(1))
    return None


def _addressee(body: str) -> str | None:
    first = body.split("\n", 1)[0]
    m = re.match(
        r"\s*(?:To\s+)?(?:Comrades?|Cdes?\.|Comr\.)\s+([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)", first
    )
    if m:
        return actors.canonical(m.group(1)) or actors.find_actor(m.group(1)) or m.group(1)
    return None
