"""Language, sentences, tokens and stems for English and Russian text.

Sentence boundaries come from razdel (the lowest error counts on Russian corpora, and offsets on every segment),
corrected for English by a short list of named rules in the razdel style: each rule looks at one candidate
boundary and says whether it is false. English stems come from the Snowball stemmer (snowballstemmer). Russian
words are reduced to their dictionary form by pymorphy3 (OpenCorpora's dictionaries), because Snowball splits the
forms of a name: Лавров/Лаврова, Токаев/Токаева, Байден/Байдену. A capitalised word is read as a name where it can
be one (`russian_stem`), so every case of a surname comes to the same form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

import razdel
import snowballstemmer

from kzbrief.datelines import AGENCY_OPENING
from kzbrief.lexicon import (HEADING_FUNCTION_WORDS, MONTH_ABBREVIATIONS, RUSSIAN_NUMBERS,  # noqa: F401
                             RUSSIAN_STOP_LEMMAS, STOPWORDS, TITLE_ABBREVIATIONS)

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

_ENGLISH = snowballstemmer.stemmer("english")
_RUSSIAN = snowballstemmer.stemmer("russian")  # only for the index search's prefixes (`search_root`)


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, inner hyphens and apostrophes). The full-text index is built of
    them and forgets a row by being told them again: any change here bumps store.TOKENIZER_VERSION."""
    return WORD.findall(text.lower().replace("’", "'"))


# Russian compound prepositions: the noun in them is no content word ('в отношении которых' is 'regarding', not
# 'relations'; 'в ходе', 'в рамках', 'за счёт'). It gets a stem of its own, marked, that no query word matches.
COMPOUND_PREPOSITIONS = {
    "в": {"отношение", "связь", "ход", "рамка", "течение", "качество", "цель", "результат", "сила", "адрес"},
    "во": {"время", "избежание"}, "по": {"отношение", "мера", "поводу", "повод"}, "за": {"счет"},
    "со": {"сторона"}, "с": {"целью", "цель"}, "на": {"протяжение"},
}
PREPOSITION_MARK = "~"


def stems_of(text: str, sentence: bool = True) -> list[str]:
    """The stem of each token of `tokenize(text)`, in order. A Russian word's capital letter counts (a name),
    except on the first word of a sentence, where every word has one (a query or pattern is no sentence). The noun
    of a Russian compound preposition is marked (COMPOUND_PREPOSITIONS)."""
    return _words(text, sentence)[1]


def tokens_and_stems(text: str) -> tuple[list[str], list[str]]:
    """`(tokenize(text), stems_of(text))` in one pass over the words (ingest does this for every sentence). The
    same lists, always: a text holding 'İ', the one letter whose lower case is two characters (and so splits a
    token), is tokenized by `tokenize` itself."""
    if "İ" in text:
        return tokenize(text), stems_of(text)
    return _words(text, True)


def _words(text: str, sentence: bool) -> tuple[list[str], list[str]]:
    """Each word's lower case and stem, each word as written looked up once per process (`_WORDS`)."""
    tokens: list[str] = []
    stems: list[str] = []
    previous = ""
    known = _WORDS
    if len(known) > 200_000:  # a bound on memory (as stem()'s cache); words recur, so this rarely happens
        known.clear()
    for k, word in enumerate(WORD.findall(text.replace("’", "'"))):
        key = (word, sentence and k == 0)
        found = known.get(key)
        if found is None:
            capital = 0 if not word[:1].isupper() else 2 if key[1] else 1
            lower = word.lower()
            found = known[key] = (lower, stem(lower, capital), capital)
        lower, word_stem, capital = found
        if not capital and previous in COMPOUND_PREPOSITIONS and word_stem in COMPOUND_PREPOSITIONS[previous]:
            word_stem = PREPOSITION_MARK + word_stem
        tokens.append(lower)
        stems.append(word_stem)
        previous = lower
    return tokens, stems


_WORDS: dict[tuple[str, bool], tuple[str, str, int]] = {}  # a word as written (and whether it opens) -> its parts


def search_root(word: str) -> str:
    """The prefix an index search finds a word's forms by: what its Snowball stem shares with it ('policy' ->
    'polic', 'военный' -> 'военн'): a dictionary form is no prefix of the other forms."""
    import os

    snowball = _RUSSIAN.stemWord(word.replace("ё", "е")) if CYRILLIC.search(word) else stem(word)
    return os.path.commonprefix([snowball, word.replace("ё", "е")]) or snowball


def ascii_stem(token: str) -> str:
    """The stem of a lower-cased ASCII word: its English stem, the same wherever it stands (the index does not
    store it; reading a sentence computes it again, from a cache)."""
    found = _ASCII_STEMS.get(token)
    if found is None:
        if len(_ASCII_STEMS) > 200_000:  # a bound on memory, as stem()'s
            _ASCII_STEMS.clear()
        found = _ASCII_STEMS[token] = stem(token)
    return found


_ASCII_STEMS: dict[str, str] = {}


