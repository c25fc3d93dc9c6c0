"""Is this the same statement? One answer for every stage that asks: the brief's choice of items (a candidate that
repeats a chosen item is not shown again), corroboration (another source cited for an item must say what the item
says), and the novelty of maximal marginal relevance; LexRank's votes use the same vectors.

Two sentences are compared by the cosine of their content stems (Snowball, English and Russian), each stem
weighted by its rarity among the sentences compared (idf): the words every candidate shares, such as the topic's
own name, count for little, and the facts that tell statements apart count for much. Sentences of the same words
in the same case and spacing are the same statement without counting.

Both thresholds were chosen on the DUC 2007 development data (`bench/duc.py --similarity`): pairs of sentences of
the human summaries that express a common content unit of the pyramid annotation repeat a fact, pairs that share
none do not.
- THRESHOLD (not shown again) is the lowest cut at which at least 7 of 8 pairs called the same truly share a unit
  (precision >= 0.875): calling two statements the same drops one of them, which costs more than a fact said
  twice. (The F1-best cut, 0.20, dropped sentences that add new content: ROUGE-2 of the dev briefs fell 6%.)
- CITE_THRESHOLD (cited as a further source) is the lowest cut at which at least 39 of 40 are (precision >= 0.97):
  a citation says that the source states the item, and a brief never cites a source for what it did not say.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

THRESHOLD = 0.35
PRECISION = 0.875  # how THRESHOLD was chosen (see above)
CITE_THRESHOLD = 0.55
CITE_PRECISION = 0.97


def text_key(text: str) -> str:
    """Exact copies (syndicated text) are one statement whatever their spacing and case."""
    return " ".join(text.split()).casefold()


class Statements:
    """Weighted stem vectors of a set of sentences, and the questions asked of them. Vectors are kept sparse (a
    brief's pool holds thousands of sentences and tens of thousands of stems); `matrix` is for small pools."""

    def __init__(self, stem_sets: Sequence[frozenset[str]]):
        frequency = Counter(s for stems in stem_sets for s in stems)
        size = len(stem_sets)
        weight = {s: math.log((1 + size) / (1 + f)) + 1 for s, f in frequency.items()}
        self.stem_sets = list(stem_sets)
        self.weights = weight
        self.norms = [math.sqrt(sum(weight[s] ** 2 for s in stems)) or 1.0 for stems in self.stem_sets]

    def cosine(self, i: int, j: int) -> float:
        a, b = self.stem_sets[i], self.stem_sets[j]
        if len(a) > len(b):
            a, b = b, a
        shared = sum(self.weights[s] ** 2 for s in a if s in b)
        return shared / (self.norms[i] * self.norms[j])

    def matrix(self) -> np.ndarray:
        """Every pair's cosine."""
        vocabulary = {s: k for k, s in enumerate(self.weights)}
        vectors = np.zeros((len(self.stem_sets), max(len(vocabulary), 1)), dtype=np.float32)
        for i, stems in enumerate(self.stem_sets):
            for s in stems:
                vectors[i, vocabulary[s]] = self.weights[s] / self.norms[i]
        return vectors @ vectors.T

    def same(self, i: int, j: int) -> bool:
        return self.cosine(i, j) >= THRESHOLD

    def first_same(self, i: int, others: Sequence[int],
                   threshold: float | Sequence[float] = THRESHOLD) -> int | None:
        """The first of `others` that states what sentence `i` states, if any (at `threshold`: CITE_THRESHOLD
        when it would be cited for it; one threshold per other, when they differ)."""
        cuts = [threshold] * len(others) if isinstance(threshold, (int, float)) else threshold
        return next((j for j, cut in zip(others, cuts) if self.cosine(i, j) >= cut), None)
