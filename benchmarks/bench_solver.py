"""Benchmark of ``chronology.network``: solve time on corpora shaped like telegram archives.

Each message has a *sent* and a *received* event.  The evidence, generated from a hidden
true timeline so that the network is consistent:

* transit: ``sent <= received`` (at least 1 min; 30 % also at most 3 days);
* registers: the sending office's register orders consecutive sent events, the receiving
  office's register consecutive received events;
* cross references: a message cites earlier messages (received before it was sent); one
  in ten citations is a reply known to follow within 7 days, which adds a ``max_gap`` and
  so creates cycles (threads of replies become strongly connected components);
* bounds: 90 % of events carry a date stamp ``[earliest, latest)`` of 5 min, 1 h or 1 day
  precision containing the true time.

That gives about 3 constraints (bounds + orders) per event.  ``--shape chain`` and
``--shape free-chain`` instead build one long chain dated only at its ends, or not at all:
adversarial shapes for label-correcting algorithms.

Each size runs in its own process, so the peak memory (``ru_maxrss``, which includes the
generator's arrays and the network being built) belongs to that size alone.  ``solve()``
is timed ``--repeat`` times and the median kept, because the machine may be shared.  With
``--networkx`` the same distance graph (virtual origin included, parallel edges reduced to
the tightest) is handed to networkx's Bellman-Ford, once from the origin (latest times)
and once on the reversed graph (earliest times), also timed ``--repeat`` times, graph
construction excluded; its answers are checked against ours.  ``--engine robust`` times
the topological fallback engine alone.

    python benchmarks/bench_solver.py --sizes 1000 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chronology.network import Network, _solve  # noqa: E402

T0 = -1751587200  # 1914-07-01T00:00:00Z
SPAN = 140 * 86400 * 10  # about 3.8 years
DAY = 86400


class Corpus:
    """Columns of a generated network: bounds and order constraints, plus the hidden truth
    they were drawn from (``max_gap`` -1 means none)."""

    def __init__(self, truth: np.ndarray, orders: list[tuple[np.ndarray, ...]],
                 bound_nodes: np.ndarray, bound_lo: np.ndarray, bound_hi: np.ndarray) -> None:
        self.n = len(truth)
        self.truth = truth
        self.first, self.second, self.min_gap, self.max_gap = (
            np.concatenate(col).astype(np.int64) for col in zip(*orders, strict=True)
        )
        self.bound_nodes, self.bound_lo, self.bound_hi = bound_nodes, bound_lo, bound_hi

    @property
    def n_orders(self) -> int:
        return len(self.first)

    @property
    def n_bounds(self) -> int:
        return len(self.bound_nodes)

    def build(self) -> Network:
        """Feed the corpus to a Network through the public API, one call per item."""
        net = Network(self.n)
        add_bound = net.add_bound
        for tag, (v, lo, hi) in enumerate(
            zip(self.bound_nodes.tolist(), self.bound_lo.tolist(), self.bound_hi.tolist(),
                strict=True)
        ):
            add_bound(v, lo, hi, tag)
        add_order = net.add_order
        base = self.n_bounds
        for tag, (f, s, mn, mx) in enumerate(
            zip(self.first.tolist(), self.second.tolist(), self.min_gap.tolist(),
                self.max_gap.tolist(), strict=True),
            start=base,
        ):
            add_order(f, s, mn, None if mx < 0 else mx, tag)
        return net

    def distance_edges(self) -> tuple[list[int], list[int], list[int]]:
        """Edges ``u -> v`` of weight ``w`` meaning ``t(v) - t(u) <= w``; origin is node n,
        parallel edges reduced to the smallest weight (a DiGraph holds one per pair)."""
        o = self.n
        has_max = self.max_gap >= 0
        u = np.concatenate([self.second, self.first[has_max], np.full(self.n_bounds, o),
                            self.bound_nodes])
        v = np.concatenate([self.first, self.second[has_max], self.bound_nodes,
                            np.full(self.n_bounds, o)])
        w = np.concatenate([-self.min_gap, self.max_gap[has_max], self.bound_hi - 1,
                            -self.bound_lo])
        key = u * (o + 1) + v
        order = np.lexsort((w, key))
        key, u, v, w = key[order], u[order], v[order], w[order]
        keep = np.ones(len(key), dtype=bool)
        keep[1:] = key[1:] != key[:-1]
        return u[keep].tolist(), v[keep].tolist(), w[keep].tolist()


def telegram_corpus(n_events: int, seed: int) -> Corpus:
    """Messages with a sent and a received event each, registers, cross references and
    date stamps, as described at the top of this file."""
    rng = np.random.default_rng(seed)
    n_msg = max(1, n_events // 2)
    n = 2 * n_msg
    sent = T0 + rng.integers(0, SPAN, n_msg)
    delay = np.clip(rng.lognormal(np.log(2 * 3600), 1.2, n_msg), 60, 3 * DAY).astype(np.int64)
    recv = sent + delay
    truth = np.empty(n, dtype=np.int64)
    truth[0::2] = sent
    truth[1::2] = recv
    orders = []
    ids = np.arange(n_msg, dtype=np.int64)
    # transit
    capped = rng.random(n_msg) < 0.3
    orders.append((2 * ids, 2 * ids + 1, np.full(n_msg, 60), np.where(capped, 3 * DAY, -1)))
    # registers of the sending and of the receiving offices
    n_reg = max(1, n_msg // 1000)
    for times, offset in ((sent, 0), (recv, 1)):
        office = rng.integers(0, n_reg, n_msg)
        order = np.lexsort((times, office))
        same = office[order][1:] == office[order][:-1]
        prev, nxt = order[:-1][same], order[1:][same]
        orders.append((2 * prev + offset, 2 * nxt + offset, np.zeros(len(prev)),
                       np.full(len(prev), -1)))
    # cross references to messages received before this one was sent
    by_recv = np.argsort(recv, kind="stable")
    citing = np.repeat(ids, rng.poisson(1.2, n_msg))
    pick = np.searchsorted(recv[by_recv], sent[citing], side="right")
    pick -= rng.geometric(1 / 300, len(citing))
    ok = pick >= 0
    citing, cited = citing[ok], by_recv[pick[ok]]
    reply = (rng.random(len(citing)) < 0.1) & (sent[citing] - recv[cited] <= 7 * DAY)
    orders.append((2 * cited + 1, 2 * citing, np.zeros(len(citing)),
                   np.where(reply, 7 * DAY, -1)))
    # date stamps
    bounded = rng.random(n) < 0.9
    width = rng.choice(np.array([300, 3600, DAY]), n, p=[0.2, 0.4, 0.4])
    lo = truth - truth % width
    nodes = np.flatnonzero(bounded)
    return Corpus(truth, orders, nodes, lo[bounded], (lo + width)[bounded])


def chain_corpus(n_events: int, seed: int, dated_ends: bool) -> Corpus:
    """Adversarial shape: one chain of ``n_events`` (1 min apart at least), numbered in
    random order, dated only at its two ends (or not at all)."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(n_events).astype(np.int64)
    truth = np.empty(n_events, dtype=np.int64)
    truth[order] = T0 + 60 * np.arange(n_events)
    orders = [(order[:-1], order[1:], np.full(n_events - 1, 60), np.full(n_events - 1, -1))]
    nodes = order[[0, -1]] if dated_ends else order[:0]
    lo = truth[nodes] - truth[nodes] % DAY
    return Corpus(truth, orders, nodes, lo, lo + DAY)


