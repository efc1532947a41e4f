"""From a linked corpus to a chronology: constraints from the evidence, solved.

Every event of a message becomes a node of a Simple Temporal Network, bounded by its
reading's ``[earliest, latest)``. The evidence adds orderings, each with its reason:

* within a message, written <= sent <= received <= deciphered / typed / registered;
* a forward is sent after the forwarded message was received;
* a cited message was written before the message citing it;
* inside one register (office and year), a higher number was registered later
  (``register_order="yearly"``, the default: numbering restarts each January;
  ``"continuous"``: one series across years; ``False`` or ``"off"``: not assumed);
* optionally, transit from sending to receipt takes at most ``transit``.

Messages known only by reference get nodes of their own, so they too receive a time
window. Solving tightens every bound; a conflict is a set of evidence that cannot all
hold, traced back to documents, spans and characters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import attrs

from chronology.formats.contract import iso
from chronology.model import Event, EventKind, Message
from chronology.network import Network

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_RANK = {
    EventKind.WRITTEN: 0,
    EventKind.DECIDED: 0,
    EventKind.FILED: 1,
    EventKind.SENT: 2,
    EventKind.RECEIVED: 3,
    EventKind.DELIVERED: 3,
    EventKind.DECIPHERED: 4,
    EventKind.TYPED: 4,
    EventKind.REGISTERED: 4,
}


def _sec(t: dt.datetime) -> int:
    return int((t - EPOCH).total_seconds())


def _time(s: int) -> dt.datetime:
    return EPOCH + dt.timedelta(seconds=s)


def parse_duration(text: str) -> dt.timedelta:
    """'48h', '2d', '90m', '1d12h' -> timedelta; raises ValueError with a clear message."""
    parts = re.findall(r"(\d+)\s*([dhm])", text.strip().lower())
    if not parts or "".join(n + u for n, u in parts) != re.sub(r"\s", "", text.lower()):
        raise ValueError(f"cannot read the duration {text!r}: write it like 48h, 2d or 1d12h")
    unit = {"d": 86400, "h": 3600, "m": 60}
    return dt.timedelta(seconds=sum(int(n) * unit[u] for n, u in parts))


@attrs.frozen
class Evidence:
    """One item a conflict can be traced to: a reading's bound or an ordering's reason."""

    what: str  # plain sentence
    items: tuple[tuple[str | None, tuple[int, int] | None, str], ...]  # (document, span, text)


@attrs.frozen
class Node:
    """An event of the network: a read event, or a virtual one of a message that has
    none of that kind (a telegram known only by reference still was sent and received)."""

    id: str
    message: str | None
    kind: EventKind
    event: Event | None


@attrs.frozen
class Conflict:
    explanation: str
    evidence: tuple[Evidence, ...]

    def as_json(self) -> dict[str, Any]:
        ev = []
        for e in self.evidence:
            for doc, span, text in e.items:
                item = {
                    "document": doc,
                    "span": list(span) if span else None,
                    "text": text,
                    "why": e.what,
                }
                if item not in ev:
                    ev.append(item)
        return {"explanation": self.explanation, "evidence": ev}


@attrs.frozen
class SolvedEvent:
    node: Node
    earliest: dt.datetime | None
    latest: dt.datetime | None

    @property
    def label(self) -> str:
        return self.node.id


class _Builder:
    def __init__(self, messages: Sequence[Message], skip: frozenset[int] = frozenset()) -> None:
        self.net = Network()
        self.skip = skip
        self.widths: dict[int, int] = {}
        self.orders: list[tuple[int, int, int, int | None, int]] = []
        self.nodes: list[Node] = []
        self.evidence: list[Evidence] = []
        self.by_msg: dict[str, list[int]] = defaultdict(list)
        self.messages = {m.id: m for m in messages}

    def tag(
        self, what: str, items: Sequence[tuple[str | None, tuple[int, int] | None, str]]
    ) -> int:
        self.evidence.append(Evidence(what, tuple(items)))
        return len(self.evidence) - 1

    def node(self, node: Node) -> int:
        n = self.net.add_node()
        self.nodes.append(node)
        if node.message:
            self.by_msg[node.message].append(n)
        ev = node.event
        if ev is not None:
            p = ev.provenance
            t = self.tag(
                f"'{p.text}' places the {ev.kind.value} event of {ev.message or 'the document'}"
                f" in [{iso(ev.time.earliest)}, {iso(ev.time.latest)})",
                [(p.document, p.span, p.text)],
            )
            self.widths[t] = _sec(ev.time.latest) - _sec(ev.time.earliest)
            if t not in self.skip:
                self.net.add_bound(n, _sec(ev.time.earliest), _sec(ev.time.latest), t)
        return n

    def virtual(self, msg: Message, kind: EventKind) -> int:
        for n in self.by_msg.get(msg.id, []):
            if self.nodes[n].kind is kind and self.nodes[n].event is None:
                return n
        return self.node(Node(f"{msg.id}:{kind.value}", msg.id, kind, None))

    def of_kind(self, msg: Message, kinds: tuple[EventKind, ...]) -> list[int]:
        return [n for n in self.by_msg.get(msg.id, []) if self.nodes[n].kind in kinds]

    def first(self, msg: Message) -> int:
        """The node that stands for the message's writing: its earliest-ranked event."""
        ns = [n for n in self.by_msg.get(msg.id, []) if self.nodes[n].kind in _RANK]
        if not ns:
            return self.virtual(msg, EventKind.WRITTEN)
        return min(ns, key=lambda n: _RANK[self.nodes[n].kind])

    def order(
        self,
        a: int,
        b: int,
        why: str,
        items: Sequence[tuple[str | None, tuple[int, int] | None, str]] = (),
    ) -> None:
        self.add(a, b, 0, None, self.tag(why, items))

    def add(self, a: int, b: int, min_gap: int, max_gap: int | None, tag: int) -> None:
        """An ordering, remembered per event so that a bound can be explained."""
        self.net.add_order(a, b, min_gap, max_gap, tag)
        self.orders.append((a, b, min_gap, max_gap, tag))


