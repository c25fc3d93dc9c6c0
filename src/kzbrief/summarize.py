"""Summarization: from the method's order of candidate sentences to a Brief with sections, without saying the same
thing twice.

Sentences are taken in the order the method (rank.py) gives, while they fit the brief's word and item limits;
importance decides what fits, never the date. A candidate that states a chosen item again (similarity.py) is never
shown again; when it comes from another document it becomes a further citation of that item, so a story
carried by several outlets is stated once, citing each ("corroborated by N sources").

Sections (each omitted when empty), in reading order: key points, the most important half of the brief in order of
importance (what adds most first) and any later item of no special kind; key figures (amounts highlighted), quotes
(with the speaker when named) and the timeline (dated events, in date order) take the other items of their kind. A
sentence appears in one section only. Sources are numbered by first citation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kzbrief.model import SECTION_TITLES, Brief, Citation, Document, Item, Section, Sentence, Source, Topic
from kzbrief.rank import distinct_texts
from kzbrief.sections import event_date, figure_spans, is_quote, speaker
from kzbrief.select import Candidate, needs_context
from kzbrief.similarity import CITE_THRESHOLD, THRESHOLD, Statements

MAX_CITATIONS = 6  # sources cited for one item; more sources carrying the statement are counted, not listed
DEFAULT_MAX_WORDS = 900  # with the sources list, two A4 pages
SECTION_LIMITS = {"key_figures": 4, "quotes": 3, "timeline": 6}
# Two sentences of one article that say much the same are one statement at a lower cosine than two of different
# articles: an article tells a fact once in its lead and again in the statement it quotes ('Лабазанов наказан
# дисквалификацией сроком на один год' and '"... Лабазанов Чингиз лишен права на 1 год ...", - говорится в
# сообщении'), and where it moves on, its sentences share little but names.
SAME_DOCUMENT_THRESHOLD = 0.2
# A query of one aspect ('Сборная России по хоккею', 'Astana process Syria') names what the brief is about, and an
# item must speak of it: a sentence that shares one common word with the query ('России'), in an article about
# something else, is no answer, and a brief with fewer items beats one filled up with such sentences. It passes
# when it speaks of at least RELEVANCE_FLOOR of what the most relevant sentence does and, for a query that is a
# phrase (Candidate.query_weight), QUERY_SHARE of the whole of it (a word the corpus never uses weighing most);
# or when it stands in an article that speaks of at least DOCUMENT_FLOOR of what the most relevant article does
# and DOCUMENT_SHARE of the phrase, in its sentences and its title (there, a sentence on one of the query's words
# is part of the story asked about). Of a query that lists things ('Министерство культуры и театры'), a sentence
# must speak of one whole item instead ('министерства культуры' or 'театр', not 'Министерства обороны'). A corpus
# that holds nothing on the query gives a brief of few items, or none and an error that says so, rather than one
# of sentences that share a word with it. A topic of several aspects (a topics.toml list of patterns, a statement
# of several sentences) asks for any of them: no floor (on DUC 2007 a floor cut answers: ROUGE-2 fell).
RELEVANCE_FLOOR, QUERY_SHARE = 0.5, 0.4
DOCUMENT_FLOOR, DOCUMENT_SHARE = 0.6, 0.5


@dataclass
class Pick:
    lead: Candidate
    support: list[Candidate] = field(default_factory=list)
    uncited: int = 0  # further sources carrying the same statement, beyond MAX_CITATIONS
    context: tuple[Sentence, ...] = ()  # the sentences before the lead that are shown with it (it needs them)

    @property
    def doc_ids(self) -> set[str]:
        return {self.lead.sentence.doc_id, *(c.sentence.doc_id for c in self.support)}

    @property
    def words(self) -> int:
        return sum(len(s.text.split()) for s in (self.lead.sentence, *self.context))

    @property
    def shown(self) -> set[tuple[str, int]]:
        """The sentences the item shows, as (doc_id, start)."""
        return {(s.doc_id, s.start) for s in (self.lead.sentence, *self.context)}


class Twins:
    """Which chosen pick a candidate states again (similarity.py), over the statements of all candidates."""

    def __init__(self, candidates: list[Candidate]):
        self.index = {(c.sentence.doc_id, c.sentence.start): i for i, c in enumerate(candidates)}
        self.statements = Statements([c.stems for c in candidates])

    def of(self, candidate: Candidate, picks: list[Pick], threshold: float = THRESHOLD,
           same_document: float | None = None) -> Pick | None:
        """The first pick the candidate states again at `threshold`; at `same_document` for a pick of the
        candidate's own document, when given."""
        rows = [self.index[(p.lead.sentence.doc_id, p.lead.sentence.start)] for p in picks]
        cuts = [same_document if same_document is not None and p.lead.sentence.doc_id == candidate.sentence.doc_id
                else threshold for p in picks]
        found = self.statements.first_same(self.index[(candidate.sentence.doc_id, candidate.sentence.start)], rows,
                                           cuts)
        return None if found is None else picks[rows.index(found)]


