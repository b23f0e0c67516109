"""Reading dollar amounts out of text.

>>> parse_amount("$1.7 million")
1700000.0
>>> parse_amount("nearly $3 million")
3000000.0
>>> parse_amount("$250,000")
250000.0
>>> parse_amount("$2.5M")
2500000.0
>>> parse_amount("six figures") is None
True
>>> parse_amount("tens of millions of dollars") is None
True
>>> parse_amount("half a million dollars")
500000.0
>>> parse_amount("two million dollars")
2000000.0
>>> parse_amount("a quarter of a million dollars")
250000.0
"""

from __future__ import annotations

import re

from kg.extract.lexicon import lexicon

__all__ = ["parse_amount"]

_NUM = re.compile(
    r"\$\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<suffix>[kKmMbB]\b|[kKmMbB]n\b)?\s*(?P<scale>thousand|million|billion|mil)?\b"
    r"|(?P<num2>\d[\d,]*(?:\.\d+)?)\s*(?P<scale2>thousand|million|billion)?\s+dollars\b",
    re.I,
)


_WORDS = re.compile(
    r"\b(?P<count>a|one|two|three|four|five|six|seven|eight|nine|ten|half a|a half|"
    r"a quarter of a|a quarter|three quarters of a)\s+(?P<scale>thousand|million|billion)"
    r"\s+dollars\b",
    re.I,
)
_COUNTS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "half a": 0.5, "a half": 0.5, "a quarter of a": 0.25,
    "a quarter": 0.25, "three quarters of a": 0.75,
}  # fmt: skip


def parse_amount(text: str) -> float | None:
    """The dollar amount a money phrase states, or ``None`` when it states none.

    Qualifiers ("nearly", "more than", "about") are read past: the amount is the
    figure the text gives. Spelled-out amounts count ("half a million dollars");
    "six figures" and "millions of dollars" give none.
    """
    m = _NUM.search(text)
    if not m:
        w = _WORDS.search(text)
        if w is None:
            return None
        scale = lexicon()["money_scale"][w.group("scale").lower()]
        return float(_COUNTS[w.group("count").lower()] * scale)
    num = m.group("num") or m.group("num2")
    try:
        value = float(num.replace(",", ""))
    except ValueError:
        return None
    scales: dict[str, int] = lexicon()["money_scale"]
    word = (m.group("scale") or m.group("suffix") or m.group("scale2") or "").lower()
    value *= scales.get(word, 1)
    return float(round(value, 2))
