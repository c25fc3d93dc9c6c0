"""Near-duplicate detection: MinHash signatures over word shingles, banded for locality-sensitive lookup.

The same article saved twice, or one story republished by two outlets, shares most of its 5-word shingles. A
64-value MinHash estimates that share (Jaccard similarity); 16 bands of 4 values find the candidates without
comparing every pair, so a weekly ingest of new files looks up only their own bands in the index.
"""

from __future__ import annotations

import zlib

import numpy as np

from kzbrief.text import tokenize

SHINGLE = 5
NUM_PERM = 64
BANDS, ROWS = 16, 4  # a pair with Jaccard 0.5 shares a band with probability ~0.65; at 0.8, ~0.9999
THRESHOLD = 0.5  # estimated Jaccard at and above which two documents carry the same story
_PRIME = np.uint64(4294967311)  # the first prime above 2**32
_rng = np.random.default_rng(20261123)  # fixed: signatures must be comparable across runs
_A = _rng.integers(1, 2**32 - 1, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 2**32 - 1, NUM_PERM, dtype=np.uint64)


def shingle_hashes(tokens: list[str]) -> np.ndarray:
    """Hashes of the text's 5-word shingles: each word hashed once, shingles combined as a polynomial."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    words = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in tokens), dtype=np.uint64, count=len(tokens))
    width = min(SHINGLE, len(tokens))
    combined = np.zeros(len(tokens) - width + 1, dtype=np.uint64)
    for k in range(width):  # arithmetic modulo 2**64: overflow wraps, which is what a hash wants
        combined = combined * np.uint64(1_000_003) + words[k:len(tokens) - width + 1 + k]
    return np.unique(combined >> np.uint64(32))


def signature(text: str, tokens: list[str] | None = None) -> np.ndarray:
    """The MinHash signature of a text (or of its tokens, when the caller has them): NUM_PERM uint32 values
    (all 0xFFFFFFFF for an empty text)."""
    hashes = shingle_hashes(tokenize(text) if tokens is None else tokens)
    if hashes.size == 0:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    permuted = (np.outer(_A, hashes) + _B[:, None]) % _PRIME
    return permuted.min(axis=1).astype(np.uint32)


def bands(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band number, band hash) pairs: two documents that share any of them are compared."""
    return [(b, zlib.crc32(sig[b * ROWS:(b + 1) * ROWS].tobytes())) for b in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.mean(a == b))


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)