def add_corroboration(picks: list[Pick], candidates: list[Candidate], twins: Twins) -> None:
    """Attach other-document sentences that state a chosen item's fact as further citations (the best
    MAX_CITATIONS of them); the rest are only counted."""
    for pick in picks:
        pick.uncited += pick.lead.extra_copies
    for candidate in candidates:
        twin = twins.of(candidate, picks, CITE_THRESHOLD)
        if twin is None or candidate.sentence == twin.lead.sentence:
            continue
        if candidate.sentence.doc_id not in twin.doc_ids:
            if len(twin.support) + 1 < MAX_CITATIONS:
                twin.support.append(candidate)
            else:
                twin.uncited += 1
            twin.uncited += candidate.extra_copies


def choose(ordered: list[Candidate], candidates: list[Candidate], *, max_items: int,
           max_words: int = DEFAULT_MAX_WORDS) -> dict[str, list[Pick]]:
    """The picks of every section: sentences in the method's order while they fit `max_items` and `max_words`,
    each unlike those before it and, for a query of one aspect, relevant enough (RELEVANCE_FLOOR and the rest),
    then placed in their sections."""
    twins = Twins(candidates)
    one_aspect = len({a for c in candidates for a in c.aspects}) <= 1
    floor = document_floor = 0.0
    if one_aspect and candidates:
        whole = candidates[0].query_weight
        floor = max(RELEVANCE_FLOOR * max(c.relevance for c in candidates), QUERY_SHARE * whole)
        document_floor = max(DOCUMENT_FLOOR * max(c.document_relevance for c in candidates), DOCUMENT_SHARE * whole)
    picks: list[Pick] = []
    shown: set[tuple[str, int]] = set()
    words = 0
    for candidate in distinct_texts(ordered):
        relevant = candidate.complete if candidate.complete is not None else candidate.relevance >= floor - 1e-9
        if one_aspect and not relevant and candidate.document_relevance < document_floor - 1e-9:
            continue
        pick = Pick(candidate, context=candidate.context)
        full = len(picks) >= max_items  # then an item may still go on with the sentence after it, no more
        if needs_context(candidate.sentence):  # shown with the sentence before it, or not at all
            if not pick.context:
                continue
            where = (pick.context[-1].doc_id, pick.context[-1].start)
            if where in shown:  # that sentence is an item already: the item goes on with this one
                extended = _extend(picks, where, candidate) if len(pick.context) == 1 else None
                if extended is not None and words + len(candidate.sentence.text.split()) <= max_words:
                    picks[picks.index(extended[0])] = extended[1]
                    shown |= extended[1].shown
                    words += len(candidate.sentence.text.split())
                continue
        if full:
            continue
        if words + pick.words > max_words or pick.shown & shown or \
                twins.of(candidate, picks, THRESHOLD, SAME_DOCUMENT_THRESHOLD) is not None:
            continue
        picks.append(pick)
        shown |= pick.shown
        words += pick.words
    add_corroboration(picks, candidates, twins)
    return place(picks)


