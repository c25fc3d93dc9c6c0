"""The index: SQLite with FTS5. Files, documents, sentences (with offsets), near-duplicate links.

One file's documents are replaced in one transaction, and the files table is updated in the same transaction, so
an ingest killed at any moment leaves a consistent index that the next run completes. One process writes at a
time (`Store.writing`, a lock file beside the index); others wait, and readers never block.

An index is marked as kzbrief's (`PRAGMA application_id`) and carries its schema version (`PRAGMA
user_version`): an index of another schema is rebuilt from the corpus, never misread; a file that is not a kzbrief
index is never touched (kzbrief refuses it, naming it). Each file's row records the processing rules it was read
with (`RULES_VERSION`): after an upgrade that changes them, the files are read again, the rest of the index kept.
Translations are not kept here but in the user's cache (translate/memory.py): an index may be deleted at will.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from kzbrief.errors import KzbriefError, environment_problem, is_locked
from kzbrief.model import Block, Document, Sentence, SentenceRow

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
INDEX_DIR, INDEX_NAME = ".kzbrief", "index.sqlite3"
BUSY_SECONDS = 60.0  # how long a reader waits for a writer's commit (SQLite's busy timeout)
CHECK_SECONDS = 2.0  # how long opening waits for a file locked by someone else before saying so

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


@dataclass(frozen=True)
class FileRecord:
    path: str
    size: int
    mtime_ns: int
    sha256: str
    status: str
    reason: str | None
    rules: int = RULES_VERSION


@dataclass(frozen=True)
class IndexedDocument:
    """A document ready to be written: its sentences as compact rows (cheap to send between processes)
    (position, start, end, language, words, rejected, in_quote, stems, tokens), its MinHash and its bands."""

    document: Document
    sentences: list[tuple]
    signature: bytes
    bands: list[tuple[int, int]]


def indexed_document(document: Document, rows: list[SentenceRow], signature: bytes,
                     bands: list[tuple[int, int]]) -> IndexedDocument:
    return IndexedDocument(document, [
        (r.sentence.position, r.sentence.start, r.sentence.end, r.sentence.language, len(r.tokens), r.rejected,
         int(r.sentence.in_quote), packed_stems(r.tokens, r.stems), " ".join(r.tokens)) for r in rows], signature,
        bands)


def packed_stems(tokens: list[str], stems: list[str]) -> str:
    """The stems as stored. An ASCII word's stem is not stored: it is the word's English stem, whatever surrounds
    it (`text.stem`), and is computed again when read. Each other word gets one entry, space-separated: '' where
    the stem is the word (a third of Russian stems); else how many letters of the word's end to drop, as one
    digit, and what to put there ('переговорах' -> 'переговоры': '2ы'); '=' and the whole stem when more than 9
    letters go. '!' and all the stems when the two lists do not line up, or an ASCII word's stem is another."""
    from kzbrief.text import _ASCII_STEMS, ascii_stem

    if len(tokens) != len(stems):
        return "!" + " ".join(stems)
    entries = []
    known = _ASCII_STEMS
    for token, stem in zip(tokens, stems):
        if token.isascii():
            if stem != (known.get(token) or ascii_stem(token)):
                return "!" + " ".join(stems)
            continue
        if stem == token:
            entries.append("")
            continue
        if token.startswith(stem):  # the common case: the stem is the word's beginning
            shared = len(stem)
        else:
            shared = 0
            for a, b in zip(token, stem):
                if a != b:
                    break
                shared += 1
        drop = len(token) - shared
        entries.append(f"{drop}{stem[shared:]}" if drop <= 9 else f"={stem}")
    return " ".join(entries)


