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

import contextlib
import gc
import heapq
from array import array
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

import attrs
import numpy as np

__all__ = ["Conflict", "Network", "Solution"]

# "Infinite" values inside the int64 arrays.  Inputs are kept within +-_INPUT_LIMIT and
# solve() refuses networks whose simple paths could add up past _SUM_LIMIT, so real values
# never come near these, and hot loops never do arithmetic on them.  Only a positive cycle
# pumps values up without limit; past _VALUE_LIMIT the fast engine stops and looks for it.
_NEG = -(1 << 62)
_POS = 1 << 62
_VALUE_LIMIT = 1 << 61
_SUM_LIMIT = 1 << 60
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
            (self._lo, _I64_MIN),
            (self._lo_tag, -1),
            (self._lo_item, -1),
            (self._hi, _I64_MAX),
            (self._hi_tag, -1),
            (self._hi_item, -1),
            (self._raw_lo, _I64_MIN),
            (self._raw_hi, _I64_MAX),
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
                self._item_conflicts.append(_gap_conflict(first, second, min_gap, max_gap, tag))
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

    __slots__ = (
        "consistent",
        "conflicts",
        "_lo",
        "_hi",
        "_involved",
        "_start",
        "_dst",
        "_weight",
        "_potential",
    )

    def __init__(
        self,
        conflicts: list[Conflict],
        lo: np.ndarray,
        hi: np.ndarray,
        involved: np.ndarray | None,
        graph: _Edges,
        potential: np.ndarray,
    ) -> None:
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
        return _Csr(self.start, self.dst, self.weight, np.arange(len(self.dst)), self.src, self.cid)

    def backward(self) -> _Csr:
        r = self.rorder
        return _Csr(self.rstart, self.src[r], self.weight[r], r, self.dst, self.cid)

    def within(self, inside: np.ndarray) -> _Csr:
        """Forward edges with both ends in ``inside`` (a boolean mask over nodes)."""
        keep = np.flatnonzero(inside[self.src] & inside[self.dst])
        return _Csr(
            _starts(self.src[keep], self.n),
            self.dst[keep],
            self.weight[keep],
            keep,
            self.src,
            self.cid,
        )


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
    first, second = _int64(net._first), _int64(net._second)
    mins, maxs = _int64(net._min), _int64(net._max)
    keep = np.arange(len(first))
    if aside.any():
        keep = np.flatnonzero(~aside)
        first, second, mins, maxs = first[keep], second[keep], mins[keep], maxs[keep]
    has_max = maxs != _I64_MAX
    src = np.concatenate([first, second[has_max]])
    dst = np.concatenate([second, first[has_max]])
    weight = np.concatenate([mins, -maxs[has_max]])
    cid = np.concatenate([keep, keep[has_max]])
    order = _stable_order(src)
    src, dst, weight, cid = src[order], dst[order], weight[order], cid[order]
    rorder = _stable_order(dst)
    return _Edges(
        n=n,
        src=src,
        dst=dst,
        weight=weight,
        cid=cid,
        start=_starts(src, n),
        rstart=_starts(dst, n),
        rorder=rorder,
    )


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
    views = (
        memoryview(csr.start),
        memoryview(csr.head),
        memoryview(csr.weight),
        memoryview(csr.eid),
        memoryview(val),
        memoryview(pred),
    )
    queued = bytearray(n)
    while active.size:
        # Values past _VALUE_LIMIT can only come from a positive cycle; stop before int64
        # overflows (a numpy round adds at most one gap, a Python round stops there).
        if active.size < _THIN:
            active, done, runaway = _python_round(views, active, queued)
            work += _PY_COST * done + 1
        else:
            active, done = _numpy_round(csr, val, pred, active, scratch)
            work += done + _ROUND_COST
            runaway = active.size > 0 and int(val[active].max()) >= _VALUE_LIMIT
        if work >= check_at or runaway:
            cycles = _pred_cycles(pred, csr.tail)
            if cycles:
                return cycles
            check_at *= 2
        if work > budget or runaway:
            return None
    return []


