"""Markdown, HTML and JSON writers: structure, parseability, and corpus text kept as literal text."""

import json
import re
from html.parser import HTMLParser

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from kzbrief.model import Brief, Citation, Item, Section, Source, Topic
from kzbrief.render import RenderOptions, md_escape, render_html, render_json, render_markdown
from tests.conftest import FIXED_NOW

HOSTILE = [
    "The <script>alert('x')</script> tag was found in the statement of the ministry.",
    'A picture <img src="file:///etc/passwd"> was embedded in the page by the author.',
    "The template {{ 7*7 }} and {% if x %} markers must print as they are in the text.",
    "A link [x](javascript:alert(1)) and **bold** _words_ and `code` stay literal here.",
    "# Not a heading, > not a quote, 1. not a list: all plain text in one sentence.",
    "Prices rose 5% & fell; &amp; stays &amp; and | pipes | stay ~~as~~ written here.",
]


def parser():
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin).use(front_matter_plugin)


def hostile_brief() -> Brief:
    text = " ".join(HOSTILE)
    items, offset = [], 0
    for sentence in HOSTILE:
        start = text.index(sentence, offset)
        offset = start + len(sentence)
        items.append(Item(sentence, "en", (Citation("doc_1", "weird_[name]*.txt", start, offset, 1, sentence),)))
    source = Source(1, "doc_1", "weird_[name]*.txt", "Title <b>with</b> *markup*", "Pub & Co", None,
                    "2025-01-07", "en", text)
    topic = Topic("mediation", "Talks <i>and</i> [links]", {"en": ("talks",)})
    return Brief("Talks <i>and</i> [links]", topic, "en", FIXED_NOW, (Section("key_points", "Key points",
                                                                             tuple(items)),), (source,))


def inline_texts(markdown: str) -> list[tuple[str, list[str]]]:
    """(plain text, footnote labels) of every list item, read back by a CommonMark parser."""
    tokens = parser().parse(markdown)
    result = []
    for i, token in enumerate(tokens):
        if token.type == "list_item_open":
            inline = next(t for t in tokens[i:] if t.type == "inline")
            kinds = {c.type for c in inline.children}
            assert kinds <= {"text", "footnote_ref", "softbreak"}, kinds
            text = "".join(c.content for c in inline.children if c.type == "text")
            refs = [c.meta["label"] for c in inline.children if c.type == "footnote_ref"]
            result.append((text, refs))
    return result


def test_markdown_front_matter_and_structure():
    brief = hostile_brief()
    markdown = render_markdown(brief)
    front = yaml.safe_load(markdown.split("---\n")[1])
    assert front["title"] == brief.title and front["topic"] == "mediation" and front["language"] == "en"
    assert front["generated"].startswith("2026-11-23") and front["sources"][0]["file"] == "weird_[name]*.txt"
    tokens = parser().parse(markdown)
    headings = ["".join(c.content for c in tokens[i + 1].children if c.type == "text")
                for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [brief.title, "Key points", "Sources"]
    assert any(t.type == "footnote_block_open" for t in tokens)


def test_markdown_items_read_back_as_the_exact_sentences():
    brief = hostile_brief()
    assert inline_texts(render_markdown(brief)) == [(item.text, ["1"]) for item in brief.items]


def test_markdown_sources_are_footnote_definitions_with_literal_text():
    html = parser().render(render_markdown(hostile_brief()))
    assert "Title &lt;b&gt;with&lt;/b&gt; *markup*" in html and "weird_[name]*.txt" in html
    assert "<b>" not in html and "<i>" not in html and "<script" not in html and "<img" not in html
    assert "<strong>" not in html and "<code>" not in html and "javascript:" not in html.replace(
        "[x](javascript:alert(1))", "")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Я1234567890*_[]()<>#!\\`~|&;:-+=.'\"/@{}%")), min_size=1,
               max_size=40))
