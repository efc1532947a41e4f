"""``tei`` and ``cmif``: correspondence metadata in TEI P5, and TEI ``correspDesc`` read back.

Why two exporters: full TEI is for an edition that wants everything TEI can say (times
with their offsets, every processing stamp, the documents' texts); CMIF, the
Correspondence Metadata Interchange Format, is the reduced TEI that letter indexes such
as correspSearch harvest, and it allows only calendar dates, one sending and one receipt
per letter. Both put one ``correspDesc`` per dated message in ``profileDesc``.

How a reading becomes a TEI ``date`` (full TEI):

* a minute or second in one known clock: ``@when`` with the clock's UTC offset at that
  instant, ``1951-06-13T19:55:00+03:00``;
* a day, month or year in a known clock: ``@when`` with the calendar date as written;
* a period: ``@from``/``@to`` with its first and last day;
* anything else (an unknown or doubtful clock, an hour, a wall time that happened twice):
  ``@notBefore``/``@notAfter`` in UTC, the interval that certainly holds the instant
  (``@notAfter`` is its exclusive end: the instant came before it, so not after it), and
  ``@cert`` where the clock is unknown (``low``) or one of several (``medium``).

The element's text is the expression as written. ``correspAction/@type`` is TEI's word
(``sent``, ``received``, ``forwarded``) and ``@subtype`` the library's event kind, so a
Moscow decipherment stamp is ``type="received" subtype="deciphered"``.

Reading (``import_corpus(path, "tei")``) takes any TEI with ``correspDesc`` (ours, CMIF,
an edition's header): one message per ``correspDesc``, one event per dated
``correspAction``. A date without offset is placed in the clock of the action's
``placeName`` when the gazetteer knows it, otherwise in an unknown clock. Parsing uses
defusedxml, which refuses entity tricks instead of expanding them.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO
from xml.etree import ElementTree as ET

from chronology.formats.contract import iso
from chronology.formats.edtf import zoned_datetime
from chronology.formats.registry import (
    Exporter,
    FormatError,
    Importer,
    Subject,
    count,
    register,
)
from chronology.model import (
    Diagnostic,
    Document,
    Event,
    EventKind,
    Message,
    Precision,
    Provenance,
    UncertainInstant,
)

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"

#: TEI's correspAction type for each event kind that is something done to a message,
#: in the order actions are written. Keyed by the kind's word, so that a kind added to the
#: model later is still written: as an action whose type is its own word.
ACTION_TYPE = {
    "written": "sent",
    "decided": "sent",
    "filed": "sent",
    "sent": "sent",
    "forwarded": "forwarded",
    "received": "received",
    "delivered": "received",
    "deciphered": "received",
    "typed": "received",
    "registered": "received",
}
#: Dates read in a message that are not actions on it.
NOT_ACTIONS = frozenset({"mentioned", "catalogued"})
_ORDER = {k: i for i, k in enumerate(ACTION_TYPE)}
# CMIF keeps one date per action: the event that best stands for it, first choice first.
_CMIF_SENT = ("sent", "filed", "written", "decided")
_CMIF_RECEIVED = ("received", "delivered")


def action_type(kind: EventKind) -> str | None:
    """TEI's ``correspAction/@type`` for an event kind; ``None`` for dates that are not
    actions (mentioned, catalogued)."""
    if kind.value in NOT_ACTIONS:
        return None
    return ACTION_TYPE.get(kind.value, kind.value)


_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DATE_PART = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _q(name: str) -> str:
    """Elements are built unqualified under a root that declares TEI as the default
    namespace: ElementTree cannot combine a default namespace with plain attributes."""
    return name


class _Builder:
    """Element construction with the text cleaned of characters XML 1.0 cannot hold."""

    def __init__(self) -> None:
        self.replaced = 0

    def clean(self, text: str) -> str:
        cleaned, n = _BAD_XML.subn("\ufffd", text)
        self.replaced += n
        return cleaned

    def sub(
        self, parent: ET.Element, name: str, text: str | None = None, **attrib: str
    ) -> ET.Element:
        el = ET.SubElement(parent, _q(name), {k: self.clean(v) for k, v in attrib.items()})
        if text is not None:
            el.text = self.clean(text)
        return el


def dated_messages(subject: Subject) -> list[tuple[Message, str]]:
    """Each message once (by id) with the document it was read in, if it has at least
    one event that is an action on it (not a date merely mentioned in it)."""
    seen: set[str] = set()
    out = []
    for doc in subject.corpus.documents:
        for m in doc.messages:
            if m.id in seen:
                continue
            seen.add(m.id)
            if any(action_type(e.kind) for e in m.events):
                out.append((m, doc.id))
    return out


def _actions(m: Message) -> list[Event]:
    return sorted(
        (e for e in m.events if action_type(e.kind)),
        key=lambda e: _ORDER.get(e.kind.value, len(_ORDER)),
    )


def _with_parties(m: Message) -> list[tuple[str, Event | None]]:
    """The dated actions, plus an undated sending or receipt where the message names a
    sender or recipient but no date for that action."""
    out: list[tuple[str, Event | None]] = [(action_type(e.kind) or "", e) for e in _actions(m)]
    types = {t for t, _ in out}
    if m.sender and "sent" not in types:
        out.insert(0, ("sent", None))
    if m.recipient and "received" not in types:
        out.append(("received", None))
    return out


def tei_date(u: UncertainInstant) -> dict[str, str]:
    """The dating attributes of full TEI (see the module's rules)."""
    if "/" in u.local:
        first, _, last = u.local.partition("/")
        a, b = _DATE_PART.match(first), _DATE_PART.match(last)
        if a and b:
            return {"from": a.group(0), "to": b.group(0)}
    zoned = zoned_datetime(u)
    if zoned is not None:
        return {"when": zoned}
    if u.zone is not None and u.precision.rank <= Precision.DAY.rank:
        m = _DATE_PART.match(u.local)
        if m:
            return {"when": m.group(0)}
    out = {"notBefore": iso(u.earliest), "notAfter": iso(u.latest)}
    if u.zone is None:
        out["cert"] = "medium" if u.status == "zone-ambiguous" else "low"
    return out


def cmif_date(u: UncertainInstant) -> tuple[dict[str, str], bool]:
    """CMIF's dating attributes (dates only), and whether a time of day was dropped."""
    dropped = u.precision.rank > Precision.DAY.rank
    if "/" in u.local:
        first, _, last = u.local.partition("/")
        a, b = _DATE_PART.match(first), _DATE_PART.match(last)
        if a and b:
            return {"from": a.group(0), "to": b.group(0)}, dropped
    m = _DATE_PART.match(u.local)
    if m:
        return {"when": m.group(0)}, dropped
    last = u.latest - dt.timedelta(microseconds=1)
    return {"notBefore": u.earliest.date().isoformat(), "notAfter": last.date().isoformat()}, True


def _sent_place(m: Message, e: Event) -> str | None:
    """Where a message was sent or written: its writer's place. An event's ``place`` is
    the place of whoever wrote the text it was read in, which is the sender's only when
    the sender wrote it (a cited date is read in the addressee's text)."""
    if m.place:
        return m.place
    return e.place if e.actor and e.actor == m.sender else None


def _place(m: Message, e: Event) -> str | None:
    return _sent_place(m, e) if action_type(e.kind) == "sent" else e.place


def _person(m: Message, action: str) -> str | None:
    return m.sender if action == "sent" else m.recipient if action == "received" else None


def _header(b: _Builder, root: ET.Element, title: str) -> tuple[ET.Element, ET.Element]:
    header = b.sub(root, "teiHeader")
    file_desc = b.sub(header, "fileDesc")
    b.sub(b.sub(file_desc, "titleStmt"), "title", title)
    return header, file_desc


def _serialise(root: ET.Element, out: TextIO) -> None:
    tree = ET.ElementTree(root)
    ET.indent(tree, space=" ")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


# ---------------------------------------------------------------- full TEI
def write_tei(subject: Subject, out: TextIO, options: Mapping[str, Any]) -> list[str]:
    from chronology.zones.tzdb import TZDATA_VERSION

    corpus = subject.corpus
    b = _Builder()
    root = ET.Element(_q("TEI"), xmlns=TEI_NS)
    title = str(options.get("title") or f"Correspondence in {count(len(corpus), 'document')}")
    header, file_desc = _header(b, root, title)
    pub = b.sub(file_desc, "publicationStmt")
    b.sub(
        pub,
        "p",
        f"Exported by chronology. Times were placed in their clocks with IANA tz data "
        f"{TZDATA_VERSION}. Dates with @notBefore/@notAfter are UTC intervals that certainly "
        "hold the instant; @cert marks readings whose clock is unknown.",
    )
    source_desc = b.sub(file_desc, "sourceDesc")
    bibls = b.sub(source_desc, "listBibl")
    div_ids: dict[str, str] = {}
    for i, doc in enumerate(corpus.documents, 1):
        div_ids[doc.id] = f"d{i}"
        bibl = b.sub(bibls, "bibl", **{f"{{{XML_NS}}}id": f"b{i}"})
        b.sub(bibl, "idno", doc.id, type="document")
        if doc.source:
            b.sub(bibl, "note", doc.source, type="source")
    if not corpus.documents:
        b.sub(bibls, "bibl", "no documents")
    profile = b.sub(header, "profileDesc")
    messages = dated_messages(subject)
    xml_ids = {m.id: f"m{k}" for k, (m, _) in enumerate(messages, 1)}
    unknown_clock = 0
    for m, doc_id in messages:
        cd = b.sub(
            profile,
            "correspDesc",
            n=m.id,
            corresp=f"#{div_ids[doc_id]}",
            **{f"{{{XML_NS}}}id": xml_ids[m.id]},
        )
        for action, e in _with_parties(m):
            if e is None:  # a party named but no date for its action: still say who
                ca = b.sub(cd, "correspAction", type=action)
                b.sub(ca, "persName", _person(m, action) or "")
                if action == "sent" and m.place:
                    b.sub(ca, "placeName", m.place)
                continue
            ca = b.sub(cd, "correspAction", type=action, subtype=e.kind.value, n=e.id)
            person = _person(m, action)
            if person:
                b.sub(ca, "persName", person)
            place = _place(m, e)
            if place:
                b.sub(ca, "placeName", place)
            attrs = tei_date(e.time)
            unknown_clock += "cert" in attrs
            b.sub(ca, "date", e.provenance.text, **attrs)
        notes = _notes(m, doc_id, xml_ids)
        if notes:
            note = b.sub(cd, "note")
            for kind, items in notes:
                sub = b.sub(note, "list", type=kind)
                for text, attrib in items:
                    item = b.sub(sub, "item")
                    if kind == "designators":
                        b.sub(item, "idno", text, **attrib)
                    elif kind == "mentioned":
                        b.sub(item, "date", text, **attrib)
                    else:
                        b.sub(item, "ref", text, **attrib)
    body = b.sub(b.sub(root, "text"), "body")
    for doc in corpus.documents:
        div = b.sub(body, "div", type="document", n=doc.id, **{f"{{{XML_NS}}}id": div_ids[doc.id]})
        b.sub(div, "ab", doc.text, **{f"{{{XML_NS}}}space": "preserve"})
    if not corpus.documents:
        b.sub(body, "p")
    _serialise(root, out)
    return _tei_warnings(subject, messages, unknown_clock, b.replaced)


def _notes(
    m: Message, doc_id: str, xml_ids: Mapping[str, str]
) -> list[tuple[str, list[tuple[str, dict[str, str]]]]]:
    """What a correspDesc holds besides its actions, as lists: the message's numbers, the
    dates mentioned in it, the messages it cites, and, for a message known only because
    another cites it, that fact (so that reading back keeps it apart from the documents)."""
    out: list[tuple[str, list[tuple[str, dict[str, str]]]]] = []
    if m.designators:
        out.append(("designators", [(d.number, {"type": d.register}) for d in m.designators]))
    mentioned = [e for e in m.events if not action_type(e.kind)]
    if mentioned:
        out.append(("mentioned", [(e.provenance.text, tei_date(e.time)) for e in mentioned]))
    cites = [r for r in m.references if r.target]
    if cites:
        out.append(("cites", [(r.provenance.text, _cite(r.target or "", xml_ids)) for r in cites]))
    if m.document is None:
        out.append(("known-by-reference", [(", ".join(m.cited_by) or doc_id, {})]))
    return out


def _cite(target: str, xml_ids: Mapping[str, str]) -> dict[str, str]:
    """@n names the cited message; @target points at its correspDesc when it has one."""
    out = {"n": target}
    if target in xml_ids:
        out["target"] = f"#{xml_ids[target]}"
    return out


def _tei_warnings(
    subject: Subject, messages: list[tuple[Message, str]], unknown: int, replaced: int
) -> list[str]:
    corpus = subject.corpus
    all_ids = {m.id for m in corpus.messages}
    undated = len(all_ids) - len(messages)
    catalogued = sum(1 for e in corpus.events if e.message is None)
    out = [
        "TEI keeps UTC offsets, not zone names; provenance rules and assumptions, zone "
        "candidates, diagnostics and reference resolution details are not written",
    ]
    if unknown:
        out.append(
            f"TEI: {unknown} dates in an unknown clock written as UTC "
            "@notBefore/@notAfter with @cert"
        )
    if undated:
        out.append(f"TEI: {undated} messages without a dated action have no correspDesc")
    if catalogued:
        out.append(
            f"TEI: {catalogued} dates that belong to no message (catalogue dates) are not written"
        )
    if replaced:
        out.append(f"TEI: {replaced} characters XML cannot hold were replaced by U+FFFD")
    return out


# ---------------------------------------------------------------- CMIF
def _pick(m: Message, kinds: tuple[str, ...]) -> Event | None:
    for kind in kinds:
        evs = [e for e in m.events if e.kind.value == kind]
        if evs:
            return min(evs, key=lambda e: e.time.width)
    return None


def write_cmif(subject: Subject, out: TextIO, options: Mapping[str, Any]) -> list[str]:
    corpus = subject.corpus
    b = _Builder()
    root = ET.Element(_q("TEI"), xmlns=TEI_NS)
    title = str(
        options.get("title") or f"Letters and telegrams in {count(len(corpus), 'document')}"
    )
    header, file_desc = _header(b, root, title)
    placeholders = [k for k in ("url", "editor", "publisher") if not options.get(k)]
    title_stmt = file_desc.find(_q("titleStmt"))
    assert title_stmt is not None
    b.sub(title_stmt, "editor", str(options.get("editor") or "Unknown"))
    pub = b.sub(file_desc, "publicationStmt")
    b.sub(pub, "publisher", str(options.get("publisher") or "Unknown"))
    url = str(options.get("url") or "https://example.org/cmif.xml")
    b.sub(pub, "idno", url, type="url")
    updated = options.get("date") or dt.datetime.now(dt.UTC).replace(microsecond=0)
    b.sub(
        pub, "date", when=updated.isoformat() if isinstance(updated, dt.datetime) else str(updated)
    )
    avail = b.sub(pub, "availability")
    b.sub(
        avail,
        "licence",
        "This file is licensed under the terms of the Creative Commons License CC-BY 4.0",
        target=CC_BY,
    )
    bibl_id = "b" + str(uuid.uuid5(uuid.NAMESPACE_URL, url))
    b.sub(
        b.sub(file_desc, "sourceDesc"),
        "bibl",
        str(options.get("bibl") or title),
        type=str(options.get("bibl_type") or "online"),
        **{f"{{{XML_NS}}}id": bibl_id},
    )
    profile = b.sub(header, "profileDesc")
    messages = dated_messages(subject)
    times = dropped_events = written = 0
    for m, _doc in messages:
        chosen = {"sent": _pick(m, _CMIF_SENT), "received": _pick(m, _CMIF_RECEIVED)}
        if not any(chosen.values()):  # only processing stamps: no date CMIF can hold
            continue
        written += 1
        cd = b.sub(profile, "correspDesc", source=f"#{bibl_id}")
        for action, e in chosen.items():
            ca = b.sub(cd, "correspAction", type=action)
            b.sub(ca, "persName", _person(m, action) or "Unknown")
            place = (m.place if action == "sent" else None) if e is None else _place(m, e)
            if place:
                b.sub(ca, "placeName", place)
            if e is not None:
                attrs, dropped = cmif_date(e.time)
                times += dropped
                b.sub(ca, "date", **attrs)
        dropped_events += len(m.events) - sum(1 for e in chosen.values() if e is not None)
    b.sub(b.sub(b.sub(root, "text"), "body"), "p")
    _serialise(root, out)
    warnings = [f"CMIF keeps dates only: {times} times dropped"]
    if dropped_events:
        warnings.append(
            f"CMIF keeps one sent and one received date per message: {dropped_events} other "
            "events (written, deciphered, registered, mentioned, a second reading...) dropped"
        )
    warnings.append(
        "CMIF keeps no clocks, message ids, numbers, references, provenance or texts: dates "
        "are local calendar dates as written"
    )
    undated = len({m.id for m in corpus.messages}) - written
    if undated:
        warnings.append(
            f"CMIF: {undated} messages without a sending or receipt date have no correspDesc"
        )
    if placeholders:
        warnings.append(
            "CMIF header: placeholders written for "
            + ", ".join(placeholders)
            + " (pass url=, editor=, publisher= before publishing the file)"
        )
    if b.replaced:
        warnings.append(f"CMIF: {b.replaced} characters XML cannot hold were replaced")
    return warnings


# ---------------------------------------------------------------- reading
_W3C = re.compile(
    r"(?P<y>\d{4})(?:-(?P<mo>\d{2})(?:-(?P<d>\d{2})"
    r"(?:T(?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"(?P<z>Z|[+-]\d{2}:\d{2})?)?)?)?"
)


