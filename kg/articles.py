"""Reading articles from disk or stdin: text exactly as read, plus metadata.

Offsets everywhere index ``Article.text``. For a ``.txt`` or ``.md`` file that is
the file decoded as UTF-8 with its newlines untouched, front matter included; for a
saved web page (``.html``, ``.htm``) it is the page's main text as trafilatura
extracts it (:func:`article_from_html`), without the page's navigation, ads or
comments.

>>> art = article_from_text("---\\ntitle: Hi\\ndate: 2021-05-03\\n---\\nBody.", name="a.md")
>>> (art.id, art.title, art.date, art.body)
('a', 'Hi', '2021-05-03', 'Body.')
"""

from __future__ import annotations

import codecs
import datetime as _dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import KGError
from kg.messages import Errors
from kg.model import Article

__all__ = [
    "HTML_SUFFIXES",
    "SUFFIXES",
    "TEXT_SUFFIXES",
    "ArticleError",
    "article_from_bytes",
    "article_from_html",
    "article_from_text",
    "check_date",
    "find_article_files",
    "read_article",
]

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
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
    return _build(text, sha, merged, name, where, body_start, source_path)


def _build(
    text: str,
    sha: str,
    merged: dict[str, str],
    name: str | None,
    where: str,
    body_start: int,
    source_path: str | None,
) -> Article:
    """The :class:`Article` for ``text``, its metadata checked (the date must be ISO)."""
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


# --- saved web pages -------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# Dates only from the page's markup (meta tags, JSON-LD, <time>, the URL), never
# guessed from its text: htmldate's extensive search reads "(c) 2023" in a footer as
# 2023-01-01.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
# Navigation and the page's own footer are cut before extraction: on a page with no
# story, trafilatura's fallback extractors would otherwise return their link texts
# ("Home News") as the main text. A <footer> inside the <article> is left to trafilatura.
_PRUNE_XPATH = ["//nav", "//*[@role='navigation']", "//footer[not(ancestor::article)]"]


def _decode_html(data: bytes, where: str) -> str:
    """Decode a saved page: a BOM, else UTF-8, else the charset the page declares.

    Nothing is guessed and nothing is replaced: a page that is not UTF-8 and
    declares no charset (or does not decode as the one it declares) is an error,
    so a name is never silently turned into mojibake.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as e:
                raise ArticleError(
                    Errors.BAD_CHARSET.format(
                        path=where, charset=encoding, reason=_bad_byte(data, e, len(bom))
                    )
                ) from None
    if b"\x00" in data[:8192]:
        raise ArticleError(Errors.BINARY.format(path=where))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        first_error = e
    m = _META_CHARSET.search(data[:4096])
    if m is None:
        raise ArticleError(
            Errors.HTML_NOT_UTF8.format(
                path=where, byte=data[first_error.start], offset=first_error.start
            )
        )
    label = m.group(1).decode("ascii")
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        raise ArticleError(
            Errors.BAD_CHARSET.format(path=where, charset=label, reason="unknown charset")
        ) from None
    if codec in ("iso8859-1", "ascii"):
        codec = "cp1252"  # what browsers read these labels as (WHATWG Encoding Standard)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        raise ArticleError(
            Errors.BAD_CHARSET.format(path=where, charset=label, reason=_bad_byte(data, e, 0))
        ) from None
    except LookupError:  # a codec that is not a text encoding (base64, rot13, ...)
        raise ArticleError(
            Errors.BAD_CHARSET.format(path=where, charset=label, reason="not a text encoding")
        ) from None


def _bad_byte(data: bytes, e: UnicodeDecodeError, skipped: int) -> str:
    offset = skipped + e.start
    return f"bad byte 0x{data[offset]:02x} at offset {offset}"


def _html_main_text(html: str, where: str) -> tuple[str, dict[str, str]]:
    """The page's main text and its metadata (title, date, url, source) via trafilatura.

    Precision is favoured over recall (``favor_precision``), navigation and the
    page footer are pruned, and comments are left out: a fact read from a
    related-links list or a reader's comment would be stored as if the article
    asserted it. The page's metadata is read before the pruning.
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            date_extraction_params=dict(_DATE_PARAMS),
            prune_xpath=list(_PRUNE_XPATH),
        )
    except Exception as e:  # trafilatura or lxml failing on odd input: one line, no traceback
        reason = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        raise ArticleError(Errors.HTML_FAILED.format(path=where, reason=reason)) from None
    if doc is None or not (doc.text or "").strip():
        raise ArticleError(Errors.NO_MAIN_TEXT.format(path=where))
    text = unicodedata.normalize("NFC", doc.text).strip()
    meta = {
        "title": doc.title,
        "date": doc.date,
        "url": doc.url,
        "source": doc.sitename,
    }
    return text, {
        k: " ".join(v.split()) for k, v in meta.items() if isinstance(v, str) and v.strip()
    }


