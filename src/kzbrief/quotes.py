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

from kzbrief.model import Citation, Source


def fingerprint(source: Source) -> dict:
    """The source's cleaned text as a brief identifies it without carrying it."""
    return {"text_sha256": source.text_sha256, "text_length": len(source.text)}


def context_of(citation: Citation, source: Source) -> dict:
    """The sentences before and after the quoted one, each with its offsets, where the source has them: a reader
    who needs the surroundings of a quote gets them, and no more of the article."""
    spans = sorted(source.sentences)
    starts = [start for start, _ in spans]
    ends = [end for _, end in spans]
    found = {}
    before = bisect_right(ends, citation.start) - 1
    if before >= 0:
        found["before"] = _span(source, spans[before])
    after = bisect_left(starts, citation.end)
    if after < len(spans):
        found["after"] = _span(source, spans[after])
    return found


def _span(source: Source, span: tuple[int, int]) -> dict:
    start, end = span
    return {"start": start, "end": end, "text": source.text[start:end]}


def embeds_sources(data: dict) -> int:
    """How many sources a brief's data carries whole (`--embed-sources`, or any brief before format 2)."""
    return sum(1 for source in data.get("sources") or () if isinstance(source, dict) and source.get("document_text"))
