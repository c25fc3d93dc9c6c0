"""Ingestion: corpus folder -> Documents (read, clean, split listing pages, attach metadata).

`read_corpus` is the door. Files that cannot be read are returned as `Skipped` with a reason; the rest goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kzbrief.errors import KzbriefError, Skipped
from kzbrief.ingest.clean import Cleaned, Line, clean_text, is_heading_like
from kzbrief.ingest.manifest import Manifest, load_manifest
from kzbrief.ingest.readers import UnreadableFile, corpus_files, read_file
from kzbrief.model import Block, Document

LISTING_MIN_WORDS = 80  # each article on a listing page is a long paragraph under its own heading


@dataclass
class Corpus:
    root: Path
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def read_corpus(root: Path) -> Corpus:
    """Read every article file under `root` into Documents."""
    if not root.exists():
        raise KzbriefError(f"corpus directory not found: {root}")
    if not root.is_dir():
        raise KzbriefError(f"corpus is not a directory: {root}")
    manifest = load_manifest(root)
    corpus = Corpus(root)
    for path in corpus_files(root):
        relative = path.relative_to(root).as_posix()
        try:
            raw = read_file(path)
        except UnreadableFile as error:
            corpus.skipped.append(Skipped(relative, str(error)))
            continue
        documents = documents_from_text(raw.text, relative, manifest, raw.encoding)
        if not documents:
            corpus.skipped.append(Skipped(relative, "no article text left after removing page chrome"))
        corpus.documents.extend(documents)
    return corpus


def documents_from_text(text: str, source_file: str, manifest: Manifest | None = None,
                        encoding: str = "utf-8") -> list[Document]:
    """Clean one file's text and make one Document per article it holds."""
    meta = (manifest or Manifest()).get(source_file)
    cleaned = clean_text(text, meta.get("language"))
    if not any(not is_heading_like(line.text) for line in cleaned.kept):
        return []
    articles = split_listing(cleaned.kept)
    stem = source_file.rsplit(".", 1)[0]
    documents = []
    for number, lines in enumerate(articles, start=1):
        doc_id = stem if len(articles) == 1 else f"{stem}#{number}"
        documents.append(_document(doc_id, source_file, lines, cleaned, meta, encoding))
    return documents


def split_listing(lines: list[Line]) -> list[list[Line]]:
    """A listing page (heading, long paragraph, heading, long paragraph, ...) holds one article per heading."""
    pairs = len(lines) // 2
    if len(lines) % 2 or pairs < 2:
        return [lines]
    for heading, body in zip(lines[::2], lines[1::2]):
        if not is_heading_like(heading.text) or is_heading_like(body.text) or body.words < LISTING_MIN_WORDS:
            return [lines]
    return [lines[i : i + 2] for i in range(0, len(lines), 2)]


def _document(doc_id: str, source_file: str, lines: list[Line], cleaned: Cleaned, meta: dict,
              encoding: str) -> Document:
    blocks: list[Block] = []
    parts: list[str] = []
    offset = 0
    for i, line in enumerate(lines):
        if i:
            parts.append("\n\n")
            offset += 2
        if is_heading_like(line.text):
            kind = "title" if i == 0 else "heading"
        else:
            kind = "paragraph"
        blocks.append(Block(offset, offset + len(line.text), kind, line.language))
        parts.append(line.text)
        offset += len(line.text)
    title = lines[0].text if blocks and blocks[0].kind == "title" else None
    # Metadata given for a whole file does not name the articles of a listing page: keep their own titles.
    if meta.get("title") and "#" not in doc_id:
        title = meta["title"]
    return Document(
        id=doc_id,
        source_file=source_file,
        text="".join(parts),
        blocks=tuple(blocks),
        title=title,
        publisher=meta.get("publisher"),
        author=meta.get("author"),
        date=meta.get("date"),
        language=meta.get("language") or cleaned.language,
        encoding=encoding,
        removed_share=cleaned.removed_share,
    )
