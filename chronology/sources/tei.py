"""Read FRUS volumes published as TEI XML, one raw document per ``div[@type='document']``.

*Foreign Relations of the United States* volumes are distributed as TEI with a small
``frus`` extension namespace. Each document division carries its number (``n``), a heading,
an archival source note, usually a dateline in the opener (place and date as the editors
printed them, with a normalized ``date/@when``), the body and footnotes.

The text produced here follows the printed page rather than the XML: the heading with its
document number, then the source note when the volume prints it under the heading (older
volumes; later ones print it as a footnote), then the opener or dateline, classification and
precedence marks, then the body, one block per line with whitespace collapsed inside each
block. Footnotes are lifted out of the running text (they would otherwise interrupt
sentences and lend their own dates to the document) and kept in ``hints["footnotes"]``.
The editors' normalized dates are passed on as hints with a ``tei_`` prefix so that nobody
mistakes them for something read from the document itself.

Safety: volumes are parsed with ``defusedxml``, which refuses entity declarations and
external references instead of expanding them; such files become an ``xml-unsafe`` problem.
Parsing is incremental and every finished document division is detached from the tree, so
memory stays bounded by the largest single document, not the volume.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from chronology.sources.inputs import InputProblem, RawDocument

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

_DIV = f"{{{TEI_NS}}}div"
_IDNO = f"{{{TEI_NS}}}idno"
_ATTACHMENT = f"{{{FRUS_NS}}}attachment"

# Elements that start and end a line of printed text.
_BLOCKS = frozenset(
    {
        "ab", "addrLine", "address", "argument", "attachment", "byline", "closer", "dateline",
        "div", "docDate", "epigraph", "head", "item", "l", "lg", "list", "opener", "p",
        "postscript", "row", "salute", "signed", "table", "trailer",
    }
)  # fmt: skip
# Elements whose content is not part of the running text (notes are collected separately).
_SKIPPED = frozenset({"note", "pb", "fw", "figure", "milestone", "anchor", "cb", "gb"})
# Containers that are blocks only when they hold blocks (e.g. a block quotation of paragraphs).
_CONTAINERS = frozenset({"quote", "seg", "q", "floatingText", "body"})
_DATE_ATTRIBUTES = ("when", "notBefore", "notAfter", "from", "to")


def _local(elem: Element) -> str:
    """The element name without its namespace: TEI and frus names do not collide here."""
    tag = elem.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def iter_tei_volume(
    path: str | Path, *, label: str | None = None
) -> Iterator[RawDocument | InputProblem]:
    """Yield one :class:`RawDocument` per FRUS document in the volume at ``path``.

    Problems (unsafe or malformed XML, a file with no documents) come as
    :class:`InputProblem` values rather than exceptions, after any documents read before
    the problem was found; they are fatal only when no document at all was read.
    """
    path = Path(path)
    label = label or str(path)
    count = 0
    try:
        with path.open("rb") as stream:
            for document in _documents(stream, path, label):
                count += 1
                yield document
    except DefusedXmlException as exc:
        yield _unsafe(label, exc, count)
        return
    except ParseError as exc:
        yield _malformed(label, exc, count)
        return
    except RecursionError:
        yield InputProblem(
            label,
            "xml-malformed",
            f"{label} nests its elements too deeply to be a FRUS volume and was not read further; "
            "check how the file was produced.",
            fatal=count == 0,
        )
        return
    except OSError as exc:
        yield InputProblem(
            label,
            "unreadable",
            f"{label} could not be opened ({exc.strerror or exc}); check that it is readable.",
            fatal=count == 0,
        )
        return
    if count == 0:
        yield InputProblem(
            label,
            "no-documents",
            f'{label} is well-formed XML but holds no TEI <div type="document"> elements; '
            "check that it is a FRUS TEI volume.",
            fatal=True,
        )


_UNSAFE_WHAT = {
    "EntitiesForbidden": "entity declarations",
    "ExternalReferenceForbidden": "a reference to an external file or address",
    "DTDForbidden": "a document type declaration",
}


def _unsafe(label: str, exc: DefusedXmlException, count: int) -> InputProblem:
    """Entity tricks (XXE, "billion laughs") are refused outright, never expanded."""
    what = _UNSAFE_WHAT.get(type(exc).__name__, "an unsafe XML construct")
    return InputProblem(
        label,
        "xml-unsafe",
        f"{label} was refused because it contains {what}, which could make the reader fetch "
        "other files or exhaust memory; remove them from the file's <!DOCTYPE> and try again.",
        fatal=count == 0,
    )


def _malformed(label: str, exc: ParseError, count: int) -> InputProblem:
    line, column = getattr(exc, "position", (0, 0))
    reason = str(exc).split(":", 1)[0]
    after = f" (after {count} document{'s' if count != 1 else ''} had been read)" if count else ""
    return InputProblem(
        f"{label}:{line}",
        "xml-malformed",
        f"{label} is not well-formed XML at line {line}, column {column + 1} ({reason}){after}; "
        "repair the file there, e.g. by validating it in an XML editor.",
        fatal=count == 0,
    )


def _documents(stream: BinaryIO, path: Path, label: str) -> Iterator[RawDocument]:
    """Parse incrementally, rendering each top-level document division as it completes.

    Elements outside documents (front matter, indexes) are detached as soon as they end, and
    so is each document once rendered, keeping the in-memory tree to the open ancestors.
    """
    stack: list[Element] = []
    root_id: str | None = None
    idno: str | None = None
    open_documents = 0
    position = 0
    for event, elem in safe_et.iterparse(stream, events=("start", "end")):
        if event == "start":
            if not stack:
                root_id = elem.get(XML_ID)
            stack.append(elem)
            if _is_document(elem):
                open_documents += 1
            continue
        stack.pop()
        if _is_document(elem):
            open_documents -= 1
            if open_documents == 0:
                volume = root_id or idno or path.stem
                position += 1
                yield render_document(elem, volume, label, position)
        elif open_documents:
            continue
        elif elem.tag == _IDNO and elem.get("type") == "frus" and elem.text:
            idno = elem.text.strip() or None
        if stack:
            stack[-1].remove(elem)


def _is_document(elem: Element) -> bool:
    return elem.tag == _DIV and elem.get("type") == "document"


# --------------------------------------------------------------------------- rendering


def render_document(div: Element, volume: str, label: str, position: int = 0) -> RawDocument:
    """Render one ``div[@type='document']`` the way the printed volume lays it out.

    The id is ``<volume>/<xml:id>``, the form FRUS uses in its own addresses; a division
    without ``xml:id`` falls back to its number, then to its position in the volume.
    """
    xml_id = div.get(XML_ID) or div.get("n") or f"doc{position}"
    parents = {child: parent for parent in div.iter() for child in parent}
    source_notes = _source_notes(div, parents)
    printed_notes = [note for note in source_notes if note.get("rend") == "inline"]
    lines: list[str] = []
    head = div.find(f"{{{TEI_NS}}}head")
    if head is not None:
        lines.append(_heading(_inline_text(head), div.get("n")))
    lines.extend(_inline_text(note) for note in printed_notes)
    writer = _LineWriter()
    skip = {id(head), *(id(note) for note in source_notes)}
    _walk_children(div, writer, skip)
    writer.flush()
    lines.extend(writer.lines)
    text = "\n".join(line for line in lines if line)
    hints = _hints(div, volume, parents, source_notes)
    return RawDocument(f"{volume}/{xml_id}", text, hints, f"{label}#{xml_id}")


def _heading(heading: str, number: str | None) -> str:
    """Prefix the document number as printed, unless the encoded heading already has it.

    Older volumes encode the number only as ``@n``; later ones repeat it in the heading.
    """
    if not number or heading.startswith((f"{number}.", f"{number} ")):
        return heading
    return f"{number}. {heading}" if heading else f"{number}."


def _source_notes(div: Element, parents: dict[Element, Element]) -> list[Element]:
    """The archival source note(s) of the document itself, not of its attachments.

    Some volumes print the source note on its own line under the heading (``rend="inline"``);
    others print it as the first footnote. Either way it is kept in ``hints["source_note"]``
    and never among the ordinary footnotes.
    """
    return [
        note
        for note in div.iter(f"{{{TEI_NS}}}note")
        if note.get("type") == "source" and not _in_attachment(note, div, parents)
    ]


def _in_attachment(elem: Element, div: Element, parents: dict[Element, Element]) -> bool:
    node = parents.get(elem)
    while node is not None and node is not div:
        if node.tag == _ATTACHMENT:
            return True
        node = parents.get(node)
    return False


def _hints(
    div: Element, volume: str, parents: dict[Element, Element], source_notes: list[Element]
) -> dict[str, str]:
    """What the encoding says about the document beyond its text.

    Only the document's own dateline counts (the first one outside ``frus:attachment``):
    an enclosure's dateline dates the enclosure, not the covering letter.
    """
    hints: dict[str, str] = {"volume": volume}
    subtype = div.get("subtype")
    if subtype:
        hints["frus_type"] = subtype
    if source_notes:
        hints["source_note"] = " ".join(_inline_text(note) for note in source_notes)
    dateline = next(
        (
            elem
            for elem in div.iter(f"{{{TEI_NS}}}dateline")
            if not _in_attachment(elem, div, parents)
        ),
        None,
    )
    if dateline is not None:
        hints.update(_dateline_hints(dateline))
    footnotes = [
        _inline_text(note) for note in div.iter(f"{{{TEI_NS}}}note") if note.get("type") != "source"
    ]
    footnotes = [note for note in footnotes if note]
    if footnotes:
        hints["footnotes"] = "\n".join(footnotes)
    return hints


def _dateline_hints(dateline: Element) -> dict[str, str]:
    """The printed dateline, its place, and the editors' normalized dates (``tei_*``)."""
    hints: dict[str, str] = {}
    text = _inline_text(dateline)
    if text:
        hints["dateline"] = text
    place = dateline.find(f".//{{{TEI_NS}}}placeName")
    if place is not None and _inline_text(place):
        hints["place"] = _inline_text(place)
    for date in dateline.iter(f"{{{TEI_NS}}}date"):
        for attribute in _DATE_ATTRIBUTES:
            value = date.get(attribute)
            if value and f"tei_{attribute}" not in hints:
                hints[f"tei_{attribute}"] = value.strip()
    return hints


