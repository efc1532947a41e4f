"""Simple Temporal Network (STN) of events with uncertain times, and its solver.

Every event has an unknown instant, in integer seconds since 1970-01-01T00:00Z.  Evidence
gives two kinds of facts:

* a *bound*: the event lies in the half-open window ``[earliest, latest)``;
* an *order*: ``min_gap <= t(second) - t(first) <= max_gap``.

Both are difference constraints, so the network is a graph problem.  We use the *order
graph*: an edge ``u -> v`` of weight ``w`` means ``t(v) >= t(u) + w``; an order gives
``first -> second`` (weight ``min_gap``) and, with a ``max_gap``, ``second -> first``
(weight ``-max_gap``).  The earliest time of an event is the longest path to it from the
lower bounds, its latest time the mirror image (longest path on the reversed graph from the
negated upper bounds), and the evidence is contradictory exactly when there is a cycle of
positive weight or an event whose earliest time passes its latest time.

The solver is built for a million events in Python.  Its main engine is a vectorised,
frontier-based Bellman-Ford in numpy: each round relaxes the out-edges of the events that
improved in the previous round.  Real corpora, where most events carry a date, settle in a
few rounds.  Thin frontiers (the tail of a long chain) are relaxed by a plain Python queue
instead, where per-call numpy overhead would dominate.  Positive cycles are found by
looking for cycles in the predecessor graph, which is cheap to do in numpy.  If the work
exceeds a budget (adversarial shapes where labels improve many times), the solver switches
to an exact topological algorithm: iterative Tarjan SCCs, one pass over the condensation,
queue-based Bellman-Ford only inside cyclic components.

Every contradiction is reported as a :class:`Conflict`: the tags of the evidence items on
one simple cycle, which is a minimal infeasible subset.  See ``docs/solver.md``.
"""

from __future__ import annotations

import heapq
from array import array
from collections import deque
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import attrs
import numpy as np

__all__ = ["Conflict", "Network", "Solution"]

# "Infinite" values inside the int64 arrays.  Inputs are kept within +-_INPUT_LIMIT and
# solve() refuses networks whose paths could add up past _VALUE_LIMIT, so real values never
# reach these; hot loops still never do arithmetic on them.
_NEG = -(1 << 62)
_POS = 1 << 62
_VALUE_LIMIT = 1 << 61
_INPUT_LIMIT = 1 << 50
# Stored in the network's columns for "no bound" / "no max_gap".
_I64_MIN = -(1 << 63)
_I64_MAX = (1 << 63) - 1

# Fast engine tuning.  Below _THIN active events a round is done in Python, where a numpy
# call costs as much as relaxing a few hundred edges; above _THICK queued events Python hands
# back to numpy.  Python relaxations count _PY_COST units of work, numpy ones one unit.
_THIN = 64
_THICK = 4096
_PY_CHUNK = 50_000
_PY_COST = 8
_ROUND_COST = 256
_BUDGET_FACTOR = 24
_BUDGET_FLOOR = 200_000


@attrs.frozen
class Conflict:
    """One reason why the evidence cannot all be true.

    ``tags`` are the caller's tags of the evidence items on one simple cycle of the
    constraint graph, in the order of the cycle, each once.  Such a cycle is a minimal
    infeasible subset: drop any one item and the others can all hold (if every item has
    its own tag).  Items with a negative tag (the default of :meth:`Network.add_order`) are
    structural facts rather than evidence; they are not listed, but ``explanation`` counts
    them.  ``nodes`` are the events on the cycle, in order.
    """

    tags: tuple[int, ...]
    explanation: str
    nodes: tuple[int, ...] = ()


