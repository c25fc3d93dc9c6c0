"""Incremental ingestion into the index: only new and changed files are processed, deleted ones leave.

Unchanged files are recognised by size and modification time without being read; a file whose stat changed but
whose bytes did not (copied, touched) is recognised by its SHA-256 and not processed again. Processing (decode,
clean, split, stem, MinHash) runs in worker processes, one per core; the main process alone writes to SQLite, in
transactions of a bounded size, so a killed ingest leaves a consistent index and the next run completes it.
"""

from __future__ import annotations

import errno
import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kzbrief.errors import Skipped
from kzbrief.ingest import dedup
from kzbrief.ingest.corpus import check_corpus_dir
from kzbrief.ingest.process import process_bytes, sentence_rows
from kzbrief.ingest.manifest import Manifest, load_manifest
from kzbrief.ingest.readers import UnreadableFile, corpus_files, read_bytes

BATCH_FILES, BATCH_SECONDS = 500, 2.0  # commit at least this often, so a killed ingest loses little
PARALLEL_FROM = 64  # below this many files to process, worker processes cost more than they save


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    reread: int = 0  # files read again because this version's processing rules differ from theirs
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)  # readable files with records left out
    documents: int = 0
    duplicate_pairs: int = 0
    rebuilt: bool = False
    seconds: float = 0.0


@dataclass
class _Job:
    path: Path
    root: Path
    relative: str
    size: int
    mtime_ns: int
    previous_sha: str | None


@dataclass
class _Result:
    job: _Job
    sha256: str
    same_bytes: bool = False
    reason: str | None = None  # set when the file is skipped
    encoding: str | None = None
    removed_share: float = 0.0
    problems: str | None = None
    entries: list = field(default_factory=list)


_manifest: Manifest | None = None  # set in each worker by _init_worker


def _init_worker(manifest: Manifest, worker: bool = False) -> None:
    global _manifest
    _manifest = manifest
    if worker:  # Ctrl-C is the main process's to handle: it stops the pool and says what was kept
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _process(job: _Job) -> _Result:
    """All the work on one file that needs no index: runs in a worker process."""
    try:
        data = read_bytes(job.path, job.root)
    except UnreadableFile as error:
        return _Result(job, f"unread:{job.size}:{job.mtime_ns}", reason=str(error))
    digest = hashlib.sha256(data).hexdigest()
    if digest == job.previous_sha:
        return _Result(job, digest, same_bytes=True)
    try:
        processed = process_bytes(job.path, job.relative, data, _manifest or Manifest())
    except UnreadableFile as error:
        return _Result(job, digest, reason=str(error))
    from kzbrief.store import indexed_document

    entries = []
    for document in processed.documents:
        rows = sentence_rows(document)
        signature = dedup.signature(document.text, [token for row in rows for token in row.tokens])
        entries.append(indexed_document(document, rows, dedup.to_blob(signature), dedup.bands(signature)))
    return _Result(job, digest, encoding=processed.encoding, removed_share=processed.removed_share,
                   problems="; ".join(processed.problems) or None, entries=entries)


def _results(jobs: list[_Job], manifest: Manifest) -> Iterator[_Result]:
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        _init_worker(manifest)
        yield from map(_process, jobs)
        return
    context = multiprocessing.get_context("fork")  # workers inherit the imported modules: no start-up cost
    with context.Pool(workers, initializer=_init_worker, initargs=(manifest, True)) as pool:
        yield from pool.imap(_process, jobs, chunksize=16)


def ingest_corpus(root: Path, store, progress: Callable[[int, int], None] | None = None) -> IngestReport:
    """Bring the index up to date with the corpus folder."""
    started = time.perf_counter()
    check_corpus_dir(root)
    manifest = load_manifest(root)
    report = IngestReport(rebuilt=store.rebuilt)
    with store.writing():  # one run updates an index at a time; what it knows is read under the lock
        _update(root, store, manifest, report, progress)
    report.skipped.sort(key=lambda s: s.path)
    report.documents = store.document_count()
    report.seconds = time.perf_counter() - started
    return report


