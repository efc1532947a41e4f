"""``json``: the library's own interchange file, lossless.

Why a second JSON besides ``chronology extract``: the extract lines are a reading report
for other tools, free to leave out what those tools do not need. This file is for keeping
and exchanging the work itself: every field of every model object is written, always
present (no "absent means default"), so that reading it back gives a corpus equal to the
one written, and a file made today can be checked against a re-reading tomorrow.

Field names follow the extract contract (``earliest``, ``local``, ``zone_candidates``...)
wherever the contract has a name, so the two stay easy to read side by side. The layout
is documented in docs/formats.md. An event that a message or a document's ``date`` shares
with the document's ``events`` is written once and referred to by its id.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from chronology.formats.contract import iso
from chronology.formats.registry import Exporter, FormatError, Importer, Subject, register
from chronology.model import (
    Designator,
    Diagnostic,
    Document,
    Event,
    Message,
    Provenance,
    Reference,
    UncertainInstant,
    ZoneCandidate,
)

FORMAT = "chronology-json"
VERSION = 1


# ---------------------------------------------------------------- writing
def _instant(t: dt.datetime) -> str:
    """The contract's ``...Z`` form; fractions of a second are kept when there are any."""
    if t.microsecond:
        return t.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return iso(t)


def _span(span: tuple[int, int] | None) -> list[int] | None:
    return list(span) if span is not None else None


def _time(u: UncertainInstant) -> dict[str, Any]:
    return {
        "earliest": _instant(u.earliest),
        "latest": _instant(u.latest),
        "precision": u.precision.value,
        "local": u.local,
        "zone": u.zone,
        "tzdata": u.tzdata,
        "status": u.status,
        "zone_candidates": [
            {
                "zone": c.zone,
                "earliest": _instant(c.earliest),
                "latest": _instant(c.latest),
                "why": c.why,
            }
            for c in u.candidates
        ],
    }


def _provenance(p: Provenance) -> dict[str, Any]:
    return {
        "text": p.text,
        "span": _span(p.span),
        "document": p.document,
        "rule": p.rule,
        "assumptions": list(p.assumptions),
    }


def _event(e: Event) -> dict[str, Any]:
    out: dict[str, Any] = {"id": e.id, "kind": e.kind.value}
    out.update(_time(e.time))
    out.update(_provenance(e.provenance))
    out.update({"role": e.role, "message": e.message, "place": e.place, "actor": e.actor})
    return out


def _designator(d: Designator) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": d.number,
        "register": d.register,
        "office": d.office,
        "year": d.year,
    }
    out.update(_provenance(d.provenance))
    return out


def _reference(r: Reference) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": r.kind,
        "numbers": list(r.numbers),
        "date": _time(r.date) if r.date is not None else None,
        "target": r.target,
        "candidates": list(r.candidates),
        "registers": list(r.registers),
        "direction": r.direction,
    }
    out.update(_provenance(r.provenance))
    return out


def _shared(e: Event, known: Mapping[str, Event]) -> str | dict[str, Any]:
    """An id when the very same event is listed in some document's ``events``."""
    return e.id if known.get(e.id) == e else _event(e)


def _message(m: Message, known: Mapping[str, Event]) -> dict[str, Any]:
    return {
        "id": m.id,
        "document": m.document,
        "designators": [_designator(d) for d in m.designators],
        "sender": m.sender,
        "recipient": m.recipient,
        "events": [_shared(e, known) for e in m.events],
        "references": [_reference(r) for r in m.references],
        "place": m.place,
        "forwards": m.forwards,
        "cited_by": list(m.cited_by),
    }


def _diagnostic(x: Diagnostic) -> dict[str, Any]:
    return {
        "level": x.level,
        "code": x.code,
        "message": x.message,
        "span": _span(x.span),
        "document": x.document,
    }


def _document(doc: Document, known: Mapping[str, Event]) -> dict[str, Any]:
    return {
        "id": doc.id,
        "source": doc.source,
        "text": doc.text,
        "date": _shared(doc.date, known) if doc.date is not None else None,
        "events": [_event(e) for e in doc.events],
        "messages": [_message(m, known) for m in doc.messages],
        "diagnostics": [_diagnostic(x) for x in doc.diagnostics],
    }


def _first_events(documents: tuple[Document, ...]) -> dict[str, Event]:
    """Every listed event by id; with a repeated id the first wins, as when reading."""
    known: dict[str, Event] = {}
    for doc in documents:
        for e in doc.events:
            known.setdefault(e.id, e)
    return known


def _solved(subject: Subject) -> dict[str, Any] | None:
    chron = subject.chronology
    if chron is None:
        return None
    return {
        "consistent": chron.consistent,
        "events": [
            {
                "event": s.node.id,
                "message": s.node.message,
                "kind": s.node.kind.value,
                "inferred": s.node.event is None,
                "earliest": _instant(s.earliest) if s.earliest else None,
                "latest": _instant(s.latest) if s.latest else None,
            }
            for s in chron.events()
        ],
        "conflicts": [c.as_json() for c in chron.conflicts],
    }


def document_tree(subject: Subject) -> dict[str, Any]:
    """The whole file as one JSON-ready dict (useful to embed it in another document)."""
    from chronology.zones.tzdb import TZDATA_VERSION

    corpus = subject.corpus
    known = _first_events(corpus.documents)
    out: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "tzdata": TZDATA_VERSION,
        "documents": [_document(d, known) for d in corpus.documents],
        "problems": [
            {"source": p.source, "code": p.code, "message": p.message, "fatal": p.fatal, "id": p.id}
            for p in corpus.problems
        ],
    }
    solved = _solved(subject)
    if solved is not None:
        out["solved"] = solved
    return out