def article_from_html(
    data: bytes | str,
    *,
    name: str | None = None,
    meta: dict[str, str] | None = None,
    where: str | None = None,
    source_path: str | None = None,
) -> Article:
    """Build an :class:`Article` from a saved web page (bytes as on disk, or decoded).

    ``text`` is the page's main text as trafilatura extracts it (NFC, stripped;
    ``body_start`` 0), so evidence offsets index that text and ``sha256`` is its
    hash: re-saving the same story with other ads around it changes nothing.
    Title, date, url and source (the site name) come from the page's metadata;
    ``meta`` overrides them.
    """
    where = where or name or "<html>"
    if isinstance(data, bytes):
        if not data.strip():
            raise ArticleError(Errors.EMPTY.format(path=where))
        html = _decode_html(data, where)
    else:
        html = data
    if not html.strip():
        raise ArticleError(Errors.EMPTY.format(path=where))
    if any(ord(c) < 32 and c not in "\t\n\r\f\v" for c in html[:8192]):
        raise ArticleError(Errors.BINARY.format(path=where))
    text, page_meta = _html_main_text(html, where)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    merged = {**page_meta, **{k: v for k, v in (meta or {}).items() if v not in (None, "")}}
    return _build(text, sha, merged, name, where, 0, source_path)


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
    """Read one article file (and its ``.meta.json`` sidecar, when there is one).

    ``.html`` and ``.htm`` files (any case) are read as saved web pages
    (:func:`article_from_html`); every other file as text (:func:`article_from_bytes`).
    """
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
    if p.suffix.lower() in HTML_SUFFIXES:
        return article_from_html(
            data, name=p.name, meta=merged, where=str(path), source_path=str(p.resolve())
        )
    return article_from_bytes(
        data, name=p.name, meta=merged, where=str(path), source_path=str(p.resolve())
    )


def _in_saved_page_folder(f: Path, root: Path) -> bool:
    """Whether ``f`` lies (below ``root``) in a ``NAME_files`` folder beside a ``NAME.html``."""
    folder = root
    for part in f.relative_to(root).parts[:-1]:
        if part.endswith("_files"):
            stem = part[: -len("_files")]
            if any(
                c.is_file() and c.suffix.lower() in HTML_SUFFIXES and c.stem == stem
                for c in folder.iterdir()
            ):
                return True
        folder = folder / part
    return False


def find_article_files(paths: Iterable[str | Path]) -> Iterator[Path | ArticleError]:
    """Expand files and directories (recursively, ``*.txt``, ``*.md``, ``*.html``, ``*.htm``), in order.

    Suffixes match in any case; files under hidden directories are skipped, and so
    are those in the ``NAME_files`` folder a browser saves beside ``NAME.html``
    ("Web page, complete"): its frames (``saved_resource.html``) are ads and
    widgets, not articles.

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
                and not _in_saved_page_folder(f, p)
            )
            if not found:
                yield ArticleError(Errors.NOTHING_TO_READ.format(path=raw))
            yield from found
        else:
            yield p
