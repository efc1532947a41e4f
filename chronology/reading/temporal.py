"""Read dates and times in archival text: what the characters literally say.

A :class:`Reading` is a partial wall-clock value (year? month? day? hour? minute?) with
its exact span, the rule that matched, the clock words written next to it, and the role
words that precede it ("Received", "your telegram of"). Nothing here decides a year
that is not written or a zone that is not named: those need the document's context and
are the next stage's work (:mod:`chronology.placing`).

How it works: a set of compiled rules finds *atoms* (a date, a time, a date-time group,
a relative day word); overlapping atoms keep the longest; a date and a time that stand
next to each other with only a connector between them ("13.6.51 at 22:00", "Received
31.8 17:27", "June 23, 1951—3 p.m.") merge into one reading. Every rule is compiled once
at import.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

import attrs

from chronology.model import Precision
from chronology.patterns import compile_rule
from chronology.reading.vocabulary import (
    MESSAGE_NOUNS_RE,
    MONTH_EN_RE,
    MONTH_RU_RE,
    MONTHS_EN,
    MONTHS_RU,
    RELATIVE_DAYS,
    ROMAN_RE,
    month_number,
)


@attrs.frozen
class Reading:
    """What one temporal expression literally says."""

    span: tuple[int, int]
    text: str
    rule: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    year_form: str | None = None  # "full" | "two-digit" | None (not written)
    zone_text: str | None = None  # clock words written with it: "Beijing time", "Z", "GMT"
    zone_letter: str | None = None  # military zone letter of a date-time group
    relative: int | None = None  # day offset of "today" (0), "tomorrow" (1), ...
    lead: str = ""  # role words before it on its line, lower case ("received", "sent")
    trail: str = ""  # words right after it ("i received")
    flags: tuple[str, ...] = ()
    end: Reading | None = None  # the second end of a range ("2-3.7.51")
    extent: tuple[str, int] | None = None  # "over the last 12 days": ("day", -12)
    ref_span: tuple[int, int] | None = None  # "your telegram of 13 June": the citing phrase

    @property
    def precision(self) -> Precision:
        if self.second is not None:
            return Precision.SECOND
        if self.minute is not None:
            return Precision.MINUTE
        if self.hour is not None:
            return Precision.HOUR
        if self.day is not None or self.relative is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def has_time(self) -> bool:
        return self.hour is not None

    @property
    def has_date(self) -> bool:
        return self.day is not None or self.month is not None or self.relative is not None


# ---------------------------------------------------------------- the rules
_DAY = r"(3[01]|[12]\d|0?[1-9])"
_MON = r"(1[0-2]|0?[1-9])"
_Y4 = r"(1[6-9]\d\d|20[0-4]\d)"
_Y = r"(1[6-9]\d\d|20[0-4]\d|\d\d)(?!\d)"
_MONTH = f"({MONTH_EN_RE}|{MONTH_RU_RE})"
_AMPM = r"(a\.\s?m\.?|p\.\s?m\.?|[ap]\.?m\b|A\.\s?M\.?|P\.\s?M\.?|[AP]M\b)"
_ORD = r"(?:st|nd|rd|th)?"
# Abbreviated month names only ("Jun", "SEPT"): after a full name ("13 June 45 aircraft")
# two digits are too often a count to be read as a year.
_MONTH_ABBR = "|".join(
    f"{w.capitalize()}|{w.upper()}"
    for w in sorted(MONTHS_EN, key=len, reverse=True)
    if len(w) <= 4 and w not in ("may", "june", "july")
)


class _Atom:
    """A found piece before merging. Plain slots: thousands are made per second."""

    __slots__ = (
        "start",
        "end",
        "rule",
        "y",
        "mo",
        "d",
        "h",
        "mi",
        "s",
        "yform",
        "zone",
        "letter",
        "rel",
        "flags",
        "weak",
        "d2",
        "end_ym",
        "end_hm",
        "ext",
    )

    def __init__(self, start: int, end: int, rule: str) -> None:
        self.start, self.end, self.rule = start, end, rule
        self.y = self.mo = self.d = self.h = self.mi = self.s = None
        self.yform = self.zone = self.letter = self.rel = self.d2 = self.ext = None
        self.end_ym: tuple[int, int | None] | None = None
        self.end_hm: tuple[int, int] | None = None
        self.flags: tuple[str, ...] = ()
        self.weak = False

    @property
    def is_time(self) -> bool:
        return self.h is not None and self.d is None and self.mo is None

    @property
    def is_date(self) -> bool:
        return self.h is None and (
            self.d is not None or self.mo is not None or (self.rel is not None and self.ext is None)
        )


def _year(text: str) -> tuple[int, str]:
    return (int(text), "full") if len(text) == 4 else (int(text), "two-digit")


def _hour12(h: int, marker: str | None) -> tuple[int, tuple[str, ...]]:
    """24-hour value of a 12-hour reading; '13:30 p.m.' keeps 13 and is flagged."""
    if not marker:
        return h, ()
    pm = marker.strip().lower().startswith("p")
    if h > 12:
        return h, ("ampm-redundant",)
    if h == 12:
        return (12 if pm else 0), ()
    return (h + 12 if pm else h), ()


_RULES: list[tuple[str, tuple[str, int]]] = []  # name -> (pattern, flags), compiled combined
_COUNT = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}


def _rule(name: str, pattern: str, flags: int = 0) -> None:
    _RULES.append((name, (pattern, flags)))


# Date-time groups: "130510Z JUN 51", "271546Z", "250400I". No space before the letter,
# or ordinary numbers followed by a capitalised word would match.
_rule(
    "dtg",
    r"(?<![\w/.])(\d\d)(\d\d)(\d\d)([A-IK-Z])(?![A-Za-z])"
    rf"(?:\s+({MONTH_EN_RE})\s+{_Y})?",
)
# "0043Z", "1520Z" (time of a date-time group written after the date).
_rule("hhmm-z", r"(?<![\w/.:])([0-2]\d)([0-5]\d)\s?(Z)(?![A-Za-z])")
# "20 hours 05 minutes", across a line break too.
_rule(
    "hours-minutes",
    r"(?<![\d.])([01]?\d|2[0-4])\s*(?:hours?|hrs?\.?|час(?:ов|а)?\.?|ч\.)\s+([0-5]?\d)"
    r"\s*(?:minutes?|mins?\.?|мин(?:ут)?\.?|м\.)",
)
# A span of time: "2:00–6:00 p.m.", "11 a.m.-1 p.m.", "4:03-19:35". A closing marker
# also governs the start when that keeps the range in order ("2-6 p.m." is 14-18).
_rule(
    "clock-range",
    rf"(?<![\d:.])([01]?\d|2[0-3])(?::([0-5]\d))?\s?{_AMPM}?\s?[-–]\s?([01]?\d|2[0-4])"
    rf"(?::([0-5]\d))?(?:\s?{_AMPM}|(?<=\d\d:\d\d))(?![\d:])",
)
# "22:00", "4:10 am", "13:30 p.m.", "19:55:30".
_rule("clock", rf"(?<![\d:.])([01]?\d|2[0-4]):([0-5]\d)(?::([0-5]\d))?(?![\d:])(?:\s?{_AMPM})?")
# "3 p. m.", "6 p.m.", "11 AM".
_rule("clock-ampm", rf"(?<![\d:.,])(1[0-2]|0?[1-9])(?:\.([0-5]\d))?\s?{_AMPM}")
_rule("noon", r"\b(noon|midnight)\b", re.IGNORECASE)
# Numeric day.month.year: "13.6.51", "13.1.1951", "16. 11. 1950".
_rule("dmy-dots", rf"(?<![\d./])({_DAY[1:-1]})\.\s?({_MON[1:-1]})\.\s?{_Y}(?!\.\d)")
# Day range: "2-3.7.51".
_rule("dmy-range", rf"(?<![\d./])({_DAY[1:-1]})\s?[-–]\s?({_DAY[1:-1]})\.({_MON[1:-1]})\.{_Y}")
# Day.month without a year: "16.11", "30.6", "15.11." (weak: needs context).
_rule("dm-dots", rf"(?<![\d./])({_DAY[1:-1]})\.({_MON[1:-1]})(?!\d|\.\d|,\d)")
# "13.June.1951", "13.VI.51", "8.II.1950", "21.XI.51".
_rule("d-month-y", rf"(?<![\d.])({_DAY[1:-1]})\.\s?({MONTH_EN_RE}|{ROMAN_RE})\.?\s?{_Y}")
# A Roman month between other separators: "13-VI-51", "13/VI/51", "12 VI 1951".
_rule(
    "d-roman-y",
    rf"(?<![\d.])({_DAY[1:-1]})(?:\s?[-/]\s?({ROMAN_RE})\s?[-/]\s?{_Y}|"
    rf" ({ROMAN_RE}) {_Y4}(?!\d))",  # with spaces only before a full year: not "5 I 51"
)
# Year first, as in Chinese and Korean documents: "1951.6.13", "1950. 6. 25."; and
# written in their scripts: "1950年10月2日", "1951年6月13日22时15分", "6月13日",
# "1950년 6월 25일".
_rule(
    "ymd-dots",
    rf"(?<![\d.])({_Y4[1:-1]})\.\s?({_MON[1:-1]})\.\s?({_DAY[1:-1]})(?!\d|\.\d)(?:\.(?=\s))?",
)
_rule(
    "cjk-ymd",
    rf"(?<!\d)({_Y4[1:-1]})\s?[年년]\s?({_MON[1:-1]})\s?[月월]\s?({_DAY[1:-1]})\s?[日号일]"
    r"(?:\s?([01]?\d|2[0-4])\s?[时時点點시](?:\s?([0-5]?\d)\s?[分분])?)?",
)
_rule("cjk-md", rf"(?<![\d年년])({_MON[1:-1]})\s?[月월]\s?({_DAY[1:-1]})\s?[日号일]")
# "13 Jun 51": a two-digit year after an abbreviated month (military and cable style).
_rule(
    "dmy-abbr",
    rf"(?<![\d.])({_DAY[1:-1]}){_ORD}\s+({_MONTH_ABBR})\.?\s+(\d\d)(?![\d\w])",
)
# "12-13 June", "the night of 12-13 June 1951".
_rule(
    "dm-range",
    rf"(?<![\d.])({_DAY[1:-1]})\s?[-–]\s?({_DAY[1:-1]}){_ORD}\s+(?:of\s+)?{_MONTH}"
    rf"(?:,?\s+{_Y4}(?!\d))?",
)
# "10/14/50", "14/10/1950" (order decided later).
_rule("slash", r"(?<![\d/])(\d{1,2})/(\d{1,2})/(1[6-9]\d\d|20[0-4]\d|\d\d)(?![\d/])")
# "June 13, 1951", "Jan 13 1950", "Nov 15, 1950".
_rule("mdy", rf"({MONTH_EN_RE}),?\s?({_DAY[1:-1]}){_ORD}(?:\s*,\s*|\s+){_Y4}(?!\d)")
# "June 13-15, 1951".
_rule(
    "mdy-range",
    rf"({MONTH_EN_RE})\s?({_DAY[1:-1]})\s?(?:[-–&]|and|to)\s?({_DAY[1:-1]}),?\s+{_Y4}(?!\d)",
)
# "13 June 1951", "2 January 1951", "13th of June, 1951", "13 июня 1951 г."
_rule(
    "dmy",
    rf"(?<![\d.])({_DAY[1:-1]}){_ORD}\s+(?:of\s+)?{_MONTH},?\s+{_Y4}(?!\d)(?:\s?(?:г\.|года))?",
)
# "June 21", "January 31" (year from context).
_rule("md", rf"({MONTH_EN_RE})\s?({_DAY[1:-1]}){_ORD}(?![\d:]|\s?[-–]\s?\d)")
# "13 June", "3 May", "13 июня" (year from context).
_rule("dm", rf"(?<![\d.])({_DAY[1:-1]}){_ORD}\s+(?:of\s+)?{_MONTH}")
# "June 1951".
_rule("my", rf"({MONTH_EN_RE}|{MONTH_RU_RE}),?\s+(?:of\s+)?{_Y4}(?!\d)")
# Years listed with apostrophes, which inherit the century of the first:
# "1951, '52, '53 and the first half of '54", "1951 and '52".
_rule(
    "year-list",
    r"(?<![\d.,/-])(1[6-9]\d\d|20[0-4]\d)((?:\s*,\s*['’]\d\d)*),?\s+(?:and|to|through|-|–)\s+"
    r"(?:the\s+(first|second)\s+half\s+of\s+)?['’](\d\d)\b",
)
# "in June", "In July", "by August": a month name alone; the preposition before it is
# checked when the atom is built (see _PERIOD_BEFORE), the year comes from context.
_rule("month", rf"({MONTH_EN_RE})(?!\s*,?\s*\d)")
# A four-digit number: a year after "in", "during", "in the course of"; otherwise a
# candidate 24-hour time ("At 2212"), kept weak until context accepts it.
_rule("year", r"(?<![\d.:/,#№-])(\d{4})(?![\d.:/]|\s?Z\b|-\d)")
_rule("iso", r"(?<![\d-])(1[6-9]\d\d|20[0-4]\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?![\d-])")
_rule(
    "relative",
    r"\b(day before yesterday|day after tomorrow|today|tonight|this morning|this afternoon|"
    r"this evening|yesterday|tomorrow|last night|сегодня|вчера|завтра)\b",
    re.IGNORECASE,
)
# "over the last 12 days", "for the next two months": a stretch counted from the
# message's own date.
_rule(
    "relative-range",
    r"\b(?:over|during|in|for|within|throughout)\s+the\s+(last|past|previous|next|coming|"
    r"following)\s+(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty)\s+(days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
# Shapes of a time or a date whose numbers cannot be one ("25:99", "32.13.51"): read so
# that they are reported, never silently skipped.
_rule("bad-clock", r"(?<![\d:.])(\d{1,2}):(\d{2})(?![\d:])")
_rule("bad-dots", r"(?<![\d./])(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?![\d.])")
# A drop capital lost in copying: "oday I received" at the start of a line.
_rule("relative-dropcap", r"(?m)^(oday|esterday|omorrow)\b")


# Rules are run as two combined patterns, one for expressions that start with a digit
# and one for those that start with a word: every character is then examined twice, not
# once per rule. At one position the first alternative that matches wins, so the order
# below puts the longer and more specific forms first.
_DIGIT_ORDER = (
    "dtg",
    "cjk-ymd",
    "iso",
    "ymd-dots",
    "hhmm-z",
    "hours-minutes",
    "clock-range",
    "clock",
    "clock-ampm",
    "d-month-y",
    "d-roman-y",
    "dm-range",
    "dmy-range",
    "dmy-dots",
    "dm-dots",
    "slash",
    "dmy",
    "dmy-abbr",
    "cjk-md",
    "dm",
    "year-list",
    "year",
    "bad-clock",
    "bad-dots",
)
_MONTH_ORDER = ("mdy-range", "mdy", "md", "my", "month")
# Rare words: each rule runs only on a text that contains one of its words.
_GATED = {
    "relative": (
        "today",
        "tonight",
        "yesterday",
        "tomorrow",
        "this morning",
        "this afternoon",
        "this evening",
        "last night",
        "this day",
        "сегодня",
        "вчера",
        "завтра",
    ),
    "relative-range": (
        " the last ",
        " the past ",
        " the next ",
        " the coming ",
        " the following ",
        " the previous ",
    ),
    "noon": ("noon", "midnight"),
    "relative-dropcap": ("oday", "esterday", "omorrow"),
}
_PERIOD_BEFORE = compile_rule(
    r"(?:\b(?:in|during|by|until|since|early|late|throughout|end\s+of|beginning\s+of|half\s+of|"
    r"first\s+days\s+of|last\s+days\s+of|(?:the\s+)?(?:course|year)\s+of)\s+|\bmid-)$",
    re.IGNORECASE,
)


def _combine(
    names: tuple[str, ...], flags: int, gate: str
) -> tuple[re.Pattern[str], dict[str, tuple[int, int]]]:
    by_name = dict(_RULES)
    parts = []
    keys = []
    for name in names:
        pattern, rule_flags = by_name[name]
        body = pattern.replace("(?m)", "")
        if rule_flags & re.IGNORECASE:
            body = f"(?i:{body})"
        key = "r_" + name.replace("-", "_")
        keys.append(key)
        parts.append(f"(?P<{key}>{body})")
    # The gate (a cheap look at one character) keeps the alternatives from being tried
    # at every position of the text. Each rule is compiled once, inside its pattern.
    rx = compile_rule(gate + "(?:" + "|".join(parts) + ")", flags)
    starts = [rx.groupindex[k] for k in keys] + [rx.groups + 1]
    slots = {k: (starts[i], starts[i + 1] - starts[i] - 1) for i, k in enumerate(keys)}
    return rx, slots


# Digit rules by the length of the run of digits they start with: one or two digits (a
# day, an hour), four (a year, "0510Z"), six (a date-time group). A run of any other
# length starts no expression; each run is tried only against the rules that fit it.
_RUN_LENGTHS = {
    "dtg": (6,),
    "iso": (4,),
    "ymd-dots": (4,),
    "cjk-ymd": (4,),
    "hhmm-z": (4,),
    "year-list": (4,),
    "year": (4,),
}
_DIGIT_BY_RUN = {
    n: _combine(tuple(r for r in _DIGIT_ORDER if n in _RUN_LENGTHS.get(r, (1, 2))), 0, "(?=[0-9])")
    for n in (1, 2, 4, 6)
}
_MONTH_RX, _MONTH_SLOTS = _combine(_MONTH_ORDER, 0, "(?<![A-Za-z])(?=[JFMASONDяфмаисонд])")
_GATED_RX = {name: _combine((name,), re.MULTILINE, "") for name in _GATED}
assert set(_DIGIT_ORDER) | set(_MONTH_ORDER) | set(_GATED) == {n for n, _ in _RULES}

# Where a combined pattern can start. Every digit rule begins with a digit that follows no
# digit, every word rule with a month name. These patterns begin with a character set or
# a literal, so the engine finds them at C speed; the combined pattern, whose leading
# assertions defeat that search, is then tried only there (see _scan).
_DIGIT_START = compile_rule(r"[0-9](?<!\d[0-9])\d*")
_MONTH_START = compile_rule(
    "|".join(
        sorted(
            {f(w) for w in MONTHS_EN for f in (str.capitalize, str.upper)} | set(MONTHS_RU),
            key=len,
            reverse=True,
        )
    )
)


def _scan(
    rx: re.Pattern[str], start: re.Pattern[str], text: str, where: str | None = None
) -> Iterator[re.Match[str]]:
    """The matches ``rx.finditer(text)`` gives, for a pattern that can only match where
    ``start`` matches: ``start`` is searched (in ``where``, a text of the same length,
    when given), ``rx`` tried at each place it is found."""
    pos = 0
    find, match = start.search, rx.match
    haystack = text if where is None else where
    while (c := find(haystack, pos)) is not None:
        p = c.start()
        m = match(text, p)
        if m is None:
            pos = p + 1
        else:
            yield m
            pos = max(m.end(), p + 1)


def _scan_digits(text: str) -> Iterator[tuple[re.Match[str], dict[str, tuple[int, int]]]]:
    """What the digit rules, combined in their order, find in ``text``: each run of digits
    is tried against the rules that can start with a run of its length."""
    pos = 0
    find, by_run = _DIGIT_START.search, _DIGIT_BY_RUN
    while (c := find(text, pos)) is not None:
        p, e = c.span()
        rule = by_run.get(e - p)
        m = rule[0].match(text, p) if rule is not None else None
        if m is None:
            pos = e  # the next run starts after this one
        else:
            yield m, rule[1]
            pos = max(m.end(), p + 1)


# The case-blind rules start with words; in lower-cased text those words are literals the
# engine finds at C speed, and the rule is then tried only there.
_GATED_START = {
    "relative": compile_rule("|".join(sorted(RELATIVE_DAYS, key=len, reverse=True))),
    "relative-range": compile_rule(
        r"(?:over|during|in|for|within|throughout)\s+the\s+"
        r"(?:last|past|previous|next|coming|following)\s"
    ),
    "noon": compile_rule("noon|midnight"),
}
# Characters that a case-blind pattern matches to a letter other than their lower case
# ("ſ" to "s", "ı" to "i", old Cyrillic letter forms), and "İ", whose lower case is two
# characters: in a text with any of them the lower-cased text cannot stand in for it.
_ODD_CASE = ("\u0130", "\u0131", "\u017f", *map(chr, range(0x1C80, 0x1C89)))


def _stand_in(text: str, lower: str) -> str | None:
    """``lower`` where it can stand in for ``text`` in a case-blind search, else None."""
    if len(lower) != len(text) or any(c in text for c in _ODD_CASE):
        return None
    return lower


def _with_slots(
    name: str, text: str, lower: str | None
) -> Iterator[tuple[re.Match[str], dict[str, tuple[int, int]]]]:
    """The matches of gated rule ``name``; ``lower``: see :func:`_stand_in`."""
    rx, slots = _GATED_RX[name]
    start = _GATED_START.get(name)
    found = rx.finditer(text) if start is None or lower is None else _scan(rx, start, text, lower)
    for m in found:
        yield m, slots


def _atoms(text: str) -> Iterator[_Atom]:
    month_slots = _MONTH_SLOTS
    passes: list[Iterator[tuple[re.Match[str], dict[str, tuple[int, int]]]]] = [
        _scan_digits(text),
        ((m, month_slots) for m in _scan(_MONTH_RX, _MONTH_START, text)),
    ]
    lower = text.lower()
    stand_in: str | None = None
    for name, words in _GATED.items():
        if any(w in lower for w in words):
            stand_in = stand_in or _stand_in(text, lower)
            passes.append(_with_slots(name, text, stand_in))
    for found in passes:
        for m, slots in found:
            key = m.lastgroup
            first, count = slots[key]
            groups = m.groups()[first : first + count]
            a = _build(key[2:].replace("_", "-"), groups, m.start(), m.end(), text)
            if a is not None:
                yield a


# Day-first rules with a month word: after a cable word their day is the cable's number
# ("Condesp 8 July 9" is despatch No. 8 of 9 July; "Deptel 23 Jul 12" telegram 23 of 12 July).
_DAY_FIRST = frozenset({"dmy", "dm", "dmy-abbr", "dm-range"})


def _build(name: str, g: tuple[str | None, ...], start: int, end: int, text: str) -> _Atom | None:
    if name in _DAY_FIRST:
        line = text.rfind("\n", 0, start) + 1
        if _NUMBER_WORD_BEFORE.search(text, max(line, start - 24), start):
            return None
    a = _Atom(start, end, name)
    if name == "dtg":
        d, h, mi = int(g[0]), int(g[1]), int(g[2])
        if not (1 <= d <= 31):
            return None
        a.d, a.h, a.mi, a.letter = d, h, mi, g[3]
        if h > 23 or mi > 59:
            a.flags = ("impossible-time",)
        if g[4]:
            a.mo = month_number(g[4])
            a.y, a.yform = _year(g[5])
    elif name == "hhmm-z":
        a.h, a.mi, a.letter = int(g[0]), int(g[1]), "Z"
        if a.h > 23:
            a.flags = ("impossible-time",)
    elif name == "hours-minutes":
        a.h, a.mi = int(g[0]), int(g[1])
    elif name == "clock-range":
        h1, m1, mark1, h2, m2, mark2 = g
        if not mark1 and not mark2 and (m1 is None or m2 is None):
            return None  # "2-3" alone is no time range
        end_h, _ = _hour12(int(h2), mark2)
        if mark1:
            start_h, _ = _hour12(int(h1), mark1)
        else:
            start_h, _ = _hour12(int(h1), mark2)
            if mark2 and start_h > end_h:  # "11-1 p.m.": the start is before noon
                start_h = int(h1) % 12
        a.h, a.mi = start_h, int(m1 or 0)
        a.end_hm = (end_h, int(m2 or 0))
        return a
    elif name == "clock":
        h, flags = _hour12(int(g[0]), g[3])
        a.h, a.mi, a.flags = h, int(g[1]), flags
        if g[2]:
            a.s = int(g[2])
        if a.h == 24 and a.mi == 0:
            a.flags += ("hour-24",)
    elif name == "clock-ampm":
        h, flags = _hour12(int(g[0]), g[2])
        a.h, a.mi, a.flags = h, int(g[1] or 0), flags
    elif name == "noon":
        word = g[0].lower()
        a.h, a.mi = (12, 0) if word == "noon" else (0, 0)
        a.flags = (word,)
    elif name == "year-list":
        first = int(g[0])
        last = first // 100 * 100 + int(g[3])
        if last < first:
            last += 100
        a.y, a.yform = first, "full"
        half = (g[2] or "").lower()
        a.end_ym = (last, 6 if half == "first" else 12 if half == "second" else None)
        return a
    elif name == "year":
        value = int(g[0])
        before = text[max(0, start - 30) : start]
        if 1600 <= value <= 2049 and _PERIOD_BEFORE.search(before):
            a.y, a.yform = value, "full"
            return a
        h, mi = divmod(value, 100)
        if h > 23 or mi > 59:
            return None
        a.rule = "hhmm"  # a candidate 24-hour time, accepted only in context
        a.h, a.mi, a.weak = h, mi, True
    elif name == "dmy-dots":
        a.d, a.mo = int(g[0]), int(g[1])
        a.y, a.yform = _year(g[2])
    elif name == "dmy-range":
        a.d, a.d2, a.mo = int(g[0]), int(g[1]), int(g[2])
        a.y, a.yform = _year(g[3])
    elif name == "d-roman-y":
        a.d, a.mo = int(g[0]), month_number(g[1] or g[3])
        a.y, a.yform = _year(g[2] or g[4])
    elif name == "ymd-dots":
        a.y, a.mo, a.d, a.yform = int(g[0]), int(g[1]), int(g[2]), "full"
    elif name == "cjk-ymd":
        a.y, a.mo, a.d, a.yform = int(g[0]), int(g[1]), int(g[2]), "full"
        if g[3] is not None:
            a.h, a.mi = int(g[3]), int(g[4] or 0)
    elif name == "cjk-md":
        a.mo, a.d = int(g[0]), int(g[1])
    elif name == "dmy-abbr":
        a.d, a.mo = int(g[0]), month_number(g[1])
        a.y, a.yform = _year(g[2])
    elif name == "dm-range":
        a.d, a.d2, a.mo = int(g[0]), int(g[1]), month_number(g[2])
        if g[3]:
            a.y, a.yform = _year(g[3])
    elif name == "dm-dots":
        a.d, a.mo, a.weak = int(g[0]), int(g[1]), True
    elif name == "d-month-y":
        a.d, a.mo = int(g[0]), month_number(g[1])
        a.y, a.yform = _year(g[2])
    elif name == "slash":
        x, y = int(g[0]), int(g[1])
        a.y, a.yform = _year(g[2])
        if 1 <= x <= 12 and 1 <= y <= 31:
            a.mo, a.d = x, y
            if y <= 12 and x != y:
                a.flags = ("day-month-order",)
        elif 1 <= y <= 12 and 1 <= x <= 31:
            a.d, a.mo = x, y
        else:
            return None
    elif name in ("mdy", "md"):
        a.mo, a.d = month_number(g[0]), int(g[1])
        if name == "mdy":
            a.y, a.yform = _year(g[2])
    elif name == "mdy-range":
        a.mo, a.d, a.d2 = month_number(g[0]), int(g[1]), int(g[2])
        a.y, a.yform = _year(g[3])
    elif name in ("dmy", "dm"):
        a.d, a.mo = int(g[0]), month_number(g[1])
        if name == "dmy":
            a.y, a.yform = _year(g[2])
    elif name == "my":
        a.mo = month_number(g[0])
        a.y, a.yform = _year(g[1])
    elif name == "month":
        if not _PERIOD_BEFORE.search(text[max(0, start - 30) : start]):
            return None
        a.mo = month_number(g[0])
    elif name == "iso":
        a.y, a.mo, a.d, a.yform = int(g[0]), int(g[1]), int(g[2]), "full"
    elif name == "bad-clock":
        h, mi = int(g[0]), int(g[1])
        if h <= 24 and mi <= 59:
            return None
        a.h, a.mi, a.flags = 0, 0, ("impossible-time",)
    elif name == "bad-dots":
        d, mo = int(g[0]), int(g[1])
        if 1 <= d <= 31 and 1 <= mo <= 12:
            return None
        a.d, a.mo, a.y, a.yform, a.flags = 1, 1, int(g[2]), "full", ("impossible-date",)
        return a
    elif name == "relative-range":
        count = _COUNT.get(g[1].lower()) or int(g[1])
        sign = -1 if g[0].lower() in ("last", "past", "previous") else 1
        a.rel, a.ext = 0, (g[2].lower().rstrip("s"), sign * count)
    elif name in ("relative", "relative-dropcap"):
        word = g[0].lower()
        if name == "relative-dropcap":
            word = {"oday": "today", "esterday": "yesterday", "omorrow": "tomorrow"}[word]
            a.flags = ("drop-capital",)
        a.rel = RELATIVE_DAYS[word]
    if a.mo is None and name not in (
        "dtg",
        "hhmm-z",
        "hours-minutes",
        "clock",
        "clock-ampm",
        "bad-clock",
        "noon",
        "hhmm",
        "year",
        "relative",
        "relative-dropcap",
        "relative-range",
    ):
        return None
    return a


# ---------------------------------------------------------------- context
_CONNECTOR = compile_rule(
    r"^[\s,]*(?:(?:hrs?\.?|hours)[\s,]*)?(?:(?:at|on|of|г\.|года|в|—|–|-|/)[\s,]*)?"
    r"(?:(?:at|on)\s+)?$",
    re.IGNORECASE,
)
_CLOCK_WORDS = compile_rule(
    r"^\s*\(?((?:[A-Z][a-z]+|[A-Z]{3,}|local|our|your|their)\s+time|GMT|UTC|UT|Z|Zulu|"
    r"[ECMP][SD]T|MSK|MSD|JST|KST|HKT|IST|BST|CET|CEST|EET|"
    r"по\s+\w+\s+времени|местного\s+времени)\b\)?",
)
_LEAD = compile_rule(
    r"(?P<verb>received|rec'd|recd|receipt|arrived|sent|dispatched|despatched|transmitted|"
    r"deciphered|decoded|decrypted|typed|printed|verified|registered|delivered|communicated|"
    r"handed|signed|dated|written|drafted|prepared|decision|approved|copied|distributed|"
    r"incoming|"
    r"получена|отправлена|расшифрована|отпечатана)\b"
    r"(?P<rest>[^\n;]{0,80})$",
)  # searched in lower-cased text: literal alternatives let the engine skip ahead
_REF_LEAD = compile_rule(
    r"(?P<ref>(?:\b(?:your|my|our|his|their|the|ur|this)\s+)?(?:[\w\[\]\-'’]+\s+){0,4}?"
    r"(?:telegrams?|cables?|orders?|directives?|letters?|messages?|instructions?|notes?|"
    r"despatch|dispatch|deptel|embtel|tel|memorandum|report|speech|reply|answer|"
    r"телеграмм[аеуы]|письм[оа])"
    r"(?:\s+(?:No\.?|Nº|N°|№|#)\s*[\w/\-]+)?(?:\s+to\s+[\w .\[\]]{1,40}?)?"
    r"(?:\s+of\s+(?:Comrades?\s+|Cdes?\.\s+)?[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2})?\s+"
    r"(?:of|dated|from|от)\s*)$",
    re.IGNORECASE,
)


_NUMBER_WORD_BEFORE = compile_rule(
    r"(?:\bno\.?|n[º°o]|№|#|tel|tels|desps?|\bcondes|\bembdes|\btelegram|\bcable|"
    r"\bdespatch|\bairgram|\bsecto|"
    r"\btosec|\bpolto|\btopol|\bniact|\bref:?|\bprotocol|\bitem|\bparagraph|\bpara\.?|"
    r"\bstate)\s*$",
    re.IGNORECASE,
)


def _accept_hhmm(text: str, a: _Atom, nxt: _Atom | None) -> bool:
    """A bare four-digit number is a time only where the text makes it one."""
    before = text[max(0, a.start - 24) : a.start].lower()
    after = text[a.end : a.end + 24]
    value = a.h * 100 + a.mi
    if _NUMBER_WORD_BEFORE.search(before):  # "Nº 1644", "Deptel 1047": a number, not a time
        return False
    if re.match(r"\s*(?:hours|hrs|h\b|local|our time|[A-Z][a-z]+ time)", after):
        return True
    gap = text[a.end : nxt.start] if nxt is not None else ""
    if nxt is not None and nxt.is_date and "\n" not in gap and _CONNECTOR.match(gap):
        return True
    looks_like_year = 1600 <= value <= 2049
    if re.search(r"\b(?:at|received at|sent at|of)\s*$", before) and not looks_like_year:
        return True
    return False


def _resolve_overlaps(atoms: list[_Atom]) -> list[_Atom]:
    """Keep the longest of overlapping atoms; on a tie the earlier-listed rule wins."""
    order = {name: i for i, (name, _) in enumerate(_RULES)}
    order["hhmm"] = order["year"]  # four digits read as a time come from the "year" rule
    atoms.sort(key=lambda a: (a.start, -(a.end - a.start), order[a.rule]))
    kept: list[_Atom] = []
    starts: list[int] = []  # of the kept atoms, which never overlap: sorted, and so are ends
    for a in sorted(atoms, key=lambda a: (-(a.end - a.start), a.start, order[a.rule])):
        i = bisect.bisect_right(starts, a.start)
        if i and kept[i - 1].end > a.start:  # the kept atom starting before a runs into it
            continue
        if i < len(kept) and kept[i].start < a.end:  # a runs into the next kept atom
            continue
        starts.insert(i, a.start)
        kept.insert(i, a)
    return kept


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _merge(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Join a date and a time that stand together into one date-time atom. Bare four-digit
    numbers that the context does not make times are dropped first."""
    atoms = [
        a
        for i, a in enumerate(atoms)
        if a.rule != "hhmm" or _accept_hhmm(text, a, atoms[i + 1] if i + 1 < len(atoms) else None)
    ]
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is not None and _joinable(text, a, b):
            zone, _ = _gap_zone(text, a, b)
            out.append(_join(a, b, zone))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _gap_zone(text: str, a: _Atom, b: _Atom) -> tuple[str | None, str]:
    """Clock words between a time and its date ('20 hours 30 minutes local time 15.11'),
    and what is left of the gap."""
    gap = text[a.end : b.start]
    zm = _CLOCK_WORDS.match(gap)
    if zm and a.is_time:
        return zm.group(1), gap[zm.end() :]
    return None, gap


