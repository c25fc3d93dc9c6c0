"""How an index row is stored compactly, and read back exactly: a sentence's stems as their changes to its words,
a document's blocks as one short string, its text as the text between its sentences (the sentences hold the
rest). Each pair of functions is tested to give back what it was given."""

from __future__ import annotations

from collections.abc import Iterable

from kzbrief.model import Block


def packed_stems(tokens: list[str], stems: list[str]) -> str:
    """The stems as stored. An ASCII word's stem is not stored: it is the word's English stem, whatever surrounds
    it (`text.stem`), and is computed again when read. Each other word gets one entry, space-separated: '' where
    the stem is the word (a third of Russian stems); else how many letters of the word's end to drop, as one
    digit, and what to put there ('переговорах' -> 'переговоры': '2ы'); '=' and the whole stem when more than 9
    letters go. '!' and all the stems when the two lists do not line up, or an ASCII word's stem is another."""
    from kzbrief.text import ascii_stem

    if len(tokens) != len(stems):
        return "!" + " ".join(stems)
    entries = []
    for token, stem in zip(tokens, stems):
        if token.isascii():
            if stem != ascii_stem(token):
                return "!" + " ".join(stems)
            continue
        if stem == token:
            entries.append("")
            continue
        if token.startswith(stem):  # the common case: the stem is the word's beginning
            shared = len(stem)
        else:
            shared = 0
            for a, b in zip(token, stem):
                if a != b:
                    break
                shared += 1
        drop = len(token) - shared
        entries.append(f"{drop}{stem[shared:]}" if drop <= 9 else f"={stem}")
    return " ".join(entries)


def unpacked_stems(tokens: list[str], packed: str) -> list[str]:
    from kzbrief.text import ascii_stem

    if packed.startswith("!"):
        return packed[1:].split()
    entries = iter(packed.split(" "))
    stems = []
    for token in tokens:
        if token.isascii():
            stems.append(ascii_stem(token))
            continue
        entry = next(entries)
        if not entry:
            stems.append(token)
        elif entry[0] == "=":
            stems.append(entry[1:])
        else:
            drop = ord(entry[0]) - 48
            stems.append((token[:-drop] if drop else token) + entry[1:])
    return stems


_KIND_LETTERS = {"title": "t", "heading": "h", "paragraph": "p"}
_LETTER_KINDS = {letter: kind for kind, letter in _KIND_LETTERS.items()}


def packed_blocks(blocks: Iterable[Block]) -> str:
    """'0 57 t en;59 400 p en': a fifth of the JSON it replaces."""
    return ";".join(f"{b.start} {b.end} {_KIND_LETTERS.get(b.kind, b.kind)} {b.language}" for b in blocks)


def unpacked_blocks(packed: str) -> tuple[Block, ...]:
    blocks = []
    for part in packed.split(";") if packed else ():
        start, end, kind, language = part.split(" ", 3)
        blocks.append(Block(int(start), int(end), _LETTER_KINDS.get(kind, kind), language))
    return tuple(blocks)


def text_gaps(text: str, spans: Iterable[tuple[int, int]]) -> str | None:
    """The text outside the spans (in order, not overlapping), which `joined_text` joins with the spans' texts
    into the text again; None when the spans are not so."""
    pieces, cursor = [], 0
    for start, end in spans:
        if start < cursor or end < start or end > len(text):
            return None
        pieces.append(text[cursor:start])
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def joined_text(gaps: str, sentences: Iterable[tuple[int, int, str]]) -> str:
    """A document's text from its gaps and its sentences (start, end, text), in order."""
    pieces, cursor, used = [], 0, 0
    for start, end, text in sentences:
        pieces.append(gaps[used:used + start - cursor])
        used += start - cursor
        pieces.append(text)
        cursor = end
    pieces.append(gaps[used:])
    return "".join(pieces)
