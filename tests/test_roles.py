"""Which act a date is the date of: the role word before it must name that act.

A role word ("received", "sent", "typed", "approved") makes a date a message event only
when it is a word of its own, not an adjective, and nothing between it and the date hands
the date to something else. Each phrase below is taken from, or shaped like, a FRUS
source note or a Soviet stamp.
"""

from __future__ import annotations

import pytest

from chronology.extract import extract_document

# Not numbered as in FRUS: in a FRUS body every act is set aside as not the document's own
# (tested below), which would hide what these tests are about.
HEAD = "Telegram From the Embassy in Korea to the Department of State\n"
DATELINE = "Seoul, February 12, 1968, 0900Z.\n"


def _kind_of(sentence: str, date_text: str) -> str:
    doc = extract_document("d9", HEAD + DATELINE + "1234. Subject.\n" + sentence + "\n")
    found = [e for e in doc.events if date_text in e.provenance.text]
    assert len(found) == 1, [(e.kind.value, e.provenance.text) for e in doc.events]
    return found[0].kind.value


@pytest.mark.parametrize(
    ("sentence", "date_text", "kind"),
    [
        # an adjective, another document's date
        (
            "A typed copy of this telegram was given to President Johnson under a "
            "February 10 covering memorandum.",
            "February 10",
            "mentioned",
        ),
        (
            "A retyped copy of this telegram was given to the President under a February 20 "
            "covering memorandum.",
            "February 20",
            "mentioned",
        ),
        (
            "Rostow sent this memorandum under a January 23 covering note.",
            "January 23",
            "mentioned",
        ),
        # a role word inside another word
        (
            "But present indications are that it will be convened approximately Jan 10.",
            "Jan 10",
            "mentioned",
        ),
        ("Units assigned to EUSA today call for more men.", "today", "mentioned"),
        # a bound or another clause between the role word and the date
        (
            "There is no chance of a favorable decision even by President Pak before Feb 7.",
            "Feb 7",
            "mentioned",
        ),
        ("Agreements can be signed before May 15.", "May 15", "mentioned"),
        # a cited message or the end of a sentence between the role word and the date
        (
            "The draft note was transmitted in Deptel 533 of Dec. 19, 1950.",
            "Dec. 19, 1950",
            "written",
        ),
        ("Emb acknowledges receipt Deptel 2227, June 20 re possible visit.", "June 20", "written"),
        (
            "No more ROK troops will be sent to Viet-Nam. Also aware of Pak's December 17 "
            "press conference.",
            "December 17",
            "mentioned",
        ),
        # real acts
        (
            "The proposed reply was transmitted to Mr. Rusk by Mr. Miller on February 21st.",
            "February 21",
            "sent",
        ),
        ("Rostow sent the memorandum to the President on June 9.", "June 9", "sent"),
        (
            "Another handwritten notation reads: “Rec'd February 12, 1968, 11:25 a.m.”",
            "11:25",
            "received",
        ),
    ],
)
def test_role_words(sentence: str, date_text: str, kind: str) -> None:
    assert _kind_of(sentence, date_text) == kind


def test_a_stamp_run_into_a_word_keeps_its_role() -> None:
    text = (
        "November 16, 1950\nCiphered telegram, Roshchin to Filippov [Stalin]\n\n"
        "From BeijingReceived 06 hours 10 minutes\n16.11.1950\nTo Comrade FILIPPOV.\n"
        "Text of the telegram.\nROSHCHIN\n"
    )
    doc = extract_document("ct", text)
    stamp = [e for e in doc.events if "06 hours 10 minutes" in e.provenance.text]
    assert [e.kind.value for e in stamp] == ["received"]
    assert stamp[0].time.zone == "Europe/Moscow"


def test_a_title_dates_the_enclosure_it_names() -> None:
    text = (
        "June 14, 1951\nHandwritten letter from Gao Gang and Kim Il Sung to Stalin, with "
        "13 June 1951 handwritten letter from Mao Zedong to Gao Gang and Kim Il Sung\n\n"
        "To Comrade Stalin, I.V.\nText.\nGao Gang\nKim Il Sung\n14 June 1951\n"
    )
    doc = extract_document("letter", text)
    enclosure = [e for e in doc.events if e.provenance.text == "13 June 1951"]
    assert [e.kind.value for e in enclosure] == ["written"]