def _joinable(text: str, a: _Atom, b: _Atom) -> bool:
    if any(f.startswith("impossible") for f in a.flags + b.flags):
        return False
    if not ((a.is_date and b.is_time) or (a.is_time and b.is_date)):
        return False
    _, gap = _gap_zone(text, a, b)
    return len(gap) <= 14 and bool(_CONNECTOR.match(gap))


def _join(a: _Atom, b: _Atom, zone: str | None) -> _Atom:
    date, time = (a, b) if a.is_date else (b, a)
    j = _Atom(a.start, b.end, f"{date.rule}+{time.rule}")
    j.y, j.mo, j.d, j.yform, j.d2 = date.y, date.mo, date.d, date.yform, date.d2
    j.rel = date.rel
    j.end_hm = time.end_hm
    j.h, j.mi, j.s, j.letter = time.h, time.mi, time.s, time.letter
    j.flags = date.flags + time.flags
    j.zone = zone or time.zone
    return j


def _is_alone_on_line(text: str, a: _Atom) -> bool:
    ls = _line_start(text, a.start)
    le = text.find("\n", a.end)
    le = len(text) if le < 0 else le
    if a.start - ls > 80 or le - a.end > 80:  # a long line holds more than the date
        return False
    return not text[ls : a.start].strip(" \t\"'«»“”[(") and not text[a.end : le].strip(
        " .\t\"'»”)]"
    )


