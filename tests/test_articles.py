"""Reading articles (kg.articles): front matter, sidecar metadata, decoding, directory walking,
saved web pages (.html/.htm through trafilatura)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEED, Invoke, assert_one_line_error

from kg.articles import (
    ArticleError,
    article_from_bytes,
    article_from_html,
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
    assert "no .txt, .md or .html" in str(out[1])


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


# --- saved web pages ---------------------------------------------------------------

PAGE = Path(__file__).parent / "fixtures" / "ridgefield_da.html"
PAGE_URL = "https://www.harborledger.example/news/2023/05/17/whitfield-wins-ridgefield-da-race"
PAGE_SENTENCES = (
    "Dana Whitfield, a former public defender who promised to end cash bail, won the "
    "Democratic primary for Ridgefield County district attorney on Tuesday",
    "Hale, who has led the office since 2011, had accused her of being soft on crime",
    "The Safer Harbor Fund, a political action committee backed by the philanthropist "
    "Evelyn Strand, spent $850,000 on mailers and television advertisements supporting Whitfield.",
    "Whitfield will face the Republican nominee, Gregory Tillman, in the general election",
)
# one phrase from each piece of page chrome in the fixture
PAGE_CHROME = (
    "cookie",  # the cookie banner
    "Subscribe for $1 a week",  # the navigation
    "Politics",
    "Advertisement",  # the ad block
    "Lighthouse Mutual",
    "Related stories",  # the related-links list
    "Harbor Hawks",
    "Commenter88",  # the comments
    "Privacy policy",  # the footer
    "All rights reserved",
    "<",  # no markup at all
)
NAV_ONLY_PAGE = (
    b"<!DOCTYPE html><html><head><title>Home | The Harbor Ledger</title></head><body>"
    b"<nav><ul><li><a href='/news'>News</a></li><li><a href='/sports'>Sports</a></li></ul></nav>"
    b"<footer><p>\xc2\xa9 2023 Harbor Ledger Media Group</p></footer></body></html>"
)


def _page_with(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><article>{body}</article></body></html>"


def test_articles_html_main_text_keeps_the_story_not_the_chrome():
    art = read_article(PAGE)
    for sentence in PAGE_SENTENCES:
        assert sentence in art.text, sentence
    for chrome in PAGE_CHROME:
        assert chrome not in art.text, chrome
    assert art.body_start == 0 and art.body == art.text
    assert art.text == art.text.strip()


def test_articles_html_metadata_gives_title_date_url_source():
    art = read_article(PAGE)
    assert (art.id, art.file_name) == ("ridgefield_da", "ridgefield_da.html")
    assert art.title == "Reform prosecutor Dana Whitfield wins Ridgefield County race"
    assert art.date == "2023-05-17"  # datePublished, not dateModified (2023-05-18)
    assert art.url == PAGE_URL
    assert art.source == "The Harbor Ledger"
    assert art.source_path == str(PAGE.resolve())


def test_articles_html_date_is_not_guessed_from_the_page_text():
    html = _page_with(
        "<p>Philadelphia District Attorney Larry Krasner won a second term on Tuesday, "
        "May 18, 2021, after a long campaign against his challenger.</p>"
        "<p>He thanked the voters who had supported him.</p>",
        head="<title>Krasner wins again</title>",
    )
    art = article_from_html(
        html + "<footer><p>&copy; 2019 Example Daily</p></footer>", name="k.html"
    )
    assert art.title == "Krasner wins again"
    assert art.date is None  # neither the sentence's date nor the footer's year


def test_articles_html_sidecar_and_meta_override_page_metadata(tmp_path: Path):
    page = tmp_path / "whitfield.html"
    shutil.copy(PAGE, page)
    sidecar = {"title": "Sidecar title", "date": "2023-05-20", "source": "Wire copy"}
    (tmp_path / "whitfield.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    art = read_article(page)
    assert (art.title, art.date, art.source) == ("Sidecar title", "2023-05-20", "Wire copy")
    assert art.url == PAGE_URL  # what the sidecar does not say still comes from the page
    given = read_article(page, meta={"title": "Given title", "date": "2023-06-01"})
    assert (given.title, given.date, given.source) == ("Given title", "2023-06-01", "Wire copy")
    assert given.text == art.text == read_article(PAGE).text


def test_articles_html_bad_date_in_sidecar_is_article_error(tmp_path: Path):
    page = tmp_path / "whitfield.html"
    shutil.copy(PAGE, page)
    (tmp_path / "whitfield.meta.json").write_text('{"date": "May 17"}', encoding="utf-8")
    with pytest.raises(ArticleError, match="bad date"):
        read_article(page)


def test_articles_html_evidence_offsets_index_the_extracted_text():
    from kg.extract import extract

    art = read_article(PAGE)
    ex = extract(art)
    got = {(r.subject, r.predicate, r.object) for r in ex.relations}
    assert ("Safer Harbor Fund", "funds", "Dana Whitfield") in got
    assert ("Dana Whitfield", "prosecutorOf", "Ridgefield County") in got
    for r in ex.relations:
        assert art.text[r.evidence.start : r.evidence.end] == r.evidence.text, r
        assert "<" not in r.evidence.text, r  # sentences of the story, not of its markup
    for e in ex.entities:
        for m in e.mentions:
            assert art.text[m.start : m.end] == m.text, (e.name, m)


def test_articles_html_sha256_is_of_the_extracted_text(tmp_path: Path):
    import hashlib

    art = read_article(PAGE)
    assert art.sha256 == hashlib.sha256(art.text.encode("utf-8")).hexdigest()
    # the same story saved with other chrome around it is the same article
    page = PAGE.read_text(encoding="utf-8")
    other = tmp_path / "resaved.html"
    other.write_text(page.replace("Lighthouse Mutual", "Seaside Credit Union"), encoding="utf-8")
    assert read_article(other).sha256 == art.sha256


def test_articles_html_declared_charset_is_honoured():
    html = _page_with(
        "<p>Los Angeles County District Attorney George Gascón won the election, "
        "and his supporters called it \u201ca new start\u201d for the county.</p>",
        head='<meta charset="windows-1252"><title>Gascón wins</title>',
    )
    art = article_from_html(html.encode("cp1252"), name="gascon.html")
    assert "George Gascón won" in art.text
    assert "\u201ca new start\u201d" in art.text
    assert art.title == "Gascón wins"
    latin1 = article_from_html(
        html.replace("windows-1252", "iso-8859-1").encode("cp1252"), name="gascon.htm"
    )
    assert latin1.text == art.text  # iso-8859-1 is read as windows-1252, as browsers do


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b" \n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
        (b"<html>\x01\x02\x03\x04<body>\x05\x06</body></html>", "binary"),
        (
            _page_with("<p>George Gascón won.</p>").encode("latin-1"),
            "is not UTF-8 and declares no charset (bad byte 0xf3",
        ),
        (
            _page_with("<p>George Gascón won.</p>", head='<meta charset="utf-8">').encode(
                "latin-1"
            ),
            "does not decode as its declared charset 'utf-8'",
        ),
        (
            _page_with("<p>George Gascón won.</p>", head='<meta charset="klingon-8">').encode(
                "latin-1"
            ),
            "declared charset 'klingon-8': unknown charset",
        ),
        (NAV_ONLY_PAGE, "no main text"),
        (
            b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> "
            b"<a href='/news'>News</a></nav><footer>About us</footer></body></html>",
            "no main text",
        ),
        (
            b"<!DOCTYPE html><html><head><title>Nothing</title></head><body></body></html>",
            "no main text",
        ),
        (b"<html><body><script>var x = 1;</script><img src='a.png'></body></html>", "no main text"),
    ],
    ids=[
        "empty",
        "whitespace",
        "png",
        "control-bytes",
        "latin-1-undeclared",
        "latin-1-declared-utf-8",
        "unknown-charset",
        "nav-only",
        "nav-of-bare-links",
        "empty-body",
        "script-and-image",
    ],
)
def test_articles_html_bad_pages_are_one_line_article_errors(data: bytes, message: str):
    with pytest.raises(ArticleError) as info:
        article_from_html(data, name="bad.html")
    assert message in str(info.value)
    assert "bad.html" in str(info.value)
    assert "\n" not in str(info.value)


def test_articles_read_article_dispatches_html_suffix_in_any_case(tmp_path: Path):
    for name in ("PAGE.HTML", "page.Htm", "page.htm"):
        shutil.copy(PAGE, tmp_path / name)
        art = read_article(tmp_path / name)
        assert art.text == read_article(PAGE).text, name
    as_text = tmp_path / "page.txt"
    shutil.copy(PAGE, as_text)
    assert read_article(as_text).text.startswith("<!DOCTYPE html>")  # a .txt is read as is


def test_articles_find_files_picks_up_html_and_htm(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".cache").mkdir()
    for rel in ("a.html", "sub/b.HTM", "sub/c.txt", ".cache/d.html", "e.xhtml", "f.html.bak"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in find_article_files([tmp_path])]
    assert sorted(found) == ["a.html", "sub/b.HTM", "sub/c.txt"]


def test_articles_find_files_skips_the_files_folder_of_a_saved_page(tmp_path: Path):
    # what a browser's "Web page, complete" writes: the page, and its frames and assets beside it
    (tmp_path / "Whitfield wins_files" / "ads").mkdir(parents=True)
    (tmp_path / "notes_files").mkdir()
    for rel in (
        "Whitfield wins.HTML",
        "Whitfield wins_files/saved_resource.html",
        "Whitfield wins_files/ads/frame.htm",
        "Whitfield wins_files/style.css",
        "notes_files/kept.txt",  # no notes.html beside it: an ordinary folder
    ):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in find_article_files([tmp_path])]
    assert sorted(found) == ["Whitfield wins.HTML", "notes_files/kept.txt"]
    # named on the command line, a file in such a folder is still read
    frame = tmp_path / "Whitfield wins_files" / "saved_resource.html"
    assert list(find_article_files([frame])) == [frame]


def test_articles_reading_text_does_not_import_trafilatura(tmp_path: Path):
    f = tmp_path / "a.txt"
    f.write_text("Philadelphia District Attorney Larry Krasner won.\n", encoding="utf-8")
    code = (
        "import sys; import kg.cli, kg.ingest; from kg.articles import read_article; "
        f"read_article({str(f)!r}); print('trafilatura' in sys.modules); "
        f"read_article({str(PAGE)!r}); print('trafilatura' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "True"]


def test_articles_kg_add_html_page_then_unchanged(tmp_path: Path, kg: Invoke):
    from kg.store import KGStore

    page = tmp_path / "pages" / "whitfield.html"
    page.parent.mkdir()
    shutil.copy(PAGE, page)
    store = tmp_path / "store"
    first = kg("add", page.parent, "--store", store)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("added whitfield ("), first.stdout
    [stored] = KGStore.open(store, read_only=True).articles()
    art = read_article(page)
    assert (stored.id, stored.sha256, stored.source_path) == (
        "whitfield",
        art.sha256,
        str(page.resolve()),
    )
    assert (stored.title, stored.date, stored.url, stored.source) == (
        "Reform prosecutor Dana Whitfield wins Ridgefield County race",
        "2023-05-17",
        PAGE_URL,
        "The Harbor Ledger",
    )
    again = kg("add", page, "--store", store)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[0] == "unchanged whitfield"


def test_articles_kg_add_page_without_main_text_is_one_line_error(tmp_path: Path, kg: Invoke):
    page = tmp_path / "home.html"
    page.write_bytes(NAV_ONLY_PAGE)
    result = kg("add", page, "--store", tmp_path / "store")
    assert_one_line_error(result, "no main text", "home.html")
    assert not (tmp_path / "store").exists()


def test_articles_kg_extract_reads_html_page(kg: Invoke):
    result = kg("extract", "--json", PAGE)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    text = read_article(PAGE).text
    assert data["relations"]
    for r in data["relations"]:
        ev = r["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"], r
        assert "<" not in ev["text"], r
