"""Score the extractor against gold files (annotation guidelines, section 5).

The rules are the guidelines' own, and the figures agree with
``shared/tools/score.py`` on the same files (a test checks it):

* predicted entities are matched to gold entities by their own name, first
  against gold canonical names, then against aliases; each gold entity
  matches at most one prediction;
* relations are compared as (subject, predicate, object) through that
  matching, ``challenges`` in either direction, each key counted once per
  article; optional gold relations count neither way;
* only the six scored predicates count; a relation whose evidence is not an
  exact slice of the article is a false alarm;
* amounts: of the gold ``funds`` relations with an amount that were found,
  the share predicted within 1%;
* counts are summed over articles, then divided (micro averages).

This module never imports spaCy at import time: :func:`evaluate` takes any
``extract`` function, so scoring can be tested on hand-made predictions.

>>> gold = Gold.from_json({
...     "article": "a.txt",
...     "entities": [{"name": "Larry Krasner", "category": "Prosecutor", "aliases": ["Krasner"]},
...                  {"name": "Philadelphia", "category": "Place", "aliases": []}],
...     "relations": [{"subject": "Larry Krasner", "predicate": "prosecutorOf",
...                    "object": "Philadelphia"}]}, "a.json")
>>> text = "Krasner is the DA of Philadelphia."
>>> pred = {"entities": [{"name": "Krasner", "category": "Prosecutor"},
...                      {"name": "Philadelphia", "category": "Place"}],
...         "relations": [{"subject": "Krasner", "predicate": "prosecutorOf",
...                        "object": "Philadelphia",
...                        "evidence": {"text": text, "start": 0, "end": len(text)}}]}
>>> s = score_article(gold, pred, text)
>>> s.counts["rel_tp"], s.counts["ent_tp_typed"]
(1, 2)
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.messages import Errors
from kg.model import CATEGORIES, PREDICATES

__all__ = [
    "ArticleScore",
    "EvalError",
    "Gold",
    "Report",
    "evaluate",
    "evaluate_dir",
    "load_gold_dir",
    "norm",
    "prf",
    "read_split",
    "score_article",
]


class EvalError(KGError):
    """A gold file, split file or gold directory that cannot be used."""


def norm(name: str) -> str:
    """A name as the scorer compares it (guidelines, section 1).

    >>> norm("the Soros’s")
    'soros'
    >>> norm("Justice and Public Safety PAC")
    'justice & public safety pac'
    """
    s = unicodedata.normalize("NFKC", name or "").replace("\u2019", "'").replace("\u2018", "'")
    s = s.strip().strip(' \t\n.,;:!?"()[]{}').lower()
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"^the ", "", s)
    s = re.sub(r"('s|')$", "", s).strip()
    return s.replace(" and ", " & ")


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where undefined).

    >>> prf(3, 4, 6)
    (0.75, 0.5, 0.6)
    """
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# ---------------------------------------------------------------------------
# gold files


