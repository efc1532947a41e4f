"""``vis``: items and groups for a vis-timeline (``new vis.Timeline(el, items, groups)``).

Why its own format beside TimelineJS: vis-timeline is the widget people embed in their
own pages and notebooks, and it shows many overlapping intervals at once, which is what
a corpus of uncertain instants looks like. Times are ISO 8601 in UTC (``...Z``); vis
displays them in the viewer's clock unless told otherwise (``moment`` option), which the
group and the tooltip make visible by quoting the reading in its own clock.

An event whose interval is a minute or less is a ``point``; anything wider is a
``range`` from ``start`` to ``end``. Groups are the messages' senders.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any, TextIO

from chronology.formats.contract import iso
from chronology.formats.registry import Exporter, Subject, register
from chronology.formats.timelinejs import POINT, headline, lane, message_index


def dataset(subject: Subject) -> dict[str, list[dict[str, Any]]]:
    """``{"items": [...], "groups": [...]}`` ready for ``vis.DataSet``."""
    messages = message_index(subject)
    groups: dict[str, str] = {}
    items = []
    seen: set[str] = set()
    for e in subject.corpus.events:
        item_id, n = e.id, 1
        while item_id in seen:  # vis.DataSet refuses a repeated id
            n += 1
            item_id = f"{e.id}~{n}"
        seen.add(item_id)
        name = lane(e, messages)
        gid = groups.setdefault(name, f"g{len(groups) + 1}")
        u = e.time
        point = u.width <= POINT
        item: dict[str, Any] = {
            "id": item_id,
            "content": html.escape(headline(e, messages)),
            "start": iso(u.earliest),
            "group": gid,
            "type": "point" if point else "range",
            "title": html.escape(
                f"{e.provenance.text} | read {u.local} in {u.zone or 'an unknown clock'}"
                f" | UTC {iso(u.earliest)} to {iso(u.latest)} | {e.id}"
            ),
        }
        if not point:
            item["end"] = iso(u.latest)
        items.append(item)
    return {
        "items": items,
        "groups": [{"id": gid, "content": html.escape(name)} for name, gid in groups.items()],
    }


def write(subject: Subject, out: TextIO, options: Mapping[str, Any]) -> list[str]:
    json.dump(dataset(subject), out, ensure_ascii=False, indent=1)
    out.write("\n")
    return [
        "vis-timeline items are in UTC: clocks appear only in the tooltips; zone "
        "candidates, assumptions, references, diagnostics and solved bounds are not written",
    ]


register(Exporter("vis", write, ".json", "vis-timeline items and groups, UTC, by sender"))
