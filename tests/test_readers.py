"""Readers per format: scraped text, HTML (trafilatura), JSONL and JSON exports; size and type limits."""

import json

import pytest

from kzbrief.ingest.readers import MAX_FILE_BYTES, UnreadableFile, corpus_files, read_file

ARTICLE_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Astana offers to host talks | Steppe Herald</title>
<meta property="og:site_name" content="Steppe Herald">
<meta name="author" content="Aigerim Sultanova">
<meta property="article:published_time" content="2025-03-14T08:00:00+05:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/login">Log in</a></nav>
<div class="share">Share: VK Telegram WhatsApp</div>
<article><h1>Astana offers to host talks</h1>
<p>Kazakhstan is ready to host a new round of negotiations between the parties, the foreign ministry said on
Friday, adding that the talks could take place in Astana as early as next month.</p>
<p>The ministry stressed that Kazakhstan would provide a platform for the talks but would not act as a mediator,
repeating a position it has held since the Astana process on Syria began in 2017.</p>
<p>Diplomats in the capital said preparations for the meeting had begun, and that delegations would be housed
near the conference hall to keep the schedule tight.</p>
</article>
<aside><h3>Read also</h3><ul><li><a href="/a">Oil prices fall</a></li><li><a href="/b">Weather</a></li></ul></aside>
<footer>© 2025 Steppe Herald. All rights reserved.</footer>
</body></html>"""


def test_scraped_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nBody text of the article.\n", encoding="utf-8")
    raw = read_file(path)
    assert raw.encoding == "utf-8" and raw.articles[0].scraped and "Body text" in raw.articles[0].text


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    [article] = read_file(path).articles
    assert "ready to host a new round of negotiations" in article.text
    assert "delegations would be housed" in article.text
    for chrome in ("Log in", "WhatsApp", "Oil prices fall", "All rights reserved"):
        assert chrome not in article.text
    assert article.meta["title"].startswith("Astana offers to host talks")
    assert article.meta["author"] == "Aigerim Sultanova"
    assert article.meta["publisher"] == "Steppe Herald"
    assert article.meta["date"] == "2025-03-14"
    assert not article.scraped


def test_truncated_html_still_yields_its_text_or_a_reason(tmp_path):
    path = tmp_path / "cut.htm"
    path.write_text(ARTICLE_HTML[: ARTICLE_HTML.index("Diplomats")], encoding="utf-8")
    try:
        [article] = read_file(path).articles
        assert "ready to host" in article.text
    except UnreadableFile as error:
        assert str(error)
    (tmp_path / "junk.html").write_text("<html><body><div>", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="no article text"):
        read_file(tmp_path / "junk.html")


def test_jsonl_records_with_bad_lines_reported(tmp_path):
    path = tmp_path / "export.jsonl"
    records = [
        {"title": "One", "text": "Первая статья о переговорах в Астане.", "date": "2019-08-10 17:12:51",
         "publisher": "tass.ru", "author": None, "language": "ru"},
        "not an object",
        {"title": "No text"},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + ["{broken json", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    raw = read_file(path)
    [article] = raw.articles
    assert article.record == 1 and article.meta == {"title": "One", "date": "2019-08-10 17:12:51",
                                                    "publisher": "tass.ru", "language": "ru"}
    assert raw.problems == ["line 2: not an object", "line 3: no 'text'", "line 4: not JSON (Expecting "
                            "property name enclosed in double quotes, column 2)"]


def test_json_list_and_single_object(tmp_path):
    (tmp_path / "list.json").write_text(json.dumps([{"text": "A."}, {"text": "B."}]), encoding="utf-8")
    assert [a.record for a in read_file(tmp_path / "list.json").articles] == [1, 2]
    (tmp_path / "one.json").write_text(json.dumps({"text": "A.", "title": "T"}), encoding="utf-8")
    assert read_file(tmp_path / "one.json").articles[0].meta == {"title": "T"}
    (tmp_path / "bad.json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="not valid JSON"):
        read_file(tmp_path / "bad.json")
    (tmp_path / "none.json").write_text("[]", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="no article"):
        read_file(tmp_path / "none.json")


def test_too_large_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:  # sparse: no real disk used
        stream.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(UnreadableFile, match="too large"):
        read_file(path)


def test_unsupported_type_is_named(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7")
    with pytest.raises(UnreadableFile, match="unsupported file type '.pdf'"):
        read_file(path)


def test_binary_saved_as_txt(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    with pytest.raises(UnreadableFile, match="JPEG image"):
        read_file(path)


def test_corpus_files_skip_hidden_and_manifest(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "manifest.toml").write_text("")
    (tmp_path / ".kzbrief").mkdir()
    (tmp_path / ".kzbrief" / "index.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in corpus_files(tmp_path)] == ["a.txt", "sub/b.md"]


@pytest.mark.parametrize("meta, date", [
    ('<meta property="article:published_time" content="2025-03-14T08:00:00+05:00">', "2025-03-14"),
    ('<meta property="article:published_time" content="2025-03-14">'
     '<meta property="article:modified_time" content="2025-06-01">', "2025-03-14"),  # the original, not the update
    ('<meta name="date" content="2019">', None),  # a year alone is no day: not 1 January
    ("", None),  # nothing in the markup: not the date of a related link
])
def test_an_html_page_is_dated_by_its_markup_and_never_by_its_links(tmp_path, meta, date):
    page = ARTICLE_HTML.replace('<meta property="article:published_time" content="2025-03-14T08:00:00+05:00">',
                                meta).replace(
        "</article>", '<p>Related: <a href="/2021/05/17/old-story">An older story</a> and '
                      '<a href="https://news.example.com/2023/02/11/other">another</a>.</p></article>')
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    [article] = read_file(path).articles
    assert article.meta.get("date") == date


@pytest.mark.parametrize("author, expected", [
    ("Steppe Herald; Aigerim Sultanova", "Aigerim Sultanova"),  # the site's name among the authors
    ("steppeherald; Aigerim Sultanova", "Aigerim Sultanova"),  # the name its address gives
    ("Aigerim Sultanova; Dmitry Ivanov", "Aigerim Sultanova; Dmitry Ivanov"),
])
def test_the_publisher_is_not_one_of_the_authors(tmp_path, author, expected):
    page = ARTICLE_HTML.replace('content="Aigerim Sultanova"', f'content="{author}"').replace(
        "</head>", '<link rel="canonical" href="https://steppeherald.kz/news/astana-talks"></head>')
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    [article] = read_file(path).articles
    assert article.meta.get("author") == expected and article.meta["publisher"] == "Steppe Herald"
