"""Dates and names in the brief's language. Checked on structure (day, month name, year, order, «г.»), not on
one CLDR release's spaces: Babel's data puts thin and narrow no-break spaces in some forms and not in others."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kzbrief import i18n

SPACE = r"[\s\u00a0\u2009\u202f]"  # any space CLDR may choose, or none where the pattern says '*'


@pytest.mark.parametrize("value, language, pattern", [
    ("2026-11-23", "en", rf"23{SPACE}+November{SPACE}+2026"),           # en_GB: day month year
    ("2026-11-23", "ru", rf"23{SPACE}+ноября{SPACE}+2026{SPACE}*г\."),   # genitive month, «г.» after the year
    ("2027-01-04", "ru", rf"4{SPACE}+января{SPACE}+2027{SPACE}*г\."),
    ("2026-05-01", "ru", rf"1{SPACE}+мая{SPACE}+2026{SPACE}*г\."),
    (dt.datetime(2026, 3, 8, 23, 59, tzinfo=dt.timezone.utc), "en", rf"8{SPACE}+March{SPACE}+2026"),
])
def test_long_dates_in_english_and_russian(value, language, pattern):
    assert re.fullmatch(pattern, i18n.long_date(value, language)), i18n.long_date(value, language)


@pytest.mark.parametrize("start, end, language, pattern", [
    ("2026-11-16", "2026-11-22", "en", rf"16{SPACE}*[–-]{SPACE}*22{SPACE}+Nov{SPACE}+2026"),
    ("2025-03-05", "2026-11-22", "en", rf"5{SPACE}+Mar{SPACE}+2025{SPACE}*[–-]{SPACE}*22{SPACE}+Nov{SPACE}+2026"),
    ("2026-11-16", "2026-11-22", "ru", rf"16{SPACE}*[–—-]{SPACE}*22{SPACE}+нояб\.?{SPACE}+2026{SPACE}*г\."),
    ("2026-11-23", "2026-11-23", "ru", rf"23{SPACE}+ноя(б\.|бря){SPACE}+2026{SPACE}*г\."),  # one day: one date
])
def test_date_ranges(start, end, language, pattern):
    text = i18n.date_range(start, end, language)
    assert re.fullmatch(pattern, text), text


def test_timeline_labels_and_language_names():
    assert re.fullmatch(rf"November{SPACE}+2024", i18n.event_label("2024-11", "en"))
    assert re.fullmatch(rf"ноябрь{SPACE}+2024", i18n.event_label("2024-11", "ru"))  # standalone form
    assert i18n.event_label("2017", "ru") == "2017"
    assert i18n.language_name("ru", "en") == "Russian" and i18n.language_name("en", "ru") == "Английский"
    assert i18n.long_date("not a date", "en") == "not a date" and i18n.long_date(None, "ru") == ""
