"""Selection: which sentences of the corpus speak to the topic, and how strongly.

Sentences come from paragraph blocks only (never titles or headings), pass the eligibility rules (each a small
named function), and are scored with BM25 over the topic's keyword patterns, with stems for English and Russian,
times a position prior (the first sentences of an article carry its news).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kzbrief.model import Document, Sentence, Topic
from kzbrief.text import TITLE_ABBREVIATIONS, content_stems, split_sentences, stem, tokenize

MIN_WORDS, MAX_WORDS = 6, 80
BM25_K1, BM25_B = 1.2, 0.75
POSITION_WEIGHT, POSITION_DECAY = 0.3, 0.85


# --- sentences of a document --------------------------------------------------------------------------------------

def document_sentences(document: Document) -> list[Sentence]:
    """Every sentence of the document's paragraphs, with offsets into `document.text`."""
    sentences = []
    for block in document.blocks:
        if block.kind != "paragraph":
            continue
        for span in split_sentences(document.text, block.start, block.end, block.language):
            sentences.append(Sentence(document.id, span.start, span.end, document.text[span.start:span.end],
                                      len(sentences), block.language))
    return sentences


# --- eligibility: sentences never offered -------------------------------------------------------------------------

_TERMINAL = re.compile(r"[.!?…][\"'”»’)]*$")
_CLOSING = "\"'”»’) "


def too_short(text: str) -> bool:
    return len(text.split()) < MIN_WORDS


def too_long(text: str) -> bool:
    return len(text.split()) > MAX_WORDS


def cut_off(text: str) -> bool:
    """Teaser text or a sentence cut mid-way: '... encompassing political and...'."""
    return text.rstrip(_CLOSING).endswith(("...", "…"))


def not_a_sentence(text: str) -> bool:
    return not _TERMINAL.search(text)


def question(text: str) -> bool:
    """Questions are headlines and hooks, not findings."""
    return text.rstrip(_CLOSING).endswith("?")


def starts_mid_sentence(text: str) -> bool:
    first = text.lstrip("\"'“«(—– ")[:1]
    return first.isalpha() and first.islower()


def mostly_names(text: str) -> bool:
    """'Iran, Russia, Türkiye, Jordan, Lebanon and Iraq.': a list of names is not a statement."""
    words = [w.strip(",.;:()\"“”«»") for w in text.split()[1:]]
    words = [w for w in words if w and w.lower().rstrip(".") not in TITLE_ABBREVIATIONS]
    separators = text.count(",") + len(re.findall(r"\b(and|и)\b", text))
    return len(words) >= 5 and separators >= 4 and sum(w[0].isupper() for w in words) / len(words) > 0.6


ELIGIBILITY_RULES: list[Callable[[str], bool]] = [
    too_short, too_long, cut_off, not_a_sentence, question, starts_mid_sentence, mostly_names,
]


def rejection(text: str) -> str | None:
    """The name of the first rule that keeps this sentence out of a brief, or None."""
    return next((rule.__name__ for rule in ELIGIBILITY_RULES if rule(text)), None)


# --- topic patterns -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pattern:
    text: str
    words: tuple[tuple[str, bool], ...]  # (stem, or prefix when the flag is set)

    def count(self, tokens: list[str], token_stems: list[str]) -> int:
        n = len(self.words)
        return sum(
            all((tokens[i + j].startswith(w) if prefix else token_stems[i + j] == w)
                for j, (w, prefix) in enumerate(self.words))
            for i in range(len(tokens) - n + 1)
        )


def compile_pattern(text: str) -> Pattern:
    words: list[tuple[str, bool]] = []
    for piece in text.split():
        tokens = tokenize(piece)
        for k, token in enumerate(tokens):
            is_prefix = piece.endswith("*") and k == len(tokens) - 1
            words.append((token if is_prefix else stem(token), is_prefix))
    return Pattern(text, tuple(words))


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


def select_sentences(documents: Iterable[Document], topic: Topic) -> list[Candidate]:
    """Eligible sentences that match the topic, best first."""
    patterns = topic_patterns(topic)
    rows = []
    for document in documents:
        for sentence in document_sentences(document):
            if rejection(sentence.text):
                continue
            tokens = tokenize(sentence.text)
            token_stems = [stem(t) for t in tokens]
            counts = {p.text: c for p in patterns if (c := p.count(tokens, token_stems))}
            rows.append((sentence, tokens, token_stems, counts))
    if not rows:
        return []
    total = len(rows)
    average_length = sum(len(tokens) for _, tokens, _, _ in rows) / total
    frequency: dict[str, int] = {}
    for *_, counts in rows:
        for name in counts:
            frequency[name] = frequency.get(name, 0) + 1
    weights = {p.text: len(p.words) for p in patterns}
    candidates = []
    for sentence, tokens, token_stems, counts in rows:
        if not counts:
            continue
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(tokens) / average_length)
        relevance = sum(
            weights[name] * math.log(1 + (total - frequency[name] + 0.5) / (frequency[name] + 0.5))
            * count * (BM25_K1 + 1) / (count + norm)
            for name, count in counts.items()
        )
        prior = 1 + POSITION_WEIGHT * POSITION_DECAY ** sentence.position
        candidates.append(Candidate(sentence, relevance * prior, content_stems(sentence.text), tuple(sorted(counts))))
    candidates.sort(key=lambda c: (-c.score, c.sentence.doc_id, c.sentence.start))
    return candidates