@dataclass(frozen=True)
class Gold:
    """One gold file, checked: relation ends are entity names, terms are known."""

    article: str
    entities: list[dict[str, Any]]
    relations: list[dict[str, Any]]
    path: str = ""

    @classmethod
    def from_json(cls, data: Any, path: str) -> Gold:
        def bad(reason: str) -> EvalError:
            return EvalError(Errors.BAD_GOLD.format(path=path, reason=reason))

        if not isinstance(data, dict) or not isinstance(data.get("article"), str):
            raise bad('expected an object with "article", "entities" and "relations"')
        ents, rels = data.get("entities"), data.get("relations", [])
        if not isinstance(ents, list) or not isinstance(rels, list):
            raise bad('"entities" and "relations" must be lists')
        keys: dict[str, str] = {}
        for e in ents:
            if not isinstance(e, dict) or not isinstance(e.get("name"), str) or not e["name"]:
                raise bad(f"entity without a name: {e!r}")
            if e.get("category") not in CATEGORIES:
                raise bad(f"entity {e['name']!r} has category {e.get('category')!r}")
            aliases = e.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise bad(f"aliases of {e['name']!r} must be a list of names")
            if norm(e["name"]) in keys:
                raise bad(f"entity {e['name']!r} is listed twice")
            keys[norm(e["name"])] = e["name"]
        for r in rels:
            if not isinstance(r, dict):
                raise bad(f"relation is not an object: {r!r}")
            if r.get("predicate") not in PREDICATES:
                raise bad(f"unknown predicate {r.get('predicate')!r}")
            for end in ("subject", "object"):
                if norm(str(r.get(end, ""))) not in keys:
                    raise bad(f"relation {end} {r.get(end)!r} is not an entity name")
            if "amount" in r and not isinstance(r["amount"], int | float):
                raise bad(f"amount {r['amount']!r} is not a number")
        return cls(data["article"], ents, rels, path)

    @classmethod
    def read(cls, path: str | Path) -> Gold:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise EvalError(Errors.BAD_GOLD.format(path=path, reason=f"not JSON ({e})")) from None
        except (OSError, UnicodeError) as e:
            raise EvalError(Errors.BAD_GOLD.format(path=path, reason=e)) from None
        return cls.from_json(data, str(path))


def read_split(path: str | Path) -> dict[str, str]:
    """The split file: one ``dev NAME`` or ``test NAME`` per line (``#`` comments).

    Returns ``{gold stem: split}``.
    """
    out: dict[str, str] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError) as e:
        raise EvalError(Errors.BAD_SPLIT.format(path=path, reason=e)) from None
    for n, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2:
            raise EvalError(Errors.BAD_SPLIT.format(path=path, reason=f"line {n}: {line!r}"))
        out[Path(parts[1]).stem] = parts[0]
    return out


def load_gold_dir(
    gold_dir: str | Path, split: str | None = None, split_file: str | Path | None = None
) -> list[Gold]:
    """Every ``*.json`` gold file in ``gold_dir`` (sorted), optionally only one split."""
    d = Path(gold_dir)
    if not d.is_dir():
        raise EvalError(Errors.NO_SUCH_PATH.format(path=gold_dir))
    files = sorted(p for p in d.iterdir() if p.suffix == ".json")
    if split is not None:
        sf = Path(split_file) if split_file else d.parent / "split.txt"
        table = read_split(sf)
        names = set(table.values())
        if split not in names:
            raise EvalError(
                Errors.UNKNOWN_SPLIT.format(split=split, path=sf, names=", ".join(sorted(names)))
            )
        files = [p for p in files if table.get(p.stem) == split]
    if not files:
        raise EvalError(Errors.NO_GOLD.format(path=gold_dir))
    return [Gold.read(p) for p in files]


# ---------------------------------------------------------------------------
# scoring


@dataclass
class ArticleScore:
    """Counts for one article and, for ``--show``, what was missed or wrongly found."""

    article: str
    counts: Counter = field(default_factory=Counter)
    missed_entities: list[str] = field(default_factory=list)
    extra_entities: list[str] = field(default_factory=list)
    wrong_category: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)
    false_relations: list[str] = field(default_factory=list)
    wrong_amounts: list[str] = field(default_factory=list)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = {
            k: getattr(self, k)
            for k in (
                "article",
                "missed_entities",
                "extra_entities",
                "wrong_category",
                "missed_relations",
                "false_relations",
                "wrong_amounts",
            )
        }
        if self.error:
            out["error"] = self.error
        return out


def _match_entities(
    gents: list[dict[str, Any]], pents: list[dict[str, Any]]
) -> tuple[dict[int, int], dict[int, int]]:
    keys = [{norm(e["name"])} | {norm(a) for a in e.get("aliases", [])} for e in gents]
    gmatch: dict[int, int] = {}
    pmatch: dict[int, int] = {}
    for by_alias in (False, True):
        for i, pe in enumerate(pents):
            if i in pmatch:
                continue
            n = norm(str(pe.get("name", "")))
            for j, ge in enumerate(gents):
                if j in gmatch:
                    continue
                if (n in keys[j]) if by_alias else (n == norm(ge["name"])):
                    gmatch[j], pmatch[i] = i, j
                    break
    return gmatch, pmatch


