"""A document's sentences, with offsets into its cleaned text: only paragraphs, never titles or headings. A
sentence starts after a dateline ("WASHINGTON (AP) --", "INTERFAX.RU -"), which is not part of what it says."""

from __future__ import annotations

from kzbrief.datelines import statement_start
from kzbrief.model import Document, Sentence
from kzbrief.text import quote_depths, split_sentences


def document_sentences(document: Document) -> list[Sentence]:
    sentences = []
    for block in document.blocks:
        if block.kind != "paragraph":
            continue
        spans = split_sentences(document.text, block.start, block.end, block.language)
        for span, in_quote in zip(spans, quote_depths(document.text, spans)):
            start = span.start + statement_start(document.text[span.start:span.end])
            sentences.append(Sentence(document.id, start, span.end, document.text[start:span.end],
                                      len(sentences), block.language, in_quote))
    return sentences
