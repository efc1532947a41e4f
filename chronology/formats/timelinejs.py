"""``timelinejs``: a TimelineJS3 JSON file, one slide per event read.

Why UTC: TimelineJS has no notion of a clock, and events read in Moscow, Beijing and
Washington can only be put on one axis in one clock. Every date is UTC, the title slide
says so, and each slide's ``display_date`` shows the reading as written, in its own clock.

An event whose interval is a minute or less is a point (``start_date`` only); anything
wider (a day, a month, a time in an unknown clock) gets an ``end_date``: the slide spans
the whole interval that certainly holds the instant. Lanes (``group``) are the messages'
senders, so one writer's telegrams line up. Slide text is HTML, escaped from the
documents.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Mapping
from typing import Any, TextIO

from chronology.formats.registry import Exporter, Subject, count, register
from chronology.model import Event, Message

POINT = dt.timedelta(minutes=1)
NO_SENDER = "(sender unknown)"
CATALOGUE = "(catalogue dates)"


def lane(e: Event, messages: Mapping[str, Message]) -> str:
    """The lane of an event: its message's sender, else the writer it was read from."""
    if e.message is None:
        return CATALOGUE
    m = messages.get(e.message)
    return (m.sender if m else None) or e.actor or NO_SENDER


def headline(e: Event, messages: Mapping[str, Message]) -> str:
    m = messages.get(e.message or "")
    if m is None:
        return f"{e.kind.value}: {e.provenance.document or ''}".strip()
    name = f"No. {m.designators[0].number}" if m.designators else m.id
    parties = " to ".join(p for p in (m.sender, m.recipient) if p)
    return f"{e.kind.value}: {name}" + (f" ({parties})" if parties else "")


def message_index(subject: Subject) -> dict[str, Message]:
    out: dict[str, Message] = {}
    for m in subject.corpus.messages:
        out.setdefault(m.id, m)
    return out


def unique_ids(ids: list[str]) -> list[str]:
    """Ids safe in a URL fragment and an HTML id, distinct even after cleaning."""
    seen: set[str] = set()
    out = []
    for raw in ids:
        base = re.sub(r"[^A-Za-z0-9_-]+", "-", raw).strip("-") or "event"
        key, n = base, 1
        while key in seen:
            n += 1
            key = f"{base}-{n}"
        seen.add(key)
        out.append(key)
    return out


def _date(t: dt.datetime, display: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "year": t.year,
        "month": t.month,
        "day": t.day,
        "hour": t.hour,
        "minute": t.minute,
    }
    if t.second:
        out["second"] = t.second
    if display:
        out["display_date"] = display
    return out


def _display(e: Event) -> str:
    zone = e.time.zone or "clock unknown"
    return f"{e.time.local.replace('T', ' ')} ({zone})"


def _text(e: Event) -> str:
    p = e.provenance
    lines = [
        f"<q>{html.escape(p.text)}</q>",
        f"read {html.escape(e.time.local)} in {html.escape(e.time.zone or 'an unknown clock')}"
        f"; UTC interval {e.time.earliest:%Y-%m-%d %H:%M} to {e.time.latest:%Y-%m-%d %H:%M}",
        f"document {html.escape(p.document or '?')}, event {html.escape(e.id)}",
    ]
    return "<br>".join(lines)


def timeline(subject: Subject, title: str | None = None) -> dict[str, Any]:
    """The TimelineJS3 object."""
    messages = message_index(subject)
    events = list(subject.corpus.events)
    ids = unique_ids([e.id for e in events])
    slides = []
    for e, uid in zip(events, ids, strict=True):
        u = e.time
        slide: dict[str, Any] = {
            "start_date": _date(u.earliest, _display(e)),
            "text": {"headline": html.escape(headline(e, messages)), "text": _text(e)},
            "group": lane(e, messages),
            "unique_id": uid,
        }
        if u.width > POINT:
            slide["end_date"] = _date(u.latest)
        slides.append(slide)
    return {
        "title": {
            "text": {
                "headline": html.escape(title or count(len(subject.corpus), "document")),
                "text": "All dates on this timeline are UTC. Each slide shows the reading as "
                "written, in its own clock; a slide with an end date spans the whole "
                "interval that certainly holds the event.",
            }
        },
        "events": slides,
    }


def write(subject: Subject, out: TextIO, options: Mapping[str, Any]) -> list[str]:
    data = timeline(subject, options.get("title"))
    json.dump(data, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return [
        "TimelineJS shows UTC only: clocks appear only in the slide text; zone candidates, "
        "assumptions, references, diagnostics and solved bounds are not written",
    ]


register(Exporter("timelinejs", write, ".json", "a TimelineJS3 timeline, UTC, lanes by sender"))
