"""Rules loaded from the compiled-rule cache behave as freshly compiled ones, and a
missing, damaged or unwritable cache changes nothing but speed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from chronology import patterns

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seed"
SAMPLES = [
    "Received 19:55 13.June.1951",
    "130510Z JUN 51; No. 2974 13.6.51",
    "From BEIJING Nº 1309 20 hours 05 minutes, 13.1.1951",
    "ΣΊΣΥΦΟΣ ſ K ı İ straße",
    "",
]
RULES = [
    (r"(?P<h>\d{1,2}):(?P<m>\d\d)", 0),
    (r"(?i:\b(today|yesterday))", re.MULTILINE),
    (r"(?<![\w/])(\d\d)(\d\d)(\d\d)([A-IK-Z])(?![A-Za-z])", 0),
    (r"straße|SIS", re.IGNORECASE),
    (r"^\s*No\.\s*(\d+)$", re.MULTILINE),
]


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, dict(a.groupindex)) == (
        b.pattern,
        b.flags,
        b.groups,
        dict(b.groupindex),
    )
    for s in SAMPLES:
        assert [m.span() + m.groups() for m in a.finditer(s)] == [
            m.span() + m.groups() for m in b.finditer(s)
        ]


@pytest.mark.parametrize(("pattern", "flags"), RULES)
def test_cached_rules_are_the_compiled_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, flags: int
) -> None:
    monkeypatch.setenv("CHRONOLOGY_RULE_CACHE", str(tmp_path))
    store = patterns._Store()
    monkeypatch.setattr(patterns, "_STORE", store)
    fresh = patterns.compile_rule(pattern, flags)
    _same(fresh, re.compile(pattern, flags))
    store.save()
    assert list(tmp_path.glob("rules-*.marshal"))
    again = patterns._Store()
    monkeypatch.setattr(patterns, "_STORE", again)
    loaded = patterns.compile_rule(pattern, flags)
    assert again.entries and not again.added  # it came from the file
    _same(loaded, re.compile(pattern, flags))


def test_an_invalid_pattern_raises_as_re_does() -> None:
    with pytest.raises(re.error):
        patterns.compile_rule(r"(unclosed")


def _extract(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, **env)
    return subprocess.run(
        [sys.executable, "-m", "chronology.cli", "extract", str(SEED)],
        capture_output=True,
        text=True,
        env=full,
        cwd=ROOT,
    )


def test_cache_states_change_nothing_but_speed(tmp_path: Path) -> None:
    off = _extract({"CHRONOLOGY_RULE_CACHE": "off"})
    assert off.returncode == 0 and off.stderr == ""
    cache = tmp_path / "cache"
    first = _extract({"CHRONOLOGY_RULE_CACHE": str(cache)})  # writes the cache
    files = list(cache.glob("rules-*.marshal"))
    assert len(files) == 1 and files[0].stat().st_size > 0
    second = _extract({"CHRONOLOGY_RULE_CACHE": str(cache)})  # reads it
    files[0].write_bytes(b"\x00damaged" * 100)
    damaged = _extract({"CHRONOLOGY_RULE_CACHE": str(cache)})
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    unwritable = _extract({"CHRONOLOGY_RULE_CACHE": str(blocked / "sub")})
    for r in (first, second, damaged, unwritable):
        assert r.returncode == 0 and r.stderr == "", r.stderr
        assert r.stdout == off.stdout
    assert not list(cache.glob(".rules-*"))  # no temporary file left behind


def test_built_rules_are_rebuilt_only_when_their_data_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHRONOLOGY_RULE_CACHE", str(tmp_path))
    monkeypatch.setattr(patterns, "_STORE", patterns._Store())
    calls: list[str] = []

    def build(names: tuple[str, ...]) -> str:
        calls.append("built")
        return "|".join(names)

    first = patterns.built_rule("names:1", lambda: build(("Moscow", "Beijing")), re.I)
    patterns._STORE.save()
    monkeypatch.setattr(patterns, "_STORE", patterns._Store())
    again = patterns.built_rule("names:1", lambda: build(("Moscow", "Beijing")), re.I)
    changed = patterns.built_rule("names:2", lambda: build(("Seoul",)), re.I)
    assert calls == ["built", "built"]  # the second run took the first pattern from the file
    assert again.pattern == first.pattern and again.search("in BEIJING")
    assert changed.search("SEOUL") and not changed.search("Moscow")


def test_no_home_directory_means_no_cache(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME")}
    env.pop("CHRONOLOGY_RULE_CACHE", None)
    code = (
        "import pathlib\n"
        "def no_home(*a, **k):\n"
        "    raise RuntimeError('Could not determine home directory')\n"
        "pathlib.Path.home = classmethod(no_home)\n"
        "from chronology import patterns\n"
        "assert patterns._STORE.path is None\n"
        "assert patterns.compile_rule('a+').match('aa')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize(
    "content",
    [("not", "dicts"), ({("a+", 0): "nonsense"}, {}), ({("a+", 0): (0, [1, 2], 0, {}, ())}, {})],
)
def test_a_well_formed_file_with_wrong_contents_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: object
) -> None:
    import marshal

    monkeypatch.setenv("CHRONOLOGY_RULE_CACHE", str(tmp_path))
    store = patterns._Store()
    assert store.path is not None
    store.path.write_bytes(marshal.dumps(content))
    monkeypatch.setattr(patterns, "_STORE", store)
    _same(patterns.compile_rule("a+"), re.compile("a+"))


def test_rules_of_older_versions_are_dropped_when_they_pile_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHRONOLOGY_RULE_CACHE", str(tmp_path))
    monkeypatch.setattr(patterns, "_MAX_ENTRIES", 5)
    store = patterns._Store()
    monkeypatch.setattr(patterns, "_STORE", store)
    for i in range(8):
        patterns.compile_rule(f"old{i}+")
    store.save()
    later = patterns._Store()
    monkeypatch.setattr(patterns, "_STORE", later)
    patterns.compile_rule("new+")
    later.save()
    kept = patterns._Store()
    kept.load()
    assert [k for k, _ in kept.entries] == ["new+"]
