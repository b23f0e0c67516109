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
from dataclasses import dataclass, field
from pathlib import Path

from kg.articles import (
    ArticleError,
    article_from_bytes,
    article_from_text,
    find_article_files,
    read_article,
)
from kg.messages import Errors, Info
from kg.model import Article
from kg.store import KGStore

__all__ = ["AddResult", "add_articles", "add_paths", "add_texts", "read_inputs", "with_date"]


@dataclass
class AddResult:
    path: str
    status: str  # added, replaced, unchanged, failed
    article_id: str | None = None
    entities: int = 0
    relations: int = 0
    reason: str = ""
    duplicate_of: str | None = None
    links: list = field(default_factory=list)  # kg.resolve.Link: names linked to stored entities
    words: int = 0  # words extracted (for the words-per-second figure)

    def message(self) -> str:
        if self.status == "failed":
            return Info.FAILED.format(path=self.path, reason=self.reason)
        if self.status == "unchanged":
            if self.duplicate_of:
                return Info.DUPLICATE.format(id=self.article_id, other=self.duplicate_of)
            return Info.UNCHANGED.format(id=self.article_id)
        tmpl = Info.ADDED if self.status == "added" else Info.REPLACED
        counts = f"{_n(self.entities, 'entity', 'entities')}, {_n(self.relations, 'relation', 'relations')}"
        if self.links:
            shown = "; ".join(f"{k.name} → {k.stored_label}" for k in self.links[:3])
            more = f" and {len(self.links) - 3} more" if len(self.links) > 3 else ""
            counts += Info.LINKED.format(links=shown + more)
        return tmpl.format(id=self.article_id, counts=counts)


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _extract_in_worker(art: Article):
    """Run in a worker process of ``add_articles(jobs=N)``: extraction is a pure function."""
    from kg.extract import extract

    return extract(art)


def add_articles(
    store: KGStore | None,
    items: Iterable[Article | tuple[str, Exception]],
    *,
    progress: Callable[[AddResult], None] | None = None,
    nlp=None,
    jobs: int = 1,
) -> list[AddResult]:
    """Add already-read articles; ``(path, error)`` items pass through as failed results.

    ``jobs`` > 1 extracts in that many processes while this one writes, in input
    order, so the stored result is the same as with one (entity linking reads
    the articles added before each one). ``store`` may be None only when every
    item is an error (nothing to write).
    """
    from kg.rdf import extraction_to_triples

    items = list(items)
    pool = None
    futures: dict[int, object] = {}
    ahead = max(1, jobs) * 4
    todo = [i for i, item in enumerate(items) if not isinstance(item, tuple)]
    if jobs > 1 and len(todo) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context("spawn")
        )

    def submit_upto(position: int) -> None:
        while todo and todo[0] <= position + ahead:
            i = todo.pop(0)
            art = items[i]
            if _unchanged(store, art) is None:
                futures[i] = pool.submit(_extract_in_worker, art)

    results: list[AddResult] = []
    index = None  # the stored entities, read once per batch and kept up to date
    try:
        for position, item in enumerate(items):
            if isinstance(item, tuple):
                res = AddResult(item[0], "failed", reason=str(item[1]))
            else:
                art = item
                assert store is not None, "an article needs a store"
                if pool is not None:
                    submit_upto(position)
                if index is None:
                    from kg.resolve import open_index

                    index = open_index(store)
                future = futures.pop(position, None)
                extract_fn = future.result if future is not None else None
                res = _add_one(store, art, nlp, extraction_to_triples, index, extract_fn)
            results.append(res)
            if progress:
                progress(res)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if store is not None:
        store.flush()
    return results


def _unchanged(store: KGStore | None, art: Article, stored=False) -> AddResult | None:
    """The result for an article whose stored copy (same place) is the same, else None.

    ``stored``: the article stored from the same place, when the caller has read it.
    """
    if store is None or not art.source_path:
        return None
    if stored is False:
        stored = store.article_at(art.source_path)
    if stored is None or stored.sha256 != art.sha256:
        return None
    old, meta = stored.metadata(), (art.file_name, art.title, art.date, art.source, art.url)
    fallback = {"file", "added"}
    if art.date_source in fallback and stored.date_source in fallback:
        # a last-resort date (a touched file, stdin on another day) is not new metadata
        old, meta = old[:2] + old[3:], meta[:2] + meta[3:]
    if old != meta:
        return None
    return AddResult(art.source_path or art.file_name or art.id, "unchanged", art.id)