def _numpy_round(
    csr: _Csr, val: np.ndarray, pred: np.ndarray, active: np.ndarray, scratch: np.ndarray
) -> tuple[np.ndarray, int]:
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
    improved = _distinct(head, len(val))
    pred[improved] = scratch[improved]
    scratch[improved] = _I64_MAX
    return improved, total


def _distinct(nodes: np.ndarray, n: int) -> np.ndarray:
    """Sorted distinct node ids; a mark array beats sorting once there are many."""
    if len(nodes) * 32 < n:
        return np.unique(nodes)
    mark = np.zeros(n, dtype=bool)
    mark[nodes] = True
    return np.flatnonzero(mark)


def _python_round(
    views: tuple[memoryview, ...], active: np.ndarray, queued: bytearray
) -> tuple[np.ndarray, int, bool]:
    """Queue-based relaxation (SPFA) from ``active`` while the queue stays small.

    Returns the events still queued, the number of edges looked at, and whether a value
    ran past ``_VALUE_LIMIT``."""
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
        if vu >= _VALUE_LIMIT:
            return active[:0], done, True
        if len(queue) > _THICK or done > _PY_CHUNK:
            break
    for u in queue:
        queued[u] = 0
    return np.unique(np.array(queue, dtype=np.int64)), done, False


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


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: the robust engine allocates millions of small
    containers that live until it returns, and repeated full collections over them would
    cost about as much as the algorithm itself."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _robust_longest(csr: _Csr, val: np.ndarray, pred: np.ndarray) -> list[list[int]]:
    """Exact longest paths in O(n + m) outside cyclic components: Tarjan's SCCs, then one
    pass in topological order, with SPFA inside each cyclic component.

    A positive cycle found inside a component is returned, and the component is solved
    again without that cycle's constraints so that further cycles show up in the same run.
    """
    with _gc_paused():
        return _robust_pass(csr, val, pred)


def _robust_pass(csr: _Csr, val: np.ndarray, pred: np.ndarray) -> list[list[int]]:
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
        cycles.extend(_settle_group(group, comp, start, head, weight, eid, values, preds, cids))
        _push(group.members, start, head, weight, eid, values, preds, comp, group.comp)
        end = group.pos
    _push(reversed(order[:end]), start, head, weight, eid, values, preds, None, -1)
    val[:] = values
    pred[:] = preds
    return cycles


@attrs.define(slots=True)
class _Group:
    """A strongly connected component of more than one event."""

    comp: int
    pos: int  # where its members start in the completion order
    members: list[int]


def _strong_components(
    n: int, start: list[int], head: list[int]
) -> tuple[list[int], list[int], list[_Group]]:
    """Iterative Tarjan (chains can be a million events long: no recursion).

    Returns the component id of every node, numbered in completion order so that every
    edge between components goes from a higher id to a lower one; the nodes grouped by
    component in that order; and the components of more than one node.
    """
    index = [0] * n  # discovery number, 0 = not visited yet
    low = [0] * n
    comp = [-1] * n  # -1 while the node is on the Tarjan stack
    nxt = start[:-1]  # next out-edge to look at, per node
    stack: list[int] = []
    order: list[int] = []
    groups: list[_Group] = []
    counter = 0
    ncomp = 0
    for root in range(n):
        if index[root]:
            continue
        counter += 1
        index[root] = low[root] = counter
        stack.append(root)
        call = [root]
        while call:
            v = call[-1]
            i = nxt[v]
            end = start[v + 1]
            lv = low[v]
            while i < end:
                w = head[i]
                i += 1
                iw = index[w]
                if not iw:
                    break
                if iw < lv and comp[w] < 0:
                    lv = iw
            else:  # every edge of v seen: v is finished
                call.pop()
                if lv == index[v]:
                    if stack[-1] == v:
                        stack.pop()
                        comp[v] = ncomp
                        order.append(v)
                    else:
                        groups.append(_pop_group(stack, v, ncomp, comp, order))
                    ncomp += 1
                else:
                    low[v] = lv
                    u = call[-1]
                    if lv < low[u]:
                        low[u] = lv
                continue
            nxt[v] = i  # descend into w, come back to v's next edge later
            low[v] = lv
            counter += 1
            index[w] = low[w] = counter
            stack.append(w)
            call.append(w)
    return comp, order, groups


