"""Summarizers: each one puts the topic's candidate sentences in the order a brief should take them, within a word
budget. Same signature, `method(candidates, words) -> candidates`, so methods can be compared on the same input;
summarize.choose takes sentences in that order while they fit.

- `concepts` (the default): concept coverage under the word budget, after Gillick and Favre's ICSI summarizer.
  The concepts are the pairs of adjacent words (as stems) of the candidates, each worth the number of articles
  that use it (pairs fewer articles share are noise: they count nothing). Sentences are taken greedily by what they
  add per word: the worth of the pairs not yet covered, times the sentence's relevance to the topic as it stands
  (a topic concept, or an aspect of the question, already spoken of counts less), more for a source not yet cited,
  less for a sentence that leans on the one before it. So a brief says once what many sources say about the
  question, and covers each aspect of it before it repeats any. The constants below were chosen on the DUC 2007
  development data (bench/duc.py) and the sample corpus' briefs.
- `lexrank`: query-biased LexRank. Sentences vote for each other by TF-IDF cosine similarity; the random walk
  jumps back to sentences in proportion to their relevance. Maximal marginal relevance orders the result.
- `lead`: the baseline: the earliest topical sentences of each article, articles taken by relevance.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from kzbrief.eligibility import context_penalty
from kzbrief.select import Candidate
from kzbrief.similarity import Statements, text_key

POOL = 300  # candidates considered by the graph methods: the best by relevance
SIMILARITY_EDGE = 0.1  # cosine below which two sentences do not vote for each other
QUERY_BIAS = 0.5  # share of the walk that jumps back to relevant sentences
DAMPING_ITERATIONS = 60
MMR_LAMBDA = 0.7  # weight of rank against novelty
MMR_POOL = 400  # candidates MMR orders

RELEVANCE_GAIN = 3.0  # concepts: the most relevant sentence's concepts count (1 + this) times an irrelevant one's
CONCEPT_DECAY = 0.7  # concepts: each time a topic concept is spoken of again, its relevance counts this much less
ASPECT_DECAY = 0.5  # concepts: each time an aspect of the topic is answered, its relevance counts this much less
NEW_SOURCE = 0.6  # concepts: a sentence from a source the brief does not cite yet adds this much more
MIN_SHARE = 8  # concepts: a pair counts when at least 1/MIN_SHARE of the articles use it (and at least 2 do)


def distinct_texts(ranked: list[Candidate]) -> list[Candidate]:
    """The ranked list with each exact sentence once (its best-ranked copy): syndicated copies of a sentence
    are corroboration, not candidates of their own."""
    seen: set[str] = set()
    result = []
    for candidate in ranked:
        key = text_key(candidate.sentence.text)
        if key not in seen:
            seen.add(key)
            result.append(candidate)
    return result


# --- concept coverage ---------------------------------------------------------------------------------------------

def concept_worth(pool: list[Candidate]) -> dict[tuple[str, str], float]:
    """Each word pair's worth: the number of independent sources using it (an article republished by another
    outlet is one story), when enough do. With fewer than three there is nothing to count across sources, so the
    sentences that use a pair are counted instead."""
    documents: dict[str, set] = {}
    for candidate in pool:
        documents.setdefault(candidate.source, set()).update(candidate.bigrams)
    if len(documents) >= 3:
        counts = Counter(pair for pairs in documents.values() for pair in pairs)
        units = len(documents)
    else:
        counts = Counter(pair for candidate in pool for pair in candidate.bigrams)
        units = len(pool)
    floor = max(2, math.ceil(units / MIN_SHARE))
    return {pair: float(count) for pair, count in counts.items() if count >= floor}


def concepts(candidates: list[Candidate], words: int) -> list[Candidate]:
    pool = [c for c in distinct_texts(candidates) if c.sentence.text.split()]
    if not pool:
        return []
    worth = concept_worth(pool)
    prior = [c.score / max(sum(c.weights), 1e-9) for c in pool]  # the position prior select.py applied
    top = max(c.score for c in pool) or 1.0
    several_aspects = len({a for c in pool for a in c.aspects}) > 1
    seen_concepts: Counter = Counter()
    seen_aspects: Counter = Counter()
    covered: set = set()
    cited: set = set()
    length = [len(c.sentence.text.split()) for c in pool]
    standalone = [context_penalty(c.sentence.text) * (0.35 if c.sentence.in_quote else 1.0) for c in pool]

    def relevance(i: int) -> float:
        """The candidate's relevance as it stands now: each topic concept, and each aspect, that chosen
        sentences already speak of counts less, so the brief covers them all before it repeats one."""
        candidate = pool[i]
        total = 0.0
        for text, weight, aspects in zip(candidate.matched, candidate.weights, candidate.concept_aspects):
            fresh = CONCEPT_DECAY ** seen_concepts[text]
            if aspects and several_aspects:
                fresh *= sum(ASPECT_DECAY ** seen_aspects[a] for a in aspects) / len(aspects)
            total += weight * fresh
        return total * prior[i] / top

    def value(i: int) -> float:
        gain = sum(worth.get(pair, 0.0) for pair in pool[i].bigrams - covered) + 0.1
        if pool[i].source not in cited:
            gain *= 1 + NEW_SOURCE
        return gain * (1 + RELEVANCE_GAIN * relevance(i)) * standalone[i] / length[i]

    # Lazy greedy: a sentence's value only falls as others are taken, so a stale value is an upper bound.
    heap = [(-value(i), i) for i in range(len(pool))]
    heapq.heapify(heap)
    chosen: list[int] = []
    used = 0
    while heap:
        _, i = heapq.heappop(heap)
        if used + length[i] > words:
            continue
        fresh = value(i)
        if heap and fresh < -heap[0][0]:
            heapq.heappush(heap, (-fresh, i))
            continue
        chosen.append(i)
        used += length[i]
        covered |= pool[i].bigrams
        cited.add(pool[i].source)
        seen_concepts.update(pool[i].matched)
        seen_aspects.update(pool[i].aspects)
    taken = set(chosen)
    rest = sorted((i for i in range(len(pool)) if i not in taken), key=lambda i: -pool[i].score)
    order = chosen + rest
    return [replace(pool[i], score=float(len(order) - rank) / len(order)) for rank, i in enumerate(order)]


# --- LexRank and lead ---------------------------------------------------------------------------------------------

def similarity_matrix(candidates: list[Candidate]) -> np.ndarray:
    """Every pair's similarity of statement (similarity.py)."""
    return Statements([c.stems for c in candidates]).matrix()


