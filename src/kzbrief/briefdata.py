"""A brief as data: the JSON every brief is written as (`brief_data`) and read back from (`brief_from_data`).

Reading what the writer writes gives the same Brief, so a brief can be edited as data (items removed, reordered,
moved between sections; an analyst's summary or notes added; the title changed) and rendered again with its
citations intact (`kzbrief render`). The format (`"format": "kzbrief-brief"`, `"format_version"`):

- 1: sources carried their whole cleaned text (`document_text`).
- 2: sources carry its SHA-256 and length (`text_sha256`, `text_length`), the text only when embedded
  (`embeds_sources`); citations may carry the sentences around the quote (`context`); the topic whole, the
  selection figures, an analyst's `summary` and item `note`s, and `corpus_path`, where the corpus was.

A mistake in the data is a KzbriefError naming where it is ("item 3, citation 1: 'start' must be a whole number").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kzbrief import __version__
from kzbrief.errors import KzbriefError
from kzbrief.model import SECTION_TITLES, Brief, Citation, Item, Section, Source, Topic

FORMAT = "kzbrief-brief"
FORMAT_VERSION = 2


def brief_data(brief: Brief, embed_sources: bool = False) -> dict:
    """The brief as plain data: every item with its citations (the quoted sentences at their offsets, and the
    sentences around them when the brief has them), every source with its metadata and its text's fingerprint;
    the sources' whole texts with `embed_sources` (quotes.py says why not by default)."""
    from kzbrief import i18n
    from kzbrief.render import selection_note

    topic = brief.topic
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "embeds_sources": embed_sources,
        "generator": f"kzbrief {__version__}",
        "title": brief.title,
        **({"summary": brief.summary} if brief.summary else {}),
        "topic": {"name": topic.name, "title": topic.title, "adhoc": topic.adhoc,
                  **({"statement": topic.statement} if topic.statement else {}),
                  **({"description": topic.description} if topic.description else {}),
                  "patterns": {language: list(patterns) for language, patterns in topic.patterns.items()},
                  **({"titles": dict(topic.titles)} if topic.titles else {})},
        "language": brief.language,
        "generated": brief.generated.isoformat(timespec="seconds"),
        "period": brief.period,
        "method": brief.method,
        "corpus": brief.corpus,
        **({"corpus_path": brief.corpus_path} if brief.corpus_path else {}),
        "corpus_documents": brief.corpus_documents,
        "selection": list(brief.selection) if brief.selection else None,
        "notes": [selection_note(brief)] if brief.selection else [],
        "sections": [
            {"key": section.key, "title": i18n.translations(brief.language).gettext(section.title),
             "items": [_item_data(item) for item in section.items]}
            for section in brief.sections
        ],
        "sources": [
            {"n": s.number, "doc_id": s.doc_id, "source_file": s.source_file, "title": s.title,
             "publisher": s.publisher, "author": s.author, "date": s.date, "url": s.url, "language": s.language,
             "text_sha256": s.sha256, "text_length": s.length,
             **({"document_text": s.text} if embed_sources and s.text is not None else {})}
            for s in brief.sources
        ],
    }


def _item_data(item: Item) -> dict:
    return {
        "text": item.text, "language": item.language, "score": item.score,
        "sources_total": item.sources_total or len(item.citations),
        **({"highlights": [list(h) for h in item.highlights]} if item.highlights else {}),
        **({"speaker": item.speaker} if item.speaker else {}),
        **({"event_date": item.event_date} if item.event_date else {}),
        **({"event_planned": True} if item.event_planned else {}),
        **({"undated": True} if item.undated else {}),
        **({"original": item.original, "machine_translated": True} if item.original is not None else {}),
        **({"note": item.note} if item.note else {}),
        "citations": [
            {"source": c.source_number, "doc_id": c.doc_id, "source_file": c.source_file,
             "start": c.start, "end": c.end, "text": c.text,
             **({"context": {side: {"start": start, "end": end, "text": text}
                             for side, start, end, text in c.context}} if c.context else {})}
            for c in item.citations],
    }


# --- reading ------------------------------------------------------------------------------------------------------

