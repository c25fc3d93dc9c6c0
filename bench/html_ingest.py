"""HTML ingest beside bare trafilatura, both in one process, on 500 generated pages in the shape of real news
pages (head metadata, navigation, share buttons, the article, related links, a footer), sentences from the sample
corpora. Bare: trafilatura.bare_extraction on each page with kzbrief's options (what any HTML indexer must do).
These pages are small (a few KB of markup), so kzbrief's own work weighs more than on real pages, whose markup
makes extraction the larger part. kzbrief: `ingest_corpus` into a new index with worker processes off (one process), so
the ratio is kzbrief's own work on top of extraction.

Real pages weigh more: `--pages DIR` takes the first N .html files under a folder of saved pages instead, those whose
<html lang> is English or Russian (for instance trafilatura's own test pages, tests/eval and tests/cache in
github.com/adbar/trafilatura: 195 such real pages of 1,031; read by path, never committed). kzbrief's models (the
language identifier, the Russian dictionaries: half a second, once per run, when a page needs them) are loaded before
its timing and their load printed apart, as trafilatura's imports are warmed before its own.

Run: python bench/html_ingest.py [N] [--pages DIR]     (default 500 pages)
"""

from __future__ import annotations

import html
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import sentence_material  # noqa: E402

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}"><meta name="author" content="{author}">
<meta property="article:published_time" content="2025-{month:02d}-{day:02d}T08:00:00+05:00">
<link rel="canonical" href="https://{host}/news/{n}"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/world">World</a> <a href="/login">Log in</a></nav>
<div class="share">Share: VK Telegram WhatsApp X</div>
<article><h1>{title}</h1>{paragraphs}</article>
<aside><h3>Read also</h3><ul>{related}</ul></aside>
<footer>© 2025 {site}. All rights reserved. <a href="/privacy">Privacy</a></footer></body></html>"""


def make_pages(folder: Path, count: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    english, russian = sentence_material()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        pool, lang = (russian, "ru") if rng.random() < 0.2 else (english, "en")
        paragraphs = "".join(f"<p>{html.escape(' '.join(rng.sample(pool, rng.randint(2, 5))))}</p>"
                             for _ in range(rng.randint(4, 9)))
        related = "".join(f'<li><a href="/2024/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/x{k}">'
                          f"{html.escape(' '.join(rng.choice(pool).split()[:7]))}</a></li>" for k in range(4))
        title = " ".join(rng.choice(pool).split()[:9]).rstrip(".,;:")
        (folder / f"page-{n:04d}.html").write_text(PAGE.format(
            lang=lang, title=html.escape(title), site="Steppe Herald", author="Aigerim Sultanova",
            month=rng.randint(1, 12), day=rng.randint(1, 28), host="steppeherald.kz", n=n, paragraphs=paragraphs,
            related=related), encoding="utf-8")


def _decoded(page: bytes) -> str | bytes:
    """The bare baseline's charset step: UTF-8 when the page is, else the bytes for trafilatura's own detection."""
    try:
        return page.decode("utf-8")
    except UnicodeDecodeError:
        return page


def _english_or_russian(page: bytes) -> bool:
    """Whether a saved page's <html lang> says English or Russian: the pages kzbrief briefs (the rest it extracts,
    detects and skips, which says little of its own work)."""
    import re

    match = re.search(rb"<html[^>]*\blang\s*=\s*[\"']?(en|ru)\b", page[:4096], re.IGNORECASE)
    return match is not None


def main() -> None:
    import trafilatura

    from kzbrief.ingest import index as ingest_index
    from kzbrief.ingest.readers import _DATE_SEARCH
    from kzbrief.ingest import ingest_corpus
    from kzbrief.store import Store

    args = sys.argv[1:]
    real = Path(args.pop(args.index("--pages") + 1)) if "--pages" in args else None
    args = [a for a in args if a != "--pages"]
    count = int(args[0]) if args else 500
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "pages"
        if real is None:
            make_pages(corpus, count)
        else:
            corpus.mkdir()
            briefed = [page for page in sorted(real.rglob("*.html")) if _english_or_russian(page.read_bytes())]
            for page in briefed[:count]:
                shutil.copy(page, corpus / page.name)
            count = len(list(corpus.glob("*.html")))
        pages = sorted(corpus.glob("*.html"))
        trafilatura.bare_extraction(pages[0].read_bytes(), with_metadata=True)  # warm imports
        started = time.perf_counter()
        for page in pages:
            trafilatura.bare_extraction(_decoded(page.read_bytes()), with_metadata=True, include_comments=False,
                                        include_tables=False, favor_precision=True, deduplicate=False,
                                        date_extraction_params=_DATE_SEARCH())
        bare = time.perf_counter() - started
        ingest_index.PARALLEL_FROM = 10 ** 9  # one process, as the bare run
        from kzbrief.languages import _identifier
        from kzbrief.text import _morphology

        started = time.perf_counter()  # kzbrief's models, loaded once per run (when a page needs them): timed apart
        _identifier(), _morphology()
        models = time.perf_counter() - started
        with Store(Path(scratch) / "index.sqlite3") as store:
            started = time.perf_counter()
            report = ingest_corpus(corpus, store)
            ours = time.perf_counter() - started
        kind = f"real pages from {real}" if real else "generated pages"
        size = sum(p.stat().st_size for p in pages) / count / 1024
        print(f"{count} HTML pages ({kind}, {size:.0f} KB on average), one process each way")
        print(f"bare trafilatura: {bare:6.1f} s  {count / bare:5.0f} pages/s")
        print(f"kzbrief ingest:   {ours:6.1f} s  {count / ours:5.0f} pages/s  ({report.documents} documents, "
              f"{len(report.skipped)} skipped) = {ours / bare:.2f}x bare trafilatura; with the models' one-time "
              f"load ({models:.2f} s): {(ours + models) / bare:.2f}x")


if __name__ == "__main__":
    main()
