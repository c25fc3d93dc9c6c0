"""Language, sentences, tokens and stems for English and Russian text.

Sentence boundaries come from razdel (the lowest error counts on Russian corpora, and offsets on every segment),
corrected by a short list of named rules in the razdel style: each rule looks at one candidate boundary and says
whether it is false. Stems come from the Snowball stemmers (snowballstemmer) for both languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import razdel
import snowballstemmer

from kzbrief.datelines import AGENCY_OPENING

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def detect_language(text: str, default: str = "en") -> str:
    """'ru' or 'en' by script: the product handles exactly these two, and script is decisive between them."""
    if not CYRILLIC.search(text):  # the common case, decided with one scan
        return "en" if LATIN.search(text) else default
    cyrillic = len(CYRILLIC.findall(text))
    latin = len(LATIN.findall(text))
    if cyrillic == latin == 0:
        return default
    return "ru" if cyrillic > latin else "en"


# --- tokens and stems -------------------------------------------------------------------------------------------

_STEMMERS = {"en": snowballstemmer.stemmer("english"), "ru": snowballstemmer.stemmer("russian")}


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, inner hyphens and apostrophes)."""
    return WORD.findall(text.lower().replace("’", "'"))


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Snowball stem of a lower-cased token, the stemmer chosen by the token's own script."""
    language = "ru" if CYRILLIC.search(token) else "en"
    if language == "en" and token.endswith("'s"):
        token = token[:-2]
    return _STEMMERS[language].stemWord(token.replace("ё", "е"))


# Function words, left out when comparing what two sentences say.
STOPWORDS = frozenset("""
a about after also an and are as at be been but by for from had has have he his in into is it its itself more
not of on or our over said she such than that the their them there these they this those to under was we were
which while who will with would
а в во для до же за и из или к как на не но о об от по при с со так также то что это этот его ее их он она они
""".split())


def content_stems(text: str) -> frozenset[str]:
    """The stems of a text's content words: what near-duplicate detection compares."""
    return frozenset(stem(t) for t in tokenize(text) if t not in STOPWORDS)


# --- sentences --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int


# Abbreviations after which razdel's English boundaries are false. Data, kept apart from the rules.
MONTH_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
TITLE_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "capt", "sgt", "gov", "sen", "rep", "st", "jr", "sr",
    "no", "vs", "messrs", "amb", "adm", "maj", "rev", "hon", "pres", "lt.-gen", "brig",
}

OPEN_QUOTES = "“«„"
CLOSE_QUOTES = "”»"
MAX_MERGED_WORDS = 120
_LAST_WORD = re.compile(r"([\w.-]+)\.\s*$")


def abbreviation_left(left: str, right: str) -> bool:
    """'on Nov. | 27 when...', 'Gen. | Keith Kellogg': the full stop belongs to an abbreviation."""
    match = _LAST_WORD.search(left)
    if not match:
        return False
    word = match.group(1).lower()
    if word in TITLE_ABBREVIATIONS:
        return True
    return word in MONTH_ABBREVIATIONS and right[:1].isdigit()


def lowercase_right(left: str, right: str) -> bool:
    """A sentence never starts in lower case: '... e.g. | the ...' is one sentence."""
    first = right.lstrip("\"'“«(")[:1]
    return first.isalpha() and first.islower()


def inside_quote(left: str, right: str) -> bool:
    """'“Challenges ... actions. | There is no justification.”': a quotation is quoted whole, never cut."""
    opened = sum(left.count(q) for q in OPEN_QUOTES) - sum(left.count(q) for q in CLOSE_QUOTES)
    if opened > 0:
        return True
    # Straight double quotes: an odd count means one is still open.
    return left.count('"') % 2 == 1


def agency_right(left: str, right: str) -> bool:
    """'MARIETTA, Ga. | (AP) -- Former ...': the place and the agency of a dateline stay with their sentence."""
    return bool(AGENCY_OPENING.match(right))


MERGE_RULES: list[Callable[[str, str], bool]] = [abbreviation_left, lowercase_right, inside_quote, agency_right]


# A heading glued to the first sentence after it ("Kazakhstan as a Mediator This brief ..."), which happens when a
# scraper drops line breaks. Only split where the next word is a typical sentence opener, so names are never cut.
HEADING_FUNCTION_WORDS = {"a", "an", "and", "as", "at", "for", "in", "of", "on", "or", "the", "to", "with", "vs"}
SENTENCE_OPENERS = {
    "This", "The", "These", "Those", "That", "It", "In", "Under", "At", "On", "Following", "After", "As", "With",
    "Since", "According", "For", "While", "When", "Despite", "By", "Over", "Meanwhile", "Earlier", "Last", "Today",
    "Yesterday", "However", "Although", "During", "Amid", "Before",
}


def glued_heading_end(sentence: str) -> int | None:
    """Offset where a glued Title Case heading ends and the real sentence starts, or None."""
    words = list(re.finditer(r"\S+", sentence))
    for k in range(2, min(len(words) - 2, 10)):
        head = [w.group() for w in words[:k]]
        if not all(w[0].isupper() or w.lower() in HEADING_FUNCTION_WORDS for w in head):
            return None
        if not head[-1][0].isupper() or any(ch in w for w in head for ch in ".,;:!?\"“”"):
            continue
        if words[k].group() in SENTENCE_OPENERS:
            return words[k].start()
    return None


def split_sentences(text: str, start: int = 0, end: int | None = None, language: str = "en") -> list[Span]:
    """Sentence spans of text[start:end], offsets into `text`, trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    pieces = [Span(start + s.start, start + s.stop) for s in razdel.sentenize(text[start:end])]
    merged: list[Span] = []
    for piece in pieces:
        if merged:
            left = text[merged[-1].start : merged[-1].end]
            right = text[piece.start : piece.end]
            if len((left + " " + right).split()) <= MAX_MERGED_WORDS and any(r(left, right) for r in MERGE_RULES):
                merged[-1] = Span(merged[-1].start, piece.end)
                continue
        merged.append(piece)
    return list(_split_glued_headings(text, merged, language))


def _split_glued_headings(text: str, spans: list[Span], language: str) -> Iterator[Span]:
    for span in spans:
        cut = glued_heading_end(text[span.start : span.end]) if language == "en" else None
        if cut is None:
            yield span
        else:
            head = text[span.start : span.start + cut].rstrip()
            yield Span(span.start, span.start + len(head))
            yield Span(span.start + cut, span.end)