def _update(root: Path, store, manifest: Manifest, report: IngestReport,
            progress: Callable[[int, int], None] | None) -> None:
    from kzbrief.schema import RULES_VERSION
    from kzbrief.store import FileRecord

    known = store.files()
    seen: set[str] = set()
    jobs: list[_Job] = []
    prefix = os.path.join(os.fspath(root), "")
    for path in corpus_files(root):
        name = os.fspath(path)  # relative to the corpus, '/' separators (cut from the string: pathlib is slow here)
        relative = name[len(prefix):].replace(os.sep, "/") if name.startswith(prefix) else \
            path.relative_to(root).as_posix()
        seen.add(relative)
        previous = known.get(relative)
        try:  # a link is judged by what it points to; one to nothing, by itself (reading it says why it is skipped)
            try:
                stat = path.stat()
            except OSError as broken:  # a link to nothing, or a loop of links
                if broken.errno not in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
                    raise
                stat = path.lstat()
        except OSError as error:
            report.skipped.append(Skipped(relative, f"cannot be read ({error.strerror or error})"))
            continue
        if previous and previous.rules != RULES_VERSION:  # read with other rules: read it again, whatever its bytes
            report.reread += 1
            jobs.append(_Job(path, root, relative, stat.st_size, stat.st_mtime_ns, None))
        elif previous and previous.size == stat.st_size and previous.mtime_ns == stat.st_mtime_ns:
            _count_unchanged(previous, relative, report)
        else:
            jobs.append(_Job(path, root, relative, stat.st_size, stat.st_mtime_ns,
                             previous.sha256 if previous else None))
    batch: list[str] = []  # documents added since the last commit: linked to their duplicates before it
    batch_started, in_batch = time.perf_counter(), 0
    store.begin()
    try:
        for done, result in enumerate(_results(jobs, manifest), start=1):
            job, previous = result.job, known.get(result.job.relative)
            if result.same_bytes:
                store.touch_file(job.relative, job.size, job.mtime_ns)
                _count_unchanged(previous, job.relative, report)
            else:
                status = "skipped" if result.reason else "ok"
                record = FileRecord(job.relative, job.size, job.mtime_ns, result.sha256, status,
                                    result.reason or result.problems)
                store.put_file(record, result.encoding, result.removed_share, result.entries,
                               replace=previous is not None)
                if result.reason:
                    report.skipped.append(Skipped(job.relative, result.reason))
                else:
                    (report.updated if previous else report.added).append(job.relative)
                    batch += [entry.document.id for entry in result.entries]
                    if result.problems:
                        report.notes.append(Skipped(job.relative, result.problems))
            in_batch += 1
            if in_batch >= BATCH_FILES or time.perf_counter() - batch_started > BATCH_SECONDS:
                # linked in the transaction that commits them: a run killed later loses no link
                report.duplicate_pairs += _link_duplicates(store, batch)
                store.commit()
                store.begin()
                batch, batch_started, in_batch = [], time.perf_counter(), 0
            if progress:
                progress(done, len(jobs))
        for relative in sorted(set(known) - seen):
            store.remove_file(relative)
            report.removed.append(relative)
        report.duplicate_pairs += _link_duplicates(store, batch)
        store.commit()
        store.reclaim_space()
    except BaseException as error:
        store.rollback()
        if isinstance(error, KeyboardInterrupt):  # Ctrl-C: say what is kept; the index is whole either way
            from kzbrief.errors import KzbriefError

            now = store.files()  # what the committed batches hold, counted where it is: in the index
            kept = sum(1 for job in jobs if (record := now.get(job.relative)) is not None
                       and (record.size, record.mtime_ns) == (job.size, job.mtime_ns))
            raise KzbriefError(f"interrupted: {kept} of the {len(jobs)} new or changed file(s) were indexed and "
                               "are kept; the next run reads the rest", exit_code=130) from None
        raise


def _count_unchanged(previous, relative: str, report: IngestReport) -> None:
    """An unchanged file is reported as it was last time: skipped with its reason, or read (with the records it
    had to leave out, every time, until the file is fixed)."""
    if previous.status == "skipped":
        report.skipped.append(Skipped(relative, previous.reason or "unreadable"))
    else:
        report.unchanged += 1
        if previous.reason:
            report.notes.append(Skipped(relative, previous.reason))


def _link_duplicates(store, doc_ids: list[str]) -> int:
    """Link each new document with the indexed documents that carry the same story; returns the pairs found."""
    pairs: set[frozenset[str]] = set()
    for doc_id in doc_ids:
        mine = store.signature_of(doc_id)
        if mine is None:
            continue
        signature = dedup.from_blob(mine)
        for other_id, blob in store.band_matches(doc_id, dedup.bands(signature)):
            value = dedup.similarity(signature, dedup.from_blob(blob))
            if value >= dedup.THRESHOLD:
                store.link_duplicates(doc_id, other_id, round(value, 3))
                pairs.add(frozenset((doc_id, other_id)))
    return len(pairs)
