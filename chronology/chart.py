"""Timeline charts of a solved chronology.

A chart answers the historian's first questions at a glance: who sent what, when, how
sure we are of each time, and where the evidence disagrees. Its conventions follow the
library's model rather than a generic Gantt chart:

* one horizontal lane per sender (or place, or register); overlapping marks of one lane
  are stacked in sub-rows so that nothing hides anything else;
* an instant read to the minute is a point; a coarser reading is a bar over its *solved*
  window, with the window *as written* drawn faintly behind it, so the narrowing that the
  ordering evidence brought is visible;
* an event known only by inference (a cited telegram's sending) is a dashed outline over
  its solved window, or is left out when the window is open on one side -- an open
  window has no honest length to draw;
* arrows for transit (sent -> received) and forwarding, dashed links for citations;
* events named in a conflict's evidence are red.

The time axis is UTC or any IANA zone from the pinned tz data; ``zone="local"`` keeps the
UTC axis and writes each event's own wall-clock reading beside it, because the lanes of a
telegram corpus live in different clocks and no single local axis fits them all.

Only this module imports matplotlib, and ``chronology`` imports it lazily, so reading
and solving never pay for a plotting library. Figures are built with
:class:`matplotlib.figure.Figure` and an Agg canvas, never through ``pyplot``: charts
render headless and the caller's backend and open figures are left alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.dates as mdates
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.textpath import TextToPath
from matplotlib.ticker import NullFormatter, NullLocator
from matplotlib.transforms import ScaledTranslation

from chronology.model import Event, EventKind, Message, Precision

__all__ = ["LANE_MODES", "SAVE_FORMATS", "plot_timeline", "save_timeline"]

#: Ways of grouping events into lanes.
LANE_MODES = ("sender", "place", "register")
#: File formats :func:`save_timeline` writes, by extension.
SAVE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

PNG_DPI = 150
MAX_LANES = 12  # beyond this, the smallest lanes are merged into one "other" lane
ROW_BUDGET = 40  # sub-rows shared out among the lanes; overlaps beyond share a sub-row
# The lane of events whose sender, place or register the evidence does not give.
UNKNOWN = {"sender": "unknown sender", "place": "unknown place", "register": "no register"}

# Marker, colour and legend text for each kind of event. The colours are the
# colour-blind-safe Okabe-Ito palette; the markers differ too, so a greyscale print
# still tells a sending from a receipt.
_KIND_STYLE: dict[EventKind, tuple[str, str, str]] = {
    EventKind.WRITTEN: ("D", "#0072B2", "written"),
    EventKind.DECIDED: ("P", "#56B4E9", "decided"),
    EventKind.SENT: ("^", "#E69F00", "sent"),
    EventKind.FORWARDED: (">", "#CC79A7", "forwarded"),
    EventKind.RECEIVED: ("o", "#009E73", "received"),
    EventKind.DELIVERED: ("s", "#009E73", "delivered"),
    EventKind.DECIPHERED: ("v", "#7F7F7F", "deciphered"),
    EventKind.TYPED: ("x", "#7F7F7F", "typed"),
    EventKind.REGISTERED: ("*", "#7F7F7F", "registered"),
    EventKind.MENTIONED: (".", "#999999", "mentioned"),
    EventKind.CATALOGUED: ("|", "#999999", "catalogued"),
}
# Order in which a message's events happen; the first drawn one stands for the message
# in citation links (it is the writing, or the nearest thing to it we have).
_KIND_RANK = {
    EventKind.WRITTEN: 0,
    EventKind.DECIDED: 0,
    EventKind.SENT: 1,
    EventKind.FORWARDED: 1,
    EventKind.RECEIVED: 2,
    EventKind.DELIVERED: 2,
    EventKind.DECIPHERED: 3,
    EventKind.TYPED: 3,
    EventKind.REGISTERED: 3,
    EventKind.MENTIONED: 4,
    EventKind.CATALOGUED: 5,
}
_LINE_MARKERS = frozenset("x|+_")
_CONFLICT = "#D55E00"
_CONFLICT_EDGE = "#B00000"
_READ_COLOUR = "#B8B8B8"
_TRANSIT_COLOUR = "#404040"
_FORWARD_COLOUR = "#CC79A7"
_CITE_COLOUR = "#8C8C8C"

_TEXT_PATH = TextToPath()
_DAY = 86400.0


@functools.lru_cache(maxsize=4096)
def _glyph_width(char: str, size: float) -> float:
    """Advance of one character in points. Label widths are summed from these: measuring
    every label string costs a font layout each, and kerning is far below the slack the
    placement leaves anyway."""
    w, _, _ = _TEXT_PATH.get_text_width_height_descent(
        char, FontProperties(size=size), ismath=False
    )
    return w


@functools.lru_cache(maxsize=64)
def _line_height(size: float) -> float:
    _, h, _ = _TEXT_PATH.get_text_width_height_descent(
        "Nj", FontProperties(size=size), ismath=False
    )
    return h


# --------------------------------------------------------------------------- the data
@dataclass
class _Mark:
    """One drawable event: where it goes and how it looks, computed before drawing so
    that lanes, sub-rows, figure size and labels can all be decided from the data."""

    node_id: str
    message: str | None
    kind: EventKind
    lane: str
    start: float  # matplotlib date numbers (days), solved window
    end: float
    point: bool
    virtual: bool
    event: Event | None
    read: tuple[float, float] | None = None  # the reading as written, when it differs
    conflict: int | None = None  # 1-based number of the first conflict naming it
    row: int = 0

    @property
    def x(self) -> float:
        """Where arrows and labels attach: the instant of a point, the middle of a bar."""
        return self.start if self.point else (self.start + self.end) / 2

    @property
    def extent(self) -> tuple[float, float]:
        """The time span the mark covers on the chart, faint reading included."""
        if self.read is None:
            return self.start, self.end
        return min(self.start, self.read[0]), max(self.end, self.read[1])


@dataclass
class _Plan:
    """Everything decided before drawing."""

    marks: list[_Mark]
    lanes: list[str]  # lane names, top to bottom
    lane_rows: dict[str, tuple[int, int]]  # lane -> (first row, number of rows)
    n_rows: int
    merged_lanes: int  # lanes folded into "other"
    open_virtual: int  # inferred events not drawn because their window is open
    n_messages: int
    n_conflicts: int
    span: tuple[float, float]
    min_width: float  # days: the narrowest bar that still shows


def _chronology_of(obj: Any) -> Any:
    """A Chronology from whatever the caller holds: a chronology, a corpus, or paths."""
    if callable(getattr(obj, "events", None)) and hasattr(obj, "messages"):
        return obj
    if callable(getattr(obj, "chronology", None)):
        return obj.chronology()
    if isinstance(obj, str | os.PathLike):
        obj = [obj]
    if isinstance(obj, Sequence) and all(isinstance(p, str | os.PathLike) for p in obj):
        from chronology.corpus import read

        return read([os.fspath(p) for p in obj]).chronology()
    raise TypeError(
        "plot_timeline needs a Chronology, a Corpus, or a path (or list of paths) to read; "
        f"got {type(obj).__name__}"
    )


def _num(t: dt.datetime) -> float:
    """Matplotlib's date number (days since its epoch), without date2num's numpy round
    trip, which costs more than the rest of planning for a large corpus."""
    return (t - _epoch()).total_seconds() / _DAY


@functools.lru_cache(maxsize=8)
def _epoch_for(key: str) -> dt.datetime:
    return dt.datetime.fromisoformat(key).replace(tzinfo=dt.UTC)


def _epoch() -> dt.datetime:
    return _epoch_for(mdates.get_epoch())


def _lane_name(lanes: str, msg: Message | None, event: Event | None) -> str:
    """The lane of an event. A sender lane falls back on the event's actor and then its
    place, because a quoted or cited message often names no sender of its own."""
    ev_actor = event.actor if event else None
    ev_place = event.place if event else None
    if lanes == "sender":
        name = (msg.sender if msg else None) or ev_actor or ev_place or (msg.place if msg else None)
    elif lanes == "place":
        name = ev_place or (msg.place if msg else None)
    else:
        name = msg.designators[0].register if msg and msg.designators else None
    return _clean(name) if name else UNKNOWN[lanes]


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip()
    return name if len(name) <= 24 else name[:23] + "\u2026"


def _conflict_keys(chron: Any) -> dict[tuple[str | None, Any], int]:
    """Evidence items of every conflict, keyed the way event provenance is, mapped to the
    number of the first conflict that names them."""
    keys: dict[tuple[str | None, Any], int] = {}
    for i, conflict in enumerate(chron.conflicts, 1):
        for evidence in conflict.evidence:
            for doc, span, text in evidence.items:
                keys.setdefault((doc, tuple(span) if span else None), i)
                keys.setdefault((doc, text), i)
    return keys


def _conflict_of(event: Event | None, keys: dict[tuple[str | None, Any], int]) -> int | None:
    if event is None or not keys:
        return None
    p = event.provenance
    if p.span is not None and (p.document, tuple(p.span)) in keys:
        return keys[(p.document, tuple(p.span))]
    if p.span is None:
        return keys.get((p.document, p.text))
    return None


def _is_point(event: Event) -> bool:
    return event.time.precision.rank >= Precision.MINUTE.rank


def _mark_of(
    se: Any, msg: Message | None, lanes: str, keys: dict, show_unsolved: bool
) -> _Mark | None:
    """The drawable form of one solved event, or None when it has no finite window."""
    node, event = se.node, se.node.event
    lane = _lane_name(lanes, msg, event)
    if event is None:
        if se.earliest is None or se.latest is None:
            return None
        return _Mark(
            node.id,
            node.message,
            node.kind,
            lane,
            _num(se.earliest),
            _num(se.latest),
            point=False,
            virtual=True,
            event=None,
        )
    # A side the solver left open (an event set aside in a conflict keeps only what it
    # read) falls back on the reading itself.
    lo = se.earliest or event.time.earliest
    hi = se.latest or event.time.latest
    read = (_num(event.time.earliest), _num(event.time.latest))
    start, end = _num(lo), _num(hi)
    point = _is_point(event)
    mark = _Mark(
        node.id,
        node.message,
        node.kind,
        lane,
        start,
        end,
        point=point,
        virtual=False,
        event=event,
        conflict=_conflict_of(event, keys),
    )
    if show_unsolved and not point and (read[0] < start - 1e-9 or read[1] > end + 1e-9):
        mark.read = read
    return mark


def _counted_messages(messages: dict[str, Message]) -> int:
    """Messages a reader would count: those with a document, and those known only by a
    reference that still points at them. A placeholder whose reference was resolved to
    another document's message is the same telegram counted twice, so it is left out."""
    targets = {r.target for m in messages.values() for r in m.references if r.target}
    return sum(1 for m in messages.values() if m.document is not None or m.id in targets)


