"""Train the pair model from the repository's gold files.

    python -m kg.extract.train                       # writes kg/extract/patterns/pair_model.json
    python -m kg.extract.train --report              # cross-validated scores, writes nothing

Training reads the ``dev`` split of ``corpus/gold`` (``corpus/split.txt``) and
every gold file of ``corpus/tune`` (invented articles kept for this purpose);
never ``test`` nor ``corpus/eval``. Each pair of entities named in one sentence
is an example for each predicate its categories allow, labelled by the gold
(optional gold relations are left out). The same spaCy pipeline and rules as
``kg extract`` make the examples, so the model learns what the rules miss.

A threshold per predicate is chosen by cross-validation (articles in K folds):
the one that maximises F1 of rules and model together on held-out articles.
Training is deterministic: the same files give the same weights.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.evaluate import Gold, load_gold_dir, norm, read_split

__all__ = ["Example", "TrainingArticle", "choose_thresholds", "fit", "prepare", "train"]

REPO = Path(__file__).resolve().parents[2]
PREDICATES = ("prosecutorOf", "challenges", "supports", "opposes", "funds", "memberOf")
GRID = [round(0.30 + 0.05 * k, 2) for k in range(14)]  # 0.30 … 0.95


@dataclass
class Example:
    predicate: str
    features: list[str]
    label: int
    key: tuple | None  # (gold subject, predicate, gold object), None if an end is not in gold
    by_rules: bool  # the rules already assert this pair


@dataclass
class TrainingArticle:
    name: str
    examples: list[Example] = field(default_factory=list)
    rule_tp: Counter = field(default_factory=Counter)
    rule_fp: Counter = field(default_factory=Counter)
    gold: Counter = field(default_factory=Counter)


def _key(s: str, p: str, o: str) -> tuple:
    return (p, *sorted((s, o))) if p == "challenges" else (p, s, o)


def prepare(golds: Iterable[tuple[Gold, Path]]) -> list[TrainingArticle]:
    """Run the pipeline (rules, no model) on each gold article and collect examples."""
    from kg.articles import read_article
    from kg.extract.pipeline import get_pipeline
    from kg.extract.relations import _Ctx, _finalize, model_candidates, run_rules

    nlp = get_pipeline()
    out = []
    for gold, path in golds:
        art = read_article(path)
        with nlp.select_pipes(disable=["kg_relations"]):
            doc = nlp(art.body)
        ctx = _Ctx(doc)
        run_rules(ctx)
        names: dict[str, str] = {}
        for e in gold.entities:
            for n in (e["name"], *e.get("aliases", [])):
                names.setdefault(norm(n), e["name"])
        to_gold = {ci: names.get(norm(cl.name)) for ci, cl in enumerate(ctx.clusters)}
        required, optional = set(), set()
        ta = TrainingArticle(gold.article)
        for r in gold.relations:
            k = _key(r["subject"], r["predicate"], r["object"])
            (optional if r.get("optional") else required).add(k)
        for k in required:
            ta.gold[k[0]] += 1
        rule_keys = set()
        rule_pairs = set()
        for r in _finalize(ctx):
            if r.predicate not in PREDICATES:
                continue
            rule_pairs.add((r.subject, r.predicate, r.object))
            if r.predicate == "challenges":
                rule_pairs.add((r.object, r.predicate, r.subject))
            s, o = to_gold.get(r.subject), to_gold.get(r.object)
            k = _key(s, r.predicate, o) if s and o else ("?", r.subject, r.predicate, r.object)
            if k in rule_keys:
                continue
            rule_keys.add(k)
            if k in required:
                ta.rule_tp[r.predicate] += 1
            elif k not in optional:
                ta.rule_fp[r.predicate] += 1
        for c, pred, feats in model_candidates(ctx):
            s, o = to_gold.get(c.subject), to_gold.get(c.object)
            k = _key(s, pred, o) if s and o else None
            if k is not None and k in optional:
                continue
            ta.examples.append(
                Example(
                    pred,
                    feats,
                    int(k is not None and k in required),
                    k,
                    (c.subject, pred, c.object) in rule_pairs,
                )
            )
        out.append(ta)
    return out


def fit(
    examples: list[Example],
    epochs: int = 12,
    lr: float = 0.3,
    l2: float = 1e-2,
    seed: int = 0,
    min_count: int = 2,
) -> dict[str, dict[str, float]]:
    """Logistic regression per predicate (AdaGrad), deterministic for a given ``seed``.
    Features seen fewer than ``min_count`` times (except ``bias``) are dropped."""
    counts = Counter(f for ex in examples for f in set(ex.features))
    weights: dict[str, dict[str, float]] = {}
    for pred in PREDICATES:
        data = [
            ([f for f in ex.features if counts[f] >= min_count or f == "bias"], ex.label)
            for ex in examples
            if ex.predicate == pred
        ]
        w: dict[str, float] = defaultdict(float)
        g2: dict[str, float] = defaultdict(float)
        rng = random.Random(seed)
        order = list(range(len(data)))
        for _ in range(epochs):
            rng.shuffle(order)
            for i in order:
                feats, y = data[i]
                z = sum(w[f] for f in feats)
                p = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
                g = p - y
                for f in feats:
                    grad = g + l2 * w[f]
                    g2[f] += grad * grad
                    w[f] -= lr * grad / math.sqrt(g2[f] + 1e-8)
        weights[pred] = {f: round(v, 4) for f, v in sorted(w.items()) if abs(v) >= 1e-3}
    return weights


def _score(weights: dict[str, float], feats: list[str]) -> float:
    z = sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def _held_out(articles: list[TrainingArticle], folds: int, **kw) -> list[list[tuple]]:
    """For each article, (predicate, key, probability, label) of the pairs the rules
    missed, scored by a model that did not see the article."""
    out: list[list[tuple]] = [[] for _ in articles]
    for k in range(folds):
        train_ex = [ex for i, a in enumerate(articles) if i % folds != k for ex in a.examples]
        w = fit(train_ex, **kw)
        for i, a in enumerate(articles):
            if i % folds != k:
                continue
            best: dict[tuple, tuple] = {}
            for ex in a.examples:
                if ex.by_rules:
                    continue
                key = ex.key or ("?", id(ex))
                p = _score(w[ex.predicate], ex.features)
                if key not in best or p > best[key][2]:
                    best[key] = (ex.predicate, key, p, ex.label)
            out[i] = list(best.values())
    return out


def choose_thresholds(
    articles: list[TrainingArticle], scored: list[list[tuple]]
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """The threshold per predicate that maximises held-out F1 of rules plus model;
    1.01 (never) when the model does not help."""
    thresholds, report = {}, {}
    for pred in PREDICATES:
        rtp = sum(a.rule_tp[pred] for a in articles)
        rfp = sum(a.rule_fp[pred] for a in articles)
        gold = sum(a.gold[pred] for a in articles)
        items = [(p, y) for s in scored for (pr, _k, p, y) in s if pr == pred]

        def f1(tp: int, fp: int, gold: int = gold) -> float:
            prec = tp / (tp + fp) if tp + fp else 0.0
            rec = tp / gold if gold else 0.0
            return 2 * prec * rec / (prec + rec) if prec + rec else 0.0

        best_t, best_f = 1.01, f1(rtp, rfp)
        rules_f = best_f
        for t in GRID:
            tp = rtp + sum(y for p, y in items if p >= t)
            fp = rfp + sum(1 - y for p, y in items if p >= t)
            if f1(tp, fp) > best_f + 1e-9:
                best_t, best_f = t, f1(tp, fp)
        thresholds[pred] = best_t
        report[pred] = {
            "gold": gold,
            "rules_f1": round(rules_f, 3),
            "with_model_f1": round(best_f, 3),
        }
    return thresholds, report


def training_set(repo: Path = REPO, tune: bool = True) -> list[tuple[Gold, Path]]:
    """The dev split of corpus/gold and (unless ``tune`` is false) all of
    corpus/tune/gold, with their texts."""
    out = []
    split = read_split(repo / "corpus" / "split.txt")
    for g in load_gold_dir(repo / "corpus" / "gold"):
        if split.get(Path(g.path).stem) == "dev":
            out.append((g, repo / "corpus" / "articles" / g.article))
    tune_dir = repo / "corpus" / "tune" / "gold"
    if tune and tune_dir.is_dir() and any(tune_dir.glob("*.json")):
        out += [
            (g, repo / "corpus" / "tune" / "articles" / g.article) for g in load_gold_dir(tune_dir)
        ]
    return out


def train(golds: list[tuple[Gold, Path]], folds: int = 4) -> dict:
    """The model file's contents: weights, thresholds and how they were chosen."""
    from kg.extract.relations import ALLOWED

    articles = prepare(golds)
    scored = _held_out(articles, folds)
    thresholds, report = choose_thresholds(articles, scored)
    weights = fit([ex for a in articles for ex in a.examples])
    return {
        "_comment": "Trained by python -m kg.extract.train; do not edit by hand.",
        "trained_on": sorted(a.name for a in articles),
        "cross_validation": {"folds": folds, "per_predicate": report},
        "thresholds": thresholds,
        "allowed": {p: [sorted(s), sorted(o)] for p, (s, o) in ALLOWED.items() if p in PREDICATES},
        "weights": weights,
    }


def main(argv: list[str] | None = None) -> None:
    from kg.extract.pairs import MODEL_PATH

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--report", action="store_true", help="print the scores; write nothing")
    ap.add_argument(
        "--without-tune", action="store_true", help="train on the dev split of corpus/gold only"
    )
    a = ap.parse_args(argv)
    golds = training_set(tune=not a.without_tune)
    model = train(golds, a.folds)
    for pred, r in model["cross_validation"]["per_predicate"].items():
        print(
            f"{pred:<13} gold {r['gold']:>4}  rules F1 {r['rules_f1']:.3f}  "
            f"with model F1 {r['with_model_f1']:.3f}  threshold {model['thresholds'][pred]}",
            file=sys.stderr,
        )
    if not a.report:
        Path(a.out).write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {a.out} ({len(golds)} articles)", file=sys.stderr)


if __name__ == "__main__":
    main()
