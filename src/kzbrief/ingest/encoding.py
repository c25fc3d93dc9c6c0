"""Bytes to text: byte-order marks, UTF-8, UTF-16, the charset an HTML page declares, the legacy Russian encodings
(Windows-1251, KOI8-R, ISO-8859-5, Mac Cyrillic) and, last, Windows-1252 for Western text.

Each legacy Russian decoding is scored by how Russian its letters are (the frequencies of Russian letters, compared
case-blind, so a text in capitals is judged as well as one in lower case) times the share of its letters that are
Cyrillic; the best wins when it reads as Russian. charset-normalizer's guess settles near-ties (a short text). A text
that is none of these is read as Windows-1252 (a superset of Latin-1: an English page with curly quotes saved by an
old editor) only when it reads as Western text: a few accented letters and typographic marks among plain ASCII
letters, never Russian turned into accented gibberish. Anything else is refused with a reason.
"""

from __future__ import annotations

import codecs
import math
import re

LEGACY = ("cp1251", "koi8_r", "iso8859_5", "mac_cyrillic")
ENCODING_NAMES = {"cp1251": "windows-1251", "koi8_r": "koi8-r", "iso8859_5": "iso-8859-5",
                  "mac_cyrillic": "x-mac-cyrillic", "utf_8": "utf-8", "utf_16": "utf-16", "cp1252": "windows-1252"}
# Letter frequencies of Russian text, per mille (the standard national-corpus table).
RUSSIAN_LETTERS = {
    "о": 109.7, "е": 84.5, "а": 80.1, "и": 73.5, "н": 67.0, "т": 62.6, "с": 54.7, "р": 47.3, "в": 45.4, "л": 44.0,
    "к": 34.9, "м": 32.1, "д": 29.8, "п": 28.1, "у": 26.2, "я": 20.1, "ы": 19.0, "ь": 17.4, "г": 17.0, "з": 16.5,
    "б": 15.9, "ч": 14.4, "й": 12.1, "х": 9.7, "ж": 9.4, "ш": 7.3, "ю": 6.4, "ц": 4.8, "щ": 3.6, "э": 3.2,
    "ф": 2.6, "ъ": 0.4, "ё": 0.4,
}
READS_AS_RUSSIAN = 0.75  # likeness of the best decoding at least this, or the file is refused

# Signatures of files that are not text, so the reason names what the file is.
MAGIC = [
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"), (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"), (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"), (b"\xd0\xcf\x11\xe0", "an old MS Office file"),
    (b"RIFF", "a RIFF media file"), (b"\x00\x00\x00\x18ftyp", "an MP4 video"), (b"\x7fELF", "a program"),
]

_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC_LOWER = re.compile(r"[а-яё]")


class UndecodableText(Exception):
    """The bytes are not text in an encoding we read; the message says why."""


def decode_bytes(data: bytes, html: bool = False) -> tuple[str, str]:
    """(text, encoding name) or UndecodableText with the reason. `html`: the page's own charset declaration is
    believed when the bytes are not UTF-8 and decode under it."""
    if not data.strip():
        raise UndecodableText("empty file")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), "utf-8" if codec == "utf-8-sig" else "utf-16"
            except UnicodeDecodeError as error:
                raise UndecodableText(f"not valid {codec.upper()} despite its byte-order mark ({error.reason})")
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise UndecodableText(f"binary data ({what}), not text")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if b"\x00" in data[:65536]:
        raise UndecodableText("binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = f"byte 0x{data[error.start]:02x} at offset {error.start}"
    declared = _declared(data) if html else None
    if declared:
        return declared
    legacy = _legacy(data) or _western(data)
    if legacy:
        return legacy
    raise UndecodableText(f"not valid UTF-8 ({utf8_error}) and not plausible Russian text in Windows-1251, KOI8-R, "
                          "ISO-8859-5 or Mac Cyrillic, nor Western text in Windows-1252")


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)


