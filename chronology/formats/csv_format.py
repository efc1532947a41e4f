"""``csv``: events as spreadsheet rows out; a hand-made sheet of telegrams in.

Export: one row per event read (``corpus.events``, in document and text order), with the
columns ``event, earliest, latest, precision, local, zone, status, kind, message,
designators, document, span_start, span_end, text``, plus ``solved_earliest`` and
``solved_latest`` when a Chronology is exported. Times are UTC (``...Z``), as everywhere
in the library; ``designators`` joins the message's numbers as ``number@register; ...``.
Why one row per event rather than per message: an event is what carries a time, so the
sheet sorts and filters by time directly. The rows are not meant to be read back (use
``json`` for that).

Import: a historian's own sheet, one telegram per row. Columns, matched without regard
to case, spaces or hyphens:

========================  ======================================================
``number``                the telegram's number (optional)
``register``              the register the number belongs to (optional; without it
                          numbers are not used to order telegrams)
``sender``, ``recipient`` as written (optional)
``place``                 where it was sent from: its clock dates ``sent``
``sent``                  date/time of sending, as written ("13.6.51 22:00")
``received``              date/time of receipt, as written ("19:55 13.June.1951")
``received_place``        where it was received: its clock dates ``received``
``text``                  the telegram's text (optional; kept, not read for dates)
========================  ======================================================

Each row becomes one Document (id ``<file stem>-row<N>``, N the spreadsheet's row number,
the header being row 1) holding one message. Dates are read with the library's own
readers, so "13.6.51" means what it means in a document. Two rules keep the sheet honest:
a two-digit year is completed only from a full year written elsewhere in the same row
(never from today's date), and a date without a year takes the row's full year; where
the row gives none, the date is not placed and a diagnostic says so. A bad row becomes a
document with an error diagnostic naming the row: importing never raises on content.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from chronology.formats.contract import iso
from chronology.formats.registry import Exporter, FormatError, Importer, Subject, register
from chronology.model import (
    Designator,
    Diagnostic,
    Document,
    Event,
    EventKind,
    Message,
    Provenance,
)

if TYPE_CHECKING:  # pragma: no cover
    from chronology.reading.temporal import Reading

EXPORT_COLUMNS = (
    "event",
    "earliest",
    "latest",
    "precision",
    "local",
    "zone",
    "status",
    "kind",
    "message",
    "designators",
    "document",
    "span_start",
    "span_end",
    "text",
)
SOLVED_COLUMNS = ("solved_earliest", "solved_latest")
IMPORT_COLUMNS = (
    "number",
    "register",
    "sender",
    "recipient",
    "place",
    "sent",
    "received",
    "received_place",
    "text",
)


# ---------------------------------------------------------------- export
def _designators(m: Message | None) -> str:
    if m is None:
        return ""
    return "; ".join(f"{d.number}@{d.register}" for d in m.designators)


def rows(subject: Subject) -> list[dict[str, str]]:
    """The exported rows as dicts of strings (empty string for nothing)."""
    messages: dict[str, Message] = {}
    for m in subject.corpus.messages:
        messages.setdefault(m.id, m)
    solved: dict[str, tuple[dt.datetime | None, dt.datetime | None]] = {}
    if subject.chronology is not None:
        for s in subject.chronology.events():
            if s.node.event is not None:
                solved.setdefault(s.node.id, (s.earliest, s.latest))
    out = []
    for e in subject.corpus.events:
        span = e.provenance.span
        row = {
            "event": e.id,
            "earliest": iso(e.time.earliest),
            "latest": iso(e.time.latest),
            "precision": e.time.precision.value,
            "local": e.time.local,
            "zone": e.time.zone or "",
            "status": e.time.status,
            "kind": e.kind.value,
            "message": e.message or "",
            "designators": _designators(messages.get(e.message or "")),
            "document": e.provenance.document or "",
            "span_start": str(span[0]) if span else "",
            "span_end": str(span[1]) if span else "",
            "text": e.provenance.text,
        }
        if subject.chronology is not None:
            lo, hi = solved.get(e.id, (None, None))
            row["solved_earliest"] = iso(lo) if lo else ""
            row["solved_latest"] = iso(hi) if hi else ""
        out.append(row)
    return out


def write(subject: Subject, out: TextIO, options: Mapping[str, Any]) -> list[str]:
    columns = EXPORT_COLUMNS + (SOLVED_COLUMNS if subject.chronology is not None else ())
    w = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    w.writeheader()
    w.writerows(rows(subject))
    warnings = [
        "CSV keeps one row per event read: zone candidates, assumptions and reading rules, "
        "references, senders and recipients, diagnostics and the documents' texts are not "
        "written (use json to keep everything)",
    ]
    if subject.chronology is not None:
        inferred = sum(1 for s in subject.chronology.events() if s.node.event is None)
        if inferred:
            warnings.append(
                f"CSV: {inferred} events inferred by solving (no date in the text) have no "
                "row; `chronology sequence --format csv` lists them"
            )
    return warnings


# ---------------------------------------------------------------- import
def _column_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


@attrs.frozen
class _Cell:
    """A cell's text and where it sits in the document text made for its row."""

    text: str
    start: int


