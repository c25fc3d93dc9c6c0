"""The index's schema, and how a file is judged to be a kzbrief index, created, and emptied on upgrade.

An index is marked as kzbrief's (`PRAGMA application_id`) and carries its schema version (`PRAGMA user_version`):
an index of another schema is emptied in place and rebuilt from the corpus, never misread; a file that is not a
kzbrief index is never touched. Each file's row records the processing rules it was read with (`RULES_VERSION`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from kzbrief.errors import KzbriefError, is_locked

APPLICATION_ID = 0x4B5A4252  # 'KZBR': this SQLite file is a kzbrief index
SCHEMA_VERSION = 12  # the tables; 8: application_id, rules per file; 9: contentless FTS; 10: compact stems;
# 11: sentences and bands point to their document by its integer key, stems stored as changes to their words,
# the eligible count kept without triggers; 12: sentences hold their text (documents their gaps), no index on
# the doc of sentences and bands, ASCII words' stems not stored, compact blocks, incremental vacuum, translations
# moved to the user's cache
TOKENIZER_VERSION = "1"  # text.tokenize: bump with any change to it (the full-text index is rebuilt)
# Versions 1-7 are kzbrief's too (before the mark); each also changed the rules.
LEGACY_VERSIONS = range(1, 8)
# The processing rules (decoding, cleaning, sentence splitting, stems, eligibility): bump when a change makes
# files read differently. 8: timestamps and glued headlines cut, promotions rejected, Russian compound
# prepositions marked, the trafilatura cache off. 9: Windows-1252 and an HTML page's declared charset read (files
# refused before are read).
RULES_VERSION = 9
SCHEMA = """
CREATE TABLE files (
    path TEXT PRIMARY KEY,          -- relative to the corpus, '/' separators
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    encoding TEXT,
    status TEXT NOT NULL,           -- 'ok' | 'skipped'
    reason TEXT,                    -- why skipped, or what was left out of an export
    removed_share REAL NOT NULL DEFAULT 0,
    rules INTEGER NOT NULL DEFAULT 0 -- the RULES_VERSION it was read with
);
CREATE TABLE documents (
    key INTEGER PRIMARY KEY,        -- what sentences and bands point to: a few bytes, not the id's twenty
    id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,       -- order within the file
    title TEXT, publisher TEXT, author TEXT, date TEXT, date_source TEXT, url TEXT,
    language TEXT NOT NULL,
    encoding TEXT,
    removed_share REAL NOT NULL DEFAULT 0,
    first_sentence INTEGER NOT NULL, -- its sentences' ids are first_sentence .. first_sentence + sentences - 1
    sentences INTEGER NOT NULL,
    gaps TEXT NOT NULL,             -- the text outside its sentences: with them, the whole text (joined_text)
    text TEXT,                      -- the whole text, only where its sentences and gaps could not give it back
    blocks TEXT NOT NULL,           -- 'start end kind language' per block, ';'-separated (packed_blocks)
    signature BLOB                  -- MinHash, see ingest/dedup.py
);
CREATE INDEX documents_path ON documents(path);
CREATE INDEX documents_date ON documents(date);
-- A sentence's text lives here, not as offsets into one large document value: small rows fill SQLite's pages
-- (a 5 KB value spills onto overflow pages and wastes an eighth of them) and a brief reads a sentence without
-- reading its article. Deleted with their document by id range (no index on doc: 12 bytes a row saved).
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL,           -- documents.key
    position INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    language TEXT,                  -- NULL: its document's language
    words INTEGER NOT NULL,
    rejected TEXT,                  -- the eligibility rule that keeps it out of briefs, or NULL
    in_quote INTEGER NOT NULL,      -- 1: it starts inside a quotation an earlier sentence opened
    stems TEXT NOT NULL,            -- the stems of its non-ASCII words as changes to the words (packed_stems)
    text TEXT NOT NULL
);
-- The sentence's words, space-separated, for full-text search in both languages. Stemmed matching is done by
-- prefix (see select.fts_query); ё is folded to е as the stemmers do.
-- Contentless: the index only, the words themselves are not stored a second time (they are the sentence's text,
-- tokenized: text.tokenize). Deleting a row gives its words again, so the tokenizer may never change under an
-- index: TOKENIZER_VERSION, kept in `meta`, rebuilds the index when it does.
CREATE VIRTUAL TABLE sentence_fts USING fts5(tokens, content = '', tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- A document's bands are deleted by their values, computed again from its signature (no index on doc).
CREATE TABLE bands (
    band INTEGER NOT NULL, hash INTEGER NOT NULL,
    doc INTEGER NOT NULL,           -- documents.key
    PRIMARY KEY (band, hash, doc)
) WITHOUT ROWID;
CREATE TABLE duplicates (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    other_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    similarity REAL NOT NULL,
    PRIMARY KEY (doc_id, other_id)
) WITHOUT ROWID;
-- The number of eligible sentences (selection's collection size), kept by put_file and _delete_documents in the
-- transaction that changes them (counting 2 million rows for every brief would take half a second; a trigger per
-- row cost a third of the writes).
CREATE TABLE counts (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO counts VALUES ('eligible_sentences', 0);
"""


def marked(path: Path) -> bool:
    """Whether the file's SQLite header carries kzbrief's mark (read as bytes: no lock can make this wait)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return header[:16] == b"SQLite format 3\x00" and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def is_kzbrief_index(path: Path, db: sqlite3.Connection) -> bool:
    """Whether the file is (or may become) a kzbrief index: new or empty (no bytes, or SQLite without a table:
    nothing to lose), marked as one, or an index of an earlier kzbrief (its tables, an old version, no mark).
    Never true of another program's file. Raises sqlite3.OperationalError when the file is locked."""
    if path.stat().st_size == 0:
        return True
    try:
        db.execute("BEGIN")  # one snapshot for the three reads: a run creating the index may commit between them
        try:
            application = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")
    except sqlite3.DatabaseError as error:
        if is_locked(error):
            raise
        if getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB" or "not a database" in str(error):
            return False  # not an SQLite database at all
        raise KzbriefError(f"cannot open the index {path}: {error}")
    if application == APPLICATION_ID or (application == 0 and version == 0 and not tables):
        return True
    return application == 0 and version in LEGACY_VERSIONS and {"files", "documents", "sentences"} <= tables


def create(db: sqlite3.Connection, path: Path, notify: Callable[[str], None]) -> bool:
    """Create the tables, in one transaction with the mark and the version (a run that looks meanwhile sees no
    index or the whole one, never a part). An index of another schema (kzbrief's own, as judged) is emptied in the
    same transaction, in place: a reader that has it open keeps reading what it read. Returns whether there was an
    index to empty."""
    objects = db.execute("SELECT name, sql LIKE 'CREATE VIRTUAL%' FROM sqlite_master WHERE type = 'table' "
                         "AND name NOT LIKE 'sqlite_%'").fetchall()
    rebuilt = bool(objects)
    if any(name == "translations" for name, _ in objects):  # an index of kzbrief 0.1 held them: keep them
        keep_translations(db, notify)
    size = path.stat().st_size
    if rebuilt and size > 50_000_000:  # seconds of work: say what it is
        notify(f"emptying {path} ({size / 1e9:.1f} GB), an index of another kzbrief version, to build it again ...")
    # virtual tables first: dropping one drops its shadow tables
    drops = "".join(f'DROP TABLE IF EXISTS "{name.replace(chr(34), chr(34) * 2)}";\n'
                    for name, _ in sorted(objects, key=lambda item: not item[1]))
    db.execute("PRAGMA foreign_keys = OFF")  # an old index is emptied whole, not row by row
    try:
        db.executescript(
            f"BEGIN IMMEDIATE;\n{drops}{SCHEMA}\nPRAGMA application_id = {APPLICATION_ID};\n"
            f"INSERT INTO meta VALUES ('tokenizer', '{TOKENIZER_VERSION}');\n"
            f"PRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.execute("PRAGMA foreign_keys = ON")
    if rebuilt:
        db.execute("VACUUM")  # the old index's space back to the disk
    return rebuilt


def current(db: sqlite3.Connection) -> bool:
    """Whether the index is of this schema and this tokenizer."""
    if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        return False
    row = db.execute("SELECT value FROM meta WHERE key = 'tokenizer'").fetchone()
    return row is not None and row[0] == TOKENIZER_VERSION


def keep_translations(db: sqlite3.Connection, notify: Callable[[str], None]) -> None:
    """Move an old index's translation memory into the user's (translate/memory.py) before it is emptied."""
    from kzbrief.translate.memory import TranslationMemory

    by_key: dict[tuple[str, str], dict[str, str]] = {}
    for model, settings, source, target in db.execute("SELECT model, settings, source, target FROM translations"):
        by_key.setdefault((model, settings), {})[source] = target
    with TranslationMemory(notify=notify) as memory:
        for (model, settings), translations in by_key.items():
            memory.remember(model, settings, translations)