class Network:
    """A growing set of events (ints ``0..n-1``), bounds and order constraints.

    Storage is a handful of ``array('q')`` columns, one row per constraint or node, because
    a corpus can have millions of constraints and a Python object per constraint would cost
    more memory and time than solving them.
    """

    def __init__(self, n_nodes: int = 0) -> None:
        if n_nodes < 0:
            raise ValueError("n_nodes must be >= 0")
        self._n = n_nodes
        # Per node: tightest usable lower/upper bound (upper inclusive), with the tag and
        # item number of the bound it came from, and the raw intersection of all bounds
        # given, including ones that are empty by themselves.
        self._lo = array("q", [_I64_MIN]) * n_nodes
        self._lo_tag = array("q", [-1]) * n_nodes
        self._lo_item = array("q", [-1]) * n_nodes
        self._hi = array("q", [_I64_MAX]) * n_nodes
        self._hi_tag = array("q", [-1]) * n_nodes
        self._hi_item = array("q", [-1]) * n_nodes
        self._raw_lo = array("q", [_I64_MIN]) * n_nodes
        self._raw_hi = array("q", [_I64_MAX]) * n_nodes
        self._n_bounds = 0
        # Per order constraint.
        self._first = array("q")
        self._second = array("q")
        self._min = array("q")
        self._max = array("q")
        self._tag = array("q")
        # Items infeasible on their own: reported as they are and kept out of the graph.
        self._item_conflicts: list[Conflict] = []

    def __len__(self) -> int:
        return self._n

    @property
    def n_constraints(self) -> int:
        """Number of order constraints kept (self-contradictory and trivial ones excluded)."""
        return len(self._first)

    def add_node(self) -> int:
        """Add an unbounded event and return its id."""
        for column, value in (
            (self._lo, _I64_MIN), (self._lo_tag, -1), (self._lo_item, -1),
            (self._hi, _I64_MAX), (self._hi_tag, -1), (self._hi_item, -1),
            (self._raw_lo, _I64_MIN), (self._raw_hi, _I64_MAX),
        ):
            column.append(value)
        self._n += 1
        return self._n - 1

    def add_bound(self, node: int, earliest: int | None, latest: int | None, tag: int) -> None:
        """State that ``node`` lies in ``[earliest, latest)``; ``None`` leaves a side open.

        Several bounds on one node intersect.  A bound whose own window is empty is a
        conflict by itself: it is reported alone and not used to tighten anything else.
        """
        if not 0 <= node < self._n:
            raise IndexError(f"node {node} out of range (network has {self._n})")
        for value in (earliest, latest):
            if value is not None and not -_INPUT_LIMIT <= value <= _INPUT_LIMIT:
                raise ValueError(f"time {value} is out of the supported range (+-2**50)")
        item = self._n_bounds
        self._n_bounds += 1
        if earliest is not None and earliest > self._raw_lo[node]:
            self._raw_lo[node] = earliest
        if latest is not None and latest - 1 < self._raw_hi[node]:
            self._raw_hi[node] = latest - 1
        if earliest is not None and latest is not None and earliest >= latest:
            self._item_conflicts.append(_empty_bound_conflict(node, earliest, latest, tag))
            return
        if earliest is not None and earliest > self._lo[node]:
            self._lo[node] = earliest
            self._lo_tag[node] = tag
            self._lo_item[node] = item
        if latest is not None and latest - 1 < self._hi[node]:
            self._hi[node] = latest - 1
            self._hi_tag[node] = tag
            self._hi_item[node] = item

    def add_order(
        self,
        first: int,
        second: int,
        min_gap: int = 0,
        max_gap: int | None = None,
        tag: int = -1,
    ) -> None:
        """State ``min_gap <= t(second) - t(first) <= max_gap`` (``None``: no upper limit).

        A constraint that contradicts itself (``max_gap < min_gap``, or an event ordered
        against itself with a non-zero gap) is reported alone and kept out of the graph.
        """
        n = self._n
        if not (0 <= first < n and 0 <= second < n):
            raise IndexError(f"node out of range: {first}, {second} (network has {n})")
        if not -_INPUT_LIMIT <= min_gap <= _INPUT_LIMIT or (
            max_gap is not None and not -_INPUT_LIMIT <= max_gap <= _INPUT_LIMIT
        ):
            raise ValueError("gap out of the supported range (+-2**50)")
        if max_gap is not None and max_gap < min_gap:
            self._item_conflicts.append(_gap_conflict(first, second, min_gap, max_gap, tag))
            return
        if first == second:
            if min_gap > 0 or (max_gap is not None and max_gap < 0):
                self._item_conflicts.append(
                    _gap_conflict(first, second, min_gap, max_gap, tag)
                )
            return
        self._first.append(first)
        self._second.append(second)
        self._min.append(min_gap)
        self._max.append(_I64_MAX if max_gap is None else max_gap)
        self._tag.append(tag)

    def solve(self) -> Solution:
        """Tighten every window, check consistency and explain every conflict found."""
        return _solve(self)