@attrs.define
class _Row:
    """Working state for one sheet row; never leaves this module."""

    doc_id: str
    number: int
    century: int | None = None
    diagnostics: list[Diagnostic] = attrs.field(factory=list)

    def diag(
        self, level: str, code: str, message: str, span: tuple[int, int] | None = None
    ) -> None:
        self.diagnostics.append(
            Diagnostic(level, code, f"row {self.number}: {message}", span, self.doc_id)
        )


_LABELS = (
    ("number", "No. "),
    ("register", "Register: "),
    ("sender", "From: "),
    ("recipient", "To: "),
    ("place", "Place: "),
    ("sent", "Sent: "),
    ("received", "Received: "),
    ("received_place", "Received at: "),
    ("text", ""),
)
_BARE_YEAR = re.compile(r"\s*(1[5-9]\d\d|20\d\d)\s*")


def _row_text(values: Mapping[str, str]) -> tuple[str, dict[str, _Cell]]:
    """A readable text for the row's document, and each cell's place in it, so that
    every event's span points at the characters it was read from."""
    parts: list[str] = []
    cells: dict[str, _Cell] = {}
    pos = 0
    for key, label in _LABELS:
        value = values.get(key, "")
        if not value:
            continue
        line = label + value
        cells[key] = _Cell(value, pos + len(label))
        parts.append(line)
        pos += len(line) + 1
    return "\n".join(parts), cells


def _readings(cell: _Cell, row: _Row, what: str) -> Reading | None:
    """The one date/time a cell holds; a date and a time read apart are joined."""
    from chronology.reading.temporal import Reading, read_temporal

    found = read_temporal(cell.text)
    if not found and _BARE_YEAR.fullmatch(cell.text):
        year = int(cell.text.strip())
        found = [Reading((0, len(cell.text)), cell.text, "bare-year", year=year, year_form="full")]
    if not found:
        row.diag(
            "error",
            "unreadable-date",
            f"the {what} date {cell.text!r} could not be read; write it like "
            "'13.6.1951 22:00' or '19:55 13 June 1951'",
            (cell.start, cell.start + len(cell.text)),
        )
        return None
    dates = [r for r in found if r.has_date or r.year is not None]
    times = [r for r in found if r.has_time and not r.has_date]
    first = dates[0] if dates else found[0]
    if len(found) > 1:
        if len(dates) == 1 and len(times) == 1 and not first.has_time:
            t = times[0]
            first = attrs.evolve(
                first,
                span=(min(first.span[0], t.span[0]), max(first.span[1], t.span[1])),
                hour=t.hour,
                minute=t.minute,
                second=t.second,
                zone_text=first.zone_text or t.zone_text,
                zone_letter=first.zone_letter or t.zone_letter,
            )
            first = attrs.evolve(first, text=cell.text[first.span[0] : first.span[1]])
        else:
            row.diag(
                "warning",
                "several-dates",
                f"the {what} cell {cell.text!r} holds {len(found)} dates; the first, "
                f"{first.text!r}, is used",
                (cell.start, cell.start + len(cell.text)),
            )
    covered = first.span[1] - first.span[0]
    if covered < len(cell.text.strip()) * 0.6:
        row.diag(
            "warning",
            "partly-read",
            f"only {first.text!r} of the {what} cell {cell.text!r} was read as a date",
            (cell.start, cell.start + len(cell.text)),
        )
    return first


def _row_year(readings: list[Reading]) -> int | None:
    full = [r.year for r in readings if r.year is not None and r.year_form == "full"]
    return full[0] if full else None