def _local_name(el: ET.Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, name: str) -> Iterator[ET.Element]:
    return (c for c in el if _local_name(c) == name)


def _text(el: ET.Element | None) -> str | None:
    if el is None:
        return None
    text = " ".join("".join(el.itertext()).split())
    return text or None


def _placed(value: str, zones: tuple[tuple[str, str], ...]) -> tuple[UncertainInstant, str]:
    """One W3C date or date-time as an uncertain instant, with the reason for its clock;
    ValueError if unreadable. An offset written in the value wins over ``zones``."""
    from chronology.placing import WallTime, place

    m = _W3C.fullmatch(value.strip())
    if m is None:
        raise ValueError(
            f"{value!r} is not a date of the form YYYY, YYYY-MM, YYYY-MM-DD "
            "or YYYY-MM-DDThh:mm[:ss][offset]"
        )
    # Seconds of ":00" are read as a minute: TEI and EDTF date-times must write seconds, so
    # a minute-precise reading comes back as hh:mm:00, and the wider reading is the safe one.
    precision = (
        Precision.SECOND
        if m["s"] and int(m["s"])
        else Precision.MINUTE
        if m["mi"]
        else Precision.DAY
        if m["d"]
        else Precision.MONTH
        if m["mo"]
        else Precision.YEAR
    )
    wall = WallTime(
        int(m["y"]),
        int(m["mo"] or 1),
        int(m["d"] or 1),
        int(m["h"] or 0),
        int(m["mi"] or 0),
        int(m["s"] or 0),
        precision=precision,
    )
    if m["z"]:
        key = "UTC" if m["z"] in ("Z", "+00:00", "-00:00") else m["z"]
        zones = ((key, f"explicit offset in the TEI date: {m['z']}"),)
    why = zones[0][1] if zones else "the TEI date names no clock and no known place"
    return place(wall, zones).instant, why


