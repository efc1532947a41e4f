"""Export a corpus or a chronology to other tools' formats, and import corpora back.

One entry point serves the library and the command line alike::

    from chronology.formats.registry import export, import_corpus
    warnings = export(chron, "tei", "out.xml")     # what the format could not hold
    corpus = import_corpus("out.json")             # format guessed from the file

Why a registry: every format is a module of its own in this package that registers
itself when imported, so adding a format means adding a file, never editing a chain of
``if fmt == ...`` branches here. The package is scanned once, when this module is first
imported; a module that registers nothing (the output contract's helpers) costs nothing.

Why warnings are returned rather than printed: only the caller knows where a person will
read them (a terminal, a notebook, a log). Each warning says what the chosen format could
not keep, so nobody mistakes an export for the whole of the evidence.

Importing this module loads no plotting library and no XML parser; formats load heavier
machinery only when they run.
"""

from __future__ import annotations

import importlib
import io
import os
import pkgutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs

if TYPE_CHECKING:  # pragma: no cover
    from chronology.chronicle import Chronology
    from chronology.corpus import Corpus

__all__ = [
    "EXPORTERS",
    "IMPORTERS",
    "Exporter",
    "FormatError",
    "Importer",
    "Subject",
    "UNAVAILABLE",
    "count",
    "export",
    "import_corpus",
    "register",
]


class FormatError(ValueError):
    """A format name that does not exist, or a file that is not in the format it claims.

    A ``ValueError`` so that callers who already guard against bad input catch it too."""


@attrs.frozen
class Subject:
    """What an exporter is given: the corpus, and its solved chronology when there is one.

    Exporters that show solved bounds take them from ``chronology``; exporters that only
    describe readings use ``corpus`` and never pay for solving."""

    corpus: Corpus
    chronology: Chronology | None = None


#: An exporter's writer: the subject, a text stream, options -> warnings (what is lost).
Writer = Callable[[Subject, TextIO, Mapping[str, Any]], list[str]]
#: An importer's reader: a path, options -> a corpus.
Reader = Callable[[Path, Mapping[str, Any]], "Corpus"]


@attrs.frozen
class Exporter:
    """A registered output format.

    ``solve`` says whether the format needs solved bounds: ``"never"`` (readings only),
    ``"if-given"`` (adds solved bounds when handed a Chronology) or ``"always"`` (a Corpus
    is solved first, with the default solver options)."""

    name: str
    write: Writer
    suffix: str
    summary: str
    solve: str = attrs.field(
        default="never", validator=attrs.validators.in_(("never", "if-given", "always"))
    )


@attrs.frozen
class Importer:
    """A registered input format; ``suffixes`` let :func:`import_corpus` guess it."""

    name: str
    read: Reader
    suffixes: tuple[str, ...]
    summary: str


EXPORTERS: dict[str, Exporter] = {}
IMPORTERS: dict[str, Importer] = {}
#: Format modules that could not be imported, with the reason (a missing dependency).
UNAVAILABLE: dict[str, str] = {}


def count(n: int, noun: str) -> str:
    """'1 document', '14 documents': for titles and warnings written by formats."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def register(*formats: Exporter | Importer) -> None:
    """Called by each format module at import time. A later registration of the same name
    replaces the earlier one, so a user's own module can override a built-in format."""
    for f in formats:
        if isinstance(f, Exporter):
            EXPORTERS[f.name] = f
        elif isinstance(f, Importer):
            IMPORTERS[f.name] = f
        else:
            raise TypeError(f"register() takes Exporter or Importer objects, not {f!r}")


_NOT_FORMATS = frozenset({"registry", "contract"})


def _discover() -> None:
    """Import every module of this package once; each registers its formats."""
    package = sys.modules[__package__ or "chronology.formats"]
    for info in pkgutil.iter_modules(package.__path__):
        if info.name in _NOT_FORMATS or info.name.startswith("_"):
            continue
        try:
            importlib.import_module(f"{package.__name__}.{info.name}")
        except ImportError as exc:  # a format whose dependency is missing must not sink the rest
            UNAVAILABLE[info.name] = str(exc)


def _subject(obj: Any, exporter: Exporter) -> Subject:
    from chronology.chronicle import Chronology
    from chronology.corpus import Corpus

    if isinstance(obj, Chronology):
        return Subject(obj.corpus, obj)
    if isinstance(obj, Corpus):
        chron = obj.chronology() if exporter.solve == "always" else None
        return Subject(obj, chron)
    raise TypeError(f"export() takes a Corpus or a Chronology, not {type(obj).__name__}")


def _format(fmt: str, table: Mapping[str, Any], what: str) -> Any:
    key = fmt.strip().lower()
    if key in table:
        return table[key]
    known = ", ".join(sorted(table)) or "none"
    extra = f" ({key} could not be loaded: {UNAVAILABLE[key]})" if key in UNAVAILABLE else ""
    raise FormatError(f"no {what} format {fmt!r}{extra}; known formats: {known}")


def export(
    obj: Corpus | Chronology,
    fmt: str,
    target: str | os.PathLike[str] | TextIO,
    **options: Any,
) -> list[str]:
    """Write ``obj`` in format ``fmt`` to a path, to ``"-"`` (standard output) or to an
    open text stream; return the warnings, one sentence each, about what was lost.

    Pass a Chronology to include solved bounds (and to choose the solver's options); a
    Corpus is solved here only for formats that cannot do without. ``options`` go to the
    format (e.g. ``title=``, ``url=`` for CMIF). The whole output is built before a file is
    opened, so a failure never leaves half a file behind."""
    exporter: Exporter = _format(fmt, EXPORTERS, "export")
    subject = _subject(obj, exporter)
    buffer = io.StringIO()
    warnings = list(exporter.write(subject, buffer, options))
    text = buffer.getvalue()
    if isinstance(target, str | os.PathLike):
        if str(target) == "-":
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            # newline="": formats write "\n" themselves, identically on every platform.
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
    else:
        target.write(text)
    return warnings


def import_corpus(path: str | os.PathLike[str], fmt: str | None = None, **options: Any) -> Corpus:
    """Read a file written in one of the importable formats back into a Corpus.

    Without ``fmt`` the format is guessed from the file name's suffix (``.json``,
    ``.csv``, ``.xml``). Raises :class:`FormatError` when the format is unknown or the file
    is not in it; a spreadsheet's bad rows are diagnostics instead, never exceptions."""
    p = Path(path)
    if fmt is None:
        suffix = p.suffix.lower()
        hits = [i for i in IMPORTERS.values() if suffix in i.suffixes]
        if not hits:
            known = ", ".join(sorted({s for i in IMPORTERS.values() for s in i.suffixes}))
            raise FormatError(
                f"cannot tell the format of {p.name!r} from its suffix; name it ({known}) "
                f"or pass fmt= one of {', '.join(sorted(IMPORTERS))}"
            )
        importer: Importer = hits[0]
    else:
        importer = _format(fmt, IMPORTERS, "import")
    if not p.exists():
        raise FormatError(f"{p}: no such file")
    return importer.read(p, options)


_discover()
