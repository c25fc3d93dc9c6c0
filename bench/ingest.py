"""Ingest speed on a generated corpus of real sentence material, side by side with a bare baseline that does the
minimum any indexer must: read each file, decode it (UTF-8, else charset-normalizer), and insert its text into an
SQLite FTS5 table, one row per document, in one transaction; and a bare stat of every file for the unchanged
re-run. The ratios are the figures to read (the machine is noisy; both run in the same minutes).

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

        bare_seconds = bare_ingest(corpus, Path(scratch) / "bare.sqlite3")
        with Store(index) as store:
            first = ingest_corpus(corpus, store)
        rate = len(first.added) / first.seconds
        print(f"bare baseline:     {bare_seconds:6.1f} s  {count / bare_seconds:6.0f} documents/s")
        print(f"first ingest:      {first.seconds:6.1f} s  {rate:6.0f} documents/s  "
              f"({first.documents} documents, {first.duplicate_pairs} duplicate pairs, "
              f"{len(first.skipped)} skipped)  = {first.seconds / bare_seconds:.1f}x the bare baseline")
        text_bytes = sum(p.stat().st_size for p in corpus.rglob("*.txt"))

        started = time.perf_counter()
        stats = [(p.stat().st_size, p.stat().st_mtime_ns) for p in corpus.rglob("*") if p.is_file()]
        bare_stat = time.perf_counter() - started
        started = time.perf_counter()
        with Store(index) as store:
            second = ingest_corpus(corpus, store)
        again = time.perf_counter() - started
        print(f"unchanged re-run:  {again:6.2f} s  ({second.unchanged} unchanged, "
              f"{len(second.added) + len(second.updated)} processed; index open included)  = "
              f"{again / bare_stat:.1f}x a bare stat of the {len(stats)} files ({bare_stat:.2f} s)")

        changed = sorted(corpus.rglob("*.txt"))[:: max(1, count // 100)]
        for path in changed:
            path.write_text(path.read_text(encoding="utf-8") + "\nA new closing paragraph, added for the weekly "
                            "run, says the talks will resume in Astana.\n", encoding="utf-8")
        started = time.perf_counter()
        with Store(index) as store:
            third = ingest_corpus(corpus, store)
        print(f"1% changed re-run: {time.perf_counter() - started:6.2f} s  ({len(third.updated)} updated, "
              f"{third.unchanged} unchanged)")
        print(f"index size: {index.stat().st_size / 1024 / 1024:.0f} MB = {index.stat().st_size / text_bytes:.1f}x "
              f"the text ({text_bytes / 1024 / 1024:.0f} MB)")


def bare_ingest(corpus: Path, index: Path) -> float:
    """The minimum: read, detect the charset, one FTS5 insert per document, one transaction."""
    import sqlite3

    from charset_normalizer import from_bytes

    started = time.perf_counter()
    db = sqlite3.connect(index)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(text)")
    with db:
        for path in sorted(corpus.rglob("*.txt")):
            data = path.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = str(from_bytes(data).best())
            db.execute("INSERT INTO docs (text) VALUES (?)", (text,))
    db.close()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