def _add_one(store: KGStore, art: Article, nlp, to_graph, index, extracted=None) -> AddResult:
    """Add one article; ``extracted`` (a callable) gives its extraction when a worker made it."""
    where = art.source_path or art.file_name or art.id
    stored = store.article_at(art.source_path) if art.source_path else None
    same_here = _unchanged(store, art, stored)
    if same_here is not None:
        return same_here
    same = store.article_by_sha(art.sha256)
    if same is not None and (stored is None or same.iri != stored.iri):
        if stored is not None:
            # the file now holds text stored from elsewhere: its old text is gone, so is its graph
            store.remove_articles([stored.iri])
            index.forget(stored.iri)
        return AddResult(where, "unchanged", art.id, duplicate_of=same.describe())
    from kg.extract import TextTooLong, extract

    try:
        ex = extracted() if extracted is not None else extract(art, nlp)
    except TextTooLong as e:
        return AddResult(where, "failed", art.id, reason=str(e))
    except Exception as e:  # one bad article must not stop a batch
        from kg.extract.pipeline import ModelMissing

        if isinstance(e, ModelMissing):
            raise
        reason = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        return AddResult(
            where, "failed", art.id, reason=Errors.EXTRACT_FAILED.format(path=where, reason=reason)
        )
    from kg.rdf import article_iri
    from kg.resolve import link_entities

    if stored is not None:
        index.forget(stored.iri)
    iris, links = link_entities([(e.name, e.category) for e in ex.entities], index)
    before: list[str] = []
    for link in links:
        if link.renames:
            from kg.curation import rename_entity_ops

            before += rename_entity_ops(store, link.renames, link.iri)
    store.put_article(
        to_graph(ex, iris), replaces=stored.iri if stored is not None else None, before=before
    )
    for link in links:
        if link.renames:
            index.rename(link.renames, link.iri)
    index.absorb(
        str(article_iri(art.key)),
        [(iris[e.name], e.name, e.category, e.aliases) for e in ex.entities],
    )
    status = "replaced" if stored is not None else "added"
    return AddResult(
        where,
        status,
        art.id,
        len(ex.entities),
        len(ex.relations),
        links=links,
        words=len(art.body.split()),
    )


def with_date(art: Article, *, given: bool = False, path: str | Path | None = None) -> Article:
    """The article with a date and a record of where the date came from.

    ``given``: the date came from ``--date``. Without a date in the article's own
    metadata, the file's modification day is used, and for standard input the day
    it was added; ``date_source`` says which, so nobody takes it for a publication date.
    """
    import datetime as dt
    from dataclasses import replace

    if art.date:
        return replace(art, date_source="option" if given else "metadata")
    if path is not None:
        day = dt.date.fromtimestamp(Path(path).stat().st_mtime).isoformat()
        return replace(art, date=day, date_source="file")
    return replace(art, date=dt.date.today().isoformat(), date_source="added")


def read_inputs(
    paths: Iterable[str | Path],
    *,
    meta: dict[str, str] | None = None,
    stdin: Callable[[], bytes] | None = None,
    stdin_id: str | None = None,
) -> list[Article | tuple[str, Exception]]:
    """Read files, directories and ``-`` (stdin) into articles, or (path, error) pairs."""
    items: list[Article | tuple[str, Exception]] = []
    for p in paths:
        if str(p) == "-":
            try:
                data = stdin() if stdin is not None else b""
                art = article_from_bytes(
                    data,
                    name=f"{stdin_id}.txt" if stdin_id else None,
                    meta=meta,
                    where="<stdin>",
                    source_path=f"stdin:{stdin_id}" if stdin_id else None,
                )
                items.append(with_date(art, given=bool(meta and meta.get("date"))))
            except ArticleError as e:
                items.append(("<stdin>", e))
            continue
        for f in find_article_files([p]):
            if isinstance(f, ArticleError):
                items.append((str(p), f))
                continue
            try:
                art = read_article(f, meta=meta)
                items.append(with_date(art, given=bool(meta and meta.get("date")), path=f))
            except ArticleError as e:
                items.append((str(f), e))
    return items


def add_paths(
    store: KGStore,
    paths: Iterable[str | Path],
    *,
    meta: dict[str, str] | None = None,
    progress: Callable[[AddResult], None] | None = None,
) -> list[AddResult]:
    """Add files and directories (recursively, ``*.txt``, ``*.md``, ``*.html``, ``*.htm``)."""
    return add_articles(store, read_inputs(paths, meta=meta), progress=progress)


def add_texts(
    store: KGStore, texts: Iterable[tuple[str | None, str]], *, meta: dict[str, str] | None = None
) -> list[AddResult]:
    """Add (name, text) pairs; ``name`` None for stdin-like input."""
    items: list = []
    for name, text in texts:
        try:
            art = article_from_text(text, name=name, meta=meta)
            items.append(with_date(art, given=bool(meta and meta.get("date"))))
        except ArticleError as e:
            items.append((name or "<stdin>", e))
    return add_articles(store, items)
