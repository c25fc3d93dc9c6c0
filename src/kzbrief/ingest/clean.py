"""Boilerplate removal for scraped text: page chrome out, every real paragraph in.

Scraped pages keep one paragraph per line. Each line is judged by a list of small named rules (`LINE_RULES`), one
kind of page chrome each; then rules that need the neighbours (`CONTEXT_RULES`) run until nothing changes. The
word lists live apart as data (`chrome.py`), so a new site's chrome is a data change with a test, not new code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kzbrief.ingest import chrome
from kzbrief.text import detect_language

TERMINAL = re.compile(r"[.!?…][\"'”»’)\]]*$")
BULLETS = "•·▪●◦*-–—"


@dataclass
class Line:
    text: str  # whitespace-normalized
    raw_length: int
    language: str
    dropped_by: str | None = None

    def __post_init__(self) -> None:
        # Every rule asks for these; compute them once per line.
        self.words = self.text.count(" ") + 1 if self.text else 0
        self.heading_like = is_heading_like(self.text)

    @property
    def bare(self) -> str:
        """The line without list bullets, lower-cased: what menu and share rows are compared by."""
        return self.text.lstrip(BULLETS + " ").casefold()


def is_heading_like(text: str) -> bool:
    """Short and not ending like a sentence: titles, sub-headings, menu items, teaser titles."""
    stripped = text.rstrip()
    return len(stripped.split()) <= 25 and (not TERMINAL.search(stripped) or stripped.endswith("?"))


# --- line rules: each says whether one line is one kind of page chrome --------------------------------------------

def share_buttons(line: Line, language: str) -> bool:
    if line.words > 12:
        return False
    tokens = [t.strip(",|·•") for t in line.bare.split()]
    tokens = [t for t in tokens if t]
    return bool(tokens) and all(t in chrome.SHARE_WORDS for t in tokens) and (
        len(tokens) >= 2 or tokens[0] in chrome.SHARE_ALONE)


def currency_ticker(line: Line, language: str) -> bool:
    return bool(chrome.TICKER.match(line.text))


def read_also(line: Line, language: str) -> bool:
    return line.words <= 8 and bool(chrome.READ_ALSO.match(line.bare))


def photo_credit(line: Line, language: str) -> bool:
    return line.words <= 15 and bool(chrome.PHOTO_CREDIT.match(line.text))


def counter_or_timestamp(line: Line, language: str) -> bool:
    return bool(chrome.COUNTER.match(line.text))


def menu_or_login(line: Line, language: str) -> bool:
    return line.words <= 4 and line.bare.rstrip(":") in chrome.MENU_WORDS


def comment_prompt(line: Line, language: str) -> bool:
    return line.words <= 25 and bool(chrome.COMMENT_PROMPT.search(line.text))


def rights_notice(line: Line, language: str) -> bool:
    return line.words <= 40 and bool(chrome.RIGHTS.search(line.text))


def author_bio(line: Line, language: str) -> bool:
    return line.words <= 80 and bool(chrome.AUTHOR_DISCLAIMER.search(line.text))


def pagination(line: Line, language: str) -> bool:
    return line.words <= 10 and bool(chrome.PAGINATION.match(line.text))


def date_only(line: Line, language: str) -> bool:
    """A line that is only a date is page metadata (the date is read elsewhere), not article text."""
    return bool(chrome.DATE_ONLY.match(line.text))


def short_list_item(line: Line, language: str) -> bool:
    return line.text[:1] in BULLETS and line.words <= 5 and not TERMINAL.search(line.text)


def other_language_chrome(line: Line, language: str) -> bool:
    """A headline-like line in the other language: a sidebar, a byline widget ('Сергей Гармаш Exclusive').
    A real paragraph in the other language (a quotation, a summary) ends like a sentence and is kept."""
    return line.language != language and line.heading_like


LINE_RULES: list[Callable[[Line, str], bool]] = [
    share_buttons, currency_ticker, read_also, photo_credit, counter_or_timestamp, menu_or_login, comment_prompt,
    rights_notice, author_bio, pagination, date_only, short_list_item, other_language_chrome,
]


# --- context rules: judge a line by its neighbours ---------------------------------------------------------------

def teaser(lines: list[Line], i: int) -> bool:
    """'Read also' teasers: a short paragraph cut off with '...', and the title line just above it."""
    line = lines[i]
    if line.words < 80 and line.text.rstrip().endswith(("...", "…")):
        return True
    following = _neighbour(lines, i, +1)
    return following is not None and following.dropped_by == "teaser" and line.heading_like


def sandwiched_headline(lines: list[Line], i: int) -> bool:
    """A headline-like line between two lines of chrome is a link in a sidebar list, not a heading."""
    if i == _first_kept(lines):
        return False
    before, after = _neighbour(lines, i, -1), _neighbour(lines, i, +1)
    return (lines[i].heading_like and before is not None and before.dropped_by is not None
            and (after is None or after.dropped_by is not None))


def repeated_heading(lines: list[Line], i: int) -> bool:
    """The title printed again under the byline: the second copy goes."""
    if not lines[i].heading_like:
        return False
    text = lines[i].text.casefold()
    return any(line.dropped_by is None and line.heading_like and line.text.casefold() == text for line in lines[:i])


def trailing_heading(lines: list[Line], i: int) -> bool:
    """Heading-like lines after the last paragraph head nothing: an author sign-off, a widget title."""
    return lines[i].heading_like and i != _first_kept(lines) and not any(
        line.dropped_by is None and not line.heading_like for line in lines[i + 1 :])


CONTEXT_RULES: list[Callable[[list[Line], int], bool]] = [
    teaser, sandwiched_headline, repeated_heading, trailing_heading,
]


def _neighbour(lines: list[Line], i: int, step: int) -> Line | None:
    j = i + step
    return lines[j] if 0 <= j < len(lines) else None


def _first_kept(lines: list[Line]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.dropped_by is None), None)


# --- the door -----------------------------------------------------------------------------------------------------

@dataclass
class Cleaned:
    language: str
    kept: list[Line]
    dropped: list[Line] = field(default_factory=list)
    raw_chars: int = 0

    @property
    def removed_share(self) -> float:
        removed = sum(line.raw_length for line in self.dropped)
        return removed / self.raw_chars if self.raw_chars else 0.0


def clean_text(text: str, language: str | None = None, scraped: bool = True) -> Cleaned:
    """Split text into lines and, for scraped text, drop the page chrome. `language` defaults to the text's main
    language. Text that an extractor or an export already cleaned (`scraped=False`) keeps every line."""
    lines = [Line(" ".join(raw.split()), len(raw.strip()), detect_language(raw))
             for raw in text.splitlines() if raw.strip()]
    if language is None:
        language = _main_language(lines)
    if not scraped:
        return Cleaned(language=language, kept=lines, raw_chars=sum(line.raw_length for line in lines))
    for line in lines:
        line.dropped_by = next((rule.__name__ for rule in LINE_RULES if rule(line, language)), None)
    changed = True
    while changed:
        changed = False
        for i, line in enumerate(lines):
            if line.dropped_by is None:
                rule = next((r for r in CONTEXT_RULES if r(lines, i)), None)
                if rule is not None:
                    line.dropped_by = rule.__name__
                    changed = True
    return Cleaned(
        language=language,
        kept=[line for line in lines if line.dropped_by is None],
        dropped=[line for line in lines if line.dropped_by is not None],
        raw_chars=sum(line.raw_length for line in lines),
    )


def _main_language(lines: list[Line]) -> str:
    """The language holding most of the text (long lines weigh more than chrome)."""
    weight: dict[str, int] = {}
    for line in lines:
        weight[line.language] = weight.get(line.language, 0) + len(line.text)
    return max(weight, key=weight.get) if weight else "en"
