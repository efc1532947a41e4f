"""Order checks in a test suite: the corpus's chronology as assertions.

Run it with pytest (``pytest examples/check_order_in_tests.py``) or as a script. A
historian's expectations about a corpus become tests that fail with the evidence when a
newly added document contradicts them.
"""

from __future__ import annotations

from pathlib import Path

import chronology
from chronology import assert_before

SEED = Path(__file__).resolve().parents[1] / "data" / "seed"


def test_earlier_telegram_reached_moscow_first() -> None:
    corpus = chronology.read(str(SEED))
    # No. 20757 (Moscow's incoming register) was registered before No. 20772.
    assert_before(corpus, ("20757", "received"), ("20772", "received"))


def test_mao_wrote_before_the_ambassador_received() -> None:
    chron = chronology.read(str(SEED)).chronology()
    assert chron.consistent
    mao = next(m for m in chron.messages.values() if m.sender == "Mao Zedong" and m.document)
    assert chron.before((mao.id, "written"), ("20772", "received")) is True


if __name__ == "__main__":
    test_earlier_telegram_reached_moscow_first()
    test_mao_wrote_before_the_ambassador_received()
    print("order checks on the seed corpus: 2 passed")
