"""Date windows for a brief: --since/--until, --week 2026-W47 (ISO week), --days 7.

A window is inclusive on both ends. Without a window a brief covers the whole corpus, dated or not; with one,
undated documents are left out unless asked for (and are then marked in the brief).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kzbrief import clock
from kzbrief.errors import KzbriefError


@dataclass(frozen=True)
class Window:
    since: dt.date | None
    until: dt.date | None
    include_undated: bool = False
    label: str = ""

    def contains(self, date: str | None) -> bool:
        if date is None:
            return self.include_undated
        day = dt.date.fromisoformat(date)
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)


def _day(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise KzbriefError(f"{option} {value!r} is not a date (use YYYY-MM-DD)")


def iso_week(value: str) -> tuple[dt.date, dt.date]:
    match = re.fullmatch(r"(\d{4})-?W(\d{1,2})", value.strip(), re.IGNORECASE)
    if not match:
        raise KzbriefError(f"--week {value!r} is not an ISO week (use e.g. 2026-W47)")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise KzbriefError(f"--week {value!r}: {year} has no week {week}")
    return monday, monday + dt.timedelta(days=6)


def last_complete_week(today: dt.date) -> str:
    """The ISO week before the one `today` is in, e.g. '2026-W47'."""
    year, week, _ = (today - dt.timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


def make_window(since: str | None = None, until: str | None = None, week: str | None = None,
                days: int | None = None, undated: bool = False, today: dt.date | None = None) -> Window | None:
    """The window the options ask for, or None for the whole corpus."""
    chosen = [name for name, value in (("--since/--until", since or until), ("--week", week), ("--days", days))
              if value]
    if len(chosen) > 1:
        raise KzbriefError(f"choose one kind of date window, not {' and '.join(chosen)}")
    if week:
        start, end = iso_week(week)
        return Window(start, end, undated, f"{week} ({start.isoformat()} – {end.isoformat()})")
    if days is not None:
        if days < 1:
            raise KzbriefError("--days must be at least 1")
        today = today or clock.today()
        start = today - dt.timedelta(days=days - 1)
        return Window(start, today, undated, f"last {days} days ({start.isoformat()} – {today.isoformat()})")
    if since or until:
        start = _day(since, "--since") if since else None
        end = _day(until, "--until") if until else None
        if start and end and start > end:
            raise KzbriefError(f"--since {since} is after --until {until}")
        label = f"{start.isoformat() if start else '…'} – {end.isoformat() if end else '…'}"
        return Window(start, end, undated, label)
    if undated:
        return None  # no window: undated documents are in anyway
    return None
