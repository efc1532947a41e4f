"""Place names of diplomatic traffic mapped to IANA zone keys.

Two sources are merged, the second taking precedence:

1. **IANA exemplar cities.**  Every zone key in the pinned tzdata names a representative
   city as its last component (``Asia/Ho_Chi_Minh`` -> "Ho Chi Minh").  Taking them from
   tzdata's own ``tzdata.zi`` means any exemplar resolves, including backward links such as
   ``Asia/Calcutta`` or ``Asia/Chungking`` that preserve the older spellings archives use.
2. **A curated table** (``places.json``) of capitals, diplomatic posts and conference
   sites with their historical and variant names -- Peiping, Mukden, Dairen, Leningrad,
   Kuibyshev, Léopoldville -- each with a note on why the zone was chosen and an
   ``uncertain`` flag where the zone is known not to capture the local clock of the period.

Names are compared after folding case, diacritics and punctuation, so "[Washington,]",
"WASHINGTON" and "Washington, D.C." all find the same place.  :func:`find_place` scans
free text with one regular expression compiled on first use; names that are also common
words or surnames (Midway, Oral, Halifax, Independence) are resolvable with
:func:`lookup` but are not matched in running text.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator

import attrs

from chronology.patterns import built_rule, compile_rule
from chronology.zones import tzdb

__all__ = [
    "Place",
    "lookup",
    "find_place",
    "places",
    "normalize_name",
    "fold_text",
]


@attrs.frozen
class Place:
    """A named place and the IANA zone whose history stands for its clock.

    Attributes:
        name: canonical name (modern or most common English form).
        zone: IANA key in the pinned tzdata (may be a backward link such as Asia/Harbin).
        aliases: other names, historical spellings and foreign-language forms.
        note: why this zone, and what it does not capture.
        country: ISO 3166-1 code of the present-day country, when known.
        uncertain: True when the zone is known not to settle the local clock for part of
            1900-1990 (occupation clocks, local mean times tzdata no longer models, places
            whose documents may be on either of two clocks).
        source: ``"curated"`` for the hand-made table, ``"tzdb"`` for exemplar cities.
    """

    name: str
    zone: str
    aliases: tuple[str, ...] = ()
    note: str = ""
    country: str | None = None
    uncertain: bool = False
    source: str = "curated"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# ---------------------------------------------------------------------------
# Text folding

# Letters that Unicode does not decompose into base + accent but which writers routinely
# replace by the plain letter ("Wroclaw" for "Wrocław", "Kobenhavn" for "København").
_PLAIN_LETTERS = {
    "ł": "l",
    "Ł": "L",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ħ": "h",
    "Ħ": "H",
    "ı": "i",
    "ŀ": "l",
    "Ŀ": "L",
    "ʼ": "'",
    "’": "'",
    "‘": "'",
    "`": "'",
}


def _fold_char(char: str) -> str:
    plain = _PLAIN_LETTERS.get(char)
    if plain is not None:
        return plain
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if len(base) == 1 else char


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on demand: one output character per input character."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_text(text: str) -> str:
    """Strip diacritics character by character, keeping the length (and thus offsets).

    Spans found in the folded text are valid spans of the original, which is what lets
    :func:`find_place` report positions in the caller's string.
    """
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


_DROPPED = str.maketrans("", "", ".'")
_NON_WORD = compile_rule(r"[\W_]+")


@functools.lru_cache(maxsize=8192)
def normalize_name(name: str) -> str:
    """Comparison key for a place name: no accents, case, periods or apostrophes.

    Other punctuation becomes a single space and "Saint" becomes "st", so "St. Louis",
    "Saint-Louis" and "ST LOUIS" share the key ``"st louis"``.
    """
    folded = fold_text(name).casefold().translate(_DROPPED)
    tokens = _NON_WORD.sub(" ", folded).split()
    return " ".join("st" if token == "saint" else token for token in tokens)


# ---------------------------------------------------------------------------
# Building the index

# Zone keys whose last component is not a city: old country/region aliases.
_NON_CITY_PREFIXES = ("Etc/", "US/", "Canada/", "Mexico/", "Brazil/", "Chile/", "SystemV/")
_NON_CITY_KEYS = frozenset(
    {
        "Australia/ACT",
        "Australia/LHI",
        "Australia/NSW",
        "Australia/North",
        "Australia/South",
        "Australia/West",
        "Australia/Victoria",
        "Australia/Yancowinna",
        "America/Virgin",
        "America/Knox_IN",
        "Pacific/Samoa",
    }
)

# Exemplar names that are too often ordinary words or surnames in diplomatic prose
# ("oral note", "Lord Halifax", "Christmas", "in the wake of") to be matched in free text.
# They still resolve through lookup().  Antarctic stations are excluded wholesale: their
# names are mostly surnames (Casey, Davis, Mawson, Palmer) or, like Vostok, Soviet
# spacecraft.
_TEXT_UNSAFE = frozenset(
    normalize_name(n)
    for n in (
        "Center",
        "Oral",
        "Easter",
        "Christmas",
        "Reunion",
        "Midway",
        "Wake",
        "Johnston",
        "Stanley",
        "Chatham",
        "Halifax",
        "Resolute",
        "Regina",
        "Dawson",
        "Knox",
        "Wallis",
        "Marengo",
        "Kirov",
        "Monticello",
        "Beulah",
        "Vincennes",
        "Anchorage",
        "Choibalsan",
        "Rio Branco",
        "Mendoza",
        "Cayenne",
        "Macquarie",
        "Jersey",
        "Darwin",
        "Adelaide",
        "Currie",
        "Lindeman",
        "Canary",
        "Kanton",
        "Swift Current",
        "Samoa",
        # Also the name of the DRV's leader, far more frequent in the period's documents than
        # the city, which was Saigon until 1976 (and is matched as "Ho Chi Minh City").
        "Ho Chi Minh",
    )
)


def _is_text_safe_exemplar(key: str, key_norm: str) -> bool:
    if key.startswith("Antarctica/"):
        return False
    return key_norm not in _TEXT_UNSAFE


def _exemplar_name(key: str) -> str:
    return key.rsplit("/", 1)[-1].replace("_", " ")


@functools.cache
def _zone_countries() -> dict[str, str]:
    """``key -> ISO country`` from tzdata's ``zone.tab`` (one country per zone)."""
    text = (
        importlib.resources.files("tzdata.zoneinfo")
        .joinpath("zone.tab")
        .read_text(encoding="utf-8")
    )
    result: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) >= 3:
            result.setdefault(fields[2], fields[0])
    return result


