"""The PDF, read back with a PDF library: pages, metadata, every item, the sources, the fonts, no fetching."""

import http.server
import json
import re
import shutil
import subprocess
import threading

import pytest
from pypdf import PdfReader

from kzbrief.i18n import date_range, long_date
from kzbrief.pdf import DATA_URL_MAX, RefusedURL, html_to_pdf, make_url_fetcher
from kzbrief.render import RenderOptions, default_template_dir
from tests.conftest import FIXED_NOW


def squash(text: str) -> str:
    """PDF text extraction breaks lines anywhere, and hyphenation adds hyphens at line ends: compare without
    whitespace and hyphens."""
    return "".join(text.split()).replace("-", "").replace("\u2010", "")


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_reads_back_with_title_items_and_sources(sample_build):
    result, paths, data = sample_build
    reader = PdfReader(paths["pdf"])
    assert 1 <= len(reader.pages) <= 3
    assert reader.metadata.title == result.brief.title
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
    text = squash(pdf_text(reader))
    assert squash(result.brief.title) in text
    for item in result.brief.items:
        assert squash(item.text) in text, item.text[:60]
    assert "Sources" in text
    for source in result.brief.sources:
        assert squash(source.source_file) in text


def test_pdf_has_page_numbers_and_running_header(sample_build):
    _, paths, _ = sample_build
    reader = PdfReader(paths["pdf"])
    pages = len(reader.pages)
    assert f"Page1of{pages}" in squash(reader.pages[0].extract_text())
    if pages > 1:
        assert "Kazakhstanasamediator" in squash(reader.pages[1].extract_text())


def test_pdf_embeds_only_the_bundled_cyrillic_fonts(sample_build):
    _, paths, _ = sample_build
    reader = PdfReader(paths["pdf"])
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded
            fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
    assert fonts and all(name.startswith(("PT-Serif", "PT-Sans")) for name in fonts), fonts


def test_pdf_text_has_no_boilerplate(sample_build):
    _, paths, _ = sample_build
    text = pdf_text(PdfReader(paths["pdf"]))
    for chrome in ("WhatsApp", "Telegram", "KZT/USD", "USD =", "Read also", "Photo www", "Skynet",
                   "Войти", "Register and/or", "ПОДПИСКА", "views and opinions"):
        assert chrome not in text


def test_cyrillic_text_renders_in_the_bundled_font(tmp_path):
    html = ('<html lang="ru"><head><title>Бриф</title></head><body style="font-family: \'PT Serif\'">'
            "<p>Казахстан продолжит выступать посредником и миротворцем.</p></body></html>")
    reader_path = tmp_path / "ru.pdf"
    reader_path.write_bytes(html_to_pdf(html, default_template_dir()))
    reader = PdfReader(reader_path)
    assert "Казахстанпродолжитвыступатьпосредником" in squash(reader.pages[0].extract_text())