# ---------------------------------------------------------------- FRUS documents
TAIPEI = (
    "12. Telegram From the Embassy in the Republic of China to the Department of State\n"
    "Taipei, February 10, 1964, 9:17 a.m.\n"
    "736. At a meeting with the President at 1800 today he confirmed the arrival of the "
    "French communication. I delivered the note at noon today. Yesterday I received your "
    "letter.\n\n"
    "1. Source: Department of State, Central Files, POL 1 CHINAT-FR. Secret; Flash. "
    "Received at 9:04 a.m. Attached to an October 1 letter from Green to Rowen.\n"
)


def test_the_writers_acts_on_other_things_are_not_the_documents_events() -> None:
    doc = extract_document("d12", TAIPEI)
    kinds = {e.provenance.text: e.kind.value for e in doc.events}
    assert kinds["noon today"] == "mentioned"
    assert kinds["Yesterday"] == "mentioned"


def test_a_source_note_receipt_is_the_departments_in_washington() -> None:
    doc = extract_document("d12", TAIPEI)
    receipt = [e for e in doc.events if e.kind.value == "received"]
    assert len(receipt) == 1 and receipt[0].time.zone == "America/New_York"
    # 9:04 a.m. in Washington on the dateline's day, after the 9:17 a.m. sending in Taipei
    assert receipt[0].time.earliest.isoformat()[:16] == "1964-02-10T14:04"


def test_the_editors_citations_link_but_do_not_order() -> None:
    import chronology

    corpus = chronology.from_texts([("d12", TAIPEI)])
    refs = [r for m in corpus.document("d12").messages for r in m.references]
    assert [r.direction for r in refs if "October 1" in r.provenance.text] == ["editorial"]
    assert corpus.chronology().consistent


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("statements he made Taktser (Contel 13 July 3) and", "July 3"),
        ("info recd from Shakabpa (Condesp 8 July 9) as to", "July 9"),
        ("copy sent Dept as enclosure Condes 21 Jul 16), with", "Jul 16"),
        ("if recent ConGen contact (ConGendesp 1529 April 11) alleged", "April 11"),
    ],
)
def test_a_cable_number_before_a_date_is_not_its_day(text: str, date: str) -> None:
    from chronology.reading.temporal import read_temporal

    assert [r.text for r in read_temporal(text)] == [date]


# ---------------------------------------------------------------- telegram forms
def _events(text: str) -> dict[str, tuple[str, str | None]]:
    doc = extract_document("t", text)
    return {e.provenance.text: (e.kind.value, e.time.zone) for e in doc.events}


def test_a_russian_original_is_read_as_its_translation_would_be() -> None:
    text = (
        "June 14, 1951\nCiphered telegram from Roshchin\n\n"
        "ШИФРТЕЛЕГРАММА № 20790\nИз ПЕКИНА\nПолучена 14 июня 1951 г. в 10 ч. 15 м.\n"
        "Товарищу ФИЛИППОВУ.\nВ ответ на вашу телеграмму от 13 июня сообщаю.\nРОЩИН\n"
        "№ 2981\n14.6.51\n"
    )
    got = _events(text)
    assert got["14 июня 1951 г. в 10 ч. 15 м."] == ("received", "Europe/Moscow")
    assert got["14.6.51"] == ("sent", "Asia/Shanghai")


def test_a_stamp_on_the_line_before_keeps_its_verb() -> None:
    text = (
        "July 16, 1951\nCiphered telegram, Li Kenong to Mao Zedong\n\n"
        "CIPHERED TELEGRAM No. 17\nFrom KAESONG\nReceived 16.7.51 at 19:05\n"
        "Today the negotiations continued from 10:00 till 12:30.\nLI KENONG\n16.7.51\n"
    )
    got = _events(text)
    assert got["Received 16.7.51 at 19:05"][0] == "received"
    assert got["Today"][0] == "mentioned"  # the verb before belongs to the stamp's date


