"""Tests for chronology.zones: pinned tzdata, the gazetteer and clock designators."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import tzdata
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronology.zones import (
    MILITARY_ZONES,
    TZDATA_VERSION,
    UnknownZone,
    available_zones,
    find_designators,
    find_place,
    gazetteer,
    get_zone,
    interval_to_utc,
    local_to_utc,
    lookup,
    military_zone_offset,
    parse_designator,
    places,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
GOLD = PROJECT_ROOT.parent / "shared" / "data" / "zones" / "dev-gold.jsonl"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def offset_of(naive: datetime, key: str) -> timedelta:
    resolution = local_to_utc(naive, key)
    assert resolution.status == "unique", resolution
    return resolution.offsets[0]


# ---------------------------------------------------------------------------
# tzdb


def test_version_is_pinned_package() -> None:
    assert TZDATA_VERSION == tzdata.IANA_VERSION


@pytest.mark.parametrize(
    ("key", "hours"),
    [
        ("Europe/Moscow", 3),
        ("Asia/Shanghai", 8),
        ("Asia/Pyongyang", 9),
        # tzdata: the ROK kept summer time in 1951 (KDT, UTC+10) from May to September.
        ("Asia/Seoul", 10),
        # Eastern Daylight Time in Washington.
        ("America/New_York", -4),
        # Asia/Harbin is a link to Asia/Shanghai in current tzdata.
        ("Asia/Harbin", 8),
    ],
)
def test_offsets_june_1951(key: str, hours: int) -> None:
    assert offset_of(datetime(1951, 6, 15, 12, 0), key) == timedelta(hours=hours)


def test_washington_via_gazetteer_june_1951() -> None:
    place = lookup("Washington")
    assert place is not None
    resolution = local_to_utc(datetime(1951, 6, 15, 12, 0), place.zone)
    assert resolution.candidates == (utc(1951, 6, 15, 16, 0),)


def test_moscow_1981_gap() -> None:
    r = local_to_utc(datetime(1981, 4, 1, 0, 30), "Europe/Moscow")
    assert r.status == "nonexistent"
    assert r.candidates == (utc(1981, 3, 31, 20, 30), utc(1981, 3, 31, 21, 30))
    assert r.offsets == (timedelta(hours=4), timedelta(hours=3))


def test_moscow_1985_fold() -> None:
    r = local_to_utc(datetime(1985, 9, 29, 2, 30), "Europe/Moscow")
    assert r.status == "ambiguous"
    assert r.candidates == (utc(1985, 9, 28, 22, 30), utc(1985, 9, 28, 23, 30))
    assert r.offsets == (timedelta(hours=4), timedelta(hours=3))


def test_beijing_1986_gap() -> None:
    r = local_to_utc(datetime(1986, 5, 4, 2, 30), "Asia/Shanghai")
    assert r.status == "nonexistent"
    assert r.candidates == (utc(1986, 5, 3, 17, 30), utc(1986, 5, 3, 18, 30))


def test_tokyo_1951_occupation_dst_fold() -> None:
    r = local_to_utc(datetime(1951, 9, 9, 0, 30), "Asia/Tokyo")
    assert r.status == "ambiguous"
    assert r.candidates == (utc(1951, 9, 8, 14, 30), utc(1951, 9, 8, 15, 30))


def test_london_double_summer_time_1944() -> None:
    # D-Day: British Double Summer Time, UTC+2.
    assert offset_of(datetime(1944, 6, 6, 6, 30), "Europe/London") == timedelta(hours=2)
    # Winter of the war years: the clocks stayed on summer time, UTC+1.
    assert offset_of(datetime(1944, 1, 15, 12, 0), "Europe/London") == timedelta(hours=1)


def test_pre_1970_local_mean_time() -> None:
    # Shanghai local mean time before 1901 has a seconds-level offset.
    assert offset_of(datetime(1895, 6, 1, 12, 0), "Asia/Shanghai") == timedelta(
        hours=8, minutes=5, seconds=43
    )


def test_aware_input_rejected() -> None:
    with pytest.raises(ValueError):
        local_to_utc(datetime(1951, 1, 1, tzinfo=UTC), "Asia/Tokyo")


@pytest.mark.parametrize("key", ["Asia/Harbin", "Asia/Calcutta", "Asia/Saigon", "Europe/Kiev"])
def test_backward_links_load(key: str) -> None:
    assert get_zone(key).utcoffset(datetime(1960, 1, 1)) is not None


@pytest.mark.parametrize(
    ("key", "offset"),
    [
        ("+08:00", timedelta(hours=8)),
        ("-04:00", timedelta(hours=-4)),
        ("+0530", timedelta(hours=5, minutes=30)),
        ("UTC", timedelta(0)),
        ("Z", timedelta(0)),
        ("UTC+3", timedelta(hours=3)),
        ("\u221205:00", timedelta(hours=-5)),
    ],
)
def test_fixed_offsets(key: str, offset: timedelta) -> None:
    assert get_zone(key).utcoffset(None) == offset
    assert local_to_utc(datetime(1951, 6, 1), key).offsets == (offset,)


def test_case_insensitive_key() -> None:
    assert offset_of(datetime(1951, 6, 15), "asia/pyongyang") == timedelta(hours=9)


@pytest.mark.parametrize("key", ["Asia/Nowhere", "../../etc/passwd", "Asia", "", "leapseconds"])
def test_unknown_zone(key: str) -> None:
    with pytest.raises(UnknownZone) as info:
        get_zone(key)
    assert isinstance(info.value, KeyError)
    assert "unknown time zone" in str(info.value)


def test_unknown_zone_suggests() -> None:
    with pytest.raises(UnknownZone, match="Asia/Shanghai"):
        get_zone("Asia/Shangai")


def test_interval_whole_day_before_gap() -> None:
    start, end, status = interval_to_utc(
        datetime(1981, 3, 31), datetime(1981, 4, 1), "Europe/Moscow"
    )
    assert start == utc(1981, 3, 30, 21)
    # Midnight of 1 April did not exist; the later reading is kept (conservative cover).
    assert end == utc(1981, 3, 31, 21)
    assert status == "nonexistent"


def test_interval_month() -> None:
    start, end, status = interval_to_utc(datetime(1950, 6, 1), datetime(1950, 7, 1), "Asia/Seoul")
    assert (start, end, status) == (utc(1950, 5, 31, 14), utc(1950, 6, 30, 14), "unique")
    with pytest.raises(ValueError):
        interval_to_utc(datetime(1950, 7, 1), datetime(1950, 6, 1), "Asia/Seoul")


_PROBES = [
    ("1951-06-15T12:00:00", "Europe/Moscow"),
    ("1981-04-01T00:30:00", "Europe/Moscow"),
    ("1985-09-29T02:30:00", "Europe/Moscow"),
    ("1951-09-09T00:30:00", "Asia/Tokyo"),
    ("1944-06-06T06:30:00", "Europe/London"),
    ("1951-06-15T12:00:00", "Asia/Seoul"),
    ("1940-06-01T12:00:00", "Africa/Nairobi"),
]
_PROBE_SCRIPT = """
import json, sys
from datetime import datetime
from chronology.zones import local_to_utc, TZDATA_VERSION
out = [TZDATA_VERSION]
for local, key in json.loads(sys.argv[1]):
    r = local_to_utc(datetime.fromisoformat(local), key)
    out.append([r.status, [c.isoformat() for c in r.candidates]])
