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
    """A date window, typed: its bounds, whether undated documents are in, and what it was asked as (an ISO week,
    the last N days, or bounds), so that every reader (the brief's period line, the mail's subject, the weekly
    run's folder) reads the fields, never a label."""
    since: dt.date | None
    until: dt.date | None
    include_undated: bool = False
    week: str | None = None  # '2026-W47' when the window is an ISO week
    days: int | None = None  # N when it is the last N days

    @property
    def label(self) -> str:
        """'2026-W47 (2026-11-16 – 2026-11-22)', 'last 7 days (…)', '2026-11-01 – …': for messages and the data."""
        span = f"{self.since.isoformat() if self.since else '…'} – {self.until.isoformat() if self.until else '…'}"
        if self.week:
            return f"{self.week} ({span})"
        if self.days:
            return f"last {self.days} days ({span})"
        return span

    def as_data(self) -> dict:
        return {"since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None,
                "undated": self.include_undated, **({"week": self.week} if self.week else {}),
                **({"days": self.days} if self.days else {})}

    @classmethod
    def from_data(cls, data: dict) -> Window:
        def day(value):
            return dt.date.fromisoformat(value) if isinstance(value, str) else None

        return cls(day(data.get("since")), day(data.get("until")), bool(data.get("undated")),
                   data.get("week") if isinstance(data.get("week"), str) else None,
                   data.get("days") if isinstance(data.get("days"), int) else None)

    @classmethod
    def from_label(cls, label: str) -> Window | None:
        """The window a label names (a brief of format 1 carried only the label); None if it names none."""
        dates = re.findall(r"\d{4}-\d{2}-\d{2}", label)
        week = re.match(r"(\d{4})-W(\d{2})", label)
        days = re.match(r"last (\d+) days", label)
        if not dates:
            return None
        since = dt.date.fromisoformat(dates[0]) if not label.startswith("…") else None
        until = dt.date.fromisoformat(dates[-1]) if not label.rstrip().endswith("…") else None
        return cls(since, until, False, week.group(0) if week else None, int(days.group(1)) if days else None)

    def contains(self, date: str | None) -> bool:
        if date is None:
            return self.include_undated
        day = dt.date.fromisoformat(date)
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)


def brief_window(data: dict) -> Window | None:
    """The window of a brief's data: its "window", or, in a brief of format 1, the window its "period" label
    names."""
    if isinstance(data.get("window"), dict):
        return Window.from_data(data["window"])
    return Window.from_label(data["period"]) if isinstance(data.get("period"), str) else None


def _day(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise KzbriefError(f"{option} {value!r} is not a date (use YYYY-MM-DD)",
                           cli=f"--{option} {value!r} is not a date (use YYYY-MM-DD)")


def iso_week(value: str) -> tuple[dt.date, dt.date]:
    match = re.fullmatch(r"(\d{4})-?W(\d{1,2})", value.strip(), re.IGNORECASE)
    if not match:
        raise KzbriefError(f"week {value!r} is not an ISO week (use e.g. 2026-W47)",
                           cli=f"--week {value!r} is not an ISO week (use e.g. 2026-W47)")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise KzbriefError(f"week {value!r}: {year} has no week {week}",
                           cli=f"--week {value!r}: {year} has no week {week}")
    return monday, monday + dt.timedelta(days=6)


def last_complete_week(today: dt.date) -> str:
    """The ISO week before the one `today` is in, e.g. '2026-W47'."""
    year, week, _ = (today - dt.timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


def make_window(since: str | None = None, until: str | None = None, week: str | None = None,
                days: int | None = None, undated: bool = False, today: dt.date | None = None) -> Window | None:
    """The window the options ask for, or None for the whole corpus."""
    chosen = [name for name, value in (("since/until", since or until), ("week", week), ("days", days)) if value]
    if len(chosen) > 1:
        raise KzbriefError(f"choose one kind of date window, not {' and '.join(chosen)}",
                           cli=f"choose one kind of date window, not {' and '.join('--' + c for c in chosen)}")
    if week:
        start, end = iso_week(week)
        year, number, _ = start.isocalendar()
        return Window(start, end, undated, week=f"{year}-W{number:02d}")
    if days is not None:
        if days < 1:
            raise KzbriefError("days must be at least 1", cli="--days must be at least 1")
        today = today or clock.today()
        start = today - dt.timedelta(days=days - 1)
        return Window(start, today, undated, days=days)
    if since or until:
        start = _day(since, "since") if since else None
        end = _day(until, "until") if until else None
        if start and end and start > end:
            raise KzbriefError(f"since {since} is after until {until}", cli=f"--since {since} is after --until {until}")
        return Window(start, end, undated)
    if undated:
        return None  # no window: undated documents are in anyway
    return None
