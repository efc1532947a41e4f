"""Tests for the interchange formats: what each keeps, what it says it loses, and that
what the library writes parses back (JSON equal, XML well-formed and in shape, EDTF
strings that mean an interval holding the reading)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from xml.etree.ElementTree import Element

import attrs
import defusedxml.ElementTree as safe_et
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import chronology
from chronology.formats import registry
from chronology.formats.edtf import render
from chronology.formats.registry import EXPORTERS, FormatError, export, import_corpus
from chronology.model import (
    Designator,
    Diagnostic,
    Document,
    Event,
    Message,
    Precision,
    Provenance,
    Reference,
    UncertainInstant,
    ZoneCandidate,
)
from chronology.placing import WallTime, place
from chronology.sources.inputs import InputProblem

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seed"
WILSON = ROOT / ".." / "shared" / "data" / "wilson" / "docs"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CMIF_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
NOT_ACTIONS = {"mentioned", "catalogued"}

needs_wilson = pytest.mark.skipif(
    not WILSON.is_dir(),
    reason="the 14 shared test documents (../shared/data/wilson/docs) are not available here",
)


@pytest.fixture(scope="module")
def seed() -> chronology.Corpus:
    return chronology.read(str(SEED))


@pytest.fixture(scope="module")
def wilson() -> chronology.Corpus:
    if not WILSON.is_dir():
        pytest.skip("the 14 shared test documents (../shared/data/wilson/docs) are not here")
    return chronology.read(str(WILSON))


def moscow_receipt(corpus: chronology.Corpus) -> Event:
    """The stamp 'Received 19:55 13.June.1951' of telegram No. 20772."""
    hits = [e for e in corpus.events if "19:55" in e.provenance.text and e.kind.value == "received"]
    assert len(hits) == 1
    return hits[0]


def exported(obj, fmt: str, **options) -> tuple[str, list[str]]:
    buf = io.StringIO()
    warnings = export(obj, fmt, buf, **options)
    return buf.getvalue(), warnings


def dated_message_ids(corpus: chronology.Corpus) -> list[str]:
    seen: dict[str, bool] = {}
    for m in corpus.messages:
        if m.id not in seen:
            seen[m.id] = any(e.kind.value not in NOT_ACTIONS for e in m.events)
    return [k for k, dated in seen.items() if dated]


# ---------------------------------------------------------------- registry
def test_registry_lists_every_format() -> None:
    assert {"json", "csv", "tei", "cmif", "edtf", "timelinejs", "vis"} <= set(EXPORTERS)
    assert {"json", "csv", "tei", "cmif"} <= set(registry.IMPORTERS)
    assert not registry.UNAVAILABLE


def test_importing_the_registry_loads_no_plotting_library() -> None:
    code = "import sys, chronology.formats.registry; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_unknown_formats_are_refused_clearly(seed, tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="known formats"):
        export(seed, "pdf", io.StringIO())
    odd = tmp_path / "corpus.odt"
    odd.write_text("x")
    with pytest.raises(FormatError, match="suffix"):
        import_corpus(odd)
    with pytest.raises(TypeError):
        export("not a corpus", "json", io.StringIO())


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_every_exporter_reports_what_it_loses(seed, fmt: str) -> None:
    text, warnings = exported(seed.chronology(), fmt, date="2024-01-01T00:00:00")
    assert text.strip()
    assert all(isinstance(w, str) and w for w in warnings)
    if fmt == "json":
        assert warnings == []  # lossless
    else:
        assert warnings, f"{fmt} loses something and must say so"


def test_a_path_and_a_stream_receive_the_same_bytes(seed, tmp_path: Path) -> None:
    out = tmp_path / "seed.xml"
    assert export(seed, "tei", out) == exported(seed, "tei")[1]
    assert out.read_text(encoding="utf-8") == exported(seed, "tei")[0]


# ---------------------------------------------------------------- json
def test_json_round_trip_of_the_seed_is_identical(seed, tmp_path: Path) -> None:
    path = tmp_path / "seed.json"
    assert export(seed, "json", path) == []
    tree = json.loads(path.read_text(encoding="utf-8"))
    assert (tree["format"], tree["version"]) == ("chronology-json", 1)
    assert tree["tzdata"] == chronology.tzdata_version()
    assert "solved" not in tree
    assert import_corpus(path) == seed


@needs_wilson
def test_json_round_trip_of_the_test_documents_is_identical(wilson, tmp_path: Path) -> None:
    path = tmp_path / "wilson.json"
    export(wilson, "json", path)
    back = import_corpus(path, "json")
    assert back == wilson
    assert len(back) == 14


def test_json_of_a_chronology_adds_solved_bounds_and_reads_back_the_corpus(
    seed, tmp_path: Path
) -> None:
    chron = seed.chronology()
    path = tmp_path / "solved.json"
    export(chron, "json", path)
    tree = json.loads(path.read_text(encoding="utf-8"))
    solved = tree["solved"]
    assert solved["consistent"] == chron.consistent
    assert len(solved["events"]) == len(chron.events())
    assert any(e["inferred"] for e in solved["events"])
    assert import_corpus(path) == seed


def test_json_keeps_fields_that_readers_never_produce() -> None:
    """Fractions of seconds, empty strings, spans of None, candidates: all come back."""
    t0 = dt.datetime(1951, 6, 13, 16, 55, 0, 250_000, tzinfo=dt.UTC)
    cands = (
        ZoneCandidate("Europe/Moscow", t0, t0 + dt.timedelta(hours=1), "stamp"),
        ZoneCandidate("+08:00", t0, t0 + dt.timedelta(hours=2), ""),
    )
    u = UncertainInstant(
        t0,
        t0 + dt.timedelta(hours=2),
        "hour",
        "1951-06-13T19",
        None,
        "2026f",
        cands,
        "zone-ambiguous",
    )
    prov = Provenance(None, None, "", "hand", ("a", "b"))
    e = Event("d@0", "sent", u, prov, role="", message="", place="", actor=None)
    ref = Reference(
        "your-no",
        ("1",),
        prov,
        date=u,
        target=None,
        candidates=("x", "y"),
        registers=("r",),
        direction="own",
    )
    m = Message(
        "d#1",
        "d",
        (Designator("1", "", prov, office="", year=None),),
        "",
        None,
        (e, attrs.evolve(e, id="elsewhere")),
        (ref,),
        "",
        None,
        ("z",),
    )
    doc = Document(
        "d", "text\x00\n", e, (e,), (m,), (Diagnostic("info", "c", "m", None, None),), ""
    )
    corpus = chronology.Corpus((doc,), (InputProblem("s", "not-utf8", "m", False, None),))
    buf = io.StringIO()
    export(corpus, "json", buf)
    from chronology.formats.json_format import corpus_from_tree

    assert corpus_from_tree(json.loads(buf.getvalue())) == corpus


def test_json_import_refuses_other_files(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"events": []}', encoding="utf-8")
    with pytest.raises(FormatError, match="chronology-json"):
        import_corpus(other)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(FormatError):
        import_corpus(broken)


# ---------------------------------------------------------------- csv
def read_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_rows_are_the_events(seed) -> None:
    text, warnings = exported(seed, "csv")
    rows = read_rows(text)
    assert [r["event"] for r in rows] == [e.id for e in seed.events]
    assert "solved_earliest" not in rows[0]
    receipt = moscow_receipt(seed)
    row = next(r for r in rows if r["event"] == receipt.id)
    assert row["earliest"] == "1951-06-13T16:55:00Z"
    assert row["latest"] == "1951-06-13T16:56:00Z"
    assert (row["precision"], row["local"], row["zone"]) == (
        "minute",
        "1951-06-13T19:55",
        "Europe/Moscow",
    )
    assert row["designators"] == "20772@moscow-incoming; 2974@outgoing:Beijing"
    start, end = int(row["span_start"]), int(row["span_end"])
    assert seed.document(row["document"]).text[start:end] == row["text"]
    assert warnings


def test_csv_of_a_chronology_has_solved_columns(seed) -> None:
    rows = read_rows(exported(seed.chronology(), "csv")[0])
    assert len(rows) == len(seed.events)
    receipt = next(r for r in rows if r["event"] == moscow_receipt(seed).id)
    assert receipt["solved_earliest"] == "1951-06-13T16:55:00Z"
    catalogued = [r for r in rows if r["kind"] == "catalogued"]
    assert catalogued and all(r["solved_earliest"] == "" for r in catalogued)


SHEET = """\
NUMBER,Register,Sender,Recipient,Place,Sent,Received,Received Place,Text
2974,outgoing:Beijing,Roshchin,Filippov,Beijing,13.6.51 22:00,19:55 13.June.1951,Moscow,Mao's reply
2967,outgoing:Beijing,Roshchin,Filippov,Beijing,12 June 1951,13.6.51 03:10,Moscow,
115,,Mao Zedong,Gao Gang,Beijing,14.6.1951,,,
,,Nobody,,Atlantis,the day after,31.02.1951,Atlantis,
"""


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "telegrams.csv"
    path.write_text(SHEET, encoding="utf-8")
    return path


def test_csv_import_reads_a_hand_made_sheet(sheet: Path) -> None:
    corpus = import_corpus(sheet)
    assert [d.id for d in corpus] == [
        "telegrams-row2",
        "telegrams-row3",
        "telegrams-row4",
        "telegrams-row5",
    ]
    first = corpus.document("telegrams-row2")
    (m,) = first.messages
    assert (m.sender, m.recipient, m.place) == ("Roshchin", "Filippov", "Beijing")
    assert [(d.number, d.register, d.year) for d in m.designators] == [
        ("2974", "outgoing:Beijing", 1951),
    ]
    sent, received = m.events
    assert (sent.kind.value, sent.time.zone, sent.time.local) == (
        "sent",
        "Asia/Shanghai",
        "1951-06-13T22:00",
    )
    assert sent.time.earliest == dt.datetime(1951, 6, 13, 14, 0, tzinfo=dt.UTC)
    assert any("row's full year 1951" in a for a in sent.provenance.assumptions)
    assert (received.kind.value, received.time.zone) == ("received", "Europe/Moscow")
    assert received.time.earliest == dt.datetime(1951, 6, 13, 16, 55, tzinfo=dt.UTC)
    for e in m.events:  # spans point into the document made for the row
        assert first.text[slice(*e.provenance.span)] == e.provenance.text
    assert corpus.message("2974") == m
    assert corpus.chronology().consistent


def test_csv_import_turns_bad_rows_into_diagnostics(sheet: Path) -> None:
    corpus = import_corpus(sheet)
    second = corpus.document("telegrams-row3")
    assert [e.kind.value for e in second.events] == ["sent", "received"]
    assert corpus.document("telegrams-row4").messages[0].designators[0].register == "unknown"
    bad = corpus.document("telegrams-row5")
    assert bad.events == ()
    codes = {x.code for x in bad.diagnostics}
    assert {"unreadable-date", "unknown-place"} <= codes
    assert codes & {"impossible-date"}
    assert all(x.message.startswith("row 5:") for x in bad.diagnostics)
    assert all(x.level in ("info", "warning", "error") for x in bad.diagnostics)


def test_csv_import_never_guesses_a_century(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("number;sent;place\n9;13.6.51;Beijing\n", encoding="utf-8")
    corpus = import_corpus(path)
    (doc,) = corpus.documents
    assert doc.events == ()
    assert [x.code for x in doc.diagnostics] == ["two-digit-year"]
    given_century = import_corpus(path, century=1900)
    (e,) = given_century.events
    assert e.time.local == "1951-06-13"
    assert any("century 1900 was given" in a for a in e.provenance.assumptions)


def test_csv_import_of_a_sheet_without_dates_is_a_problem_not_an_exception(
    tmp_path: Path,
) -> None:
    path = tmp_path / "names.csv"
    path.write_text("sender,recipient\nA,B\n", encoding="utf-8")
    corpus = import_corpus(path)
    assert len(corpus) == 0
    assert [p.code for p in corpus.problems] == ["no-documents"]
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert import_corpus(empty).problems[0].code == "empty-file"


def test_a_sheet_survives_the_json_round_trip(sheet: Path, tmp_path: Path) -> None:
    corpus = import_corpus(sheet)
    export(corpus, "json", tmp_path / "sheet.json")
    assert import_corpus(tmp_path / "sheet.json") == corpus


# ---------------------------------------------------------------- TEI and CMIF
def parse(text: str) -> Element:
    return safe_et.fromstring(text.encode("utf-8"))


def dating(date: Element) -> dict[str, str]:
    keys = ("when", "notBefore", "notAfter", "from", "to")
    return {k: date.get(k) for k in keys if date.get(k)}


def check_tei(corpus: chronology.Corpus) -> Element:
    text, warnings = exported(corpus, "tei")
    root = parse(text)
    assert root.tag == f"{TEI}TEI"
    assert root.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt/{TEI}title").text
    assert root.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}publicationStmt") is not None
    assert root.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}sourceDesc") is not None
    descs = root.findall(f"{TEI}teiHeader/{TEI}profileDesc/{TEI}correspDesc")
    assert [d.get("n") for d in descs] == dated_message_ids(corpus)
    ids = {el.get(XML_ID) for el in root.iter() if el.get(XML_ID)}
    for cd in descs:
        dated = [a for a in cd.findall(f"{TEI}correspAction") if a.find(f"{TEI}date") is not None]
        assert dated, cd.get("n")
        assert cd.get("corresp").lstrip("#") in ids
        for action in cd.findall(f"{TEI}correspAction"):
            assert action.get("type") in ("sent", "received", "forwarded")
        for date in cd.iter(f"{TEI}date"):
            attrs_ = dating(date)
            assert attrs_, "every date says when"
            if "cert" in date.attrib:
                assert set(attrs_) == {"notBefore", "notAfter"}
                assert attrs_["notBefore"].endswith("Z") and attrs_["notAfter"].endswith("Z")
    for ref in root.iter(f"{TEI}ref"):
        if ref.get("target"):
            assert ref.get("target").lstrip("#") in ids
    texts = [ab.text or "" for ab in root.iter(f"{TEI}ab")]
    assert texts == [d.text for d in corpus.documents]
    assert warnings
    return root


def test_tei_is_well_formed_and_in_shape(seed) -> None:
    root = check_tei(seed)
    whens = [d.get("when") for d in root.iter(f"{TEI}date")]
    assert "1951-06-13T19:55:00+03:00" in whens
    assert "1951-06-13T22:00:00+08:00" in whens


@needs_wilson
def test_tei_of_the_test_documents_is_well_formed_and_in_shape(wilson) -> None:
    root = check_tei(wilson)
    assert any(d.get("cert") for d in root.iter(f"{TEI}date"))


def check_cmif(corpus: chronology.Corpus) -> tuple[Element, list[str]]:
    text, warnings = exported(
        corpus,
        "cmif",
        url="https://example.org/letters.xml",
        editor="Archivist",
        publisher="Archive",
    )
    root = parse(text)
    assert root.tag == f"{TEI}TEI"
    fd = root.find(f"{TEI}teiHeader/{TEI}fileDesc")
    assert fd.find(f"{TEI}titleStmt/{TEI}title").text
    idno = fd.find(f"{TEI}publicationStmt/{TEI}idno")
    assert (idno.get("type"), idno.text) == ("url", "https://example.org/letters.xml")
    licence = fd.find(f"{TEI}publicationStmt/{TEI}availability/{TEI}licence")
    assert licence.get("target") == "https://creativecommons.org/licenses/by/4.0/"
    bibl = fd.find(f"{TEI}sourceDesc/{TEI}bibl")
    assert bibl.get(XML_ID)
    descs = root.findall(f"{TEI}teiHeader/{TEI}profileDesc/{TEI}correspDesc")
    assert descs
    assert len(descs) <= len(dated_message_ids(corpus))
    for cd in descs:
        assert cd.get("source") == "#" + bibl.get(XML_ID)
        actions = cd.findall(f"{TEI}correspAction")
        assert sorted(a.get("type") for a in actions) == ["received", "sent"]
        assert all(a.find(f"{TEI}persName").text for a in actions)
        assert any(a.find(f"{TEI}date") is not None for a in actions)
        for date in cd.iter(f"{TEI}date"):
            values = dating(date)
            assert values
            for v in values.values():
                assert CMIF_DATE.match(v), v
    assert not any(warnings[i].startswith("CMIF header") for i in range(len(warnings)))
    return root, warnings


def test_cmif_is_well_formed_keeps_dates_only_and_says_so(seed) -> None:
    root, warnings = check_cmif(seed)
    assert "CMIF keeps dates only: 2 times dropped" in warnings
    whens = {d.get("when") for d in root.iter(f"{TEI}date")}
    assert "1951-06-13" in whens


@needs_wilson
def test_cmif_of_the_test_documents_is_valid(wilson) -> None:
    _, warnings = check_cmif(wilson)
    assert any(re.fullmatch(r"CMIF keeps dates only: \d+ times dropped", w) for w in warnings)


def test_cmif_without_header_details_warns_of_placeholders(seed) -> None:
    _, warnings = exported(seed, "cmif")
    assert any("placeholders" in w for w in warnings)


def actions_of(m: Message) -> list[str]:
    return sorted(e.kind.value for e in m.events if e.kind.value not in NOT_ACTIONS)


@pytest.mark.parametrize("which", ["seed", "wilson"])
def test_tei_import_of_our_own_tei_gives_the_same_messages(which, request, tmp_path) -> None:
    corpus = request.getfixturevalue(which)
    path = tmp_path / "out.xml"
    export(corpus, "tei", path)
    back = import_corpus(path)
    assert not back.diagnostics
    original = {m.id: m for m in corpus.messages}
    assert [m.id for m in back.messages] == dated_message_ids(corpus)
    for m in back.messages:
        o = original[m.id]
        assert (m.sender, m.recipient, m.document, m.place) == (
            o.sender,
            o.recipient,
            o.document,
            o.place,
        )
        assert sorted(e.kind.value for e in m.events) == actions_of(o)
    for doc in back.documents:
        assert doc.text == corpus.document(doc.id).text
    if which == "seed":
        receipt = next(e for e in back.events if e.id == moscow_receipt(corpus).id)
        assert receipt.time.earliest == moscow_receipt(corpus).time.earliest
        assert receipt.time.latest == moscow_receipt(corpus).time.latest
        assert receipt.time.zone == "+03:00"
    back.chronology()


def test_cmif_import_gives_one_message_per_correspdesc(seed, tmp_path: Path) -> None:
    path = tmp_path / "cmif.xml"
    export(seed, "cmif", path)
    back = import_corpus(path, "cmif")
    root = safe_et.parse(str(path)).getroot()
    assert len(back.messages) == len(root.findall(f".//{TEI}correspDesc"))
    assert all(e.time.precision.rank <= Precision.DAY.rank for e in back.events)
    moscow = [e for e in back.events if e.place == "Moscow"]
    assert moscow and moscow[0].time.zone == "Europe/Moscow"


def test_tei_import_refuses_bad_xml(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI><teiHeader>", encoding="utf-8")
    with pytest.raises(FormatError, match="well-formed"):
        import_corpus(broken)
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><TEI>&a;</TEI>', encoding="utf-8"
    )
    with pytest.raises(FormatError):
        import_corpus(bomb)
    plain = tmp_path / "plain.xml"
    plain.write_text("<TEI/>", encoding="utf-8")
    empty = import_corpus(plain)
    assert len(empty) == 0 and [p.code for p in empty.problems] == ["no-documents"]


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_an_empty_corpus_exports_in_every_format(fmt: str, tmp_path: Path) -> None:
    empty = chronology.Corpus(())
    path = tmp_path / f"empty.{fmt}"
    assert isinstance(export(empty, fmt, path, date="2024-01-01T00:00:00"), list)
    if fmt in ("tei", "cmif"):
        parse(path.read_text(encoding="utf-8"))
    if fmt in registry.IMPORTERS:
        assert len(import_corpus(path, fmt)) == 0


def test_characters_xml_cannot_hold_are_replaced_and_reported() -> None:
    corpus = chronology.from_texts([("bell", "Received 19:55 13.June.1951 from Moscow\x07")])
    text, warnings = exported(corpus, "tei")
    root = parse(text)
    assert "\ufffd" in next(root.iter(f"{TEI}ab")).text
    assert any("U+FFFD" in w for w in warnings)


def test_tei_import_reads_other_editions_and_reports_unreadable_dates(tmp_path: Path) -> None:
    path = tmp_path / "edition.xml"
    path.write_text(
        """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><profileDesc>
        <correspDesc ref="https://example.org/letter/1">
          <correspAction type="sent"><persName>A</persName><placeName>Berlin</placeName>
            <date when="1810-07-11"/></correspAction>
          <correspAction type="received"><persName>Unknown</persName>
            <date notBefore="1810-07-12" notAfter="1810-07-18" cert="medium"/></correspAction>
        </correspDesc>
        <correspDesc><correspAction type="sent"><date when="summer"/></correspAction>
        </correspDesc></profileDesc></teiHeader></TEI>""",
        encoding="utf-8",
    )
    corpus = import_corpus(path)
    first, second = corpus.messages
    assert (first.sender, first.recipient) == ("A", None)
    sent, received = first.events
    assert sent.time.zone == "Europe/Berlin"
    assert received.time.local == "1810-07-12/1810-07-18"
    assert received.time.precision is Precision.DAY
    assert second.events == ()
    assert [x.code for x in corpus.diagnostics] == ["tei-date-unreadable"]


# ---------------------------------------------------------------- EDTF
EDTF_DATE = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
EDTF_TIME = r"T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)?"
EDTF_LEVEL_0_1 = re.compile(
    rf"^(?:{EDTF_DATE}(?:{EDTF_TIME})?|(?:{EDTF_DATE}|\.\.)/(?:{EDTF_DATE}|\.\.))$"
)


def edtf_lines(obj) -> tuple[list[dict], list[str]]:
    text, warnings = exported(obj, "edtf")
    return [json.loads(line) for line in text.splitlines()], warnings


def test_edtf_strings_are_level_0_or_1(seed) -> None:
    lines, warnings = edtf_lines(seed)
    assert len(lines) >= len(seed.events)
    for line in lines:
        assert {"event", "edtf", "note"} <= set(line)
        assert EDTF_LEVEL_0_1.match(line["edtf"]), line
        if line.get("solved"):
            assert EDTF_LEVEL_0_1.match(line["solved"]), line
    receipt = next(x for x in lines if x["event"] == moscow_receipt(seed).id)
    assert receipt["edtf"] == "1951-06-13T19:55:00+03:00"
    assert receipt["solved"] == "1951-06-13"
    inferred = [x for x in lines if x["precision"] is None]
    assert inferred and all("/" in x["edtf"] for x in inferred)
    assert any("zone" in w for w in warnings)


@needs_wilson
def test_edtf_of_the_test_documents(wilson) -> None:
    lines, _ = edtf_lines(wilson)
    for line in lines:
        assert line["edtf"] is None or EDTF_LEVEL_0_1.match(line["edtf"]), line
    assert "1951-06-13/1951-08-13" in {x["edtf"] for x in lines}


def parse_edtf(text: str, precision: Precision) -> tuple[dt.datetime, dt.datetime, str | None]:
    """A tiny reader of the forms the exporter writes: the naive local ``[start, end)``
    and the offset written, if any. A date-time is as wide as the line's precision."""

    def date_bounds(s: str) -> tuple[dt.datetime, dt.datetime]:
        parts = [int(p) for p in s.split("-")]
        start = dt.datetime(*parts, *[1] * (3 - len(parts)))
        if len(parts) == 1:
            return start, start.replace(year=start.year + 1)
        if len(parts) == 2:
            nxt = start.replace(day=28) + dt.timedelta(days=4)
            return start, nxt.replace(day=1)
        return start, start + dt.timedelta(days=1)

    if "/" in text:
        first, last = text.split("/")
        return date_bounds(first)[0], date_bounds(last)[1], None
    if "T" not in text:
        start, end = date_bounds(text)
        return start, end, None
    m = re.fullmatch(r"(.{19})(Z|[+-]\d{2}:\d{2})?", text)
    assert m
    start = dt.datetime.fromisoformat(m.group(1))
    width = {
        Precision.HOUR: dt.timedelta(hours=1),
        Precision.MINUTE: dt.timedelta(minutes=1),
        Precision.SECOND: dt.timedelta(seconds=1),
    }[precision]
    return start, start + width, m.group(2)


