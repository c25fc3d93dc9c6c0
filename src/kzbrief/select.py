"""Selection: which sentences of the index speak to the topic, and how strongly.

Sentences come from paragraph blocks only (never titles or headings) and pass the eligibility rules
(eligibility.py). The topic's concepts (query.py) are found in each sentence by their stems; a sentence's relevance
is the sum, over the *distinct* concepts it speaks of, of each concept's rarity in the collection (BM25's idf), so a
sentence that names three of the topic's concepts outranks one that repeats a common word three times, and a
one-word coincidence never outranks a real answer. A position prior (the first sentences of an article carry its
news) multiplies it.

The index (SQLite FTS5) finds the sentences any concept could match, through one rare word of each concept (a
sentence holding a phrase holds each of its words); the exact matching happens here, on the sentence's stems.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from kzbrief.eligibility import leans_back, rejection
from kzbrief.model import Sentence, SentenceRow, Topic
from kzbrief.query import FUNCTION_WORDS, Concept, Pattern, Query, stem_positions, understand
from kzbrief.search import any_prefix
from kzbrief.text import CYRILLIC, STOPWORDS, content_stems, search_root, stems_of, tokenize

POSITION_WEIGHT, POSITION_DECAY = 0.3, 0.85


@dataclass(frozen=True)
class Candidate:
    sentence: Sentence
    score: float  # relevance times the position prior
    stems: frozenset[str]  # content stems: what redundancy control compares
    matched: tuple[str, ...]  # the concepts it speaks of (their pattern texts)
    doc_date: str | None = None
    extra_copies: int = 0  # further documents carrying this exact sentence, read but not kept
    weights: tuple[float, ...] = ()  # each matched concept's weight (rarity), in the order of `matched`
    concept_aspects: tuple[frozenset[int], ...] = ()  # each matched concept's aspects of the topic statement
    bigrams: frozenset[tuple[str, str]] = frozenset()  # adjacent stem pairs: the concepts a summary covers
    context: tuple[Sentence, ...] = ()  # sentences it needs before it (same paragraph, in order), shown with it
    story: str = ""  # the story its document carries (near-duplicate documents share one; ingest/dedup.py)
    document_relevance: float = 0.0  # the weights of the distinct concepts its document's sentences speak of
    # The weights of all the query's concepts (what speaking of all of it would score) when the query asks for all
    # of it, being a phrase or a sentence ('Российский конвой на границе Украины'); 0 for a list of words any of
    # which answers it ('паводок ливни дожди').
    query_weight: float = 0.0
    # For a query that lists things ('Министерство культуры и театры'): whether it speaks of all of one item (None
    # for any other query).
    complete: bool | None = None

    @property
    def relevance(self) -> float:
        """How much of the topic the sentence speaks of (its concepts' weights), without the position prior."""
        return sum(self.weights)

    @property
    def source(self) -> str:
        """What counts as one independent source: the story, or the document when it has no duplicate."""
        return self.story or self.sentence.doc_id

    @property
    def aspects(self) -> frozenset[int]:
        return frozenset().union(*self.concept_aspects)


def bigrams(tokens: list[str], token_stems: list[str]) -> frozenset[tuple[str, str]]:
    """Pairs of adjacent words, as stems, unless both are function words ('of the'): the units of content that
    concept-coverage summarization counts."""
    pairs = set()
    for (a, sa), (b, sb) in zip(zip(tokens, token_stems), zip(tokens[1:], token_stems[1:])):
        if not (a in FUNCTION_WORDS and b in FUNCTION_WORDS):
            pairs.add((sa, sb))
    return frozenset(pairs)


def concept_terms(concept: Concept, matches: Callable[[str], int] | None = None) -> str:
    """The prefix an index search for `concept` uses: the rarest of its words that is not a function word (every
    match holds it; without counts, the longest). A stemmed word is searched by the part it shares with its stem
    ('policy'/'polici' -> 'polic'), which finds every form."""
    roots = []
    for word, prefix, surface in concept.pattern.search_words:
        if surface not in FUNCTION_WORDS or len(concept.pattern.words) == 1:
            roots.append(word if prefix else search_root(surface))
    roots = roots or [w for w, _, _ in concept.pattern.search_words]
    if matches is None:
        return max(roots, key=len)
    return min(roots, key=lambda root: (matches(root), -len(root)))


def fts_query(query: Query, matches: Callable[[str], int] | None = None,
              budget: int | None = None) -> str:
    """An FTS5 query that finds the sentences the concepts could match: one prefix term per concept, OR-ed. With
    `matches` (term -> sentences holding it) and a `budget`, the concepts are taken rarest first while their
    matches stay within the budget (at least one is taken): in a large index a concept that half the sentences
    hold ('Astana' in a corpus about Kazakhstan) only widens a search the rarer ones already make, and ranking a
    million matches takes seconds. Every concept still counts in the exact scoring of the sentences found."""
    terms = {concept_terms(c, matches) for c in query.concepts}
    if matches is not None and budget is not None:
        counted = sorted(((matches(t), t) for t in terms))
        kept, total = [], 0
        for count, term in counted:
            if kept and total + count > budget:
                break
            kept.append(term)
            total += count
        terms = set(kept)
    return any_prefix(terms)


def _found(query: Query, tokens: list[str], token_stems: list[str]) -> list[int]:
    """The query's concepts a text speaks of (their indexes)."""
    positions = stem_positions(token_stems)
    return [i for i, c in enumerate(query.concepts) if c.pattern.count(tokens, token_stems, positions)]


def score_rows(rows: Iterable[SentenceRow], query: Query, *, total: int,
               titles: dict[str, str] | None = None, phrase: bool = False,
               items: list[frozenset[int]] | None = None) -> list[Candidate]:
    """Relevance of each eligible row to the query's concepts, times a lead-position prior; best first.
    `total` is the number of sentences in the collection (the idf's N); `titles` (document id -> title) count
    towards what a document speaks of; `phrase`: the query asks for all of it (`asks_for_all`, `query_weight`);
    `items`: the concepts of each item of a list query (`list_items`), one of which a sentence must speak of in
    full."""
    matched: list[tuple[SentenceRow, list[int]]] = []
    for row in rows:
        if row.rejected:
            continue
        found = _found(query, row.tokens, row.stems)
        if found:
            matched.append((row, found))
    if not matched or not total:
        return []
    frequency = [0] * len(query.concepts)
    for _, found in matched:
        for i in found:
            frequency[i] += 1
    weights = [concept_weight(c, f, total) for c, f in zip(query.concepts, frequency)]
    in_document: dict[str, set[int]] = {}  # what each document speaks of: its matching sentences and its title
    for row, found in matched:
        in_document.setdefault(row.sentence.doc_id, set()).update(found)
    for doc_id, title in (titles or {}).items():
        if doc_id in in_document:
            in_document[doc_id].update(_found(query, tokenize(title), stems_of(title)))
    # A phrase no sentence holds is asked for by its words, which are concepts of their own: it adds nothing.
    whole = sum(w for c, f, w in zip(query.concepts, frequency, weights) if f or len(c.pattern.words) == 1)
    candidates = []
    for row, found in matched:
        found.sort(key=lambda i: query.concepts[i].text)
        relevance = sum(weights[i] for i in found)
        prior = 1 + POSITION_WEIGHT * POSITION_DECAY ** row.sentence.position
        candidates.append(Candidate(
            row.sentence, relevance * prior, content_stems(row.sentence.text),
            tuple(query.concepts[i].text for i in found), row.doc_date,
            weights=tuple(weights[i] for i in found),
            concept_aspects=tuple(query.concepts[i].aspects for i in found),
            bigrams=bigrams(row.tokens, row.stems),
            document_relevance=sum(weights[i] for i in in_document[row.sentence.doc_id]),
            query_weight=whole if phrase else 0.0,
            complete=any(item <= set(found) for item in items) if items else None))
    candidates.sort(key=lambda c: (-c.score, c.sentence.doc_id, c.sentence.start))
    return candidates


def concept_weight(concept: Concept, frequency: int, total: int) -> float:
    """Rarity (BM25's idf over the collection's sentences) times the concept's length in words (a phrase is more
    specific than any of its words) and its share (a word of a phrase alone counts half)."""
    idf = math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))
    return idf * len(concept.pattern.words) * concept.share