def unpacked_stems(tokens: list[str], packed: str) -> list[str]:
    from kzbrief.text import _ASCII_STEMS, ascii_stem

    if packed.startswith("!"):
        return packed[1:].split()
    entries = iter(packed.split(" "))
    stems = []
    known = _ASCII_STEMS
    for token in tokens:
        if token.isascii():
            stems.append(known.get(token) or ascii_stem(token))
            continue
        entry = next(entries)
        if not entry:
            stems.append(token)
        elif entry[0] == "=":
            stems.append(entry[1:])
        else:
            drop = ord(entry[0]) - 48
            stems.append((token[:-drop] if drop else token) + entry[1:])
    return stems


_KIND_LETTERS = {"title": "t", "heading": "h", "paragraph": "p"}
_LETTER_KINDS = {letter: kind for kind, letter in _KIND_LETTERS.items()}


def packed_blocks(blocks: Iterable[Block]) -> str:
    """'0 57 t en;59 400 p en': a fifth of the JSON it replaces."""
    return ";".join(f"{b.start} {b.end} {_KIND_LETTERS.get(b.kind, b.kind)} {b.language}" for b in blocks)


def unpacked_blocks(packed: str) -> tuple[Block, ...]:
    blocks = []
    for part in packed.split(";") if packed else ():
        start, end, kind, language = part.split(" ", 3)
        blocks.append(Block(int(start), int(end), _LETTER_KINDS.get(kind, kind), language))
    return tuple(blocks)


def text_gaps(text: str, spans: Iterable[tuple[int, int]]) -> str | None:
    """The text outside the spans (in order, not overlapping), which `joined_text` joins with the spans' texts
    into the text again; None when the spans are not so."""
    pieces, cursor = [], 0
    for start, end in spans:
        if start < cursor or end < start or end > len(text):
            return None
        pieces.append(text[cursor:start])
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def joined_text(gaps: str, sentences: Iterable[tuple[int, int, str]]) -> str:
    """A document's text from its gaps and its sentences (start, end, text), in order."""
    pieces, cursor, used = [], 0, 0
    for start, end, text in sentences:
        pieces.append(gaps[used:used + start - cursor])
        used += start - cursor
        pieces.append(text)
        cursor = end
    pieces.append(gaps[used:])
    return "".join(pieces)


def default_index_path(corpus: Path) -> Path:
    return corpus / INDEX_DIR / INDEX_NAME