class Solution:
    """Result of :meth:`Network.solve`: tightened windows, conflicts, order queries.

    When the network is consistent, ``earliest``/``latest`` are exact: the projection of the
    minimal network on each event.  When it is not, the items of every conflict found
    among the order constraints alone (a positive cycle) are set aside and the rest is
    solved again; events *involved* in a conflict (on such a cycle, with an empty window, or
    touched by a self-contradictory item) get back the windows given by ``add_bound``
    untouched, and every other event gets its window tightened by the evidence that was not
    set aside.  Windows are never wider than the bounds given.
    """

    __slots__ = ("consistent", "conflicts", "_lo", "_hi", "_involved", "_start", "_dst",
                 "_weight", "_potential")

    def __init__(self, conflicts: list[Conflict], lo: np.ndarray, hi: np.ndarray,
                 involved: np.ndarray | None, graph: _Edges, potential: np.ndarray) -> None:
        self.consistent = not conflicts
        self.conflicts = conflicts
        self._lo = memoryview(lo)
        self._hi = memoryview(hi)
        self._involved = involved
        self._start = memoryview(graph.start)
        self._dst = memoryview(graph.dst)
        self._weight = memoryview(graph.weight)
        self._potential = memoryview(potential)

    def earliest(self, node: int) -> int | None:
        """Earliest possible time of ``node`` (inclusive); ``None`` if unbounded."""
        value = self._lo[node]
        return None if value == _NEG else value

    def latest(self, node: int) -> int | None:
        """End of the window of ``node`` (exclusive); ``None`` if unbounded."""
        value = self._hi[node]
        return None if value == _POS else value + 1

    def involved(self, node: int) -> bool:
        """Whether ``node`` takes part in a reported conflict (its window is then raw)."""
        return self._involved is not None and bool(self._involved[node])

    def before(self, a: int, b: int) -> bool | None:
        """``True`` if ``a`` is strictly earlier than ``b`` in every solution, ``False`` if it
        is never earlier, ``None`` if the evidence does not decide.

        In the minimal network ``max t(a) - t(b)`` is the smaller of two ways round: through
        the bounds (``latest(a) - 1 - earliest(b)``) and minus the longest chain of
        constraints from ``a`` to ``b``.  The chain decides when no bounds are known, so it
        is searched for (only when the bounds alone do not answer).  Events involved in a
        conflict get ``None``.
        """
        if self.involved(a) or self.involved(b):
            return None
        if a == b:
            return False
        lo, hi = self._lo, self._hi
        if hi[a] != _POS and lo[b] != _NEG and hi[a] < lo[b]:
            return True
        if lo[a] != _NEG and hi[b] != _POS and lo[a] >= hi[b]:
            return False
        if self._chain_at_least(a, b, 1):
            return True
        if self._chain_at_least(b, a, 0):
            return False
        return None

    def _chain_at_least(self, a: int, b: int, k: int) -> bool:
        """Is there a chain of constraints forcing ``t(b) >= t(a) + k``?

        Dijkstra on the reduced costs ``p[v] - p[u] - w >= 0`` of a schedule ``p`` that
        satisfies every order edge; a chain's weight is then ``p[b] - p[a]`` minus its cost,
        so the search stops at the cost that would already make the chain too light.
        """
        p = self._potential
        limit = p[b] - p[a] - k
        if limit < 0:
            return False
        start, dst, wt = self._start, self._dst, self._weight
        dist = {a: 0}
        heap = [(0, a)]
        while heap:
            d, u = heapq.heappop(heap)
            if u == b:
                return True
            if d > dist[u]:
                continue
            base = d - p[u]
            for i in range(start[u], start[u + 1]):
                x = dst[i]
                nd = base + p[x] - wt[i]
                if nd <= limit and nd < dist.get(x, limit + 1):
                    dist[x] = nd
                    heapq.heappush(heap, (nd, x))
        return False


# --------------------------------------------------------------------------------------
# Graph
# --------------------------------------------------------------------------------------


@attrs.frozen
class _Edges:
    """The order graph: edge ``e`` is ``src[e] -> dst[e]`` of weight ``weight[e]`` from
    constraint ``cid[e]``, sorted by source so that ``start`` makes it a CSR; ``rstart`` and
    ``rorder`` index the same edges sorted by destination."""

    n: int
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    cid: np.ndarray
    start: np.ndarray
    rstart: np.ndarray
    rorder: np.ndarray

    def forward(self) -> _Csr:
        return _Csr(self.start, self.dst, self.weight, np.arange(len(self.dst)), self.src,
                    self.cid)

    def backward(self) -> _Csr:
        r = self.rorder
        return _Csr(self.rstart, self.src[r], self.weight[r], r, self.dst, self.cid)

    def within(self, inside: np.ndarray) -> _Csr:
        """Forward edges with both ends in ``inside`` (a boolean mask over nodes)."""
        keep = np.flatnonzero(inside[self.src] & inside[self.dst])
        return _Csr(_starts(self.src[keep], self.n), self.dst[keep], self.weight[keep], keep,
                    self.src, self.cid)