# FTS5 ranks the matches in C; the best of them are scored exactly in Python. Far more than a brief uses, so the
# exact scoring decides, while a corpus of 100,000 articles stays fast. Syndicated copies of one sentence count
# once towards the limit: a few are kept (to be cited), the rest only counted.
PREFILTER_MATCHES = 150_000  # sentences the index search may match before common concepts are left to the scoring
PREFILTER_DISTINCT = 1500  # distinct sentences
PREFILTER_ROWS = 30_000  # rows read at most, copies included
COPIES_KEPT = 6


@dataclass
class SelectionReport:
    """What the index search left out, so a brief can say so instead of dropping matches silently."""

    weighed: int = 0  # distinct sentences scored
    matched: int = 0  # sentences the search matched, when it stopped reading before the end (else = weighed)
    cut: bool = False  # the search stopped at its limits (PREFILTER_DISTINCT, PREFILTER_ROWS)
    searched_by_scoring_only: tuple[str, ...] = ()  # concepts too common to search the index by
    unsearched: dict[str, int] = field(default_factory=dict)  # documents of a language no concept is written in

    def language_note(self) -> str | None:
        """When every concept is written in one language: how many documents in the other one it cannot match."""
        if not self.unsearched:
            return None
        names = {"en": "English", "ru": "Russian"}
        counted = ", ".join(f"{n} {names.get(code, code)}" for code, n in sorted(self.unsearched.items()))
        return (f"the topic's words are all in one language: {counted} document(s) could not match it "
                f"(add words in their language to search them too)")

    def note(self) -> str | None:
        """One line for the terminal when something was left out, else None (a brief says it in its language:
        NOTE, with Brief.selection)."""
        if not self.cut:
            return None
        common = f"; the commonest concepts ({', '.join(self.searched_by_scoring_only[:3])}) counted only in " \
                 f"sentences the others found" if self.searched_by_scoring_only else ""
        return NOTE % {"matched": f"{self.matched:,}", "weighed": f"{self.weighed:,}"} + common