def _width_precision(width: dt.timedelta) -> Precision:
    """An interval's precision estimated from its width (TEI bounds do not say it)."""
    steps = (
        (dt.timedelta(minutes=1, seconds=1), Precision.MINUTE),
        (dt.timedelta(hours=1, seconds=1), Precision.HOUR),
        (dt.timedelta(days=3), Precision.DAY),
        (dt.timedelta(days=62), Precision.MONTH),
    )
    for limit, p in steps:
        if width <= limit:
            return p
    return Precision.YEAR


def _instant(
    date: ET.Element, zones: tuple[tuple[str, str], ...]
) -> tuple[UncertainInstant, tuple[str, ...]]:
    when = date.get("when")
    if when:
        instant, why = _placed(when, zones)
        return instant, (why,)
    lo = date.get("notBefore") or date.get("from")
    hi = date.get("notAfter") or date.get("to")
    if not (lo and hi):
        raise ValueError(
            "an open-ended date (only one of @notBefore/@notAfter, @from/@to) cannot be placed"
        )
    (a, why_a), (b, why_b) = _placed(lo, zones), _placed(hi, zones)
    if not a.earliest < b.latest:
        raise ValueError(f"its bounds {lo} and {hi} are in the wrong order")
    if a.precision.rank <= Precision.DAY.rank and b.precision.rank <= Precision.DAY.rank:
        precision = min(a.precision, b.precision, key=lambda p: p.rank)
    else:
        precision = _width_precision(b.latest - a.earliest)
    candidates = a.candidates if a.candidates == b.candidates else ()
    zone = a.zone if a.zone == b.zone else None
    status = a.status if a.status == b.status else "zone-ambiguous" if zone is None else "unique"
    instant = UncertainInstant(
        a.earliest,
        b.latest,
        precision,
        f"{a.local}/{b.local}",
        zone,
        a.tzdata,
        candidates=candidates,
        status=status,
    )
    return instant, tuple(dict.fromkeys((why_a, why_b)))


