"""Generate a large scraped-text corpus from real sentence material, for the ingest benchmark and tests.

Sentences come from the sample corpus (English) and the Russian news sample; each generated article is a headline,
page chrome from the sample pages (share buttons, tickers, teasers), and paragraphs of real sentences in a random
order, so ingestion does its full work (cleaning, splitting, stemming, indexing, near-duplicate lookup).

Run: python bench/make_corpus.py DIR [N]
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROME_TOP = ["VK X OK WhatsApp Telegram", "  • KZT/USD = 0.00189 0%", "  • KGS/USD = 0.01149 0%", "Войти"]
CHROME_BOTTOM = ["Photo www", "Read also:", "The rights to this material belong to",
                 "AI Fighter Jets: Skynet or Strategic Supremacy?",
                 "The recent milestone achieved by the US Air Force has ignited a firestorm..."]


def sentence_material() -> tuple[list[str], list[str]]:
    import razdel

    english, russian = [], []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line.split()) > 25:
                english += [s.text for s in razdel.sentenize(" ".join(line.split())) if len(s.text.split()) > 6]
    sample = ROOT / "tests" / "data" / "ru-news-sample.jsonl"
    for line in sample.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        russian += [s.text for s in razdel.sentenize(" ".join(text.split())) if len(s.text.split()) > 6]
    return english, russian


def make_corpus(target: Path, count: int, seed: int = 7) -> int:
    """Write `count` articles under `target` (100 per subfolder); returns the bytes written."""
    rng = random.Random(seed)
    english, russian = sentence_material()
    written = 0
    stories: list[tuple[str, list[str]]] = []
    for n in range(count):
        pool = russian if rng.random() < 0.2 else english
        if stories and n % 50 == 49:  # 2% republished stories: same text, another outlet's chrome, one edit
            headline, paragraphs = rng.choice(stories)
            paragraphs = paragraphs[:-1] + [" ".join(rng.sample(pool, 2))]
        else:
            paragraphs = [" ".join(rng.sample(pool, rng.randint(2, 5))) for _ in range(rng.randint(4, 9))]
            headline = " ".join(rng.choice(pool).split()[:9]).rstrip(".,;:")
            stories.append((headline, paragraphs))
        lines = [headline, "", *rng.sample(CHROME_TOP, 2), ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
        lines += rng.sample(CHROME_BOTTOM, 2)
        folder = target / f"batch-{n // 100:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        data = "\n".join(lines).encode("utf-8")
        (folder / f"article-{n:06d}.txt").write_bytes(data)
        written += len(data)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    size = make_corpus(target, count)
    print(f"wrote {count} articles, {size / 1024 / 1024:.1f} MB, under {target}")
