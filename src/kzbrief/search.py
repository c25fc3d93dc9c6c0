"""The index search's syntax: what the full-text index (SQLite FTS5) is asked, and the SQL of a date window. The
rest of kzbrief speaks of words and windows; the query language is written here only."""

from __future__ import annotations

from collections.abc import Iterable


def any_prefix(prefixes: Iterable[str]) -> str:
    """An FTS5 query for the sentences holding a word that starts with any of these prefixes."""
    return " OR ".join('"' + prefix.replace('"', '""') + '"*' for prefix in sorted(set(prefixes)))


def window_condition(window) -> tuple[str, list]:
    """SQL condition (on documents `d`) for a date window, and its parameters."""
    if window is None:
        return "", []
    parts, params = [], []
    if window.since is not None:
        parts.append("d.date >= ?")
        params.append(window.since.isoformat())
    if window.until is not None:
        parts.append("d.date <= ?")
        params.append(window.until.isoformat())
    dated = " AND ".join(["d.date IS NOT NULL", *parts])
    return (f"(({dated}) OR d.date IS NULL)" if window.include_undated else f"({dated})"), params
