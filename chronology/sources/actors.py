"""Where the writers of the traffic usually were: the fourth kind of zone evidence.

When a date is written with no clock words, no stamp convention and no dateline, the
writer's known place is the next best evidence for its clock (Mao Zedong signing in
Beijing, Shtykov in Pyongyang). The table holds posts, not biographies: a person who
travelled (Gao Gang and Kim Il Sung in Moscow in June 1951) is placed by the document
itself where it says so, and an assumption taken from this table is always recorded in
the reading's provenance so a historian can overrule it.

Pseudonyms of the Soviet cipher traffic are listed as aliases (Filippov and Feng Xi
stand for Stalin).
"""

from __future__ import annotations

import functools
import re

from chronology.patterns import compile_rule

# canonical name -> (usual place, aliases)
ACTORS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Stalin": ("Moscow", ("Filippov", "Feng Xi", "Fyn Si", "I.V. Stalin", "Stalin, I.V.")),
    "Molotov": ("Moscow", ()),
    "Vyshinsky": ("Moscow", ("Vyshinskii",)),
    "Malenkov": ("Moscow", ()),
    "Beria": ("Moscow", ()),
    "Bulganin": ("Moscow", ()),
    "Gromyko": ("Moscow", ()),
    "Poskrebyshev": ("Moscow", ()),
    "Vasilevsky": ("Moscow", ()),
    "Shtemenko": ("Moscow", ()),
    "Khrushchev": ("Moscow", ()),
    "Mao Zedong": ("Beijing", ("Mao Tse-tung", "Mao Tse-Tung", "Mao")),
    "Zhou Enlai": ("Beijing", ("Chou En-lai", "Zhou")),
    "Liu Shaoqi": ("Beijing", ("Liu Shao-chi",)),
    "Roshchin": ("Beijing", ("N.V. Roshchin",)),
    "Zakharov": ("Beijing", ()),
    "Krasovsky": ("Beijing", ("Krasovskii",)),
    "Kotov": ("Beijing", ()),
    "Yudin": ("Beijing", ()),
    "Panyushkin": ("Beijing", ()),
    "Kovalev": ("Beijing", ()),
    "Arkhipov": ("Beijing", ()),
    "Kim Il Sung": ("Pyongyang", ("Kim Il-sung", "Kim Il-Sung")),
    "Pak Heon-yeong": ("Pyongyang", ("Pak Hon-yong", "Pak Heon-Yeong")),
    "Shtykov": ("Pyongyang", ("S H T Y K O V", "Shtykov T.F.")),
    "Razuvaev": ("Pyongyang", ()),
    "Gao Gang": ("Shenyang", ("Kao Kang",)),
    # The armistice delegation's clock is not stated in its traffic: Korean time at
    # Kaesong or Beijing time kept by the Chinese delegation. Both are candidates.
    "Li Kenong": ("Kaesong|Beijing", ("Li Ke-nung", "Le Kenong")),
    "Peng Dehuai": ("Kaesong|Beijing", ("Peng Teh-huai",)),
    "Syngman Rhee": ("Seoul", ("Rhee",)),
    "Chiang Kai-shek": ("Taipei", ("Chiang",)),
    "Malik": ("New York", ("Jacob Malik", "Ya. Malik", "Iakov Malik")),  # at the UN, 1948-52
    "Truman": ("Washington", ()),
    "Acheson": ("Washington", ()),
    "Rusk": ("Washington", ()),
    "Johnson": ("Washington", ()),
    "Rostow": ("Washington", ()),
    "Ridgway": ("Tokyo", ()),
    "MacArthur": ("Tokyo", ()),
}

_ALIAS: dict[str, str] = {}
for _name, (_place, _aliases) in ACTORS.items():
    for _a in (_name, *_aliases):
        _ALIAS[re.sub(r"[^a-z]", "", _a.lower())] = _name

# Names are matched in lower-cased text by a case-sensitive pattern: an alternation of
# lower-case literals lets the regular-expression engine skip to the possible first
# letters, which a case-insensitive pattern does not (it is called for every reading).
_NAME_RX = compile_rule(
    "|".join(
        sorted(
            (
                re.escape(a.lower()).replace(r"\ ", r"[\s\-]+")
                for n, (_, al) in ACTORS.items()
                for a in (n, *al)
            ),
            key=len,
            reverse=True,
        )
    )
)


def signature_name(line: str) -> str | None:
    """The writer named by a signature line: a short line that is mostly a name
    ("MAO ZEDONG", "FILIPPOV [Stalin].", "Kim Il Sung 29.6.51"), not an address line."""
    if len(line) > 200:  # a signature line is short; a long one is prose
        return None
    core = re.sub(r"\[.*?\]|[\d.,;:!\"'”»]", " ", line).strip()
    if not core or len(core) > 40 or len(core.split()) > 5:
        return None
    if re.match(r"(?i)(to|for|from|copy|copies|dear)\b", core):
        return None
    return find_actor(core)


@functools.lru_cache(maxsize=4096)
def canonical(name: str | None) -> str | None:
    """The canonical name of a writer, or ``None`` when not in the table."""
    if not name:
        return None
    return _ALIAS.get(re.sub(r"[^a-z]", "", name.lower()))


@functools.lru_cache(maxsize=4096)
def find_actor(text: str) -> str | None:
    """The first known writer named in ``text`` (a signature line, a title part)."""
    m = _NAME_RX.search(text.lower())
    return canonical(m.group(0)) if m else None


@functools.lru_cache(maxsize=4096)
def usual_places(name: str | None) -> tuple[str, ...]:
    """Every place the writer's clock may be in; more than one where the record shows
    that it is not settled."""
    c = canonical(name) or (find_actor(name) if name else None)
    return tuple(ACTORS[c][0].split("|")) if c else ()


def usual_place(name: str | None) -> str | None:
    """The writer's place when it is a single one; ``None`` when unknown or unsettled."""
    places = usual_places(name)
    return places[0] if len(places) == 1 else None
