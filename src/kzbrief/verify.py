"""Faithfulness check: every citation quotes its source exactly, and every item is the text of its first citation."""

from __future__ import annotations

from kzbrief.errors import KzbriefError
from kzbrief.model import Brief


def brief_mismatches(brief: Brief) -> list[str]:
    """One line per problem: a citation whose span is not its text, or an item that is not its first citation."""
    texts = {source.doc_id: source.text for source in brief.sources}
    problems = []
    for number, item in enumerate(brief.items, start=1):
        if not item.citations:
            problems.append(f"item {number} has no citation")
            continue
        if item.citations[0].text != item.quoted:
            problems.append(f"item {number} is not the sentence its first citation quotes")
        for citation in item.citations:
            text = texts.get(citation.doc_id)
            if text is None:
                problems.append(f"item {number} cites {citation.doc_id}, which is not among the sources")
            elif text[citation.start:citation.end] != citation.text:
                problems.append(f"item {number}: {citation.source_file} has other text at "
                                f"{citation.start}-{citation.end}")
    return problems


def verify_brief(brief: Brief) -> None:
    problems = brief_mismatches(brief)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise KzbriefError(f"brief failed verification: {problems[0]}{more}")


def verify_json(data: dict, corpus_dir) -> tuple[list[str], int]:
    """Re-check a brief's JSON against the corpus files themselves (read afresh, not from the index).
    Returns (problems, number of citations checked)."""
    from pathlib import Path

    from kzbrief.ingest import process_bytes, read_bytes
    from kzbrief.ingest.manifest import load_manifest
    from kzbrief.ingest.readers import UnreadableFile

    corpus_dir = Path(corpus_dir)
    manifest = load_manifest(corpus_dir)
    try:
        sources = {s["n"]: s for s in data["sources"]}
        items = [item for section in data["sections"] for item in section["items"]]
    except (KeyError, TypeError):
        raise KzbriefError("not a kzbrief brief (no sections or sources)")
    texts: dict[str, str | None] = {}
    problems, checked = [], 0
    for number, item in enumerate(items, start=1):
        citations = item.get("citations") or []
        if not citations:
            problems.append(f"item {number} has no citation")
            continue
        if citations[0].get("text") != item.get("original", item.get("text")):
            problems.append(f"item {number} is not the sentence its first citation quotes")
        for citation in citations:
            checked += 1
            source = sources.get(citation.get("source"))
            if source is None or source.get("doc_id") != citation.get("doc_id"):
                problems.append(f"item {number} cites source {citation.get('source')}, which the brief does not list")
                continue
            file = citation["source_file"]
            if file not in texts:
                try:
                    path = corpus_dir / file
                    documents = process_bytes(path, file, read_bytes(path, corpus_dir), manifest).documents
                    texts.update({d.id: d.text for d in documents})
                    texts.setdefault(file, "")
                except UnreadableFile as error:
                    texts[file] = None
                    problems.append(f"{file}: {error}")
            text = texts.get(citation["doc_id"])
            if text is None:
                if texts.get(file) is not None:
                    problems.append(f"item {number}: {citation['doc_id']} is no longer in {file}")
                continue
            if text[citation["start"]:citation["end"]] != citation.get("text"):
                moved = text.find(citation.get("text") or "\0")
                where = (f" (the sentence itself is still there, now at {moved}-{moved + len(citation['text'])}: "
                         "the file changed before it)" if moved >= 0 else " (the sentence is no longer in it)")
                problems.append(f"item {number}: {file} has other text at {citation['start']}-{citation['end']}"
                                f"{where}")
    return problems, checked