def _lead(text: str, a: _Atom) -> tuple[str, tuple[int, int] | None]:
    """Role words before the expression: on its own line, or ending the previous line
    when a stamp wraps ("Received\\n19:55 13.6.51"). For a cited message's date, also
    the span of the citing phrase ("your telegram of 13 June")."""
    ls = _line_start(text, a.start)
    base = max(ls, a.start - 200)  # only the end of a long line matters (and a copy of
    before = text[base : a.start]  # the whole line for each date would grow as its square)
    if not before.strip() and ls > 0:
        base = _line_start(text, ls - 1)
        prev = text[base : ls - 1]
        if len(prev) <= 60:
            before = prev + " "
        else:
            base = ls
    noun = _DATE_BEFORE_NOUN.match(text, a.end)
    if noun:  # "the 11 October telegram"
        start = a.start - 4 if text[max(0, a.start - 4) : a.start].lower() == "the " else a.start
        return "ref: " + noun.group(1).lower(), (start, noun.end())
    if before.lower().endswith(("with ", "enclosing ")) and _ENCLOSED.match(text, a.end):
        # "..., with 13 June 1951 handwritten letter from Mao Zedong": the date on which
        # the enclosed document was written
        return "written", None
    tail = before[-90:]
    m = _REF_LEAD.search(tail) if tail.rstrip().lower().endswith(_REF_ENDINGS) else None
    if m:
        offset = base + len(before) - len(tail)
        return (
            "ref: " + re.sub(r"\s+", " ", m.group("ref").strip().lower()),
            (offset + m.start("ref"), a.end),
        )
    original = before[-70:]
    window = original.lower()
    m = _LEAD.search(window)
    while m is not None:
        if _is_role(window, original, m):
            return m.group("verb"), None
        m = _LEAD.search(window, m.start() + 1)
    words = before[-12:].strip().lower().split()
    return (words[-1] if words else ""), None


