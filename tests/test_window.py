"""Date windows: ISO weeks, last N days, since/until, undated documents."""

import datetime as dt

import pytest

from kzbrief.errors import KzbriefError
from kzbrief.window import iso_week, last_complete_week, make_window


def test_iso_week():
    assert iso_week("2026-W47") == (dt.date(2026, 11, 16), dt.date(2026, 11, 22))
    assert iso_week("2020-W53")[1] == dt.date(2021, 1, 3)
    for bad in ("2026-47", "2026-W60", "2025-W53"):
        with pytest.raises(KzbriefError):
            iso_week(bad)


def test_last_complete_week():
    assert last_complete_week(dt.date(2026, 11, 23)) == "2026-W47"  # a Monday
    assert last_complete_week(dt.date(2026, 11, 29)) == "2026-W47"  # the Sunday after


def test_days_and_since_until():
    window = make_window(days=7, today=dt.date(2026, 11, 23))
    assert (window.since, window.until) == (dt.date(2026, 11, 17), dt.date(2026, 11, 23))
    assert window.contains("2026-11-17") and not window.contains("2026-11-16") and not window.contains(None)
    assert make_window(since="2024-01-01").contains("2030-01-01")
    assert make_window(since="2024-01-01", undated=True).contains(None)
    assert make_window() is None


@pytest.mark.parametrize("kwargs, message", [
    ({"since": "2024-13-01"}, "not a date"),
    ({"since": "2025-01-01", "until": "2024-01-01"}, "after"),
    ({"week": "2026-W47", "days": 7}, "one kind"),
    ({"days": 0}, "at least 1"),
])
def test_bad_windows(kwargs, message):
    with pytest.raises(KzbriefError, match=message):
        make_window(**kwargs)
