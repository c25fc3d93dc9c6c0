"""A brief as data: the JSON every brief is written as (`brief_data`), and read back from (`Brief.from_json`,
`model.brief_from_data`, beside the model so that it depends on nothing above it).

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

from kzbrief import __version__
from kzbrief.model import FORMAT, FORMAT_VERSION, Brief, Item


def brief_data(brief: Brief, embed_sources: bool = False) -> dict:
    """The brief as plain data: every item with its citations (the quoted sentences at their offsets, and the
    sentences around them when the brief has them), every source with its metadata and its text's fingerprint;
    the sources' whole texts with `embed_sources` (quotes.py says why not by default)."""
    from kzbrief import i18n

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
        "period": brief.window.label if brief.window else None,  # for readers; "window" is the data
        "window": brief.window.as_data() if brief.window else None,
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


def selection_note(brief: Brief) -> str:
    """What the index search left out, in the brief's language (select.NOTE)."""
    from kzbrief import i18n
    from kzbrief.select import NOTE

    matched, weighed = brief.selection
    return i18n.translations(brief.language).gettext(NOTE) % {
        "matched": i18n.number(matched, brief.language), "weighed": i18n.number(weighed, brief.language)}


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
