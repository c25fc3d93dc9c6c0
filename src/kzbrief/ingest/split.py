"""A document's sentences, with offsets into its cleaned text: only paragraphs, never titles or headings."""

from __future__ import annotations

from kzbrief.model import Document, Sentence
from kzbrief.text import split_sentences


def document_sentences(document: Document) -> list[Sentence]:
    sentences = []
    for block in document.blocks:
        if block.kind != "paragraph":
            continue
        for span in split_sentences(document.text, block.start, block.end, block.language):
            sentences.append(Sentence(document.id, span.start, span.end, document.text[span.start:span.end],
                                      len(sentences), block.language))
    return sentences