def _ref_items(msg: Message) -> list[tuple[str | None, tuple[int, int] | None, str]]:
    return [(d.provenance.document, d.provenance.span, d.provenance.text) for d in msg.designators]


def build(
    messages: Sequence[Message],
    events: Sequence[Event],
    *,
    register_order: bool | str = True,
    transit: dt.timedelta | None = None,
    skip: frozenset[int] = frozenset(),
) -> _Builder:
    """The network of a corpus. ``skip``: tags of bounds left out (to look for further
    conflicts once one is known)."""
    b = _Builder(messages, skip)
    seen_events: set[str] = set()
    for e in events:
        if e.message in b.messages and e.kind in _RANK and e.id not in seen_events:
            seen_events.add(e.id)
            b.node(Node(e.id, e.message, e.kind, e))
    for m in messages:
        if m.forwards and m.forwards in b.messages:
            inner = b.messages[m.forwards]
            got = b.of_kind(inner, (EventKind.RECEIVED,)) or [b.first(inner)]
            outs = b.of_kind(m, (EventKind.SENT, EventKind.RECEIVED)) or [b.first(m)]
            for g in got:
                for o in outs:
                    if b.nodes[o].kind is EventKind.SENT or not b.of_kind(m, (EventKind.SENT,)):
                        b.order(
                            g,
                            o,
                            f"{m.id} forwards {inner.id}: it was sent after "
                            f"{inner.id} was received",
                        )
        for r in m.references:
            target_id = r.target
            if not target_id or target_id not in b.messages or target_id == m.id:
                continue
            target = b.messages[target_id]
            if target_id == m.forwards or r.direction == "editorial":
                continue
            p = r.provenance
            b.order(
                b.first(target),
                b.first(m),
                f"{m.id} cites {target_id} ('{p.text}'): the cited message was written first",
                [(p.document, p.span, p.text)],
            )
    for m in messages:
        if transit is not None:
            for s in b.of_kind(m, (EventKind.SENT,)):
                for rcv in b.of_kind(m, (EventKind.RECEIVED,)):
                    t = b.tag(f"transit of {m.id} takes at most {transit}", [])
                    b.add(s, rcv, 0, int(transit.total_seconds()), t)
    mode = {True: "yearly", False: "off"}.get(register_order, register_order)  # type: ignore[call-overload]
    if mode not in ("yearly", "continuous", "off"):
        raise ValueError(f"register_order must be 'yearly', 'continuous' or 'off', not {mode!r}")
    if mode != "off":
        _register_order(b, messages, yearly=mode == "yearly")
    # Within a message: written <= sent <= received <= processing. Last, so that the
    # inferred events made above for messages known only by reference are ordered too.
    for m in messages:
        ns = b.by_msg.get(m.id, [])
        for x in ns:
            for y in ns:
                kx, ky = b.nodes[x].kind, b.nodes[y].kind
                if _RANK[kx] < _RANK[ky]:
                    b.order(x, y, f"{m.id}: {kx.value} comes no later than {ky.value}")
    return b