ZONES = st.sampled_from(
    [
        (),
        (("Europe/Moscow", ""),),
        (("Asia/Shanghai", ""),),
        (("America/New_York", ""),),
        (("Europe/London", ""),),
        (("UTC", ""),),
        (("+05:30", ""),),
        (("Asia/Shanghai", ""), ("Europe/Moscow", "")),
    ]
)


@st.composite
def walls(draw) -> WallTime:
    precision = draw(st.sampled_from(list(Precision)))
    d = draw(st.dates(min_value=dt.date(1880, 1, 1), max_value=dt.date(2030, 12, 31)))
    return WallTime(
        d.year,
        d.month,
        d.day,
        draw(st.integers(0, 23)),
        draw(st.integers(0, 59)),
        draw(st.integers(0, 59)),
        precision=precision,
    )


@settings(max_examples=300, deadline=None)
@given(wall=walls(), zones=ZONES)
def test_edtf_means_an_interval_holding_the_reading(wall: WallTime, zones) -> None:
    u = place(wall, zones).instant
    assert u.earliest < u.latest
    r = render(u)
    assert EDTF_LEVEL_0_1.match(r.edtf), r.edtf
    start, end, offset = parse_edtf(r.edtf, u.precision)
    local_start, local_end = wall.interval()
    assert start <= local_start and local_end <= end, (r.edtf, wall)
    if offset is not None:  # a written offset must be the clock's, and give the UTC interval
        delta = (
            dt.timedelta(0)
            if offset == "Z"
            else dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
            * (-1 if offset[0] == "-" else 1)
        )
        utc_start = (start - delta).replace(tzinfo=dt.UTC)
        utc_end = (end - delta).replace(tzinfo=dt.UTC)
        assert utc_start <= u.earliest and u.latest <= utc_end
        assert u.zone is not None and u.status == "unique"


