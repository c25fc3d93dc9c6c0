"""The translation memory: a model (by its weights), its settings and a source sentence give the same translation,
so the weekly rebuild translates only what is new.

It lives in the user's cache (`$XDG_CACHE_HOME/kzbrief/translations.sqlite3`, else `~/.cache/kzbrief/`; or
`KZBRIEF_CACHE_DIR`), not in a corpus index: an index is disposable (deleted, rebuilt on upgrade, one per corpus),
translations are not. A memory that cannot be opened or written (a read-only or full disk) is no reason to fail a
brief: translating goes on without it, and says so once.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    model TEXT NOT NULL, settings TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    PRIMARY KEY (model, settings, source)
) WITHOUT ROWID;
"""


def cache_dir() -> Path:
    explicit = os.environ.get("KZBRIEF_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kzbrief"


def default_path() -> Path:
    return cache_dir() / "translations.sqlite3"


class TranslationMemory:
    def __init__(self, path: Path | None = None, notify: Callable[[str], None] | None = None):
        self.path = path or default_path()
        self.notify = notify or (lambda message: print(f"kzbrief: note: {message}", file=sys.stderr))
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and not self._broken:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
                db.execute("PRAGMA journal_mode = WAL")
                db.executescript(SCHEMA)
                self._db = db
            except (OSError, sqlite3.Error) as error:
                self._give_up(error)
        return self._db

    def _give_up(self, error: Exception) -> None:
        self._broken = True
        self.notify(f"the translation memory {self.path} cannot be used ({getattr(error, 'strerror', None) or error}); "
                    "translating without it")

    def recall(self, model: str, settings: str, sources: list[str]) -> dict[str, str]:
        """The remembered translations of these sources (those it has)."""
        db = self._connection()
        found: dict[str, str] = {}
        if db is None:
            return found
        try:
            for source in sources:
                row = db.execute("SELECT target FROM translations WHERE model = ? AND settings = ? AND source = ?",
                                 (model, settings, source)).fetchone()
                if row:
                    found[source] = row[0]
        except sqlite3.Error as error:
            self._give_up(error)
        return found

    def remember(self, model: str, settings: str, translations: dict[str, str]) -> None:
        db = self._connection()
        if db is None or not translations:
            return
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO translations (model, settings, source, target) "
                               "VALUES (?, ?, ?, ?)", [(model, settings, s, t) for s, t in translations.items()])
        except sqlite3.Error as error:
            self._give_up(error)

    def count(self) -> int:
        db = self._connection()
        return db.execute("SELECT count(*) FROM translations").fetchone()[0] if db is not None else 0

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
