"""The reader's fast scans find exactly what the plain patterns they stand for find.

Speed comes from trying the combined rules only where a match can start (a run of digits
of the right length, a month name) and from sharper gates for rare rules; none of that
may change a result. These tests compare each fast path with the plain pattern on texts
built from the pieces the rules are made of, so a rule edited later that breaks an
assumption (a digit rule that starts with three digits, say) is caught here.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronology.reading import numbers, temporal
from chronology.sources import actors

PIECES = [
    "0",
    "1",
    "2",
    "3",
    "9",
    "12",
    "13",
    "19",
    "23",
    "24",
    "31",
    "51",
    "195",
    "1951",
    "2051",
    "0510",
    "130510",
    "1305103",
    "13051",
    "٣",
    ":",
    ".",
    "/",
    "-",
    "–",
    " ",
    "\n",
    ",",
    "Z",
    "I",
    "a.m.",
    "p. m.",
    "hours",
    " minutes",
    "June",
    "JUN",
    "Jan.",
    "Sept",
    "May",
    "March",
    "июня",
    "мая",
    "самая",
    "IX",
    "th",
    "st",
    "of ",
    "and",
    "to",
    "No.",
    "Nº",
    "#",
    "my ",
    "our ",
    "your ",
    "telegram ",
    "Copy ",
    "copy",
    "by ",
    "Smith ",
    "to file",
    "'s ",
    "’s ",
    "speech",
    "delegation ",
    "arrived ",
    "here",
    "Stalin",
    "FILIPPOV",
    "Mao Zedong",
    "Kim Il",
    "sung",
    "Mao-Zedong",
    "x",
    "Q",
    "today",
    "TODAY",
    "ToNight",
    "this morning",
    "noon",
    "Midnight",
    "over the last ",
    "For The Next ",
    "12 days",
    "two weeks",
    "вчера",
    "ВЧЕРА",
    "ſ",
    "ı",
    "İ",
    "\u212a",
    "\u1c80",
    "年",
    "月",
    "日",
    "时",
    "VI",
    "XI",
    " hrs ",
    "Jun ",
    "–",
    "thiſ morning",
    "tonıght",
    "\u1c80чера",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DIGIT_REFERENCE, _ = temporal._combine(temporal._DIGIT_ORDER, 0, "(?=[0-9])")


@SETTINGS
@given(texts)
def test_digit_runs_find_what_the_combined_pattern_finds(text: str) -> None:
    fast = [(m.span(), m.lastgroup) for m, _ in temporal._scan_digits(text)]
    plain = [(m.span(), m.lastgroup) for m in DIGIT_REFERENCE.finditer(text)]
    assert fast == plain


@SETTINGS
@given(texts)
def test_month_starts_find_what_the_combined_pattern_finds(text: str) -> None:
    rx = temporal._MONTH_RX
    fast = [(m.span(), m.lastgroup) for m in temporal._scan(rx, temporal._MONTH_START, text)]
    assert fast == [(m.span(), m.lastgroup) for m in rx.finditer(text)]


@SETTINGS
@given(texts)
def test_case_blind_rules_find_what_their_patterns_find(text: str) -> None:
    stand_in = temporal._stand_in(text, text.lower())
    for name in temporal._GATED:
        rx, _ = temporal._GATED_RX[name]
        fast = [m.span() for m, _ in temporal._with_slots(name, text, stand_in)]
        assert fast == [m.span() for m in rx.finditer(text)], name


def _gated_off(rule: str, rx: re.Pattern[str], text: str) -> bool:
    """A gate that says no where the rule would match is a lost reading."""
    return not numbers._open(rule, text) and rx.search(text) is not None


@SETTINGS
@given(texts)
def test_sharp_gates_never_hide_a_match(text: str) -> None:
    for rule, _, rx in numbers._REF_RULES:
        assert not _gated_off(rule, rx, text), rule
    for _, gate, rx in numbers._MENTIONS:
        assert not _gated_off(gate, rx, text), gate
    assert not _gated_off("copies", numbers._NOT_IDENTIFIERS, text)
    for rule, _, rx in numbers._DESIGNATOR_RULES:
        assert not _gated_off(rule, rx, text), rule


def test_a_gate_closes_where_its_rule_cannot_match() -> None:
    assert not numbers._open("event-speech", "Malik's house")
    assert not numbers._open("to-my-no", "my house has no number")


OLD_NAMES = re.compile(
    "|".join(
        sorted(
            (
                re.escape(a).replace(r"\ ", r"[\s\-]+")
                for n, (_, al) in actors.ACTORS.items()
                for a in (n, *al)
            ),
            key=len,
            reverse=True,
        )
    ),
    re.IGNORECASE,
)


@SETTINGS
@given(texts)
def test_names_are_found_as_a_case_blind_search_finds_them(text: str) -> None:
    m = OLD_NAMES.search(text)
    assert actors.find_actor(text) == (actors.canonical(m.group(0)) if m else None)


PHRASES = [
    "To my [telegram] No. 2967 (vkh. No. 20757)",
    "IN ADDITION TO MY NO. 12",
    "Your telegram No. 3557 of 3 May",
    "ur cable no. 45",
    "Copy No. 3",
    "Экз. № 2",
    "No. 17 to file",
    "typed by Ivanova No. 4",
    "Malik's speech",
    "Kennan’s recent statement",
    "the Korean comrades have been here",
    "Chinese delegation arrived to Moscow",
    "Today we received a telegram from Comrade Mao Zedong",
    "Your telegram was delivered",
    "Reference\nyour 789",
    "To\tNo. 483/sh.",
    "From PEKING\nNo. 1309",
    "We received\nthe telegram from Comrade Kim Il Sung",
    "Mao's reply has\tarrived",
    "Spravka: see (from no. 837)",
    "(NO. 5)",
    "NO. P12/7",
    "CIPHERED TELEGRAM No. 20772",
    "From BEIJING Nº 1309",
    "Special No. 12",
    "Issuing No. 4",
    "Incoming No. 254/3612/shs",
    "Protocol No. 83",
    "280. Telegram of Comrade Mao Zedong",
    "No. 2974",
    "No. 2974 13.6.51",
    "SPRAVKA: see telegram (from No. 4)",
    "Telegram of Comrade Mao Zedong of 27 August (No. 4279)",
]


def test_gates_are_open_for_every_phrase_their_rule_reads() -> None:
    rules = (
        [(r, rx) for r, _, rx in numbers._REF_RULES]
        + [(g, rx) for _, g, rx in numbers._MENTIONS]
        + [("copies", numbers._NOT_IDENTIFIERS)]
        + [(r, rx) for r, _, rx in numbers._DESIGNATOR_RULES]
    )
    matched = 0
    for text in PHRASES:
        for rule, rx in rules:
            if rx.search(text):
                matched += 1
                assert numbers._open(rule, text), (rule, text)
    assert matched >= len(PHRASES)


QUOTE_OPEN = re.compile(r'(?m)^[ \t]*["“«]')
quote_texts = st.lists(
    st.sampled_from(['"', "“", "«", "»", " ", "\t", "\n", "a", "Text."]), max_size=30
)


@SETTINGS
@given(quote_texts.map("".join), st.integers(min_value=0, max_value=30))
def test_quote_opening_is_found_as_the_line_pattern_finds_it(text: str, pos: int) -> None:
    from chronology.sources import profile

    m = QUOTE_OPEN.search(text, pos)
    assert profile._quote_open(text, pos) == (m.span() if m else None)
