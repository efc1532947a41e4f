"""Assertions for a user's own test suite: order checks on a corpus.

    from chronology import read, assert_before
    corpus = read("telegrams/")
    assert_before(corpus, ("20757", "received"), ("20772", "received"))

An assertion fails with the evidence bounds in its message, and distinguishes "wrong
order" from "the evidence cannot tell".
"""

from __future__ import annotations

from typing import Any

EventKey = str | tuple[str, str]


def assert_before(corpus_or_chronology: Any, a: EventKey, b: EventKey) -> None:
    """Fail unless the evidence proves that ``a`` happened before ``b``."""
    chron = corpus_or_chronology
    if not hasattr(chron, "solution"):
        chron = corpus_or_chronology.chronology()
    verdict = chron.before(a, b)
    if verdict is True:
        return
    ia, ib = chron.find(a), chron.find(b)
    ea, la = chron.bounds(ia)
    eb, lb = chron.bounds(ib)
    why = "the evidence puts it after" if verdict is False else "the evidence cannot tell"
    raise AssertionError(
        f"{a} is not proven before {b}: {why}. {a} lies in [{ea}, {la}), {b} in [{eb}, {lb})."
    )
