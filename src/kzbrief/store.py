"""The index: SQLite with FTS5. Files, documents, sentences (with offsets), near-duplicate links.

One file's documents are replaced in one transaction, and the files table is updated in the same transaction, so
an ingest killed at any moment leaves a consistent index that the next run completes. One process writes at a
time (`Store.writing`, a lock file beside the index); others wait, and readers never block.

Beside it: the schema, the mark, versions and upgrades (schema.py), how rows are packed (packing.py), the search
syntax (search.py). A file that is not a kzbrief index is never touched (kzbrief refuses it, naming it).
Translations are not kept here but in the user's cache (translate/memory.py): an index may be deleted at will.

Longer than most modules (about 450 lines) for a reason: it is one class over one SQLite file, whose reading and
writing share one connection, one write lock and one transaction discipline; split, each half would need the other.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from kzbrief.errors import KzbriefError, environment_problem
from kzbrief.model import Document, Sentence, SentenceRow
from kzbrief.packing import joined_text, packed_blocks, packed_stems, text_gaps, unpacked_blocks, unpacked_stems
from kzbrief.schema import RULES_VERSION, create, current, is_kzbrief_index, marked
from kzbrief.search import window_condition

INDEX_DIR, INDEX_NAME = ".kzbrief", "index.sqlite3"
BUSY_SECONDS = 60.0  # how long a reader waits for a writer's commit (SQLite's busy timeout)
CHECK_SECONDS = 2.0  # how long opening waits for a file locked by someone else before saying so


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


def default_index_path(corpus: Path) -> Path:
    return corpus / INDEX_DIR / INDEX_NAME


class Store:
    def __init__(self, path: Path, notify: Callable[[str], None] | None = None):
        self.path = path
        self.rebuilt = False
        self._writing = False
        self.db: sqlite3.Connection | None = None
        self.notify = notify or (lambda message: print(f"kzbrief: {message}", file=sys.stderr))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if marked(path):  # kzbrief's, as its header says (read without SQLite: no lock can make it wait)
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
        if current(self.db):
            return
        with self.writing():
            self.db.close()
            self.db = self._connect()
            if not current(self.db):
                self.rebuilt = create(self.db, self.path, self.notify)

    def _judge(self, patient: bool) -> None:
        """Refuse a file that is not a kzbrief index (nor may become one), naming it, and touch nothing. A file
        locked while it is judged is another program's, unless kzbrief's lock file is beside it (a kzbrief run is
        creating the index): then, when `patient`, the judgement waits for the write lock."""
        with closing(sqlite3.connect(self.path, isolation_level=None, timeout=CHECK_SECONDS)) as db:
            try:
                ours = is_kzbrief_index(self.path, db)
            except sqlite3.OperationalError:  # locked: the one error the judgement leaves to its caller
                if patient and Path(f"{self.path}.lock").exists():
                    return
                raise KzbriefError(f"the index {self.path} is held by another program (database is locked); "
                                   f"try again when it is done")
        if not ours:
            raise KzbriefError(f"{self.path} is not a kzbrief index; kzbrief never overwrites a file it did not "
                               f"write: give another index path, or remove that file yourself",
                               cli=f"{self.path} is not a kzbrief index; kzbrief never overwrites a file it did not "
                                   f"write: give another --index, or remove that file yourself")

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
        query = ("SELECT id, path, blocks, title, publisher, author, date, date_source, url, language, encoding, "
                 "removed_share, text, gaps, first_sentence, sentences FROM documents")
        if ids is None:
            rows = self.db.execute(query + " ORDER BY path, ordinal").fetchall()
        else:
            wanted = list(dict.fromkeys(ids))
            rows = self._by_ids(query + " WHERE id IN ({})", wanted)
            order = {doc_id: n for n, doc_id in enumerate(wanted)}
            rows.sort(key=lambda r: order[r[0]])
        return [_document(row[:12], row[12] if row[12] is not None else self._joined(*row[13:])) for row in rows]

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


def _document(row, text: str) -> Document:
    """A Document from a row of `documents` (its metadata columns) and its whole text (Store._joined)."""
    doc_id, path, blocks, title, publisher, author, date, date_source, url, language, encoding, removed_share = row
    return Document(
        id=doc_id, source_file=path, text=text, blocks=unpacked_blocks(blocks),
        title=title, publisher=publisher, author=author, date=date, date_source=date_source, url=url,
        language=language, encoding=encoding or "utf-8", removed_share=removed_share)
