"""Summarizers: each one re-ranks the topic's candidate sentences. Same signature, so methods can be compared.

- `lexrank`: query-biased LexRank. Sentences vote for each other by TF-IDF cosine similarity; the random walk
  jumps back to sentences in proportion to their relevance to the topic (BM25 times a lead-position prior, less
  for sentences that lean on context they will not have in a brief). Central *and* relevant sentences win.
- `lead`: the baseline: the earliest topical sentences of each article, articles taken by relevance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from kzbrief.eligibility import context_penalty
from kzbrief.select import Candidate

POOL = 300  # candidates considered by the graph methods: the best by relevance
SIMILARITY_EDGE = 0.1  # cosine below which two sentences do not vote for each other
QUERY_BIAS = 0.5  # share of the walk that jumps back to relevant sentences
DAMPING_ITERATIONS = 60


def tfidf_matrix(candidates: list[Candidate]) -> np.ndarray:
    """Rows: L2-normalized TF-IDF vectors of the candidates' content stems."""
    vocabulary: dict[str, int] = {}
    for c in candidates:
        for s in c.stems:
            vocabulary.setdefault(s, len(vocabulary))
    matrix = np.zeros((len(candidates), max(len(vocabulary), 1)), dtype=np.float32)
    for i, c in enumerate(candidates):
        for s in c.stems:
            matrix[i, vocabulary[s]] = 1.0
    document_frequency = matrix.sum(axis=0)
    matrix *= np.log((1 + len(candidates)) / (1 + document_frequency)) + 1
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def similarity_matrix(candidates: list[Candidate]) -> np.ndarray:
    vectors = tfidf_matrix(candidates)
    return vectors @ vectors.T


def _relevance(candidates: list[Candidate]) -> np.ndarray:
    return np.array([c.score * context_penalty(c.sentence.text) for c in candidates], dtype=np.float64)


def lexrank(candidates: list[Candidate]) -> list[Candidate]:
    from kzbrief.summarize import distinct_texts

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
    return sorted(ranked, key=lambda c: (-c.score, c.sentence.doc_id, c.sentence.start))


def lead(candidates: list[Candidate]) -> list[Candidate]:
    """Earliest topical sentences first; documents in order of their best relevance."""
    best: dict[str, float] = {}
    for c in candidates:
        best[c.sentence.doc_id] = max(best.get(c.sentence.doc_id, 0.0), c.score)
    ordered = sorted(candidates, key=lambda c: (c.sentence.position, -best[c.sentence.doc_id], c.sentence.start))
    top = len(ordered)
    return [replace(c, score=(top - i) / top) for i, c in enumerate(ordered)]


METHODS: dict[str, Callable[[list[Candidate]], list[Candidate]]] = {"lexrank": lexrank, "lead": lead}
DEFAULT_METHOD = "lexrank"


def rank_candidates(candidates: list[Candidate], method: str = DEFAULT_METHOD) -> list[Candidate]:
    if method not in METHODS:
        from kzbrief.errors import KzbriefError

        raise KzbriefError(f"unknown method '{method}'; choose from {', '.join(METHODS)}")
    return METHODS[method](candidates)