NOTE = "The topic matched %(matched)s sentences; the %(weighed)s the index ranked first were weighed (a date window or a narrower topic weighs them all)."


LIST_WORDS = {"и", "или", "либо", "and", "or"}  # they join a list of things, any of which answers a query


def asks_for_all(statement: str) -> bool:
    """Whether a query is one phrase, all of which describes what is asked ('Сборная России по хоккею', 'Российский
    конвой на границе Украины': a function word ties its words), rather than a list, any item of which answers
    ('паводок ливни дожди', 'Паводки, ливни и наводнения', 'Astana process Syria')."""
    tokens = tokenize(statement)
    return not re.search(r"[,;]", statement) and any(t in STOPWORDS and t not in LIST_WORDS for t in tokens)


def list_items(statement: str, query: Query) -> list[frozenset[int]]:
    """The items of a query that lists things ('Министерство культуры и театры', 'floods, droughts and fires'),
    as the query's one-word concepts each item holds; [] for a query that is no such list."""
    pieces: list[set[str]] = [set()]
    for part in re.split(r"[,;]", statement):
        words = part.split()
        for k, word in enumerate(words):
            joins_names = 0 < k < len(words) - 1 and words[k - 1][:1].isupper() and words[k + 1][:1].isupper()
            if word.lower() in LIST_WORDS and not joins_names:  # 'России и США' is one thing: relations of both
                pieces.append(set())
            else:
                pieces[-1].update(set(tokenize(word)) - STOPWORDS)
        pieces.append(set())
    pieces = [p for p in pieces if p]
    if len(pieces) < 2:
        return []
    single = {i: c.text for i, c in enumerate(query.concepts) if len(c.pattern.words) == 1}
    return [frozenset(i for i, text in single.items() if text in piece) for piece in pieces]


