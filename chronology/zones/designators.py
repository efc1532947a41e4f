"""Explicit clock designators in document text: "Moscow time", "EST", "231530Z".

A time written in a telegram is only half a fact until one knows whose clock it was read
from.  Writers often say so: "1500 Moscow time", "3 p.m. EDT", "по пекинскому времени",
"北京时间", a military date-time group "231530Z JUN 51", or just "local time".  This module
finds those designators and says which zones or offsets they stand for, without
resolving anything itself: combining a designator with a date is the caller's job
(:func:`chronology.zones.tzdb.local_to_utc` accepts both IANA keys and fixed offsets).

Choices made here:

* **Place-based designators** ("Moscow time", "Korean time") name an IANA zone, because
  the writer means the clock in force at that place, summer time included.
* **Abbreviations that name a standard or daylight variant** ("EST", "EDT", "JST") are
  fixed offsets: "EST" is UTC-5 even when written in July, and "EDT" is UTC-4.  The zone
  the abbreviation belongs to is returned alongside in ``regions`` as context.  Full
  names ("Eastern Standard Time") are treated the same way, while "Eastern time" names the
  zone.
* **Ambiguous abbreviations** return every reading with ``ambiguous=True``: "CST" is US
  Central (UTC-6), China (UTC+8) or Cuba (UTC-5); "IST" is India, Ireland or Israel;
  "BST" is British Summer, Bangladesh or Bering time.  Eras matter too: "KST" was UTC+8:30
  in the South in 1954-1961 and "HST" was UTC-10:30 before 1947, so both are ambiguous.
* **Military zone letters** in date-time groups are fixed offsets (A=+1 ... M=+12,
  N=-1 ... Y=-12).  They never include summer time: a ship or headquarters on "I"
  (India) time is at UTC+9 all year.  "J" (Juliett) means the observer's local time and
  is reported as kind ``"local"``.  "Z" is reported as kind ``"utc"``.
* **Word-like abbreviations** (EAT, CAT, WET, IST, MET, EST...) are only accepted right
  after a time ("0900 EAT", "3 p.m. (EST)"), because in all-capital telegram text they
  are also ordinary words.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

import attrs

from chronology.patterns import compile_rule
from chronology.zones.gazetteer import find_place, fold_text, lookup
from chronology.zones.tzdb import format_offset, get_zone, is_fixed_offset

__all__ = [
    "Designation",
    "Kind",
    "find_designators",
    "parse_designator",
    "military_zone_offset",
    "MILITARY_ZONES",
]

Kind = Literal["place-time", "local", "utc", "abbreviation", "military"]


@attrs.frozen
class Designation:
    """One clock designator found in text.

    Attributes:
        span: ``(start, end)`` offsets of the designator in the text it was found in.
        text: the designator as written.
        kind: ``"place-time"``, ``"local"``, ``"utc"``, ``"abbreviation"`` or ``"military"``.
        candidates: IANA keys or fixed offsets (``"+08:00"``, ``"-05:00"`` with an ASCII
            hyphen-minus, ``"UTC"``) the designator may stand for, all accepted by
            :func:`~chronology.zones.tzdb.get_zone`; empty for ``"local"``, which the
            caller resolves to the writer's own place.
        ambiguous: True when there is more than one candidate.
        note: explanation of the reading(s).
        regions: for each candidate, the IANA zone it belongs to (context for fixed
            offsets, e.g. ``"America/New_York"`` for EST), or ``None``.
    """

    span: tuple[int, int]
    text: str
    kind: Kind
    candidates: tuple[str, ...]
    ambiguous: bool
    note: str = ""
    regions: tuple[str | None, ...] = ()


# ---------------------------------------------------------------------------
# Military zone letters

#: Letter -> offset for the NATO/US military time zone letters.  J is absent on purpose.
MILITARY_ZONES: dict[str, str] = {
    **{letter: f"+{hours:02d}:00" for hours, letter in enumerate("ABCDEFGHI", start=1)},
    **{letter: f"+{hours:02d}:00" for hours, letter in enumerate("KLM", start=10)},
    **{letter: f"-{hours:02d}:00" for hours, letter in enumerate("NOPQRSTUVWXY", start=1)},
    "Z": "+00:00",
}

_PHONETIC = {
    "ALFA": "A",
    "ALPHA": "A",
    "BRAVO": "B",
    "CHARLIE": "C",
    "DELTA": "D",
    "ECHO": "E",
    "FOXTROT": "F",
    "GOLF": "G",
    "HOTEL": "H",
    "INDIA": "I",
    "JULIETT": "J",
    "JULIET": "J",
    "KILO": "K",
    "LIMA": "L",
    "MIKE": "M",
    "NOVEMBER": "N",
    "OSCAR": "O",
    "PAPA": "P",
    "QUEBEC": "Q",
    "ROMEO": "R",
    "SIERRA": "S",
    "TANGO": "T",
    "UNIFORM": "U",
    "VICTOR": "V",
    "WHISKEY": "W",
    "WHISKY": "W",
    "XRAY": "X",
    "X-RAY": "X",
    "YANKEE": "Y",
    "ZULU": "Z",
}


def military_zone_offset(letter: str) -> str | None:
    """UTC offset of a military zone letter or its phonetic name, e.g. ``"I"`` -> ``"+09:00"``.

    Returns ``None`` for J (Juliett: the observer's local time, not a fixed offset) and for
    anything that is not a zone letter.  Only the 25 standard letters exist: zones with
    half-hour offsets (India, Newfoundland) have no letter, and the suffixed or asterisked
    letters some references add are not standard and are not recognised.  Letters never
    include summer time.
    """
    key = letter.strip().upper()
    key = _PHONETIC.get(key, key)
    return MILITARY_ZONES.get(key)


# ---------------------------------------------------------------------------
# Abbreviation table

# Each reading: (offset or key, region key or None, description).
_Reading = tuple[str, str | None, str]

_ABBREVIATIONS: dict[str, tuple[_Reading, ...]] = {
    "EST": (("-05:00", "America/New_York", "US Eastern Standard Time"),),
    "EDT": (("-04:00", "America/New_York", "US Eastern Daylight Time"),),
    "EWT": (("-04:00", "America/New_York", "US Eastern War Time (1942-1945)"),),
    "EPT": (("-04:00", "America/New_York", "US Eastern Peace Time (August-September 1945)"),),
    "CST": (
        ("-06:00", "America/Chicago", "US Central Standard Time"),
        ("+08:00", "Asia/Shanghai", "China Standard Time"),
        ("-05:00", "America/Havana", "Cuba Standard Time"),
    ),
    "CDT": (
        ("-05:00", "America/Chicago", "US Central Daylight Time"),
        ("+09:00", "Asia/Shanghai", "China Daylight Time (1940s, 1986-1991)"),
        ("-04:00", "America/Havana", "Cuba Daylight Time"),
    ),
    "CWT": (("-05:00", "America/Chicago", "US Central War Time (1942-1945)"),),
    "CPT": (("-05:00", "America/Chicago", "US Central Peace Time (August-September 1945)"),),
    "MST": (("-07:00", "America/Denver", "US Mountain Standard Time"),),
    "MDT": (("-06:00", "America/Denver", "US Mountain Daylight Time"),),
    "MWT": (("-06:00", "America/Denver", "US Mountain War Time (1942-1945)"),),
    "MPT": (("-06:00", "America/Denver", "US Mountain Peace Time (August-September 1945)"),),
    "PST": (
        ("-08:00", "America/Los_Angeles", "US Pacific Standard Time"),
        ("+08:00", "Asia/Manila", "Philippine Standard Time"),
    ),
    "PDT": (
        ("-07:00", "America/Los_Angeles", "US Pacific Daylight Time"),
        ("+09:00", "Asia/Manila", "Philippine Daylight Time"),
    ),
    "PWT": (("-07:00", "America/Los_Angeles", "US Pacific War Time (1942-1945)"),),
    "PPT": (("-07:00", "America/Los_Angeles", "US Pacific Peace Time (August-September 1945)"),),
    "AST": (
        ("-04:00", "America/Halifax", "Atlantic Standard Time"),
        ("+03:00", "Asia/Riyadh", "Arabia Standard Time"),
    ),
    "ADT": (("-03:00", "America/Halifax", "Atlantic Daylight Time"),),
    "NST": (
        ("-03:30", "America/St_Johns", "Newfoundland Standard Time"),
        ("-11:00", "America/Nome", "Nome Standard Time (western Alaska, before 1967)"),
    ),
    "NDT": (("-02:30", "America/St_Johns", "Newfoundland Daylight Time"),),
    "HST": (
        ("-10:00", "Pacific/Honolulu", "Hawaii Standard Time from June 1947"),
        ("-10:30", "Pacific/Honolulu", "Hawaii Standard Time before June 1947"),
    ),
    "HWT": (("-09:30", "Pacific/Honolulu", "Hawaii War Time (1942-1945)"),),
    "AHST": (("-10:00", "America/Anchorage", "Alaska-Hawaii Standard Time (1967-1983)"),),
    "AKST": (("-09:00", "America/Anchorage", "Alaska Standard Time (from 1983)"),),
    "AKDT": (("-08:00", "America/Anchorage", "Alaska Daylight Time (from 1983)"),),
    "YST": (("-09:00", None, "Yukon Standard Time"),),
    "GMT": (("UTC", None, "Greenwich Mean Time"),),
    "BST": (
        ("+01:00", "Europe/London", "British Summer Time (also British Standard Time, 1968-1971)"),
        ("+06:00", "Asia/Dhaka", "Bangladesh Standard Time"),
        ("-11:00", "America/Nome", "Bering Standard Time (1967-1983)"),
    ),
    "BDST": (("+02:00", "Europe/London", "British Double Summer Time (1941-1945, 1947)"),),
    "WET": (("+00:00", None, "Western European Time"),),
    "WEST": (("+01:00", None, "Western European Summer Time"),),
    "CET": (("+01:00", None, "Central European Time"),),
    "CEST": (("+02:00", None, "Central European Summer Time"),),
    "CEMT": (("+03:00", "Europe/Berlin", "Central European Midsummer Time (1945, 1947)"),),
    "MET": (("+01:00", None, "Middle European Time"),),
    "MEST": (("+02:00", None, "Middle European Summer Time"),),
    "MEZ": (("+01:00", None, "Mitteleuropäische Zeit"),),
    "MESZ": (("+02:00", None, "Mitteleuropäische Sommerzeit"),),
    "EET": (("+02:00", None, "Eastern European Time"),),
    "EEST": (("+03:00", None, "Eastern European Summer Time"),),
    "MSK": (("+03:00", "Europe/Moscow", "Moscow Time (UTC+3 1930-1991; UTC+4 in 2011-2014)"),),
    "MSD": (("+04:00", "Europe/Moscow", "Moscow Summer Time"),),
    "IST": (
        ("+05:30", "Asia/Kolkata", "India Standard Time"),
        ("+01:00", "Europe/Dublin", "Irish Standard Time (the Irish summer clock)"),
        ("+02:00", "Asia/Jerusalem", "Israel Standard Time"),
    ),
    "IDT": (("+03:00", "Asia/Jerusalem", "Israel Daylight Time"),),
    "PKT": (("+05:00", "Asia/Karachi", "Pakistan Time"),),
    "ICT": (("+07:00", "Asia/Bangkok", "Indochina Time"),),
    "WIB": (("+07:00", "Asia/Jakarta", "Western Indonesia Time (from 1964)"),),
    "SGT": (("+08:00", "Asia/Singapore", "Singapore Time (from 1982)"),),
    "HKT": (("+08:00", "Asia/Hong_Kong", "Hong Kong Time"),),
    "HKST": (("+09:00", "Asia/Hong_Kong", "Hong Kong Summer Time"),),
    "PHT": (("+08:00", "Asia/Manila", "Philippine Time"),),
    "JST": (("+09:00", "Asia/Tokyo", "Japan Standard Time"),),
    "JDT": (("+10:00", "Asia/Tokyo", "Japan Daylight Time (1948-1951)"),),
    "KST": (
        ("+09:00", "Asia/Seoul", "Korea Standard Time"),
        ("+08:30", "Asia/Seoul", "Korea Standard Time in the South 1954-1961 (North 2015-2018)"),
    ),
    "KDT": (
        ("+10:00", "Asia/Seoul", "Korea Daylight Time"),
        ("+09:30", "Asia/Seoul", "Korea Daylight Time 1955-1960"),
    ),
    "ChST": (("+10:00", "Pacific/Guam", "Chamorro Standard Time (Guam, from 2000)"),),
    "GST": (
        ("+04:00", "Asia/Dubai", "Gulf Standard Time"),
        ("+10:00", "Pacific/Guam", "Guam Standard Time (before 2000)"),
    ),
    "AEST": (("+10:00", "Australia/Sydney", "Australian Eastern Standard Time"),),
    "AEDT": (("+11:00", "Australia/Sydney", "Australian Eastern Daylight Time"),),
    "ACST": (("+09:30", "Australia/Adelaide", "Australian Central Standard Time"),),
    "ACDT": (("+10:30", "Australia/Adelaide", "Australian Central Daylight Time"),),
    "AWST": (("+08:00", "Australia/Perth", "Australian Western Standard Time"),),
    "NZST": (("+12:00", "Pacific/Auckland", "New Zealand Standard Time (from 1946)"),),
    "NZDT": (("+13:00", "Pacific/Auckland", "New Zealand Daylight Time"),),
    "SAST": (("+02:00", "Africa/Johannesburg", "South Africa Standard Time"),),
    "EAT": (("+03:00", "Africa/Nairobi", "East Africa Time"),),
    "CAT": (("+02:00", "Africa/Maputo", "Central Africa Time"),),
    "WAT": (("+01:00", "Africa/Lagos", "West Africa Time"),),
}

# Abbreviations that are also words ("WE EAT", "DAS IST", "HE MET", "C'EST"), army
# ranks (CPT, SGT) or postal codes (UT): accepted in running text only after a time.
_NEEDS_TIME_CONTEXT = frozenset(
    {
        "EST",
        "EAT",
        "CAT",
        "WAT",
        "WET",
        "WEST",
        "IST",
        "MET",
        "CPT",
        "ICT",
        "GST",
        "SGT",
        "PKT",
        "PPT",
        "AST",
    }
)

_UTC_NOTE = (
    "UTC/GMT. Civil Greenwich Mean Time counts from midnight; before 1925 astronomers' "
    "GMT counted from noon, which matters only for astronomical sources."
)


def _abbreviation(text: str, span: tuple[int, int], abbr: str) -> Designation:
    readings = _ABBREVIATIONS[abbr]
    if abbr == "GMT":
        return Designation(span, text, "utc", ("UTC",), False, _UTC_NOTE, (None,))
    ambiguous = len(readings) > 1
    note = "; ".join(f"{offset}: {description}" for offset, _, description in readings)
    if ambiguous:
        note = f"ambiguous abbreviation -- {note}"
    return Designation(
        span,
        text,
        "abbreviation",
        tuple(offset for offset, _, _ in readings),
        ambiguous,
        note,
        tuple(region for _, region, _ in readings),
    )


# ---------------------------------------------------------------------------
# Descriptive names and adjectives

# Full names that denote a fixed offset (or a zone, for the bare "<Region> time").
_NAMED: dict[str, tuple[tuple[str, ...], tuple[str | None, ...], str]] = {}


def _named(
    phrase: str, candidates: tuple[str, ...], regions: tuple[str | None, ...], note: str
) -> None:
    _NAMED[phrase.casefold()] = (candidates, regions, note)


for _region, _zone, _std, _dst in (
    ("Eastern", "America/New_York", "-05:00", "-04:00"),
    ("Central", "America/Chicago", "-06:00", "-05:00"),
    ("Mountain", "America/Denver", "-07:00", "-06:00"),
    ("Pacific", "America/Los_Angeles", "-08:00", "-07:00"),
    ("Atlantic", "America/Halifax", "-04:00", "-03:00"),
):
    _named(f"{_region} time", (_zone,), (_zone,), f"North American {_region} time (zone clock)")
    _named(f"{_region} standard time", (_std,), (_zone,), f"{_region} Standard Time, fixed")
    for _word in ("daylight", "daylight saving", "daylight savings", "summer"):
        _named(f"{_region} {_word} time", (_dst,), (_zone,), f"{_region} Daylight Time, fixed")
    if _region != "Atlantic":
        _named(f"{_region} war time", (_dst,), (_zone,), f"{_region} War Time (1942-1945)")

_named("Hawaii time", ("Pacific/Honolulu",), ("Pacific/Honolulu",), "Hawaii's clock")
_named("Hawaiian time", ("Pacific/Honolulu",), ("Pacific/Honolulu",), "Hawaii's clock")
for _word in ("Hawaii standard time", "Hawaiian standard time"):
    _named(
        _word,
        ("-10:00", "-10:30"),
        ("Pacific/Honolulu", "Pacific/Honolulu"),
        "Hawaii Standard Time: UTC-10:00 from June 1947, UTC-10:30 before",
    )
_named("Central European time", ("+01:00",), (None,), "Central European Time")
_named("Central European summer time", ("+02:00",), (None,), "Central European Summer Time")
_named("Middle European time", ("+01:00",), (None,), "Middle European Time")
_named("Eastern European time", ("+02:00",), (None,), "Eastern European Time")
_named("Eastern European summer time", ("+03:00",), (None,), "Eastern European Summer Time")
_named("Western European time", ("+00:00",), (None,), "Western European Time")
_named("Western European summer time", ("+01:00",), (None,), "Western European Summer Time")
_named("British summer time", ("+01:00",), ("Europe/London",), "British Summer Time")
_named(
    "British double summer time",
    ("+02:00",),
    ("Europe/London",),
    "British Double Summer Time (1941-1945, 1947)",
)
_named(
    "British standard time",
    ("+01:00",),
    ("Europe/London",),
    "British Standard Time, UTC+1 all year (1968-1971)",
)
_named(
    "Moscow standard time",
    ("+03:00",),
    ("Europe/Moscow",),
    "Moscow standard time (UTC+3 1930-1991)",
)
for _word in ("Moscow summer time", "Moscow daylight time"):
    _named(_word, ("+04:00",), ("Europe/Moscow",), "Moscow summer time")
for _word in ("Japan standard time", "Japanese standard time"):
    _named(_word, ("+09:00",), ("Asia/Tokyo",), "Japan Standard Time")
for _word in ("China standard time", "Chinese standard time"):
    _named(_word, ("+08:00",), ("Asia/Shanghai",), "China Standard Time")
for _word in ("India standard time", "Indian standard time"):
    _named(_word, ("+05:30",), ("Asia/Kolkata",), "Indian Standard Time")
for _word in ("Korea standard time", "Korean standard time"):
    _named(
        _word,
        ("+09:00", "+08:30"),
        ("Asia/Seoul", "Asia/Seoul"),
        "Korea Standard Time: UTC+9, but UTC+8:30 in the South 1954-1961",
    )
_named("Israel standard time", ("+02:00",), ("Asia/Jerusalem",), "Israel Standard Time")
_named("Philippine standard time", ("+08:00",), ("Asia/Manila",), "Philippine Standard Time")
for _word in (
    "Greenwich mean time",
    "Greenwich civil time",
    "Greenwich time",
    "Greenwich",
    "universal time",
    "coordinated universal time",
    "Zulu time",
):
    _named(_word, ("UTC",), (None,), _UTC_NOTE)

# "<Adjective> time": a country with one clock, named by its adjective.
_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "korean": ("Asia/Seoul", "Asia/Pyongyang"),
    "korea": ("Asia/Seoul", "Asia/Pyongyang"),
    "japanese": ("Asia/Tokyo",),
    "japan": ("Asia/Tokyo",),
    "chinese": ("Asia/Shanghai",),
    "china": ("Asia/Shanghai",),
    "indian": ("Asia/Kolkata",),
    "india": ("Asia/Kolkata",),
    "british": ("Europe/London",),
    "irish": ("Europe/Dublin",),
    "french": ("Europe/Paris",),
    "german": ("Europe/Berlin",),
    "italian": ("Europe/Rome",),
    "philippine": ("Asia/Manila",),
    "israeli": ("Asia/Jerusalem",),
    "israel": ("Asia/Jerusalem",),
    "egyptian": ("Africa/Cairo",),
    "turkish": ("Europe/Istanbul",),
    "iranian": ("Asia/Tehran",),
    "persian": ("Asia/Tehran",),
    "mongolian": ("Asia/Ulaanbaatar",),
    "cuban": ("America/Havana",),
    "polish": ("Europe/Warsaw",),
    "czechoslovak": ("Europe/Prague",),
    "czech": ("Europe/Prague",),
    "hungarian": ("Europe/Budapest",),
    "romanian": ("Europe/Bucharest",),
    "rumanian": ("Europe/Bucharest",),
    "bulgarian": ("Europe/Sofia",),
    "yugoslav": ("Europe/Belgrade",),
    "greek": ("Europe/Athens",),
    "austrian": ("Europe/Vienna",),
    "swiss": ("Europe/Zurich",),
    "dutch": ("Europe/Amsterdam",),
    "belgian": ("Europe/Brussels",),
    "spanish": ("Europe/Madrid",),
    "portuguese": ("Europe/Lisbon",),
    "swedish": ("Europe/Stockholm",),
    "norwegian": ("Europe/Oslo",),
    "danish": ("Europe/Copenhagen",),
    "finnish": ("Europe/Helsinki",),
    "thai": ("Asia/Bangkok",),
    "burmese": ("Asia/Yangon",),
    "taiwan": ("Asia/Taipei",),
}
_ADJECTIVE_NOTES = {
    "korean": "Korean time: Seoul and Pyongyang agree on UTC+9 except in 1948-1961 (southern "
    "summer time and UTC+8:30), 1987-1988 and 2015-2018",
    "chinese": "Beijing time; Xinjiang also keeps UTC+6 locally",
}
_ADJECTIVE_NOTES["korea"] = _ADJECTIVE_NOTES["korean"]
_ADJECTIVE_NOTES["china"] = _ADJECTIVE_NOTES["chinese"]

# Russian "по московскому времени" and relatives: adjective stem -> zones (empty = local,
# "UTC" = universal).
_RUSSIAN_STEMS: dict[str, tuple[str, ...]] = {
    "московск": ("Europe/Moscow",),
    "ленинградск": ("Europe/Moscow",),
    "пекинск": ("Asia/Shanghai",),
    "шанхайск": ("Asia/Shanghai",),
    "харбинск": ("Asia/Harbin",),
    "токийск": ("Asia/Tokyo",),
    "японск": ("Asia/Tokyo",),
    "китайск": ("Asia/Shanghai",),
    "пхеньянск": ("Asia/Pyongyang",),
    "сеульск": ("Asia/Seoul",),
    "корейск": ("Asia/Seoul", "Asia/Pyongyang"),
    "берлинск": ("Europe/Berlin",),
    "лондонск": ("Europe/London",),
    "вашингтонск": ("America/New_York",),
    "нью-йоркск": ("America/New_York",),
    "парижск": ("Europe/Paris",),
    "варшавск": ("Europe/Warsaw",),
    "пражск": ("Europe/Prague",),
    "киевск": ("Europe/Kyiv",),
    "владивостокск": ("Asia/Vladivostok",),
    "хабаровск": ("Asia/Vladivostok",),
    "иркутск": ("Asia/Irkutsk",),
    "ташкентск": ("Asia/Tashkent",),
    "алма-атинск": ("Asia/Almaty",),
    "ханойск": ("Asia/Bangkok",),
    "гаванск": ("America/Havana",),
    "каирск": ("Africa/Cairo",),
    "делийск": ("Asia/Kolkata",),
    "женевск": ("Europe/Zurich",),
    "местн": (),
    "декретн": (),
    "гринвичск": ("UTC",),
    "всемирн": ("UTC",),
}

# Chinese, Japanese and Korean set phrases (no word boundaries in these scripts).
_CJK_PHRASES: dict[str, tuple[str, ...]] = {
    "北京时间": ("Asia/Shanghai",),
    "北京時間": ("Asia/Shanghai",),
    "북경시간": ("Asia/Shanghai",),
    "莫斯科时间": ("Europe/Moscow",),
    "莫斯科時間": ("Europe/Moscow",),
    "东京时间": ("Asia/Tokyo",),
    "東京時間": ("Asia/Tokyo",),
    "日本时间": ("Asia/Tokyo",),
    "日本時間": ("Asia/Tokyo",),
    "동경시간": ("Asia/Tokyo",),
    "平壤时间": ("Asia/Pyongyang",),
    "平壤時間": ("Asia/Pyongyang",),
    "평양시간": ("Asia/Pyongyang",),
    "汉城时间": ("Asia/Seoul",),
    "漢城時間": ("Asia/Seoul",),
    "서울시간": ("Asia/Seoul",),
    "한국시간": ("Asia/Seoul",),
    "华盛顿时间": ("America/New_York",),
    "華盛頓時間": ("America/New_York",),
    "格林尼治时间": ("UTC",),
    "格林威治时间": ("UTC",),
    "格林尼治時間": ("UTC",),
    "格林威治時間": ("UTC",),
    "世界时": ("UTC",),
    "協定世界時": ("UTC",),
    "协调世界时": ("UTC",),
    "当地时间": (),
    "當地時間": (),
    "现地时间": (),
    "現地時間": (),
    "현지시간": (),
}
_RUSSIAN_FOLDED = {fold_text(stem): zones for stem, zones in _RUSSIAN_STEMS.items()}

_CJK_FIXED = {"日本標準時": (("+09:00",), ("Asia/Tokyo",), "Japan Standard Time")}


# ---------------------------------------------------------------------------
# Patterns (compiled on first use)

_TIME_WORD = (
    r"(?:(?:standard|summer|daylight(?:\s+saving)?|war|mean|civil|official|local|zone)\s+)?"
    r"time"
)
_AFTER_PLACE = compile_rule(rf"[\s\-]+{_TIME_WORD}(?!\w)", re.IGNORECASE)
_TIME_BEFORE = compile_rule(
    r"(?:\d|[ap]\.?\s?m\.?|noon|midnight|hours?|hrs?\.?)\s*[(\[]?\s*$", re.IGNORECASE
)
_MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    abbrs = sorted(_ABBREVIATIONS, key=len, reverse=True)
    named = sorted(_NAMED, key=len, reverse=True)
    adjectives = sorted(_ADJECTIVES, key=len, reverse=True)
    stems = sorted(_RUSSIAN_FOLDED, key=len, reverse=True)
    cjk = sorted((*_CJK_PHRASES, *_CJK_FIXED), key=len, reverse=True)
    named_alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in named)
    return {
        "abbr": compile_rule(rf"(?<![\w/])(?:{'|'.join(abbrs)})(?![\w/])"),
        "offset": compile_rule(
            r"(?<!\w)(?:UTC|GMT|UT)\s*(?P<sign>[+\-\u2212])\s*(?P<h>\d{1,2})"
            r"(?::?(?P<m>[0-5]\d))?(?!\d)"
        ),
        "utc_word": compile_rule(r"(?<![\w/])(?:UTC|U\.T\.C\.|G\.M\.T\.|UT)(?![\w/])"),
        "zulu": compile_rule(r"(?<!\w)Zulu(?!\w)", re.IGNORECASE),
        "named": compile_rule(rf"(?<!\w)(?:{named_alt})(?!\w)", re.IGNORECASE),
        "adjective": compile_rule(
            rf"(?<!\w)(?P<adj>{'|'.join(adjectives)})\s+{_TIME_WORD}(?!\w)", re.IGNORECASE
        ),
        "local": compile_rule(rf"(?<!\w)local\s+{_TIME_WORD}(?!\w)", re.IGNORECASE),
        "dtg": compile_rule(
            r"(?<![\w])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d(?P<z>[A-Z])"
            rf"(?=$|[^A-Za-z0-9]|(?:{_MONTHS})(?![a-z]))"
        ),
        "time_z": compile_rule(
            r"(?<![\w:.])(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?|(?:[01]\d|2[0-3])[0-5]\d)"
            r"\s?(?P<z>Z)(?![\w])"
        ),
        "russian": compile_rule(
            rf"(?<!\w)(?:по\s+)?(?P<stem>{'|'.join(map(re.escape, stems))})[а-я]{{0,3}}"
            r"\s+врем(?:я|ени|енем)(?!\w)|(?<!\w)по\s+гринвичу(?!\w)|(?<!\w)мск(?!\w)",
            re.IGNORECASE,
        ),
        "cjk": compile_rule("|".join(map(re.escape, cjk))),
    }


# ---------------------------------------------------------------------------
# Scanning

# Lower number wins when two designators cover the same span.
_PRIORITY = {
    "named": 0,
    "dtg": 1,
    "time_z": 1,
    "offset": 1,
    "place": 2,
    "adjective": 2,
    "local": 2,
    "russian": 2,
    "cjk": 2,
    "abbr": 3,
    "utc_word": 3,
    "zulu": 4,
}


def _zones_designation(
    span: tuple[int, int], text: str, zones: tuple[str, ...], note: str
) -> Designation:
    if zones == ("UTC",):
        return Designation(span, text, "utc", ("UTC",), False, _UTC_NOTE, (None,))
    if not zones:
        return Designation(
            span,
            text,
            "local",
            (),
            False,
            note or "local time: the clock of the writer's own place",
        )
    return Designation(span, text, "place-time", zones, len(zones) > 1, note, zones)


def _letter_designation(span: tuple[int, int], letter: str, where: str) -> Designation:
    if letter == "Z":
        return Designation(
            span, letter, "utc", ("UTC",), False, f"Z (Zulu) zone letter{where}: UTC", (None,)
        )
    if letter == "J":
        return Designation(
            span,
            letter,
            "local",
            (),
            False,
            f"J (Juliett) zone letter{where}: the observer's local time",
        )
    offset = MILITARY_ZONES[letter]
    return Designation(
        span,
        letter,
        "military",
        (offset,),
        False,
        f"military zone letter {letter}{where}: UTC{offset}, never summer time",
        (None,),
    )


def _scan(text: str, relaxed: bool) -> list[tuple[int, int, int, Designation]]:
    pats = _patterns()
    folded = fold_text(text)
    found: list[tuple[int, int, int, Designation]] = []

    def add(kind: str, designation: Designation) -> None:
        start, end = designation.span
        found.append((start, -(end - start), _PRIORITY[kind], designation))

    for m in pats["named"].finditer(folded):
        phrase = " ".join(m.group().casefold().split())
        candidates, regions, note = _NAMED[phrase]
        if phrase == "greenwich" and not relaxed and not _after_time(text, m.start()):
            continue  # bare "Greenwich" is also a place (Greenwich, Connecticut; the borough)
        if candidates == ("UTC",):
            add(
                "named",
                Designation(
                    m.span(), text[m.start() : m.end()], "utc", candidates, False, note, regions
                ),
            )
            continue
        kind: Kind = "abbreviation"
        if all("/" in c for c in candidates):
            kind = "place-time"
        add(
            "named",
            Designation(
                m.span(),
                text[m.start() : m.end()],
                kind,
                candidates,
                len(candidates) > 1,
                note,
                regions,
            ),
        )

    for start, end, place in find_place(text):
        after = _AFTER_PLACE.match(folded, end)
        if after is None:
            continue
        note = f"{place.name} time: the clock of {place.zone}"
        if place.uncertain:
            note += f" (uncertain: {place.note})"
        span = (start, after.end())
        add(
            "place",
            Designation(
                span,
                text[start : after.end()],
                "place-time",
                (place.zone,),
                False,
                note,
                (place.zone,),
            ),
        )

    for m in pats["adjective"].finditer(folded):
        adj = m["adj"].casefold()
        add(
            "adjective",
            _zones_designation(
                m.span(), text[m.start() : m.end()], _ADJECTIVES[adj], _ADJECTIVE_NOTES.get(adj, "")
            ),
        )

    for m in pats["local"].finditer(folded):
        add("local", _zones_designation(m.span(), text[m.start() : m.end()], (), ""))

    for m in pats["russian"].finditer(folded):
        written = text[m.start() : m.end()]
        stem = m["stem"]
        if stem is None:
            zones: tuple[str, ...] = (
                ("UTC",) if "гринвич" in written.lower() else ("Europe/Moscow",)
            )
            note = "мск: Moscow time as kept in Moscow, summer time included"
        else:
            zones = _RUSSIAN_FOLDED[stem.lower()]
            note = "Russian clock designator"
            if stem.lower() == "декретн":
                note = "decree time: the Soviet standard (zone plus one hour) local clock"
        add("russian", _zones_designation(m.span(), written, zones, note))

    for m in pats["cjk"].finditer(text):
        phrase = m.group()
        if phrase in _CJK_FIXED:
            candidates, regions, note = _CJK_FIXED[phrase]
            add(
                "cjk",
                Designation(m.span(), phrase, "abbreviation", candidates, False, note, regions),
            )
        else:
            add("cjk", _zones_designation(m.span(), phrase, _CJK_PHRASES[phrase], ""))

    for m in pats["dtg"].finditer(text):
        add("dtg", _letter_designation(m.span("z"), m["z"], " in a date-time group"))
    for m in pats["time_z"].finditer(text):
        add("time_z", _letter_designation(m.span("z"), "Z", " after a time"))

    for m in pats["offset"].finditer(folded):
        hours, minutes = int(m["h"]), int(m["m"] or 0)
        if hours > 14:
            continue
        sign = "+" if m["sign"] == "+" else "-"
        offset = f"{sign}{hours:02d}:{minutes:02d}"
        if hours == minutes == 0:
            offset = "+00:00"
        add(
            "offset",
            Designation(
                m.span(),
                text[m.start() : m.end()],
                "abbreviation",
                (offset,),
                False,
                f"explicit offset from UTC: {offset}",
                (None,),
            ),
        )

    for m in pats["abbr"].finditer(text):
        abbr = m.group()
        if abbr in _NEEDS_TIME_CONTEXT and not relaxed and not _after_time(text, m.start()):
            continue
        add("abbr", _abbreviation(abbr, m.span(), abbr))

    for m in pats["utc_word"].finditer(text):
        word = m.group()
        if word == "UT" and not relaxed and not _after_time(text, m.start()):
            continue
        add("utc_word", Designation(m.span(), word, "utc", ("UTC",), False, _UTC_NOTE, (None,)))

    for m in pats["zulu"].finditer(folded):
        if relaxed or _after_time(text, m.start()):
            add(
                "zulu",
                Designation(
                    m.span(),
                    text[m.start() : m.end()],
                    "utc",
                    ("UTC",),
                    False,
                    "Zulu: the military name for UTC",
                    (None,),
                ),
            )
    return found


def _after_time(text: str, start: int) -> bool:
    return _TIME_BEFORE.search(text[max(0, start - 24) : start]) is not None


def _select(found: list[tuple[int, int, int, Designation]]) -> list[Designation]:
    """Keep non-overlapping designators: earliest first, then longest, then by priority."""
    found.sort(key=lambda item: item[:3])
    chosen: list[Designation] = []
    last_end = -1
    for start, _, _, designation in found:
        if start >= last_end:
            chosen.append(designation)
            last_end = designation.span[1]
    return chosen


def find_designators(text: str) -> list[Designation]:
    """All clock designators in *text*, in order and without overlaps.

    Where designators overlap the longer wins ("Moscow summer time" over "Moscow"; "Central
    European Time" over "Central time"; "GMT+3" over "GMT").
    """
    if not text:
        return []
    return _select(_scan(text, relaxed=False))


def parse_designator(s: str) -> Designation | None:
    """Read a whole string as one designator ("CST", "Beijing time", "K", "+08:00").

    Unlike :func:`find_designators` this accepts lower-case abbreviations and word-like
    ones without a preceding time, a bare military zone letter, a bare place name (read
    as that place's clock) and a fixed offset.  Returns ``None`` if *s* is not a
    designator as a whole.
    """
    stripped = s.strip()
    if not stripped:
        return None
    if len(stripped) == 1 and stripped.isalpha() and stripped.isascii():
        return _letter_designation((0, 1), stripped.upper(), "")
    upper = stripped.upper()
    for abbr in (stripped, upper):
        if abbr in _ABBREVIATIONS:
            return _abbreviation(stripped, (0, len(stripped)), abbr)
    if upper in ("UTC", "UT", "Z", "ZULU"):
        return Designation((0, len(stripped)), stripped, "utc", ("UTC",), False, _UTC_NOTE, (None,))
    for designation in _select(_scan(stripped, relaxed=True)):
        if designation.span == (0, len(stripped)):
            return designation
    if is_fixed_offset(stripped):
        zone = get_zone(stripped)
        delta = zone.utcoffset(None)
        assert delta is not None
        text_offset = format_offset(delta)
        return Designation(
            (0, len(stripped)),
            stripped,
            "abbreviation",
            (text_offset,),
            False,
            f"explicit offset from UTC: {text_offset}",
            (None,),
        )
    place = lookup(stripped)
    if place is not None:
        return Designation(
            (0, len(stripped)),
            stripped,
            "place-time",
            (place.zone,),
            False,
            f"{place.name}: the clock of {place.zone}",
            (place.zone,),
        )
    return None
