"""One corpus file -> its Documents: read and decode it, clean the page chrome, split a listing page into its
articles, take its metadata, and cut each article into sentences with their words, stems and eligibility."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kzbrief.eligibility import rejection
from kzbrief.ingest.clean import Cleaned, Line, clean_text
from kzbrief.ingest.encoding import LETTER
from kzbrief.ingest.manifest import Manifest
from kzbrief.ingest.meta import dateline, normalize_date
from kzbrief.ingest.readers import RawArticle, UnreadableFile, read_file, site_names
from kzbrief.ingest.split import document_sentences
from kzbrief.languages import language_label, other_language
from kzbrief.model import Block, Document, SentenceRow
from kzbrief.text import tokens_and_stems

LISTING_MIN_WORDS = 80  # each article on a listing page is a long paragraph under its own heading


@dataclass
class ProcessedFile:
    documents: list[Document]
    encoding: str | None = None
    removed_share: float = 0.0
    problems: list[str] = field(default_factory=list)


def process_bytes(path: Path, relative: str, data: bytes, manifest: Manifest) -> ProcessedFile:
    """Everything ingestion makes of one file. Raises UnreadableFile with the reason."""
    raw = read_file(path, data)
    documents: list[Document] = []
    removed = total = 0.0
    problems = list(raw.problems)
    stem_name = relative.rsplit(".", 1)[0]
    elsewhere: list[str] = []
    for article in raw.articles:
        base = stem_name if article.record is None else f"{stem_name}#{article.record}"
        made, cleaned = documents_from_article(article, relative, base, manifest, raw.encoding)
        if not made and article.record is not None:
            problems.append(f"record {article.record}: no article text")
        foreign = [(d, code) for d in made if not (manifest.get(relative).get("language") or
                                                   article.meta.get("language"))
                   and (code := other_language(d.text))]
        for document, code in foreign:
            elsewhere.append(language_label(code))
            if article.record is not None:
                problems.append(f"record {article.record}: in {language_label(code)}, left out "
                                f"(kzbrief briefs English and Russian)")
        left = {id(document) for document, _ in foreign}
        made = [d for d in made if id(d) not in left]
        documents.extend(made)
        removed += cleaned.removed_share * cleaned.raw_chars
        total += cleaned.raw_chars
    if not documents:
        if elsewhere:
            raise UnreadableFile(f"in {elsewhere[0]}: kzbrief briefs English and Russian articles")
        raise UnreadableFile("no article text left after removing page chrome")
    lower = [d for d in documents if lower_case(d.text)]
    if lower:  # read, but no sentence of it can be offered: say so rather than brief without it
        where = "the text" if len(lower) == len(documents) else f"{len(lower)} of its {len(documents)} articles"
        problems.append(f"{where} is all in lower case: kzbrief finds sentences by their capital letters, so none "
                        "can be quoted (export it with its capitals)")
    return ProcessedFile(documents, raw.encoding, removed / total if total else 0.0, problems)


def lower_case(text: str) -> bool:
    """Whether a text's letters are all (or nearly all) lower case: an export that lost its capitals."""
    sample = text[:20000]
    capitals = len(_CAPITAL.findall(sample))
    if capitals >= max(1, len(sample) / 500):  # enough capitals for any count of letters: no need to count them
        return False
    letters = len(LETTER.findall(sample))
    return letters >= 60 and capitals < max(1, letters / 500)


_CAPITAL = re.compile(r"[A-ZА-ЯЁ]")


def documents_from_article(article: RawArticle, source_file: str, base_id: str, manifest: Manifest | None,
                           encoding: str = "utf-8") -> tuple[list[Document], Cleaned]:
    """Clean one article's text and make its Documents (several for a listing page)."""
    explicit = (manifest or Manifest()).get(source_file)
    meta = {**article.meta, **explicit}  # explicit metadata wins over what the file itself says
    cleaned = clean_text(article.text, explicit.get("language") or article.meta.get("language"),
                         scraped=article.scraped)
    if all(line.heading_like for line in cleaned.kept):
        return [], cleaned
    parts = split_listing(cleaned.kept) if article.scraped else [cleaned.kept]
    date, date_source = _date(meta, explicit, article, cleaned, listing=len(parts) > 1)
    documents = []
    for number, lines in enumerate(parts, start=1):
        doc_id = base_id if len(parts) == 1 else f"{base_id}#{number}"
        documents.append(_document(doc_id, source_file, lines, cleaned, meta, encoding, article.scraped,
                                   date, date_source, listing=len(parts) > 1))
    return documents, cleaned