def _extend(picks: list[Pick], where: tuple[str, int], candidate: Candidate) -> tuple[Pick, Pick] | None:
    """The pick whose lead is the sentence at `where`, and that pick grown by `candidate` (the sentence after it,
    which leans on it): one item, one span. Only a pick of one sentence grows, so an item stays at two."""
    for pick in picks:
        if (pick.lead.sentence.doc_id, pick.lead.sentence.start) == where and not pick.context:
            return pick, Pick(candidate, context=(pick.lead.sentence,))
    return None


def kind_of(text: str) -> str:
    """The section a sentence's kind calls for, if it is not a key point."""
    if is_quote(text):
        return "quotes"
    if figure_spans(text):
        return "key_figures"
    if event_date(text) is not None:
        return "timeline"
    return "key_points"


def place(picks: list[Pick]) -> dict[str, list[Pick]]:
    """The most important half of the picks are key points; each later one goes to the section of its kind while
    that section has room (SECTION_LIMITS), else to key points."""
    sections: dict[str, list[Pick]] = {key: [] for key in SECTION_TITLES}
    first = -(-len(picks) // 2)  # ceiling: with one pick, it is a key point
    for number, pick in enumerate(picks):
        kind = "key_points" if number < first else kind_of(pick.lead.sentence.text)
        if kind != "key_points" and len(sections[kind]) >= SECTION_LIMITS[kind]:
            kind = "key_points"
        sections[kind].append(pick)
    return sections


def _item(pick: Pick, documents: dict[str, Document], numbers: dict[str, int], section: str,
          mark_undated: bool) -> Item:
    citations = []
    for candidate in [pick.lead, *pick.support]:
        sentence = candidate.sentence
        document = documents[sentence.doc_id]
        number = numbers.setdefault(document.id, len(numbers) + 1)
        start = pick.context[0].start if candidate is pick.lead and pick.context else sentence.start
        citations.append(Citation(document.id, document.source_file, start, sentence.end, number,
                                  document.text[start:sentence.end]))
    text = citations[0].text  # the lead sentence, with the one before it when it leans back on it
    when = event_date(text) if section == "timeline" else None
    return Item(text, pick.lead.sentence.language, tuple(citations), round(pick.lead.score, 6),
                sources_total=len(citations) + pick.uncited,
                highlights=figure_spans(text), speaker=speaker(text) if section == "quotes" else None,
                event_date=when.label() if when else None,
                event_planned=bool(when and (when.planned or _after(when, documents[pick.lead.sentence.doc_id].date))),
                undated=mark_undated and documents[pick.lead.sentence.doc_id].date is None)


def _after(when, published: str | None) -> bool:
    """The date lies after the day its source was published: it can only be a plan."""
    if not published:
        return False
    year, month, day = (int(p) for p in published.split("-"))
    return when.key > (year, month if when.month else 0, day if when.day else 0)


def brief_from_sections(sections: dict[str, list[Pick]], documents: dict[str, Document], topic: Topic, *,
                        language: str, generated: datetime, corpus_documents: int, method: str = "concepts",
                        window=None, mark_undated: bool = False) -> Brief:
    """The Brief for chosen picks: sections in reading order, citations numbered by first appearance."""
    ordered = dict(sections)
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
               documents[doc_id].author, documents[doc_id].date, documents[doc_id].language, documents[doc_id].text,
               documents[doc_id].url)
        for doc_id, number in numbers.items()
    )
    return Brief(title=topic.title, topic=topic, language=language, generated=generated, sections=tuple(built),
                 sources=sources, corpus_documents=corpus_documents, method=method, window=window)


def cited_ids(sections: dict[str, list[Pick]]) -> list[str]:
    return list(dict.fromkeys(doc_id for picks in sections.values() for pick in picks for doc_id in
                              [pick.lead.sentence.doc_id, *(c.sentence.doc_id for c in pick.support)]))