# Words between a role word and the date that show the date is not that act's: a bound
# ("approved ... before Feb 7"), another clause ("decision and mentioned January 7"), or
# another document ("sent to the President with a May 19 covering memorandum").
_NOT_ITS_DATE = compile_rule(
    r"\b(?:before|after|until|till|since|and|but|or|which|who|whom|whose|that|if|when|while|"
    r"because|with|along|under|covering|attached)\b"
)
# A cited message between the role word and the date: the date is that message's
# ("transmitted in Deptel 533 of Dec. 19", "at time receipt Deptel 2227, June 20").
_CITED_BETWEEN = compile_rule(
    r"\b(?:[a-z]*tels?|telegrams?|airgrams?|cables?|desps?|despatch(?:es)?|condesp|condes|"
    r"no\.?)\s+[a-z]?[\-–]?\d"
)
# The end of a sentence between them (initials and abbreviations aside).
_SENTENCE_BETWEEN = compile_rule(
    r"\b(?!(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Adm|Amb|Sen|Rep|St|No|Nos|Dept|Jan|Feb|Mar|Apr|Jun|"
    r"Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|a\.m|p\.m)\.)\w{2,}[.!?]\s+[A-Z]"
)
# Another date or time between them: the role word is that one's ("Received 16.7.51 at
# 19:05" ending the line before "Today the negotiations continued").
_DATE_BETWEEN = compile_rule(r"\d{1,2}[.:]\d{2}\b|\d{1,2}\.[\divx]{1,4}\.\d{2}|\d\s*hours\b")
_ARTICLE_END = compile_rule(r"(?:^|\W)(?:a|an|the)\s+$")
_INDEFINITE_END = compile_rule(r"(?:^|\W)(?:a|an)\s+$")