@lru_cache(maxsize=200_000)
def stem(token: str, capitalized: int = 0) -> str:
    """The comparison form of a lower-cased token: its Snowball stem in English, its dictionary form in Russian
    (`russian_stem`; `capitalized` 1 for a capital inside a text, 2 for one that opens a sentence)."""
    if CYRILLIC.search(token):
        return russian_stem(token, capitalized)
    if token.endswith("'s"):
        token = token[:-2]
    return _ENGLISH.stemWord(token)


@lru_cache(maxsize=1)
def _morphology():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


_NAME_TAGS = {"Surn", "Name", "Patr", "Geox", "Orgn"}
_SURNAME = re.compile(r"^(\w{2,}(?:ов|ев|ин|ын))(?:а|у|ым|ом|е|ой|ою|ых|ыми|ы)?$")
_CASE_ENDING = re.compile(r"^(\w{3,}?)(?:ами|ями|ом|ем|ой|ей|ою|ах|ях|а|я|у|ю|е|и|ы)$")


def russian_stem(token: str, capitalized: int = 0) -> str:
    """A Russian word's dictionary form (pymorphy3's most likely reading). A word with a capital inside a text
    (`capitalized` 1) is read as a name where it can be one: a surname the dictionary knows (in its masculine
    form, so Захарова and Захаров meet); else a surname shape (-ов, -ев, -ин with a case ending: Токаев, Токаеву);
    else another name the dictionary knows (first name, patronymic, place, organisation); else, for a word it does
    not know (Шольца, Байдену), the word without its case ending. A capital that opens a sentence (2) says less:
    only a surname the dictionary knows, or a word it does not know, is read so."""
    word = token.replace("ё", "е")
    parses = _morphology().parse(word)
    if capitalized:
        for parse in parses:
            if "Surn" in parse.tag.grammemes:
                return _masculine(parse).replace("ё", "е")
        shape = _SURNAME.match(word)
        if shape and (capitalized == 1 or _plural_genitive_only(word, parses)):
            return shape.group(1)
        for parse in parses:
            if capitalized == 1 and _NAME_TAGS & parse.tag.grammemes:
                return _masculine(parse).replace("ё", "е")
        if parses and not parses[0].is_known:
            if shape:
                return shape.group(1)
            ending = _CASE_ENDING.match(word)
            return ending.group(1) if ending else word
    return (parses[0].normal_form if parses else word).replace("ё", "е")


def may_be_name(word: str) -> bool:
    """Whether a capitalised word that opens a sentence may be a name: always in English (no dictionary says
    otherwise); in Russian, when the dictionary reads it as a name, or does not know it ('Сборная', 'Отношения':
    no; 'Лавров', 'Казахстан', 'Байден': yes)."""
    if not CYRILLIC.search(word):
        return True
    lower = word.lower().replace("ё", "е")
    return bool(_SURNAME.match(lower)) or any(
        not p.is_known or _NAME_TAGS & p.tag.grammemes for p in _morphology().parse(lower))


def _plural_genitive_only(word: str, parses) -> bool:
    """'Токаев' opening a sentence: the dictionary reads it only as a plural genitive (of 'токай'), which a
    capitalised word ending in -ов/-ев/-ин almost never is; a surname it is."""
    return bool(parses) and word.endswith(("ов", "ев", "ин")) and all(
        {"plur", "gent"} <= p.tag.grammemes for p in parses if p.is_known)


def _masculine(parse) -> str:
    """A feminine surname's masculine form (Захарова -> захаров), any other name's dictionary form."""
    form = parse.normal_form
    if "Surn" in parse.tag.grammemes and "femn" in parse.tag.grammemes:
        masculine = parse.inflect({"masc", "nomn"})
        if masculine is not None:
            return masculine.word
        if form.endswith(("ова", "ева", "ина", "ына")):
            return form[:-1]
    return form




def content_stems(text: str) -> frozenset[str]:
    """The stems of a text's content words: what near-duplicate detection compares."""
    stems = set()
    for token, token_stem in zip(tokenize(text), stems_of(text)):
        if token in STOPWORDS or token_stem in RUSSIAN_STOP_LEMMAS or token_stem.startswith(PREPOSITION_MARK):
            continue
        stems.add(RUSSIAN_NUMBERS.get(token_stem, token_stem))
    return frozenset(stems)


# --- sentences --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int




OPEN_QUOTES = "“«„"
CLOSE_QUOTES = "”»"
MAX_MERGED_WORDS = 120
_LAST_WORD = re.compile(r"([\w.-]+)\.\s*$")


def _last_word(left: str) -> str | None:
    """The word before the full stop that ends `left` ('Nov', 'U.S', 'lt.-gen'), or None. Sought in the last 64
    characters (a `$`-anchored search would try every position of the whole side), and in all of it only when the
    word reaches back to the start of those."""
    stripped = left.rstrip()
    if not stripped.endswith("."):
        return None
    window = stripped[-64:]
    match = _LAST_WORD.search(window)
    if match and match.start() == 0 and len(window) < len(stripped):
        match = _LAST_WORD.search(stripped)
    return match.group(1) if match else None