def test_md_escape_round_trips_any_text(text):
    normalized = " ".join(text.split())
    if not normalized:
        return
    [(parsed, _)] = inline_texts(f"- {md_escape(text)}\n")
    assert parsed == normalized


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.items, self.tags, self._in_li = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "li":
            self._in_li, self.current = True, ""
        if tag == "sup" and self._in_li:
            self.items.append(self.current)
            self._in_li = False

    def handle_endtag(self, tag):
        if tag == "li":
            self._in_li = False

    def handle_data(self, data):
        if self._in_li:
            self.current += data


def test_html_escapes_corpus_text():
    brief = hostile_brief()
    html = render_html(brief)
    reader = _Text()
    reader.feed(html)
    assert reader.items[: len(HOSTILE)] == HOSTILE
    assert "script" not in reader.tags and "img" not in reader.tags and "i" not in reader.tags
    assert "49" not in re.sub(r"data-sha256=\"[0-9a-f]+\"", "", html)  # {{ 7*7 }} was not evaluated


def test_json_offsets_can_be_checked_by_anyone():
    data = json.loads(render_json(hostile_brief(), RenderOptions(embed_sources=True)))
    sources = {s["doc_id"]: s for s in data["sources"]}
    for section in data["sections"]:
        for item in section["items"]:
            for citation in item["citations"]:
                text = sources[citation["doc_id"]]["document_text"]
                assert text[citation["start"]:citation["end"]] == citation["text"]
            assert item["citations"][0]["text"] == item["text"]
    assert data["format"] == "kzbrief-brief" and re.match(r"2026-11-23T09:30:00", data["generated"])


def test_source_titles_end_with_one_mark_of_punctuation():
    brief = hostile_brief()
    source = brief.sources[0]
    import dataclasses

    asked = dataclasses.replace(brief, sources=(dataclasses.replace(source, title="Could Kazakhstan Be the Key?"),))
    plain = dataclasses.replace(brief, sources=(dataclasses.replace(source, title="Talks in Astana"),))
    assert "Key?” " in render_markdown(asked) and "Key?”." not in render_markdown(asked)
    assert "Astana”. " in render_markdown(plain) and "\\." not in render_markdown(plain).split("## Sources")[1]
    assert "Key?”</span> " in render_html(asked)
    russian = dataclasses.replace(plain, language="ru")  # «10 августа 2019 г.» closes its own element
    sources = render_markdown(russian).split("## ")[-1]
    assert "г.. " not in sources and "г. " in sources and "г.</span>. " not in render_html(russian)


def test_each_source_lists_the_items_that_cite_it():
    html = render_html(hostile_brief())
    assert 'id="item-1"' in html and 'id="item-6"' in html
    cited = html.split('class="cited-by"')[1].split("</span>")[0]
    assert [f'href="#item-{n}"' in cited for n in range(1, 7)] == [True] * 6
    assert "Key points" in cited and ">6</a>" in cited


