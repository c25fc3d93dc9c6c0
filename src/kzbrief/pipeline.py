"""The pipeline as plain function calls: corpus -> documents -> candidates -> Brief -> files.

The CLI is a thin face over `build`; tests and other programs call it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kzbrief.errors import KzbriefError, Skipped
from kzbrief.ingest import read_corpus
from kzbrief.model import Brief, Topic
from kzbrief.outputs import write_brief
from kzbrief.select import select_sentences
from kzbrief.summarize import summarize
from kzbrief.verify import verify_brief


@dataclass
class BuildResult:
    brief: Brief
    paths: list[Path]
    skipped: list[Skipped] = field(default_factory=list)


def make_brief(corpus_dir: Path, topic: Topic, *, max_items: int, language: str = "en",
               now: datetime | None = None) -> tuple[Brief, list[Skipped]]:
    """Read the corpus and summarize it on the topic. Raises KzbriefError when there is nothing to brief."""
    corpus = read_corpus(corpus_dir)
    if not corpus.documents:
        reasons = f" ({len(corpus.skipped)} file(s) skipped)" if corpus.skipped else ""
        raise KzbriefError(f"no readable articles in {corpus_dir}{reasons}")
    candidates = select_sentences(corpus.documents, topic)
    if not candidates:
        raise KzbriefError(f"no sentence in {corpus_dir} matches topic '{topic.name}' ({topic.title})")
    brief = summarize(corpus.documents, candidates, topic, max_items=max_items, language=language,
                      generated=now or datetime.now().astimezone())
    verify_brief(brief)
    return brief, corpus.skipped


def build(corpus_dir: Path, topic: Topic, *, formats: list[str], out_dir: Path, max_items: int,
          template_dir: Path | None = None, now: datetime | None = None) -> BuildResult:
    brief, skipped = make_brief(corpus_dir, topic, max_items=max_items, now=now)
    paths = write_brief(brief, formats, out_dir, template_dir)
    return BuildResult(brief, paths, skipped)