def abbreviation_left(left: str, right: str) -> bool:
    """'on Nov. | 27 when...', 'Gen. | Keith Kellogg': the full stop belongs to an abbreviation."""
    word = _last_word(left)
    if word is None:
        return False
    word = word.lower()
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


# Russian abbreviations razdel's own table lacks, after which its boundaries are false ('прим. ТАСС').
RUSSIAN_ABBREVIATIONS = {"прим"}


def russian_abbreviation_left(left: str, right: str) -> bool:
    """'(по трем веществам - прим. | ТАСС)': the full stop belongs to an abbreviation."""
    word = _last_word(left)
    return word is not None and word.lower() in RUSSIAN_ABBREVIATIONS


def agency_right(left: str, right: str) -> bool:
    """'MARIETTA, Ga. | (AP) -- Former ...': the place and the agency of a dateline stay with their sentence."""
    return bool(AGENCY_OPENING.match(right))


MERGE_RULES: list[Callable[[str, str], bool]] = [abbreviation_left, lowercase_right, inside_quote, agency_right]
# Russian text keeps razdel's own boundaries (made and measured for Russian: bench/split_ru.py), which cut a
# quotation of several sentences into its sentences; a sentence that starts inside a quotation is marked instead
# (`quote_depths`), and a brief shows it with the sentence before it or not at all.
MERGE_RULES_RU: list[Callable[[str, str], bool]] = [russian_abbreviation_left, agency_right]
# Where an export glued two lines with a literal "n" ('клуба.n2:0 к перерыву'), razdel sees no boundary.
_GLUED_BREAK = re.compile(r"[.!?…][»\"”]?(?=n+[А-ЯЁ0-9«])")


# A heading glued to the first sentence after it ("Kazakhstan as a Mediator This brief ..."), which happens when a
# scraper drops line breaks. Only split where the next word is a typical sentence opener, so names are never cut.

SENTENCE_OPENERS = {
    "This", "The", "These", "Those", "That", "It", "In", "Under", "At", "On", "Following", "After", "As", "With",
    "Since", "According", "For", "While", "When", "Despite", "By", "Over", "Meanwhile", "Earlier", "Last", "Today",
    "Yesterday", "However", "Although", "During", "Amid", "Before",
}


_NON_SPACE = re.compile(r"\S+")


def glued_heading_end(sentence: str) -> int | None:
    """Offset where a glued Title Case heading ends and the real sentence starts, or None."""
    words = list(islice(_NON_SPACE.finditer(sentence), 12))  # enough to decide: k stays under min(len - 2, 10)
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
    rules = MERGE_RULES_RU if language == "ru" else MERGE_RULES
    merged: list[Span] = []
    for piece in pieces:
        if merged:
            left = text[merged[-1].start : merged[-1].end]
            right = text[piece.start : piece.end]
            if any(r(left, right) for r in rules) and len(left.split()) + len(right.split()) <= MAX_MERGED_WORDS:
                merged[-1] = Span(merged[-1].start, piece.end)
                continue
        merged.append(piece)
    if language == "ru":
        merged = [piece for span in merged for piece in _split_glued_breaks(text, span)]
    return list(_split_glued_headings(text, merged, language))


def _split_glued_breaks(text: str, span: Span) -> list[Span]:
    cuts = [m.end() for m in _GLUED_BREAK.finditer(text, span.start, span.end)]
    bounds = [span.start, *cuts, span.end]
    return [Span(a, b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


_QUOTE_PAIRS = {"«": "»", "„": "“", "“": "”"}


def quote_depths(text: str, spans: list[Span]) -> list[bool]:
    """For each span (in order, in one paragraph of `text`), whether it starts inside a quotation that an earlier
    span opened: «..», „..“, “..” and straight double quotes, counted from the first span on."""
    inside, expected, straight = [], [], False
    at = spans[0].start if spans else 0
    for span in spans:
        for match in _QUOTE_MARK.finditer(text, at, span.start):  # only quotation marks change the depth
            expected, straight = _quote_step(match.group(), expected, straight)
        inside.append(bool(expected) or straight)
        for match in _QUOTE_MARK.finditer(text, span.start, span.end):
            expected, straight = _quote_step(match.group(), expected, straight)
        at = span.end
    return inside


_QUOTE_MARK = re.compile("[" + re.escape("".join(set(_QUOTE_PAIRS) | set(_QUOTE_PAIRS.values()) | {'"'})) + "]")


def _quote_step(char: str, expected: list[str], straight: bool) -> tuple[list[str], bool]:
    if expected and char == expected[-1]:
        return expected[:-1], straight
    if char in _QUOTE_PAIRS:
        return expected + [_QUOTE_PAIRS[char]], straight
    if char == '"':
        return expected, not straight
    return expected, straight


def _split_glued_headings(text: str, spans: list[Span], language: str) -> Iterator[Span]:
    for span in spans:
        cut = glued_heading_end(text[span.start : span.end]) if language == "en" else None
        if cut is None:
            yield span
        else:
            head = text[span.start : span.start + cut].rstrip()
            yield Span(span.start, span.start + len(head))
            yield Span(span.start + cut, span.end)
