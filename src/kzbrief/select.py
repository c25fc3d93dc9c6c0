"""Selection: which sentences of the corpus speak to the topic, and how strongly.

Sentences come from paragraph blocks only (never titles or headings), pass the eligibility rules
(eligibility.py), and are scored with BM25 over the topic's keyword patterns, with stems for English and Russian,
times a position prior (the first sentences of an article carry its news).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from kzbrief.model import Document, Sentence, SentenceRow, Topic
from kzbrief.text import content_stems, stem, tokenize

BM25_K1, BM25_B = 1.2, 0.75
POSITION_WEIGHT, POSITION_DECAY = 0.3, 0.85


# --- topic patterns -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pattern:
    text: str
    words: tuple[tuple[str, bool], ...]  # (stem, or prefix when the flag is set)
    surfaces: tuple[str, ...] = ()  # the words as written (lower-cased), for the full-text prefilter

    @property
    def search_words(self) -> list[tuple[str, bool, str]]:
        return [(w, p, s) for (w, p), s in zip(self.words, self.surfaces or [w for w, _ in self.words])]

    def count(self, tokens: list[str], token_stems: list[str], positions: dict[str, list[int]] | None = None) -> int:
        """How often the pattern occurs in a sentence. `positions` (stem -> indexes, from `stem_positions`)
        lets a pattern that starts with a plain word jump straight to where that word stands."""
        n = len(self.words)
        first, first_is_prefix = self.words[0]
        if first_is_prefix:
            starts = [i for i, token in enumerate(tokens) if token.startswith(first)]
        elif positions is not None:
            starts = positions.get(first, [])
        else:
            starts = [i for i, s in enumerate(token_stems) if s == first]
        if n == 1:
            return len(starts)
        found = 0
        for i in starts:
            if i + n <= len(tokens) and all(
                    (tokens[i + j].startswith(w) if prefix else token_stems[i + j] == w)
                    for j, (w, prefix) in enumerate(self.words[1:], start=1)):
                found += 1
        return found


def stem_positions(token_stems: list[str]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for i, s in enumerate(token_stems):
        positions.setdefault(s, []).append(i)
    return positions


def compile_pattern(text: str) -> Pattern:
    words: list[tuple[str, bool]] = []
    surfaces: list[str] = []
    for piece in text.split():
        tokens = tokenize(piece)
        for k, token in enumerate(tokens):
            is_prefix = piece.endswith("*") and k == len(tokens) - 1
            words.append((token if is_prefix else stem(token), is_prefix))
            surfaces.append(token.replace("ё", "е"))
    return Pattern(text, tuple(words), tuple(surfaces))


def topic_patterns(topic: Topic) -> list[Pattern]:
    seen: dict[str, Pattern] = {}
    for patterns in topic.patterns.values():
        for text in patterns:
            pattern = compile_pattern(text)
            if pattern.words:
                seen.setdefault(" ".join(f"{w}{'*' if p else ''}" for w, p in pattern.words), pattern)
    return list(seen.values())


# --- scoring ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    sentence: Sentence
    score: float
    stems: frozenset[str]
    matched: tuple[str, ...]  # the patterns that matched
    doc_date: str | None = None
    extra_copies: int = 0  # further documents carrying this exact sentence, read but not kept


def sentence_rows(documents: Iterable[Document]) -> Iterator[SentenceRow]:
    """Selection rows computed from documents in memory (the index stores the same rows at ingest)."""
    from kzbrief.ingest import sentence_rows as rows_of

    for document in documents:
        for row in rows_of(document):
            yield replace(row, doc_date=document.date)


def fts_query(patterns: list[Pattern]) -> str:
    """An FTS5 query that finds every sentence any pattern could match: one prefix term per pattern word, OR-ed.
    A stemmed word is searched by the part it shares with its stem ('policy'/'polici' -> 'polic*'), which finds
    every form; the exact matching happens afterwards, in `Pattern.count`, on the sentence's own stems."""
    terms = set()
    for pattern in patterns:
        for word, prefix, surface in pattern.search_words:
            root = word if prefix else os.path.commonprefix([word, surface]) or word
            terms.add('"' + root.replace('"', '""') + '"*')
    return " OR ".join(sorted(terms))


