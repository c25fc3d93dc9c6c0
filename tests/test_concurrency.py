"""Two kzbrief runs on one index at once: the second waits for the first (and says so), neither fails, and the
index is whole afterwards. Real processes, a real SQLite index."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from kzbrief.ingest import ingest_corpus
from kzbrief.schema import RULES_VERSION
from kzbrief.store import Store
from tests.conftest import RU_SAMPLE, SAMPLE_CORPUS

KZBRIEF = Path(sys.executable).with_name("kzbrief")


def corpus_of(tmp_path, copies: int) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus, ignore=shutil.ignore_patterns(".kzbrief"))
    for n in range(copies):
        shutil.copy(RU_SAMPLE, corpus / f"news-{n}.jsonl")
    return corpus


def whole(index: Path) -> None:
    """The index is consistent: integrity, one full-text row per sentence, every file's documents present."""
    db = sqlite3.connect(index)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sentences = db.execute("SELECT count(*) FROM sentences").fetchone()[0]
        assert db.execute("SELECT count(*) FROM sentence_fts").fetchone()[0] == sentences > 0
        assert db.execute("SELECT count(*) FROM files WHERE status = 'ok' AND path NOT IN "
                          "(SELECT path FROM documents)").fetchone()[0] == 0
        eligible = db.execute("SELECT count(*) FROM sentences WHERE rejected IS NULL").fetchone()[0]
        assert db.execute("SELECT value FROM counts WHERE name = 'eligible_sentences'").fetchone()[0] == eligible
    finally:
        db.close()


def test_a_run_waits_for_the_one_updating_the_index_and_says_so(tmp_path):
    corpus = corpus_of(tmp_path, 1)
    index = tmp_path / "index.sqlite3"
    said = tmp_path / "stderr.txt"
    with Store(index) as holder, holder.writing(), said.open("w") as stderr:  # another run is updating the index
        process = subprocess.Popen([str(KZBRIEF), "ingest", "--corpus", str(corpus), "--index", str(index)],
                                   stdout=subprocess.PIPE, stderr=stderr, text=True)
        deadline = time.time() + 60  # held until the second run says it waits (however slow its start)
        while "waiting for another kzbrief run" not in said.read_text() and time.time() < deadline:
            assert process.poll() is None, "the second run must wait, not fail"
            time.sleep(0.1)
        assert process.poll() is None, "the second run must wait, not fail"
    out, _ = process.communicate(timeout=120)
    err = said.read_text()
    assert process.returncode == 0, err
    assert f"waiting for another kzbrief run to finish updating {index}" in err
    assert "6 added" in out and "52 documents" in out
    whole(index)


def test_builds_started_together_on_a_fresh_corpus_all_succeed_and_leave_a_whole_index(tmp_path):
    corpus = corpus_of(tmp_path, 6)
    index = tmp_path / "index.sqlite3"
    runs = [subprocess.Popen([str(KZBRIEF), "build", "--corpus", str(corpus), "--index", str(index), "--query",
                              "Astana talks", "-f", "md", "--out", str(tmp_path / f"out-{n}")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(3)]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    assert all(code == 0 for code, _ in results), results
    whole(index)
    texts = {(tmp_path / f"out-{n}" / "query-astana-talks.en.md").read_text(encoding="utf-8").split("\n", 6)[6]
             for n in range(3)}
    assert len(texts) == 1  # the same brief, whichever run indexed the corpus
    with Store(index) as store:
        assert len(store.files()) == 5 + 6


def test_an_upgrade_that_changes_the_rules_reads_the_files_again_and_keeps_the_rest(tmp_path):
    """Files read by older rules are read again on the next ingest, and the run says how many; the index itself
    (its other files, their near-duplicate links) stays."""
    corpus = corpus_of(tmp_path, 1)
    index = tmp_path / "index.sqlite3"
    with Store(index) as store:
        ingest_corpus(corpus, store)
        store.db.execute("UPDATE files SET rules = ? WHERE path LIKE '%.txt'", (RULES_VERSION - 1,))
    result = subprocess.run([str(KZBRIEF), "ingest", "--corpus", str(corpus), "--index", str(index)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "5 file(s) read again under this version's rules" in result.stdout
    assert "5 updated" in result.stdout
    with Store(index) as store:
        assert {r.rules for r in store.files().values()} == {RULES_VERSION}
        again = ingest_corpus(corpus, store)
    assert again.reread == 0 and again.unchanged == 6
    whole(index)


def _open_and_count(index: str, start, problems) -> None:
    """A run's first steps on the index: open it (creating it if need be), read, close; twice, as `weekly` does."""
    from kzbrief.errors import KzbriefError

    start.wait()
    try:
        for _ in range(2):
            with Store(Path(index), notify=lambda message: None) as store:
                store.document_count()
    except KzbriefError as error:
        problems.put(str(error))


def test_runs_opening_a_new_index_at_the_same_instant_never_fail(tmp_path):
    """The index is created in one transaction under the write lock, and judged under it too: a run that looks
    while another creates it never finds 'part of an index' ('not a kzbrief index') nor a locked file."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    problems = context.Queue()
    for trial in range(12):
        index = tmp_path / f"index-{trial}.sqlite3"
        start = context.Barrier(4)
        runs = [context.Process(target=_open_and_count, args=(str(index), start, problems)) for _ in range(4)]
        for run in runs:
            run.start()
        for run in runs:
            run.join(60)
        assert [run.exitcode for run in runs] == [0] * 4
        assert problems.empty(), problems.get()
        with Store(index) as store:
            assert not store.rebuilt and store.document_count() == 0
