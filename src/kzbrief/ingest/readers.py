"""Readers: turn one corpus file into decoded text, or say exactly why it cannot be read.

One reader per format (Pelican's readers.py shape). The walking skeleton reads scraped text (.txt, .md);
HTML and JSONL exports come with the ingestion issue.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 20 * 1024 * 1024  # a news article is kilobytes; a 20 MB "article" is a mistake or an attack
TEXT_SUFFIXES = {".txt", ".md"}
# Files that live in a corpus folder but are not articles: read by other stages, or ignored on purpose.
NOT_ARTICLES = {"manifest.toml", "topics.toml", "kzbrief.toml", "README", "README.md", ".gitkeep"}


class UnreadableFile(Exception):
    """The file is not a readable article; the message is the reason shown to the user."""


@dataclass(frozen=True)
class RawText:
    path: Path
    text: str
    encoding: str


def corpus_files(corpus: Path) -> Iterator[Path]:
    """Every candidate file under `corpus`, in a stable order, skipping hidden files and folders."""
    for path in sorted(corpus.rglob("*")):
        relative = path.relative_to(corpus)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.name not in NOT_ARTICLES:
            yield path


def decode(data: bytes) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding). Raises UnreadableFile with the reason."""
    if not data.strip():
        raise UnreadableFile("empty file")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise UnreadableFile(f"not valid {encoding.upper()} despite its byte-order mark ({error.reason})")
    if b"\x00" in data[:4096]:
        raise UnreadableFile("binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"not valid UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})")


def read_text_file(path: Path) -> RawText:
    """Read a scraped-text article (.txt/.md)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFile(f"too large ({size / 1024 / 1024:.0f} MB; the limit is "
                                 f"{MAX_FILE_BYTES // 1024 // 1024} MB)")
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror or error})")
    text, encoding = decode(data)
    if "\x00" in text:
        raise UnreadableFile("binary data, not text")
    return RawText(path, text, encoding)


READERS = {suffix: read_text_file for suffix in TEXT_SUFFIXES}


def read_file(path: Path) -> RawText:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFile(f"unsupported file type '{path.suffix or path.name}' (readable: "
                             f"{', '.join(sorted(READERS))})")
    return reader(path)
