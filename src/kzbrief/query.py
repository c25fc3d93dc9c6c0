"""What a topic asks for: the concepts a sentence must speak of to answer it, each a keyword pattern.

A topic of topics.toml lists its patterns: each is one concept and one aspect (the facets the topic's author
named: "Astana process", "Baku and Yerevan", "Security Council"). A free-text query
(`--query`, or a topic statement such as "Describe the activities of Morris Dees and the Southern Poverty Law
Center. Include ...") is read as a person reads it:

- quoted text and runs of capitalised words ("West Bank", "Nord Stream", "Southern Poverty Law Center") stay
  phrases: "West" alone is not "West Bank". Each word of such a phrase is a concept of its own too, at half
  weight, so "Dees" still speaks of "Morris Dees";
- instruction and question words ("describe", "include information on", "what", "опишите", "какие") and function
  words are dropped: they say how to answer, not what about;
- each sentence of a statement (and each part between semicolons) is an aspect; the summary covers every aspect
  before it says more on any one.

Concepts are weighted by their rarity in the collection when sentences are scored (select.py).

Pattern syntax: words separated by spaces, matched case-insensitively against consecutive words of a sentence;
a plain word matches by its Snowball stem ("mediator" also matches "mediators"); a word ending in "*" matches any
word that starts with it ("negotiat*" matches "negotiations").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kzbrief.model import Topic
from kzbrief.lexicon import FUNCTION_WORDS, INSTRUCTION_WORDS  # noqa: F401  (FUNCTION_WORDS: select's too)
from kzbrief.text import CYRILLIC, may_be_name, split_sentences, stem, stems_of, tokenize

PART_WEIGHT = 0.5  # a word of a phrase, found without the rest of the phrase




# --- patterns -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pattern:
    text: str
    words: tuple[tuple[str, bool], ...]  # (stem, or prefix when the flag is set)
    surfaces: tuple[str, ...] = ()  # the words as written (lower-cased), for the full-text prefilter
    # For a word that may be a name or not (a Russian query word in lower case: 'токаев'), every stem it may have;
    # empty: the stems of `words` alone.
    alternatives: tuple[frozenset[str], ...] = ()

    def _stems(self, j: int) -> frozenset[str] | None:
        return self.alternatives[j] if self.alternatives and self.alternatives[j] else None

    @property
    def search_words(self) -> list[tuple[str, bool, str]]:
        return [(w, p, s) for (w, p), s in zip(self.words, self.surfaces or [w for w, _ in self.words])]

    @property
    def key(self) -> str:
        return " ".join(f"{w}{'*' if p else ''}" for w, p in self.words)

    def count(self, tokens: list[str], token_stems: list[str], positions: dict[str, list[int]] | None = None) -> int:
        """How often the pattern occurs in a sentence. `positions` (stem -> indexes, from `stem_positions`)
        lets a pattern that starts with a plain word jump straight to where that word stands."""
        n = len(self.words)
        first, first_is_prefix = self.words[0]
        forms = self._stems(0) or {first}
        if first_is_prefix:
            starts = [i for i, token in enumerate(tokens) if token.startswith(first)]
        elif positions is not None:
            starts = sorted(i for form in forms for i in positions.get(form, []))
        else:
            starts = [i for i, s in enumerate(token_stems) if s in forms]
        if n == 1:
            return len(starts)
        found = 0
        for i in starts:
            if i + n <= len(tokens) and all(
                    (tokens[i + j].startswith(w) if prefix else token_stems[i + j] in (self._stems(j) or {w}))
                    for j, (w, prefix) in enumerate(self.words[1:], start=1)):
                found += 1
        return found


def stem_positions(token_stems: list[str]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for i, s in enumerate(token_stems):
        positions.setdefault(s, []).append(i)
    return positions


@lru_cache(maxsize=4096)
def compile_pattern(text: str) -> Pattern:
    """A pattern's words and their stems. A Russian word in lower case may still be a name ('токаев' for
    Токаев): it matches the stem of either reading."""
    words: list[tuple[str, bool]] = []
    surfaces: list[str] = []
    alternatives: list[frozenset[str]] = []
    for piece in text.split():
        tokens, stems = tokenize(piece), stems_of(piece, sentence=False)
        for k, (token, token_stem) in enumerate(zip(tokens, stems)):
            is_prefix = piece.endswith("*") and k == len(tokens) - 1
            words.append((token if is_prefix else token_stem, is_prefix))
            surfaces.append(token.replace("ё", "е"))
            both = frozenset({token_stem, stem(token, 1)}) if not is_prefix and CYRILLIC.search(token) else frozenset()
            alternatives.append(both if len(both) > 1 else frozenset())
    return Pattern(text, tuple(words), tuple(surfaces), tuple(alternatives) if any(alternatives) else ())


# --- concepts -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Concept:
    pattern: Pattern
    aspects: frozenset[int]  # the parts of the topic statement it comes from
    share: float = 1.0  # PART_WEIGHT for a word of a phrase

    @property
    def text(self) -> str:
        return self.pattern.text


@dataclass(frozen=True)
class Query:
    concepts: tuple[Concept, ...]
    aspects: int  # how many aspects the statement has (1 for a keyword list)


def understand(topic: Topic) -> Query:
    """The topic's concepts: from its free-text statement when it has one, else one per keyword pattern."""
    if topic.statement:
        return read_statement(topic.statement)
    found: dict[str, Concept] = {}
    for patterns in topic.patterns.values():
        for text in patterns:
            pattern = compile_pattern(text)
            if pattern.words and pattern.key not in found:
                found[pattern.key] = Concept(pattern, frozenset({len(found)}))
    return Query(tuple(found.values()), len(found))


