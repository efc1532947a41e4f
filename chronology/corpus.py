"""A corpus: the documents of one reading, linked to each other, ready to be ordered.

This is the object scripts and notebooks hold: ``corpus = chronology.read(paths)``,
``corpus.check()``, ``corpus.sequence()``, ``corpus.before(a, b)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from chronology.extract import extract_document
from chronology.linking import link
from chronology.model import Diagnostic, Document, Event, Message
from chronology.sources.inputs import InputProblem, RawDocument, iter_inputs


@attrs.frozen
class Corpus:
    """Documents read together; references resolved across all of them."""

    documents: tuple[Document, ...]
    problems: tuple[InputProblem, ...] = ()
    # Solved chronologies by their options: asking several questions of one corpus
    # solves it once. Not part of the corpus's identity.
    _solved: dict = attrs.field(factory=dict, init=False, eq=False, repr=False, hash=False)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def messages(self) -> tuple[Message, ...]:
        return tuple(m for d in self.documents for m in d.messages)

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(e for d in self.documents for e in d.events)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(x for d in self.documents for x in d.diagnostics)

    def document(self, doc_id: str) -> Document:
        for d in self.documents:
            if d.id == doc_id:
                return d
        raise KeyError(f"no document {doc_id!r} in this corpus")

    def message(self, key: str) -> Message:
        """A message by id ('seed-20772#1') or by one of its numbers ('20772')."""
        for m in self.messages:
            if m.id == key:
                return m
        hits = [m for m in self.messages if any(d.number == key for d in m.designators)]
        own = [m for m in hits if m.document is not None]
        if len(own) == 1 or (own and len(hits) > len(own)):
            return own[0]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise KeyError(f"no message with id or number {key!r}")
        raise KeyError(f"{key!r} names {len(hits)} messages: {[m.id for m in hits]}")

    def _repr_html_(self) -> str:
        from chronology.notebook import corpus_html

        return corpus_html(self)

    def chronology(self, **options):  # noqa: ANN003 - forwarded to solve()
        """The solved corpus (see :class:`chronology.chronicle.Chronology`); solved once
        for each set of options and kept."""
        from chronology.chronicle import solve

        key = tuple(sorted(options.items()))
        if key not in self._solved:
            self._solved[key] = solve(self, **options)
        return self._solved[key]

    def check(self, **options):  # noqa: ANN003
        """The chronology, whose ``consistent`` and ``conflicts`` answer the check."""
        return self.chronology(**options)

    def sequence(self, **options):  # noqa: ANN003
        return self.chronology(**options).sequence()

    def before(self, a: str, b: str, **options) -> bool | None:  # noqa: ANN003
        return self.chronology(**options).before(a, b)


def extract_raw(raw: RawDocument) -> Document:
    """Read one raw document. A failure inside the reader is confined to its document:
    the document is kept, with an ``internal-error`` diagnostic, and the run goes on."""
    try:
        doc = extract_document(raw.id, raw.text)
    except Exception as exc:  # noqa: BLE001 - one bad document must not sink a corpus
        doc = Document(
            raw.id,
            raw.text,
            diagnostics=(
                Diagnostic(
                    "error",
                    "internal-error",
                    f"this document could not be read ({type(exc).__name__}: {exc}); please report "
                    "it with the document's text",
                    None,
                    raw.id,
                ),
            ),
        )
    return attrs.evolve(doc, source=raw.source)


def from_texts(items: Iterable[tuple[str, str]]) -> Corpus:
    """A corpus from ``(id, text)`` pairs, e.g. built in a notebook."""
    docs = [extract_raw(RawDocument(i, t, {}, "text")) for i, t in items]
    return Corpus(tuple(link(docs)))


def read(
    paths: str | Sequence[str], *, progress: Callable[[int], None] | None = None, **options
) -> Corpus:  # noqa: ANN003
    """Read files, folders, ``.jsonl`` corpora and TEI volumes into one linked corpus.

    ``progress``, if given, is called with the number of documents read so far (a
    progress bar, a notebook widget)."""
    if isinstance(paths, str):
        paths = [paths]
    docs: list[Document] = []
    problems: list[InputProblem] = []
    for item in iter_inputs(list(paths), **options):
        if isinstance(item, InputProblem):
            problems.append(item)
        else:
            docs.append(extract_raw(item))
            if progress is not None:
                progress(len(docs))
    return Corpus(tuple(link(docs)), tuple(problems))
