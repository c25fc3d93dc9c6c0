"""Dates found in text or given explicitly: full dates only, English and Russian, never guessed."""

import pytest

from kzbrief.ingest.meta import dateline, normalize_date


@pytest.mark.parametrize("value, expected", [
    ("2019-08-10 17:12:51", "2019-08-10"),
    ("2025-03-14T08:00:00+05:00", "2025-03-14"),
    ("07 January 2025", "2025-01-07"),
    ("January 7, 2025", "2025-01-07"),
    ("10 августа 2019", "2019-08-10"),
    ("12.03.2024", "2024-03-12"),  # day first, as in Russian and European usage
    ("2019-02-30", None),
    ("10 августа", None),  # no year: not completed with a guess
    ("yesterday", None),
    ("", None),
    (None, None),
])
def test_normalize_date(value, expected):
    assert normalize_date(value) == expected


@pytest.mark.parametrize("lines, expected", [
    (["07 January 2025"], "2025-01-07"),
    (["Published: 12.03.2024"], "2024-03-12"),
    (["Опубликовано: 10 августа 2019 г."], "2019-08-10"),
    (["  • 27.10 13:27"], None),
    (["Viewing results 1 - 6 of 3"], None),
])
def test_dateline(lines, expected):
    assert dateline(lines) == expected