_QUOTED = re.compile(r"[“\"«„]([^”\"»“]{2,80})[”\"»“]")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def _content(word: str) -> bool:
    lower = word.lower()
    return len(lower) > 1 and lower not in FUNCTION_WORDS and lower not in INSTRUCTION_WORDS


def _parts(text: str) -> list[tuple[str, list[str], list[str]]]:
    """Each aspect of a statement: (its text, its phrases, its words), in order."""
    pieces = []
    for span in split_sentences(text):
        pieces += [p for p in re.split(r";", text[span.start:span.end]) if p.strip()]
    aspects = []
    for piece in pieces or [text]:
        phrases = [" ".join(q.split()) for q in _QUOTED.findall(piece)]
        rest = _QUOTED.sub(" , ", piece)
        words = _WORD.findall(rest)
        singles: list[str] = []
        run: list[str] = []

        def close_run() -> None:
            content = [w for w in run if _content(w)]
            if len(run) >= 2 and len(content) >= 2:
                phrases.append(" ".join(run))
            else:
                singles.extend(content)
            run.clear()

        for k, word in enumerate(words):
            # The first word has its capital by convention: in Russian it starts a name only if it may be one
            # ('Сборная России по хоккею' is no phrase 'Сборная России').
            if word[:1].isupper() and word.lower() not in INSTRUCTION_WORDS and (k or may_be_name(word)):
                run.append(word)
            else:
                close_run()
                if _content(word):
                    singles.append(word)
        close_run()
        aspects.append((piece, phrases, singles))
    return aspects


def read_statement(text: str) -> Query:
    """Concepts and aspects of a free-text topic statement (see the module's note)."""
    found: dict[str, Concept] = {}
    aspects = _parts(text)

    def add(words: str, aspect: int, share: float) -> None:
        compiled = compile_pattern(words)  # as written: a capital letter makes a Russian word a name (text.py)
        if not compiled.words:
            return
        pattern = Pattern(words.lower(), compiled.words, compiled.surfaces, compiled.alternatives)
        known = found.get(pattern.key)
        if known is None:
            found[pattern.key] = Concept(pattern, frozenset({aspect}), share)
        else:
            found[pattern.key] = Concept(known.pattern, known.aspects | {aspect}, max(known.share, share))

    for number, (_, phrases, singles) in enumerate(aspects):
        for phrase in phrases:
            add(phrase, number, 1.0)
            for word in _WORD.findall(phrase):
                if _content(word):
                    add(word, number, PART_WEIGHT)
        for word in singles:
            add(word, number, 1.0)
    # An aspect that repeats the concepts of others adds nothing to cover ("Title. Describe the Title.").
    used = sorted({a for c in found.values() for a in c.aspects})
    renumber = {old: new for new, old in enumerate(used)}
    concepts = tuple(Concept(c.pattern, frozenset(renumber[a] for a in c.aspects), c.share) for c in found.values())
    return Query(concepts, max(len(used), 1))


def search_words(query: str) -> list[str]:
    """The words of a free-text query that carry its topic, in order (for names and messages)."""
    return [w for w in tokenize(query) if _content(w)]