class _Reader:
    """Typed access to one object of the data; every complaint names where it is."""

    def __init__(self, value: Any, where: str):
        if not isinstance(value, dict):
            raise KzbriefError(f"{where}: must be an object")
        self.value, self.where = value, where

    def fail(self, key: str, message: str) -> KzbriefError:
        return KzbriefError(f"{self.where}: '{key}' {message}" if self.where else f"'{key}' {message}")

    def get(self, key: str, kind, default: Any = ..., optional: bool = False) -> Any:
        if key not in self.value or (optional and self.value[key] is None):
            if default is ...:
                raise self.fail(key, "is missing")
            return default
        value = self.value[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            names = {str: "a string", int: "a whole number", float: "a number", bool: "true or false",
                     list: "a list", dict: "an object"}
            raise self.fail(key, f"must be {' or '.join(names[k] for k in kinds)}")
        return value

    def text(self, key: str, default: Any = ...) -> Any:
        return self.get(key, str, default, optional=default is not ...)

    def items(self, key: str) -> list:
        return self.get(key, list, [])


def brief_from_data(data: Any) -> Brief:
    """The Brief a brief's data describes (what `brief_data` writes, or a brief of format 1). Raises KzbriefError
    naming what is wrong."""
    top = _Reader(data, "")
    if data.get("format") != FORMAT:
        raise KzbriefError("not a kzbrief brief (its 'format' is not \"kzbrief-brief\")")
    version = top.get("format_version", int, 1)
    if version > FORMAT_VERSION:
        raise KzbriefError(f"a brief of format {version}, newer than this kzbrief reads ({FORMAT_VERSION}): upgrade "
                           "kzbrief")
    sources = tuple(_source(_Reader(value, f"source {n}"))
                    for n, value in enumerate(top.items("sources"), start=1))
    numbers = {source.number for source in sources}
    sections = []
    count = 0
    for n, value in enumerate(top.items("sections"), start=1):
        section = _Reader(value, f"section {n}")
        key = section.text("key")
        if key not in SECTION_TITLES:
            raise section.fail("key", f"must be one of {', '.join(SECTION_TITLES)}, not {key!r}")
        items = []
        for value in section.items("items"):
            count += 1
            items.append(_item(_Reader(value, f"item {count}"), numbers))
        sections.append(Section(key, SECTION_TITLES[key], tuple(items)))
    topic = _Reader(top.get("topic", dict), "topic")
    patterns = topic.get("patterns", dict, {})
    selection = top.get("selection", list, None, optional=True)
    try:
        generated = datetime.fromisoformat(top.text("generated"))
    except ValueError:
        raise top.fail("generated", "must be a date and time (ISO 8601)")
    return Brief(
        title=top.text("title"),
        topic=Topic(name=topic.text("name"), title=topic.text("title"),
                    patterns={str(k): tuple(str(p) for p in v) for k, v in patterns.items() if isinstance(v, list)},
                    description=topic.text("description", ""), adhoc=topic.get("adhoc", bool, False),
                    titles={str(k): str(v) for k, v in topic.get("titles", dict, {}).items()},
                    statement=topic.text("statement", "")),
        language=top.text("language"), generated=generated, sections=tuple(sections), sources=sources,
        corpus_documents=top.get("corpus_documents", int, 0), method=top.text("method", "concepts"),
        period=top.text("period", None), corpus=top.text("corpus", None),
        selection=tuple(selection) if selection and len(selection) == 2 and all(
            isinstance(v, int) for v in selection) else None,
        corpus_path=top.text("corpus_path", None), summary=top.text("summary", None))


def _source(source: _Reader) -> Source:
    text = source.text("document_text", None)
    return Source(
        number=source.get("n", int), doc_id=source.text("doc_id"), source_file=source.text("source_file"),
        title=source.text("title", None), publisher=source.text("publisher", None),
        author=source.text("author", None), date=source.text("date", None), language=source.text("language"),
        text=text, url=source.text("url", None),
        sha256=source.text("text_sha256", ""), length=source.get("text_length", int, 0))


def _item(item: _Reader, numbers: set[int]) -> Item:
    citations = []
    for n, value in enumerate(item.items("citations"), start=1):
        citation = _Reader(value, f"{item.where}, citation {n}")
        number = citation.get("source", int)
        if number not in numbers:
            raise citation.fail("source", f"is {number}, which the brief's sources do not list")
        context = _Reader(citation.get("context", dict, {}), f"{citation.where}, context")
        sides = []
        for side in ("before", "after"):
            if side in context.value:
                span = _Reader(context.value[side], f"{context.where} {side}")
                sides.append((side, span.get("start", int), span.get("end", int), span.text("text")))
        citations.append(Citation(citation.text("doc_id"), citation.text("source_file"), citation.get("start", int),
                                  citation.get("end", int), number, citation.text("text"), tuple(sides)))
    if not citations:
        raise item.fail("citations", "is empty: every item quotes a source")
    highlights = item.get("highlights", list, [])
    return Item(
        text=item.text("text"), language=item.text("language"), citations=tuple(citations),
        score=float(item.get("score", (int, float), 0.0)),
        highlights=tuple(tuple(h) for h in highlights if isinstance(h, list) and len(h) == 2
                         and all(isinstance(v, int) for v in h)),
        speaker=item.text("speaker", None), event_date=item.text("event_date", None),
        event_planned=item.get("event_planned", bool, False), undated=item.get("undated", bool, False),
        sources_total=item.get("sources_total", int, 0), original=item.text("original", None),
        note=item.text("note", None))
