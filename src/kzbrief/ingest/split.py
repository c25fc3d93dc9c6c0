"""A document's sentences, with offsets into its cleaned text: only paragraphs, never titles or headings. A
sentence starts after a dateline ("WASHINGTON (AP) --", "INTERFAX.RU -", "28.09.2016, 22:10"), and the first one
after the page's headline when the page glued the two together: neither is part of what it says."""

from __future__ import annotations

from kzbrief.datelines import headline_end, statement_start
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
            if not sentences:  # the first sentence may carry the page's headline
                start += headline_end(document.text[start:span.end], document.title)
            sentences.append(Sentence(document.id, start, span.end, document.text[start:span.end],
                                      len(sentences), block.language, in_quote))
    return sentences
