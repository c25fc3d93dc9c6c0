"""The data that flows through the pipeline: plain frozen dataclasses, no behaviour beyond small derived views.

A Document is what ingestion made of one article; a Sentence is a span of a Document's cleaned text; a Brief is
the language-neutral result of summarizing, which every writer (and later the translator) takes as input.
Offsets are always into `Document.text`, so `doc.text[s.start:s.end] == s.text` holds everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Block:
    """A paragraph-level unit of a document's cleaned text: a heading or a paragraph."""

    start: int
    end: int
    kind: str  # "title" | "heading" | "paragraph"
    language: str


@dataclass(frozen=True)
class Document:
    id: str
    source_file: str  # path relative to the corpus directory, with "/" separators
    text: str  # cleaned text: kept blocks joined by blank lines
    blocks: tuple[Block, ...]
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: str | None = None  # ISO date when known; never guessed
    date_source: str | None = None  # where the date came from: manifest, export, html, text
    url: str | None = None
    language: str = "en"
    encoding: str = "utf-8"
    removed_share: float = 0.0  # share of the raw characters dropped as boilerplate


@dataclass(frozen=True)
class Sentence:
    doc_id: str
    start: int
    end: int
    text: str
    position: int  # index of the sentence within its document (0 = lead)
    language: str
    in_quote: bool = False  # it starts inside a quotation an earlier sentence opened (it needs that one)


@dataclass(frozen=True)
class SentenceRow:
    """A sentence as selection needs it: the sentence, its words and their stems, and the eligibility rule that
    keeps it out of briefs (None when it may be offered)."""

    sentence: Sentence
    tokens: list[str]
    stems: list[str]
    rejected: str | None
    doc_date: str | None = None  # the document's publication date, when known


@dataclass(frozen=True)
class Citation:
    """Where an item's sentence stands in a source. The first citation of an item quotes exactly the item's text;
    further citations are other sources carrying the same statement, each with its own wording (`text`)."""

    doc_id: str
    source_file: str
    start: int
    end: int
    source_number: int  # the footnote number of the cited document in the brief
    text: str  # == the source's cleaned text[start:end]
    # The sentences around the quote, when asked for (--quote-context): ("before" | "after", start, end, text).
    context: tuple[tuple[str, int, int, str], ...] = ()


@dataclass(frozen=True)
class Item:
    text: str
    language: str
    citations: tuple[Citation, ...]
    score: float = 0.0
    highlights: tuple[tuple[int, int], ...] = ()  # spans of `text` to emphasize (figures); the text is unchanged
    speaker: str | None = None  # for quotations: who is quoted, when the sentence names them
    event_date: str | None = None  # for the timeline: '2017', '2017-01' or '2017-01-20'
    event_planned: bool = False  # the timeline's date is of something to come (a plan), not of an event
    undated: bool = False  # the source has no known date (only marked in briefs with a date window)
    sources_total: int = 0  # sources carrying the statement, cited or only counted (0: just the citations)
    original: str | None = None  # for a machine-translated item: the source sentence it translates
    note: str | None = None  # an analyst's note on the item: their words, shown as theirs, never as a quote

    @property
    def quoted(self) -> str:
        """The source sentence the item stands for: its text, or the original of a translation."""
        return self.text if self.original is None else self.original

    @property
    def segments(self) -> list[tuple[str, bool]]:
        """The text cut at the highlights: (piece, highlighted) pairs that join back to `text`."""
        pieces, at = [], 0
        for start, end in sorted(self.highlights):
            if start < at:
                continue
            if start > at:
                pieces.append((self.text[at:start], False))
            pieces.append((self.text[start:end], True))
            at = end
        if at < len(self.text):
            pieces.append((self.text[at:], False))
        return pieces


# The sections of a brief, in reading order: key -> title (the English text; templates translate it).
SECTION_TITLES = {"key_points": "Key points", "key_figures": "Key figures", "quotes": "Quotes",
                  "timeline": "Timeline"}


@dataclass(frozen=True)
class Section:
    key: str  # stable machine name, e.g. "key_points"
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Source:
    number: int
    doc_id: str
    source_file: str
    title: str | None
    publisher: str | None
    author: str | None
    date: str | None
    language: str
    # The cleaned document text the citations' offsets point into (written out only on request: quotes.py); None
    # in a brief read back from data that does not carry it.
    text: str | None
    url: str | None = None  # where the article was published, as the corpus says (data: never trusted as a link)
    sentences: tuple[tuple[int, int], ...] = ()  # the document's sentence spans, as the index holds them
    # The fingerprint a brief carries instead of the text (`verify` finds by it whether the source changed): the
    # SHA-256 of the text (UTF-8) and its length in characters, computed from the text when not given.
    sha256: str = ""
    length: int = 0

    def __post_init__(self) -> None:
        if self.text is not None and not self.sha256:
            import hashlib

            object.__setattr__(self, "sha256", hashlib.sha256(self.text.encode("utf-8")).hexdigest())
            object.__setattr__(self, "length", len(self.text))

    @property
    def link(self) -> str | None:
        """The URL as a link a reader may follow: http(s) only (never javascript:, file: or data:), with any
        character a link may not hold percent-encoded."""
        from urllib.parse import quote, urlsplit

        if not self.url:
            return None
        try:
            parts = urlsplit(self.url.strip())
        except ValueError:
            return None
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            return None
        return quote(self.url.strip(), safe=":/?#[]@!$&'()*+,;=%~-._")

    @property
    def article(self) -> int | None:
        """The article's number on a listing page that holds several (doc id 'file#2'), else None."""
        _, _, number = self.doc_id.rpartition("#")
        return int(number) if number.isdigit() else None


@dataclass(frozen=True)
class Topic:
    name: str
    title: str
    patterns: dict[str, tuple[str, ...]]  # language code -> keyword patterns
    description: str = ""
    adhoc: bool = False  # built from --query
    titles: dict[str, str] = field(default_factory=dict)  # the title in other languages (title_ru = ...)
    statement: str = ""  # a free-text topic (--query): read for its phrases and aspects (query.py)


@dataclass(frozen=True)
class Brief:
    title: str
    topic: Topic
    language: str
    generated: datetime
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]
    corpus_documents: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)
    method: str = "concepts"
    period: str | None = None  # the date window, as a label; None for the whole corpus
    corpus: str | None = None  # the corpus folder the brief was made from, as given
    selection: tuple[int, int] | None = None  # (sentences matched, weighed) when the index search stopped early
    corpus_path: str | None = None  # the corpus folder as an absolute path, where the brief was built
    summary: str | None = None  # an analyst's summary paragraph: their words, shown as theirs, never as a quote

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    @classmethod
    def from_json(cls, text: str | bytes) -> Brief:
        """The brief a brief's JSON describes (briefdata.py): what the JSON writer writes reads back the same."""
        import json

        from kzbrief.briefdata import brief_from_data
        from kzbrief.errors import KzbriefError

        try:
            data = json.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise KzbriefError(f"not a brief's JSON: {error}")
        return brief_from_data(data)
