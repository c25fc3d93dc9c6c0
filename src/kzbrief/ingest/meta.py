"""Metadata found in the text itself: the publication date. Explicit metadata (manifest, export, HTML) wins.

A date is kept only when the text gives day, month and year; "10 августа" alone is not completed with a guessed
year, and the file's modification time is never used.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from kzbrief.ingest import chrome

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+Z-]*)?$")


def normalize_date(value: str | None) -> str | None:
    """An explicit date in any common form ('2019-08-10 17:12:51', '07 January 2025', '10 августа 2019 г.')
    as an ISO date, or None when it is not a full, valid date."""
    if not value:
        return None
    value = " ".join(str(value).split())
    match = _ISO.match(value)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            return None
    if not re.search(r"\b\d{4}\b", value):  # no year, no date: "yesterday" or "10 августа" is not completed
        return None
    return _parse_human_date(value)


@lru_cache(maxsize=4096)
def _parse_human_date(value: str) -> str | None:
    import dateparser

    parsed = dateparser.parse(value, languages=["en", "ru"],
                              settings={"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY",
                                        "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date().isoformat() if parsed else None


def dateline(lines: list[str]) -> str | None:
    """The page's date from a line that is only a date ('07 January 2025', 'Published: 12.03.2024')."""
    for line in lines:
        match = chrome.DATE_ONLY.match(line.strip().lstrip("•·*- "))
        if match:
            found = normalize_date(match.group("date"))
            if found:
                return found
    return None
