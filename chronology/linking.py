"""Link messages that refer to each other across a corpus.

A reference resolves, in order of strength: by a number in a named register ("vkh. No.
20757" is Moscow's incoming register), by a number whose register is not named (a
candidate, with the reason), or by its date and parties ("your telegram of 13 June":
a message from the addressee to the writer whose writing overlaps 13 June). A reference
that finds nothing stays attached to a message known only by reference, which still gets
a time window from the constraints. Nothing here changes a reading: links only add
``target`` and ``candidates`` to references.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence

import attrs

from chronology.model import Document, EventKind, Message, Reference
from chronology.sources import actors

_WRITTEN = (EventKind.WRITTEN, EventKind.SENT)


def _key(number: str) -> str:
    return number.lower().rstrip(".").replace("ш", "sh").replace("/iii", "/sh")


@functools.lru_cache(maxsize=65536)
def person_key(name: str | None) -> str | None:
    """One key per person: the canonical name of a known writer (Filippov and Stalin are
    one), else the name as written, in lower case."""
    if not name:
        return None
    return actors.canonical(name) or actors.find_actor(name) or name.strip().lower()


@attrs.frozen
class _Index:
    by_register: dict[tuple[str, str], list[str]]
    by_number: dict[str, list[str]]
    messages: dict[str, Message]
    by_sender: dict[str | None, list[str]]

    @classmethod
    def build(cls, docs: Iterable[Document]) -> _Index:
        by_register: dict[tuple[str, str], list[str]] = defaultdict(list)
        by_number: dict[str, list[str]] = defaultdict(list)
        by_sender: dict[str | None, list[str]] = defaultdict(list)
        messages: dict[str, Message] = {}
        for doc in docs:
            for m in doc.messages:
                messages[m.id] = m
                if m.document is None:
                    continue
                by_sender[person_key(m.sender)].append(m.id)
                for d in m.designators:
                    by_register[(d.register, _key(d.number))].append(m.id)
                    by_number[_key(d.number)].append(m.id)
        return cls(dict(by_register), dict(by_number), messages, dict(by_sender))


def _cited_years(ref: Reference, ix: _Index) -> dict[tuple[str, str], int]:
    """The year each number of a reference is taken to be of (from the citing message's
    own date): registers restart, so No. 410 of 1965 is not No. 410 of 1951."""
    placeholder = ix.messages.get(ref.target or "")
    if placeholder is None:
        return {}
    return {(d.register, _key(d.number)): d.year for d in placeholder.designators if d.year}


_SLACK = dt.timedelta(days=1)  # a date read in one clock, a writing dated in another


def _dated_alike(ref: Reference, m: Message) -> bool:
    """Whether a message found by number fits the date the reference gives, if any:
    "Deptel 42, July 6" is not the Department's telegram No. 42 of July 13 (to another
    post, whose series it was)."""
    if ref.date is None:
        return True
    written = [e.time for e in m.events if e.kind in _WRITTEN]
    if not written:
        return True
    return any(
        t.earliest - _SLACK < ref.date.latest and ref.date.earliest < t.latest + _SLACK
        for t in written
    )


def _written_before(cited: Message, citing: Message) -> bool:
    """Whether ``cited`` can have been written before ``citing``: a message cannot cite
    one written days after it (another post's telegram with the same number)."""
    cited_t = [e.time for e in cited.events if e.kind in _WRITTEN]
    citing_t = [e.time for e in citing.events if e.kind in _WRITTEN]
    if not cited_t or not citing_t:
        return True
    return min(t.earliest for t in cited_t) < max(t.latest for t in citing_t) + _SLACK


def _near_year(m: Message, number: str, year: int | None) -> bool:
    """Whether ``m`` carries ``number`` in a year within one of ``year`` (or unknown): a
    year is a guess near New Year."""
    if year is None:
        return True
    return any(
        d.year is None or abs(d.year - year) <= 1
        for d in m.designators
        if _key(d.number) == _key(number)
    )


def _resolve(ref: Reference, citing: Message, ix: _Index) -> tuple[str | None, tuple[str, ...]]:
    """The message a reference points at, or ranked candidates."""
    exact: list[str] = []
    loose: list[str] = []
    registers = ref.registers or ("",) * len(ref.numbers)
    years = _cited_years(ref, ix)
    for number, register in zip(ref.numbers, registers, strict=False):
        year = years.get((register, _key(number)))
        exact.extend(
            h
            for h in ix.by_register.get((register, _key(number)), ())
            if h != citing.id and _near_year(ix.messages[h], number, year)
        )
        loose.extend(
            h
            for h in ix.by_number.get(_key(number), ())
            if h != citing.id and _near_year(ix.messages[h], number, year)
        )
    exact = [
        mid
        for mid in dict.fromkeys(exact)
        if _dated_alike(ref, ix.messages[mid]) and _written_before(ix.messages[mid], citing)
    ]
    if len(exact) == 1:
        return exact[0], ()
    if exact:
        return None, tuple(exact)
    if ref.numbers:
        return None, tuple(dict.fromkeys(loose))
    placeholder = ix.messages.get(ref.target or "")
    sender = person_key(placeholder.sender) if placeholder else None
    recipient = person_key(placeholder.recipient) if placeholder else None
    if sender is None:
        return None, ()
    pool = [
        mid
        for mid in ix.by_sender.get(sender, ())
        if mid != citing.id
        and (recipient is None or person_key(ix.messages[mid].recipient) == recipient)
    ]
    if ref.date is None:
        if recipient is None:
            return None, ()
        # Known only by its parties ("I communicated our opinion to Comrade Gao Gang"):
        # the one message of the corpus from that writer to that addressee.
        return (pool[0], ()) if len(pool) == 1 else (None, tuple(pool))
    found = [
        mid
        for mid in pool
        if any(
            e.kind in _WRITTEN
            and e.time.earliest < ref.date.latest
            and ref.date.earliest < e.time.latest
            for e in ix.messages[mid].events
        )
    ]
    if len(found) == 1:
        return found[0], ()
    return None, tuple(found)


def link(docs: Sequence[Document]) -> list[Document]:
    """Resolve every reference of the corpus; returns new documents.

    A message known only by reference whose reference resolved is merged into the
    message it stands for: it leaves the message list, and the dates read for it (the
    "13 June" of "your telegram of 13 June") become events of the target."""
    ix = _Index.build(docs)
    out = []
    for doc in docs:
        msgs = []
        merged: dict[str, str] = {}  # placeholder id -> target id
        for m in doc.messages:
            refs = []
            for r in m.references:
                target, cands = _resolve(r, m, ix)
                if target is not None:
                    if (
                        r.target
                        and r.target != target
                        and ix.messages.get(r.target)
                        and ix.messages[r.target].document is None
                    ):
                        merged[r.target] = target
                    refs.append(attrs.evolve(r, target=target, candidates=()))
                elif cands:
                    refs.append(attrs.evolve(r, candidates=cands))
                else:
                    refs.append(r)
            msgs.append(attrs.evolve(m, references=tuple(refs)))
        if merged:
            msgs = [
                attrs.evolve(m, events=tuple(_rehome(e, merged) for e in m.events))
                for m in msgs
                if m.id not in merged
            ]
            events = tuple(_rehome(e, merged) for e in doc.events)
            doc = attrs.evolve(
                doc, events=events, date=_rehome(doc.date, merged) if doc.date else None
            )
        out.append(attrs.evolve(doc, messages=tuple(msgs)))
    return out


def _rehome(e, merged: dict[str, str]):  # noqa: ANN001, ANN202
    if e.message in merged:
        return attrs.evolve(e, message=merged[e.message])
    return e