def _declared(data: bytes) -> tuple[str, str] | None:
    """The page decoded with the charset its <meta> declares (in its first 4 KB), when Python knows that charset and
    the bytes decode under it; None otherwise (a page that claims UTF-8 and is not, for one)."""
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith("utf"):
        return None  # UTF-8 and UTF-16 were tried already
    if codec in ("latin-1", "iso8859-1", "ascii"):
        codec = "cp1252"  # what browsers do: the label means Windows-1252 (HTML's encoding standard)
    try:
        return data.decode(codec), ENCODING_NAMES.get(codec.replace("-", "_"), codec)
    except UnicodeDecodeError:
        return None


LETTER = re.compile(r"[^\W\d_]")  # a letter of any script (ingest's lower-case check counts them too)
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
WESTERN_MARKS = set("‘’“”–—…•€™«»°§©®·")


def _western(data: bytes) -> tuple[str, str] | None:
    """Windows-1252 text that reads as Western: its non-ASCII characters are letters or typographic marks, and
    its letters are mostly plain ASCII (English, French, German and Spanish have a few accented letters; Russian
    read with this table would be nearly all)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    sample = text[:200_000]
    letters = len(LETTER.findall(sample))
    if not letters:
        return None
    ascii_letters = len(_ASCII_LETTERS.findall(sample))
    odd = [ch for ch in sample if ord(ch) > 127 and not ch.isalpha() and ch not in WESTERN_MARKS
           and not ch.isspace()]
    if ascii_letters / letters >= 0.8 and len(odd) <= max(2, 0.002 * len(sample)):
        return text, "windows-1252"
    return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark: every other byte of Latin or Cyrillic text is (nearly) constant."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return None
    for codec, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        high = zeros.count(0) + zeros.count(4)  # 0x00xx Latin, 0x04xx Cyrillic
        if high / len(zeros) > 0.9:
            try:
                return data.decode(codec), "utf-16"
            except UnicodeDecodeError:
                return None
    return None


def _legacy(data: bytes) -> tuple[str, str] | None:
    scored = []
    for codec in LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        scored.append((russian_likeness(text), codec, text))
    if not scored:
        return None
    scored.sort(key=lambda entry: entry[0], reverse=True)
    best = scored[0]
    if len(scored) > 1 and best[0] - scored[1][0] < 0.002:  # too close to call on letters: a short text
        from charset_normalizer import from_bytes

        guess = from_bytes(data[:200_000], cp_isolation=[c for _, c, _ in scored[:2]]).best()
        best = next((entry for entry in scored[:2] if guess is not None and entry[1] == guess.encoding), best)
    score, codec, text = best
    if score >= READS_AS_RUSSIAN:
        return text, ENCODING_NAMES[codec]
    return None


def russian_likeness(text: str) -> float:
    """How Russian a decoding is: the cosine between its letter frequencies (case-blind) and Russian ones, times
    the share of its non-ASCII characters that are Russian letters (a wrong table turns some letters into symbols:
    capitals into dashes and quotes)."""
    counts: dict[str, int] = {}
    other = 0
    for char in text[:200_000].lower():
        if char in RUSSIAN_LETTERS:
            counts[char] = counts.get(char, 0) + 1
        elif ord(char) > 127 and not char.isspace():
            other += 1
    total = sum(counts.values())
    if not total:
        return 0.0
    dot = sum(RUSSIAN_LETTERS[c] * n for c, n in counts.items())
    norm = math.sqrt(sum(n * n for n in counts.values())) * math.sqrt(sum(f * f for f in RUSSIAN_LETTERS.values()))
    return dot / norm * total / (total + other)


def russian_plausibility(text: str) -> float:
    """Share of the non-ASCII letters that are lower-case Cyrillic inside all-Cyrillic words: high for Russian
    decoded right, low for Russian decoded with the wrong table (case flips) or for Western text read as Cyrillic."""
    good = total = 0
    for word in _WORD.findall(text[:100_000]):
        letters = [ch for ch in word if ord(ch) > 127]
        if not letters:
            continue
        total += len(letters)
        if all("\u0400" <= ch <= "\u04ff" for ch in word):
            good += len(_CYRILLIC_LOWER.findall(word.lower() if word.istitle() else word))
    return good / total if total else 0.0
