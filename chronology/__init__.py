"""chronology: reconstruct chronologies from archival messages.

The small public face::

    import chronology
    corpus = chronology.read(["telegrams/"])        # read, place in clocks, link
    chron = corpus.chronology()                      # constraints, solved
    chron.consistent, chron.conflicts
    chron.before(("20757", "received"), ("20772", "received"))   # True / False / None
    chronology.plot_timeline(chron)                  # matplotlib Axes

Submodules are imported on first use, so ``import chronology`` stays cheap and never
imports matplotlib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Chronology",
    "Corpus",
    "assert_before",
    "extract_document",
    "from_texts",
    "plot_timeline",
    "read",
    "save_timeline",
    "tzdata_version",
]

_LAZY = {
    "read": ("chronology.corpus", "read"),
    "from_texts": ("chronology.corpus", "from_texts"),
    "Corpus": ("chronology.corpus", "Corpus"),
    "Chronology": ("chronology.chronicle", "Chronology"),
    "extract_document": ("chronology.extract", "extract_document"),
    "plot_timeline": ("chronology.chart", "plot_timeline"),
    "save_timeline": ("chronology.chart", "save_timeline"),
    "assert_before": ("chronology.testing", "assert_before"),
}

if TYPE_CHECKING:  # pragma: no cover
    from chronology.chart import plot_timeline, save_timeline
    from chronology.chronicle import Chronology
    from chronology.corpus import Corpus, from_texts, read
    from chronology.extract import extract_document
    from chronology.testing import assert_before


def tzdata_version() -> str:
    """The IANA release of the pinned tz data every offset is computed from."""
    from chronology.zones.tzdb import TZDATA_VERSION

    return TZDATA_VERSION


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'chronology' has no attribute {name!r}")
