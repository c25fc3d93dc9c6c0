"""Summarization: from ranked candidate sentences to a Brief with sections, without saying the same thing twice.

Items are chosen by maximal marginal relevance (MMR): each next item is the one that best trades its rank against
its similarity to what is already chosen. A candidate that repeats a chosen item (most content words shared) is
never shown again; when it comes from another document it becomes a further citation of that item, so a story
carried by several outlets is stated once, citing each ("corroborated by N sources").

Sections (each omitted when empty): key points (grouped by story, stories in date order), key figures (amounts
highlighted), quotes (with the speaker when named), timeline (dated events in date order). A sentence appears in
one section only. Sources are numbered by first citation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np

from kzbrief.model import Brief, Citation, Document, Item, Section, Source, Topic
from kzbrief.rank import tfidf_matrix
from kzbrief.sections import event_date, figure_spans, is_quote, speaker
from kzbrief.select import Candidate

REDUNDANCY_THRESHOLD = 0.5  # Jaccard similarity of content stems at which two sentences state the same thing
MAX_CITATIONS = 6  # sources cited for one item; more sources carrying the statement are counted, not listed
MMR_LAMBDA = 0.7  # weight of rank against novelty
MMR_POOL = 400  # candidates MMR looks at for each choice
DEFAULT_MAX_WORDS = 900  # with the sources list, two A4 pages
SECTION_LIMITS = {"key_figures": 4, "quotes": 3, "timeline": 6}
SECTION_TITLES = {"key_points": "Key points", "key_figures": "Key figures", "quotes": "Quotes",
                  "timeline": "Timeline"}


@dataclass
class Pick:
    lead: Candidate
    support: list[Candidate] = field(default_factory=list)
    uncited: int = 0  # further sources carrying the same statement, beyond MAX_CITATIONS

    @property
    def doc_ids(self) -> set[str]:
        return {self.lead.sentence.doc_id, *(c.sentence.doc_id for c in self.support)}

    @property
    def words(self) -> int:
        return len(self.lead.sentence.text.split())


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _twin(candidate: Candidate, picks: list[Pick]) -> Pick | None:
    return next((p for p in picks if similarity(candidate.stems, p.lead.stems) >= REDUNDANCY_THRESHOLD), None)


def mmr_select(ranked: list[Candidate], count: int, chosen: list[Pick], accept: Callable[[Candidate], bool],
               words_left: int) -> list[Pick]:
    """Up to `count` new picks from `ranked` that `accept` allows, each unlike everything in `chosen`.
    Novelty is TF-IDF cosine within the pool, so words every candidate shares (the country's name) do not
    count as overlap, while the subject of a thread does."""
    selected: list[Pick] = []
    taken = {(p.lead.sentence.doc_id, p.lead.sentence.start) for p in chosen}
    pool = [c for c in ranked if accept(c) and (c.sentence.doc_id, c.sentence.start) not in taken
            and _twin(c, chosen) is None][:MMR_POOL]
    if not pool:
        return selected
    earlier = [p.lead for p in chosen]
    vectors = tfidf_matrix(pool + earlier)
    similar = vectors[: len(pool)] @ vectors.T  # pool x (pool + earlier)
    overlap = similar[:, len(pool):].max(axis=1) if earlier else np.zeros(len(pool))
    top = max(c.score for c in pool) or 1.0
    open_ = list(range(len(pool)))
    while open_ and len(selected) < count:
        best = max(open_, key=lambda i: MMR_LAMBDA * pool[i].score / top - (1 - MMR_LAMBDA) * overlap[i])
        open_.remove(best)
        candidate = pool[best]
        if _twin(candidate, selected) is not None or len(candidate.sentence.text.split()) > words_left:
            continue
        selected.append(Pick(candidate))
        words_left -= selected[-1].words
        overlap = np.maximum(overlap, similar[:, best])
    return selected


def add_corroboration(picks: list[Pick], candidates: list[Candidate]) -> None:
    """Attach other-document sentences that state a chosen item's fact as further citations (the best
    MAX_CITATIONS of them); the rest are only counted."""
    for pick in picks:
        pick.uncited += pick.lead.extra_copies
    for candidate in candidates:
        twin = _twin(candidate, picks)
        if twin is None or candidate is twin.lead:
            continue
        if candidate.sentence.doc_id not in twin.doc_ids:
            if len(twin.support) + 1 < MAX_CITATIONS:
                twin.support.append(candidate)
            else:
                twin.uncited += 1
            twin.uncited += candidate.extra_copies


def distinct_texts(ranked: list[Candidate]) -> list[Candidate]:
    """The ranked list with each exact sentence once (its best-ranked copy): syndicated copies of a sentence
    are corroboration, not candidates of their own."""
    seen: set[str] = set()
    result = []
    for candidate in ranked:
        key = " ".join(candidate.sentence.text.split()).casefold()
        if key not in seen:
            seen.add(key)
            result.append(candidate)
    return result


def choose(ranked: list[Candidate], candidates: list[Candidate], *, max_items: int,
           max_words: int = DEFAULT_MAX_WORDS) -> dict[str, list[Pick]]:
    """The picks of every section. `max_items` and `max_words` bound the whole brief: key points get at least
    half of the items, the other sections share the rest (each within its own limit), and what they leave
    goes back to key points."""
    accepts = {
        "key_figures": lambda c: bool(figure_spans(c.sentence.text)),
        "quotes": lambda c: is_quote(c.sentence.text),
        "timeline": lambda c: event_date(c.sentence.text) is not None,
    }
    ranked = distinct_texts(ranked)
    extras = min(sum(SECTION_LIMITS.values()), max_items // 2)
    share = -(-extras // len(accepts))  # ceiling
    chosen: list[Pick] = []
    sections: dict[str, list[Pick]] = {}

    def words_left() -> int:
        return max_words - sum(p.words for p in chosen)

    sections["key_points"] = mmr_select(ranked, max_items - extras, chosen, lambda c: True, words_left())
    chosen += sections["key_points"]
    for key, accept in accepts.items():
        room = min(SECTION_LIMITS[key], share, max_items - len(chosen))
        pool = timeline_order(ranked) if key == "timeline" else ranked
        sections[key] = mmr_select(pool, room, chosen, accept, words_left()) if room > 0 else []
        chosen += sections[key]
    if len(chosen) < max_items:
        more = mmr_select(ranked, max_items - len(chosen), chosen, lambda c: True, words_left())
        sections["key_points"] += more
        chosen += more
    add_corroboration(chosen, candidates)
    return sections


def timeline_order(ranked: list[Candidate]) -> list[Candidate]:
    """For the timeline, a precise date is worth more: 'in May 2024' places an event, 'in 2015' only a year."""
    def weight(candidate: Candidate) -> float:
        when = event_date(candidate.sentence.text)
        return candidate.score * (1 + 0.6 * bool(when and when.month) + 0.2 * bool(when and when.day))

    return sorted((replace(c, score=weight(c)) for c in ranked), key=lambda c: -c.score)


def order_key_points(picks: list[Pick], stories: dict[str, str]) -> list[Pick]:
    """Grouped by story (an article and its duplicates), stories in date order (undated last, by rank),
    items within a story in the order the article tells them."""
    groups: dict[str, list[Pick]] = {}
    for pick in picks:
        doc_id = pick.lead.sentence.doc_id
        groups.setdefault(stories.get(doc_id, doc_id), []).append(pick)

    def group_key(group: list[Pick]):
        dates = [p.lead.doc_date for p in group if p.lead.doc_date]
        best = max(p.lead.score for p in group)
        return (0, min(dates), -best) if dates else (1, "", -best)

    ordered = []
    for group in sorted(groups.values(), key=group_key):
        ordered += sorted(group, key=lambda p: (p.lead.sentence.doc_id, p.lead.sentence.position))
    return ordered


def _item(pick: Pick, documents: dict[str, Document], numbers: dict[str, int], section: str,
          mark_undated: bool) -> Item:
    citations = []
    for candidate in [pick.lead, *pick.support]:
        sentence = candidate.sentence
        document = documents[sentence.doc_id]
        number = numbers.setdefault(document.id, len(numbers) + 1)
        citations.append(Citation(document.id, document.source_file, sentence.start, sentence.end, number,
                                  sentence.text))
    text = pick.lead.sentence.text
    when = event_date(text) if section == "timeline" else None
    return Item(text, pick.lead.sentence.language, tuple(citations), round(pick.lead.score, 6),
                sources_total=len(citations) + pick.uncited,
                highlights=figure_spans(text), speaker=speaker(text) if section == "quotes" else None,
                event_date=when.label() if when else None,
                undated=mark_undated and documents[pick.lead.sentence.doc_id].date is None)


def brief_from_sections(sections: dict[str, list[Pick]], documents: dict[str, Document], topic: Topic, *,
                        language: str, generated: datetime, corpus_documents: int, stories: dict[str, str] | None = None,
                        method: str = "lexrank", period: str | None = None, mark_undated: bool = False) -> Brief:
    """The Brief for chosen picks: sections in reading order, citations numbered by first appearance."""
    ordered = dict(sections)
    ordered["key_points"] = order_key_points(sections.get("key_points", []), stories or {})
    ordered["timeline"] = sorted(sections.get("timeline", []),
                                 key=lambda p: event_date(p.lead.sentence.text).key)
    numbers: dict[str, int] = {}
    built = []
    for key in ("key_points", "key_figures", "quotes", "timeline"):
        items = tuple(_item(p, documents, numbers, key, mark_undated) for p in ordered.get(key, []))
        if items:
            built.append(Section(key, SECTION_TITLES[key], items))
    sources = tuple(
        Source(number, doc_id, documents[doc_id].source_file, documents[doc_id].title, documents[doc_id].publisher,
               documents[doc_id].author, documents[doc_id].date, documents[doc_id].language, documents[doc_id].text)
        for doc_id, number in numbers.items()
    )
    return Brief(title=topic.title, topic=topic, language=language, generated=generated, sections=tuple(built),
                 sources=sources, corpus_documents=corpus_documents, method=method, period=period)


def cited_ids(sections: dict[str, list[Pick]]) -> list[str]:
    return list(dict.fromkeys(doc_id for picks in sections.values() for pick in picks for doc_id in
                              [pick.lead.sentence.doc_id, *(c.sentence.doc_id for c in pick.support)]))


def summarize(documents: list[Document], candidates: list[Candidate], topic: Topic, *, max_items: int,
              language: str, generated: datetime, method: str = "lexrank",
              max_words: int = DEFAULT_MAX_WORDS) -> Brief:
    """Rank, choose and build a Brief over documents held in memory."""
    from kzbrief.rank import rank_candidates

    sections = choose(rank_candidates(candidates, method), candidates, max_items=max_items, max_words=max_words)
    return brief_from_sections(sections, {d.id: d for d in documents}, topic, language=language,
                               generated=generated, corpus_documents=len(documents), method=method)