def _register_event(b: _Builder, m: Message, register: str) -> int:
    """The event a register's numbering follows: receipt for an incoming register,
    sending for an outgoing one."""
    if "incoming" in register:
        got = b.of_kind(m, (EventKind.RECEIVED,))
        if got:
            return min(got, key=lambda n: _RANK[b.nodes[n].kind])
        return b.virtual(m, EventKind.RECEIVED)
    sent = b.of_kind(m, (EventKind.SENT,))
    return sent[0] if sent else b.virtual(m, EventKind.SENT)


def _number_key(number: str) -> tuple[int, ...] | None:
    digits = re.findall(r"\d+", number)
    if not digits:
        return None
    return tuple(int(d) for d in digits)


# Series whose numbers are not known to rise with time: a registry stamp's own number,
# the item numbers inside a protocol, numbers whose register the text does not name.
_UNORDERED = frozenset({"unknown", "heading", "", "registry-stamp", "politburo-protocol-item"})
# US telegram series ("telegrams:<post>", from "Deptel 1047", "Embtel 52" or a FRUS
# telegram's own number) are numbered per pair of posts and restart with the fiscal year
# in July: New Delhi's No. 1691 of 12 January 1951 comes before its No. 1189 of that
# autumn. A register keyed by one post and the calendar year would order them wrongly, so
# these numbers are read and linked but not used to order.
_UNORDERED_PREFIXES = ("telegrams:",)


def _register_order(b: _Builder, messages: Sequence[Message], yearly: bool = True) -> None:
    """Inside a register, numbers rise with time: consecutive numbers are ordered. Most
    registers restart in January, so by default a register is keyed by its year too; a
    register known to run on across years is one series (``yearly=False``)."""
    series: dict[tuple[str, int | None], dict[tuple[int, ...], Message]] = defaultdict(dict)
    for m in messages:
        for d in m.designators:
            if (
                d.register in _UNORDERED
                or d.register.endswith(":unknown")
                or d.register.startswith(_UNORDERED_PREFIXES)
            ):
                continue
            key = _number_key(d.number)
            if key is None or len(key) != 1:
                continue
            series[(d.register, d.year if yearly else None)].setdefault(key, m)
    for (register, year), entries in series.items():
        ordered = sorted(entries.items())
        for (ka, ma), (kb, mb) in zip(ordered, ordered[1:], strict=False):
            if ma.id == mb.id:
                continue
            a, c = _register_event(b, ma, register), _register_event(b, mb, register)
            items = _ref_items(ma)[:1] + _ref_items(mb)[:1]
            # Two numbers of one register are two registrations: strictly one after the
            # other (by at least a second).
            tag = b.tag(
                f"register {register} ({year}): No. {ka[0]} was registered before No. {kb[0]}",
                items,
            )
            b.add(a, c, 1, None, tag)


@attrs.frozen
class Sequence_:
    """The dated sequence: events in order of their tightened bounds."""

    rows: tuple[SolvedEvent, ...]
    open_pairs: tuple[tuple[str, str], ...]
    messages: dict[str, Message]

    def _designators(self, msg_id: str | None) -> str:
        m = self.messages.get(msg_id or "")
        if not m:
            return ""
        return ", ".join(f"{d.number}" for d in m.designators)

    def as_json(self) -> list[dict[str, Any]]:
        out = []
        for r in self.rows:
            ev = r.node.event
            out.append(
                {
                    "event": r.node.id,
                    "kind": r.node.kind.value,
                    "message": r.node.message,
                    "designators": self._designators(r.node.message),
                    "earliest": iso(r.earliest) if r.earliest else None,
                    "latest": iso(r.latest) if r.latest else None,
                    "read_earliest": iso(ev.time.earliest) if ev else None,
                    "read_latest": iso(ev.time.latest) if ev else None,
                    "local": ev.time.local if ev else None,
                    "zone": ev.time.zone if ev else None,
                    "text": ev.provenance.text if ev else None,
                    "document": ev.provenance.document if ev else None,
                    "span": list(ev.provenance.span) if ev and ev.provenance.span else None,
                }
            )
        return out

    def as_csv(self) -> str:
        rows = self.as_json()
        buf = io.StringIO()
        if rows:
            w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            for r in rows:
                w.writerow(
                    {k: (" ".join(map(str, v)) if isinstance(v, list) else v) for k, v in r.items()}
                )
        return buf.getvalue()

    def as_table(self, zone: str = "UTC") -> str:
        from chronology.zones.tzdb import get_zone

        tz = get_zone(zone)

        def fmt(t: dt.datetime | None) -> str:
            return t.astimezone(tz).strftime("%Y-%m-%d %H:%M") if t else "?"

        head = (
            f"{'earliest (' + zone + ')':<18} {'latest':<16} {'kind':<11} {'message':<26} "
            f"{'numbers':<14} text"
        )
        lines = [head, "-" * len(head)]
        for r in self.rows:
            ev = r.node.event
            text = ev.provenance.text if ev else "(inferred: no date in the text)"
            text = text.replace("\n", " ")
            lines.append(
                f"{fmt(r.earliest):<18} {fmt(r.latest):<16} {r.node.kind.value:<11} "
                f"{(r.node.message or '-'):<26} {self._designators(r.node.message):<14} "
                f"{text}"
            )
        if self.open_pairs:
            lines.append("")
            lines.append(
                "Orderings the evidence leaves open (adjacent rows that could be either way):"
            )
            for a, c in self.open_pairs:
                lines.append(f"  {a}  ?  {c}")
        return "\n".join(lines)


