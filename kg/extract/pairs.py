"""A learned second reader: scores every pair of entities named in one sentence.

The rules in :mod:`kg.extract.relations` read the constructions they know; this
model reads the rest. It is a logistic regression per predicate over features
of the sentence between the two names: the dependency path that joins them
(its words and labels), the words between them, their grammatical roles, their
categories, and negation, speculation and money nearby. No names are features,
so it reads articles about people no list contains.

The weights (``patterns/pair_model.json``) are trained by :mod:`kg.extract.train`
from the repository's own gold files (the ``dev`` split and ``corpus/tune``);
nothing is downloaded.

>>> sigmoid(0.0)
0.5
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Span, Token

from kg.extract.lexicon import words

__all__ = [
    "MODEL_PATH",
    "Candidate",
    "PairModel",
    "candidates",
    "load_model",
    "pair_features",
    "sigmoid",
]

MODEL_PATH = Path(__file__).parent / "patterns" / "pair_model.json"
CONTENT_POS = {"VERB", "NOUN", "ADJ", "ADP", "AUX", "PART", "ADV"}


def sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True)
class Candidate:
    """Two entities (cluster indexes) of one sentence and the tokens that name them."""

    subject: int
    object: int
    s_tok: Token
    o_tok: Token
    sent: Span


def _path(a: Token, b: Token) -> tuple[list[Token], list[Token], Token | None]:
    """Tokens from ``a`` up to the lowest common ancestor, and from ``b`` up to it
    (both lists end with it); the ancestor is None when the two are not joined."""
    up_a = [a, *a.ancestors]
    index = {t.i: n for n, t in enumerate(up_a)}
    up_b: list[Token] = []
    t = b
    while True:
        up_b.append(t)
        if t.i in index:
            return up_a[: index[t.i] + 1], up_b, t
        if t.head.i == t.i:
            return up_a, up_b, None
        t = t.head


def _distance(a: Token, b: Token) -> int:
    pa, pb, lca = _path(a, b)
    return len(pa) + len(pb) if lca is not None else 99


def candidates(sent: Span, anchors: dict[int, list[Token]]) -> Iterator[Candidate]:
    """Every ordered pair of distinct entities anchored in ``sent``, each by the two
    tokens (one per entity) that the parse joins most closely."""
    ents = sorted(anchors)
    for s in ents:
        for o in ents:
            if s == o:
                continue
            best = min(
                ((a, b) for a in anchors[s] for b in anchors[o]),
                key=lambda ab: (_distance(*ab), abs(ab[0].i - ab[1].i)),
            )
            yield Candidate(s, o, best[0], best[1], sent)


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-6" if n <= 6 else "7+"


def pair_features(c: Candidate, s_cat: str, o_cat: str) -> list[str]:
    """The features of one candidate; every one is a plain string.

    Features name words by their lemma, never by the entities' own names.
    """
    a, b = c.s_tok, c.o_tok
    f = ["bias", f"cats={s_cat}>{o_cat}", f"order={'so' if a.i < b.i else 'os'}"]
    pa, pb, lca = _path(a, b)
    if lca is None:
        f.append("nopath")
    else:
        mid = [*pa[1:-1], *pb[1:-1]]
        ups = "/".join(t.dep_ for t in pa[:-1])
        downs = "/".join(t.dep_ for t in reversed(pb[:-1]))
        f.append(f"deps={ups}^{downs}")
        f.append(f"lca={lca.lemma_.lower()}")
        f.append(f"lca_pos={lca.pos_}")
        f.append(f"lca_deps={ups}^{lca.lemma_.lower()}^{downs}")
        f.append(f"plen={_bucket(len(pa) + len(pb) - 2)}")
        for t in mid:
            if t.pos_ in CONTENT_POS:
                f.append(f"pl={t.lemma_.lower()}")
        if len(mid) <= 3:
            f.append("pw=" + "_".join(t.lemma_.lower() for t in mid) + f"|{lca.lemma_.lower()}")
        for t in (lca, *mid):
            kids = {k.dep_ for k in t.children} | {k.lower_ for k in t.children}
            if "neg" in kids or kids & words("negation_words"):
                f.append("neg")
            if kids & words("speculation_modals") or t.lemma_.lower() in words("speculation_heads"):
                f.append("spec")
            if "auxpass" in kids or "nsubjpass" in kids:
                f.append("passive")
    f.append(f"s_dep={a.dep_}:{a.head.lemma_.lower()}")
    f.append(f"o_dep={b.dep_}:{b.head.lemma_.lower()}")
    f.append(f"s_role={a.dep_}")
    f.append(f"o_role={b.dep_}")
    lo, hi = sorted((a.i, b.i))
    between = c.sent.doc[lo + 1 : hi]
    f.append(f"gap={_bucket(len(between))}")
    if len(between) <= 12:
        for t in between:
            if t.pos_ in CONTENT_POS:
                f.append(f"bw={t.lemma_.lower()}")
    money = _money_tokens(c.sent)
    if any(lo < i < hi for i in money):
        f.append("money_between")
    if money:
        f.append("money_in_sentence")
    return f


def _money_tokens(sent: Span) -> tuple[int, ...]:
    """Indexes of the sentence's money tokens (the document's are read once, not per pair)."""
    doc = sent.doc
    by_sent = doc.user_data.get("kg_money_tokens")
    if by_sent is None:
        by_sent = {}
        for e in doc.ents:
            if e.label_ == "MONEY":
                by_sent.setdefault(e.sent.start, []).extend(range(e.start, e.end))
        doc.user_data["kg_money_tokens"] = by_sent
    return tuple(by_sent.get(sent.start, ()))


class PairModel:
    """Weights per predicate; :meth:`score` is the probability the relation holds."""

    def __init__(self, data: dict) -> None:
        self.weights: dict[str, dict[str, float]] = data["weights"]
        self.thresholds: dict[str, float] = data["thresholds"]
        self.allowed: dict[str, list[list[str]]] = data["allowed"]

    def score(self, predicate: str, features: list[str]) -> float:
        w = self.weights[predicate]
        return sigmoid(sum(w.get(x, 0.0) for x in features))


def load_model(path: str | None = None) -> PairModel | None:
    """The trained model, or None when there is none.

    ``KG_PAIR_MODEL`` names another model file, or ``none`` to read with the rules
    alone (to see what the rules find, or to compare).
    """
    chosen = path or os.environ.get("KG_PAIR_MODEL") or str(MODEL_PATH)
    return None if chosen.lower() == "none" else _load(chosen)


@cache
def _load(path: str) -> PairModel | None:
    p = Path(path)
    if not p.exists():
        return None
    return PairModel(json.loads(p.read_text(encoding="utf-8")))
