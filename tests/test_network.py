"""Tests of the Simple Temporal Network solver (chronology.network).

The oracles are independent of the solver:

* brute force: enumerate every integer assignment of a small network whose events all have
  a finite window, and read consistency, windows and order off the solutions;
* for sub-networks with unbounded events (the items of a conflict), brute force over the
  finite box that must contain a solution if there is one: ``[min bound - S, max bound + S]``
  with ``S`` the sum of the absolute gaps (the shortest-path solution from the origin, with
  an extra edge of weight ``max bound + S`` to every event, lies in it);
* Floyd-Warshall on the distance graph with a virtual origin, itself checked against brute
  force, for networks with unbounded events and for larger ones.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chronology.network as network
from chronology.network import Conflict, Network, Solution

ENGINES = ["fast", "fast-numpy", "fast-fallback", "robust"]

# --------------------------------------------------------------------------------------
# A plain description of a network, so that oracles and sub-networks are easy to build
# --------------------------------------------------------------------------------------

Bound = tuple[str, int, int | None, int | None]  # ("bound", node, earliest, latest)
Order = tuple[str, int, int, int, int | None]  # ("order", first, second, min_gap, max_gap)
Item = Bound | Order


def build(n: int, items: list[Item]) -> Network:
    """A Network with item ``i`` tagged ``i``."""
    net = Network(n)
    for tag, item in enumerate(items):
        if item[0] == "bound":
            net.add_bound(item[1], item[2], item[3], tag)
        else:
            net.add_order(item[1], item[2], item[3], item[4], tag)
    return net


@contextlib.contextmanager
def engine_variant(name: str) -> Iterator[str]:
    """Select an engine; "fast-numpy" forces numpy rounds even for tiny frontiers,
    "fast-fallback" gives the fast engine no budget so that it hands over at once."""
    if name == "fast-numpy":
        with mock.patch.object(network, "_THIN", 0):
            yield "fast"
    elif name == "fast-fallback":
        with mock.patch.object(network, "_BUDGET_FACTOR", 0), \
                mock.patch.object(network, "_BUDGET_FLOOR", 0):
            yield "fast"
    else:
        yield name


def solve(n: int, items: list[Item], engine: str = "fast") -> Solution:
    with engine_variant(engine) as name:
        return network._solve(build(n, items), name)


def solutions(n: int, items: list[Item], lo: int, hi: int, nodes: list[int] | None = None
              ) -> np.ndarray:
    """All assignments in ``[lo, hi)`` of ``nodes`` (default: all) satisfying ``items``;
    returns an array of shape (n, k) (rows of nodes not enumerated are left at 0)."""
    nodes = list(range(n)) if nodes is None else nodes
    grid = np.zeros((n, (hi - lo) ** len(nodes)), dtype=np.int64)
    if nodes:
        grid[nodes] = np.indices((hi - lo,) * len(nodes)).reshape(len(nodes), -1) + lo
    ok = np.ones(grid.shape[1], dtype=bool)
    for item in items:
        if item[0] == "bound":
            _, v, e, latest = item
            if e is not None:
                ok &= grid[v] >= e
            if latest is not None:
                ok &= grid[v] < latest
        else:
            _, a, b, mn, mx = item
            gap = grid[b] - grid[a]
            ok &= gap >= mn
            if mx is not None:
                ok &= gap <= mx
    return grid[:, ok]


def feasible_brute(n: int, items: list[Item]) -> bool:
    """Feasibility of any item set by enumeration over the box that must hold a solution."""
    nodes = sorted({x for it in items for x in (it[1:2] if it[0] == "bound" else it[1:3])})
    values = [x for it in items if it[0] == "bound"  # earliest and last instant of bounds
              for x in (it[2], None if it[3] is None else it[3] - 1) if x is not None]
    span = sum(abs(x) for it in items if it[0] == "order" for x in it[3:5] if x is not None)
    lo, hi = min(values, default=0) - span, max(values, default=0) + span + 1
    assert (hi - lo) ** len(nodes) <= 3_000_000, "sub-network too big to enumerate"
    return solutions(n, items, lo, hi, nodes).shape[1] > 0


class Oracle:
    """Minimal network by Floyd-Warshall on the distance graph with origin ``n``."""

    def __init__(self, n: int, items: list[Item]) -> None:
        inf = float("inf")
        d = np.full((n + 1, n + 1), inf)
        np.fill_diagonal(d, 0)

        def edge(u: int, v: int, w: float) -> None:  # t(v) - t(u) <= w
            d[u, v] = min(d[u, v], w)

        for item in items:
            if item[0] == "bound":
                _, v, e, latest = item
                if e is not None:
                    edge(v, n, -e)
                if latest is not None:
                    edge(n, v, latest - 1)
            else:
                _, a, b, mn, mx = item
                edge(b, a, -mn)
                if mx is not None:
                    edge(a, b, mx)
        for k in range(n + 1):
            d = np.minimum(d, d[:, k, None] + d[None, k, :])
        self.d, self.n = d, n
        self.consistent = bool((np.diag(d) >= 0).all())

    def earliest(self, v: int) -> int | None:
        x = self.d[v, self.n]
        return None if x == float("inf") else int(-x)

    def latest(self, v: int) -> int | None:
        x = self.d[self.n, v]
        return None if x == float("inf") else int(x) + 1

    def before(self, a: int, b: int) -> bool | None:
        if self.d[b, a] <= -1:  # max t(a) - t(b) <= -1
            return True
        if self.d[a, b] <= 0:  # min t(a) - t(b) >= 0
            return False
        return None


def conflict_items(items: list[Item], conflict: Conflict) -> list[Item]:
    return [items[t] for t in conflict.tags]


def given_bounds(n: int, items: list[Item]) -> tuple[list[int | None], list[int | None]]:
    lo: list[int | None] = [None] * n
    hi: list[int | None] = [None] * n
    for it in items:
        if it[0] == "bound":
            _, v, e, latest = it
            if e is not None:
                lo[v] = e if lo[v] is None else max(lo[v], e)
            if latest is not None:
                hi[v] = latest if hi[v] is None else min(hi[v], latest)
    return lo, hi


# --------------------------------------------------------------------------------------
# Hand cases
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_chain_tightening(engine: str) -> None:
    items: list[Item] = [
        ("bound", 0, 100, 200),
        ("order", 0, 1, 10, None),
        ("order", 1, 2, 5, None),
        ("bound", 2, None, 150),
    ]
    s = solve(3, items, engine)
    assert s.consistent and s.conflicts == []
    assert [(s.earliest(v), s.latest(v)) for v in range(3)] == [
        (100, 135), (110, 145), (115, 150)
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_max_gap_tightens_backwards(engine: str) -> None:
    # received at most 10 s after sent: a date on the receipt bounds the sending
    items: list[Item] = [("order", 0, 1, 0, 10), ("bound", 1, 100, 110)]
    s = solve(2, items, engine)
    assert (s.earliest(0), s.latest(0)) == (90, 110)
    assert (s.earliest(1), s.latest(1)) == (100, 110)


@pytest.mark.parametrize("engine", ENGINES)
def test_two_sided_bounds_intersect(engine: str) -> None:
    items: list[Item] = [("bound", 0, 10, 50), ("bound", 0, 20, None), ("bound", 0, None, 40)]
    s = solve(1, items, engine)
    assert (s.earliest(0), s.latest(0)) == (20, 40)


@pytest.mark.parametrize("engine", ENGINES)
def test_unbounded_nodes(engine: str) -> None:
    items: list[Item] = [("bound", 0, 100, None), ("order", 0, 1, 5, None),
                         ("order", 3, 2, 0, None)]
    s = solve(4, items, engine)
    assert s.consistent
    assert (s.earliest(0), s.latest(0)) == (100, None)
    assert (s.earliest(1), s.latest(1)) == (105, None)
    for v in (2, 3):
        assert (s.earliest(v), s.latest(v)) == (None, None)


@pytest.mark.parametrize("engine", ENGINES)
def test_before_from_bounds(engine: str) -> None:
    items: list[Item] = [("bound", 0, 0, 10), ("bound", 1, 10, 20), ("bound", 2, 5, 15)]
    s = solve(3, items, engine)
    assert s.before(0, 1) is True
    assert s.before(1, 0) is False
    assert s.before(0, 2) is None and s.before(2, 0) is None
    assert s.before(1, 1) is False


@pytest.mark.parametrize("engine", ENGINES)
def test_before_from_paths_without_bounds(engine: str) -> None:
    items: list[Item] = [
        ("order", 0, 1, 1, None),
        ("order", 1, 2, 1, None),  # 0 < 1 < 2, no dates at all
        ("order", 3, 4, 0, None),  # 3 <= 4: 4 is never before 3, 3 may equal 4
        ("order", 5, 6, -5, -1),  # 6 is 1..5 s before 5
    ]
    s = solve(8, items, engine)
    assert s.before(0, 2) is True
    assert s.before(2, 0) is False
    assert s.before(3, 4) is None
    assert s.before(4, 3) is False
    assert s.before(6, 5) is True and s.before(5, 6) is False
    assert s.before(0, 7) is None and s.before(7, 0) is None
    assert s.before(0, 3) is None


@pytest.mark.parametrize("engine", ENGINES)
def test_before_combines_path_and_bounds(engine: str) -> None:
    # 0 and 2 are unbounded; the chain 0 -> 1 (bounded) -> 2 forces nothing alone, but
    # with max gaps it pins 0 before 2.
    items: list[Item] = [("order", 0, 1, 0, 3), ("order", 1, 2, 1, None),
                         ("bound", 1, 100, 200)]
    s = solve(3, items, engine)
    assert s.before(0, 2) is True
    assert s.before(2, 0) is False


@pytest.mark.parametrize("engine", ENGINES)
def test_window_conflict_is_explained(engine: str) -> None:
    items: list[Item] = [
        ("bound", 0, 3600, 7200),  # 01:00 - 02:00
        ("order", 0, 1, 1800, None),
        ("order", 1, 2, 1800, None),
        ("bound", 2, None, 5400),  # before 01:30
        ("bound", 3, 0, 10),  # unrelated
        ("order", 3, 4, 5, None),
    ]
    s = solve(5, items, engine)
    assert not s.consistent
    assert len(s.conflicts) == 1
    c = s.conflicts[0]
    assert c.tags == (0, 1, 2, 3)
    assert c.nodes == (0, 1, 2)
    assert c.explanation.startswith("these 2 constraints and 2 bounds cannot all hold")
    assert "at least 1 h after" in c.explanation
    assert "1970-01-01T01:00:00Z" in c.explanation and "before 1970-01-01T01:30:00Z" in (
        c.explanation)
    # involved events keep their given windows, the others are still tightened
    assert all(s.involved(v) for v in (0, 1, 2)) and not s.involved(3)
    assert (s.earliest(0), s.latest(0)) == (3600, 7200)
    assert (s.earliest(1), s.latest(1)) == (None, None)
    assert (s.earliest(4), s.latest(4)) == (5, None)
    assert s.before(3, 4) is True and s.before(0, 3) is None


@pytest.mark.parametrize("engine", ENGINES)
def test_positive_cycle_conflict(engine: str) -> None:
    items: list[Item] = [
        ("order", 2, 0, 0, None),
        ("order", 0, 1, 60, None),
        ("order", 1, 2, 0, None),
        ("bound", 3, 0, 100),
        ("order", 3, 4, 10, None),
    ]
    s = solve(5, items, engine)
    assert not s.consistent
    (c,) = s.conflicts
    assert set(c.tags) == {0, 1, 2} and c.nodes == (0, 1, 2)
    assert "these 3 constraints cannot all hold" in c.explanation
    assert "at least 1 min after itself" in c.explanation
    assert (s.earliest(4), s.latest(4)) == (10, None)


@pytest.mark.parametrize("engine", ENGINES)
def test_positive_cycle_without_any_bound_is_found(engine: str) -> None:
    # nothing reaches these events: only the zero-start pass can see the cycle
    items: list[Item] = [("order", 0, 1, 1, None), ("order", 1, 0, 0, None)]
    s = solve(2, items, engine)
    assert not s.consistent and len(s.conflicts) == 1
    assert set(s.conflicts[0].tags) == {0, 1}


@pytest.mark.parametrize("engine", ENGINES)
def test_positive_cycle_with_huge_gaps(engine: str) -> None:
    # each lap adds 2**50: values run away long before the cycle check is due
    items: list[Item] = [("bound", 0, 0, 10), ("order", 0, 1, 1 << 50, None),
                         ("order", 1, 0, 0, None)]
    s = solve(2, items, engine)
    assert not s.consistent
    assert [set(c.tags) for c in s.conflicts] == [{1, 2}]
    assert (s.earliest(0), s.latest(0)) == (0, 10)


def test_networks_that_could_overflow_are_refused() -> None:
    net = Network(2)
    for _ in range(1100):  # 1100 * 2**50 > 2**60
        net.add_order(0, 1, 1 << 50)
    with pytest.raises(ValueError, match="too large"):
        net.solve()


def test_self_contradictory_items() -> None:
    items: list[Item] = [
        ("bound", 0, 50, 50),  # empty window
        ("order", 1, 2, 10, 5),  # min_gap > max_gap
        ("order", 3, 3, 1, None),  # after itself
        ("order", 4, 4, 0, 0),  # harmless
    ]
    s = solve(5, items)
    assert not s.consistent
    assert [c.tags for c in s.conflicts] == [(0,), (1,), (2,)]
    assert s.conflicts[0].explanation.startswith("this bound cannot hold")
    assert s.conflicts[1].explanation.startswith("this constraint cannot hold")
    assert "at least 1 s after itself" in s.conflicts[2].explanation
    assert (s.earliest(0), s.latest(0)) == (50, 50)  # raw, never wider than given
    assert not s.involved(4)


@pytest.mark.parametrize("engine", ENGINES)
def test_independent_conflicts_are_all_reported(engine: str) -> None:
    items: list[Item] = []
    for base in (0, 10, 20):  # three separate regions, each over-constrained
        items += [("bound", base, 100, 200), ("order", base, base + 1, 50, None),
                  ("order", base + 1, base + 2, 60, None), ("bound", base + 2, None, 150)]
    items += [("order", 30, 31, 1, None), ("order", 31, 30, 0, None)]  # and a cycle
    s = solve(32, items, engine)
    assert len(s.conflicts) == 4
    assert [c.nodes[0] for c in s.conflicts] == [0, 10, 20, 30]
    again = solve(32, items, engine)
    assert again.conflicts == s.conflicts  # deterministic


@pytest.mark.parametrize("engine", ["fast", "robust"])
def test_long_chain_no_recursion(engine: str) -> None:
    n = 100_000
    order = np.random.default_rng(7).permutation(n).tolist()
    net = Network(n)
    for a, b in itertools.pairwise(order):
        net.add_order(a, b, 1)
    net.add_bound(order[0], 0, None, 0)
    net.add_bound(order[-1], None, 10 * n, 1)
    s = network._solve(net, engine)
    assert s.consistent
    assert s.earliest(order[-1]) == n - 1
    assert s.latest(order[0]) == 10 * n - (n - 1)
    assert s.before(order[10], order[20]) is True


def test_api_details() -> None:
    net = Network()
    assert net.add_node() == 0 and net.add_node() == 1 and len(net) == 2
    with pytest.raises(IndexError):
        net.add_order(0, 2)
    with pytest.raises(IndexError):
        net.add_bound(5, 0, 1, 0)
    with pytest.raises(ValueError):
        net.add_bound(0, 1 << 55, None, 0)
    net.add_order(0, 1, 3, tag=9)
    assert net.n_constraints == 1
    s = net.solve()
    assert s.consistent and s.before(0, 1) is True and not s.involved(0)
    assert network._span(90061) == "1 d 1 h 1 min 1 s"
    assert network._when(-1) == "1969-12-31T23:59:59Z"


def test_untagged_constraints_are_counted_not_listed() -> None:
    net = Network(2)
    net.add_bound(0, 100, 200, 7)
    net.add_order(0, 1, 100)  # structural, tag -1
    net.add_bound(1, None, 150, 8)
    (c,) = net.solve().conflicts
    assert c.tags == (7, 8)
    assert "(1 of them untagged)" in c.explanation


def test_empty_network() -> None:
    s = Network().solve()
    assert s.consistent and s.conflicts == []


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------

DOMAIN = 8  # bounded events live in [0, DOMAIN)


@st.composite
def bounded_networks(draw: st.DrawFn, max_nodes: int = 6, gaps: tuple[int, int] = (-3, 4),
                     domain: int = DOMAIN) -> tuple[int, list[Item]]:
    """Small networks where every event has a finite window inside ``[0, domain)``.

    Items are drawn around a hidden assignment so that about half the networks are
    consistent; a "wrong" item (about one in eight) contradicts it.
    """
    n = draw(st.integers(1, max_nodes))
    node = st.integers(0, n - 1)
    truth = draw(st.lists(st.integers(0, domain - 1), min_size=n, max_size=n))
    wrong = st.integers(0, 7).map(lambda x: x == 0)
    items: list[Item] = []

    def window(v: int) -> tuple[int, int]:
        if draw(wrong):
            e = draw(st.integers(0, domain - 1))
            return e, draw(st.integers(max(0, e - 1), domain))
        return draw(st.integers(0, truth[v])), draw(st.integers(truth[v] + 1, domain))

    for v in range(n):
        items.append(("bound", v, *window(v)))
    for _ in range(draw(st.integers(0, 2))):  # extra, possibly one-sided bounds
        v = draw(node)
        e, latest = window(v)
        items.append(("bound", v, draw(st.none() | st.just(e)), draw(st.none() | st.just(latest))))
    for _ in range(draw(st.integers(0, 8))):
        a, b = draw(node), draw(node)
        gap = truth[b] - truth[a]
        mn = max(gaps[0], min(gaps[1], gap - draw(st.integers(0, 3))))
        if draw(wrong):
            mn = draw(st.integers(*gaps))
        mx = draw(st.none() | st.integers(max(mn - 1, gap - 1), max(mn - 1, gap) + 3))
        items.append(("order", a, b, mn, mx))
    order = draw(st.permutations(range(len(items))))
    return n, [items[i] for i in order]


@st.composite
def open_networks(draw: st.DrawFn, max_nodes: int = 7) -> tuple[int, list[Item]]:
    """Small networks where bounds are optional and may be one-sided (drawn around a hidden
    assignment, with about one item in four contradicting it)."""
    n = draw(st.integers(1, max_nodes))
    node = st.integers(0, n - 1)
    truth = draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n))
    wrong = st.integers(0, 3).map(lambda x: x == 0)
    items: list[Item] = []
    for _ in range(draw(st.integers(0, n))):
        v = draw(node)
        shift = draw(st.integers(-3, 0)) if draw(wrong) else 0
        e = draw(st.none() | st.integers(-5, truth[v]))
        latest = draw(st.none() | st.integers(truth[v] + 1, 8))
        items.append(("bound", v, e, None if latest is None else latest + shift))
    for _ in range(draw(st.integers(0, 10))):
        a, b = draw(node), draw(node)
        gap = truth[b] - truth[a]
        mn = gap - draw(st.integers(0, 3)) + (draw(st.integers(1, 3)) if draw(wrong) else 0)
        mx = draw(st.none() | st.integers(max(mn, gap), max(mn, gap) + 4))
        items.append(("order", a, b, mn, mx))
    return n, items


def check_conflicts(n: int, items: list[Item], s: Solution, brute: bool) -> None:
    """Each conflict is infeasible and minimal; windows are never wider than given."""
    assert s.conflicts
    for c in s.conflicts:
        sub = conflict_items(items, c)
        assert sub, c
        feasible = feasible_brute if brute else (lambda k, it: Oracle(k, it).consistent)
        assert not feasible(n, sub), c
        for i in range(len(sub)):
            assert feasible(n, sub[:i] + sub[i + 1:]), (c, i)


def check_never_wider(n: int, items: list[Item], s: Solution) -> None:
    lo, hi = given_bounds(n, items)
    for v in range(n):
        if lo[v] is not None:
            assert s.earliest(v) is not None and s.earliest(v) >= lo[v]
        if hi[v] is not None:
            assert s.latest(v) is not None and s.latest(v) <= hi[v]


SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("engine", ENGINES)
@SETTINGS
@given(net=bounded_networks())
def test_matches_brute_force(engine: str, net: tuple[int, list[Item]]) -> None:
    n, items = net
    s = solve(n, items, engine)
    sols = solutions(n, items, 0, DOMAIN)
    assert s.consistent == (sols.shape[1] > 0)
    check_never_wider(n, items, s)
    if s.consistent:
        for v in range(n):
            assert s.earliest(v) == sols[v].min()
            assert s.latest(v) == sols[v].max() + 1
        for a in range(n):
            for b in range(n):
                want = True if (sols[a] < sols[b]).all() else (
                    False if (sols[a] >= sols[b]).all() else None)
                assert s.before(a, b) is want, (a, b)
    else:
        check_conflicts(n, items, s, brute=False)
        for v in range(n):  # events outside every conflict keep a non-empty window
            if not s.involved(v):
                assert s.earliest(v) < s.latest(v)


@SETTINGS
@given(net=bounded_networks(max_nodes=4, gaps=(-2, 2), domain=5))
def test_conflicts_are_minimal_by_brute_force(net: tuple[int, list[Item]]) -> None:
    n, items = net
    s = solve(n, items)
    if not s.consistent:
        check_conflicts(n, items, s, brute=True)


@pytest.mark.parametrize("engine", ENGINES)
@SETTINGS
@given(net=open_networks())
def test_matches_floyd_warshall(engine: str, net: tuple[int, list[Item]]) -> None:
    n, items = net
    s = solve(n, items, engine)
    oracle = Oracle(n, items)
    assert s.consistent == oracle.consistent
    check_never_wider(n, items, s)
    if s.consistent:
        for v in range(n):
            assert (s.earliest(v), s.latest(v)) == (oracle.earliest(v), oracle.latest(v))
        for a in range(n):
            for b in range(n):
                assert s.before(a, b) is oracle.before(a, b), (a, b)
    else:
        check_conflicts(n, items, s, brute=False)


@SETTINGS
@given(net=bounded_networks(max_nodes=4))
def test_floyd_warshall_oracle_agrees_with_brute_force(net: tuple[int, list[Item]]) -> None:
    n, items = net
    oracle = Oracle(n, items)
    sols = solutions(n, items, 0, DOMAIN)
    assert oracle.consistent == (sols.shape[1] > 0)
    if oracle.consistent:
        for v in range(n):
            assert (oracle.earliest(v), oracle.latest(v)) == (sols[v].min(), sols[v].max() + 1)


def random_network(rng: np.random.Generator, n: int, bounded: float) -> list[Item]:
    """A larger random network with chains and a few max gaps (consistent or not)."""
    items: list[Item] = []
    truth = rng.integers(0, 1000, n)
    for v in range(n):
        if rng.random() < bounded:
            width = int(rng.integers(1, 200))
            e = int(truth[v] - rng.integers(0, width))
            items.append(("bound", v, e, e + width + int(rng.integers(-3, 3))))
    for _ in range(2 * n):
        a, b = (int(x) for x in rng.integers(0, n, 2))
        if truth[a] > truth[b]:
            a, b = b, a
        gap = int(truth[b] - truth[a])
        mn = gap - int(rng.integers(0, 30)) + int(rng.integers(0, 2))
        mx = None if rng.random() < 0.8 else gap + int(rng.integers(-1, 60))
        if mx is not None and mx < mn:
            mx = mn
        items.append(("order", a, b, mn, mx))
    return items


@pytest.mark.parametrize("seed", range(6))
def test_engines_agree_on_larger_networks(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 150
    items = random_network(rng, n, bounded=[0.9, 0.5, 0.1][seed % 3])
    oracle = Oracle(n, items)
    results = [solve(n, items, engine) for engine in ENGINES]
    for s in results:
        assert s.consistent == oracle.consistent
        if s.consistent:
            got = [(s.earliest(v), s.latest(v)) for v in range(n)]
            assert got == [(oracle.earliest(v), oracle.latest(v)) for v in range(n)]
            pairs = rng.integers(0, n, (200, 2)).tolist()
            assert [s.before(a, b) for a, b in pairs] == [oracle.before(a, b) for a, b in pairs]
        else:
            check_conflicts(n, items, s, brute=False)
            check_never_wider(n, items, s)
