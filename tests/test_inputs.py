"""Tests for reading inputs: plain text, folders, JSON-lines corpora, stdin and TEI volumes.

Each failure mode has a test because the promise of the input layer is that nothing is
dropped silently: every input ends up as documents, problems, or both.
"""

from __future__ import annotations

import io
import json
import pickle
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from chronology.sources.inputs import (
    PROBLEM_CODES,
    InputProblem,
    RawDocument,
    iter_inputs,
    read_inputs,
)

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
VOLUME = SHARED / "data" / "frus" / "tei" / "frus1951v07p2.xml"
DEV = SHARED / "data" / "frus" / "dev.jsonl"

needs_volume = pytest.mark.skipif(
    not VOLUME.exists(),
    reason="the shared FRUS sample volume (../shared/data/frus/tei) is not available here",
)


def problems_of(paths, **kwargs) -> list[InputProblem]:
    return read_inputs([str(p) for p in paths], **kwargs)[1]


def codes(problems: list[InputProblem]) -> list[str]:
    return [problem.code for problem in problems]


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- .txt and folders


def test_txt_file_is_one_document_named_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "telegram-20772.txt"
    path.write_bytes("\ufeffMoscow, 13 June 1951\r\nTo Comrade Filippov.\r\n".encode())
    documents, problems = read_inputs([str(path)])
    assert problems == []
    [doc] = documents
    assert doc.id == "telegram-20772"
    assert doc.text == "Moscow, 13 June 1951\nTo Comrade Filippov.\n"
    assert doc.source == str(path)
    assert dict(doc.hints) == {}