def test_url_fetcher_refuses_everything_but_package_assets(tmp_path):
    fetcher = make_url_fetcher([default_template_dir()])
    css = (default_template_dir() / "brief.css").as_uri()
    assert b"@page" in fetcher(css).read()
    assert fetcher("data:text/plain,hello").read() == b"hello"  # a small data: URL carries its own bytes
    huge = "data:text/plain;base64," + "QUFB" * (DATA_URL_MAX // 4 + 1)
    for url in ("file:///etc/passwd", "http://127.0.0.1:1/x.png", "https://example.org/a.css", huge,
                (default_template_dir() / ".." / ".." / "pyproject.toml").as_uri()):
        with pytest.raises(RefusedURL):
            fetcher(url)


def test_rendering_hostile_html_makes_no_network_request(tmp_path):
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        html = (f'<html><head><link rel="stylesheet" href="{url}/style.css"></head><body>'
                f'<img src="{url}/pixel.png"><p style="background: url({url}/bg.png)">text</p>'
                f'<img src="file:///etc/passwd"></body></html>')
        pdf = html_to_pdf(html, default_template_dir())
        assert pdf.startswith(b"%PDF")
    finally:
        server.shutdown()
    assert hits == []


def test_default_pdf_is_pdf_a_3b_with_the_brief_json_attached(sample_build):
    _, paths, data = sample_build
    reader = PdfReader(paths["pdf"])
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert re.search(rb"pdfaid:part(>|=\")3", xmp) and re.search(rb"pdfaid:conformance(>|=\")B", xmp)
    [(name, contents)] = list(reader.attachments.items())
    assert name == "mediation.en.json"
    assert json.loads(contents[0]) == data


def test_ua_variant_is_tagged_and_paper_can_be_letter(tmp_path, sample_corpus):
    from kzbrief.config import resolve_topic
    from kzbrief.pipeline import build

    result = build(sample_corpus, resolve_topic(None, None), formats=["pdf"], out_dir=tmp_path, max_items=4,
                   index=tmp_path / "index.sqlite3", render=RenderOptions(pdf_variant="ua-1", paper="letter"))
    reader = PdfReader(result.paths[0])
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert root.get("/Lang") == "en"
    assert reader.pages[0].mediabox.width == pytest.approx(612, abs=0.5)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed (.ci/run installs it)")
def test_qpdf_finds_no_structural_error(sample_build):
    _, paths, _ = sample_build
    check = subprocess.run(["qpdf", "--check", str(paths["pdf"])], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout


def test_branding_reaches_every_page_the_metadata_and_the_title_block(tmp_path, sample_corpus):
    from PIL import Image

    from kzbrief.config import resolve_topic
    from kzbrief.pipeline import build
    from kzbrief.settings import Branding

    Image.new("RGB", (120, 40), "#7a1f2b").save(tmp_path / "logo.png")
    branding = Branding(name="Central Asia Desk <b>", logo=tmp_path / "logo.png", colour="#7a1f2b",
                        disclaimer="Not an official position {{ 7*7 }}.", classification="For internal use")
    result = build(sample_corpus, resolve_topic(None, None), formats=["pdf", "html", "md"], out_dir=tmp_path,
                   max_items=16, now=FIXED_NOW, index=tmp_path / "index.sqlite3",
                   render=RenderOptions(branding=branding))
    pdf, html, markdown = result.paths[0], result.paths[1], result.paths[2]
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 2
    for page in reader.pages:  # the label at the top and the bottom of every page
        assert page.extract_text().upper().count("FOR INTERNAL USE") == 2
    assert "CentralAsiaDesk<b>" in squash(reader.pages[1].extract_text())  # running header
    assert "Notanofficialposition{{7*7}}." in squash(reader.pages[-1].extract_text())
    assert reader.metadata["/Author"] == "Central Asia Desk <b>"
    assert reader.metadata["/Subject"] == result.brief.topic.title
    assert reader.metadata["/Keywords"].startswith("mediation, peace talks, ") and "*" not in reader.metadata["/Keywords"]
    assert reader.metadata["/CreationDate"].startswith("D:2026") and reader.trailer["/Root"]["/Lang"] == "en"
    [logo] = reader.pages[0].images
    assert logo.image.size == (120, 40)
    page_html = html.read_text(encoding="utf-8")
    assert "Central Asia Desk &lt;b&gt;" in page_html and "--accent: #7a1f2b" in page_html
    assert "data:image/png;base64," in page_html  # the logo travels inside the self-contained page
    text = markdown.read_text(encoding="utf-8")
    assert "**For internal use**" in text and "Central Asia Desk \\<b\\> · Policy brief" in text


def test_title_block_names_period_issue_date_language_and_sources(tmp_path, sample_corpus):
    from kzbrief.config import resolve_topic
    from kzbrief.pipeline import build
    from kzbrief.window import make_window

    result = build(sample_corpus, resolve_topic(None, None), formats=["pdf"], out_dir=tmp_path, max_items=6,
                   now=FIXED_NOW, index=tmp_path / "index.sqlite3", window=make_window(week="2026-W47", undated=True))
    first = squash(PdfReader(result.paths[0]).pages[0].extract_text())
    period = squash(f"Period covered 2026-W47 · {date_range('2026-11-16', '2026-11-22', 'en')}").replace("-", "")
    assert period.upper() in first.upper()
    assert squash(f"Issued {long_date(FIXED_NOW, 'en')}").upper() in first.upper()
    assert "LANGUAGEEnglish".upper() in first.upper()
    assert f"6itemsfrom{len(result.brief.sources)}source".upper() in first.upper()


def test_citations_are_clickable_links_to_the_sources_and_back(sample_build):
    result, paths, _ = sample_build
    reader = PdfReader(paths["pdf"])
    destinations = set(reader.named_destinations)
    links = []
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation["/Subtype"] == "/Link":
                x1, y1, x2, y2 = (float(v) for v in annotation["/Rect"])
                assert abs(x2 - x1) > 2 and abs(y2 - y1) > 4, "a link too small to click"
                links.append(str(annotation["/Dest"]))
    assert set(links) <= destinations  # every link lands somewhere
    citations = sum(len(item.citations) for item in result.brief.items)
    assert sum(link.startswith("source-") for link in links) == citations  # one link per citation marker
    cited_items = sum(len({c.source_number for c in item.citations}) for item in result.brief.items)
    assert sum(link.startswith("item-") for link in links) == cited_items  # and back, from each source entry


def test_only_the_archival_edition_carries_the_briefs_data_and_a_relative_template_dir_works(tmp_path,
                                                                                             sample_corpus):
    """--pdf-variant plain (and ua-1) is a PDF without the JSON attached; a-3b carries it. A --template-dir given
    relative to the working folder renders the PDF too."""
    from pypdf import PdfReader

    from tests.conftest import run_cli

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "extra.css").write_text("h1 { letter-spacing: 0.02em; }\n", encoding="utf-8")
    attached = {}
    for variant in ("plain", "ua-1", "a-3b"):
        out = tmp_path / variant
        result = run_cli("build", "--corpus", str(sample_corpus), "--index", str(tmp_path / "i.sqlite3"),
                         "-f", "pdf", "--pdf-variant", variant, "--template-dir", "mine", "--out", str(out),
                         cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        attached[variant] = list(PdfReader(next(out.glob("*.pdf"))).attachments)
    assert attached == {"plain": [], "ua-1": [], "a-3b": ["mediation.en.json"]}
