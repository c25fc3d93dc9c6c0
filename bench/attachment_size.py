"""What a brief weighs as an attachment, carrying quotes (the default) or its sources' whole texts
(`--embed-sources`, what every brief carried before format 2): the JSON and the PDF/A-3b edition (which attaches
the JSON), for the sample brief and for a brief of about 40 sources over a generated corpus.

Run: python bench/attachment_size.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_corpus  # noqa: E402

from kzbrief.config import resolve_topic  # noqa: E402
from kzbrief.pipeline import build  # noqa: E402
from kzbrief.render import RenderOptions  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


def sizes(corpus: Path, scratch: Path, name: str, **brief) -> None:
    figures = {}
    for embed in (True, False):
        out = scratch / f"{name}-{embed}"
        result = build(corpus, resolve_topic(None, None), formats=["json", "pdf"], out_dir=out, now=NOW,
                       index=scratch / f"{name}.sqlite3", render=RenderOptions(embed_sources=embed), **brief)
        figures[embed] = {p.suffix: p.stat().st_size for p in result.paths}
        sources = len(result.brief.sources)
    print(f"{name}: {len(result.brief.items)} items from {sources} sources")
    for suffix in (".json", ".pdf"):
        before, after = figures[True][suffix], figures[False][suffix]
        print(f"  {suffix[1:]:4}  embedded sources {before / 1024:7.1f} KB   quotes only {after / 1024:7.1f} KB   "
              f"({after / before:.0%} of it)")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        sizes(ROOT / "corpus", scratch, "sample brief", max_items=16)
        corpus = scratch / "corpus"
        make_corpus(corpus, 2000)
        sizes(corpus, scratch, "a 40-source brief", max_items=8, max_words=2000)


if __name__ == "__main__":
    main()
