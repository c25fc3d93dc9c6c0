"""Rendering a long brief to PDF (issue: a 10-page brief in under 2 s warm; our overhead over a bare WeasyPrint
render of the same HTML under 15%).

Run: python bench/render_speed.py [ROUNDS]

A corpus of generated articles (bench/make_corpus.py) plus the sample is briefed once with room for about ten pages;
then, interleaved ROUNDS times (default 5) after one warm-up of each:
  kzbrief   the whole PDF step of `kzbrief build`: template rendering, the JSON attachment, PDF/A-3b, our fonts and
            our URL fetcher (outputs.render_brief(brief, ["pdf"]))
  bare      WeasyPrint alone on the same HTML: HTML(string).write_pdf() with the same @font-face CSS, default fetcher,
            plain PDF, no attachment
  bare-a3b  the same, asked for PDF/A-3b with the same attachment (what the archival variant itself costs)
Medians are printed; overhead = kzbrief / bare - 1.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import make_corpus  # noqa: E402

from kzbrief.config import resolve_topic  # noqa: E402
from kzbrief.outputs import render_brief  # noqa: E402
from kzbrief.pipeline import make_brief  # noqa: E402
from kzbrief.render import default_template_dir, render_html, render_json  # noqa: E402


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    scratch = Path(tempfile.mkdtemp())
    corpus = scratch / "corpus"
    make_corpus(corpus, 400)
    for path in (HERE.parent / "corpus").glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    brief, _ = make_brief(corpus, resolve_topic(None, None), max_items=52, max_words=2600,
                          now=datetime(2026, 11, 23, tzinfo=timezone.utc), index=scratch / "index.sqlite3")

    from weasyprint import CSS, HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration

    from kzbrief.pdf import font_face_css

    html = render_html(brief)
    data = render_json(brief).encode("utf-8")
    base = default_template_dir().as_uri() + "/"

    def ours() -> bytes:
        return render_brief(brief, ["pdf"])["pdf"]

    def bare(variant: str | None = None) -> bytes:
        fonts = FontConfiguration()
        extra = {"pdf_variant": variant, "attachments": [Attachment(string=data, name="brief.json")]} \
            if variant else {}
        return HTML(string=html, base_url=base).write_pdf(
            stylesheets=[CSS(string=font_face_css(), font_config=fonts)], font_config=fonts, **extra)

    runs = {"kzbrief": ours, "bare": bare, "bare-a3b": lambda: bare("pdf/a-3b")}
    times: dict[str, list[float]] = {name: [] for name in runs}
    for name, run in runs.items():  # warm-up: imports, font loading, caches
        run()
    for _ in range(rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            pdf = run()
            times[name].append(time.perf_counter() - start)
            if name == "kzbrief":
                pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(ours())).pages)
    print(f"brief: {len(brief.items)} items, {len(brief.sources)} sources, {pages} pages; "
          f"HTML {len(html) / 1024:.0f} KB; medians of {rounds} interleaved runs (warm)")
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"  {name:<9} {value:6.2f} s   (runs: {', '.join(f'{v:.2f}' for v in times[name])})")
    print(f"overhead of kzbrief over bare WeasyPrint: {medians['kzbrief'] / medians['bare'] - 1:+.1%}; "
          f"over bare WeasyPrint asked for the same PDF/A-3b: {medians['kzbrief'] / medians['bare-a3b'] - 1:+.1%}")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