def _exemplar_places() -> Iterator[tuple[Place, bool]]:
    """Exemplar places, canonical zones before links so canonical keys win name clashes."""
    links = tzdb.zone_links()
    zones = tzdb.available_zones() - links.keys()
    countries = _zone_countries()
    for is_link, keys in ((False, zones), (True, links.keys())):
        for key in sorted(keys):
            if "/" not in key or key.startswith(_NON_CITY_PREFIXES) or key in _NON_CITY_KEYS:
                continue
            note = f"IANA exemplar city of {key}."
            if is_link:
                note += (
                    f" tzdata keeps {key} as a link to {tzdb.canonical_zone(key)}, so that "
                    "zone's history stands for this place."
                )
            place = Place(
                name=_exemplar_name(key),
                zone=key,
                note=note,
                country=countries.get(key),
                source="tzdb",
            )
            yield place, _is_text_safe_exemplar(key, normalize_name(place.name))


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"places.json: expected a list of strings, got {value!r}")
    return tuple(value)


def _curated_place(record: dict[str, object]) -> Place:
    country = record.get("country")
    return Place(
        name=str(record["name"]),
        zone=str(record["zone"]),
        aliases=_strings(record.get("aliases")),
        note=str(record.get("note", "")),
        country=str(country) if country else None,
        uncertain=bool(record.get("uncertain", False)),
        source="curated",
    )


def _curated_records() -> list[dict[str, object]]:
    text = (
        importlib.resources.files("chronology.zones")
        .joinpath("places.json")
        .read_text(encoding="utf-8")
    )
    return list(json.loads(text)["places"])


@attrs.frozen
class _Index:
    by_name: dict[str, Place]
    text_names: tuple[str, ...]  # raw spellings eligible for free-text matching
    curated: tuple[Place, ...]
    collisions: tuple[tuple[str, str, str], ...]  # (name key, kept place, dropped place)


@functools.cache
def _index() -> _Index:
    by_name: dict[str, Place] = {}
    text_names: dict[str, str] = {}  # normalized -> raw spelling used for the pattern
    collisions: list[tuple[str, str, str]] = []
    curated: list[Place] = []

    # Curated first: its entries override exemplar names (e.g. "Norfolk", "San Juan").
    for record in _curated_records():
        place = _curated_place(record)
        curated.append(place)
        no_text = {normalize_name(n) for n in _strings(record.get("no_text"))}
        for raw in place.names:
            key = normalize_name(raw)
            if not key:
                continue
            known = by_name.get(key)
            if known is not None and known is not place:
                collisions.append((key, known.name, place.name))
                continue
            by_name[key] = place
            if key not in no_text:
                text_names.setdefault(raw, key)

    for place, text_safe in _exemplar_places():
        key = normalize_name(place.name)
        if key in by_name:
            continue
        by_name[key] = place
        if text_safe:
            text_names.setdefault(place.name, key)

    return _Index(
        by_name=by_name,
        text_names=tuple(text_names),
        curated=tuple(curated),
        collisions=tuple(collisions),
    )