def _plan(chron: Any, lanes: str, show_unsolved: bool, width_in: float) -> _Plan:
    keys = _conflict_keys(chron)
    messages: dict[str, Message] = chron.messages
    marks: list[_Mark] = []
    open_virtual = 0
    for se in chron.events():
        msg = messages.get(se.node.message or "")
        mark = _mark_of(se, msg, lanes, keys, show_unsolved)
        if mark is None:
            open_virtual += 1
        else:
            marks.append(mark)
    lane_order, merged = _order_lanes(marks)
    lane_order = _beside_carriers(lane_order, marks, messages)
    span = _span(marks)
    per_day = (width_in * 72) / max(span[1] - span[0], 1e-6)  # points per day, roughly
    lane_rows, n_rows = _pack(marks, lane_order, per_day)
    return _Plan(
        marks,
        lane_order,
        lane_rows,
        n_rows,
        merged,
        open_virtual,
        _counted_messages(messages),
        len(chron.conflicts),
        span,
        2.0 / per_day,
    )


def _order_lanes(marks: list[_Mark]) -> tuple[list[str], int]:
    """Lanes top to bottom in order of their first event, so the chart reads down as
    the story unfolds. Past MAX_LANES the lanes with fewest events are merged."""
    first: dict[str, float] = {}
    count: dict[str, int] = defaultdict(int)
    for m in marks:
        first[m.lane] = min(first.get(m.lane, math.inf), m.start)
        count[m.lane] += 1
    names = list(first)
    merged = 0
    if len(names) > MAX_LANES:
        keep = set(sorted(names, key=lambda n: (-count[n], first[n], n))[: MAX_LANES - 1])
        merged = len(names) - len(keep)
        other = f"other ({merged} lanes)"
        for m in marks:
            if m.lane not in keep:
                first[other] = min(first.get(other, math.inf), m.start)
                m.lane = other
        names = [*keep, other]
    last = set(UNKNOWN.values())
    names.sort(key=lambda n: (n in last or n.startswith("other ("), first[n], n))
    return names, merged


