"""What a brief carries of its sources: the quoted sentences, each source's fingerprint, and, on request, the
sentences around a quote or the whole text.

A brief is mailed to readers outside the team; the articles it quotes are often licensed for internal use only.
Quoting a sentence with its source is what a brief does; shipping the article is not. So by default a brief's data
(its JSON, the JSON inside a PDF/A edition, the Markdown front matter, the HTML) holds per source its metadata, the
SHA-256 of its cleaned text and that text's length, and per citation the quoted sentence at its offsets. The
SHA-256 lets `verify` tell, from the corpus, whether the source changed since the brief was built.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from kzbrief.model import Brief, Citation, Source


def fingerprint(source: Source) -> dict:
    """The source's cleaned text as a brief identifies it without carrying it."""
    return {"text_sha256": source.sha256, "text_length": source.length}


def with_context(brief: Brief) -> Brief:
    """The brief with each citation given the sentences before and after the quoted one (`--quote-context`), where
    the source has them: a reader who needs the surroundings of a quote gets them, and no more of the article."""
    sources = {s.number: s for s in brief.sources}
    return replace(brief, sections=tuple(replace(section, items=tuple(
        replace(item, citations=tuple(replace(c, context=context_of(c, sources[c.source_number]))
                                      for c in item.citations))
        for item in section.items)) for section in brief.sections))


def context_of(citation: Citation, source: Source) -> tuple[tuple[str, int, int, str], ...]:
    """("before" | "after", start, end, text) of the sentences around a quote, as far as the source has them."""
    if source.text is None:
        return citation.context
    spans = sorted(source.sentences)
    starts = [start for start, _ in spans]
    ends = [end for _, end in spans]
    found = []
    before = bisect_right(ends, citation.start) - 1
    if before >= 0:
        start, end = spans[before]
        found.append(("before", start, end, source.text[start:end]))
    after = bisect_left(starts, citation.end)
    if after < len(spans):
        start, end = spans[after]
        found.append(("after", start, end, source.text[start:end]))
    return tuple(found)


def embeds_sources(data: dict) -> int:
    """How many sources a brief's data carries whole (`--embed-sources`, or any brief before format 2)."""
    return sum(1 for source in data.get("sources") or () if isinstance(source, dict) and source.get("document_text"))
