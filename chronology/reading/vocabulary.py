"""Words and numerals of archival dates: month names in English, Russian and Roman
numerals, relative day words, and the 12-hour clock markers.

Kept apart from the rules so that adding a language is a change of data, not of code.
"""

from __future__ import annotations

MONTHS_EN: dict[str, int] = {}
for _n, _names in enumerate(
    (
        ("january", "jan"),
        ("february", "feb", "febr"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS_EN[_name] = _n

# Russian month names in the genitive ("13 июня") and nominative ("июнь 1951").
MONTHS_RU: dict[str, int] = {}
for _n, _names in enumerate(
    (
        ("января", "январь", "янв"),
        ("февраля", "февраль", "фев"),
        ("марта", "март"),
        ("апреля", "апрель", "апр"),
        ("мая", "май"),
        ("июня", "июнь", "июн"),
        ("июля", "июль", "июл"),
        ("августа", "август", "авг"),
        ("сентября", "сентябрь", "сент", "сен"),
        ("октября", "октябрь", "окт"),
        ("ноября", "ноябрь", "нояб", "ноя"),
        ("декабря", "декабрь", "дек"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS_RU[_name] = _n

ROMAN_MONTHS: dict[str, int] = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
}

# Relative day words and the day offset they stand for, from the date of the message
# they stand in (not from today's date: nothing is ever filled in from the clock).
RELATIVE_DAYS: dict[str, int] = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "this day": 0,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
    "day before yesterday": -2,
    "day after tomorrow": 2,
    "сегодня": 0,
    "вчера": -1,
    "завтра": 1,
}


def month_number(word: str) -> int | None:
    """Month number of an English, Russian or Roman month word, else ``None``."""
    w = word.strip().rstrip(".")
    if w in ROMAN_MONTHS:
        return ROMAN_MONTHS[w]
    low = w.lower()
    return MONTHS_EN.get(low) or MONTHS_RU.get(low)


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# English month names. Title case or upper case only: "may" and "march" are also verbs.
_en = sorted(MONTHS_EN, key=len, reverse=True)
_full = {w for w in _en if len(w) > 4 or w in ("may", "june", "july")}
MONTH_EN_RE = (
    "(?:"
    + "|".join(
        f"{w.capitalize()}|{w.upper()}"
        if w in _full
        else rf"{w.capitalize()}(?![A-Za-z])\.?|{w.upper()}(?![A-Za-z])\.?"
        for w in _en
    )
    + r")(?![A-Za-z])"
)
MONTH_RU_RE = "(?:" + _alternation(list(MONTHS_RU)) + r")(?![а-яё])\.?"
ROMAN_RE = "(?:" + _alternation(list(ROMAN_MONTHS)) + ")"


# Words naming a message or a document, singular and plural, as a pattern: what a verb's
# object or a date's noun must be for the act to be a message's.
MESSAGE_NOUNS_RE = (
    r"(?:telegrams?|cables?|letters?|messages?|repl(?:y|ies)|answers?|notes?|reports?|"
    r"memorand(?:um|a)|despatch(?:es)?|dispatch(?:es)?|airgrams?|pouch|mail|text|"
    r"телеграмм\w*|письм\w*)"
)