def write(subject: Subject, out: TextIO, options: Mapping[str, Any]) -> list[str]:
    json.dump(document_tree(subject), out, ensure_ascii=False, indent=int(options.get("indent", 1)))
    out.write("\n")
    return []  # nothing is lost: that is the point of this format


# ---------------------------------------------------------------- reading
def _when(s: str) -> dt.datetime:
    t = dt.datetime.fromisoformat(s)
    if t.tzinfo is None:
        raise ValueError(f"time {s!r} has no zone; this format writes UTC times ending in Z")
    return t


def _tuple_span(v: list[int] | None) -> tuple[int, int] | None:
    if v is None:
        return None
    a, b = v
    return (int(a), int(b))


def _read_time(o: Mapping[str, Any]) -> UncertainInstant:
    return UncertainInstant(
        _when(o["earliest"]),
        _when(o["latest"]),
        o["precision"],
        o["local"],
        o["zone"],
        o["tzdata"],
        candidates=tuple(
            ZoneCandidate(c["zone"], _when(c["earliest"]), _when(c["latest"]), c["why"])
            for c in o["zone_candidates"]
        ),
        status=o["status"],
    )


def _read_provenance(o: Mapping[str, Any]) -> Provenance:
    return Provenance(
        o["document"], _tuple_span(o["span"]), o["text"], o["rule"], tuple(o["assumptions"])
    )


def _read_event(o: Mapping[str, Any]) -> Event:
    return Event(
        o["id"],
        o["kind"],
        _read_time(o),
        _read_provenance(o),
        role=o["role"],
        message=o["message"],
        place=o["place"],
        actor=o["actor"],
    )


def _read_shared(o: str | Mapping[str, Any], known: Mapping[str, Event]) -> Event:
    if isinstance(o, str):
        if o not in known:
            raise ValueError(f"event {o!r} is referred to but listed in no document")
        return known[o]
    return _read_event(o)


def _read_message(o: Mapping[str, Any], known: Mapping[str, Event]) -> Message:
    return Message(
        o["id"],
        o["document"],
        designators=tuple(
            Designator(d["number"], d["register"], _read_provenance(d), d["office"], d["year"])
            for d in o["designators"]
        ),
        sender=o["sender"],
        recipient=o["recipient"],
        events=tuple(_read_shared(e, known) for e in o["events"]),
        references=tuple(
            Reference(
                r["kind"],
                tuple(r["numbers"]),
                _read_provenance(r),
                date=_read_time(r["date"]) if r["date"] is not None else None,
                target=r["target"],
                candidates=tuple(r["candidates"]),
                registers=tuple(r["registers"]),
                direction=r["direction"],
            )
            for r in o["references"]
        ),
        place=o["place"],
        forwards=o["forwards"],
        cited_by=tuple(o["cited_by"]),
    )


def corpus_from_tree(tree: Mapping[str, Any], where: str = "<json>"):  # noqa: ANN201
    """The Corpus of a parsed file; :class:`FormatError` names the document at fault."""
    from chronology.corpus import Corpus
    from chronology.sources.inputs import InputProblem

    if not isinstance(tree, Mapping) or tree.get("format") != FORMAT:
        raise FormatError(f'{where}: not a {FORMAT} file (no "format": "{FORMAT}")')
    if tree.get("version") != VERSION:
        raise FormatError(
            f"{where}: {FORMAT} version {tree.get('version')!r}; this library reads {VERSION}"
        )
    raw_docs = tree.get("documents", [])
    try:
        events = [[_read_event(e) for e in d["events"]] for d in raw_docs]
    except (KeyError, TypeError, ValueError) as exc:
        raise FormatError(f"{where}: an event could not be read: {exc!r}") from exc
    known: dict[str, Event] = {}
    for evs in events:
        for e in evs:
            known.setdefault(e.id, e)
    docs = []
    for i, (d, evs) in enumerate(zip(raw_docs, events, strict=True)):
        try:
            docs.append(
                Document(
                    d["id"],
                    d["text"],
                    date=_read_shared(d["date"], known) if d["date"] is not None else None,
                    events=tuple(evs),
                    messages=tuple(_read_message(m, known) for m in d["messages"]),
                    diagnostics=tuple(
                        Diagnostic(
                            x["level"],
                            x["code"],
                            x["message"],
                            _tuple_span(x["span"]),
                            x["document"],
                        )
                        for x in d["diagnostics"]
                    ),
                    source=d["source"],
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            name = d.get("id", i) if isinstance(d, Mapping) else i
            raise FormatError(f"{where}: document {name!r} could not be read: {exc!r}") from exc
    try:
        problems = tuple(
            InputProblem(p["source"], p["code"], p["message"], p["fatal"], p["id"])
            for p in tree.get("problems", [])
        )
    except (KeyError, TypeError) as exc:
        raise FormatError(f"{where}: an input problem could not be read: {exc!r}") from exc
    return Corpus(tuple(docs), problems)


def read(path: Path, options: Mapping[str, Any]):  # noqa: ANN201
    try:
        with open(path, encoding="utf-8") as handle:
            tree = json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(f"{path}: not valid JSON: {exc}") from exc
    return corpus_from_tree(tree, str(path))


register(
    Exporter(
        "json",
        write,
        ".json",
        "the whole corpus, every field, readable back unchanged (plus solved bounds)",
        solve="if-given",
    ),
    Importer("json", read, (".json",), "a file written by the json exporter"),
)
