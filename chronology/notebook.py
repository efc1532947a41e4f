"""Rich display in notebooks: a corpus and a chronology show themselves as tables, and a
chronology adds its timeline chart inline.

Jupyter calls ``_repr_html_``; these functions build that HTML. Everything shown is
escaped: document texts are user input and must never become markup.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

_MAX_ROWS = 40


def _table(headers: list[str], rows: list[list[str]], hidden: int = 0) -> str:
    head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    more = f"<p><i>{hidden} more rows not shown</i></p>" if hidden else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def corpus_html(corpus: Any) -> str:
    """A summary line and the dated events of a corpus as read (not yet solved)."""
    events = sorted(corpus.events, key=lambda e: (e.time.earliest, e.time.latest))
    rows = [
        [
            e.time.earliest.strftime("%Y-%m-%d %H:%M"),
            e.time.latest.strftime("%Y-%m-%d %H:%M"),
            e.time.precision.value,
            e.time.local,
            e.time.zone or "unknown",
            e.kind.value,
            e.message or "",
            e.provenance.text,
        ]
        for e in events[:_MAX_ROWS]
    ]
    summary = (
        f"<p><b>Corpus</b>: {len(corpus.documents)} documents, "
        f"{len(corpus.messages)} messages, {len(events)} dated events, "
        f"{len(corpus.diagnostics)} diagnostics, {len(corpus.problems)} input problems"
        "</p>"
    )
    headers = [
        "earliest (UTC)",
        "latest (UTC)",
        "precision",
        "local",
        "zone",
        "kind",
        "message",
        "text",
    ]
    return summary + _table(headers, rows, max(0, len(events) - _MAX_ROWS))


def chronology_html(chron: Any, chart: bool = True) -> str:
    """Consistency, conflicts, the dated sequence and, when it can be drawn, the chart."""
    state = (
        "consistent"
        if chron.consistent
        else f"<span style='color:#b00'>{len(chron.conflicts)} conflict(s)</span>"
    )
    parts = [f"<p><b>Chronology</b>: {len(chron.nodes)} events, {state}</p>"]
    for c in chron.conflicts:
        parts.append(f"<pre>{html.escape(c.explanation)}</pre>")
    seq = chron.sequence().as_json()
    rows = [
        [
            r["earliest"] or "-",
            r["latest"] or "-",
            r["kind"],
            r["message"] or "",
            r["designators"],
            r["text"] or "(inferred)",
        ]
        for r in seq[:_MAX_ROWS]
    ]
    parts.append(
        _table(
            ["earliest (UTC)", "latest (UTC)", "kind", "message", "numbers", "text"],
            rows,
            max(0, len(seq) - _MAX_ROWS),
        )
    )
    if chart:
        parts.append(_chart_img(chron))
    return "".join(parts)


def _chart_img(chron: Any) -> str:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from chronology.chart import plot_timeline
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        return ""
    ax = plot_timeline(chron)
    fig = ax.figure
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f"<img alt='timeline' src='data:image/png;base64,{data}'/>"