def _beside_carriers(
    order: list[str], marks: list[_Mark], messages: dict[str, Message]
) -> list[str]:
    """Move a lane whose messages mostly travel inside another lane's telegrams (Mao's
    messages forwarded by the ambassador) right below that lane, so forwarding arrows
    stay short instead of crossing the chart."""
    lane_of: dict[str, str] = {}
    for m in marks:
        if m.message:
            lane_of.setdefault(m.message, m.lane)
    carried: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for msg in messages.values():
        inner, outer = lane_of.get(msg.forwards or ""), lane_of.get(msg.id)
        if inner and outer and inner != outer:
            carried[inner][outer] += 1
    own: dict[str, int] = defaultdict(int)
    for lane in lane_of.values():
        own[lane] += 1
    result = list(order)
    for lane in order:
        if not carried[lane]:
            continue
        host, n = max(carried[lane].items(), key=lambda kv: (kv[1], kv[0]))
        if n * 2 < own[lane] or host not in result or carried[host]:
            continue
        result.remove(lane)
        result.insert(result.index(host) + 1, lane)
    return result


def _span(marks: list[_Mark]) -> tuple[float, float]:
    if not marks:
        base = _num(dt.datetime(1950, 1, 1, tzinfo=dt.UTC))  # any day: no ticks are shown
        return base, base + 1
    lo = min(m.extent[0] for m in marks)
    hi = max(m.extent[1] for m in marks)
    if hi - lo < 1 / 24:  # under an hour: widen around the middle so ticks make sense
        mid = (lo + hi) / 2
        lo, hi = mid - 1 / 48, mid + 1 / 48
    pad = (hi - lo) * 0.04
    return lo - pad, hi + pad


