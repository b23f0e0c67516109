"""Reading articles (kg.articles): front matter, sidecar metadata, decoding, directory walking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED

from kg.articles import (
    ArticleError,
    article_from_bytes,
    article_from_text,
    find_article_files,
    read_article,
)

FRONT_MATTER = (
    "---\n"
    "title: Reform on trial\n"
    "date: 2021-05-03\n"
    'source: "Example Daily"\n'
    "---\n"
    "Philadelphia District Attorney Larry Krasner won.\n"
)


def test_articles_front_matter_gives_title_date_source():
    art = article_from_text(FRONT_MATTER, name="reform.md")
    assert (art.id, art.file_name) == ("reform", "reform.md")
    assert (art.title, art.date, art.source) == ("Reform on trial", "2021-05-03", "Example Daily")


def test_articles_body_start_points_after_front_matter():
    art = article_from_text(FRONT_MATTER, name="reform.md")
    assert art.text == FRONT_MATTER  # the text is kept whole: offsets index it
    assert art.text[art.body_start :] == "Philadelphia District Attorney Larry Krasner won.\n"
    assert art.body == art.text[art.body_start :]


def test_articles_front_matter_with_crlf_newlines():
    text = FRONT_MATTER.replace("\n", "\r\n")
    art = article_from_text(text, name="reform.txt")
    assert (art.title, art.date, art.source) == ("Reform on trial", "2021-05-03", "Example Daily")
    assert art.text[art.body_start :] == "Philadelphia District Attorney Larry Krasner won.\r\n"


def test_articles_without_front_matter_body_is_whole_text():
    text = "Title: not front matter\nPhiladelphia District Attorney Larry Krasner won.\n"
    art = article_from_text(text, name="plain.txt")
    assert art.body_start == 0
    assert art.title is None and art.date is None


def test_articles_front_matter_only_is_empty():
    with pytest.raises(ArticleError, match="empty"):
        article_from_text("---\ntitle: Nothing here\n---\n  \n", name="x.md")


def test_articles_sidecar_meta_json_beside_txt(tmp_path: Path):
    f = tmp_path / "krasner.txt"
    f.write_text("Philadelphia District Attorney Larry Krasner won.\n", encoding="utf-8")
    meta = {"title": "Krasner wins", "date": "2021-05-18", "source": "Example Daily"}
    (tmp_path / "krasner.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    art = read_article(f)
    assert (art.title, art.date, art.source) == ("Krasner wins", "2021-05-18", "Example Daily")
    assert art.body_start == 0


def test_articles_seed_article_reads_its_sidecar():
    meta = json.loads(SEED.with_name(SEED.stem + ".meta.json").read_text(encoding="utf-8"))
    art = read_article(SEED)
    assert art.title == meta["title"]
    assert art.date == meta["date"]
    assert art.id == SEED.stem


def test_articles_meta_option_overrides_sidecar(tmp_path: Path):
    f = tmp_path / "a.txt"
    f.write_text("Philadelphia District Attorney Larry Krasner won.\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "Sidecar"}', encoding="utf-8")
    assert read_article(f, meta={"title": "Given"}).title == "Given"


@pytest.mark.parametrize("date", ["2021-13-45", "yesterday", "2021-5-3", "03/05/2021"])
def test_articles_bad_date_in_sidecar_is_article_error(tmp_path: Path, date: str):
    f = tmp_path / "a.txt"
    f.write_text("Philadelphia District Attorney Larry Krasner won.\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"date": date}), encoding="utf-8")
    with pytest.raises(ArticleError, match="bad date"):
        read_article(f)


def test_articles_bad_date_in_front_matter_is_article_error():
    with pytest.raises(ArticleError, match="bad date"):
        article_from_text(FRONT_MATTER.replace("2021-05-03", "May 3rd"), name="a.md")


def test_articles_sidecar_that_is_not_json_is_article_error(tmp_path: Path):
    f = tmp_path / "a.txt"
    f.write_text("Philadelphia District Attorney Larry Krasner won.\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{title: oops", encoding="utf-8")
    with pytest.raises(ArticleError, match="bad metadata"):
        read_article(f)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b" \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Café Krasner won.\n".encode("latin-1"), "not UTF-8"),
    ],
    ids=["empty", "whitespace", "png", "latin-1"],
)
def test_articles_unreadable_bytes_are_article_errors(data: bytes, message: str):
    with pytest.raises(ArticleError, match=message):
        article_from_bytes(data, name="bad.txt")


def test_articles_utf8_text_is_kept_exactly():
    text = "George Gascón won.\r\nSecond line.\n"
    art = article_from_bytes(text.encode("utf-8"), name="g.txt")
    assert art.text == text


def test_articles_stdin_text_gets_a_content_id():
    a = article_from_text("Philadelphia District Attorney Larry Krasner won.")
    b = article_from_text("Philadelphia District Attorney Larry Krasner won.")
    c = article_from_text("Los Angeles County District Attorney George Gascón won.")
    assert a.id == b.id and a.id.startswith("stdin-")
    assert a.id != c.id
    assert a.file_name is None


def test_articles_find_files_recursive_txt_and_md_only(tmp_path: Path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for rel in (
        "a.txt",
        "sub/b.md",
        "sub/deeper/c.TXT",
        "d.json",
        "sub/e.meta.json",
        ".hidden/f.txt",
    ):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in find_article_files([tmp_path])]
    assert sorted(found) == ["a.txt", "sub/b.md", "sub/deeper/c.TXT"]


def test_articles_find_files_reports_missing_and_empty_dirs(tmp_path: Path):
    (tmp_path / "only_json").mkdir()
    (tmp_path / "only_json" / "a.json").write_text("{}", encoding="utf-8")
    out = list(find_article_files([tmp_path / "nope", tmp_path / "only_json"]))
    assert len(out) == 2
    assert all(isinstance(x, ArticleError) for x in out)
    assert "no such file" in str(out[0])
    assert "no .txt or .md" in str(out[1])


def test_articles_file_source_path_is_its_resolved_absolute_path(tmp_path: Path, monkeypatch):
    (tmp_path / "sub").mkdir()
    f = tmp_path / "sub" / "krasner.txt"
    f.write_text("Philadelphia District Attorney Larry Krasner won.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "sub")
    art = read_article("../sub/krasner.txt")
    assert art.source_path == str(f.resolve())
    assert (art.id, art.file_name) == ("krasner", "krasner.txt")
    assert (
        article_from_text("Philadelphia District Attorney Larry Krasner won.").source_path is None
    )


@pytest.mark.parametrize(
    ("name", "article_id"),
    [
        ("Gascón победа.txt", "Gascón-победа"),
        ("報道 2021.md", "報道-2021"),
        ("krasner.2021.txt", "krasner.2021"),
        ("--- .txt", "article"),
    ],
)
def test_articles_id_keeps_letters_of_any_script(name: str, article_id: str):
    art = article_from_text("Philadelphia District Attorney Larry Krasner won.", name=name)
    assert art.id == article_id


def test_articles_key_is_the_first_16_hex_of_the_text_sha256():
    import hashlib

    text = "Philadelphia District Attorney Larry Krasner won."
    art = article_from_text(text, name="a.txt")
    assert art.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert art.key == art.sha256[:16]
    assert article_from_text(text, name="other.md").key == art.key  # the name plays no part