def _relevance(candidates: list[Candidate]) -> np.ndarray:
    return np.array([c.score * context_penalty(c.sentence.text) for c in candidates], dtype=np.float64)


def mmr_order(ranked: list[Candidate]) -> list[Candidate]:
    """Maximal marginal relevance: each next sentence the one that best trades its score against its similarity
    to those before it (similarity.py: words every candidate shares do not count as overlap)."""
    pool = ranked[:MMR_POOL]
    if len(pool) < 2:
        return list(ranked)
    similar = similarity_matrix(pool)
    top = max(c.score for c in pool) or 1.0
    overlap = np.zeros(len(pool))
    open_ = list(range(len(pool)))
    order = []
    while open_:
        best = max(open_, key=lambda i: MMR_LAMBDA * pool[i].score / top - (1 - MMR_LAMBDA) * overlap[i])
        open_.remove(best)
        order.append(pool[best])
        overlap = np.maximum(overlap, similar[:, best])
    return order + list(ranked[MMR_POOL:])


def lexrank(candidates: list[Candidate], words: int = 0) -> list[Candidate]:
    pool = distinct_texts(candidates)[:POOL]
    if len(pool) < 3:
        return [replace(c, score=float(r)) for c, r in zip(pool, _relevance(pool))]
    similarity = similarity_matrix(pool).astype(np.float64)
    adjacency = np.where(similarity >= SIMILARITY_EDGE, similarity, 0.0)
    np.fill_diagonal(adjacency, 0.0)
    row_sums = adjacency.sum(axis=1, keepdims=True)
    transition = np.divide(adjacency, row_sums, out=np.full_like(adjacency, 1.0 / len(pool)), where=row_sums > 0)
    relevance = _relevance(pool)
    bias = relevance / relevance.sum() if relevance.sum() > 0 else np.full(len(pool), 1.0 / len(pool))
    rank = np.full(len(pool), 1.0 / len(pool))
    for _ in range(DAMPING_ITERATIONS):
        updated = QUERY_BIAS * bias + (1 - QUERY_BIAS) * (transition.T @ rank)
        if np.abs(updated - rank).sum() < 1e-9:
            rank = updated
            break
        rank = updated
    # Centrality alone would favour long, generic sentences; keep relevance in the product.
    scores = rank * np.sqrt(relevance / relevance.max()) if relevance.max() > 0 else rank
    ranked = [replace(c, score=float(s)) for c, s in zip(pool, scores)]
    return mmr_order(sorted(ranked, key=lambda c: (-c.score, c.sentence.doc_id, c.sentence.start)))


def lead(candidates: list[Candidate], words: int = 0) -> list[Candidate]:
    """Earliest topical sentences first; documents in order of their best relevance."""
    best: dict[str, float] = {}
    for c in candidates:
        best[c.sentence.doc_id] = max(best.get(c.sentence.doc_id, 0.0), c.score)
    ordered = sorted(distinct_texts(candidates),
                     key=lambda c: (c.sentence.position, -best[c.sentence.doc_id], c.sentence.start))
    top = len(ordered)
    return mmr_order([replace(c, score=(top - i) / top) for i, c in enumerate(ordered)])


METHODS: dict[str, Callable[[list[Candidate], int], list[Candidate]]] = {
    "concepts": concepts, "lexrank": lexrank, "lead": lead}
DEFAULT_METHOD = "concepts"


def rank_candidates(candidates: list[Candidate], method: str = DEFAULT_METHOD, words: int = 900) -> list[Candidate]:
    if method not in METHODS:
        from kzbrief.errors import KzbriefError

        raise KzbriefError(f"unknown method '{method}'; choose from {', '.join(METHODS)}")
    return METHODS[method](candidates, words)
