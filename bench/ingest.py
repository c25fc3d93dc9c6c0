"""Ingest speed on a generated corpus of real sentence material (issue: >= 300 documents/s on 2 cores,
an unchanged re-run of 10,000 files in under 2 s).

Run: python bench/ingest.py [N]       (default 10,000 documents; the corpus is generated in a temporary folder)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_corpus  # noqa: E402

from kzbrief.ingest import ingest_corpus  # noqa: E402
from kzbrief.store import Store  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus"
        size = make_corpus(corpus, count)
        index = Path(scratch) / "index.sqlite3"
        print(f"corpus: {count} scraped-text articles, {size / 1024 / 1024:.1f} MB; {os.cpu_count()} cores")

        with Store(index) as store:
            first = ingest_corpus(corpus, store)
        rate = len(first.added) / first.seconds
        print(f"first ingest:      {first.seconds:6.1f} s  {rate:6.0f} documents/s  "
              f"({first.documents} documents, {first.duplicate_pairs} duplicate pairs, "
              f"{len(first.skipped)} skipped)")

        started = time.perf_counter()
        with Store(index) as store:
            second = ingest_corpus(corpus, store)
        print(f"unchanged re-run:  {time.perf_counter() - started:6.2f} s  ({second.unchanged} unchanged, "
              f"{len(second.added) + len(second.updated)} processed; index open included)")

        changed = sorted(corpus.rglob("*.txt"))[:: max(1, count // 100)]
        for path in changed:
            path.write_text(path.read_text(encoding="utf-8") + "\nA new closing paragraph, added for the weekly "
                            "run, says the talks will resume in Astana.\n", encoding="utf-8")
        started = time.perf_counter()
        with Store(index) as store:
            third = ingest_corpus(corpus, store)
        print(f"1% changed re-run: {time.perf_counter() - started:6.2f} s  ({len(third.updated)} updated, "
              f"{third.unchanged} unchanged)")
        print(f"index size: {index.stat().st_size / 1024 / 1024:.0f} MB")


if __name__ == "__main__":
    main()