def _pop_group(stack: list[int], root: int, c: int, comp: list[int], order: list[int]) -> _Group:
    pos = len(stack) - 1
    while stack[pos] != root:
        pos -= 1
    members = sorted(stack[pos:])  # sorted: deterministic local numbering
    del stack[pos:]
    for x in members:
        comp[x] = c
    group = _Group(comp=c, pos=len(order), members=members)
    order.extend(members)
    return group


def _push(
    nodes: Iterable[int],
    start: list[int],
    head: list[int],
    weight: list[int],
    eid: list[int],
    values: list[int],
    preds: list[int],
    comp: list[int] | None,
    skip: int,
) -> None:
    """Push values along out-edges (skipping edges into component ``skip`` if ``comp``)."""
    for v in nodes:
        lv = values[v]
        if lv == _NEG:
            continue
        for p in range(start[v], start[v + 1]):
            d = head[p]
            if comp is not None and comp[d] == skip:
                continue
            c = lv + weight[p]
            if c > values[d]:
                values[d] = c
                preds[d] = eid[p]


def _settle_group(
    group: _Group,
    comp: list[int],
    start: list[int],
    head: list[int],
    weight: list[int],
    eid: list[int],
    values: list[int],
    preds: list[int],
    cids: list[int],
) -> list[list[int]]:
    """SPFA inside one cyclic component; set aside positive cycles and try again."""
    members = group.members
    start_values = [values[v] for v in members]
    if all(x == _NEG for x in start_values):
        return []  # nothing reaches it: cycles here are found by another pass
    local = {v: k for k, v in enumerate(members)}
    inner = []
    for k, v in enumerate(members):
        for p in range(start[v], start[v + 1]):
            d = head[p]
            if comp[d] == group.comp:
                e = eid[p]
                inner.append((k, local[d], weight[p], e, cids[e]))
    start_preds = [preds[v] for v in members]
    cycles = []
    while True:
        vals, prs = start_values[:], start_preds[:]
        cycle = _relax(vals, inner, prs)
        if cycle is None:
            break
        cycles.append(cycle)
        gone = {cids[e] for e in cycle}
        inner = [t for t in inner if t[4] not in gone]
    for k, v in enumerate(members):
        values[v] = vals[k]
        preds[v] = prs[k]
    return cycles


def _relax(
    values: list[int], inner: list[tuple[int, int, int, int, int]], pred: list[int]
) -> list[int] | None:
    """Longest paths inside one component by SPFA from the given values (in place).

    Returns the edge ids of a positive cycle if there is one.  Such cycles are found by
    looking for a cycle in the predecessor graph after every ``k`` relaxations: any such
    cycle is positive, and with a positive cycle reachable the predecessor graph must
    eventually keep one, so this terminates at amortised O(1) cost per relaxation.
    """
    k = len(values)
    adj: list[list[tuple[int, int, int]]] = [[] for _ in range(k)]
    for s, d, w, e, _ in inner:
        adj[s].append((d, w, e))
    pred_node = [-1] * k
    queue = deque(i for i in range(k) if values[i] != _NEG)
    queued = bytearray(k)
    for i in queue:
        queued[i] = 1
    budget = k
    while queue:
        u = queue.popleft()
        queued[u] = 0
        vu = values[u]
        for d, w, e in adj[u]:
            c = vu + w
            if c > values[d]:
                values[d] = c
                pred_node[d] = u
                pred[d] = e
                budget -= 1
                if budget <= 0:
                    budget = k
                    cycle = _pred_cycle(pred_node)
                    if cycle is not None:
                        return [pred[x] for x in cycle]
                if not queued[d]:
                    queued[d] = 1
                    queue.append(d)
    return None


