"""MinHash near-duplicate estimates behave like the Jaccard similarity they estimate."""

import random

import numpy as np

from kzbrief.ingest import dedup


def words(n, seed):
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(2000)]
    return " ".join(rng.choice(vocabulary) for _ in range(n))


def test_identical_texts_have_identical_signatures():
    text = words(300, 1)
    assert dedup.similarity(dedup.signature(text), dedup.signature(text)) == 1.0
    assert dedup.bands(dedup.signature(text)) == dedup.bands(dedup.signature(text))


def test_unrelated_texts_are_far_apart():
    assert dedup.similarity(dedup.signature(words(300, 1)), dedup.signature(words(300, 2))) < 0.1


def test_a_lightly_edited_copy_stays_close_and_shares_a_band():
    text = words(400, 3)
    edited = text.replace("w1", "changed", 3) + " " + words(20, 4)
    a, b = dedup.signature(text), dedup.signature(edited)
    assert dedup.similarity(a, b) >= dedup.THRESHOLD
    assert set(dedup.bands(a)) & set(dedup.bands(b))


def test_signatures_round_trip_through_the_index_format():
    sig = dedup.signature(words(50, 5))
    assert np.array_equal(dedup.from_blob(dedup.to_blob(sig)), sig)


def test_tiny_and_empty_texts():
    assert dedup.signature("").tolist() == [0xFFFFFFFF] * dedup.NUM_PERM
    assert dedup.similarity(dedup.signature("two words"), dedup.signature("two words")) == 1.0
