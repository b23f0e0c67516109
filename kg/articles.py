"""Reading articles from disk or stdin: text exactly as read, plus metadata.

Offsets everywhere index ``Article.text``: the file decoded as UTF-8 with its
newlines untouched, front matter included.

>>> art = article_from_text("---\\ntitle: Hi\\ndate: 2021-05-03\\n---\\nBody.", name="a.md")
>>> (art.id, art.title, art.date, art.body)
('a', 'Hi', '2021-05-03', 'Body.')
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import KGError
from kg.messages import Errors
from kg.model import Article

__all__ = [
    "ArticleError",
    "article_from_bytes",
    "article_from_text",
    "check_date",
    "find_article_files",
    "read_article",
]

SUFFIXES = (".txt", ".md")
META_KEYS = ("title", "date", "source", "url")


class ArticleError(KGError, ValueError):
    """An input that cannot be read as an article; ``str()`` is the one-line message."""


def _article_id(stem: str) -> str:
    """A readable id from a file stem; letters of any script are kept."""
    return re.sub(r"[^\w.-]+", "-", stem).strip("-.") or "article"


def check_date(value: str) -> str | None:
    """The ISO date ``value`` starts with (``2021-05-03``, ``2021-05-03T10:00``), or None.

    >>> check_date("2021-05-03T10:00"), check_date("yesterday")
    ('2021-05-03', None)
    """
    value = str(value).strip()
    if len(value) < 10 or not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?", value):
        return None
    try:
        return _dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _check_date(value: str | None, where: str) -> str | None:
    if value is None or value == "":
        return None
    iso = check_date(value)
    if iso is None:
        raise ArticleError(Errors.BAD_DATE.format(value=str(value).strip(), path=where))
    return iso


_NL = r"(?:\r\n|\r|\n)"
_FM_OPEN = re.compile(r"\A\ufeff?---[ \t]*" + _NL)
_FM_CLOSE = re.compile(r"(?:^|(?<=[\r\n]))---[ \t]*(?:" + _NL + r"|\Z)")


def _front_matter(text: str, where: str) -> tuple[dict[str, str], int]:
    """Parse a leading ``---`` block; return (metadata, offset where the body starts).

    A block that opens and never closes is an error, not text: otherwise its
    ``title:`` line would be read as a sentence of the article.
    """
    m = _FM_OPEN.match(text)
    if not m:
        return {}, 0
    close = _FM_CLOSE.search(text, m.end())
    if close is None:
        raise ArticleError(
            Errors.BAD_META.format(
                path=where, reason="front matter opened with --- is never closed"
            )
        )
    meta: dict[str, str] = {}
    for line in re.split(_NL, text[m.end() : close.start()]):
        if ":" in line:
            key, _, value = line.partition(":")
            key = key.strip().lower()
            if key in META_KEYS:
                meta[key] = value.strip().strip('"').strip("'")
    return meta, close.end()


def article_from_text(
    text: str,
    *,
    name: str | None = None,
    meta: dict[str, str] | None = None,
    where: str | None = None,
    source_path: str | None = None,
) -> Article:
    """Build an :class:`Article` from decoded text; ``meta`` overrides front matter."""
    where = where or name or "<stdin>"
    if not text.strip():
        raise ArticleError(Errors.EMPTY.format(path=where))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    fm, body_start = _front_matter(text, where)
    merged = {**fm, **{k: v for k, v in (meta or {}).items() if v not in (None, "")}}
    if not text[body_start:].strip():
        raise ArticleError(Errors.EMPTY.format(path=where))
    art_id = _article_id(Path(name).stem) if name else f"stdin-{sha[:12]}"
    return Article(
        id=art_id,
        text=text,
        sha256=sha,
        file_name=Path(name).name if name else None,
        title=merged.get("title") or None,
        date=_check_date(merged.get("date"), where),
        source=merged.get("source") or None,
        url=merged.get("url") or None,
        body_start=body_start,
        source_path=source_path,
    )


def article_from_bytes(
    data: bytes,
    *,
    name: str | None = None,
    meta: dict[str, str] | None = None,
    where: str | None = None,
    source_path: str | None = None,
) -> Article:
    """Decode strictly as UTF-8, refusing binary data, then :func:`article_from_text`."""
    where = where or name or "<stdin>"
    if not data.strip():
        raise ArticleError(Errors.EMPTY.format(path=where))
    if b"\x00" in data[:8192]:
        raise ArticleError(Errors.BINARY.format(path=where))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ArticleError(
            Errors.NOT_UTF8.format(path=where, byte=data[e.start], offset=e.start)
        ) from None
    if any(ord(c) < 32 and c not in "\t\n\r\f\v" for c in text[:8192]):
        raise ArticleError(Errors.BINARY.format(path=where))
    return article_from_text(text, name=name, meta=meta, where=where, source_path=source_path)


def _sidecar(path: Path) -> dict[str, str]:
    for cand in (
        path.with_name(path.stem + ".meta.json"),
        path.with_name(path.name + ".meta.json"),
    ):
        if cand.is_file():
            try:
                data = json.loads(cand.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
                raise ArticleError(Errors.BAD_META.format(path=cand, reason=e)) from None
            if not isinstance(data, dict):
                raise ArticleError(Errors.BAD_META.format(path=cand, reason="not a JSON object"))
            return {k: str(v) for k, v in data.items() if k in META_KEYS and v is not None}
    return {}


def read_article(path: str | Path, *, meta: dict[str, str] | None = None) -> Article:
    """Read one article file (and its ``.meta.json`` sidecar, when there is one)."""
    p = Path(path)
    if not p.exists():
        raise ArticleError(Errors.NO_SUCH_PATH.format(path=path))
    if p.is_dir():
        raise ArticleError(Errors.UNREADABLE.format(path=path, reason="it is a directory"))
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ArticleError(Errors.UNREADABLE.format(path=path, reason=e.strerror or e)) from None
    merged = {**_sidecar(p), **(meta or {})}
    return article_from_bytes(
        data, name=p.name, meta=merged, where=str(path), source_path=str(p.resolve())
    )


def find_article_files(paths: Iterable[str | Path]) -> Iterator[Path | ArticleError]:
    """Expand files and directories (recursively, ``*.txt`` and ``*.md``), in order.

    A path that cannot be used yields an :class:`ArticleError` in its place, so a
    batch goes on with the good ones.
    """
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            yield ArticleError(Errors.NO_SUCH_PATH.format(path=raw))
        elif p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                yield ArticleError(Errors.NOTHING_TO_READ.format(path=raw))
            yield from found
        else:
            yield p