@attrs.frozen
class _Csr:
    """Adjacency for one longest-path problem: out-edges of ``u`` are positions
    ``start[u]:start[u+1]`` with heads ``head`` and weights ``weight``; ``eid`` maps a
    position to its edge id, ``tail[e]`` gives the node an edge id comes from (the
    predecessor recorded for the node it improves) and ``cid[e]`` its constraint."""

    start: np.ndarray
    head: np.ndarray
    weight: np.ndarray
    eid: np.ndarray
    tail: np.ndarray
    cid: np.ndarray


def _int64(column: array) -> np.ndarray:
    """Copy an ``array('q')`` into numpy (a copy, so the array can keep growing)."""
    if not len(column):
        return np.zeros(0, dtype=np.int64)
    return np.frombuffer(column, dtype=np.int64).copy()


def _starts(keys: np.ndarray, n: int) -> np.ndarray:
    """CSR offsets: ``start[u]`` is the number of keys smaller than ``u``."""
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=start[1:])
    return start


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """Stable argsort of non-negative keys by 16-bit radix passes (numpy's radix sort for
    uint16 is about twice as fast as its merge sort on int64)."""
    order = np.arange(len(keys))
    top = int(keys.max()) if len(keys) else 0
    shift = 0
    while True:
        digit = ((keys[order] >> shift) & 0xFFFF).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
        shift += 16
        if top >> shift == 0:
            return order


def _edges(net: Network, aside: np.ndarray) -> _Edges:
    """Order edges of every constraint not set aside, in CSR form both ways."""
    n = net._n
    keep = np.flatnonzero(~aside)
    first, second = _int64(net._first)[keep], _int64(net._second)[keep]
    mins, maxs = _int64(net._min)[keep], _int64(net._max)[keep]
    has_max = maxs != _I64_MAX
    src = np.concatenate([first, second[has_max]])
    dst = np.concatenate([second, first[has_max]])
    weight = np.concatenate([mins, -maxs[has_max]])
    cid = np.concatenate([keep, keep[has_max]])
    order = _stable_order(src)
    src, dst, weight, cid = src[order], dst[order], weight[order], cid[order]
    rorder = _stable_order(dst)
    return _Edges(n=n, src=src, dst=dst, weight=weight, cid=cid, start=_starts(src, n),
                  rstart=_starts(dst, n), rorder=rorder)


# --------------------------------------------------------------------------------------
# Longest paths: fast engine, robust engine
# --------------------------------------------------------------------------------------


def _longest(csr: _Csr, val: np.ndarray, pred: np.ndarray, engine: str) -> list[list[int]]:
    """Raise ``val`` to the longest-path fixpoint ``val[v] >= val[u] + w``, recording in
    ``pred`` the edge id that set each value (-1: its own start value).  ``_NEG`` is minus
    infinity.  Returns positive cycles (as edge ids) met on the way, if any; the values are
    then meaningless and the caller sets the cycles aside and starts again.
    """
    if engine == "fast":
        init = val.copy()
        cycles = _fast_longest(csr, val, pred)
        if cycles is not None:
            return cycles
        val[:] = init
        pred[:] = -1
    return _robust_longest(csr, val, pred)


def _fast_longest(csr: _Csr, val: np.ndarray, pred: np.ndarray) -> list[list[int]] | None:
    """Frontier-based Bellman-Ford, vectorised; ``None`` if it ran out of budget.

    With a positive cycle reachable the frontier never empties; the predecessor graph then
    ends up containing that cycle (and any cycle it contains is positive), so it is checked
    whenever the work done doubles.
    """
    n, m = len(val), len(csr.head)
    budget = _BUDGET_FACTOR * (n + m) + _BUDGET_FLOOR
    check_at = 2 * (n + m) + _BUDGET_FLOOR // 4
    work = 0
    active = np.flatnonzero(val != _NEG)
    scratch = np.full(n, _I64_MAX, dtype=np.int64)
    views = (memoryview(csr.start), memoryview(csr.head), memoryview(csr.weight),
             memoryview(csr.eid), memoryview(val), memoryview(pred))
    queued = bytearray(n)
    while active.size:
        if active.size < _THIN:
            active, done = _python_round(views, active, queued)
            work += _PY_COST * done + 1
        else:
            active, done = _numpy_round(csr, val, pred, active, scratch)
            work += done + _ROUND_COST
        if work >= check_at:
            cycles = _pred_cycles(pred, csr.tail)
            if cycles:
                return cycles
            check_at *= 2
        if work > budget:
            return None
    return []


