"""FRUS datelines of other decades and forms than the dev set's, read to the right instant.

Later volumes print the time after a comma and often in GMT ("1105Z"); memoranda of
conversation give a span of time; some datelines give noon. Each case's UTC value is
worked out by hand from the place's clock on that day.
"""

from __future__ import annotations

import pytest

from chronology.extract import extract_document

CASES = [
    # (dateline, kind, zone, earliest UTC, latest UTC)
    ("Moscow, March 3, 1979, 1105Z.", "sent", "UTC", "1979-03-03T11:05", "1979-03-03T11:06"),
    ("Saigon, February 7, 1965, 0340Z.", "sent", "UTC", "1965-02-07T03:40", "1965-02-07T03:41"),
    (
        "Tokyo, January 5, 1961, 7 p.m.",  # Japan Standard Time, UTC+9
        "sent",
        "Asia/Tokyo",
        "1961-01-05T10:00",
        "1961-01-05T10:01",
    ),
    (
        "New Delhi, 5 January 1961, 4 p.m.",  # India, UTC+5:30
        "sent",
        "Asia/Kolkata",
        "1961-01-05T10:30",
        "1961-01-05T10:31",
    ),
    (
        "New York, November 3, 1956, 9 p.m.",  # summer time ended on 28 October
        "sent",
        "America/New_York",
        "1956-11-04T02:00",
        "1956-11-04T02:01",
    ),
    (
        "Washington, January 5, 1961, noon.",
        "sent",
        "America/New_York",
        "1961-01-05T17:00",
        "1961-01-05T17:01",
    ),
    (
        "Washington, March 3, 1966, 4:30–5:15 p.m.",  # a span: its start to its end
        "sent",
        "America/New_York",
        "1966-03-03T21:30",
        "1966-03-03T22:16",
    ),
]


@pytest.mark.parametrize(("dateline", "kind", "zone", "earliest", "latest"), CASES)
def test_telegram_datelines(
    dateline: str, kind: str, zone: str, earliest: str, latest: str
) -> None:
    text = (
        "12. Telegram From the Embassy to the Department of State\n"
        f"{dateline}\n1234. Subject: talks.\n"
    )
    doc = extract_document("d12", text)
    date = doc.date
    assert date is not None and date.provenance.text in dateline  # the date, not the place
    assert (date.kind.value, date.time.zone) == (kind, zone)
    assert date.time.earliest.isoformat()[:16] == earliest
    assert date.time.latest.isoformat()[:16] == latest


def test_a_memorandum_of_conversation_is_written_over_its_span() -> None:
    text = (
        "7. Memorandum of Conversation\n"
        "Camp David, Maryland, September 5, 1978, 10:30 a.m.–12:15 p.m.\n"
        "SUBJECT\nTalks\n"
    )
    date = extract_document("d7", text).date
    assert date is not None and date.kind.value == "written"
    assert date.time.zone == "America/New_York"  # summer time: UTC-4
    assert date.time.earliest.isoformat()[:16] == "1978-09-05T14:30"
    assert date.time.latest.isoformat()[:16] == "1978-09-05T16:16"


def test_midnight_is_the_start_of_the_day_and_says_so() -> None:
    text = "151. Telegram From the Embassy in India\nNew Delhi, July 21, 1951—midnight.\n1. Text."
    doc = extract_document("d151", text)
    assert doc.date is not None and doc.date.time.local == "1951-07-21T00:00"
    assert any("midnight" in a for a in doc.date.provenance.assumptions)
    assert [d.code for d in doc.diagnostics] == ["ambiguous-midnight"]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Gao Gang and Kim Il Sung arrived in Moscow yesterday.", "mentioned"),
        ("Taktse arrived here yesterday and we are sending him on.", "mentioned"),
        ("When I arrived in Seoul on 11 February, I found a fragile calm.", "mentioned"),
        ("Your telegram arrived yesterday.", "received"),
        ("The reply of the Chinese comrades arrived on 12 June.", "received"),
    ],
)
def test_people_arriving_is_no_receipt(sentence: str, kind: str) -> None:
    # A telegram form outside FRUS: in a FRUS body every such act is set aside (it is not
    # the document's own), see test_roles.py.
    text = (
        "June 14, 1951\nCiphered telegram, Roshchin to Filippov [Stalin]\n\n"
        "CIPHERED TELEGRAM No. 20811\nFrom BEIJING\nTo Comrade FILIPPOV.\n"
        f"{sentence}\nROSHCHIN\n14.6.51\n"
    )
    doc = extract_document("d9", text)
    arrival = [
        e
        for e in doc.events
        if "arrived" in e.provenance.text or e.kind.value not in ("sent", "catalogued")
    ]
    assert arrival and {e.kind.value for e in arrival} == {kind}, [
        (e.kind.value, e.provenance.text) for e in doc.events
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("毛泽东 1950年10月2日", ("1950年10月2日", 1950, 10, 2, None)),
        ("1951年6月13日22时15分", ("1951年6月13日22时15分", 1951, 6, 13, 22)),
        ("Korean note of 1951.6.13 says", ("1951.6.13", 1951, 6, 13, None)),
        ("1950. 6. 25. 04:00", ("1950. 6. 25. 04:00", 1950, 6, 25, 4)),
        ("1950년 6월 25일 4시", ("1950년 6월 25일 4시", 1950, 6, 25, 4)),
        ("Received 13-VI-51", ("Received 13-VI-51", 51, 6, 13, None)),
        ("dated 12 VI 1951", ("12 VI 1951", 1951, 6, 12, None)),
        ("UK 50558, 24 Aug 63; B.", ("24 Aug 63", 63, 8, 24, None)),
        ("Meeting began at 1100 hrs Sep 30 and", ("1100 hrs Sep 30", None, 9, 30, 11)),
    ],
)
def test_other_written_forms(text: str, expected: tuple) -> None:
    from chronology.reading.temporal import read_temporal

    r = read_temporal(text)[0]
    assert (r.text, r.year, r.month, r.day, r.hour) == expected


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("The Blue House raid on night of 20–21 January confirmed", 20, 21),
        ("DDCI Trip to the Far East, 17–31 October 1964.", 17, 31),
    ],
)
def test_a_range_of_days_before_the_month(text: str, first: int, last: int) -> None:
    from chronology.reading.temporal import read_temporal

    r = read_temporal(text)[0]
    assert (r.day, r.end.day if r.end else None) == (first, last)


@pytest.mark.parametrize("text", ["on 13 June 45 aircraft attacked", "Chapter 5 I 51 x"])
def test_numbers_after_a_date_are_not_read_as_its_year(text: str) -> None:
    from chronology.reading.temporal import read_temporal

    assert all(r.year is None for r in read_temporal(text))
