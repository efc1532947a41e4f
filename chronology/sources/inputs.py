"""Turn the inputs a user names (files, folders, ``-``) into a stream of raw documents.

Reading is where archival work most often goes wrong without anyone noticing: a file saved
in the wrong encoding, a corpus line that lost its closing brace, two records sharing an id,
a PDF passed where text was expected. This module never drops anything silently. Every input
yields documents, :class:`InputProblem` records, or both, and each problem says what happened,
where, and what to do, so a command-line tool can account for every input it was given.

Supported inputs, dispatched on the file name:

* ``name.txt`` -- one document whose id is ``name``;
* a directory -- every ``*.txt`` directly inside it, in name order (dot-files are ignored);
* ``name.jsonl`` (or ``.ndjson``) -- one ``{"id": ..., "text": ...}`` object per line, streamed;
* ``-`` -- standard input, read as a ``.jsonl`` corpus, streamed;
* ``name.xml`` -- a FRUS TEI volume, one document per ``div[@type='document']``.

Duplicate ids are checked across everything read in one call: the first document with an id
wins and every later one is reported as ``duplicate-id`` and left out, because downstream
steps (links between telegrams, output keyed by id) need ids to be unique.

Importing this module is deliberately cheap: the XML machinery is loaded only when an
``.xml`` input actually appears.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import AnyStr, BinaryIO, NamedTuple, TextIO

import attrs

DEFAULT_MAX_BYTES = 50_000_000

#: Every problem code this package emits, so callers can switch on them safely.
PROBLEM_CODES = frozenset(
    {
        "missing-file",  # the path does not exist
        "unreadable",  # the operating system refused to read it
        "unsupported-input",  # not a kind of file this tool reads
        "empty-file",  # nothing but whitespace
        "empty-directory",  # a folder without any .txt file
        "not-utf8",  # decoded with replacement characters (warning)
        "binary-input",  # not text at all
        "too-large",  # over the size limit (whole file, or one .jsonl line)
        "bad-json-line",  # a .jsonl line that is not a usable JSON object
        "missing-id",  # a .jsonl record without a string id
        "duplicate-id",  # an id already used earlier in the same run
        "no-documents",  # the input was read but held no usable document
        "xml-unsafe",  # entity declarations or external references (refused, not expanded)
        "xml-malformed",  # not well-formed XML
    }
)

_TEXT_SUFFIXES = frozenset({".txt"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_XML_SUFFIXES = frozenset({".xml"})

# Control bytes that ordinary text files do contain: tab, newline, form feed, carriage return.
_ALLOWED_CONTROL = b"\t\n\x0c\r"
_CONTROL_BYTES = bytes(b for b in range(32) if b not in _ALLOWED_CONTROL) + b"\x7f"
_BINARY_SAMPLE = 65_536
_BINARY_CONTROL_SHARE = 0.10


def _copy_hints(value: Mapping[str, str] | None) -> dict[str, str]:
    """Copy hints into a private dict so a caller's later edits cannot reach a document."""
    return dict(value or {})


@attrs.frozen
class RawDocument:
    """A document as read, before any dating: an id, its text, and optional input hints.

    ``hints`` carries whatever extra the input offered (a place, an archive, an editor's
    date); nothing downstream may rely on any key being present. It is a plain dict copy,
    kept out of hashing, so documents stay picklable for parallel processing.
    """

    id: str
    text: str
    hints: Mapping[str, str] = attrs.field(factory=dict, converter=_copy_hints, hash=False)
    source: str = ""


@attrs.frozen
class InputProblem:
    """Something about an input a person should know about.

    ``fatal`` is True when nothing at all could be read from that input, so a tool can tell
    "this corpus had one bad line" from "this file was skipped". ``id`` names the document
    concerned when there is one (an empty ``.txt`` still has a would-be id), so a listing of
    inputs can show it.
    """

    source: str
    code: str
    message: str
    fatal: bool
    id: str | None = None