def _is_role(window: str, original: str, m: re.Match[str]) -> bool:
    """Whether the role word ``m`` found in the lower-cased ``window`` (of ``original``)
    names the act that the date after the window dates. Not when it ends a longer word
    ("retyped", "undated", "present"; a stamp run into a word, "BeijingReceived", keeps
    its capital), when it is an adjective ("a typed copy"), when something between it and
    the date gives the date to something else (a bound, another clause, a cited message,
    the end of a sentence), or when the date is that of another document ("with a May 19
    covering memorandum")."""
    at = m.start("verb")
    if (
        at
        and window[at - 1].isalpha()
        and not (len(original) == len(window) and original[at].isupper())
    ):
        return False
    if _ARTICLE_END.search(window, 0, at):
        return False
    if _INDEFINITE_END.search(window):
        return False
    rest = m.group("rest")
    if m.group("verb") in ("drafted", "prepared") and not rest.lstrip().startswith(
        ("by ", "on ", "in ")
    ):
        return False  # "prepared to stop in Tokyo in December": ready, not written
    if _NOT_ITS_DATE.search(rest) or _CITED_BETWEEN.search(rest) or _DATE_BETWEEN.search(rest):
        return False
    if len(original) == len(window) and _SENTENCE_BETWEEN.search(original, m.start("rest")):
        return False
    return True


