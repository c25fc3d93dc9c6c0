"""Summarization: from scored candidate sentences to a Brief, without saying the same thing twice.

The walking skeleton takes the best-scoring sentences greedily. A candidate that repeats a chosen sentence (most of
its content words shared) is not shown again; when it comes from another document, it becomes a second citation of
the chosen item, so a story carried by two outlets is cited once, with both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kzbrief.model import Brief, Citation, Document, Item, Section, Source, Topic
from kzbrief.select import Candidate

REDUNDANCY_THRESHOLD = 0.5  # Jaccard similarity of content stems above which two sentences say the same thing
DEFAULT_MAX_ITEMS = 8


@dataclass
class _Pick:
    lead: Candidate
    support: list[Candidate] = field(default_factory=list)

    @property
    def doc_ids(self) -> set[str]:
        return {self.lead.sentence.doc_id, *(c.sentence.doc_id for c in self.support)}


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def pick_distinct(candidates: list[Candidate], max_items: int) -> list[_Pick]:
    """The best `max_items` candidates that say different things, each with its corroborating sentences."""
    picks: list[_Pick] = []
    for candidate in candidates:
        twin = next((p for p in picks if similarity(candidate.stems, p.lead.stems) >= REDUNDANCY_THRESHOLD), None)
        if twin is not None:
            if candidate.sentence.doc_id not in twin.doc_ids:
                twin.support.append(candidate)
        elif len(picks) < max_items:
            picks.append(_Pick(candidate))
    return picks


def brief_from_picks(picks: list[_Pick], documents: dict[str, Document], topic: Topic, *, language: str,
                     generated: datetime, corpus_documents: int) -> Brief:
    """The Brief for chosen items: citations numbered by first appearance, and the Sources they point to."""
    numbers: dict[str, int] = {}
    items = []
    for pick in picks:
        citations = []
        for candidate in [pick.lead, *pick.support]:
            sentence = candidate.sentence
            document = documents[sentence.doc_id]
            number = numbers.setdefault(document.id, len(numbers) + 1)
            citations.append(Citation(document.id, document.source_file, sentence.start, sentence.end, number,
                                      sentence.text))
        items.append(Item(pick.lead.sentence.text, pick.lead.sentence.language, tuple(citations),
                          round(pick.lead.score, 4)))
    sources = tuple(
        Source(number, doc_id, documents[doc_id].source_file, documents[doc_id].title, documents[doc_id].publisher,
               documents[doc_id].author, documents[doc_id].date, documents[doc_id].language, documents[doc_id].text)
        for doc_id, number in numbers.items()
    )
    sections = (Section("key_points", "Key points", tuple(items)),) if items else ()
    return Brief(title=topic.title, topic=topic, language=language, generated=generated, sections=sections,
                 sources=sources, corpus_documents=corpus_documents)


def cited_ids(picks: list[_Pick]) -> list[str]:
    return list(dict.fromkeys(doc_id for pick in picks for doc_id in
                              [pick.lead.sentence.doc_id, *(c.sentence.doc_id for c in pick.support)]))


def summarize(documents: list[Document], candidates: list[Candidate], topic: Topic, *, max_items: int,
              language: str, generated: datetime) -> Brief:
    """Build the Brief from ranked candidates over documents held in memory."""
    picks = pick_distinct(candidates, max_items)
    return brief_from_picks(picks, {d.id: d for d in documents}, topic, language=language, generated=generated,
                            corpus_documents=len(documents))