def _year(
    r: Reading, context: int | None, row: _Row, what: str, span: tuple[int, int]
) -> tuple[int | None, str | None]:
    """The four-digit year of a reading, from the row (or the century the user gave on
    import); never from today's date."""
    if r.year is not None and r.year_form == "full":
        return r.year, None
    if r.year is not None:
        if context is None and row.century is not None:
            year = row.century + r.year
            return year, (
                f"two-digit year '{r.year:02d}' read as {year}: the century "
                f"{row.century} was given on import"
            )
        if context is None:
            row.diag(
                "error",
                "two-digit-year",
                f"the {what} date {r.text!r} has a two-digit year and nothing in the row "
                "gives its century; write the year in full",
                span,
            )
            return None, None
        year = min((c * 100 + r.year for c in range(15, 21)), key=lambda y: abs(y - context))
        return year, (
            f"two-digit year '{r.year:02d}' read as {year}, nearest the row's full year {context}"
        )
    if context is None:
        row.diag(
            "error",
            "no-year",
            f"the {what} date {r.text!r} has no year and the row gives none; add it",
            span,
        )
        return None, None
    return context, f"year {context} taken from the row's other date"


def _zones(
    r: Reading, place: str | None, row: _Row, what: str, span: tuple[int, int]
) -> tuple[tuple[str, str], ...]:
    """The clock of a cell: clock words written in it, else its place's clock."""
    from chronology.clocks import zone_of_place
    from chronology.zones.designators import military_zone_offset, parse_designator

    if r.zone_letter:
        offset = military_zone_offset(r.zone_letter)
        if offset is not None:
            key = "UTC" if r.zone_letter == "Z" else offset
            return ((key, f"explicit: zone letter '{r.zone_letter}'"),)
    if r.zone_text:
        words = r.zone_text.strip()
        d = parse_designator(words)
        if d is not None and d.candidates:
            return tuple((c, f"explicit: '{words}'") for c in d.candidates)
    key = zone_of_place(place)
    if key:
        return ((key, f"the row's place for this date: {place}"),)
    if place:
        row.diag(
            "warning",
            "unknown-place",
            f"the place {place!r} is not in the gazetteer, so the clock of the {what} "
            "date is unknown; write a known place name or the clock ('Moscow time')",
            span,
        )
    else:
        row.diag(
            "info",
            "zone-unknown",
            f"no place for the {what} date: its clock is unknown and its interval covers "
            "every zone from UTC-12 to UTC+14",
            span,
        )
    return ()


def _event(
    r: Reading,
    cell: _Cell,
    kind: EventKind,
    place: str | None,
    actor: str | None,
    context: int | None,
    row: _Row,
    msg_id: str,
    n: int,
) -> Event | None:
    from chronology.placing import WallTime
    from chronology.placing import place as place_in

    span = (cell.start + r.span[0], cell.start + r.span[1])
    what = kind.value
    for flag in ("impossible-date", "impossible-time"):
        if flag in r.flags:
            row.diag(
                "error",
                flag,
                f"the {what} date {r.text!r} is not a possible date or time; check the sheet",
                span,
            )
            return None
    year, why_year = _year(r, context, row, what, span)
    if year is None:
        return None
    zones = _zones(r, place, row, what, span)
    wall = WallTime(
        year,
        r.month or 1,
        r.day or 1,
        r.hour or 0,
        r.minute or 0,
        r.second or 0,
        precision=r.precision,
    )
    try:
        instant = place_in(wall, zones).instant
    except ValueError:
        row.diag(
            "error",
            "impossible-date",
            f"the {what} date {r.text!r} ({wall.local_text()}) does not exist",
            span,
        )
        return None
    assumptions = tuple(why for _, why in zones) + ((why_year,) if why_year else ())
    return Event(
        f"{row.doc_id}@{n}",
        kind,
        instant,
        Provenance(row.doc_id, span, r.text, r.rule, assumptions),
        role=what,
        message=msg_id,
        place=place,
        actor=actor,
    )