def _pred_cycle(pred_node: list[int]) -> list[int] | None:
    """A cycle of a predecessor graph (one predecessor per node), or ``None``."""
    state = bytearray(len(pred_node))  # 0 new, 1 on the current walk, 2 done
    for s in range(len(pred_node)):
        if state[s]:
            continue
        path = []
        x = s
        while x >= 0 and not state[x]:
            state[x] = 1
            path.append(x)
            x = pred_node[x]
        if x >= 0 and state[x] == 1:
            return path[path.index(x) :]
        for y in path:
            state[y] = 2
    return None


# --------------------------------------------------------------------------------------
# Solving and conflicts
# --------------------------------------------------------------------------------------


def _bound_column(column: array, stored_none: int, none: int) -> np.ndarray:
    values = _int64(column)
    values[values == stored_none] = none
    return values


def _check_range(edges: _Edges, lo: np.ndarray, hi: np.ndarray) -> None:
    """Make sure no path can add up to values near the sentinels (int64 arithmetic)."""
    span = float(np.abs(edges.weight).sum(dtype=np.float64))
    for column, none in ((lo, _NEG), (hi, _POS)):
        finite = column[column != none]
        if finite.size:
            span += float(np.abs(finite).max())
    if span >= _SUM_LIMIT:
        raise ValueError("times and gaps too large: |bounds| + sum of |gaps| must be < 2**60")


def _solve(net: Network, engine: str = "fast") -> Solution:
    """Solve ``net``.  ``engine`` is "fast" (vectorised, falling back to the topological
    algorithm past its work budget) or "robust" (the topological algorithm only)."""
    n = net._n
    lo0 = _bound_column(net._lo, _I64_MIN, _NEG)
    hi0 = _bound_column(net._hi, _I64_MAX, _POS)
    aside = np.zeros(net.n_constraints, dtype=bool)
    conflicts = list(net._item_conflicts)
    while True:
        edges = _edges(net, aside)
        _check_range(edges, lo0, hi0)
        lo, lo_pred = lo0.copy(), np.full(n, -1, dtype=np.int64)
        up, hi_pred = -hi0, np.full(n, -1, dtype=np.int64)  # latest times, negated
        free = np.zeros(n, dtype=bool)
        zero, zero_pred = np.full(n, _NEG, dtype=np.int64), np.full(n, -1, dtype=np.int64)
        cycles = _longest(edges.forward(), lo, lo_pred, engine)
        if not cycles:
            cycles = _longest(edges.backward(), up, hi_pred, engine)
        if not cycles:
            # Events no lower bound reaches: a positive cycle among events that no bound
            # reaches at all is only seen from a start of 0 everywhere.  The same values
            # complete the potential used by Solution.before().
            free = lo == _NEG
            if free.any():
                zero[free] = 0
                cycles = _longest(edges.within(free), zero, zero_pred, engine)
        if not cycles:
            break
        for cycle in cycles:
            conflicts.append(_cycle_conflict(net, edges, cycle))
            aside[edges.cid[cycle]] = True
    hi = -up
    potential = np.where(free, zero - _POS, lo)
    violators = np.flatnonzero(lo > hi)
    if violators.size:
        conflicts.extend(_window_conflicts(net, edges, lo, hi, lo_pred, hi_pred, violators))
    involved = None
    if conflicts:
        involved = np.zeros(n, dtype=bool)
        involved[violators] = True
        for conflict in conflicts:
            involved[list(conflict.nodes)] = True
        lo[involved] = _bound_column(net._raw_lo, _I64_MIN, _NEG)[involved]
        hi[involved] = _bound_column(net._raw_hi, _I64_MAX, _POS)[involved]
        conflicts.sort(key=lambda c: (min(c.nodes, default=-1), c.tags, c.explanation))
    return Solution(conflicts, lo, hi, involved, edges, potential)