def documents_from_text(text: str, source_file: str, manifest: Manifest | None = None,
                        encoding: str = "utf-8") -> list[Document]:
    """Documents of one scraped-text article (convenience for callers holding text, and for tests)."""
    return documents_from_article(RawArticle(text), source_file, source_file.rsplit(".", 1)[0], manifest,
                                  encoding)[0]


def _date(meta: dict, explicit: dict, article: RawArticle, cleaned: Cleaned,
          listing: bool) -> tuple[str | None, str | None]:
    if explicit.get("date"):
        return explicit["date"], "manifest"
    found = normalize_date(article.meta.get("date"))
    if found:
        return found, "export" if article.record is not None else "html"
    if listing:  # a listing page's date line dates the page, not the articles it lists
        return None, None
    found = dateline([line.text for line in cleaned.dropped if line.dropped_by == "date_only"])
    return (found, "text") if found else (None, None)


def split_listing(lines: list[Line]) -> list[list[Line]]:
    """A listing page (heading, long paragraph, heading, long paragraph, ...) holds one article per heading."""
    pairs = len(lines) // 2
    if len(lines) % 2 or pairs < 2:
        return [lines]
    for heading, body in zip(lines[::2], lines[1::2]):
        if not heading.heading_like or body.heading_like or body.words < LISTING_MIN_WORDS:
            return [lines]
    return [lines[i : i + 2] for i in range(0, len(lines), 2)]


def _document(doc_id: str, source_file: str, lines: list[Line], cleaned: Cleaned, meta: dict, encoding: str,
              scraped: bool, date: str | None, date_source: str | None, listing: bool) -> Document:
    blocks: list[Block] = []
    parts: list[str] = []
    offset = 0
    for i, line in enumerate(lines):
        if i:
            parts.append("\n\n")
            offset += 2
        if line.heading_like:
            kind = "title" if i == 0 and scraped else "heading"
        else:
            kind = "paragraph"
        blocks.append(Block(offset, offset + len(line.text), kind, line.language))
        parts.append(line.text)
        offset += len(line.text)
    title = lines[0].text if blocks and blocks[0].kind == "title" else None
    # Metadata given for a whole file does not name the articles of a listing page: they keep their own titles.
    if meta.get("title") and not listing:
        title = meta["title"]
    title = strip_publisher_suffix(title, meta.get("publisher"), meta.get("url"))
    return Document(
        id=doc_id, source_file=source_file, text="".join(parts), blocks=tuple(blocks), title=neutral(title),
        publisher=neutral(meta.get("publisher")), author=neutral(meta.get("author")), date=date,
        date_source=date_source, url=neutral(meta.get("url")), language=meta.get("language") or cleaned.language,
        encoding=encoding,
        removed_share=cleaned.removed_share,
    )


# Invisible characters that change how text around them reads: bidirectional overrides and isolates (an 'evil'
# title shown backwards, 'txt.exe' as 'exe.txt') and zero-width ones (a name that looks alike but is not).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c]")


def neutral(value: str | None) -> str | None:
    """A title or metadata field without invisible control characters (the article text keeps its own: it is
    quoted as it is)."""
    if value is None:
        return None
    return " ".join(_INVISIBLE.sub("", value).split()) or None


def strip_publisher_suffix(title: str | None, publisher: str | None, url: str | None = None) -> str | None:
    """'How Kazakhstan ... conflicts - TASS Opinions' -> 'How Kazakhstan ... conflicts' when TASS is the publisher,
    or the site the URL names (tass.com): the site's name in a page title is chrome, and the Sources list names the
    publisher anyway."""
    if not title:
        return title
    names = site_names(publisher, url)
    match = re.match(r"^(?P<title>.+?)\s+[-–—|:]\s+(?P<site>[^-–—|]{1,60})$", title)
    if match and len(match.group("title").split()) >= 3 and any(
            name in match.group("site").casefold() for name in names):
        return match.group("title")
    return title


def sentence_rows(document: Document) -> list[SentenceRow]:
    rows = []
    for sentence in document_sentences(document):
        tokens, stems = tokens_and_stems(sentence.text)
        rows.append(SentenceRow(sentence, tokens, stems, rejection(sentence.text)))
    return rows