def _attr_text(date: ET.Element) -> str:
    keys = ("when", "notBefore", "notAfter", "from", "to")
    return " ".join(f'{k}="{date.get(k)}"' for k in keys if date.get(k))


def _kind(action: ET.Element) -> EventKind:
    for word in (action.get("subtype"), action.get("type")):
        if word:
            try:
                return EventKind(word)
            except ValueError:
                continue
    t = (action.get("type") or "").lower()
    return {"transmitted": EventKind.SENT, "redirected": EventKind.FORWARDED}.get(
        t, EventKind.RECEIVED if "receiv" in t else EventKind.SENT
    )


def _person_of(action: ET.Element) -> str | None:
    for name in ("persName", "orgName", "name"):
        for el in _children(action, name):
            text = _text(el)
            if text and text.lower() != "unknown":
                return text
    return None


def _is_cited_only(cd: ET.Element) -> bool:
    return any(
        c.get("type") == "known-by-reference" for note in _children(cd, "note") for c in note
    )


def read_tei(path: Path, options: Mapping[str, Any]):  # noqa: ANN201
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    from chronology.clocks import zone_of_place
    from chronology.corpus import Corpus

    try:
        root = safe_et.parse(str(path)).getroot()
    except ET.ParseError as exc:
        raise FormatError(f"{path}: not well-formed XML: {exc}") from exc
    except DefusedXmlException as exc:
        raise FormatError(
            f"{path}: refused: entity declarations or external references ({type(exc).__name__})"
        ) from exc
    divs: dict[str, tuple[str, str]] = {}
    for el in root.iter():
        if _local_name(el) == "div" and el.get("type") == "document" and el.get("n"):
            xml_id = el.get(f"{{{XML_NS}}}id")
            if xml_id:
                ab = next(_children(el, "ab"), None)
                divs[xml_id] = (el.get("n") or "", "".join(ab.itertext()) if ab is not None else "")
    stem = path.stem
    docs: dict[str, dict[str, Any]] = {}
    used_ids: set[str] = set()
    corresp_descs = [el for el in root.iter() if _local_name(el) == "correspDesc"]
    if not corresp_descs:
        from chronology.sources.inputs import InputProblem

        problem = InputProblem(
            str(path), "no-documents", "no correspDesc element: no correspondence metadata", True
        )
        return Corpus((), (problem,))
    for i, cd in enumerate(corresp_descs, 1):
        target = (cd.get("corresp") or "").lstrip("#")
        if target in divs:
            doc_id, text = divs[target]
        else:
            doc_id = cd.get("key") or cd.get("ref") or cd.get(f"{{{XML_NS}}}id") or f"{stem}-{i}"
            text = ""
        msg_id = cd.get("n") or f"{doc_id}#1"
        while msg_id in used_ids:
            msg_id += "'"
        used_ids.add(msg_id)
        slot = docs.setdefault(
            doc_id, {"text": text, "messages": [], "events": [], "diagnostics": []}
        )
        sender = recipient = sent_place = None
        events: list[Event] = []
        for action in _children(cd, "correspAction"):
            kind = _kind(action)
            person = _person_of(action)
            place_name = _text(next(_children(action, "placeName"), None))
            if action_type(kind) == "received":
                recipient = recipient or person
            else:
                sender = sender or person
                sent_place = sent_place or place_name
            date = next(_children(action, "date"), None)
            if date is None or not _attr_text(date):
                continue
            key = zone_of_place(place_name)
            zones = ((key, f"the clock of the place named with it: {place_name}"),) if key else ()
            try:
                instant, whys = _instant(date, zones)
            except ValueError as exc:
                slot["diagnostics"].append(
                    Diagnostic(
                        "warning",
                        "tei-date-unreadable",
                        f"correspDesc {i} ({msg_id}): the {action.get('type') or 'undescribed'} "
                        f"date {_attr_text(date)} was not placed: {exc}",
                        None,
                        doc_id,
                    )
                )
                continue
            n = len(slot["events"]) + len(events)
            event_id = action.get("n") or f"{doc_id}@{n}"
            events.append(
                Event(
                    event_id,
                    kind,
                    instant,
                    Provenance(
                        doc_id,
                        None,
                        _text(date) or _attr_text(date),
                        "tei-date",
                        (*whys, f"read from correspAction type={action.get('type')}"),
                    ),
                    role=action.get("type") or "",
                    message=msg_id,
                    place=place_name,
                    actor=person,
                )
            )
        slot["messages"].append(
            Message(
                msg_id,
                None if _is_cited_only(cd) else doc_id,
                sender=sender,
                recipient=recipient,
                events=tuple(events),
                place=sent_place,
            )
        )
        slot["events"].extend(events)
    documents = []
    for doc_id, slot in docs.items():
        evs = tuple(slot["events"])
        date = next((e for e in evs if e.kind.value in _CMIF_SENT), evs[0] if evs else None)
        documents.append(
            Document(
                doc_id,
                slot["text"],
                date,
                evs,
                tuple(slot["messages"]),
                tuple(slot["diagnostics"]),
                source=str(path),
            )
        )
    return Corpus(tuple(documents))


register(
    Exporter(
        "tei",
        write_tei,
        ".xml",
        "TEI P5: one correspDesc per dated message, times with offsets, the texts",
    ),
    Exporter(
        "cmif",
        write_cmif,
        ".xml",
        "CMIF v1 letter index (TEI correspDesc, dates only), e.g. for correspSearch",
    ),
    Importer("tei", read_tei, (".xml",), "TEI correspDesc (this library's TEI, CMIF, editions)"),
    Importer("cmif", read_tei, (), "a CMIF file (read as TEI correspDesc)"),
)
