"""Compiled reading rules, kept between runs.

The reader's rules are large regular expressions (the combined temporal rules, the
gazetteer's ~700 place names); compiling them takes longer than reading a hundred short
documents, and a command-line run pays it every time. :func:`compile_rule` compiles a pattern
once per Python version and keeps the engine's compiled form in a file in the user's
cache directory; later runs load it instead of compiling again.

The compiled form is the input of the standard library's own engine (``_sre``), the same
call ``re.compile`` ends with, so a rule loaded from the cache is the pattern
``re.compile`` would return. The engine checks that input before accepting it. Anything
unexpected (another Python, an unreadable, foreign or damaged file, an engine that does
not accept the call) falls back to ``re.compile``: the cache can make a run faster,
never different. ``CHRONOLOGY_RULE_CACHE=off`` turns it off; setting it to a directory
puts the cache there.

The file is trusted as Python trusts the bytecode it keeps in ``__pycache__``: it lives in
the user's own directory, and whoever can write there can change what runs anyway.
"""

from __future__ import annotations

import array
import atexit
import marshal
import os
import re
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:  # the engine's own entry point; absent or different elsewhere: plain re.compile
    import _sre
    from re import _compiler, _parser

    _ENGINE: Any = _sre
except ImportError:  # pragma: no cover - other Python implementations
    _ENGINE = None

# flags, the engine's code (as 32-bit words: a list of Python ints takes nine times the
# memory), number of groups, group index, index group
_Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_FORMAT = 2
_MAX_ENTRIES = 400  # the package compiles about 200 rules
_MAX_BUILT = 20


def _cache_file() -> Path | None:
    try:
        return _cache_path()
    except (RuntimeError, KeyError, OSError):  # no home directory to be found
        return None


def _cache_path() -> Path | None:
    setting = os.environ.get("CHRONOLOGY_RULE_CACHE", "")
    if setting.lower() in ("off", "0", "no") or _ENGINE is None:
        return None
    if setting:
        base = Path(setting)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        base = base / "chronology" / "cache"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chronology"
    tag = f"{sys.version}|{getattr(_ENGINE, 'MAGIC', '')}|{_FORMAT}"
    return base / f"rules-{zlib.crc32(tag.encode()):08x}.marshal"


class _Store:
    """The cache file's entries, loaded on first use and written back at exit when a
    rule was compiled that it did not hold."""

    def __init__(self) -> None:
        self.path = _cache_file()
        self.entries: dict[tuple[str, int], _Entry] = {}
        self.built: dict[str, str] = {}  # patterns built from data, by a key of that data
        self.loaded = False
        self.added = False
        self.used: set[tuple[str, int]] = set()
        self.used_built: set[str] = set()

    def load(self) -> None:
        self.loaded = True
        if self.path is None:
            return
        try:
            data = marshal.loads(self.path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return
        if (
            isinstance(data, tuple)
            and len(data) == 2
            and isinstance(data[0], dict)
            and isinstance(data[1], dict)
        ):
            self.entries, self.built = data

    def save(self) -> None:
        if not self.added or self.path is None:
            return
        if len(self.entries) > _MAX_ENTRIES:  # rules of older versions pile up: drop them
            self.entries = {k: v for k, v in self.entries.items() if k in self.used}
        if len(self.built) > _MAX_BUILT:
            self.built = {k: v for k, v in self.built.items() if k in self.used_built}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = marshal.dumps((self.entries, self.built))
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".rules-")
        except (OSError, ValueError):
            return  # a read-only home: the next run compiles again
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, self.path)  # atomic: a concurrent run reads old or new
        except OSError:  # a full disk
            Path(tmp).unlink(missing_ok=True)


_STORE = _Store()
atexit.register(_STORE.save)


def _from_entry(pattern: str, e: _Entry) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = e
    words = array.array("I")
    words.frombytes(code)
    return _ENGINE.compile(pattern, flags, words.tolist(), groups, groupindex, indexgroup)


def _entry(pattern: str, flags: int) -> _Entry:
    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    # The engine's opcodes are int subclasses; the file holds plain ints.
    return (
        int(flags | p.state.flags),
        array.array("I", [int(c) for c in code]).tobytes(),
        int(p.state.groups - 1),
        {str(k): int(v) for k, v in groupindex.items()},
        tuple(indexgroup),
    )


def compile_rule(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the cache when it holds the pattern."""
    flags = int(flags)
    if _STORE.path is None or flags & re.DEBUG:
        return re.compile(pattern, flags)
    if not _STORE.loaded:
        _STORE.load()
    key = (pattern, flags)
    _STORE.used.add(key)
    found = _STORE.entries.get(key)
    if found is not None:
        try:
            return _from_entry(pattern, found)
        except Exception:  # a damaged or foreign entry: compile afresh
            _STORE.entries.pop(key, None)
    try:
        entry = _entry(pattern, flags)
        compiled = _from_entry(pattern, entry)
    except Exception:  # an engine this module does not know: the standard way
        return re.compile(pattern, flags)
    _STORE.entries[key] = entry
    _STORE.added = True
    return compiled


def built_rule(
    key: str, build: Callable[[], str], flags: int | re.RegexFlag = 0
) -> re.Pattern[str]:
    """A rule whose pattern is built from data (the gazetteer's names): ``key`` must change
    whenever the data does; the built pattern is kept with the compiled rules."""
    if _STORE.path is None:
        return compile_rule(build(), flags)
    if not _STORE.loaded:
        _STORE.load()
    _STORE.used_built.add(key)
    pattern = _STORE.built.get(key)
    if not isinstance(pattern, str):
        pattern = build()
        _STORE.built[key] = pattern
        _STORE.added = True
    return compile_rule(pattern, flags)