def _numpy_round(csr: _Csr, val: np.ndarray, pred: np.ndarray, active: np.ndarray,
                 scratch: np.ndarray) -> tuple[np.ndarray, int]:
    """Relax every out-edge of ``active`` at once; return the events that improved.

    Among several edges giving an event the same best value, the smallest edge id wins, so
    the result does not depend on numpy's scatter order.
    """
    first = csr.start[active]
    count = csr.start[active + 1] - first
    total = int(count.sum())
    if not total:
        return active[:0], 0
    pos = np.repeat(first - (np.cumsum(count) - count), count) + np.arange(total)
    head = csr.head[pos]
    cand = np.repeat(val[active], count) + csr.weight[pos]
    better = cand > val[head]
    if not better.any():
        return active[:0], total
    pos, head, cand = pos[better], head[better], cand[better]
    np.maximum.at(val, head, cand)
    won = cand == val[head]
    head = head[won]
    np.minimum.at(scratch, head, csr.eid[pos[won]])
    improved = np.unique(head)
    pred[improved] = scratch[improved]
    scratch[improved] = _I64_MAX
    return improved, total


def _python_round(views: tuple[memoryview, ...], active: np.ndarray,
                  queued: bytearray) -> tuple[np.ndarray, int]:
    """Queue-based relaxation (SPFA) from ``active`` while the queue stays small."""
    start, head, weight, eid, val, pred = views
    queue = deque(active.tolist())
    for u in queue:
        queued[u] = 1
    done = 0
    while queue:
        u = queue.popleft()
        queued[u] = 0
        vu = val[u]
        end = start[u + 1]
        for p in range(start[u], end):
            c = vu + weight[p]
            d = head[p]
            if c > val[d]:
                val[d] = c
                pred[d] = eid[p]
                if not queued[d]:
                    queued[d] = 1
                    queue.append(d)
        done += end - start[u]
        if len(queue) > _THICK or done > _PY_CHUNK:
            break
    for u in queue:
        queued[u] = 0
    return np.unique(np.array(queue, dtype=np.int64)), done


def _pred_cycles(pred: np.ndarray, tail: np.ndarray) -> list[list[int]]:
    """All cycles of the predecessor graph, found by pointer doubling (each node has at
    most one predecessor, so after ``>= n`` steps every walk sits on a cycle or at the
    root sentinel)."""
    n = len(pred)
    step = np.full(n + 1, n, dtype=np.int64)
    has = np.flatnonzero(pred >= 0)
    step[has] = tail[pred[has]]
    jump = step
    for _ in range(n.bit_length() + 1):
        jump = jump[jump]
    ends = np.unique(jump[:n])
    ends = ends[ends != n]
    cycles = []
    seen: set[int] = set()
    for c in ends.tolist():
        if c in seen:
            continue
        edges = []
        x = c
        while True:
            seen.add(x)
            edges.append(int(pred[x]))
            x = int(step[x])
            if x == c:
                break
        cycles.append(edges)
    return cycles


def _robust_longest(csr: _Csr, val: np.ndarray, pred: np.ndarray) -> list[list[int]]:
    """Exact longest paths in O(n + m) outside cyclic components: Tarjan's SCCs, then one
    pass in topological order, with SPFA inside each cyclic component.

    A positive cycle found inside a component is returned, and the component is solved
    again without that cycle's constraints so that further cycles show up in the same run.
    """
    n = len(val)
    start, head = csr.start.tolist(), csr.head.tolist()
    weight, eid = csr.weight.tolist(), csr.eid.tolist()
    values, preds = val.tolist(), pred.tolist()
    comp, order, groups = _strong_components(n, start, head)
    cids = csr.cid.tolist()
    cycles: list[list[int]] = []
    end = len(order)
    for group in reversed(groups):
        after = group.pos + len(group.members)
        _push(reversed(order[after:end]), start, head, weight, eid, values, preds, None, -1)
        cycles.extend(_settle_group(group, comp, start, head, weight, eid, values, preds,
                                    cids))
        _push(group.members, start, head, weight, eid, values, preds, comp, group.comp)
        end = group.pos
    _push(reversed(order[:end]), start, head, weight, eid, values, preds, None, -1)
    val[:] = values
    pred[:] = preds
    return cycles