print(json.dumps(out))
"""


def _probe_here() -> list[object]:
    out: list[object] = [TZDATA_VERSION]
    for local, key in _PROBES:
        r = local_to_utc(datetime.fromisoformat(local), key)
        out.append([r.status, [c.isoformat() for c in r.candidates]])
    return out


def test_machine_zone_settings_are_ignored() -> None:
    env = dict(os.environ)
    env.update(
        TZ="Asia/Tokyo",
        PYTHONTZPATH="/nonexistent",
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])),
    )
    result = subprocess.run(
        [sys.executable, "-c", _PROBE_SCRIPT, json.dumps(_PROBES)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(result.stdout) == _probe_here()


_ZONES = sorted(available_zones())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    instant=st.datetimes(
        min_value=datetime(1880, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
    ),
    key=st.sampled_from(_ZONES),
)
def test_round_trip_contains_instant(instant: datetime, key: str) -> None:
    wall = instant.astimezone(get_zone(key)).replace(tzinfo=None)
    resolution = local_to_utc(wall, key)
    assert resolution.status in ("unique", "ambiguous")
    assert instant in resolution.candidates
    assert len(resolution.candidates) == (1 if resolution.status == "unique" else 2)


@settings(max_examples=200, deadline=None)
@given(
    wall=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(1995, 1, 1)),
    key=st.sampled_from(["Europe/Moscow", "Asia/Shanghai", "Europe/London", "Asia/Seoul"]),
)
def test_candidates_consistent_with_status(wall: datetime, key: str) -> None:
    r = local_to_utc(wall, key)
    zone = get_zone(key)
    trips = [c.astimezone(zone).replace(tzinfo=None) == wall for c in r.candidates]
    assert list(r.candidates) == sorted(r.candidates)
    if r.status == "nonexistent":
        assert trips == [False, False]
    else:
        assert all(trips)


# ---------------------------------------------------------------------------
# gazetteer


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("Peking", "Asia/Shanghai"),
        ("Peiping", "Asia/Shanghai"),
        ("Beiping", "Asia/Shanghai"),
        ("BEIJING", "Asia/Shanghai"),
        ("Harbin", "Asia/Harbin"),
        ("Kashgar", "Asia/Kashgar"),
        ("Urumqi", "Asia/Urumqi"),
        ("Mukden", "Asia/Shanghai"),
        ("Port Arthur", "Asia/Shanghai"),
        ("Chungking", "Asia/Shanghai"),
        ("Pusan", "Asia/Seoul"),
        ("Busan", "Asia/Seoul"),
        ("Taihoku", "Asia/Taipei"),
        ("Saigon", "Asia/Ho_Chi_Minh"),
        ("Ho Chi Minh", "Asia/Ho_Chi_Minh"),
        ("Batavia", "Asia/Jakarta"),
        ("Bombay", "Asia/Kolkata"),
        ("Kolkata", "Asia/Kolkata"),
        ("Constantinople", "Europe/Istanbul"),
        ("Leningrad", "Europe/Moscow"),
        ("Sochi", "Europe/Moscow"),
        ("Kiev", "Europe/Kyiv"),
        ("Kuibyshev", "Europe/Samara"),
        ("Ulan Bator", "Asia/Ulaanbaatar"),
        ("The Hague", "Europe/Amsterdam"),
        ("'s-Gravenhage", "Europe/Amsterdam"),
        ("Canberra", "Australia/Sydney"),
        ("Washington, D.C.", "America/New_York"),
        ("[Washington,]", "America/New_York"),
        ("Texas ranch", "America/Chicago"),
        ("Léopoldville", "Africa/Kinshasa"),
        ("Leopoldville", "Africa/Kinshasa"),
        ("Bogotá", "America/Bogota"),
        ("Zürich", "Europe/Zurich"),
        ("Wroclaw", "Europe/Warsaw"),
        ("Wrocław", "Europe/Warsaw"),
        ("St. Louis", "America/Chicago"),
        ("Saint-Louis", "America/Chicago"),
        ("Москва", "Europe/Moscow"),
        ("北京", "Asia/Shanghai"),
        ("Moscow, USSR", "Europe/Moscow"),
        ("New York/Washington", "America/New_York"),
        ("Dar es Salaam", "Africa/Dar_es_Salaam"),
        ("Port-au-Prince", "America/Port-au-Prince"),
    ],
)
def test_lookup(name: str, zone: str) -> None:
    place = lookup(name)
    assert place is not None, name
    assert place.zone == zone


def test_lookup_unknown() -> None:
    assert lookup("Atlantis") is None
    assert lookup("") is None
    assert lookup("   ,  ") is None


def test_place_metadata() -> None:
    peking = lookup("Peiping")
    assert peking is not None and peking.name == "Beijing" and "Peking" in peking.aliases
    assert peking.country == "CN" and peking.source == "curated"
    for name in ("Harbin", "Hanoi", "Panmunjom", "Kaesong", "Stalingrad"):
        place = lookup(name)
        assert place is not None and place.uncertain and place.note, name
    exemplar = lookup("Ouagadougou")
    assert exemplar is not None and exemplar.source == "tzdb" and exemplar.country == "BF"


def test_every_exemplar_city_resolves() -> None:
    for key in available_zones():
        if "/" not in key or key.startswith(gazetteer._NON_CITY_PREFIXES):
            continue
        if key in gazetteer._NON_CITY_KEYS:
            continue
        place = lookup(key.rsplit("/", 1)[-1].replace("_", " "))
        assert place is not None, key


def test_every_place_zone_exists() -> None:
    for place in places():
        get_zone(place.zone)


def test_curated_names_do_not_collide() -> None:
    assert gazetteer._index().collisions == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Moscow, June 23, 1951\u20143 p.m.", [(0, 6, "Europe/Moscow")]),
        ("From BEIJING", [(5, 12, "Asia/Shanghai")]),
        ("[Washington,] June 1", [(1, 11, "America/New_York")]),
        ("Washington, D.C., May 3", [(0, 16, "America/New_York")]),
        ("New York, January 15", [(0, 8, "America/New_York")]),
        ("Santiago de Cuba", [(0, 16, "America/Havana")]),
        ("Pyongyang to Peking", [(0, 9, "Asia/Pyongyang"), (13, 19, "Asia/Shanghai")]),
        ("Zürich", [(0, 6, "Europe/Zurich")]),
        ("St. Louis", [(0, 9, "America/Chicago")]),
        ("Ho Chi Minh City", [(0, 16, "Asia/Ho_Chi_Minh")]),
        ("an oral note handed to Lord Halifax at Midway", []),
        ("Parisian and Romeo", []),
        ("", []),
    ],
)
def test_find_place(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert [(s, e, p.zone) for s, e, p in find_place(text)] == expected


# ---------------------------------------------------------------------------
# designators


def _found(text: str) -> list[tuple[str, str, tuple[str, ...], bool]]:
    return [(d.text, d.kind, d.candidates, d.ambiguous) for d in find_designators(text)]


def test_place_time_designators() -> None:
    assert _found("at 1500 Beijing time") == [
        ("Beijing time", "place-time", ("Asia/Shanghai",), False)
    ]
    assert _found("1200 Pyongyang time, 1300 Tokyo time") == [
        ("Pyongyang time", "place-time", ("Asia/Pyongyang",), False),
        ("Tokyo time", "place-time", ("Asia/Tokyo",), False),
    ]
    assert _found("в 10.00 по московскому времени")[0][1:3] == ("place-time", ("Europe/Moscow",))
    assert _found("по пекинскому времени")[0][2] == ("Asia/Shanghai",)
    assert _found("北京时间上午10时")[0][2] == ("Asia/Shanghai",)


def test_local_and_utc_designators() -> None:
    assert _found("10 a.m. local time") == [("local time", "local", (), False)]
    assert _found("1530 GMT")[0][1:3] == ("utc", ("UTC",))
    assert _found("1530Z")[0][1:3] == ("utc", ("UTC",))
    assert _found("at 1400 Greenwich")[0][1] == "utc"
    assert _found("Greenwich Village") == []


def test_ambiguous_cst() -> None:
    [designation] = find_designators("1400 CST")
    assert designation.kind == "abbreviation" and designation.ambiguous
    assert set(designation.candidates) == {"-06:00", "+08:00", "-05:00"}
    assert "Asia/Shanghai" in designation.regions and "America/Chicago" in designation.regions


def test_fixed_offset_abbreviations() -> None:
    [est] = find_designators("3 p.m. EST")
    assert (est.candidates, est.regions, est.ambiguous) == (
        ("-05:00",),
        ("America/New_York",),
        False,
    )
    [edt] = find_designators("3 p.m. EDT")
    assert edt.candidates == ("-04:00",)
    ist = parse_designator("IST")
    assert ist is not None and ist.ambiguous and len(ist.candidates) == 3


def test_word_like_abbreviations_need_a_time() -> None:
    assert find_designators("DAS IST GUT, WE EAT AND MET") == []
    assert _found("0900 EAT")[0][2] == ("+03:00",)


def test_military_letters() -> None:
    assert military_zone_offset("Z") == "+00:00"
    assert military_zone_offset("A") == "+01:00"
    assert military_zone_offset("I") == "+09:00"
    assert military_zone_offset("india") == "+09:00"
    assert military_zone_offset("M") == "+12:00"
    assert military_zone_offset("N") == "-01:00"
    assert military_zone_offset("Y") == "-12:00"
    assert military_zone_offset("J") is None
    assert military_zone_offset("7") is None
    assert len(MILITARY_ZONES) == 25
    [dtg] = find_designators("DTG 231530I JUN 51")
    assert (dtg.kind, dtg.candidates, dtg.span) == ("military", ("+09:00",), (10, 11))
    [local] = find_designators("231530J")
    assert local.kind == "local"


@pytest.mark.parametrize(
    ("text", "kind", "candidates"),
    [
        ("CST", "abbreviation", ("-06:00", "+08:00", "-05:00")),
        ("cst", "abbreviation", ("-06:00", "+08:00", "-05:00")),
        ("Beijing time", "place-time", ("Asia/Shanghai",)),
        ("Moscow", "place-time", ("Europe/Moscow",)),
        ("local time", "local", ()),
        ("K", "military", ("+10:00",)),
        ("Z", "utc", ("UTC",)),
        ("Zulu", "utc", ("UTC",)),
        ("+08:00", "abbreviation", ("+08:00",)),
        ("GMT+3", "abbreviation", ("+03:00",)),
        ("Eastern Standard Time", "abbreviation", ("-05:00",)),
        ("Korean time", "place-time", ("Asia/Seoul", "Asia/Pyongyang")),
    ],
)
def test_parse_designator(text: str, kind: str, candidates: tuple[str, ...]) -> None:
    designation = parse_designator(text)
    assert designation is not None
    assert (designation.kind, designation.candidates) == (kind, candidates)


def test_parse_designator_rejects() -> None:
    assert parse_designator("") is None
    assert parse_designator("tomorrow") is None


def test_designator_candidates_are_valid_zones() -> None:
    text = (
        "1400 CST 0900 IST 1200 KST 3 p.m. BST 1200 HST Moscow time Korean time "
        "Central European Time 231530K"
    )
    for designation in find_designators(text):
        for candidate in designation.candidates:
            get_zone(candidate)


# ---------------------------------------------------------------------------
# shared gold cases


def _gold_cases() -> list[object]:
    if not GOLD.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"gold file absent: {GOLD}"))]
    with GOLD.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [pytest.param(row, id=row["id"]) for row in rows]


def _resolve_gold(row: dict[str, object], name: str) -> tuple[str, object]:
    place = lookup(name)
    assert place is not None, f"{row['id']}: no place for {name!r}"
    resolution = local_to_utc(datetime.fromisoformat(str(row["local"])), place.zone)
    return place.zone, resolution


@pytest.mark.parametrize("row", _gold_cases())
def test_gold_case(row: dict[str, object]) -> None:
    accepted = {datetime.fromisoformat(str(a).replace("Z", "+00:00")) for a in row["accept_utc"]}
    kind = str(row["kind"]).lower()
    dateline_city = str(row["text"]).split(",")[0]
    for name in (str(row["place"]), dateline_city):
        zone, resolution = _resolve_gold(row, name)
        candidates = set(resolution.candidates)
        if kind == "unique":
            ok = resolution.status == "unique" and candidates <= accepted
        else:
            ok = resolution.status == kind and candidates == accepted
        if not ok and row.get("version_sensitive"):
            pytest.xfail(f"{row['id']} is tzdata-version sensitive: {zone} gave {resolution}")
        assert ok, f"{row['id']}: {name!r} -> {zone}: {resolution}"
