"""The word lists in ``patterns/lexicon.json``, loaded once."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["PATTERN_DIR", "first_names", "lexicon", "name_list", "name_pairs", "words"]

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


@cache
def name_pairs(filename: str) -> dict[str, str]:
    """A two-column pattern file (``_`` joins words) as a mapping, first column → second."""
    out: dict[str, str] = {}
    for line in (PATTERN_DIR / filename).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#"):
            out[parts[0].replace("_", " ")] = parts[1].replace("_", " ")
    return out


@cache
def first_names(gender: str | None = None) -> frozenset[str]:
    """Given names: ``"f"`` or ``"m"`` for the names mostly given to one sex, None for all
    (those two lists, the names given to both, and ``first_names.txt``)."""
    if gender == "f":
        return name_list("first_names_female.txt")
    if gender == "m":
        return name_list("first_names_male.txt")
    return (
        name_list("first_names.txt")
        | name_list("first_names_female.txt")
        | name_list("first_names_male.txt")
        | name_list("first_names_unisex.txt")
    )