SHAPES = {
    "corpus": telegram_corpus,
    "chain": lambda n, seed: chain_corpus(n, seed, dated_ends=True),
    "free-chain": lambda n, seed: chain_corpus(n, seed, dated_ends=False),
}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time of ``repeat`` calls (the machine may be shared), and a result."""
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def run_one(size: int, seed: int, with_networkx: bool, engine: str, repeat: int,
            shape: str) -> dict:
    corpus = SHAPES[shape](size, seed)
    t = time.perf_counter()
    net = corpus.build()
    build_s = time.perf_counter() - t
    solve_s, sol = timed(lambda: net.solve() if engine == "fast" else _solve(net, engine),
                         repeat)
    row = {
        "events": corpus.n,
        "bounds": corpus.n_bounds,
        "orders": corpus.n_orders,
        "build_s": build_s,
        "solve_s": solve_s,
        "peak_mb": peak_mb(),
        "consistent": sol.consistent,
    }
    lo = [sol.earliest(v) for v in range(corpus.n)]
    hi = [sol.latest(v) for v in range(corpus.n)]
    row["truth_inside"] = all(
        (a is None or a <= t) and (b is None or t < b)
        for a, b, t in zip(lo, hi, corpus.truth.tolist(), strict=True)
    )
    if with_networkx:
        row.update(run_networkx(corpus, lo, hi, repeat))
    return row


def run_networkx(corpus: Corpus, lo: list, hi: list, repeat: int) -> dict:
    import networkx as nx

    u, v, w = corpus.distance_edges()
    graph = nx.DiGraph()
    graph.add_nodes_from(range(corpus.n + 1))
    graph.add_weighted_edges_from(zip(u, v, w, strict=True))
    reverse = graph.reverse(copy=True)
    origin = corpus.n
    bf = nx.bellman_ford_predecessor_and_distance
    up_s, (_, up) = timed(lambda: bf(graph, origin), repeat)
    down_s, (_, down) = timed(lambda: bf(reverse, origin), repeat)
    same = all(
        (hi[x] is None and x not in up) or (hi[x] is not None and up.get(x) == hi[x] - 1)
        for x in range(corpus.n)
    ) and all(
        (lo[x] is None and x not in down) or (lo[x] is not None and down.get(x) == -lo[x])
        for x in range(corpus.n)
    )
    return {"nx_edges": len(u), "nx_upper_s": up_s, "nx_lower_s": down_s, "nx_agrees": same}


def table(rows: list[dict]) -> str:
    head = (
        "| events | constraints (bounds + orders) | build s | solve s | peak MB "
        "| networkx s (upper + lower) | speed-up |"
    )
    lines = [head, "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        cons = r["bounds"] + r["orders"]
        if "nx_upper_s" in r:
            nx_s = r["nx_upper_s"] + r["nx_lower_s"]
            nx_cell = f"{nx_s:.2f} ({r['nx_upper_s']:.2f} + {r['nx_lower_s']:.2f})"
            speed = f"{nx_s / r['solve_s']:.0f}x"
        else:
            nx_cell = speed = "-"
        lines.append(
            f"| {r['events']:,} | {cons:,} ({r['bounds']:,} + {r['orders']:,}) "
            f"| {r['build_s']:.2f} | {r['solve_s']:.2f} | {r['peak_mb']:.0f} "
            f"| {nx_cell} | {speed} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+",
                        default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--networkx", action=argparse.BooleanOptionalAction, default=True,
                        help="also time networkx Bellman-Ford on the same graph")
    parser.add_argument("--seed", type=int, default=1914)
    parser.add_argument("--engine", choices=["fast", "robust"], default="fast",
                        help="robust: time the topological fallback engine alone")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="corpus",
                        help="corpus: telegram archive (default); chain / free-chain: one "
                        "chain dated at both ends / not at all (adversarial)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="time every solve (ours and networkx's) this often, keep the median")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process mode
    args = parser.parse_args(argv)
    if args.one is not None:
        row = run_one(args.one, args.seed, args.networkx, args.engine, args.repeat, args.shape)
        print(json.dumps(row))
        return 0
    print(f"python {platform.python_version()}, numpy {np.__version__} on "
          f"{platform.machine()}, shape {args.shape}, seed {args.seed}, engine {args.engine}, "
          f"median of {args.repeat}", flush=True)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    rows = []
    for size in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(size), "--seed", str(args.seed),
               "--engine", args.engine, "--repeat", str(args.repeat), "--shape", args.shape,
               "--networkx" if args.networkx else "--no-networkx"]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
        row = json.loads(out.strip().splitlines()[-1])
        rows.append(row)
        checks = {k: row[k] for k in ("consistent", "truth_inside", "nx_agrees") if k in row}
        print(f"  {size:>9,}: solve {row['solve_s']:.2f} s  {checks}", flush=True)
    print()
    print(table(rows))
    failed = [r for r in rows if not (r["consistent"] and r["truth_inside"]
                                      and r.get("nx_agrees", True))]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