def test_a_reference_by_number_and_date_keeps_its_number() -> None:
    text = (
        "November 24, 1951\nCiphered telegram, Filippov [Stalin] to Roshchin\n\n"
        "CIPHERED TELEGRAM No. 600742/III\nSent 24.XI.51 at 03:10\nBEIJING\n"
        "To Comrade ROSHCHIN.\nYour telegram No. 4512 of 21.XI.51 received.\nFILIPPOV\n"
    )
    doc = extract_document("t", text)
    refs = [r for m in doc.messages for r in m.references]
    assert [(r.numbers, r.date is not None) for r in refs] == [(("4512",), True)]


def test_a_letter_closed_by_place_and_date_was_written_there() -> None:
    text = (
        "September 29, 1950\nLetter, Kim Il Sung and Pak Hon-yong to Stalin\n\n"
        "To Comrade Stalin, Iosif Vissarionovich.\nOn 28 September the enemy entered Seoul.\n"
        "With deep respect,\nKim Il Sung\nPak Hon-yong\nPyongyang, 29 September 1950\n"
    )
    got = _events(text)
    assert got["29 September 1950"] == ("written", "Asia/Pyongyang")
    # and the writers' other dates are in their clock, not the addressee's
    assert got["28 September"] == ("mentioned", "Asia/Pyongyang")


def test_receiving_a_person_is_no_receipt() -> None:
    text = (
        "October 3, 1950\nTelegram from Zhou Enlai to Roshchin\n\nTo Ambassador Roshchin:\n"
        "At 1 a.m. today I received Indian Ambassador Panikkar and asked him to inform his "
        "government.\nZhou Enlai\n3 October 1950, 3 a.m.\n"
    )
    got = _events(text)
    assert got["1 a.m. today"][0] == "mentioned"
    assert got["3 October 1950, 3 a.m."] == ("written", "Asia/Shanghai")


def test_a_frus_heading_outweighs_a_word_of_the_soviet_forms() -> None:
    text = (
        "190. Memorandum by the Board of National Estimates, Central Intelligence Agency\n"
        "Washington, September 23, 1966.\nSUBJECT\nThe China Tangle\n"
        "1. The Politburo met again.\n"
    )
    assert _events(text)["September 23, 1966"] == ("written", "America/New_York")


SOURCE = (
    "48. Memorandum From the Policy Planning Council\nWashington, June 26, 1964.\n"
    "SUBJECT\nChina\n1. The study follows.\n\n"
    "1. Source: Department of State, S/P Files. Secret. Filed under a cover sheet dated "
    "June 1964. Drafted by Joseph A. Yager of the Policy Planning Council and approved by "
    "Rusk on September 11. Minutes of the meeting, prepared on August 2, are ibid. "
    "Rostow sent the memorandum to the President on September 14.\n"
)


def test_a_source_note_gives_the_documents_own_acts_only() -> None:
    got = _events(SOURCE)
    assert got["June 1964"][0] == "mentioned"  # the cover sheet's
    assert got["September 11"][0] == "decided"  # an initial does not end the sentence
    assert got["August 2"][0] == "mentioned"  # the minutes'
    assert got["September 14"][0] == "sent"  # "the memorandum": this one


def test_drafted_on_is_the_written_date() -> None:
    text = SOURCE.replace(
        "Drafted by Joseph A. Yager of the Policy Planning Council and approved",
        "Drafted by Kreisberg on June 25. Approved",
    )
    assert _events(text)["June 25"][0] == "written"


def test_prepared_to_is_ready_not_written() -> None:
    text = (
        "June 14, 1951\nCiphered telegram, Roshchin to Filippov [Stalin]\n\n"
        "CIPHERED TELEGRAM No. 20811\nFrom BEIJING\nTo Comrade FILIPPOV.\n"
        "The Chinese comrades are prepared to begin talks on 10 July.\nROSHCHIN\n14.6.51\n"
    )
    assert _events(text)["10 July"][0] == "mentioned"
