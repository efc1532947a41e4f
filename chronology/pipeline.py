"""Extraction over a whole input: in order, optionally in parallel, with progress.

Reading a document depends only on its own text, so documents can be read in worker
processes; linking needs the whole corpus and runs after. Output order is input order
whatever the number of workers (``imap`` keeps it).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from chronology.corpus import extract_raw
from chronology.linking import link
from chronology.model import Document, Message
from chronology.sources.inputs import InputProblem, RawDocument, iter_inputs


class Progress:
    """A minimal progress line on standard error, shown only on a terminal."""

    def __init__(self, mode: str) -> None:
        self.on = mode == "always" or (mode == "auto" and sys.stderr.isatty())
        self.n = 0

    def __call__(self, n: int) -> None:
        self.n = n - 1
        self.tick()

    def tick(self) -> None:
        self.n += 1
        if self.on and self.n % 50 == 0:
            sys.stderr.write(f"\rchronology: {self.n} documents read")
            sys.stderr.flush()

    def close(self) -> None:
        if self.on and self.n:
            sys.stderr.write(f"\rchronology: {self.n} documents read\n")


def _problem_record(p: InputProblem) -> dict[str, Any]:
    """An output line for an input that yielded no document, so nothing is lost."""
    return {
        "id": p.id,
        "date": None,
        "events": [],
        "messages": [],
        "diagnostics": [{"level": "error", "code": p.code, "message": p.message, "span": None}],
        "source": p.source,
        "_fatal": p.fatal,
    }


def _docs(
    items: Iterator[RawDocument | InputProblem], jobs: int
) -> Iterator[Document | InputProblem]:
    if jobs <= 1:
        for it in items:
            yield it if isinstance(it, InputProblem) else extract_raw(it)
        return
    import multiprocessing as mp

    ctx = mp.get_context("spawn" if sys.platform == "win32" else "fork")
    with ctx.Pool(jobs) as pool:
        yield from pool.imap(_work, items, chunksize=16)


def _work(item: RawDocument | InputProblem) -> Document | InputProblem:
    return item if isinstance(item, InputProblem) else extract_raw(item)


def extract_stream(
    paths: Sequence[str], *, max_bytes: int = 50_000_000, jobs: int = 1, progress: str = "auto"
) -> Iterator[Any]:
    """Yield, in input order: ``(document, extra_messages)`` pairs, problem records for
    inputs with an id but no text (so every input appears in the output), and plain
    :class:`InputProblem` values for the rest."""
    bar = Progress(progress)
    docs: list[Document] = []
    order: list[Any] = []
    for item in _docs(iter_inputs(list(paths), max_bytes=max_bytes), jobs):
        bar.tick()
        if isinstance(item, InputProblem):
            order.append(_problem_record(item) if item.id and item.fatal else item)
        else:
            # Keep the structured result, not the text: memory then grows with the number
            # of events read, not with the size of the corpus (linking needs no text).
            order.append(len(docs))
            docs.append(attrs.evolve(item, text=""))
    bar.close()
    linked = link(docs)
    extra: tuple[Message, ...] = ()
    for o in order:
        if isinstance(o, int):
            yield linked[o], extra
        else:
            yield o
