"""The word lists in ``patterns/lexicon.json``, loaded once."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["PATTERN_DIR", "lexicon", "words"]

PATTERN_DIR = Path(__file__).parent / "patterns"


@cache
def lexicon() -> dict[str, Any]:
    with open(PATTERN_DIR / "lexicon.json", encoding="utf-8") as f:
        return json.load(f)


@cache
def words(key: str) -> frozenset[str]:
    """One word list as a set; a key that is not in the file is an error."""
    return frozenset(lexicon()[key])