class _LineWriter:
    """Collects running text into printed lines.

    A pending ``label`` (a list item's "1." or "a.") holds the next block open, so that the
    label and its item share one line as on the page.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._buffer: list[str] = []
        self._hold = False

    def write(self, text: str | None) -> None:
        if text:
            self._buffer.append(text)

    def start_block(self) -> None:
        if self._hold:
            self._hold = False
        else:
            self.flush()

    def hold(self) -> None:
        self._hold = True

    def flush(self) -> None:
        self._hold = False
        line = _normalise("".join(self._buffer))
        self._buffer.clear()
        if line:
            self.lines.append(line)


def _walk_children(elem: Element, writer: _LineWriter, skip: set[int] | None = None) -> None:
    writer.write(elem.text)
    for child in elem:
        if skip is None or id(child) not in skip:
            _walk(child, writer, elem)
        writer.write(child.tail)


def _walk(elem: Element, writer: _LineWriter, parent: Element) -> None:
    """Write ``elem``'s content (not its tail) into ``writer``, breaking lines at blocks."""
    name = _local(elem)
    if name in _SKIPPED:
        return
    if name == "lb":
        writer.flush()
        return
    if name == "cell":
        writer.write(" ")
        _walk_children(elem, writer)
        writer.write(" ")
        return
    if name == "label":
        writer.start_block()
        _walk_children(elem, writer)
        writer.hold()
        return
    block = name in _BLOCKS or (
        name in _CONTAINERS
        and (_local(parent) in ("opener", "closer") or any(_local(c) in _BLOCKS for c in elem))
    )
    if block:
        writer.start_block()
    _walk_children(elem, writer)
    if block:
        writer.flush()


def _inline_text(elem: Element) -> str:
    """The text of ``elem`` on one line, without notes, line breaks turned into spaces."""
    parts: list[str] = []

    def collect(node: Element) -> None:
        parts.append(node.text or "")
        for child in node:
            if _local(child) not in _SKIPPED:
                collect(child)
                if _local(child) in ("lb", "cell"):
                    parts.append(" ")
            parts.append(child.tail or "")

    collect(elem)
    return _normalise("".join(parts))


def _normalise(text: str) -> str:
    """Collapse XML layout whitespace the way a printed page would show the text.

    Pretty-printed TEI puts line breaks just inside elements, as in ``(<persName>\n Marshall
    \n</persName>)``; the page shows "(Marshall)", so spaces after opening brackets and
    before closing punctuation are removed. A spaced ellipsis ". . ." closes up to "...",
    which keeps it recognisable while matching how FRUS text is usually excerpted.
    """
    text = " ".join(text.split())
    for opening in ("(", "["):
        text = text.replace(f"{opening} ", opening)
    for closing in (")", "]", ",", ".", ";", ":"):
        text = text.replace(f" {closing}", closing)
    return text
