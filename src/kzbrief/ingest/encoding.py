"""Bytes to text: byte-order marks, UTF-8, UTF-16, and the legacy Russian encodings (Windows-1251, KOI8-R).

charset-normalizer decides between the legacy encodings; when it cannot (very short or oddly mixed text), a
plausibility check of our own picks the decoding that reads as Russian words. Anything else is refused with a reason.
"""

from __future__ import annotations

import codecs
import re

LEGACY = ("cp1251", "koi8_r")
ENCODING_NAMES = {"cp1251": "windows-1251", "koi8_r": "koi8-r", "utf_8": "utf-8", "utf_16": "utf-16"}

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


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name) or UndecodableText with the reason."""
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
    legacy = _legacy(data)
    if legacy:
        return legacy
    raise UndecodableText(f"not valid UTF-8 ({utf8_error}) and not plausible Windows-1251 or KOI8-R text")


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
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=list(LEGACY)).best()
    if best is not None and best.encoding in LEGACY:
        text = data.decode(best.encoding, errors="strict")
        if russian_plausibility(text) >= 0.6:
            return text, ENCODING_NAMES[best.encoding]
    scored = []
    for codec in LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        scored.append((russian_plausibility(text), codec, text))
    if scored:
        score, codec, text = max(scored)
        if score >= 0.6:
            return text, ENCODING_NAMES[codec]
    return None


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
