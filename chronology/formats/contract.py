"""The JSON objects of ``chronology extract``: the fields outside evaluation reads, plus
the provenance that makes each value checkable.

Field names are fixed by the output contract (docs/output.md); additions are fine,
renames are not. Times are written as ``YYYY-MM-DDTHH:MM:SSZ`` so that equal instants
give equal strings whatever the machine.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chronology.model import (
    Designator,
    Diagnostic,
    Document,
    Event,
    Message,
    Reference,
    UncertainInstant,
)


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def time_obj(
    t: UncertainInstant, text: str | None = None, span: tuple[int, int] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "earliest": iso(t.earliest),
        "latest": iso(t.latest),
        "precision": t.precision.value,
        "local": t.local,
        "zone": t.zone,
    }
    if text is not None:
        out["text"] = text
        out["span"] = list(span) if span else None
    out["tzdata"] = t.tzdata
    if t.status != "unique":
        out["status"] = t.status
    if t.candidates:
        out["zone_candidates"] = [
            {"zone": c.zone, "earliest": iso(c.earliest), "latest": iso(c.latest), "why": c.why}
            for c in t.candidates
        ]
    return out


def event_obj(e: Event) -> dict[str, Any]:
    p = e.provenance
    out = time_obj(e.time, p.text, p.span)
    out["kind"] = e.kind.value
    out["id"] = e.id
    if e.message:
        out["message"] = e.message
    if e.place:
        out["place"] = e.place
    if e.actor:
        out["actor"] = e.actor
    if e.role:
        out["role"] = e.role
    out["rule"] = p.rule
    out["assumptions"] = list(p.assumptions)
    return out


def designator_obj(d: Designator) -> dict[str, Any]:
    out: dict[str, Any] = {"number": d.number, "register": d.register}
    if d.office:
        out["office"] = d.office
    if d.year:
        out["year"] = d.year
    p = d.provenance
    out["text"] = p.text
    out["span"] = list(p.span) if p.span else None
    return out


def reference_obj(r: Reference) -> dict[str, Any]:
    p = r.provenance
    out: dict[str, Any] = {
        "text": p.text,
        "span": list(p.span) if p.span else None,
        "kind": r.kind,
        "numbers": list(r.numbers),
        "date": time_obj(r.date) if r.date else None,
        "target": r.target,
    }
    if r.registers:
        out["registers"] = list(r.registers)
    if r.direction:
        out["direction"] = r.direction
    if r.candidates:
        out["candidates"] = list(r.candidates)
    return out


def message_obj(m: Message) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": m.id,
        "document": m.document,
        "designators": [designator_obj(d) for d in m.designators],
        "sender": m.sender,
        "recipient": m.recipient,
        "references": [reference_obj(r) for r in m.references],
        "events": [e.id for e in m.events],
    }
    if m.place:
        out["place"] = m.place
    if m.forwards:
        out["forwards"] = m.forwards
    if m.cited_by:
        out["cited_by"] = list(m.cited_by)
    return out


def diagnostic_obj(d: Diagnostic) -> dict[str, Any]:
    return {
        "level": d.level,
        "code": d.code,
        "message": d.message,
        "span": list(d.span) if d.span else None,
    }


def document_obj(doc: Document, extra_messages: tuple[Message, ...] = ()) -> dict[str, Any]:
    """The contract object of one document. Events of messages known only by reference
    are listed once, under the document whose text they were read from."""
    d = doc.date
    out: dict[str, Any] = {
        "id": doc.id,
        "date": (event_obj(d) if d else None),
        "events": [event_obj(e) for e in doc.events],
        "messages": [message_obj(m) for m in doc.messages + extra_messages],
        "diagnostics": [diagnostic_obj(x) for x in doc.diagnostics],
    }
    if doc.source:
        out["source"] = doc.source
    return out