def _marked(path: Path) -> bool:
    """Whether the file's SQLite header carries kzbrief's mark (read as bytes: no lock can make this wait)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return header[:16] == b"SQLite format 3\x00" and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def _is_kzbrief_index(path: Path, db: sqlite3.Connection) -> bool:
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


class Store:
    def __init__(self, path: Path, notify: Callable[[str], None] | None = None):
        self.path = path
        self.rebuilt = False
        self._writing = False
        self.db: sqlite3.Connection | None = None
        self.notify = notify or (lambda message: print(f"kzbrief: {message}", file=sys.stderr))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if _marked(path):  # kzbrief's, as its header says (read without SQLite: no lock can make it wait)
                self._open()
            else:  # new, or SQLite not (yet) marked as kzbrief's: judged, and created, under the write lock
                self._judge(patient=True)
                with self.writing():
                    self._judge(patient=False)  # again: another run may have made it an index meanwhile
                    self._open()
        except (sqlite3.DatabaseError, OSError, KzbriefError) as error:
            if self.db is not None:
                self.db.close()  # an index that cannot be opened is not held open either
            if isinstance(error, KzbriefError):
                raise
            if isinstance(error, OSError):
                raise KzbriefError(f"cannot create the index at {path}: {error.strerror or error}")
            known = environment_problem(error)
            if known:
                raise KzbriefError(*known)
            raise KzbriefError(f"index {path} is unusable ({error}); if it is kzbrief's index, delete it (and "
                               f"{path.name}-wal, -shm) and run again")

    def _open(self) -> None:
        """Connect; an index of another schema (or none yet) is created under the write lock, after looking again
        on a fresh connection (a run that waited must not rebuild what the run it waited for has just built)."""
        self.db = self._connect()
        if self._current():
            return
        with self.writing():
            self.db.close()
            self.db = self._connect()
            if not self._current():
                self._create()

    def _judge(self, patient: bool) -> None:
        """Refuse a file that is not a kzbrief index (nor may become one), naming it, and touch nothing. A file
        locked while it is judged is another program's, unless kzbrief's lock file is beside it (a kzbrief run is
        creating the index): then, when `patient`, the judgement waits for the write lock."""
        with closing(sqlite3.connect(self.path, isolation_level=None, timeout=CHECK_SECONDS)) as db:
            try:
                ours = _is_kzbrief_index(self.path, db)
            except sqlite3.OperationalError:  # locked: the one error the judgement leaves to its caller
                if patient and Path(f"{self.path}.lock").exists():
                    return
                raise KzbriefError(f"the index {self.path} is held by another program (database is locked); "
                                   f"try again when it is done")
        if not ours:
            raise KzbriefError(f"{self.path} is not a kzbrief index; kzbrief never overwrites a file it did not "
                               f"write: give another --index, or remove that file yourself")

    def _current(self) -> bool:
        """Whether the index is of this schema and this tokenizer."""
        if self._version() != SCHEMA_VERSION:
            return False
        row = self.db.execute("SELECT value FROM meta WHERE key = 'tokenizer'").fetchone()
        return row is not None and row[0] == TOKENIZER_VERSION

    def _version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _create(self) -> None:
        """Create the tables, in one transaction with the mark and the version (a run that looks meanwhile sees
        no index or the whole one, never a part). An index of another schema (kzbrief's own, as judged) is emptied
        in the same transaction, in place: a reader that has it open keeps reading what it read."""
        objects = self.db.execute("SELECT name, sql LIKE 'CREATE VIRTUAL%' FROM sqlite_master WHERE type = 'table' "
                                  "AND name NOT LIKE 'sqlite_%'").fetchall()
        self.rebuilt = bool(objects)
        if any(name == "translations" for name, _ in objects):  # an index of kzbrief 0.1 held them: keep them
            self._keep_translations()
        size = self.path.stat().st_size
        if self.rebuilt and size > 50_000_000:  # seconds of work: say what it is
            self.notify(f"emptying {self.path} ({size / 1e9:.1f} GB), an index of another kzbrief version, to "
                        "build it again ...")
        # virtual tables first: dropping one drops its shadow tables
        drops = "".join(f'DROP TABLE IF EXISTS "{name.replace(chr(34), chr(34) * 2)}";\n'
                        for name, _ in sorted(objects, key=lambda item: not item[1]))
        self.db.execute("PRAGMA foreign_keys = OFF")  # an old index is emptied whole, not row by row
        try:
            self.db.executescript(
                f"BEGIN IMMEDIATE;\n{drops}{SCHEMA}\nPRAGMA application_id = {APPLICATION_ID};\n"
                f"INSERT INTO meta VALUES ('tokenizer', '{TOKENIZER_VERSION}');\n"
                f"PRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;")
        except BaseException:
            self.rollback()
            raise
        finally:
            self.db.execute("PRAGMA foreign_keys = ON")
        if self.rebuilt:
            self.db.execute("VACUUM")  # the old index's space back to the disk

    def _keep_translations(self) -> None:
        """Move an old index's translation memory into the user's (translate/memory.py) before it is emptied."""
        from kzbrief.translate.memory import TranslationMemory

        rows = self.db.execute("SELECT model, settings, source, target FROM translations").fetchall()
        by_key: dict[tuple[str, str], dict[str, str]] = {}
        for model, settings, source, target in rows:
            by_key.setdefault((model, settings), {})[source] = target
        with TranslationMemory(notify=self.notify) as memory:
            for (model, settings), translations in by_key.items():
                memory.remember(model, settings, translations)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_SECONDS)
        # Pages the full-text index's merges free are given back at the end of an ingest (reclaim_space). Only a
        # new file takes this at once (before WAL writes its header); an index of another schema, emptied, takes
        # it with the VACUUM that follows; on others it does nothing.
        db.execute("PRAGMA auto_vacuum = INCREMENTAL")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA cache_size = -65536")  # 64 MiB at most
        db.execute("PRAGMA foreign_keys = ON")
        return db

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the index's write lock (`INDEX.lock` beside it, kzbrief.locks): one process updates an index at a
        time; another waits, saying so after a second."""
        from kzbrief.locks import exclusive

        if self._writing:  # held already by this Store
            yield
            return
        with exclusive(Path(f"{self.path}.lock"), self.notify,
                       f"waiting for another kzbrief run to finish updating {self.path} ..."):
            self._writing = True
            try:
                yield
            finally:
                self._writing = False

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- transactions ---------------------------------------------------------------------------------------------

    def begin(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    def reclaim_space(self) -> None:
        """Give the file's free pages back to the disk (after an ingest: the full-text index's merges free a
        few percent of it). Call with the write lock held, outside a transaction."""
        if self.db.execute("PRAGMA freelist_count").fetchone()[0]:
            self.db.executescript("PRAGMA incremental_vacuum;")  # run to its end (execute() frees one page)

    # --- files ----------------------------------------------------------------------------------------------------

    def files(self) -> dict[str, FileRecord]:
        rows = self.db.execute("SELECT path, size, mtime_ns, sha256, status, reason, rules FROM files")
        return {row[0]: FileRecord(*row) for row in rows}

    def touch_file(self, path: str, size: int, mtime_ns: int) -> None:
        """The file's bytes are unchanged; only its stat changed (copied, touched)."""
        self.db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?", (size, mtime_ns, path))

    def remove_file(self, path: str) -> None:
        self._delete_documents(path)
        self.db.execute("DELETE FROM files WHERE path = ?", (path,))

    def put_file(self, record: FileRecord, encoding: str | None, removed_share: float,
                 documents: list[IndexedDocument], replace: bool = True) -> None:
        """Replace everything the index holds for one file (call inside a transaction); `replace=False` for a
        file the index has never seen, which has nothing to delete."""
        if replace:
            self._delete_documents(record.path)
        # A plain INSERT for a file said to be new: were it there, this fails instead of orphaning its rows.
        self.db.execute(
            f"INSERT {'OR REPLACE ' if replace else ''}INTO files (path, size, mtime_ns, sha256, encoding, status, "
            "reason, removed_share, rules) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record.path, record.size, record.mtime_ns, record.sha256, encoding, record.status, record.reason,
             removed_share, record.rules))
        eligible = 0
        for ordinal, entry in enumerate(documents):
            doc = entry.document
            spans = [(row[1], row[2]) for row in entry.sentences]
            gaps = text_gaps(doc.text, spans)
            first = self._next_sentence_id()
            key = self.db.execute(
                "INSERT INTO documents (id, path, ordinal, title, publisher, author, date, date_source, url, "
                "language, encoding, removed_share, first_sentence, sentences, gaps, text, blocks, signature) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc.id, record.path, ordinal, doc.title, doc.publisher, doc.author, doc.date, doc.date_source,
                 doc.url, doc.language, doc.encoding, doc.removed_share, first, len(entry.sentences),
                 gaps or "", doc.text if gaps is None else None, packed_blocks(doc.blocks),
                 entry.signature)).lastrowid
            self.db.executemany(
                "INSERT INTO sentences (id, doc, position, start, end, language, words, rejected, in_quote, stems, "
                "text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(first + n, key, row[0], row[1], row[2], None if row[3] == doc.language else row[3], *row[4:8],
                  doc.text[row[1]:row[2]]) for n, row in enumerate(entry.sentences)])
            self.db.executemany("INSERT INTO sentence_fts (rowid, tokens) VALUES (?, ?)",
                                [(first + n, row[8]) for n, row in enumerate(entry.sentences)])
            self.db.executemany("INSERT OR IGNORE INTO bands (band, hash, doc) VALUES (?, ?, ?)",
                                [(band, value, key) for band, value in entry.bands])
            eligible += sum(1 for row in entry.sentences if row[5] is None)  # row[5]: the rejecting rule
        self._count_eligible(eligible)

    def _count_eligible(self, change: int) -> None:
        if change:
            self.db.execute("UPDATE counts SET value = value + ? WHERE name = 'eligible_sentences'", (change,))

    def _next_sentence_id(self) -> int:
        return (self.db.execute("SELECT max(id) FROM sentences").fetchone()[0] or 0) + 1

    def _delete_documents(self, path: str) -> None:
        """A file's documents, their sentences (found by their ids), full-text rows and bands."""
        from kzbrief.ingest import dedup
        from kzbrief.text import tokenize

        eligible = 0
        for key, first, count, signature in self.db.execute(
                "SELECT key, first_sentence, sentences, signature FROM documents WHERE path = ?", (path,)
                ).fetchall():
            last = first + count - 1
            rows = self.db.execute("SELECT id, text, rejected FROM sentences WHERE id BETWEEN ? AND ?",
                                   (first, last)).fetchall()
            # A contentless index forgets a row when told its words again: the sentence's text, tokenized as it was.
            self.db.executemany("INSERT INTO sentence_fts (sentence_fts, rowid, tokens) VALUES ('delete', ?, ?)",
                                [(rowid, " ".join(tokenize(text))) for rowid, text, _ in rows])
            self.db.execute("DELETE FROM sentences WHERE id BETWEEN ? AND ?", (first, last))
            if signature is None:
                self.db.execute("DELETE FROM bands WHERE doc = ?", (key,))
            else:
                self.db.executemany("DELETE FROM bands WHERE band = ? AND hash = ? AND doc = ?",
                                    [(band, value, key) for band, value in dedup.bands(dedup.from_blob(signature))])
            eligible += sum(1 for _, _, rejected in rows if rejected is None)
        self.db.execute("DELETE FROM documents WHERE path = ?", (path,))
        self._count_eligible(-eligible)

    # --- near-duplicates ------------------------------------------------------------------------------------------

    def band_matches(self, doc_id: str, bands: list[tuple[int, int]]) -> list[tuple[str, bytes]]:
        """Other documents sharing one of these bands (this one's) with this one, with their signatures."""
        if not bands:
            return []
        pairs = ", ".join("(?, ?)" for _ in bands)
        return self.db.execute(  # each band looked up by the table's key
            f"WITH mine(band, hash) AS (VALUES {pairs}) SELECT DISTINCT d.id, d.signature FROM mine "
            "CROSS JOIN bands b ON b.band = mine.band AND b.hash = mine.hash JOIN documents d ON d.key = b.doc "
            "WHERE d.id != ?", [value for pair in bands for value in pair] + [doc_id]).fetchall()

    def link_duplicates(self, a: str, b: str, similarity: float) -> None:
        self.db.executemany("INSERT OR REPLACE INTO duplicates (doc_id, other_id, similarity) VALUES (?, ?, ?)",
                            [(a, b, similarity), (b, a, similarity)])

    def duplicates(self) -> dict[str, list[tuple[str, float]]]:
        result: dict[str, list[tuple[str, float]]] = {}
        for doc_id, other, value in self.db.execute(
                "SELECT doc_id, other_id, similarity FROM duplicates ORDER BY doc_id, other_id"):
            result.setdefault(doc_id, []).append((other, value))
        return result

    def signature_of(self, doc_id: str) -> bytes | None:
        row = self.db.execute("SELECT signature FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    # --- reading --------------------------------------------------------------------------------------------------

    def document_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def documents(self, ids: Iterable[str] | None = None) -> list[Document]:
        query = ("SELECT id, path, coalesce(text, gaps), blocks, title, publisher, author, date, date_source, url, "
                 "language, encoding, removed_share, text IS NULL, first_sentence, sentences FROM documents")
        if ids is None:
            rows = self.db.execute(query + " ORDER BY path, ordinal").fetchall()
        else:
            wanted = list(dict.fromkeys(ids))
            rows = self._by_ids(query + " WHERE id IN ({})", wanted)
            order = {doc_id: n for n, doc_id in enumerate(wanted)}
            rows.sort(key=lambda r: order[r[0]])
        return [_document(row[:13], self._joined(row[2], row[14], row[15]) if row[13] else row[2])
                for row in rows]

    def _joined(self, gaps: str, first: int, count: int) -> str:
        """A document's whole text: its gaps and its sentences."""
        return joined_text(gaps, self.db.execute(
            "SELECT start, end, text FROM sentences WHERE id BETWEEN ? AND ? ORDER BY id",
            (first, first + count - 1)))

    def sentence_spans(self, ids: Iterable[str]) -> dict[str, tuple[tuple[int, int], ...]]:
        """Each of these documents' sentence spans (start, end), in order."""
        spans: dict[str, list[tuple[int, int]]] = {}
        for doc_id, start, end in self._by_ids(
                "SELECT d.id, s.start, s.end FROM documents d JOIN sentences s ON s.id BETWEEN d.first_sentence "
                "AND d.first_sentence + d.sentences - 1 WHERE d.id IN ({}) ORDER BY s.id", list(dict.fromkeys(ids))):
            spans.setdefault(doc_id, []).append((start, end))
        return {doc_id: tuple(found) for doc_id, found in spans.items()}

    def titles(self, ids: Iterable[str]) -> dict[str, str]:
        """The title of each of these documents that has one."""
        return dict(self._by_ids("SELECT id, title FROM documents WHERE title IS NOT NULL AND id IN ({})",
                                 list(dict.fromkeys(ids))))

    def _by_ids(self, sql: str, ids: list[str]) -> list[tuple]:
        """The rows of `sql` (its 'IN ({})' filled with placeholders) for these ids, read 500 at a time (SQLite's
        limit on parameters)."""
        rows: list[tuple] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            rows += self.db.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
        return rows

    def sentence_rows(self, fts_query: str | None = None, eligible_only: bool = True, window=None,
                      ranked: bool = False, keep=None, limit: int | None = None) -> Iterator[SentenceRow]:
        """Sentences (with words and stems), optionally only those matching an FTS5 query (best first when
        `ranked`; read lazily, so a caller may stop early) and only from documents inside a date window.
        `keep(text)` sees every row before it is built: True builds it, False skips it, None stops the reading."""
        from kzbrief.text import tokenize

        sql = ("SELECT d.id, s.position, s.start, s.end, coalesce(s.language, d.language), s.rejected, s.stems, "
               "d.date, s.text, s.in_quote FROM sentences s "
               + ("JOIN sentence_fts f ON f.rowid = s.id " if fts_query is not None else "")
               + "JOIN documents d ON d.key = s.doc")
        conditions, params = [], []
        if fts_query is not None:
            conditions.append("sentence_fts MATCH ?")
            params.append(fts_query)
        if eligible_only:
            conditions.append("s.rejected IS NULL")
        condition, window_params = window_condition(window)
        if condition:
            conditions.append(condition)
            params += window_params
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        if fts_query is not None and ranked:
            sql += " ORDER BY f.rank"
            if limit is not None:  # lets SQLite keep only the best rows while it ranks
                sql += " LIMIT ?"
                params.append(limit)
        else:
            sql += " ORDER BY d.path, d.ordinal, s.position"
        try:
            cursor = self.db.execute(sql, params)
        except sqlite3.OperationalError as error:
            raise KzbriefError(f"search query not understood: {error}")
        for doc_id, position, start, end, language, rejected, stems, date, text, in_quote in cursor:
            if keep is not None:
                decision = keep(text)
                if decision is None:
                    break
                if not decision:
                    continue
            sentence = Sentence(doc_id, start, end, text, position, language, bool(in_quote))
            tokens = tokenize(text)
            yield SentenceRow(sentence, tokens, unpacked_stems(tokens, stems), rejected, date)

    def sentences_before(self, wanted: Iterable[Sentence], reach: int = 1
                         ) -> dict[tuple[str, int], list[tuple[Sentence, str]]]:
        """For each sentence, up to `reach` sentences before it in its document, closest first, each with the
        text between it and the one after it."""
        found = {}
        texts: dict[str, str] = {}
        for sentence in wanted:
            rows = self.db.execute(
                "SELECT s.position, s.start, s.end, coalesce(s.language, d.language), s.text, s.in_quote "
                "FROM documents d JOIN sentences s ON s.id BETWEEN d.first_sentence + ? AND d.first_sentence + ? "
                "WHERE d.id = ? ORDER BY s.id DESC",
                (sentence.position - reach, sentence.position - 1, sentence.doc_id)).fetchall()
            chain, after = [], sentence
            for position, start, end, language, text, in_quote in rows:
                if position != after.position - 1:
                    break
                previous = Sentence(sentence.doc_id, start, end, text, position, language, bool(in_quote))
                if sentence.doc_id not in texts:
                    [document] = self.documents([sentence.doc_id])
                    texts[sentence.doc_id] = document.text
                chain.append((previous, texts[sentence.doc_id][end:after.start]))
                after = previous
            found[(sentence.doc_id, sentence.position)] = chain
        return found

    def documents_in_window(self, window) -> int:
        condition, params = window_condition(window)
        sql = "SELECT count(*) FROM documents d" + (f" WHERE {condition}" if condition else "")
        return self.db.execute(sql, params).fetchone()[0]

    def count_matches(self, fts_query: str, window=None) -> int:
        """How many eligible sentences (inside the window) an FTS5 query matches."""
        conditions, params = ["sentence_fts MATCH ?", "s.rejected IS NULL"], [fts_query]
        condition, window_params = window_condition(window)
        if condition:
            conditions.append(condition)
            params += window_params
        return self.db.execute(
            "SELECT count(*) FROM sentences s JOIN sentence_fts f ON f.rowid = s.id JOIN documents d ON "
            f"d.key = s.doc WHERE {' AND '.join(conditions)}", params).fetchone()[0]

    def languages(self) -> dict[str, int]:
        """How many documents the index holds in each language."""
        return dict(self.db.execute("SELECT language, count(*) FROM documents GROUP BY language").fetchall())

    def eligible_sentences(self) -> int:
        """How many sentences a brief may use: the collection size for the concepts' rarity."""
        return self.db.execute("SELECT value FROM counts WHERE name = 'eligible_sentences'").fetchone()[0]

    def term_matches(self, prefix: str) -> int:
        """How many sentences hold a word starting with `prefix` (an upper bound: a sentence with two such words
        counts twice), from the full-text index's own vocabulary, in milliseconds."""
        if not getattr(self, "_vocabulary", False):
            self.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.sentence_vocabulary "
                            "USING fts5vocab(main, 'sentence_fts', 'row')")
            self._vocabulary = True
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else ""
        return self.db.execute("SELECT coalesce(sum(doc), 0) FROM temp.sentence_vocabulary "
                               "WHERE term >= ? AND term < ?", (prefix, end)).fetchone()[0]

    def stories(self) -> dict[str, str]:
        """Each duplicated document's story: the smallest id among the documents linked to it (transitively)."""
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        for a, b in self.db.execute("SELECT doc_id, other_id FROM duplicates"):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        return {doc: find(doc) for doc in list(parent)}


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


def _document(row, text: str) -> Document:
    (doc_id, path, _, blocks, title, publisher, author, date, date_source, url, language, encoding,
     removed_share) = row
    return Document(
        id=doc_id, source_file=path, text=text, blocks=unpacked_blocks(blocks),
        title=title, publisher=publisher, author=author, date=date, date_source=date_source, url=url,
        language=language, encoding=encoding or "utf-8", removed_share=removed_share)