def document_of_row(
    values: Mapping[str, str], doc_id: str, number: int, source: str, century: int | None = None
) -> Document:
    """One sheet row (keys already normalised) as a Document; never raises on content."""
    row = _Row(doc_id, number, century)
    text, cells = _row_text(values)
    msg_id = f"{doc_id}#1"
    found: dict[str, tuple[Reading, _Cell]] = {}
    for key in ("sent", "received"):
        if key in cells:
            r = _readings(cells[key], row, key)
            if r is not None:
                found[key] = (r, cells[key])
    if not ("sent" in cells or "received" in cells):
        row.diag("error", "no-date", "neither a sent nor a received date is given")
    extra = []
    if "text" in cells:
        from chronology.reading.temporal import read_temporal

        extra = read_temporal(cells["text"].text)
    context = _row_year([r for r, _ in found.values()] + extra)
    sender, recipient = values.get("sender") or None, values.get("recipient") or None
    events: list[Event] = []
    plan = (
        ("sent", EventKind.SENT, values.get("place") or None, sender),
        ("received", EventKind.RECEIVED, values.get("received_place") or None, None),
    )
    for key, kind, place, actor in plan:
        if key in found:
            r, cell = found[key]
            e = _event(r, cell, kind, place, actor, context, row, msg_id, len(events))
            if e is not None:
                events.append(e)
    designators: tuple[Designator, ...] = ()
    if values.get("number"):
        cell = cells["number"]
        register = values.get("register") or "unknown"
        designators = (
            Designator(
                values["number"],
                register,
                Provenance(
                    doc_id, (cell.start, cell.start + len(cell.text)), cell.text, "sheet-number", ()
                ),
                office=None,
                year=int(events[0].time.local[:4]) if events else context,
            ),
        )
    message = Message(
        msg_id,
        doc_id,
        designators,
        sender,
        recipient,
        tuple(events),
        place=values.get("place") or None,
    )
    return Document(
        doc_id,
        text,
        events[0] if events else None,
        tuple(events),
        (message,),
        tuple(row.diagnostics),
        source=source,
    )


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def corpus_from_sheet(  # noqa: ANN201
    text: str, name: str = "sheet", source: str = "<sheet>", century: int | None = None
):
    """The Corpus of a sheet given as text: one document per non-empty row. A sheet
    without a date column is an input problem, not an exception. ``century`` (1900)
    completes two-digit years that the row itself cannot settle: a choice the user makes
    knowingly, where the library would otherwise refuse to guess."""
    from chronology.corpus import Corpus
    from chronology.linking import link
    from chronology.sources.inputs import InputProblem

    reader = csv.reader(io.StringIO(text), _dialect(text))
    header = next(reader, None)
    if not header:
        return Corpus((), (InputProblem(source, "empty-file", "the sheet is empty", True),))
    keys = [_column_key(h) for h in header]
    problems = []
    unknown = [h for h, k in zip(header, keys, strict=True) if k and k not in IMPORT_COLUMNS]
    if unknown:
        problems.append(
            InputProblem(
                source,
                "unsupported-input",
                f"columns not used: {', '.join(unknown)} (known: {', '.join(IMPORT_COLUMNS)})",
                False,
            )
        )
    if "sent" not in keys and "received" not in keys:
        problems.append(
            InputProblem(
                source,
                "no-documents",
                "the sheet has neither a 'sent' nor a 'received' column, so no telegram can be "
                f"dated; its columns are: {', '.join(header)}",
                True,
            )
        )
        return Corpus((), tuple(problems))
    docs = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        values = {}
        for k, c in zip(keys, cells, strict=False):
            if k in IMPORT_COLUMNS and c.strip() and k not in values:
                values[k] = c.strip()
        doc_id = f"{name}-row{number}"
        doc = document_of_row(values, doc_id, number, f"{source}:{number}", century)
        if len(cells) > len(keys) and any(c.strip() for c in cells[len(keys) :]):
            doc = attrs.evolve(
                doc,
                diagnostics=doc.diagnostics
                + (
                    Diagnostic(
                        "warning",
                        "extra-cells",
                        f"row {number}: {len(cells) - len(keys)} cells beyond the last column "
                        "were ignored",
                        None,
                        doc_id,
                    ),
                ),
            )
        docs.append(doc)
    if not docs:
        problems.append(InputProblem(source, "no-documents", "the sheet has no rows", True))
    return Corpus(tuple(link(docs)), tuple(problems))


def read(path: Path, options: Mapping[str, Any]):  # noqa: ANN201
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"{path}: cannot be read: {exc}") from exc
    from chronology.sources.inputs import InputProblem

    try:
        text, problem = raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        # A sheet saved by a spreadsheet program in its Windows code page.
        text = raw.decode("cp1252", errors="replace")
        problem = InputProblem(
            str(path),
            "not-utf8",
            "the sheet is not UTF-8; read as "
            "Windows-1252: check names with accents, or save it as UTF-8",
            False,
        )
    century = options.get("century")
    corpus = corpus_from_sheet(text, path.stem, str(path), int(century) if century else None)
    if problem is not None:
        corpus = attrs.evolve(corpus, problems=(problem, *corpus.problems))
    return corpus


register(
    Exporter(
        "csv",
        write,
        ".csv",
        "one row per event, times in UTC (plus solved bounds)",
        solve="if-given",
    ),
    Importer("csv", read, (".csv", ".tsv"), "a hand-made sheet of telegrams, one per row"),
)
