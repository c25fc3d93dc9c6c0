"""A whole corpus folder read in memory, without an index (tests, benchmarks, `verify`'s fresh reading)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kzbrief.errors import KzbriefError, Skipped
from kzbrief.ingest.manifest import load_manifest
from kzbrief.ingest.process import process_bytes
from kzbrief.ingest.readers import UnreadableFile, corpus_files, read_bytes
from kzbrief.model import Document


@dataclass
class Corpus:
    root: Path
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def check_corpus_dir(root: Path) -> None:
    if not root.exists():
        raise KzbriefError(f"corpus directory not found: {root}")
    if not root.is_dir():
        raise KzbriefError(f"corpus is not a directory: {root}")


def read_corpus(root: Path) -> Corpus:
    """Read every article file under `root` into Documents, without an index."""
    check_corpus_dir(root)
    manifest = load_manifest(root)
    corpus = Corpus(root)
    for path in corpus_files(root):
        relative = path.relative_to(root).as_posix()
        try:
            processed = process_bytes(path, relative, read_bytes(path, root), manifest)
        except UnreadableFile as error:
            corpus.skipped.append(Skipped(relative, str(error)))
            continue
        corpus.documents.extend(processed.documents)
    return corpus
