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
        if item.citations[0].text != item.text:
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