_STAMP_VERB = compile_rule(
    r"\b(Received|Sent|Deciphered|Typed|Arrived|Dispatched|Transmitted|Registered|Decoded)\b"
    r"(?:[ \t]+(?:in|at|on|by|to)\b[^\n.;:]{0,28}?)?[ \t]*(?:on|at)?[ \t]*$",
    re.IGNORECASE,
)
_REF_ENDINGS = (" of", " dated", " from", " от", "\nof", "\ndated", "\nfrom")
_ENCLOSED = compile_rule(rf"\s+(?:[A-Za-z\-]+\s+){{0,2}}?{MESSAGE_NOUNS_RE}\b", re.IGNORECASE)
_DATE_BEFORE_NOUN = compile_rule(
    r"\s+(telegrams?|cables?|letters?|messages?|orders?|directives?)\b"
)
_TRAIL = compile_rule(
    r"^[\s,]*(?:I|we|he|she|they)\s+(?:have\s+)?(received|got|sent|handed|delivered)", re.I
)


def read_temporal(text: str) -> list[Reading]:
    """Every temporal expression in ``text`` with its span, in text order."""
    atoms = _resolve_overlaps(list(_atoms(text)))
    atoms = _merge(text, atoms)
    out: list[Reading] = []
    for a in atoms:
        if a.weak and a.is_date and not _weak_date_ok(text, a):
            continue
        end = a.end
        zone = a.zone
        if a.h is not None and zone is None:
            zm = _CLOCK_WORDS.match(text[a.end : a.end + 40])
            if zm and not (zm.group(1) == "Z" and a.letter):
                zone = zm.group(1)
                end = a.end + zm.end()
        tm = _TRAIL.match(text[end : end + 30])
        lead, ref_span = _lead(text, a)
        start = a.start
        verb = _STAMP_VERB.search(text, max(_line_start(text, a.start), a.start - 40), a.start)
        if verb and lead and verb.group(1).lower() == lead:
            start = verb.start(1)  # "Received 19:55 13.June.1951": the stamp with its word
        reading = Reading(
            span=(start, end),
            text=text[start:end],
            rule=a.rule,
            year=a.y,
            month=a.mo,
            day=a.d,
            hour=a.h,
            minute=a.mi,
            second=a.s,
            year_form=a.yform,
            zone_text=zone,
            zone_letter=a.letter,
            relative=a.rel,
            lead=lead,
            ref_span=ref_span,
            trail=tm.group(1).lower() if tm else "",
            flags=a.flags,
            end=_range_end(a),
            extent=a.ext,
        )
        out.append(reading)
    return out


def _range_end(a: _Atom) -> Reading | None:
    if a.end_hm is not None:
        return Reading(
            span=(a.start, a.end), text="", rule=a.rule, hour=a.end_hm[0], minute=a.end_hm[1]
        )
    if a.end_ym is not None:
        return Reading(
            span=(a.start, a.end),
            text="",
            rule=a.rule,
            year=a.end_ym[0],
            month=a.end_ym[1],
            year_form="full",
        )
    if a.d2 is None:
        return None
    return Reading(
        span=(a.start, a.end),
        text="",
        rule=a.rule,
        year=a.y,
        month=a.mo,
        day=a.d2,
        year_form=a.yform,
    )


def _weak_date_ok(text: str, a: _Atom) -> bool:
    """'16.11' is a date when it stands alone on a line (a signature date), follows a
    stamp word, or ends a time expression; '3.5 million' is not."""
    if _is_alone_on_line(text, a):
        return True
    before = text[max(0, a.start - 40) : a.start].lower()
    if re.search(r"(received|sent|dated|of|от|time|minutes|hours)\W*$", before):
        return True
    after = text[a.end : a.end + 3]
    return after.startswith(("\n", '"', "”")) and bool(re.search(r"[A-Z]{3,}\s*$", before))