def _pack(
    marks: list[_Mark], lanes: list[str], per_day: float
) -> tuple[dict[str, tuple[int, int]], int]:
    """Give every mark a sub-row of its lane so that marks of one lane do not overlap,
    greedily (interval colouring). A lane gets at most its share of ROW_BUDGET sub-rows
    (so one busy register cannot make the chart a metre tall); marks beyond that share
    the sub-row that frees up first."""
    gap = 14 / per_day  # room for a marker and a little air, in days
    max_tracks = max(2, min(12, ROW_BUDGET // max(1, len(lanes))))
    by_lane: dict[str, list[_Mark]] = defaultdict(list)
    for m in marks:
        by_lane[m.lane].append(m)
    rows: dict[str, tuple[int, int]] = {}
    next_row = 0
    for lane in lanes:
        ends: list[float] = []
        for m in sorted(by_lane[lane], key=lambda m: (m.extent[0], m.node_id)):
            lo, hi = m.extent
            lo -= gap / 2
            hi = max(hi, lo + gap) + gap / 2
            free = [i for i, e in enumerate(ends) if e <= lo]
            if free:
                track = free[0]
            elif len(ends) < max_tracks:
                track = len(ends)
                ends.append(-math.inf)
            else:
                track = min(range(len(ends)), key=lambda i: ends[i])
            ends[track] = max(ends[track], hi)
            m.row = next_row + track
        n = max(1, len(ends))
        rows[lane] = (next_row, n)
        next_row += n
    return rows, next_row


# --------------------------------------------------------------------------- clocks
def _axis_zone(zone: str) -> tuple[dt.tzinfo, str]:
    """The tzinfo of the axis and its name for the axis label."""
    from chronology.zones.tzdb import UnknownZone, get_zone

    if zone == "local":
        return dt.UTC, "UTC"
    try:
        return get_zone(zone), zone
    except UnknownZone as exc:
        raise ValueError(f"unknown zone for the time axis: {exc}") from exc


def _abbreviation(event: Event, at: dt.datetime) -> str:
    """The clock's own abbreviation at that instant ('MSK', 'CST'), from the pinned data."""
    from chronology.zones.tzdb import UnknownZone, get_zone

    key = event.time.zone
    if not key:
        return "zone?"
    try:
        name = at.astimezone(get_zone(key)).tzname() or key
    except UnknownZone:
        return key
    return name[3:] if name.startswith("UTC") and len(name) > 3 else name


def _local_label(mark: _Mark) -> str | None:
    """The wall-clock reading as written, cut to its precision: '19:55 MSK', '13 Jun CST'."""
    ev = mark.event
    if ev is None:
        return None
    local = ev.time.local
    abbr = _abbreviation(ev, ev.time.earliest)
    m = re.match(r"(\d{4})-(\d\d)(?:-(\d\d))?(?:T(\d\d)(?::(\d\d))?)?", local)
    if not m:
        return f"{local} {abbr}"
    year, month, day, hour, minute = m.groups()
    if minute is not None:
        return f"{hour}:{minute} {abbr}"
    month_name = dt.date(int(year), int(month), 1).strftime("%b")
    if day is None:
        return f"{month_name} {year} {abbr}"
    if hour is not None:
        return f"{int(day)} {month_name} {hour}h {abbr}"
    return f"{int(day)} {month_name} {abbr}"


# --------------------------------------------------------------------------- drawing
@dataclass(frozen=True)
class _Scale:
    """Sizes that shrink as the chart fills up, so 500 messages stay legible."""

    marker: float
    font: float
    line: float

    @classmethod
    def of(cls, n_marks: int) -> _Scale:
        if n_marks <= 60:
            return cls(marker=7.5, font=8.0, line=1.1)
        if n_marks <= 300:
            return cls(marker=5.5, font=7.0, line=0.8)
        return cls(marker=4.0, font=6.5, line=0.55)


def _row_y(mark: _Mark) -> float:
    return float(mark.row)


def _draw_lanes(ax: Axes, plan: _Plan) -> None:
    """Lane bands and names: alternate shading, so a mark's lane is obvious even in a
    lane of several sub-rows."""
    ticks, names = [], []
    for i, lane in enumerate(plan.lanes):
        first, n = plan.lane_rows[lane]
        if i % 2 == 0:
            ax.axhspan(first - 0.5, first + n - 0.5, color="#F2F2F2", zorder=0, lw=0)
        if i:
            ax.axhline(first - 0.5, color="#D0D0D0", lw=0.6, zorder=0.5)
        ticks.append(first + (n - 1) / 2)
        names.append(lane)
    ax.set_yticks(ticks, names)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(max(plan.n_rows, 1) - 0.5, -0.5)


def _colour(mark: _Mark) -> str:
    return _CONFLICT if mark.conflict else _KIND_STYLE[mark.kind][1]


def _bars(
    ax: Axes, spans: list[tuple[float, float, float]], height: float, min_width: float, **style: Any
) -> None:
    """Rectangles ``(y, x0, x1)`` as one collection: one artist for hundreds of bars,
    where ``barh`` would add (and measure) a patch per bar. A bar is kept at least
    ``min_width`` wide so that an hour's window still shows on a year's axis."""
    verts = []
    for y, x0, x1 in spans:
        if x1 - x0 < min_width:
            mid = (x0 + x1) / 2
            x0, x1 = mid - min_width / 2, mid + min_width / 2
        lo, hi = y - height / 2, y + height / 2
        verts.append([(x0, lo), (x0, hi), (x1, hi), (x1, lo)])
    bars = PolyCollection(verts, **style)
    bars.set_in_layout(False)
    ax.add_collection(bars, autolim=False)


def _draw_bars(ax: Axes, plan: _Plan, scale: _Scale) -> None:
    """Readings as written (faint, tall) behind solved windows (solid, narrow)."""
    w = plan.min_width
    read = [(m.row, *m.read) for m in plan.marks if m.read is not None]
    if read:
        _bars(ax, read, 0.62, w, facecolors=_READ_COLOUR, alpha=0.45, linewidths=0, zorder=1)
    solid = [m for m in plan.marks if not m.point and not m.virtual]
    if solid:
        _bars(
            ax,
            [(m.row, m.start, m.end) for m in solid],
            0.36,
            w,
            facecolors=[_colour(m) for m in solid],
            alpha=0.85,
            linewidths=0,
            zorder=2,
        )
    red = [(m.row, m.start, m.end) for m in solid if m.conflict]
    if red:
        _bars(
            ax,
            red,
            0.36,
            w,
            facecolors="none",
            edgecolors=_CONFLICT_EDGE,
            linewidths=scale.line * 1.6,
            zorder=2.1,
        )
    virtual = [m for m in plan.marks if m.virtual]
    if virtual:
        _bars(
            ax,
            [(m.row, m.start, m.end) for m in virtual],
            0.36,
            w,
            facecolors="none",
            edgecolors=[_KIND_STYLE[m.kind][1] for m in virtual],
            linestyles="--",
            linewidths=scale.line,
            zorder=2,
        )


def _draw_points(ax: Axes, plan: _Plan, scale: _Scale) -> None:
    groups: dict[tuple[EventKind, bool], list[_Mark]] = defaultdict(list)
    for m in plan.marks:
        if m.point:
            groups[(m.kind, bool(m.conflict))].append(m)
    for (kind, conflict), ms in groups.items():
        marker, colour, _ = _KIND_STYLE[kind]
        # A white rim separates touching markers; line-only markers (x, |) have no
        # face, so their edge must carry the colour.
        rim = colour if marker in _LINE_MARKERS else "white"
        ax.plot(
            [m.x for m in ms],
            [_row_y(m) for m in ms],
            linestyle="none",
            marker=marker,
            ms=scale.marker,
            mfc=_CONFLICT if conflict else colour,
            mec=_CONFLICT_EDGE if conflict else rim,
            mew=1.2 if conflict or marker in _LINE_MARKERS else 0.6,
            zorder=4,
        )


def _by_message(marks: Iterable[_Mark]) -> dict[str, list[_Mark]]:
    out: dict[str, list[_Mark]] = defaultdict(list)
    for m in marks:
        if m.message:
            out[m.message].append(m)
    return out


def _first(marks: list[_Mark]) -> _Mark:
    return min(marks, key=lambda m: (_KIND_RANK[m.kind], m.start, m.node_id))


def _links(
    plan: _Plan, messages: dict[str, Message]
) -> tuple[list[tuple[_Mark, _Mark]], list[tuple[_Mark, _Mark]], list[tuple[_Mark, _Mark]]]:
    """Pairs of marks to join: transit (sent -> received), citations, forwards."""
    by_msg = _by_message(plan.marks)
    transit, cites, forwards = [], [], []
    for mid, ms in by_msg.items():
        sent = [m for m in ms if m.kind is EventKind.SENT]
        for s in sent[:1]:
            transit.extend((s, r) for r in ms if r.kind is EventKind.RECEIVED)
        msg = messages.get(mid)
        if msg is None:
            continue
        seen: set[str] = set()
        for ref in msg.references:
            target = ref.target
            if not target or target == mid or target in seen or target == msg.forwards:
                continue
            seen.add(target)
            if target in by_msg:
                cites.append((_first(by_msg[target]), _first(ms)))
        if msg.forwards and msg.forwards in by_msg:
            inner = by_msg[msg.forwards]
            got = [m for m in inner if m.kind is EventKind.RECEIVED] or [_first(inner)]
            out = [m for m in ms if m.kind is EventKind.SENT] or [_first(ms)]
            forwards.extend((g, out[0]) for g in got)
    return transit, cites, forwards


def _draw_links(
    ax: Axes, links: list[list[tuple[_Mark, _Mark]]], scale: _Scale, dense: bool
) -> None:
    """Citation lines, then transit and forwarding arrows. Arrows are trimmed here, in
    display space, to end at the rim of their target marker: matplotlib's own shrinking
    costs a path clip per arrow, which dominates the drawing time of a large corpus."""
    transit, cites, forwards = links
    if cites:
        lines = LineCollection(
            [[(a.x, _row_y(a)), (b.x, _row_y(b))] for a, b in cites],
            colors=_CITE_COLOUR,
            linestyles=(0, (3, 2)),
            linewidths=scale.line * 0.8,
            alpha=0.5 if dense else 0.8,
            zorder=1.5,
        )
        lines.set_in_layout(False)
        ax.add_collection(lines, autolim=False)
    head = 5 if dense else 8
    px = ax.figure.dpi / 72.0
    to_data = ax.transData.inverted()
    for pairs, colour, rad in (
        (transit, _TRANSIT_COLOUR, 0.0),
        (forwards, _FORWARD_COLOUR, 0.0 if dense else -0.25),
    ):
        for a, b in pairs:
            ends = _trimmed(ax, a, b, 2 * px, (scale.marker * 0.55 + 1) * px if b.point else 0)
            if ends is None:
                continue
            arrow = FancyArrowPatch(
                *to_data.transform(ends),
                arrowstyle="-|>",
                mutation_scale=head,
                color=colour,
                lw=scale.line,
                alpha=0.55 if dense else 0.9,
                shrinkA=0,
                shrinkB=0,
                connectionstyle=f"arc3,rad={rad}",
                zorder=3,
            )
            arrow.set_in_layout(False)
            ax.add_artist(arrow)


def _trimmed(
    ax: Axes, a: _Mark, b: _Mark, cut_a: float, cut_b: float
) -> list[tuple[float, float]] | None:
    """The display points of an arrow from ``a`` to ``b`` with ``cut_a``/``cut_b`` pixels
    taken off its ends; None when the marks are too close for an arrow to show."""
    (xa, ya), (xb, yb) = ax.transData.transform([(a.x, _row_y(a)), (b.x, _row_y(b))])
    length = math.hypot(xb - xa, yb - ya)
    if length <= cut_a + cut_b + 3:
        return None
    ux, uy = (xb - xa) / length, (yb - ya) / length
    return [(xa + ux * cut_a, ya + uy * cut_a), (xb - ux * cut_b, yb - uy * cut_b)]


def _format_axis(ax: Axes, tz: dt.tzinfo, zone_name: str, local: bool, span: tuple) -> None:
    locator = mdates.AutoDateLocator(tz=tz, minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, tz=tz))
    ax.set_xlim(*span)
    label = f"time ({zone_name})"
    if local:
        label += "; beside each event, its own clock as written"
    ax.set_xlabel(label, fontsize=9)
    ax.grid(axis="x", color="#DDDDDD", lw=0.6, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _legend(ax: Axes, plan: _Plan, links: list[list[tuple[_Mark, _Mark]]]) -> None:
    """Kinds present, then what bars and lines mean; placed below the axes so it never
    covers a mark."""
    present = {m.kind for m in plan.marks}
    handles: list[Any] = []
    for kind in sorted(present, key=lambda k: (_KIND_RANK[k], k.value)):
        marker, colour, text = _KIND_STYLE[kind]
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                color=colour,
                mec=colour if marker in _LINE_MARKERS else "white",
                ms=7,
                label=text,
            )
        )
    if any(not m.point and not m.virtual for m in plan.marks):
        handles.append(Patch(color="#777777", alpha=0.8, label="solved window (colour: kind)"))
    if any(m.read is not None for m in plan.marks):
        handles.append(Patch(color=_READ_COLOUR, alpha=0.45, label="window as written"))
    if any(m.virtual for m in plan.marks):
        handles.append(
            Patch(
                fill=False, edgecolor="#555555", linestyle="--", label="inferred (no date in text)"
            )
        )
    transit, cites, forwards = links

    def arrow(colour: str, label: str) -> Line2D:
        return Line2D([], [], color=colour, lw=1.2, marker=">", markevery=[1], ms=5, label=label)

    if transit:
        handles.append(arrow(_TRANSIT_COLOUR, "sent \u2192 received"))
    if forwards:
        handles.append(arrow(_FORWARD_COLOUR, "received \u2192 forwarded"))
    if cites:
        handles.append(
            Line2D([], [], color=_CITE_COLOUR, lw=1, linestyle=(0, (3, 2)), label="cites")
        )
    if any(m.conflict for m in plan.marks):
        handles.append(Patch(facecolor=_CONFLICT, edgecolor=_CONFLICT_EDGE, label="in a conflict"))
    if not handles:
        return
    below = ax.transAxes + ScaledTranslation(0, -0.62, ax.figure.dpi_scale_trans)
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=below,
        ncols=_legend_columns(len(handles)),
        fontsize=8,
        frameon=False,
        handlelength=2.2,
        columnspacing=1.6,
    )


