"""Adding articles to the store: read → (skip if unchanged) → extract → RDF → replace graph.

>>> from kg.store import KGStore
>>> store = KGStore.memory()
>>> [r.status for r in add_texts(store, [("a.txt", "Philadelphia District Attorney Larry Krasner won.")])]
['added']
>>> [r.status for r in add_texts(store, [("a.txt", "Philadelphia District Attorney Larry Krasner won.")])]
['unchanged']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.articles import ArticleError, article_from_text, find_article_files, read_article
from kg.messages import Info
from kg.model import Article
from kg.store import KGStore

__all__ = ["AddResult", "add_articles", "add_paths", "add_texts"]


@dataclass
class AddResult:
    path: str
    status: str  # added, replaced, unchanged, failed
    article_id: str | None = None
    entities: int = 0
    relations: int = 0
    reason: str = ""
    duplicate_of: str | None = None

    def message(self) -> str:
        if self.status == "failed":
            return Info.FAILED.format(path=self.path, reason=self.reason)
        if self.status == "unchanged":
            if self.duplicate_of:
                return Info.DUPLICATE.format(id=self.article_id, other=self.duplicate_of)
            return Info.UNCHANGED.format(id=self.article_id)
        tmpl = Info.ADDED if self.status == "added" else Info.REPLACED
        return tmpl.format(id=self.article_id, entities=self.entities, relations=self.relations)


def add_articles(
    store: KGStore | None,
    items: Iterable[Article | tuple[str, Exception]],
    *,
    progress: Callable[[AddResult], None] | None = None,
    nlp=None,
) -> list[AddResult]:
    """Add already-read articles; ``(path, error)`` items pass through as failed results.

    ``store`` may be None only when every item is an error (nothing to write).
    """
    from kg.rdf import extraction_to_graph

    results: list[AddResult] = []
    for item in items:
        if isinstance(item, tuple):
            res = AddResult(item[0], "failed", reason=str(item[1]))
        else:
            art = item
            assert store is not None, "an article needs a store"
            where = art.file_name or art.id
            stored = store.get_article(art.id)
            same = store.article_by_sha(art.sha256)
            meta = (art.file_name, art.title, art.date, art.source, art.url)
            if stored is not None and stored.sha256 == art.sha256 and stored.metadata() == meta:
                res = AddResult(where, "unchanged", art.id)
            elif stored is None and same is not None:
                res = AddResult(where, "unchanged", art.id, duplicate_of=same.id)
            else:
                from kg.extract import extract

                ex = extract(art, nlp)
                store.put_article(art.id, extraction_to_graph(ex))
                res = AddResult(
                    where,
                    "replaced" if stored else "added",
                    art.id,
                    len(ex.entities),
                    len(ex.relations),
                )
        results.append(res)
        if progress:
            progress(res)
    if store is not None:
        store.flush()
    return results


def _read_all(paths: Iterable[str | Path], meta: dict[str, str] | None):
    for p in find_article_files(paths):
        if isinstance(p, ArticleError):
            yield ("", p)
            continue
        try:
            yield read_article(p, meta=meta)
        except ArticleError as e:
            yield (str(p), e)


def add_paths(
    store: KGStore,
    paths: Iterable[str | Path],
    *,
    meta: dict[str, str] | None = None,
    progress: Callable[[AddResult], None] | None = None,
) -> list[AddResult]:
    """Add files and directories (recursively, ``*.txt`` and ``*.md``)."""
    return add_articles(store, _read_all(paths, meta), progress=progress)


def add_texts(
    store: KGStore, texts: Iterable[tuple[str | None, str]], *, meta: dict[str, str] | None = None
) -> list[AddResult]:
    """Add (name, text) pairs; ``name`` None for stdin-like input."""
    items: list = []
    for name, text in texts:
        try:
            items.append(article_from_text(text, name=name, meta=meta))
        except ArticleError as e:
            items.append((name or "<stdin>", e))
    return add_articles(store, items)
