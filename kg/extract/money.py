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


def parse_amount(text: str) -> float | None:
    """The dollar amount a money phrase states, or ``None`` when it states none.

    Qualifiers ("nearly", "more than", "about") are read past: the amount is the
    figure the text gives.
    """
    m = _NUM.search(text)
    if not m:
        return None
    num = m.group("num") or m.group("num2")
    try:
        value = float(num.replace(",", ""))
    except ValueError:
        return None
    scales: dict[str, int] = lexicon()["money_scale"]
    word = (m.group("scale") or m.group("suffix") or m.group("scale2") or "").lower()
    value *= scales.get(word, 1)
    return float(round(value, 2))
