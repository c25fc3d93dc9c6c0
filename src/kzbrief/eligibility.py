"""Sentences never offered in a brief: each rule is a small named function that says yes to one kind of non-statement.

Rules run at ingest time too, so the index knows which sentences a brief may use (`sentences.rejected`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kzbrief.text import TITLE_ABBREVIATIONS

MIN_WORDS, MAX_WORDS = 6, 80


_TERMINAL = re.compile(r"[.!?…][\"'”»’)]*$")
_CLOSING = "\"'”»’) "


def too_short(text: str) -> bool:
    return len(text.split()) < MIN_WORDS


def too_long(text: str) -> bool:
    return len(text.split()) > MAX_WORDS


def cut_off(text: str) -> bool:
    """Teaser text or a sentence cut mid-way: '... encompassing political and...'."""
    return text.rstrip(_CLOSING).endswith(("...", "…"))


def not_a_sentence(text: str) -> bool:
    return not _TERMINAL.search(text)


def question(text: str) -> bool:
    """Questions are headlines and hooks, not findings."""
    return text.rstrip(_CLOSING).endswith("?")


def starts_mid_sentence(text: str) -> bool:
    first = text.lstrip("\"'“«(—– ")[:1]
    return first.isalpha() and first.islower()


def mostly_names(text: str) -> bool:
    """'Iran, Russia, Türkiye, Jordan, Lebanon and Iraq.': a list of names is not a statement."""
    separators = text.count(",") + len(_AND.findall(text))
    if separators < 4:
        return False
    words = [w.strip(",.;:()\"“”«»") for w in text.split()[1:]]
    words = [w for w in words if w and w.lower().rstrip(".") not in TITLE_ABBREVIATIONS]
    return len(words) >= 5 and sum(w[0].isupper() for w in words) / len(words) > 0.6


_AND = re.compile(r"\b(?:and|и)\b")


ELIGIBILITY_RULES: list[Callable[[str], bool]] = [
    too_short, too_long, cut_off, not_a_sentence, question, starts_mid_sentence, mostly_names,
]


def rejection(text: str) -> str | None:
    """The name of the first rule that keeps this sentence out of a brief, or None."""
    return next((rule.__name__ for rule in ELIGIBILITY_RULES if rule(text)), None)
