"""The one place that says "now": the date of issue of a brief, "this week" and "the last N days", the weekly
run's week and the mail's Date header all come from here.

Three sources, the first that is set wins:
1. `--now` (`parse_now`): an ISO 8601 date or date and time, for rebuilding a past week. With a UTC offset
   (`2026-11-23T09:00+03:00`, `...Z`) it is that instant, and its calendar day is the day in that offset; without
   one (`2026-11-23T09:00`, or `2026-11-23` for midnight) it is that wall-clock time in the machine's local time
   zone (TZ). A local time the clock skipped (a daylight-saving jump) is read as the time after the jump, so a
   date alone always stays on its own day; a local time that happens twice is the first of the two.
2. `SOURCE_DATE_EPOCH` (the reproducible-builds convention): seconds since 1970-01-01 UTC, shown in UTC, so a
   rebuild on another machine gives the same bytes whatever its time zone. Set but empty counts as not set.
3. The system clock, in the local time zone.

The delivery log and the outbox record when a send was actually attempted: that is `wall_clock()`, never pinned.
"""

from __future__ import annotations

import datetime as dt
import os

from kzbrief.errors import KzbriefError

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


def now(override: dt.datetime | None = None) -> dt.datetime:
    """The product's "now", always time-zone aware: `override` (from --now), else SOURCE_DATE_EPOCH, else the
    system clock. A malformed SOURCE_DATE_EPOCH is an error (the convention says so), not silently ignored."""
    if override is not None:
        return override if override.tzinfo else _local(override)
    pinned = source_date_epoch()
    return pinned if pinned is not None else wall_clock()


def today(override: dt.datetime | None = None) -> dt.date:
    """The calendar day of `now()`, in now()'s own time zone."""
    return now(override).date()


def wall_clock() -> dt.datetime:
    """The real time, for logs of what happened when (a send attempt); never pinned."""
    return dt.datetime.now().astimezone()


def source_date_epoch() -> dt.datetime | None:
    raw = os.environ.get(EPOCH_VARIABLE)
    if raw is None or raw.strip() == "":
        return None
    text = raw.strip()
    if not (text.isascii() and text.isdigit()):
        raise KzbriefError(f"{EPOCH_VARIABLE}={raw!r} is not a count of seconds since 1970-01-01 UTC (digits only, "
                           f"e.g. {EPOCH_VARIABLE}=$(date -d 2026-11-23T09:00Z +%s))")
    try:
        return _checked(dt.datetime.fromtimestamp(int(text), tz=dt.timezone.utc))
    except (OverflowError, OSError, ValueError):
        raise KzbriefError(f"{EPOCH_VARIABLE}={raw!r} is out of range (years {FIRST_YEAR}–{LAST_YEAR})")


def parse_now(text: str, option: str = "--now") -> dt.datetime:
    """An ISO 8601 date or date-time as an aware datetime (see the module's note on time zones)."""
    value = text.strip()
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise KzbriefError(f"{option} {text!r} is not an ISO 8601 date or time (use e.g. 2026-11-23T09:00, "
                           f"2026-11-23T09:00+03:00 or 2026-11-23)")
    try:
        return _checked(parsed if parsed.tzinfo else _local(parsed))
    except (OverflowError, OSError, ValueError):
        raise KzbriefError(f"{option} {text!r} is out of range (years {FIRST_YEAR}–{LAST_YEAR})")


FIRST_YEAR, LAST_YEAR = 1970, 9998  # what every file format and formatter down the line can write


def _checked(moment: dt.datetime) -> dt.datetime:
    """The moment, if its UTC year is one the outputs can carry (PDF dates, mail headers); else ValueError."""
    if not FIRST_YEAR <= moment.astimezone(dt.timezone.utc).year <= LAST_YEAR:
        raise ValueError("year out of range")
    return moment


def _local(naive: dt.datetime) -> dt.datetime:
    """A wall-clock time in the local time zone. The platform's own conversion moves a time that a
    daylight-saving jump skipped *back* an hour (midnight of a day the clock starts at 01:00 becomes 23:00 the day
    before); here the offsets in force a day before and a day after are tried, a time that exists under one of
    them is taken (the earlier instant when both fit: the first of two), and a skipped one is read with the offset
    from before the jump, which lands after it, on the same day."""
    fits = []
    for probe in (naive - dt.timedelta(days=1), naive + dt.timedelta(days=1)):
        offset = probe.astimezone().utcoffset()
        moment = (naive - offset).replace(tzinfo=dt.timezone.utc).astimezone()
        if moment.replace(tzinfo=None) == naive:
            fits.append(moment)
    if fits:
        return min(fits)
    before = (naive - dt.timedelta(days=1)).astimezone().utcoffset()
    return (naive - before).replace(tzinfo=dt.timezone.utc).astimezone()