def test_html_edition_is_self_contained():
    from kzbrief.outputs import render_brief

    html = render_brief(hostile_brief(), ["html"])["html"].decode("utf-8")
    assert html.count("@font-face") >= 4 and "data:font/woff;base64," in html
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"'#][^"']*)|url\(\s*["']?([^"')]+)""", html)
    external = [u for pair in urls for u in pair if u and not u.startswith("data:")]
    assert external == []  # no request of any kind: no file, no http, no relative URL


def test_html_edition_carries_fonts_cut_to_the_characters_it_uses(sample_build):
    import base64
    import io

    from fontTools.ttLib import TTFont

    _, paths, data = sample_build
    html = paths["html"].read_text(encoding="utf-8")
    assert len(html.encode("utf-8")) < 400_000  # the whole faces would be 4 MB
    fonts = re.findall(r'font-family: "([^"]+)"; src: url\("data:font/woff;base64,([^"]+)"\); font-weight: (\d+); '
                       r'font-style: (\w+)', html)
    assert len(fonts) == 8
    serif = next(TTFont(io.BytesIO(base64.b64decode(b64))) for family, b64, weight, style in fonts
                 if (family, weight, style) == ("PT Serif", "400", "normal"))
    covered = set(map(chr, serif.getBestCmap()))
    needed = {c for section in data["sections"] for item in section["items"] for c in item["text"]} - {" "}
    assert needed <= covered  # every character of every item has its glyph


def test_a_russian_brief_is_russian_in_every_output(tmp_path):
    """Russian quotation marks around titles, the query (not its file-name slug) as the topic, Russian section
    titles in the JSON too, one full stop after a date that ends in «г.»."""
    import shutil

    from kzbrief.config import topic_from_query
    from kzbrief.pipeline import build
    from tests.conftest import RU_SAMPLE

    corpus = tmp_path / "ru"
    corpus.mkdir()
    shutil.copy(RU_SAMPLE, corpus / "news.jsonl")
    result = build(corpus, topic_from_query("Лесные пожары и их тушение"), formats=["md", "json", "html"],
                   out_dir=tmp_path / "out", max_items=8, now=FIXED_NOW, index=tmp_path / "index.sqlite3",
                   languages=("ru",))
    paths = {p.suffix: p for p in result.paths}
    markdown = paths[".md"].read_text(encoding="utf-8")
    assert "Запрос Лесные пожары и их тушение" in markdown and "query-" not in markdown.split("---")[2]
    sources = markdown.split("## Источники")[1]
    assert "«" in sources and "“" not in sources and "г.. " not in sources
    data = json.loads(paths[".json"].read_text(encoding="utf-8"))
    assert data["sections"][0]["title"] == "Главное"
    html = paths[".html"].read_text(encoding="utf-8")
    assert "Запрос</dt><dd>Лесные пожары и их тушение" in html and "«" in html


def test_sources_show_their_urls_as_links_in_every_format_and_only_web_ones(tmp_path):
    """A source's URL is in the Sources of the Markdown, the HTML and the PDF (a link annotation), and in the JSON;
    a URL that is no web address (javascript:, file:) is kept as data in the JSON and never made a link."""
    import json

    from pypdf import PdfReader

    from kzbrief.config import topic_from_query
    from kzbrief.pipeline import build
    from tests.conftest import FIXED_NOW

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [
        {"title": "Talks in Astana", "url": "https://example.org/news/astana_talks?id=1&lang=en",
         "text": "Kazakhstan offered on Friday to host the next round of the Astana talks, the ministry said."},
        {"title": "Talks resume", "url": "javascript:alert(document.cookie)",
         "text": "The Astana talks on Syria resumed on Monday after a pause of six weeks, diplomats said."},
    ]
    (corpus / "export.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    result = build(corpus, topic_from_query("Astana talks"), formats=["md", "html", "json", "pdf"],
                   out_dir=tmp_path / "out", max_items=5, now=FIXED_NOW, index=tmp_path / "index.sqlite3")
    paths = {p.suffix: p for p in result.paths}
    markdown = paths[".md"].read_text(encoding="utf-8")
    assert "<https://example.org/news/astana_talks?id=1&lang=en>" in markdown
    html = paths[".html"].read_text(encoding="utf-8")
    assert 'href="https://example.org/news/astana_talks?id=1&amp;lang=en"' in html
    body = markdown.split("\n---\n", 1)[1]  # the front matter keeps every URL as data (YAML)
    assert "javascript:" not in body and "javascript:" not in html
    data = json.loads(paths[".json"].read_text(encoding="utf-8"))
    assert {s["url"] for s in data["sources"]} == {r["url"] for r in records}
    uris = [annotation.get_object()["/A"]["/URI"] for page in PdfReader(paths[".pdf"]).pages
            for annotation in page.get("/Annots") or [] if "/A" in annotation.get_object()
            and "/URI" in annotation.get_object()["/A"]]
    assert uris == ["https://example.org/news/astana_talks?id=1&lang=en"]


def test_markdown_leaves_an_underscore_inside_a_word_alone():
    """'001_42fa219470ae1a0c.txt' needs no backslash (an underscore between letters or digits makes no emphasis);
    one at a word's edge still gets one."""
    from markdown_it import MarkdownIt

    for text in ("File 001_42fa219470ae1a0c.txt", "snake_case and _emphasis_ here"):
        escaped = md_escape(text)
        assert MarkdownIt("commonmark").renderInline(escaped) == text.replace("&", "&amp;")
    assert md_escape("File 001_42fa.txt") == "File 001_42fa.txt"
