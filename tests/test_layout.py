"""Layout regressions: sample briefs re-rendered to page images and compared with reference images kept in
tests/data/pages/ (rasterized with PDFium, grey, 50 dpi).

A page passes when at most 5% of its ink (pixels dark in either image) differs clearly, by more than a quarter of the
grey range. Measured on the English sample page 1: another issue date differs in 1.5% of the ink, 1 mm more space
above each heading in 26%, a 2% smaller font in 99%. So a changed date or version number passes; a moved block, a
changed margin, a lost heading or a reflowed paragraph does not.
After an intended layout change, look at the new pages, then refresh the references with
`KZBRIEF_UPDATE_PAGES=1 python -m pytest tests/test_layout.py`. On a failure the actual page and a difference image
are written beside the test's temporary folder, and their paths are in the message.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW, RU_SAMPLE, ROOT

REFERENCES = ROOT / "tests" / "data" / "pages"
DPI = 50
CLEAR_DIFFERENCE = 64     # of 255 grey levels
INK = 160                 # darker than this is ink (text, rules, shading of the summary box is lighter)
TOLERANCE = 0.05          # share of the ink that may differ clearly


def page_images(pdf: Path):
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L") for page in document]
    finally:
        document.close()


def differing_share(actual, reference) -> tuple[float, object]:
    from PIL import ImageChops

    if actual.size != reference.size:
        return 1.0, None
    clear = ImageChops.difference(actual, reference).point(lambda value: 255 if value > CLEAR_DIFFERENCE else 0)
    ink = ImageChops.darker(actual, reference).point(lambda value: 255 if value < INK else 0)
    return clear.histogram()[255] / max(1, ink.histogram()[255]), clear


def check_pages(pdf: Path, name: str, pages: list[int], scratch: Path) -> None:
    images = page_images(pdf)
    for number in pages:
        reference_path = REFERENCES / f"{name}-{number}.png"
        actual = images[number - 1]
        if os.environ.get("KZBRIEF_UPDATE_PAGES"):
            REFERENCES.mkdir(parents=True, exist_ok=True)
            actual.save(reference_path, optimize=True)
            continue
        from PIL import Image

        assert reference_path.is_file(), f"no reference image {reference_path} (KZBRIEF_UPDATE_PAGES=1 makes it)"
        share, clear = differing_share(actual, Image.open(reference_path).convert("L"))
        if share > TOLERANCE:
            actual.save(scratch / f"{name}-{number}.actual.png")
            if clear is not None:
                clear.save(scratch / f"{name}-{number}.difference.png")
        assert share <= TOLERANCE, (f"page {number} of the {name} brief differs from {reference_path} in "
                                    f"{share:.1%} of its ink; see {scratch}")


@pytest.fixture(scope="module")
def russian_brief(tmp_path_factory):
    from kzbrief.config import resolve_topic
    from kzbrief.pipeline import build

    corpus = tmp_path_factory.mktemp("ru")
    (corpus / "news.jsonl").write_bytes(RU_SAMPLE.read_bytes())
    out = tmp_path_factory.mktemp("out")
    result = build(corpus, resolve_topic(None, "паводок ливни дожди"), formats=["pdf"], out_dir=out,
                   max_items=10, now=FIXED_NOW, index=out / "index.sqlite3", languages=("ru",))
    return result.paths[0]


def test_english_sample_brief_pages_match_the_references(sample_build, tmp_path):
    _, paths, _ = sample_build
    check_pages(paths["pdf"], "sample-en", [1, 2], tmp_path)


def test_russian_brief_first_page_matches_the_reference(russian_brief, tmp_path):
    check_pages(russian_brief, "news-ru", [1], tmp_path)


def test_the_comparison_catches_a_small_layout_change(sample_build, tmp_path):
    """The tolerance is not so loose that a real change passes: 1 mm more space above each heading must fail."""
    from kzbrief.outputs import write_brief
    from kzbrief.render import RenderOptions

    result, _, _ = sample_build
    mine = tmp_path / "templates"
    mine.mkdir()
    css = (ROOT / "templates" / "brief.css").read_text(encoding="utf-8")
    (mine / "brief.css").write_text(css + "\nh2 { margin-top: 7mm !important; }\n", encoding="utf-8")
    [pdf] = write_brief(result.brief, ["pdf"], tmp_path / "out", RenderOptions(template_dir=mine))
    reference = REFERENCES / "sample-en-1.png"
    if not reference.is_file():
        pytest.skip("references are being made")
    from PIL import Image

    share, _ = differing_share(page_images(pdf)[0], Image.open(reference).convert("L"))
    assert share > TOLERANCE * 3