def select_from_store(store, topic: Topic, window=None, report: SelectionReport | None = None) -> list[Candidate]:
    """The topic's candidate sentences in the index, inside the date window, best first: FTS5 finds and pre-ranks
    the sentences any concept could match; exact concept matching over the collection's statistics ranks them.
    `report`, when given, is filled with what the search left out."""
    query = understand(topic)
    if not query.concepts:
        return []
    total = store.eligible_sentences()
    copies: dict[str, int] = {}
    seen = [0]
    stopped = [False]

    def keep(text: str) -> bool | None:
        if len(copies) >= PREFILTER_DISTINCT or seen[0] >= PREFILTER_ROWS:
            stopped[0] = True
            return None
        seen[0] += 1
        key = " ".join(text.split()).casefold()
        copies[key] = copies.get(key, 0) + 1
        return copies[key] <= COPIES_KEPT

    search = fts_query(query, store.term_matches, PREFILTER_MATCHES)
    kept = list(store.sentence_rows(search, window=window, ranked=True, keep=keep, limit=PREFILTER_ROWS))
    if report is not None:
        report.weighed = len(copies)
        report.cut = stopped[0] or seen[0] >= PREFILTER_ROWS
        everything = fts_query(query)
        report.searched_by_scoring_only = tuple(
            c.text for c in query.concepts if f'"{concept_terms(c, store.term_matches)}"*' not in search.split(" OR "))
        if report.searched_by_scoring_only:
            report.cut = True
        report.matched = store.count_matches(everything, window) if report.cut else report.weighed
        written = {"ru" if CYRILLIC.search(c.pattern.text) else "en" for c in query.concepts}
        if len(written) == 1:
            report.unsearched = {code: n for code, n in store.languages().items() if code not in written and n}
    candidates = score_rows(kept, query, total=total, titles=store.titles({r.sentence.doc_id for r in kept}),
                            phrase=asks_for_all(topic.statement), items=list_items(topic.statement, query))
    before = store.sentences_before((c.sentence for c in candidates if needs_context(c.sentence)), QUOTE_REACH)
    stories = store.stories()
    return [replace(c, extra_copies=max(0, copies[" ".join(c.sentence.text.split()).casefold()] - COPIES_KEPT),
                    context=paragraph_context(c.sentence, before.get((c.sentence.doc_id, c.sentence.position), [])),
                    story=stories.get(c.sentence.doc_id, ""))
            for c in candidates]


QUOTE_REACH, QUOTE_WORDS = 6, 80  # a quotation is shown whole when it spans at most this many sentences, words


def paragraph_context(sentence: Sentence, previous: list[tuple[Sentence, str]]) -> tuple[Sentence, ...]:
    """The sentences a sentence needs before it, in order, when they stand in the same paragraph (nothing but
    spaces between, no blank line): for a sentence that leans back, the one before it (itself standing alone);
    for the sentence that closes a quotation, every sentence back to the one that opens it, so the whole
    quotation is shown with its speaker. Empty when that cannot be had."""
    chain, words, shown = [], len(sentence.text.split()), sentence.text
    for earlier, between in previous:
        if between.strip() or "\n\n" in between:
            return ()
        chain.append(earlier)
        words += len(earlier.text.split())
        shown = earlier.text + between + shown
        if not sentence.in_quote:  # leans back: the one sentence before, which must stand alone
            if needs_context(earlier) or rejection(earlier.text) is not None:
                return ()
            return (earlier,)
        if not closes_quotation(sentence.text) or words > QUOTE_WORDS:
            return ()
        if not earlier.in_quote:  # the sentence that opens the quotation: the whole must be a statement, and
            # one that stands alone ('«Он вступил в КПСС ...» — сказал Путин' leans on who 'он' is)
            return tuple(reversed(chain)) if rejection(shown) is None and not leans_back(earlier.text) else ()
    return ()


_OPENING, _CLOSING = "«„“", "»“”"


def closes_quotation(text: str) -> bool:
    """The sentence closes a quotation it did not open ('... об этом», — заключил Уайт.')."""
    depth = 0
    for char in text:
        if char in "«„" or (char == "“" and depth == 0):
            depth += 1
        elif char in "»”" or char == "“":
            if depth == 0:
                return True
            depth -= 1
    return text.count('"') % 2 == 1


def needs_context(sentence: Sentence) -> bool:
    """It cannot stand alone: it points back to the sentence before ('But ...', 'Он ...'), or it starts inside a
    quotation that sentence opened."""
    return sentence.in_quote or leans_back(sentence.text)


__all__ = ["Candidate", "Pattern", "bigrams", "fts_query", "score_rows", "select_from_store"]