def iter_inputs(
    paths: Sequence[str],
    *,
    stdin: TextIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[RawDocument | InputProblem]:
    """Yield the documents and problems of ``paths``, in input order, lazily.

    ``stdin`` is what ``-`` reads (default: the process's standard input, decoded as UTF-8).
    ``max_bytes`` bounds whole files; for streamed ``.jsonl`` corpora and standard input it
    bounds each line instead, so arbitrarily large corpora can still be read.
    """
    first_source: dict[str, str] = {}
    for raw in paths:
        for item in _iter_one(raw, stdin, max_bytes):
            if isinstance(item, RawDocument):
                earlier = first_source.get(item.id)
                if earlier is not None:
                    yield _duplicate(item, earlier)
                    continue
                first_source[item.id] = item.source
            yield item


def read_inputs(
    paths: Sequence[str],
    *,
    stdin: TextIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[list[RawDocument], list[InputProblem]]:
    """Read everything into memory: convenient for small jobs and tests."""
    documents: list[RawDocument] = []
    problems: list[InputProblem] = []
    for item in iter_inputs(paths, stdin=stdin, max_bytes=max_bytes):
        if isinstance(item, RawDocument):
            documents.append(item)
        else:
            problems.append(item)
    return documents, problems


# --------------------------------------------------------------------------- dispatch


def _iter_one(
    raw: str, stdin: TextIO | None, max_bytes: int
) -> Iterator[RawDocument | InputProblem]:
    """Route one user-given input to its reader, reporting what cannot be routed."""
    if raw == "-":
        yield from _iter_stdin(stdin, max_bytes)
        return
    path = Path(raw)
    if not path.exists():
        yield InputProblem(
            raw,
            "missing-file",
            f"{raw} does not exist; check the spelling and the folder it is in.",
            fatal=True,
        )
        return
    if path.is_dir():
        yield from _iter_directory(path, raw, max_bytes)
        return
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:  # streamed, so a named pipe is as good as a file
        yield from _iter_jsonl_file(path, raw, max_bytes)
        return
    if not path.is_file() or suffix not in _TEXT_SUFFIXES | _XML_SUFFIXES:
        yield _unsupported(raw, suffix)
        return
    size_problem = _check_size(path, raw, max_bytes)
    if size_problem is not None:
        yield size_problem
        return
    if suffix in _TEXT_SUFFIXES:
        yield from _read_txt(path, raw)
    else:
        yield from _iter_xml(path, raw)


def _unsupported(raw: str, suffix: str) -> InputProblem:
    kind = f"'{suffix}' files" if suffix else "files without an extension"
    return InputProblem(
        raw,
        "unsupported-input",
        f"{raw} was skipped: {kind} cannot be read; give plain text (.txt), a JSON-lines "
        "corpus (.jsonl), a FRUS TEI volume (.xml) or a folder of .txt files.",
        fatal=True,
    )


def _unreadable(label: str, exc: OSError) -> InputProblem:
    reason = exc.strerror or str(exc)
    return InputProblem(
        label,
        "unreadable",
        f"{label} could not be opened ({reason}); check that the file is readable.",
        fatal=True,
    )


def _duplicate(doc: RawDocument, earlier: str) -> InputProblem:
    return InputProblem(
        doc.source,
        "duplicate-id",
        f"The id '{doc.id}' at {doc.source} was already used at {earlier}; the first document "
        "was kept and this one left out, so give it a distinct id to keep both.",
        fatal=False,
        id=doc.id,
    )


def _human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size} bytes"


def _check_size(path: Path, label: str, max_bytes: int) -> InputProblem | None:
    """Refuse whole-file inputs over the limit before reading a byte of them."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return _unreadable(label, exc)
    if size <= max_bytes:
        return None
    return InputProblem(
        label,
        "too-large",
        f"{label} is {_human_size(size)} ({size} bytes), over the {_human_size(max_bytes)} "
        f"limit, and was not read; if it is genuine, raise the limit (max_bytes) above {size}.",
        fatal=True,
        id=path.stem if path.suffix.lower() in _TEXT_SUFFIXES else None,
    )


# --------------------------------------------------------------------------- plain text


def _read_txt(path: Path, label: str) -> Iterator[RawDocument | InputProblem]:
    """One .txt file is one document, named after the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _unreadable(label, exc)
        return
    yield from _text_document(data, path.stem, label)


def _text_document(data: bytes, doc_id: str, label: str) -> Iterator[RawDocument | InputProblem]:
    binary = _binary_reason(data[:_BINARY_SAMPLE])
    if binary is not None:
        yield InputProblem(
            label, "binary-input", f"{label} {binary}; it was not read.", fatal=True, id=doc_id
        )
        return
    text, bad_line = _decode_utf8(data)
    if not text.strip():
        yield InputProblem(
            label,
            "empty-file",
            f"{label} is empty (nothing but blank space); add the document's text or remove it.",
            fatal=True,
            id=doc_id,
        )
        return
    if bad_line is not None:
        yield InputProblem(
            label,
            "not-utf8",
            f"{label} is not valid UTF-8 (first bad byte on line {bad_line}); unreadable "
            "characters were replaced with '\ufffd', so re-save the file as UTF-8 to keep them.",
            fatal=False,
            id=doc_id,
        )
    yield RawDocument(doc_id, text, {}, label)


def _binary_reason(sample: bytes) -> str | None:
    """Say why ``sample`` is not text, or None when it looks like text.

    NUL bytes never occur in UTF-8 prose; a high share of other control bytes means an
    image, a word-processor file or a compressed archive renamed to .txt.
    """
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "looks like UTF-16 text; re-save it as UTF-8"
    if b"\x00" in sample:
        return "contains NUL bytes, so it is a binary file rather than text"
    if not sample:
        return None
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if control / len(sample) > _BINARY_CONTROL_SHARE:
        return "is mostly control characters, so it is a binary file rather than text"
    return None


def _decode_utf8(data: bytes) -> tuple[str, int | None]:
    """Decode UTF-8 (dropping a BOM), normalise line ends; report the first bad line if any."""
    bad_line: int | None = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = data.count(b"\n", 0, exc.start) + 1
        text = data.decode("utf-8-sig", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n"), bad_line


def _iter_directory(path: Path, label: str, max_bytes: int) -> Iterator[RawDocument | InputProblem]:
    """A folder is read as its .txt files, sorted by name so runs are reproducible."""
    try:
        members = sorted(
            (
                child
                for child in path.iterdir()
                if child.suffix.lower() in _TEXT_SUFFIXES
                and not child.name.startswith(".")
                and child.is_file()
            ),
            key=lambda child: child.name,
        )
    except OSError as exc:
        yield _unreadable(label, exc)
        return
    if not members:
        yield InputProblem(
            label,
            "empty-directory",
            f"The folder {label} contains no .txt files (sub-folders are not searched); "
            "put the documents there as .txt files or name them directly.",
            fatal=True,
        )
        return
    for child in members:
        child_label = str(Path(label) / child.name)
        problem = _check_size(child, child_label, max_bytes)
        if problem is not None:
            yield problem
        else:
            yield from _read_txt(child, child_label)


# --------------------------------------------------------------------------- JSON lines


class _Line(NamedTuple):
    """One physical line of a corpus; ``text`` is None when the line was over the limit.

    A plain tuple rather than an attrs class: corpora have millions of lines.
    """

    number: int
    text: str | None
    size: int
    bad_utf8: bool = False


def _binary_lines(stream: BinaryIO, limit: int) -> Iterator[_Line]:
    """Read lines lazily, never holding more than ``limit`` bytes of one line in memory."""
    number = 0
    while True:
        chunk = stream.readline(limit + 1)
        if not chunk:
            return
        number += 1
        if len(chunk) > limit and not chunk.endswith(b"\n"):
            size = len(chunk) + _skip_rest(stream.readline)
            yield _Line(number, None, size)
            continue
        if number == 1 and chunk.startswith(b"\xef\xbb\xbf"):
            chunk = chunk[3:]
        try:
            yield _Line(number, chunk.decode("utf-8"), len(chunk))
        except UnicodeDecodeError:
            yield _Line(number, chunk.decode("utf-8", errors="replace"), len(chunk), True)


def _text_lines(stream: TextIO, limit: int) -> Iterator[_Line]:
    """Like :func:`_binary_lines` for an already-decoded stream (sizes are in characters)."""
    number = 0
    while True:
        chunk = stream.readline(limit + 1)
        if not chunk:
            return
        number += 1
        if len(chunk) > limit and not chunk.endswith("\n"):
            yield _Line(number, None, len(chunk) + _skip_rest(stream.readline))
            continue
        if number == 1:
            chunk = chunk.removeprefix("\ufeff")
        yield _Line(number, chunk, len(chunk))


def _skip_rest(readline: Callable[[int], AnyStr]) -> int:
    """Consume the remainder of an over-long line in bounded pieces; return its size."""
    skipped = 0
    while True:
        piece = readline(1 << 20)
        skipped += len(piece)
        if not piece or piece[-1:] in ("\n", b"\n"):
            return skipped


def _iter_jsonl_file(
    path: Path, label: str, max_bytes: int
) -> Iterator[RawDocument | InputProblem]:
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield _unreadable(label, exc)
        return
    with stream:
        yield from _parse_jsonl(_binary_lines(stream, max_bytes), label, max_bytes)


def _iter_stdin(stdin: TextIO | None, max_bytes: int) -> Iterator[RawDocument | InputProblem]:
    """Standard input is a JSON-lines corpus; the real one is decoded as UTF-8 ourselves."""
    label = "<stdin>"
    if stdin is None:
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is not None:
            yield from _parse_jsonl(_binary_lines(buffer, max_bytes), label, max_bytes)
            return
        stdin = sys.stdin
    yield from _parse_jsonl(_text_lines(stdin, max_bytes), label, max_bytes)


def _parse_jsonl(
    lines: Iterable[_Line], label: str, max_bytes: int
) -> Iterator[RawDocument | InputProblem]:
    """Turn corpus lines into documents; a bad line is reported and reading goes on."""
    documents = 0
    content_lines = 0
    for line in lines:
        where = f"{label}:{line.number}"
        if line.text is None:
            content_lines += 1
            yield _line_too_large(where, line, max_bytes)
            continue
        if not line.text.strip():
            continue
        content_lines += 1
        if content_lines == 1 and "\x00" in line.text:
            yield InputProblem(
                label,
                "binary-input",
                f"{label} contains NUL bytes, so it is a binary file rather than a JSON-lines "
                "corpus; it was not read.",
                fatal=True,
            )
            return
        if line.bad_utf8:
            yield InputProblem(
                where,
                "not-utf8",
                f"Line {line.number} of {label} is not valid UTF-8; unreadable characters were "
                "replaced with '\ufffd', so re-save the corpus as UTF-8 to keep them.",
                fatal=False,
            )
        item = _record_from_line(line.text, where, line.number, label)
        if isinstance(item, RawDocument):
            documents += 1
        yield item
    if documents == 0:
        yield _nothing_read(label, content_lines)


def _nothing_read(label: str, content_lines: int) -> InputProblem:
    if content_lines == 0:
        return InputProblem(
            label,
            "empty-file",
            f"{label} holds no records (it is empty or blank); add one JSON object per line.",
            fatal=True,
        )
    return InputProblem(
        label,
        "no-documents",
        f"None of the {content_lines} lines of {label} held a usable document; see the "
        'problems reported for its lines, each should be {"id": "...", "text": "..."}.',
        fatal=True,
    )


def _line_too_large(where: str, line: _Line, max_bytes: int) -> InputProblem:
    return InputProblem(
        where,
        "too-large",
        f"Line {line.number} of {where.rsplit(':', 1)[0]} is {_human_size(line.size)}, over the "
        f"{_human_size(max_bytes)} per-line limit, and was skipped; if it is genuine, raise the "
        f"limit (max_bytes) above {line.size}.",
        fatal=False,
    )


def _record_from_line(text: str, where: str, number: int, label: str) -> RawDocument | InputProblem:
    """Parse one corpus line; every way it can be unusable gets its own plain explanation."""
    prefix = f"Line {number} of {label}"
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return _bad_line(where, f"{prefix} is not valid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return _bad_line(where, f"{prefix} is nested too deeply to be a document record")
    if not isinstance(record, dict):
        return _bad_line(where, f"{prefix} is JSON but not an object")
    doc_id = record.get("id")
    if not isinstance(doc_id, str) or not doc_id.strip():
        return InputProblem(
            where,
            "missing-id",
            f"{prefix} has no text 'id' (ids must be non-empty strings); add one so the document "
            "can be named in the results.",
            fatal=False,
        )
    body = record.get("text")
    if not isinstance(body, str):
        what = "has no 'text'" if body is None else "has a 'text' that is not a string"
        return _bad_line(where, f"{prefix} (id '{doc_id}') {what}", doc_id)
    hints = {
        key: value
        for key, value in record.items()
        if key not in ("id", "text") and isinstance(value, str)
    }
    return RawDocument(doc_id, body, hints, where)


def _bad_line(where: str, what: str, doc_id: str | None = None) -> InputProblem:
    return InputProblem(
        where,
        "bad-json-line",
        f'{what}; fix that line to read {{"id": "...", "text": "..."}} - the other lines were '
        "still read.",
        fatal=False,
        id=doc_id,
    )


# --------------------------------------------------------------------------- XML


def _iter_xml(path: Path, label: str) -> Iterator[RawDocument | InputProblem]:
    """TEI volumes pull in the XML parser, so it is imported only when one is given."""
    from chronology.sources import tei

    yield from tei.iter_tei_volume(path, label=label)