def test_directory_reads_txt_files_sorted_and_not_recursively(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("second", encoding="utf-8")
    (tmp_path / "a.txt").write_text("first", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("ignored", encoding="utf-8")
    documents, problems = read_inputs([str(tmp_path)])
    assert problems == []
    assert [doc.id for doc in documents] == ["a", "b"]
    assert [doc.text for doc in documents] == ["first", "second"]


def test_directory_without_txt_files_is_reported(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    [problem] = problems_of([tmp_path])
    assert problem.code == "empty-directory" and problem.fatal


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n "])
def test_empty_txt_file_yields_only_a_problem_with_its_would_be_id(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    documents, problems = read_inputs([str(path)])
    assert documents == []
    [problem] = problems
    assert (problem.code, problem.fatal, problem.id) == ("empty-file", True, "blank")


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04\x00\x00\x08\x00 zip archive",
        bytes(range(1, 9)) * 40,
        "UTF-16 text".encode("utf-16"),
    ],
    ids=["nul-bytes", "control-characters", "utf-16"],
)
def test_binary_junk_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(content)
    documents, problems = read_inputs([str(path)])
    assert documents == []
    [problem] = problems
    assert (problem.code, problem.fatal, problem.id) == ("binary-input", True, "scan")


def test_invalid_utf8_is_decoded_with_replacement_and_warned(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Line one\nPeiping, 3 f\xe9vrier 1951\n")
    items = list(iter_inputs([str(path)]))
    assert [type(item) for item in items] == [InputProblem, RawDocument]
    warning, doc = items
    assert (warning.code, warning.fatal, warning.id) == ("not-utf8", False, "latin1")
    assert "line 2" in warning.message
    assert doc.text == "Line one\nPeiping, 3 f\ufffdvrier 1951\n"


def test_missing_file(tmp_path: Path) -> None:
    [problem] = problems_of([tmp_path / "nowhere.txt"])
    assert (problem.code, problem.fatal) == ("missing-file", True)
    assert "nowhere.txt" in problem.message


@pytest.mark.parametrize("name", ["volume.pdf", "README", "corpus.json"])
def test_unsupported_inputs(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4")
    [problem] = problems_of([path])
    assert (problem.code, problem.fatal) == ("unsupported-input", True)


def test_too_large_files_are_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("x" * 500, encoding="utf-8")
    xml = tmp_path / "big.xml"
    xml.write_text("<TEI>" + " " * 500 + "</TEI>", encoding="utf-8")
    documents, problems = read_inputs([str(big), str(xml)], max_bytes=100)
    assert documents == []
    assert codes(problems) == ["too-large", "too-large"]
    assert all(problem.fatal for problem in problems)
    assert "500 bytes" in problems[0].message and "max_bytes" in problems[0].message
    assert problems[0].id == "big"


def test_inputs_keep_their_order(tmp_path: Path) -> None:
    (tmp_path / "z.txt").write_text("z", encoding="utf-8")
    corpus = write_jsonl(tmp_path / "c.jsonl", ['{"id": "c1", "text": "c"}'])
    items = list(iter_inputs([str(tmp_path / "z.txt"), str(tmp_path / "gone.txt"), str(corpus)]))
    assert [getattr(item, "id", None) or item.code for item in items] == ["z", "missing-file", "c1"]


# --------------------------------------------------------------------------- JSON lines


def test_jsonl_records_with_string_hints(tmp_path: Path) -> None:
    corpus = write_jsonl(
        tmp_path / "corpus.jsonl",
        [
            '{"id": "t1", "text": "Pyongyang, 2 July", "place": "Pyongyang", "year": 1951}',
            "",
            '{"id": "t2", "text": "second", "archive": "APRF", "tags": ["a"]}',
        ],
    )
    documents, problems = read_inputs([str(corpus)])
    assert problems == []
    assert [doc.id for doc in documents] == ["t1", "t2"]
    assert dict(documents[0].hints) == {"place": "Pyongyang"}
    assert dict(documents[1].hints) == {"archive": "APRF"}
    assert documents[1].source == f"{corpus}:3"


def test_bad_jsonl_lines_are_reported_with_line_numbers_and_reading_goes_on(
    tmp_path: Path,
) -> None:
    corpus = write_jsonl(
        tmp_path / "corpus.jsonl",
        [
            '{"id": "ok1", "text": "fine"}',
            '{"id": "broken", "text": ',
            '["not", "an", "object"]',
            '{"text": "no id"}',
            '{"id": 7, "text": "numeric id"}',
            '{"id": "t5", "text": 5}',
            "[" * 100_000,
            '{"id": "ok2", "text": "fine"}',
        ],
    )
    documents, problems = read_inputs([str(corpus)])
    assert [doc.id for doc in documents] == ["ok1", "ok2"]
    assert [(p.source, p.code) for p in problems] == [
        (f"{corpus}:2", "bad-json-line"),
        (f"{corpus}:3", "bad-json-line"),
        (f"{corpus}:4", "missing-id"),
        (f"{corpus}:5", "missing-id"),
        (f"{corpus}:6", "bad-json-line"),
        (f"{corpus}:7", "bad-json-line"),
    ]
    assert not any(problem.fatal for problem in problems)
    assert "Line 2" in problems[0].message
    assert problems[4].id == "t5"


def test_jsonl_with_no_usable_line_is_fatal(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", ["nonsense", "more nonsense"])
    problems = problems_of([corpus])
    assert codes(problems) == ["bad-json-line", "bad-json-line", "no-documents"]
    assert problems[-1].fatal


def test_empty_jsonl_is_fatal(tmp_path: Path) -> None:
    corpus = tmp_path / "empty.jsonl"
    corpus.write_bytes(b"\n\n")
    [problem] = problems_of([corpus])
    assert (problem.code, problem.fatal) == ("empty-file", True)


def test_jsonl_invalid_utf8_line_is_kept_with_a_warning(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(b'{"id": "a", "text": "caf\xe9"}\n')
    documents, problems = read_inputs([str(corpus)])
    assert documents[0].text == "caf\ufffd"
    assert [(p.code, p.fatal, p.source) for p in problems] == [("not-utf8", False, f"{corpus}:1")]


def test_duplicate_ids_keep_the_first_document(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "t1.txt").write_text("from the folder", encoding="utf-8")
    corpus = write_jsonl(
        tmp_path / "corpus.jsonl",
        [
            '{"id": "t1", "text": "from the corpus"}',
            '{"id": "t2", "text": "first t2"}',
            '{"id": "t2", "text": "second t2"}',
        ],
    )
    documents, problems = read_inputs([str(tmp_path / "dir"), str(corpus)])
    assert [(doc.id, doc.text) for doc in documents] == [
        ("t1", "from the folder"),
        ("t2", "first t2"),
    ]
    assert [(p.code, p.id, p.source, p.fatal) for p in problems] == [
        ("duplicate-id", "t1", f"{corpus}:1", False),
        ("duplicate-id", "t2", f"{corpus}:3", False),
    ]
    assert f"{corpus}:2" in problems[1].message


def test_over_long_jsonl_line_is_skipped_not_the_corpus(tmp_path: Path) -> None:
    long_record = json.dumps({"id": "long", "text": "x" * 1000})
    corpus = write_jsonl(
        tmp_path / "corpus.jsonl", [long_record, '{"id": "short", "text": "fits"}']
    )
    documents, problems = read_inputs([str(corpus)], max_bytes=200)
    assert [doc.id for doc in documents] == ["short"]
    [problem] = problems
    assert (problem.code, problem.source, problem.fatal) == ("too-large", f"{corpus}:1", False)


def test_stdin_is_read_as_a_jsonl_corpus() -> None:
    stdin = io.StringIO(
        '\ufeff{"id": "s1", "text": "one"}\nnot json\n{"id": "s2", "text": "two"}\n'
    )
    documents, problems = read_inputs(["-"], stdin=stdin)
    assert [doc.id for doc in documents] == ["s1", "s2"]
    assert documents[1].source == "<stdin>:3"
    assert [(p.code, p.source) for p in problems] == [("bad-json-line", "<stdin>:2")]


def test_process_stdin_is_decoded_as_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO('{"id": "k1", "text": "Kaesŏng"}\n'.encode())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw, encoding="latin-1"))
    [doc] = read_inputs(["-"])[0]
    assert doc.text == "Kaesŏng"


class GeneratedStream(io.TextIOBase):
    """A text stream whose lines are produced on demand, counting how many were asked for."""

    def __init__(self, lines: int) -> None:
        self._lines = (f'{{"id": "g{i}", "text": "text {i}"}}\n' for i in range(lines))
        self.produced = 0

    def readline(self, size: int = -1) -> str:  # type: ignore[override]
        line = next(self._lines, "")
        self.produced += bool(line)
        return line


def test_jsonl_is_streamed_lazily() -> None:
    stream = GeneratedStream(200_000)
    items = iter_inputs(["-"], stdin=stream)
    first = next(items)
    assert isinstance(first, RawDocument) and first.id == "g0"
    assert stream.produced <= 2
    assert sum(1 for _ in items) == 199_999
    assert stream.produced == 200_000


def test_large_jsonl_file_is_not_held_in_memory(tmp_path: Path) -> None:
    corpus = tmp_path / "big.jsonl"
    filler = "word " * 300
    with corpus.open("w", encoding="utf-8") as out:
        for i in range(8_000):
            out.write(json.dumps({"id": f"d{i}", "text": filler}) + "\n")
    assert corpus.stat().st_size > 12_000_000
    tracemalloc.start()
    try:
        count = sum(1 for item in iter_inputs([str(corpus)]) if isinstance(item, RawDocument))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 8_000
    assert peak < 4_000_000, f"peak {peak} bytes suggests the corpus was read whole"


# --------------------------------------------------------------------------- the data types


def test_documents_are_frozen_hashable_picklable_and_own_their_hints() -> None:
    hints = {"place": "Seoul"}
    doc = RawDocument("x", "text", hints, "here")
    hints["place"] = "Pusan"
    assert doc.hints["place"] == "Seoul"
    assert pickle.loads(pickle.dumps(doc)) == doc
    assert hash(doc) == hash(RawDocument("x", "text", {"other": "1"}, "here"))
    with pytest.raises(AttributeError):
        doc.text = "changed"  # type: ignore[misc]


def test_every_problem_code_is_declared(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_bytes(b"")
    problems = problems_of([tmp_path / "e.txt", tmp_path / "x.pdf", tmp_path / "gone"])
    assert set(codes(problems)) <= PROBLEM_CODES


def test_importing_inputs_does_not_load_the_xml_stack() -> None:
    code = (
        "import sys, chronology.sources.inputs; "
        "assert 'defusedxml' not in sys.modules; "
        "assert 'chronology.sources.tei' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- TEI: safety


XXE = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol4;</lolz>"""


@pytest.mark.parametrize("content", [XXE, BILLION_LAUGHS], ids=["xxe", "billion-laughs"])
def test_unsafe_xml_is_refused_not_expanded(tmp_path: Path, content: str) -> None:
    path = tmp_path / "volume.xml"
    path.write_text(content, encoding="utf-8")
    documents, problems = read_inputs([str(path)])
    assert documents == []
    [problem] = problems
    assert (problem.code, problem.fatal) == ("xml-unsafe", True)
    assert "root:" not in problem.message and "lollol" not in problem.message


def test_malformed_xml_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "volume.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text>\n<div type="document" xml:id="d1">'
        "<p>x</div>\n</text></TEI>",
        encoding="utf-8",
    )
    [problem] = problems_of([path])
    assert (problem.code, problem.fatal) == ("xml-malformed", True)
    assert "line 3" in problem.message and "column" in problem.message


# --------------------------------------------------------------------------- TEI: rendering

MINI_TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0">
  <teiHeader><fileDesc><publicationStmt>
    <idno type="frus">frus1999mini</idno>
  </publicationStmt></fileDesc></teiHeader>
  <text><body><div type="chapter">
    <div type="document" xml:id="d7" n="7" subtype="telegram">
      <note rend="inline" type="source">611.95/7–151: Telegram</note>
      <head>The <gloss type="from">Ambassador in Korea</gloss> (<persName>
          <hi rend="italic">Muccio</hi>
        </persName>) to the Secretary of State<note n="1" xml:id="d7fn1">Repeated to
          Tokyo.</note></head>
      <opener><dateline rendition="#right">
          <placeName><hi rend="smallcaps">Pusan</hi></placeName>,
          <date when="1951-07-01T15:00:00+09:00">July 1, 1951—3 p. m.</date></dateline>
        <seg rendition="#left"><hi rend="smallcaps">secret</hi></seg><lb/>
        <seg rendition="#left"><hi rend="smallcaps">niact</hi></seg></opener>
      <p>12. Reference Deptel 9.<note n="2" xml:id="d7fn2">Dated June 30.</note></p>
      <list>
        <label>1.</label>
        <item>First point.</item>
        <label>2.</label>
        <item>Second point with a sub-list: <list><item>inner</item></list></item>
      </list>
      <closer><signed>Muccio</signed></closer>
      <frus:attachment>
        <head>Enclosure</head>
        <opener><dateline><placeName>Seoul</placeName>,
          <date when="1951-06-01">June 1, 1951</date>.</dateline></opener>
        <p>Attached text.</p>
      </frus:attachment>
    </div>
    <div type="document" xml:id="d8" n="8"><head>Editorial Note</head><p>Prose.</p></div>
  </div></body></text>
</TEI>"""


LATER_STYLE_TEI = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus2001v02">
  <text><body><div type="chapter">
    <div type="document" xml:id="d12" n="12">
      <head>12. Telegram From the <gloss type="from">Embassy in Japan</gloss> to the
        Department of State<note n="1" xml:id="d12fn1" type="source">Source: Central Files.
        Secret.</note></head>
      <dateline><placeName>Tokyo</placeName>, <date notBefore="1965-03-02"
        notAfter="1965-03-03">March 2–3, 1965</date>.</dateline>
      <p>2044. Talks resumed.</p>
    </div>
  </div></body></text>
</TEI>"""


def test_tei_later_volume_style(tmp_path: Path) -> None:
    """Later volumes number the heading themselves and print the source note as a footnote."""
    path = tmp_path / "later.xml"
    path.write_text(LATER_STYLE_TEI, encoding="utf-8")
    [doc] = read_inputs([str(path)])[0]
    assert doc.id == "frus2001v02/d12"
    assert doc.text == (
        "12. Telegram From the Embassy in Japan to the Department of State\n"
        "Tokyo, March 2–3, 1965.\n"
        "2044. Talks resumed."
    )
    assert doc.hints["source_note"] == "Source: Central Files. Secret."
    assert "footnotes" not in doc.hints
    assert (doc.hints["tei_notBefore"], doc.hints["tei_notAfter"]) == ("1965-03-02", "1965-03-03")
    assert "tei_when" not in doc.hints


@pytest.fixture
def mini_volume(tmp_path: Path) -> Path:
    path = tmp_path / "mini.xml"
    path.write_text(MINI_TEI, encoding="utf-8")
    return path


def test_tei_document_is_rendered_like_the_printed_page(mini_volume: Path) -> None:
    documents, problems = read_inputs([str(mini_volume)])
    assert problems == []
    doc = documents[0]
    assert doc.id == "frus1999mini/d7"
    assert doc.source == f"{mini_volume}#d7"
    assert doc.text.split("\n") == [
        "7. The Ambassador in Korea (Muccio) to the Secretary of State",
        "611.95/7–151: Telegram",
        "Pusan, July 1, 1951—3 p. m.",
        "secret",
        "niact",
        "12. Reference Deptel 9.",
        "1. First point.",
        "2. Second point with a sub-list:",
        "inner",
        "Muccio",
        "Enclosure",
        "Seoul, June 1, 1951.",
        "Attached text.",
    ]


def test_tei_hints_are_the_documents_own_and_editorial_dates_are_marked(
    mini_volume: Path,
) -> None:
    doc, editorial = read_inputs([str(mini_volume)])[0]
    assert dict(doc.hints) == {
        "volume": "frus1999mini",
        "frus_type": "telegram",
        "source_note": "611.95/7–151: Telegram",
        "dateline": "Pusan, July 1, 1951—3 p. m.",
        "place": "Pusan",
        "tei_when": "1951-07-01T15:00:00+09:00",
        "footnotes": "Repeated to Tokyo.\nDated June 30.",
    }
    assert editorial.text == "8. Editorial Note\nProse."
    assert "dateline" not in editorial.hints


def test_tei_volume_id_falls_back_to_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "frus2000v01.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><div type="document" xml:id="d1">'
        "<p>x</p></div></TEI>",
        encoding="utf-8",
    )
    [doc] = read_inputs([str(path)])[0]
    assert doc.id == "frus2000v01/d1"


def test_xml_without_documents_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<catalogue><item/></catalogue>", encoding="utf-8")
    [problem] = problems_of([path])
    assert (problem.code, problem.fatal) == ("no-documents", True)


@pytest.fixture(scope="module")
def sample_volume() -> dict[str, RawDocument]:
    if not VOLUME.exists():
        pytest.skip("the shared FRUS sample volume (../shared/data/frus/tei) is not available")
    documents, problems = read_inputs([str(VOLUME)])
    assert problems == []
    return {doc.id: doc for doc in documents}


@needs_volume
def test_sample_volume_has_all_333_documents(sample_volume: dict[str, RawDocument]) -> None:
    assert len(sample_volume) == 333
    assert list(sample_volume)[:3] == [
        "frus1951v07p2/d1",
        "frus1951v07p2/d2",
        "frus1951v07p2/d3",
    ]
    assert all(doc.text for doc in sample_volume.values())


@needs_volume
def test_sample_volume_first_document(sample_volume: dict[str, RawDocument]) -> None:
    doc = sample_volume["frus1951v07p2/d1"]
    assert doc.text.split("\n")[:5] == [
        "1. Memorandum by the Joint Chiefs of Staff to the Secretary of Defense (Marshall)",
        "794A.5/1–351",
        "Washington, 2 January 1951.",
        "top secret",
        "Subject: Strategic Importance of Formosa.",
    ]
    assert doc.hints["dateline"] == "Washington, 2 January 1951."
    assert doc.hints["place"] == "Washington"
    assert doc.hints["tei_when"] == "1951-01-02"
    assert "Not printed." in doc.hints["footnotes"]
    assert "Not printed." not in doc.text


@needs_volume
def test_sample_volume_dateline_with_two_lines(sample_volume: dict[str, RawDocument]) -> None:
    doc = sample_volume["frus1951v07p2/d2"]
    assert doc.text.split("\n")[2:4] == ["January 6 and 7, 1951.", "January 12 and 13, 1951."]
    assert doc.hints["dateline"] == "January 6 and 7, 1951. January 12 and 13, 1951."
    assert doc.hints["tei_when"] == "1951-01-06"


@pytest.mark.skipif(not DEV.exists(), reason="the shared FRUS dev set is not available here")
@needs_volume
def test_sample_volume_matches_the_dev_set_layout(sample_volume: dict[str, RawDocument]) -> None:
    with DEV.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    records = [r for r in records if r["id"].startswith("frus1951v07p2/")]
    assert records
    first_line = dateline = prefix = 0
    for record in records:
        doc = sample_volume[record["id"]]
        first_line += doc.text.split("\n")[0] == record["text"].split("\n")[0]
        dateline += doc.hints.get("dateline") == record["dateline_text"]
        prefix += doc.text.startswith(record["text"][:300])
    assert first_line / len(records) >= 0.95
    assert dateline / len(records) >= 0.95
    assert prefix / len(records) >= 0.9