class Chronology:
    """The solved corpus: tightened bounds, conflicts, comparisons, a sequence."""

    def __init__(
        self, corpus: Any, register_order: bool | str = True, transit: dt.timedelta | None = None
    ) -> None:
        self.corpus = corpus
        msgs = _unique_messages(corpus.messages)
        events = [e for m in msgs for e in m.events] + list(corpus.events)
        self.builder = build(msgs, events, register_order=register_order, transit=transit)
        self.solution = self.builder.net.solve()
        self.messages = {m.id: m for m in msgs}
        self._conflict_tags = [c.tags for c in self.solution.conflicts]
        if not self.solution.consistent:
            self._more_conflicts(msgs, events, register_order, transit)

    def _more_conflicts(
        self,
        msgs: Sequence[Message],
        events: Sequence[Event],
        register_order: bool | str,
        transit: dt.timedelta | None,
        rounds: int = 4,
    ) -> None:
        """One conflict hides others that share its evidence. Leave out the widest bound
        of each conflict found and solve again, a few rounds, so that every distinct way
        the evidence fails is explained."""
        skip: set[int] = set()
        seen = {tuple(sorted(t)) for t in self._conflict_tags}
        frontier = list(self._conflict_tags)
        widths = self.builder.widths
        for _ in range(rounds):
            added = False
            for tags in frontier:
                bounds = [t for t in tags if t in widths and t not in skip]
                if bounds:
                    skip.add(max(bounds, key=lambda t: (widths[t], t)))
                    added = True
            if not added:
                return
            again = build(
                msgs, events, register_order=register_order, transit=transit, skip=frozenset(skip)
            )
            sol = again.net.solve()
            frontier = []
            for c in sol.conflicts:
                key = tuple(sorted(c.tags))
                if key not in seen:
                    seen.add(key)
                    self._conflict_tags.append(c.tags)
                    frontier.append(c.tags)
            if not frontier:
                return

    def _repr_html_(self) -> str:
        from chronology.notebook import chronology_html

        return chronology_html(self)

    @property
    def consistent(self) -> bool:
        return self.solution.consistent

    @property
    def nodes(self) -> list[Node]:
        return self.builder.nodes

    def bounds(self, n: int) -> tuple[dt.datetime | None, dt.datetime | None]:
        e, la = self.solution.earliest(n), self.solution.latest(n)
        return (_time(e) if e is not None else None, _time(la) if la is not None else None)

    @property
    def conflicts(self) -> list[Conflict]:
        out = []
        for tags in self._conflict_tags:
            ev = tuple(self.builder.evidence[t] for t in tags if t >= 0)
            lines = [f"  - {e.what}" for e in ev]
            out.append(
                Conflict("These pieces of evidence cannot all hold:\n" + "\n".join(lines), ev)
            )
        return out

    def events(self) -> list[SolvedEvent]:
        return [SolvedEvent(node, *self.bounds(i)) for i, node in enumerate(self.nodes)]

    def find(self, key: str | tuple[str, str]) -> int:
        """A node by event id, by ``(message id or number, kind)``, or 'number:kind'."""
        if isinstance(key, str) and ":" in key and not key.count("@"):
            key = tuple(key.rsplit(":", 1))  # type: ignore[assignment]
        if isinstance(key, tuple):
            who, kind = key
            msg = self.corpus.message(who)
            ns = [
                i for i in self.builder.by_msg.get(msg.id, []) if self.nodes[i].kind.value == kind
            ]
            if not ns:
                raise KeyError(f"message {msg.id} has no {kind} event")
            return ns[0]
        for i, n in enumerate(self.nodes):
            if n.id == key:
                return i
        raise KeyError(f"no event {key!r}")

    def explain(self, key: str | tuple[str, str]) -> str:
        """How one event's time was derived: the characters, the rule, the clock and why,
        and the orderings that tightened the window it was read with."""
        n = self.find(key)
        node = self.nodes[n]
        lo, hi = self.bounds(n)
        out = [f"event {node.id}: {node.kind.value} of {node.message}"]
        ev = node.event
        if ev is None:
            out.append("  no date in the text: the window comes from the orderings alone")
        else:
            p, t = ev.provenance, ev.time
            out += [
                f"  read: {p.text!r} at characters {list(p.span) if p.span else '?'} of "
                f"{p.document}, by the rule '{p.rule}'",
                f"  local reading: {t.local} ({t.precision.value}), clock: "
                f"{t.zone or 'not known'}" + (f" [{t.status}]" if t.status != "unique" else ""),
            ]
            out += [f"  assumption: {a}" for a in p.assumptions]
            if t.candidates:
                out += [
                    f"  candidate clock {c.zone}: [{iso(c.earliest)}, {iso(c.latest)})"
                    for c in t.candidates
                ]
            out.append(f"  as read: [{iso(t.earliest)}, {iso(t.latest)}) UTC (tz data {t.tzdata})")
        out.append(
            f"  after solving: [{iso(lo) if lo else '-inf'}, {iso(hi) if hi else '+inf'}) UTC"
        )
        touching = [o for o in self.builder.orders if n in (o[0], o[1])]
        if touching:
            out.append("  orderings that bear on it:")
        for a, b, gmin, _gmax, tag in touching:
            other = b if a == n else a
            olo, ohi = self.bounds(other)
            rel = "before" if a == n else "after"
            tight = ""
            if (
                a != n
                and lo is not None
                and olo is not None
                and olo + dt.timedelta(seconds=gmin) == lo
            ):
                tight = "  <- sets the earliest time"
            if (
                b != n
                and hi is not None
                and ohi is not None
                and ohi - dt.timedelta(seconds=gmin) == hi
            ):
                tight = "  <- sets the latest time"
            out.append(
                f"    - {rel} {self.nodes[other].id} "
                f"[{iso(olo) if olo else '-inf'}, {iso(ohi) if ohi else '+inf'}): "
                f"{self.builder.evidence[tag].what}{tight}"
            )
        return "\n".join(out)

    def before(self, a: str | tuple[str, str], b: str | tuple[str, str]) -> bool | None:
        """True if ``a`` certainly happened before ``b``, False if certainly not, None if
        the evidence cannot tell."""
        return self.solution.before(self.find(a), self.find(b))

    def sequence(self) -> Sequence_:
        never = dt.datetime.max.replace(tzinfo=dt.UTC)
        rows = sorted(
            self.events(),
            key=lambda r: (r.earliest or r.latest or never, r.latest or never, r.node.id),
        )
        index = {n.id: i for i, n in enumerate(self.nodes)}
        open_pairs = []
        for x, y in zip(rows, rows[1:], strict=False):
            if (
                self.solution.consistent
                and self.solution.before(index[x.node.id], index[y.node.id]) is None
            ):
                open_pairs.append((x.node.id, y.node.id))
        return Sequence_(tuple(rows), tuple(open_pairs), self.messages)

    def check_report(self) -> dict[str, Any]:
        return {
            "consistent": self.consistent,
            "conflicts": [c.as_json() for c in self.conflicts],
            "events": len(self.nodes),
            "constraints": len(self.builder.evidence),
        }

    def check_text(self) -> str:
        if self.consistent:
            return (
                f"consistent: {len(self.nodes)} events, {len(self.builder.evidence)} "
                "pieces of evidence, no ordering conflict"
            )
        out = [f"{len(self.conflicts)} ordering conflict(s):"]
        for i, c in enumerate(self.conflicts, 1):
            out.append(f"{i}. {c.explanation}")
            for e in c.evidence:
                for doc, span, text in e.items:
                    out.append(f"     {doc} {list(span) if span else ''}: {text!r}")
        return "\n".join(out)


def _unique_messages(messages: Sequence[Message]) -> list[Message]:
    seen: dict[str, Message] = {}
    for m in messages:
        seen.setdefault(m.id, m)
    return list(seen.values())


def solve(
    corpus: Any, *, register_order: bool | str = True, transit: dt.timedelta | None = None
) -> Chronology:
    return Chronology(corpus, register_order=register_order, transit=transit)