def _window_conflicts(
    net: Network,
    edges: _Edges,
    lo: np.ndarray,
    hi: np.ndarray,
    lo_pred: np.ndarray,
    hi_pred: np.ndarray,
    violators: np.ndarray,
) -> list[Conflict]:
    """One conflict per region of events whose window came out empty.

    Every event on the cycle behind a violation has an empty window too, so the cycle stays
    inside the connected region of such events: cycles of different regions are disjoint,
    and finding one per region is cheap.  Within a region the event with the largest
    overlap is chosen (the most violated cycle), ties by smallest id.
    """
    bad = set(violators.tolist())
    start, dst = memoryview(edges.start), memoryview(edges.dst)
    adj: dict[int, list[int]] = {v: [] for v in bad}
    for v in sorted(bad):
        for i in range(start[v], start[v + 1]):
            d = dst[i]
            if d in bad:
                adj[v].append(d)
                adj[d].append(v)
    gap = dict(zip(violators.tolist(), (lo[violators] - hi[violators]).tolist(), strict=True))
    seen: set[int] = set()
    out = []
    for v0 in sorted(bad):
        if v0 in seen:
            continue
        seen.add(v0)
        region = [v0]
        for x in region:  # grows while iterating: breadth-first search
            for y in adj[x]:
                if y not in seen:
                    seen.add(y)
                    region.append(y)
        best = max(region, key=lambda x: (gap[x], -x))
        out.append(_window_conflict(net, edges, lo_pred, hi_pred, best))
    return out


def _window_conflict(
    net: Network, edges: _Edges, lo_pred: np.ndarray, hi_pred: np.ndarray, v: int
) -> Conflict:
    """The cycle origin -> a ~> v ~> b -> origin behind the empty window of ``v``.

    ``a`` is where v's earliest time comes from (following the predecessor edges of the
    lower bounds) and ``b`` where its latest time comes from.  If the two chains meet
    before ``v``, the loop between the meeting point and ``v`` is cut off: it is not
    positive, so the shorter cycle is still violated, and now it is simple.
    """
    back = [v]  # v, then its lower-bound chain back to a
    x = v
    while lo_pred[x] >= 0:
        x = int(edges.src[lo_pred[x]])
        back.append(x)
    fwd = [v]  # v, then its upper-bound chain on to b
    x = v
    while hi_pred[x] >= 0:
        x = int(edges.dst[hi_pred[x]])
        fwd.append(x)
    where = {x: i for i, x in enumerate(back)}
    j = max(j for j, x in enumerate(fwd) if x in where)
    i = where[fwd[j]]
    path = [int(lo_pred[back[k]]) for k in range(len(back) - 2, i - 1, -1)]
    path += [int(hi_pred[fwd[k]]) for k in range(j, len(fwd) - 1)]
    nodes = back[i:][::-1] + fwd[j + 1 :]
    a, b = nodes[0], nodes[-1]
    earliest, last = net._lo[a], net._hi[b]
    total = int(edges.weight[path].sum()) if path else 0
    if earliest + total <= last:  # pragma: no cover - would be a solver bug
        raise AssertionError("window conflict cycle is not violated")
    tags = [net._lo_tag[a], *_edge_tags(net, edges, path), net._hi_tag[b]]
    n_bounds = 1 if net._lo_item[a] == net._hi_item[b] else 2
    if a == b:
        story = (
            f"one puts event {a} no earlier than {_when(earliest)}, "
            f"the other before {_when(last + 1)}"
        )
    else:
        story = (
            f"the bound on event {a} puts it no earlier than {_when(earliest)}; "
            f"the constraints force event {b} to be {_relative(total)} event {a}, "
            f"so no earlier than {_when(earliest + total)}; "
            f"but the bound on event {b} puts it before {_when(last + 1)}"
        )
    return Conflict(
        tags=_clean_tags(tags),
        explanation=f"{_lead(len(path), n_bounds, tags)}: {story}",
        nodes=tuple(nodes),
    )


def _edge_tags(net: Network, edges: _Edges, path: list[int]) -> list[int]:
    """Caller tags of the constraints behind a list of edge ids."""
    return [net._tag[c] for c in edges.cid[path].tolist()] if path else []


