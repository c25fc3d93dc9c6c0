"""The data that flows through the pipeline: plain frozen dataclasses, no behaviour beyond small derived views.

A Document is what ingestion made of one article; a Sentence is a span of a Document's cleaned text; a Brief is
the language-neutral result of summarizing, which every writer (and later the translator) takes as input.
Offsets are always into `Document.text`, so `doc.text[s.start:s.end] == s.text` holds everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from kzbrief.errors import KzbriefError
from kzbrief.window import Window, brief_window


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
    window: Window | None = None  # the date window; None for the whole corpus
    corpus: str | None = None  # the corpus folder the brief was made from, as given
    selection: tuple[int, int] | None = None  # (sentences matched, weighed) when the index search stopped early
    corpus_path: str | None = None  # the corpus folder as an absolute path, where the brief was built
    summary: str | None = None  # an analyst's summary paragraph: their words, shown as theirs, never as a quote

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def renumbered(self) -> Brief:
        """The brief with its sources numbered by first citation, in reading order; a source no item cites any
        more leaves the list, and so does a section without items (after an edit, or a translation that left
        items out)."""
        order: dict[int, int] = {}
        for item in self.items:
            for citation in item.citations:
                order.setdefault(citation.source_number, len(order) + 1)
        sources = sorted((replace(s, number=order[s.number]) for s in self.sources if s.number in order),
                         key=lambda s: s.number)
        sections = tuple(replace(section, items=tuple(
            replace(item, citations=tuple(replace(c, source_number=order[c.source_number]) for c in item.citations))
            for item in section.items)) for section in self.sections if section.items)
        return replace(self, sections=sections, sources=tuple(sources))

    @classmethod
    def from_json(cls, text: str | bytes) -> Brief:
        """The brief a brief's JSON describes (briefdata.py): what the JSON writer writes reads back the same."""
        import json

        try:
            data = json.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise KzbriefError(f"not a brief's JSON: {error}")
        return brief_from_data(data)


# --- a brief read back from its data (what briefdata.brief_data writes) ------------------------------------------

FORMAT = "kzbrief-brief"
FORMAT_VERSION = 2  # 2: sources' fingerprints instead of their texts, context, summary, notes (briefdata.py)


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
        window=brief_window(data), corpus=top.text("corpus", None),
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
