"""Query-focused quality on the sets kzbrief ships (tests/data/quality.json): the sample corpus on its four topics
and the Russian news sample on three queries, each against a reference we wrote. For every method: ROUGE-1 and
ROUGE-2 recall (Snowball stems) of a 150-word brief, and the reader's checks on the full briefs (datelines, list
lines, items that lean on a sentence they do not show, facts stated twice). The CI gate (tests/test_quality.py)
holds the default method to floors under these figures. The standard benchmark is bench/duc.py.

Run: python bench/evaluate.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kzbrief.rank import METHODS  # noqa: E402
from tests.quality import brief, candidates, item_problems, load_sets, rouge_recall  # noqa: E402


def main() -> None:
    sets = load_sets()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        print(f"{'set':<34}{'method':<10}{'ROUGE-1':>9}{'ROUGE-2':>9}   items  problems")
        means: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for quality in sets:
            pool = candidates(quality, scratch) if brief(quality, scratch) else []
            for method in METHODS:
                text = " ".join(i.text for i in brief(quality, scratch, method).items)
                r1, r2 = rouge_recall(text, quality.reference, 1), rouge_recall(text, quality.reference, 2)
                full = brief(quality, scratch, method, max_words=900)
                problems = {k: len(v) for k, v in item_problems(full, pool).items() if v}
                means.setdefault((quality.language, method), []).append((r1, r2))
                print(f"{quality.name[:33]:<34}{method:<10}{r1:9.3f}{r2:9.3f}{len(full.items):8d}  "
                      f"{problems or '-'}")
        print()
        for (language, method), values in means.items():
            print(f"mean, {language}, {method:<10}{statistics.mean(v[0] for v in values):9.3f}"
                  f"{statistics.mean(v[1] for v in values):9.3f}")


if __name__ == "__main__":
    main()