def _key(s: Any, p: str, o: Any) -> tuple:
    if p == "challenges":
        s, o = sorted((s, o))
    return (s, p, o)


def score_article(gold: Gold, pred: dict[str, Any], text: str) -> ArticleScore:
    """Score one prediction (the JSON of ``kg extract --json``) against its gold."""
    out = ArticleScore(gold.article)
    c = out.counts
    gents = gold.entities
    pents = [e for e in pred.get("entities", []) if isinstance(e, dict)]
    gmatch, pmatch = _match_entities(gents, pents)
    c["ent_gold"] += len(gents)
    c["ent_pred"] += len(pents)
    c["ent_tp"] += len(pmatch)
    c["ent_tp_typed"] += sum(
        1 for i, j in pmatch.items() if pents[i].get("category") == gents[j]["category"]
    )
    name2g = {norm(str(pents[i].get("name", ""))): j for i, j in pmatch.items()}
    gname = {norm(e["name"]): j for j, e in enumerate(gents)}

    required: set[tuple] = set()
    optional: set[tuple] = set()
    amounts: dict[tuple, float] = {}
    for r in gold.relations:
        k = _key(gname[norm(r["subject"])], r["predicate"], gname[norm(r["object"])])
        (optional if r.get("optional") else required).add(k)
        if "amount" in r and not r.get("optional"):
            amounts[k] = float(r["amount"])

    found: set[tuple] = set()
    false: list[tuple[tuple, str]] = []
    predamt: dict[tuple, float] = {}
    seen: set[tuple] = set()
    for r in pred.get("relations", []):
        p = r.get("predicate") if isinstance(r, dict) else None
        if p not in PREDICATES:
            continue
        ev = r.get("evidence") or {}
        ok_ev = (
            isinstance(ev, dict)
            and isinstance(ev.get("start"), int)
            and isinstance(ev.get("end"), int)
            and bool(ev.get("text"))
            and text[ev["start"] : ev["end"]] == ev.get("text")
        )
        s = name2g.get(norm(str(r.get("subject", ""))))
        o = name2g.get(norm(str(r.get("object", ""))))
        k = (
            ("?", str(r.get("subject")), p, str(r.get("object")))
            if s is None or o is None
            else (_key(s, p, o))
        )
        if k in seen:
            continue
        seen.add(k)
        if not ok_ev:
            c["bad_evidence"] += 1
            c[f"fp:{p}"] += 1
            false.append((k, "bad evidence"))
        elif k in required:
            found.add(k)
            c[f"tp:{p}"] += 1
            if r.get("amount") is not None:
                try:
                    predamt[k] = float(r["amount"])
                except (TypeError, ValueError):
                    pass
        elif k not in optional:
            c[f"fp:{p}"] += 1
            false.append((k, ""))
    for k in required - found:
        c[f"fn:{k[1]}"] += 1
    c["rel_gold"] += len(required)
    c["rel_tp"] += len(found)
    c["rel_fp"] += len(false)

    def show(k: tuple) -> str:
        if k[0] == "?":
            return f"{k[1]} -{k[2]}-> {k[3]} (unmatched end)"
        return f"{gents[k[0]]['name']} -{k[1]}-> {gents[k[2]]['name']}"

    for k, a in amounts.items():
        if k in found:
            c["amt_found"] += 1
            got = predamt.get(k)
            if got is not None and abs(got - a) <= 0.01 * a:
                c["amt_ok"] += 1
            else:
                out.wrong_amounts.append(f"{show(k)}: {got} (gold {a:g})")

    out.missed_entities = [
        f"{e['name']} ({e['category']})" for j, e in enumerate(gents) if j not in gmatch
    ]
    for i, e in enumerate(pents):
        if i not in pmatch:
            out.extra_entities.append(f"{e.get('name')} ({e.get('category')})")
        elif e.get("category") != gents[pmatch[i]]["category"]:
            out.wrong_category.append(
                f"{e.get('name')} {e.get('category')} (gold {gents[pmatch[i]]['category']})"
            )
    out.missed_relations = [show(k) for k in sorted(required - found, key=str)]
    out.false_relations = [f"{show(k)} {why}".rstrip() for k, why in false]
    return out


