"""How long a brief takes: a 25-article folder (a topic's worth: target 1 s warm), then a large index (targets:
10,000 documents in under 2 s; 100,000 in under 3 s on a broad topic, peak memory under 1.5 GB).

Run: python bench/brief_speed.py [N] [INDEX]
     First a generated 25-article corpus is briefed as a user would (`make_brief`, ingest included; then again,
     warm: the index up to date). Then N documents are generated and ingested into INDEX (default: a temporary
     file) unless INDEX already holds them, each shipped topic is briefed (no ingest), timed, and the peak memory
     of this process printed.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_corpus  # noqa: E402

from kzbrief.config import load_topics, topic_from_query  # noqa: E402
from kzbrief.ingest import ingest_corpus  # noqa: E402
from kzbrief.pipeline import make_brief  # noqa: E402
from kzbrief.store import Store  # noqa: E402


NOW = datetime(2026, 11, 23, tzinfo=timezone.utc)


def small_folder(scratch: Path) -> None:
    import statistics

    folder = scratch / "corpus-25"
    make_corpus(folder, 25)
    topic = topic_from_query("Astana process Syria talks")
    started = time.perf_counter()
    make_brief(folder, topic, max_items=16, index=scratch / "index-25.sqlite3", now=NOW)
    first = time.perf_counter() - started
    warm = []
    for _ in range(5):
        started = time.perf_counter()
        brief, _ = make_brief(folder, topic, max_items=16, index=scratch / "index-25.sqlite3", now=NOW)
        warm.append(time.perf_counter() - started)
    print(f"25 articles: first brief (ingest included) {first:.2f} s; warm (index up to date, checked) "
          f"median {statistics.median(warm):.2f} s of 5; {len(brief.items)} items")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    scratch = tempfile.mkdtemp()
    small_folder(Path(scratch))
    index = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(scratch) / "index.sqlite3"
    corpus = Path(scratch) / "corpus"
    corpus.mkdir()
    with Store(index) as store:
        documents = store.document_count()
        if documents < count:
            print(f"generating and ingesting {count} documents (once) ...", flush=True)
            generated = index.parent / f"corpus-{count}"
            if not generated.exists():
                make_corpus(generated, count)
            ingest_corpus(generated, store)
            documents = store.document_count()
        sentences = store.db.execute("SELECT count(*) FROM sentences").fetchone()[0]
    print(f"index: {documents} documents, {sentences} sentences ({index})")
    topics, _ = load_topics()
    briefs = list(topics.values()) + [topic_from_query("Astana process Syria"), topic_from_query("переговоры")]
    for topic in briefs:
        started = time.perf_counter()
        brief, _ = make_brief(corpus, topic, max_items=16, index=index, update_index=False, now=NOW)
        elapsed = time.perf_counter() - started
        print(f"  {topic.name:<32} {elapsed:6.2f} s  {len(brief.items):3d} items, {len(brief.sources):3d} sources")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
