"""Faithfulness check: every citation quotes its source exactly, and every item is the text of its first citation.

A brief carries its quotes and each source's fingerprint (SHA-256 and length of its cleaned text, quotes.py), not
the sources themselves. Against the corpus, `verify_json` reads each cited file afresh and checks that the source
is the one the brief was built from (same fingerprint) and that every quote stands at its offsets. Without the
corpus, `brief_consistency` checks what the brief alone can show: that items, citations and sources agree, that
offsets fit, and, in a brief that embeds its sources (`--embed-sources`, or a brief of format 1), that the quotes
stand in those texts; not that the corpus still says so.
"""

from __future__ import annotations

import hashlib

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
            if citation.doc_id not in texts:
                problems.append(f"item {number} cites {citation.doc_id}, which is not among the sources")
            elif text is not None and text[citation.start:citation.end] != citation.text:  # None: not carried
                problems.append(f"item {number}: {citation.source_file} has other text at "
                                f"{citation.start}-{citation.end}")
    return problems


def verify_brief(brief: Brief) -> None:
    problems = brief_mismatches(brief)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise KzbriefError(f"brief failed verification: {problems[0]}{more}")


# --- a brief's data (its JSON) -------------------------------------------------------------------------------------

def _parts(data: dict) -> tuple[dict[int, dict], list[dict]]:
    try:
        sources = {s["n"]: s for s in data["sources"]}
        items = [item for section in data["sections"] for item in section["items"]]
    except (KeyError, TypeError):
        raise KzbriefError("not a kzbrief brief (no sections or sources)")
    return sources, items


def _quotes(citation: dict) -> list[tuple[str, dict]]:
    """The spans a citation quotes: the sentence itself, and the sentences around it when the brief gives them."""
    context = citation.get("context") or {}
    return [("", citation), *((f" ({side} context)", context[side]) for side in ("before", "after")
                              if isinstance(context.get(side), dict))]


def brief_consistency(data: dict) -> tuple[list[str], int]:
    """What a brief's data shows about itself, without the corpus: (problems, citations checked)."""
    sources, items = _parts(data)
    problems, checked = [], 0
    for number, source in sources.items():
        text = source.get("document_text")
        if text is not None and source.get("text_sha256") and _sha256(text) != source["text_sha256"]:
            problems.append(f"source {number} ({source.get('source_file')}): its embedded text is not the one "
                            "its SHA-256 names")
    markdown = bool(data.get("markdown"))  # citations without their quotes: the corpus alone can show them
    for number, item in enumerate(items, start=1):
        name = item_name(number, item)
        citations = item.get("citations") or []
        if not citations:
            problems.append(f"{name} has no citation")
            continue
        if not markdown and citations[0].get("text") != item.get("original", item.get("text")):
            problems.append(f"{name} is not the sentence its first citation quotes")
        for citation in citations:
            checked += 1
            source = sources.get(citation.get("source"))
            if source is None or source.get("doc_id") != citation.get("doc_id"):
                problems.append(f"{name} cites source {citation.get('source')}, which the brief does not list")
                continue
            for what, span in [] if markdown else _quotes(citation):
                problem = _span_problem(span, source)
                if problem:
                    problems.append(f"{name}{what}: {citation.get('source_file')} {problem}")
    return problems, checked


def item_name(number: int, item: dict) -> str:
    """'item 3 (“Kazakhstan has offered …”)': by its place and its opening words, which stay the same when an
    edit moves it."""
    words = str(item.get("original") or item.get("text") or item.get("body") or "").split()
    opening = " ".join(words[:6]) + (" …" if len(words) > 6 else "")
    return f"item {number} (“{opening}”)" if opening else f"item {number}"


def _span_problem(span: dict, source: dict) -> str | None:
    """Why a quoted span cannot be what it says it is, from the brief alone; None when it may be."""
    start, end, text = span.get("start"), span.get("end"), span.get("text")
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(text, str)):
        return "has a citation without offsets and text"
    if not 0 <= start <= end or end - start != len(text):
        return f"has offsets {start}-{end} that do not fit the {len(text)} characters quoted"
    length = source.get("text_length")
    if isinstance(length, int) and end > length:
        return f"has offsets {start}-{end} beyond its text's {length} characters"
    embedded = source.get("document_text")
    if embedded is not None and embedded[start:end] != text:
        return f"has other text at {start}-{end} in the text the brief embeds"
    return None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify_json(data: dict, corpus_dir) -> tuple[list[str], int]:
    """Re-check a brief's JSON against the corpus files themselves (read afresh, not from the index): each source
    must be the text the brief was built from (its SHA-256, when the brief records one), each quote at its
    offsets. Returns (problems, number of citations checked)."""
    from pathlib import Path

    from kzbrief.ingest import process_bytes, read_bytes
    from kzbrief.ingest.manifest import load_manifest
    from kzbrief.ingest.readers import UnreadableFile

    problems, checked = brief_consistency(data)
    sources, items = _parts(data)
    corpus_dir = Path(corpus_dir)
    manifest = load_manifest(corpus_dir)
    texts: dict[str, str | None] = {}
    changed: set[int] = set()
    for number, item in enumerate(items, start=1):
        name = item_name(number, item)
        for index, citation in enumerate(item.get("citations") or []):
            source = sources.get(citation.get("source"))
            if source is None or source.get("doc_id") != citation.get("doc_id"):
                continue  # said by brief_consistency
            file = citation.get("source_file") or source.get("source_file")
            if file not in texts:
                path = corpus_dir / file
                try:
                    if not path.exists() and not path.is_symlink():
                        raise UnreadableFile("missing")
                    documents = process_bytes(path, file, read_bytes(path, corpus_dir), manifest).documents
                    texts.update({d.id: d.text for d in documents})
                    texts.setdefault(file, "")
                except UnreadableFile as error:
                    texts[file] = None
                    problems.append(f"source {source['n']} ({file}) is missing from {corpus_dir}"
                                    if str(error) == "missing" else f"{file}: {error}")
            text = texts.get(citation["doc_id"])
            if text is None:
                if texts.get(file) is not None:
                    problems.append(f"{name}: {citation['doc_id']} is no longer in {file}")
                continue
            recorded = source.get("text_sha256")
            if recorded and source["n"] not in changed and _sha256(text) != recorded:
                changed.add(source["n"])
                problems.append(f"source {source['n']} ({file}) changed since the brief was built (its text's "
                                "SHA-256 differs)")
            if "body" in item:  # a Markdown brief: the item must hold the sentence its first citation points to
                start, end = citation.get("start"), citation.get("end")
                quote = " ".join(text[start:end].split()) if isinstance(start, int) and isinstance(end, int) else ""
                if index == 0 and (not quote or quote not in item["body"]):
                    problems.append(f"{name}: {file} has other text at {start}-{end} than the item")
                continue
            for what, span in _quotes(citation):
                if not (isinstance(span.get("start"), int) and isinstance(span.get("end"), int)):
                    continue  # said by brief_consistency
                if text[span["start"]:span["end"]] != span.get("text"):
                    moved = text.find(span.get("text") or "\0")
                    where = (f" (the sentence itself is still there, now at {moved}-{moved + len(span['text'])}: "
                             "the file changed before it)" if moved >= 0 else " (the sentence is no longer in it)")
                    problems.append(f"{name}{what}: {file} has other text at {span['start']}-{span['end']}"
                                    f"{where}")
    return problems, checked