def _legend_columns(n: int) -> int:
    """As few legend rows as fit the width, with the rows filled evenly."""
    rows = math.ceil(n / 7)
    return math.ceil(n / rows)


# --------------------------------------------------------------------------- labels
@dataclass
class _Label:
    text: str
    mark: _Mark
    colour: str
    priority: float  # lower is placed first
    kind: str  # "number", "local" or "conflict"
    below: bool = False


class _Placer:
    """Greedy label placement in display space: each label tries a few offsets around its
    mark and keeps the first that overlaps no mark and no label already placed. A grid of
    cells keeps the overlap test cheap for hundreds of labels."""

    CELL = 40.0

    def __init__(self, ax: Axes, font: float) -> None:
        self.ax = ax
        self.size_pt = font
        self.px = ax.figure.dpi / 72.0
        self.grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(
            list
        )
        box = ax.get_window_extent()
        self.frame = (box.x0, box.y0, box.x1, box.y1)

    def _cells(self, b: tuple[float, float, float, float]) -> Iterable[tuple[int, int]]:
        c = self.CELL
        for i in range(int(b[0] // c), int(b[2] // c) + 1):
            for j in range(int(b[1] // c), int(b[3] // c) + 1):
                yield i, j

    def block(self, b: tuple[float, float, float, float]) -> None:
        for cell in self._cells(b):
            self.grid[cell].append(b)

    def free(self, b: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = self.frame
        if b[0] < x0 or b[2] > x1 or b[1] < y0 or b[3] > y1:
            return False
        for cell in self._cells(b):
            for o in self.grid[cell]:
                if b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]:
                    return False
        return True

    def size(self, text: str) -> tuple[float, float]:
        w = sum(_glyph_width(c, self.size_pt) for c in text)
        return (w + 2) * self.px, (_line_height(self.size_pt) + 2) * self.px

    def candidates(
        self, box: tuple[float, float, float, float], w: float, h: float, gap: float, below: bool
    ) -> list[tuple[float, float, str, str, tuple[float, float, float, float]]]:
        """Spots around a mark's display box: beside it, above and below it, and at its
        corners. Returns the display point the label hangs from, its alignment, and the
        label's own box."""
        x0, y0, x1, y1 = box
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        g = gap * self.px
        narrow = x1 - x0 < w
        spots = [
            (x1 + g, cy, "left", "center"),
            (cx if narrow else x0, y1 + g / 2, "left", "bottom"),
            (cx if narrow else x0, y0 - g / 2, "left", "top"),
            (cx, y1 + g / 2, "center", "bottom"),
            (cx, y0 - g / 2, "center", "top"),
            (x0 - g, cy, "right", "center"),
            (cx if narrow else x1, y1 + g / 2, "right", "bottom"),
            (cx if narrow else x1, y0 - g / 2, "right", "top"),
        ]
        if below:
            spots.sort(key=lambda s: s[3] != "top")
        out = []
        for x, y, ha, va in spots:
            left = x - (w if ha == "right" else w / 2 if ha == "center" else 0)
            bottom = y - (h if va == "top" else h / 2 if va == "center" else 0)
            out.append((x, y, ha, va, (left, bottom, left + w, bottom + h)))
        return out


def _mark_box(ax: Axes, m: _Mark, marker: float, px: float) -> tuple[float, float, float, float]:
    r = marker * px * 0.55
    if m.point:
        x, y = ax.transData.transform((m.x, _row_y(m)))
        return x - r, y - r, x + r, y + r
    (x0, y0), (x1, y1) = ax.transData.transform(
        [(m.start, _row_y(m) - 0.18), (m.end, _row_y(m) + 0.18)]
    )
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _touches(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float], slack: float
) -> bool:
    return (
        a[0] <= b[2] + slack
        and b[0] <= a[2] + slack
        and a[1] <= b[3] + slack
        and b[1] <= a[3] + slack
    )


def _block_links(placer: _Placer, ax: Axes, pairs: Iterable[tuple[_Mark, _Mark]]) -> None:
    """Keep labels off the arrows and citation lines: sample each as a chain of small
    boxes (exact for straight lines, close enough for the gently curved forwards)."""
    for a, b in pairs:
        (xa, ya), (xb, yb) = ax.transData.transform([(a.x, _row_y(a)), (b.x, _row_y(b))])
        steps = max(1, int(math.hypot(xb - xa, yb - ya) // 6))
        for i in range(steps + 1):
            x, y = xa + (xb - xa) * i / steps, ya + (yb - ya) * i / steps
            placer.block((x - 2, y - 2, x + 2, y + 2))


def _number_of(msg: Message | None) -> str | None:
    if msg is None or not msg.designators:
        return None
    return f"No. {msg.designators[0].number}"


def _name_of(mid: str, messages: dict[str, Message]) -> str | None:
    """A short name for a message that has no number of its own: the numbered telegram
    that carries it, or the words that cite it."""
    for m in messages.values():
        if m.forwards == mid and m.designators:
            return f"carried in No. {m.designators[0].number}"
    for m in messages.values():
        for ref in m.references:
            if ref.target == mid and m.id != mid:
                words = re.sub(r"\s+", " ", ref.provenance.text).strip()
                if len(words) > 28:
                    words = words[:27].rstrip() + "\u2026"
                return f"\u2018{words}\u2019"
    return None


def _spread(n: int) -> list[int]:
    """0..n-1 in an order that covers the range evenly at every prefix (bit reversal),
    so the labels kept under a cap are spread over the whole chart, not bunched at the
    start."""
    if n <= 1:
        return list(range(n))
    bits = (n - 1).bit_length()
    order = sorted(range(1 << bits), key=lambda i: int(f"{i:0{bits}b}"[::-1], 2))
    return [i for i in order if i < n]


def _spread_labels(
    items: list[tuple[_Mark, str]], kind: str, colour: str, phase: float, below: bool = False
) -> list[_Label]:
    """Labels of one kind, with priorities in (1, 2] spread evenly over time; kinds with
    different ``phase`` interleave, so a cap keeps some of each kind."""
    items = sorted(items, key=lambda it: (it[0].x, it[1]))
    out = []
    n = len(items)
    for rank, i in enumerate(_spread(n)):
        mark, text = items[i]
        out.append(
            _Label(
                text,
                mark,
                _CONFLICT_EDGE if mark.conflict else colour,
                1 + (rank + phase) / n,
                kind,
                below,
            )
        )
    return out


def _labels(plan: _Plan, messages: dict[str, Message], local: bool) -> list[_Label]:
    """Every label the chart would like to show, in the order it should get room:
    conflict notes, telegram numbers, names of unnumbered messages, local clocks."""
    out: list[_Label] = []
    for m in sorted(plan.marks, key=lambda m: (m.conflict or 0, m.start)):
        if m.conflict:
            out.append(
                _Label(f"conflict {m.conflict}", m, _CONFLICT_EDGE, 0, "conflict", below=True)
            )
    numbers, names = [], []
    for mid, ms in _by_message(plan.marks).items():
        # The label belongs to the message; pin it to its most precise drawn event.
        anchor = min(ms, key=lambda m: (not m.point, m.virtual, _KIND_RANK[m.kind], m.start))
        number = _number_of(messages.get(mid))
        if number is not None:
            numbers.append((anchor, number))
        else:
            name = _name_of(mid, messages)
            if name is not None:
                names.append((anchor, name))
    out += _spread_labels(numbers, "number", "#222222", 0.0)
    out += _spread_labels(names, "name", "#444444", 0.3)
    if local:
        clocks = [
            (m, text)
            for m in plan.marks
            if m.event is not None and (text := _local_label(m)) is not None
        ]
        out += _spread_labels(clocks, "local", "#555555", 0.6, below=True)
    out.sort(key=lambda lab: lab.priority)
    return out


def _place_labels(
    ax: Axes,
    plan: _Plan,
    links: list[list[tuple[_Mark, _Mark]]],
    labels: list[_Label],
    scale: _Scale,
    max_labels: int,
) -> dict[str, int]:
    """Draw the labels that fit beside their marks without covering a mark, a line or
    another label; return how many of each kind were hidden (by the cap or for want of
    room)."""
    placer = _Placer(ax, scale.font)
    boxes = {}
    for m in plan.marks:
        boxes[id(m)] = _mark_box(ax, m, scale.marker, placer.px)
        placer.block(boxes[id(m)])
    hidden: dict[str, int] = defaultdict(int)
    shown = 0
    # A white halo lifts labels off grid lines and bands; it renders each label twice as
    # a path, so a dense chart, whose labels sit in free space anyway, goes without.
    halo = (
        [] if len(plan.marks) > 150 else [patheffects.withStroke(linewidth=2.2, foreground="white")]
    )
    to_data = ax.transData.inverted()
    # Conflict notes go first and may cross a line: they must not be crowded out.
    notes = [lab for lab in labels if lab.kind == "conflict"]
    rest = [lab for lab in labels if lab.kind != "conflict"]
    for batch in (notes, rest):
        if batch is rest and sum(len(pairs) for pairs in links) <= 2000:
            for pairs in links:
                _block_links(placer, ax, pairs)
        for lab in batch:
            if lab.kind != "conflict" and shown >= max_labels:
                hidden[lab.kind] += 1
                continue
            w, h = placer.size(lab.text)
            # A conflict note may stand further off, tied to its mark by a leader line.
            rings = (3.0, 14.0, 28.0) if lab.kind == "conflict" else (3.0,)
            spot = next(
                (
                    c
                    for gap in rings
                    for c in placer.candidates(boxes[id(lab.mark)], w, h, gap, lab.below)
                    if placer.free(c[4])
                ),
                None,
            )
            if spot is None:
                hidden[lab.kind] += 1
                continue
            x, y, ha, va, box = spot
            placer.block(box)
            shown += lab.kind != "conflict"
            at = tuple(to_data.transform((x, y)))
            style = {
                "ha": ha,
                "va": va,
                "fontsize": scale.font,
                "color": lab.colour,
                "zorder": 6,
                "fontweight": "bold" if lab.kind == "conflict" else "normal",
            }
            if _touches(box, boxes[id(lab.mark)], 4.0 * placer.px):
                text = ax.text(*at, lab.text, clip_on=True, **style)
            else:
                text = ax.annotate(
                    lab.text,
                    (lab.mark.x, _row_y(lab.mark)),
                    xytext=at,
                    annotation_clip=False,
                    **style,
                    arrowprops={
                        "arrowstyle": "-",
                        "color": lab.colour,
                        "lw": 0.7,
                        "shrinkA": 1,
                        "shrinkB": 3,
                    },
                )
                text.set_clip_on(True)
            if halo:
                text.set_path_effects(halo)
            text.set_in_layout(False)
            text.set_label(f"chronology-label:{lab.kind}")  # lets callers and tests find them
    return dict(hidden)


def _default_max_labels(ax: Axes) -> int:
    """About one label per square inch of plotting area: enough to identify the
    telegrams of a small corpus, few enough that a large one stays readable."""
    box = ax.get_position()
    w, h = ax.figure.get_size_inches()
    return max(6, round(box.width * w * box.height * h * 1.3))


# --------------------------------------------------------------------------- figure
def _figure_size(n_rows: int, n_marks: int) -> tuple[float, float]:
    """Width for the time axis, height for the rows plus fixed room for the title,
    the date axis and the legend below it."""
    width = 11.0 if n_marks <= 120 else 13.0
    per_row = 0.42 if n_rows <= 12 else 0.3
    height = 2.7 + per_row * n_rows
    return width, min(max(height, 4.2), 16.0)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _plan_notes(plan: _Plan) -> list[str]:
    """What the reader must know that the marks do not show by themselves."""
    parts = []
    if plan.n_conflicts:
        parts.append(
            f"{_plural(plan.n_conflicts, 'conflict')}: events named in the evidence are red"
        )
    if plan.open_virtual:
        parts.append(
            f"{_plural(plan.open_virtual, 'inferred event')} with an open window not drawn"
        )
    if plan.merged_lanes:
        parts.append(f"{plan.merged_lanes} small lanes merged into 'other'")
    return parts


def _label_notes(hidden: dict[str, int], wanted: dict[str, int], max_labels: int) -> list[str]:
    parts = []
    n_hidden = hidden.get("number", 0) + hidden.get("name", 0)
    if n_hidden:
        total = wanted.get("number", 0) + wanted.get("name", 0)
        parts.append(
            f"{n_hidden} of {total} message labels hidden (no room, or over "
            f"max_labels={max_labels})"
        )
    if hidden.get("local", 0):
        parts.append(f"{hidden['local']} of {wanted['local']} local-clock labels hidden")
    if hidden.get("conflict", 0):
        parts.append(f"{_plural(hidden['conflict'], 'conflict note')} hidden")
    return parts


def _wrap(parts: list[str], width: int) -> list[str]:
    """Join notes with semicolons into lines of at most ``width`` characters."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 2 + len(part) <= width:
            lines[-1] += "; " + part
        else:
            lines.append(part)
    return lines


_NOTE_FONT = 7.5
_LABEL_NOTE_GUESS = [
    "9999 of 9999 message labels hidden (no room, or over max_labels=999)",
    "9999 of 9999 local-clock labels hidden",
]


def _note_width(ax: Axes, fig_width_in: float) -> int:
    """Characters of note text that fit across the axes (an average glyph is about half
    the font size wide)."""
    return max(40, int(ax.get_position().width * fig_width_in * 72 / (_NOTE_FONT * 0.55)))


def plot_timeline(
    obj: Any,
    ax: Axes | None = None,
    *,
    zone: str = "UTC",
    lanes: str = "sender",
    title: str | None = None,
    show_unsolved: bool = True,
    max_labels: int | None = None,
) -> Axes:
    """Draw the chronology of ``obj`` as a lane timeline and return the Axes.

    ``obj`` is a :class:`~chronology.chronicle.Chronology`, a
    :class:`~chronology.corpus.Corpus` (solved with default options), or a path or list
    of paths to read. With ``ax=None`` a new figure sized to the number of lanes is made
    (on an Agg canvas, without pyplot); otherwise the chart is drawn into ``ax``.

    ``zone`` is the clock of the time axis: ``"UTC"``, an IANA key, or ``"local"`` (UTC
    axis, each event labelled with its own wall-clock reading). ``lanes`` groups events
    by ``"sender"``, ``"place"`` or ``"register"``. ``show_unsolved`` draws each reading's
    window as written behind its solved window. ``max_labels`` caps the telegram-number
    and clock labels (default: about one per square inch); the labels hidden, by the cap
    or to avoid overlap, are counted in the notes under the title.

    Labels are placed for the figure's size at the time of the call; resize the figure
    before calling, not after.
    """
    if lanes not in LANE_MODES:
        raise ValueError(f"lanes must be one of {', '.join(LANE_MODES)}; got {lanes!r}")
    tz, zone_name = _axis_zone(zone)
    chron = _chronology_of(obj)
    width_guess = (
        ax.get_position().width * ax.figure.get_size_inches()[0] if ax is not None else 8.5
    )
    plan = _plan(chron, lanes, show_unsolved, width_guess)
    scale = _Scale.of(len(plan.marks))
    own = ax is None
    if ax is None:
        fig = Figure(figsize=_figure_size(plan.n_rows, len(plan.marks)), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
    _draw_lanes(ax, plan)
    _format_axis(ax, tz, zone_name, zone == "local", plan.span)
    _draw_bars(ax, plan, scale)
    _draw_points(ax, plan, scale)
    links = _links(plan, chron.messages)
    _legend(ax, plan, links)
    if not plan.marks:  # say so, rather than show an axis of made-up dates
        ax.text(
            0.5,
            0.5,
            "no dated event to draw",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="#777777",
        )
        ax.xaxis.set_major_locator(NullLocator())
        ax.xaxis.set_major_formatter(NullFormatter())
        ax.set_xlabel("")
    from chronology import tzdata_version

    # Room under the title for the notes, which are only final once labels are placed:
    # reserve for the worst case of the label notes.
    width = _note_width(ax, ax.figure.get_size_inches()[0])
    guess = _wrap(_plan_notes(plan) + _LABEL_NOTE_GUESS[: 1 + (zone == "local")], width)
    ax.set_title(
        title
        if title is not None
        else f"Chronology of {_plural(plan.n_messages, 'message')} (tz data {tzdata_version()})",
        loc="left",
        fontsize=11,
        pad=6 + 9.5 * len(guess),
    )
    if own:
        # Settle the layout now and keep it: arrows and labels are placed in display
        # space, so the axes must not move afterwards.
        fig = ax.figure
        fig.get_layout_engine().execute(fig)  # type: ignore[union-attr]
        fig.set_layout_engine("none")
    _draw_links(ax, links, scale, dense=len(plan.marks) > 150)
    cap = max_labels if max_labels is not None else _default_max_labels(ax)
    labels = _labels(plan, chron.messages, zone == "local")
    hidden = _place_labels(ax, plan, links, labels, scale, max(cap, 0))
    wanted: dict[str, int] = defaultdict(int)
    for lab in labels:
        wanted[lab.kind] += 1
    lines = _wrap(_plan_notes(plan) + _label_notes(hidden, wanted, cap), width)
    if len(lines) > len(guess):
        lines = [*lines[: len(guess) - 1], "; ".join(lines[len(guess) - 1 :])]
    if lines:
        note = ax.annotate(
            "\n".join(lines),
            (0, 1),
            xycoords="axes fraction",
            xytext=(0, 4),
            textcoords="offset points",
            fontsize=_NOTE_FONT,
            color="#555555",
            va="bottom",
            ha="left",
            linespacing=1.25,
        )
        note.set_in_layout(False)
    return ax


def save_timeline(
    obj: Any,
    path: str | os.PathLike[str],
    *,
    zone: str = "UTC",
    lanes: str = "sender",
    title: str | None = None,
) -> None:
    """Write the timeline chart of ``obj`` to ``path``; the format follows the extension
    (.png at 150 dpi, .svg, .pdf). The output carries no creation date, so the same
    corpus gives the same file and charts can be kept under version control."""
    path = Path(path)
    fmt = SAVE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(
            f"cannot write a chart to {str(path)!r}: the extension must be one of "
            f"{', '.join(SAVE_FORMATS)} (got {path.suffix or 'none'!r})"
        )
    ax = plot_timeline(obj, zone=zone, lanes=lanes, title=title)
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None}, "png": {}}[fmt]
    with matplotlib.rc_context({"svg.hashsalt": "chronology", "svg.fonttype": "path"}):
        ax.figure.savefig(path, format=fmt, dpi=PNG_DPI, metadata=metadata)