# ---------------------------------------------------------------------------
# Lookup

# Separators between a city and its qualifiers: "Moscow, USSR", "New York/Washington",
# "Berlin (East)", "Paris; received".
_PIECES = compile_rule(r"[,/;:()\[\]{}|\u2013\u2014]+")


@functools.lru_cache(maxsize=8192)
def lookup(name: str) -> Place | None:
    """Find a place by name, ignoring case, diacritics, punctuation and brackets.

    The whole string is tried first ("Washington, D.C."), then each comma-, slash- or
    bracket-separated piece in order ("Moscow, USSR" -> Moscow; "New York/Washington" ->
    New York).  Returns ``None`` when nothing matches.
    """
    index = _index().by_name
    key = normalize_name(name)
    if not key:
        return None
    place = index.get(key)
    if place is not None:
        return place
    for piece in _PIECES.split(name):
        piece_key = normalize_name(piece)
        if piece_key and piece_key != key:
            place = index.get(piece_key)
            if place is not None:
                return place
    return None


def places() -> tuple[Place, ...]:
    """Every distinct place known: curated entries first, then exemplar cities."""
    seen: dict[int, Place] = {}
    for place in (*_index().curated, *_index().by_name.values()):
        seen.setdefault(id(place), place)
    return tuple(seen.values())


# ---------------------------------------------------------------------------
# Free-text matching

_SEP = r"[\s\-]+"
_END = ""  # trie end marker


def _atoms(raw: str) -> tuple[str, ...] | None:
    """Regex atoms for one spelling; ``None`` if it holds characters we do not pattern."""
    atoms: list[str] = []
    for char in fold_text(raw).lower():
        if char.isalnum():
            atoms.append(re.escape(char))
        elif char in " -_\u2010\u2011":
            if atoms and atoms[-1] == _SEP:
                continue
            atoms.append(_SEP)
        elif char == ".":
            atoms.append(r"\.?")
        elif char == "'":
            atoms.append(r"['\u2019\u02bc]?")
        elif char == ",":
            atoms.append(",?")
        else:
            return None
    return tuple(atoms) if atoms else None


def _trie_pattern(spellings: Iterable[str]) -> str:
    """One regex for many names, factored as a trie so matching cost barely grows.

    A flat alternation of a thousand names makes the engine try each alternative at each
    word start; a trie shares prefixes ("San Francisco", "San Juan", "Santiago") and at
    every node tries the longer continuation before stopping, which yields the longest
    name at a given position.
    """
    trie: dict[str, dict] = {}
    for raw in spellings:
        atoms = _atoms(raw)
        if atoms is None:
            continue
        node = trie
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[_END] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if _END in node:
            # Greedy optional group: the longer name is tried before ending here.
            return body + "?" if len(branches) == 1 and _is_atomic(body) else f"(?:{body})?"
        return body

    return emit(trie)


def _is_atomic(body: str) -> bool:
    return len(body) == 1 and body.isalnum()


@functools.cache
def _place_regex() -> re.Pattern[str]:
    names = _index().text_names
    data = chr(0).join(names).encode()
    key = f"gazetteer:{len(names)}:{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
    return built_rule(key, lambda: rf"(?<!\w)(?:{_trie_pattern(names)})(?!\w)", re.IGNORECASE)


def find_place(text: str) -> list[tuple[int, int, Place]]:
    """Find gazetteer names in a short text such as a dateline or a "From" line.

    Returns ``(start, end, place)`` triples in text order, non-overlapping; where names
    overlap the longest one at the earliest position wins ("New York" rather than
    "York", "Santiago de Cuba" rather than "Santiago").  Matching ignores case and
    diacritics, allows hyphens for spaces and optional periods ("St. Louis"), and
    requires word boundaries on both sides.  Because Chinese and Japanese script has no
    word boundaries, names in those scripts are found only when they stand apart from
    other CJK text; use :func:`lookup` for an isolated name.
    """
    if not text:
        return []
    folded = fold_text(text)
    by_name = _index().by_name
    found: list[tuple[int, int, Place]] = []
    for match in _place_regex().finditer(folded):
        start, end = match.span()
        place = by_name.get(normalize_name(text[start:end]))
        if place is not None:
            found.append((start, end, place))
    return found
