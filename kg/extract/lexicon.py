"""The word lists in ``patterns/lexicon.json``, loaded once."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["PATTERN_DIR", "lexicon", "name_list", "words"]

PATTERN_DIR = Path(__file__).parent / "patterns"


@cache
def lexicon() -> dict[str, Any]:
    with open(PATTERN_DIR / "lexicon.json", encoding="utf-8") as f:
        return json.load(f)


@cache
def words(key: str) -> frozenset[str]:
    """One word list as a set; a key that is not in the file is an error."""
    return frozenset(lexicon()[key])


@cache
def name_list(filename: str) -> frozenset[str]:
    """A whitespace-separated list of names from a pattern file (``_`` joins words)."""
    out: set[str] = set()
    for line in (PATTERN_DIR / filename).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            out.update(w.replace("_", " ") for w in line.split())
    return frozenset(out)