@dataclass
class Report:
    """Scores summed over articles, with each article's details."""

    articles: list[ArticleScore]

    @property
    def counts(self) -> Counter:
        total: Counter = Counter()
        for a in self.articles:
            total.update(a.counts)
        return total

    def predicates(self) -> dict[str, dict[str, float]]:
        c = self.counts
        out = {}
        for p in sorted(PREDICATES):
            tp, fp, fn = c[f"tp:{p}"], c[f"fp:{p}"], c[f"fn:{p}"]
            pp, pr, pf = prf(tp, tp + fp, tp + fn)
            out[p] = {"gold": tp + fn, "tp": tp, "fp": fp, "fn": fn, "p": pp, "r": pr, "f1": pf}
        return out

    def summary(self) -> dict[str, Any]:
        """The figures ``score.py --json`` writes, under the same keys."""
        c = self.counts
        ep, er, ef = prf(c["ent_tp"], c["ent_pred"], c["ent_gold"])
        _, _, tf = prf(c["ent_tp_typed"], c["ent_pred"], c["ent_gold"])
        rp, rr, rf = prf(c["rel_tp"], c["rel_tp"] + c["rel_fp"], c["rel_gold"])
        return {
            "entity_p": ep,
            "entity_r": er,
            "entity_f1": ef,
            "typed_entity_f1": tf,
            "relation_p": rp,
            "relation_r": rr,
            "relation_f1": rf,
            "amount_acc": c["amt_ok"] / c["amt_found"] if c["amt_found"] else 0.0,
            "amount_ok": c["amt_ok"],
            "amount_found": c["amt_found"],
            "bad_evidence": c["bad_evidence"],
            "errors": sum(1 for a in self.articles if a.error),
            "articles": len(self.articles),
        }

    def to_json(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"summary": self.summary(), "predicates": self.predicates()}
        if details:
            out["articles"] = [a.to_json() for a in self.articles]
        return out


def evaluate(
    golds: Iterable[Gold],
    text_dir: str | Path,
    extract: Callable[[str | Path], dict[str, Any]],
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Run ``extract`` (path → ``kg extract --json`` object) on each gold file's text
    and score it. An article that fails to extract scores as an empty prediction
    and is reported with its error, as ``score.py`` does."""
    scores = []
    for g in golds:
        path = Path(text_dir) / g.article
        if not path.is_file():
            raise EvalError(Errors.GOLD_TEXT_MISSING.format(path=path, gold=g.path))
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
        if progress:
            progress(g.article)
        try:
            pred, err = extract(path), None
        except KGError as e:
            pred, err = {}, str(e)
        s = score_article(g, pred, text)
        s.error = err
        scores.append(s)
    return Report(scores)


def evaluate_dir(
    gold_dir: str | Path,
    text_dir: str | Path | None = None,
    *,
    split: str | None = None,
    split_file: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Score reform-kg's own extractor on a gold directory.

    ``text_dir`` defaults to the ``articles`` directory beside ``gold_dir``
    (``corpus/gold`` → ``corpus/articles``); ``split`` keeps only the gold files
    the split file (default ``split.txt`` beside ``gold_dir``) assigns to it.
    """
    from kg.articles import read_article
    from kg.extract import extract

    golds = load_gold_dir(gold_dir, split, split_file)
    text_dir = Path(text_dir) if text_dir else Path(gold_dir).parent / "articles"
    if not text_dir.is_dir():
        raise EvalError(Errors.NO_SUCH_PATH.format(path=text_dir))
    return evaluate(golds, text_dir, lambda p: extract(read_article(p)).to_json(), progress)