def _cycle_conflict(net: Network, edges: _Edges, cycle: list[int]) -> Conflict:
    """A positive cycle of order constraints, listed from its smallest event."""
    out_edge = {int(edges.src[e]): e for e in cycle}
    x = min(out_edge)
    path = []
    for _ in range(len(cycle)):
        e = out_edge[x]
        path.append(e)
        x = int(edges.dst[e])
    nodes = tuple(int(edges.src[e]) for e in path)
    total = int(edges.weight[path].sum())
    tags = _edge_tags(net, edges, path)
    story = (
        f"following them from event {nodes[0]} around the cycle back to it would put "
        f"event {nodes[0]} at least {_span(total)} after itself"
    )
    return Conflict(
        tags=_clean_tags(tags),
        explanation=f"{_lead(len(path), 0, tags)}: {story}",
        nodes=nodes,
    )


def _empty_bound_conflict(node: int, earliest: int, latest: int, tag: int) -> Conflict:
    story = f"it puts event {node} no earlier than {_when(earliest)} and before {_when(latest)}"
    return Conflict(
        tags=_clean_tags([tag]), explanation=f"{_lead(0, 1, [tag])}: {story}", nodes=(node,)
    )


def _gap_conflict(first: int, second: int, min_gap: int, max_gap: int | None, tag: int) -> Conflict:
    if first == second:
        wants = []
        if min_gap > 0:
            wants.append(f"at least {_span(min_gap)} after itself")
        if max_gap is not None and max_gap < 0:
            wants.append(f"at least {_span(-max_gap)} before itself")
        story = f"it puts event {first} " + " and ".join(wants)
        nodes: tuple[int, ...] = (first,)
    else:
        assert max_gap is not None
        story = (
            f"it puts event {second} {_relative(min_gap)} event {first}, "
            f"but also {_relative(max_gap, at_most=True)} it"
        )
        nodes = (first, second)
    return Conflict(
        tags=_clean_tags([tag]), explanation=f"{_lead(1, 0, [tag])}: {story}", nodes=nodes
    )


# --------------------------------------------------------------------------------------
# Wording
# --------------------------------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _clean_tags(tags: list[int]) -> tuple[int, ...]:
    """Caller tags in order of first appearance; negative tags mean "no evidence item"."""
    return tuple(dict.fromkeys(t for t in tags if t >= 0))


def _lead(n_constraints: int, n_bounds: int, tags: list[int]) -> str:
    """ "these 3 constraints and 2 bounds cannot all hold", in the right number."""
    parts = []
    for count, noun in ((n_constraints, "constraint"), (n_bounds, "bound")):
        if count == 1:
            parts.append(f"this {noun}")
        elif count > 1:
            plural = "these " if not parts or parts[0].startswith("this") else ""
            parts.append(f"{plural}{count} {noun}s")
    total = n_constraints + n_bounds
    verb = {1: "cannot hold", 2: "cannot both hold"}.get(total, "cannot all hold")
    untagged = sum(1 for t in tags if t < 0)
    note = f" ({untagged} of them untagged)" if untagged and total > 1 else ""
    return f"{' and '.join(parts)}{note} {verb}"


def _when(t: int) -> str:
    """A time as ISO 8601 UTC, falling back to raw seconds outside datetime's range."""
    try:
        d = _EPOCH + timedelta(seconds=t)
    except OverflowError:
        return f"{t} s after 1970-01-01T00:00:00Z"
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}T{d.hour:02d}:{d.minute:02d}:{d.second:02d}Z"


def _span(seconds: int) -> str:
    """A non-negative duration as "1 d 2 h 5 min 3 s" (zero units left out)."""
    if seconds == 0:
        return "0 s"
    out = []
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min"), (1, "s")):
        q, seconds = divmod(seconds, size)
        if q:
            out.append(f"{q} {unit}")
    return " ".join(out)


def _relative(gap: int, at_most: bool = False) -> str:
    """How ``t(b) - t(a) >= gap`` (or ``<= gap``) reads: "at least 2 h after" etc."""
    bound = "at most" if at_most else "at least"
    if gap >= 0:
        return f"{bound} {_span(gap)} after"
    other = "at least" if at_most else "at most"
    return f"{other} {_span(-gap)} before"