@settings(max_examples=100, deadline=None)
@given(
    first=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2000, 1, 1)),
    days=st.integers(0, 400),
    zones=ZONES,
)
def test_edtf_periods_are_intervals_of_their_days(first: dt.date, days: int, zones) -> None:
    last = first + dt.timedelta(days=days)
    a = place(WallTime(first.year, first.month, first.day), zones).instant
    b = place(WallTime(last.year, last.month, last.day), zones).instant
    u = attrs.evolve(a, latest=b.latest, local=f"{first.isoformat()}/{last.isoformat()}")
    text = render(u).edtf
    assert EDTF_LEVEL_0_1.match(text)
    start, end, _ = parse_edtf(text, Precision.DAY)
    assert start <= dt.datetime.combine(first, dt.time())
    assert dt.datetime.combine(last, dt.time()) + dt.timedelta(days=1) <= end


# ---------------------------------------------------------------- timelines
ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def test_timelinejs_structure(seed) -> None:
    data = json.loads(exported(seed, "timelinejs")[0])
    assert "UTC" in data["title"]["text"]["text"]
    slides = data["events"]
    assert len(slides) == len(seed.events)
    ids = [s["unique_id"] for s in slides]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    for slide, e in zip(slides, seed.events, strict=True):
        assert {"year", "month", "day"} <= set(slide["start_date"])
        assert slide["text"]["headline"] and slide["text"]["text"]
        assert slide["group"]
        assert ("end_date" in slide) == (e.time.width > dt.timedelta(minutes=1))
    receipt = slides[seed.events.index(moscow_receipt(seed))]
    assert {k: receipt["start_date"][k] for k in ("year", "month", "day", "hour", "minute")} == {
        "year": 1951,
        "month": 6,
        "day": 13,
        "hour": 16,
        "minute": 55,
    }
    assert "19:55" in receipt["start_date"]["display_date"]
    assert receipt["group"] == "Roshchin"


def test_vis_structure(seed) -> None:
    data = json.loads(exported(seed, "vis")[0])
    items, groups = data["items"], data["groups"]
    assert len(items) == len(seed.events)
    assert len({i["id"] for i in items}) == len(items)
    group_ids = {g["id"] for g in groups}
    assert all(g["content"] for g in groups)
    for item in items:
        assert {"id", "content", "start", "group", "type", "title"} <= set(item)
        assert item["group"] in group_ids
        assert ISO_UTC.match(item["start"])
        assert item["type"] in ("point", "range")
        assert ("end" in item) == (item["type"] == "range")
        if "end" in item:
            assert ISO_UTC.match(item["end"]) and item["start"] < item["end"]
    receipt = next(i for i in items if i["id"] == moscow_receipt(seed).id)
    assert (receipt["type"], receipt["start"]) == ("point", "1951-06-13T16:55:00Z")