def score_rows(rows: Iterable[SentenceRow], topic: Topic, *, total: int | None = None,
               average_length: float | None = None) -> list[Candidate]:
    """BM25 of each eligible row against the topic's patterns, times a lead-position prior; best first.
    `total` and `average_length` are the collection's statistics when `rows` is only its matching part."""
    patterns = topic_patterns(topic)
    matched = []
    seen = 0
    length_sum = 0
    for row in rows:
        if row.rejected:
            continue
        seen += 1
        length_sum += len(row.tokens)
        positions = stem_positions(row.stems)
        counts = {p.text: c for p in patterns if (c := p.count(row.tokens, row.stems, positions))}
        if counts:
            matched.append((row, counts))
    total = total if total is not None else seen
    average_length = average_length if average_length is not None else (length_sum / seen if seen else 1.0)
    if not matched or not total:
        return []
    frequency: dict[str, int] = {}
    for _, counts in matched:
        for name in counts:
            frequency[name] = frequency.get(name, 0) + 1
    weights = {p.text: len(p.words) for p in patterns}
    candidates = []
    for row, counts in matched:
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(row.tokens) / max(average_length, 1.0))
        relevance = sum(
            weights[name] * math.log(1 + (total - frequency[name] + 0.5) / (frequency[name] + 0.5))
            * count * (BM25_K1 + 1) / (count + norm)
            for name, count in counts.items()
        )
        prior = 1 + POSITION_WEIGHT * POSITION_DECAY ** row.sentence.position
        candidates.append(Candidate(row.sentence, relevance * prior, content_stems(row.sentence.text),
                                    tuple(sorted(counts)), row.doc_date))
    candidates.sort(key=lambda c: (-c.score, c.sentence.doc_id, c.sentence.start))
    return candidates


def select_sentences(documents: Iterable[Document], topic: Topic, window=None) -> list[Candidate]:
    """Eligible sentences of in-memory documents that match the topic (inside the window), best first."""
    kept = [d for d in documents if window is None or window.contains(d.date)]
    return score_rows(sentence_rows(kept), topic)


# FTS5 ranks the matches in C; the best of them are scored exactly in Python. Far more than a brief uses, so the
# exact BM25 decides, while a corpus of 100,000 articles stays fast. Syndicated copies of one sentence count once
# towards the limit: a few are kept (to be cited), the rest only counted.
PREFILTER_DISTINCT = 1500  # distinct sentences
PREFILTER_ROWS = 30_000  # rows read at most, copies included
COPIES_KEPT = 6


def select_from_store(store, topic: Topic, window=None) -> list[Candidate]:
    """The same selection over the index: FTS5 finds and pre-ranks the sentences any pattern could match, inside
    the date window; exact pattern matching and BM25 over the collection's statistics rank them."""
    patterns = topic_patterns(topic)
    if not patterns:
        return []
    total, average_length = store.sentence_stats()
    copies: dict[str, int] = {}
    seen = [0]

    def keep(text: str) -> bool | None:
        if len(copies) >= PREFILTER_DISTINCT or seen[0] >= PREFILTER_ROWS:
            return None
        seen[0] += 1
        key = " ".join(text.split()).casefold()
        copies[key] = copies.get(key, 0) + 1
        return copies[key] <= COPIES_KEPT

    kept = list(store.sentence_rows(fts_query(patterns), window=window, ranked=True, keep=keep,
                                    limit=PREFILTER_ROWS))
    candidates = score_rows(kept, topic, total=total, average_length=average_length)
    return [replace(c, extra_copies=max(0, copies[" ".join(c.sentence.text.split()).casefold()] - COPIES_KEPT))
            for c in candidates]
