"""The index: incremental ingest, schema versions, damage, near-duplicates, exports, and a killed ingest."""

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kzbrief.config import topic_from_query
from kzbrief.ingest import ingest_corpus
from kzbrief.query import understand
from kzbrief.select import fts_query, select_from_store
from kzbrief.store import Store
from tests.conftest import ROOT, RU_SAMPLE, run_cli

sys.path.insert(0, str(ROOT / "bench"))
from make_corpus import make_corpus  # noqa: E402


def ingest(corpus: Path, index: Path):
    with Store(index) as store:
        return ingest_corpus(corpus, store)


def test_incremental_add_unchanged_touch_update_remove(corpus_copy, tmp_path):
    index = tmp_path / "index.sqlite3"
    first = ingest(corpus_copy, index)
    assert (len(first.added), first.documents, first.skipped) == (5, 7, [])
    second = ingest(corpus_copy, index)
    assert (second.added, second.updated, second.unchanged) == ([], [], 5)

    touched = corpus_copy / "000_2f08f2a86e353ad2.txt"
    os.utime(touched, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert ingest(corpus_copy, index).unchanged == 5  # same bytes, new mtime: not processed again

    edited = corpus_copy / "002_9636803f3d982e4f.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("landlocked nation", "landlocked country"),
                      encoding="utf-8")
    (corpus_copy / "001_42fa219470ae1a0c.txt").unlink()
    third = ingest(corpus_copy, index)
    assert third.updated == ["002_9636803f3d982e4f.txt"] and third.removed == ["001_42fa219470ae1a0c.txt"]
    assert third.documents == 4
    with Store(index) as store:
        [doc] = store.documents(["002_9636803f3d982e4f"])
        assert "landlocked country" in doc.text
        orphans = store.db.execute("SELECT count(*) FROM sentences s LEFT JOIN documents d ON d.key = s.doc "
                                   "WHERE d.id IS NULL").fetchone()[0]
        fts_orphans = store.db.execute("SELECT count(*) FROM sentence_fts WHERE rowid NOT IN "
                                       "(SELECT id FROM sentences)").fetchone()[0]
        band_orphans = store.db.execute("SELECT count(*) FROM bands WHERE doc NOT IN "
                                        "(SELECT key FROM documents)").fetchone()[0]
        assert orphans == fts_orphans == band_orphans == 0


def test_stored_sentences_keep_their_offsets(corpus_copy, tmp_path):
    index = tmp_path / "index.sqlite3"
    ingest(corpus_copy, index)
    with Store(index) as store:
        documents = {d.id: d for d in store.documents()}
        rows = list(store.sentence_rows(eligible_only=False))
        assert len(rows) > 150
        for row in rows:
            s = row.sentence
            assert documents[s.doc_id].text[s.start:s.end] == s.text
        rejected = {r.rejected for r in rows} - {None}
        assert "cut_off" in rejected


def test_a_documents_text_is_given_back_whole_from_its_sentences_and_gaps(corpus_copy, tmp_path):
    """The index keeps a document's text as its sentences and the text between them: read back, it is the very
    text the ingest made, character for character, in both languages (the Russian sample too)."""
    from kzbrief.ingest import read_corpus

    shutil.copy(RU_SAMPLE, corpus_copy / "ru.jsonl")
    index = tmp_path / "index.sqlite3"
    ingest(corpus_copy, index)
    made = {d.id: d for d in read_corpus(corpus_copy).documents}
    with Store(index) as store:
        stored = {d.id: d for d in store.documents()}
        assert store.db.execute("SELECT count(*) FROM documents WHERE text IS NOT NULL").fetchone()[0] == 0
    assert len(stored) == len(made) > 40
    for doc_id, document in made.items():
        assert stored[doc_id].text == document.text, doc_id
        assert stored[doc_id].blocks == document.blocks, doc_id


def test_spans_that_cannot_rebuild_a_text_keep_the_whole_text(tmp_path):
    """Sentences that overlap or run backwards (no splitter makes them; a future one might) cannot give the text
    back with its gaps: the document then keeps its whole text, and every sentence still reads right."""
    from kzbrief.model import Block, Document
    from kzbrief.packing import joined_text, text_gaps
    from kzbrief.store import FileRecord, IndexedDocument

    text = "First sentence here. Second one there. Third and last."
    assert joined_text(text_gaps(text, [(0, 20), (21, 38)]), [(0, 20, text[:20]), (21, 38, text[21:38])]) == text
    assert text_gaps(text, [(0, 20), (10, 38)]) is None and text_gaps(text, [(21, 38), (0, 20)]) is None
    document = Document(id="a", source_file="a.txt", text=text, blocks=(Block(0, len(text), "paragraph", "en"),),
                        language="en")
    rows = [(0, 0, 38, "en", 6, None, 0, "", "first sentence here second one there"),
            (1, 21, 54, "en", 6, None, 0, "", "second one there third and last")]
    with Store(tmp_path / "index.sqlite3") as store:
        store.begin()
        store.put_file(FileRecord("a.txt", 1, 1, "0" * 64, "ok", None), "utf-8", 0.0,
                       [IndexedDocument(document, rows, b"", [])], replace=False)
        store.commit()
        [back] = store.documents(["a"])
        assert back.text == text
        assert [r.sentence.text for r in store.sentence_rows(eligible_only=False)] == [text[0:38], text[21:54]]
        store.begin()
        store.remove_file("a.txt")
        store.commit()
        assert store.db.execute("SELECT count(*) FROM sentences").fetchone()[0] == 0


def test_an_ingest_gives_freed_pages_back_to_the_disk(tmp_path):
    """Files removed from the corpus leave no free pages in the index: the file shrinks with them."""
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 300)
    index = tmp_path / "index.sqlite3"
    sizes = []
    for _ in range(2):
        ingest(corpus, index)
        with Store(index) as store:
            assert store.db.execute("PRAGMA freelist_count").fetchone()[0] == 0
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file itself, not its write-ahead log
        sizes.append(index.stat().st_size)
        for path in sorted(corpus.rglob("*.txt"))[150:]:  # whole pages of rows freed
            path.unlink()
    assert sizes[1] < 0.8 * sizes[0]


def test_full_text_search_finds_word_forms_in_both_languages(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(RU_SAMPLE, corpus / "ru.jsonl")
    (corpus / "en.txt").write_text("Talks\n\nThe policies of both sides were discussed at the negotiations in "
                                   "Astana, where mediators met.\n", encoding="utf-8")
    index = tmp_path / "index.sqlite3"
    ingest(corpus, index)
    with Store(index) as store:
        for query, expected in [("policy", "policies"), ("negotiation", "negotiations"),
                                ("mediator", "mediators"), ("паводками", "паводк"), ("военный", "военн")]:
            topic = topic_from_query(query)
            texts = [r.sentence.text.lower() for r in store.sentence_rows(fts_query(understand(topic)))]
            assert any(expected in t for t in texts), query
            assert select_from_store(store, topic), query


@pytest.mark.parametrize("change", ["PRAGMA user_version = 0", "UPDATE meta SET value = '0' WHERE key = 'tokenizer'"])
def test_an_index_of_another_schema_or_tokenizer_is_rebuilt(corpus_copy, tmp_path, change):
    index = tmp_path / "index.sqlite3"
    ingest(corpus_copy, index)
    db = sqlite3.connect(index)
    db.execute(change)
    db.commit()
    db.close()
    with Store(index) as store:
        assert store.rebuilt
        report = ingest_corpus(corpus_copy, store)
    assert report.rebuilt and len(report.added) == 5 and report.documents == 7


@pytest.mark.parametrize("make", ["text", "sqlite", "locked"])
def test_a_file_that_is_no_kzbrief_index_is_refused_and_left_as_it_was(corpus_copy, tmp_path, make):
    """--index pointed at a user's file (text, another program's SQLite database): refused with one line naming
    it, never deleted or written. One locked by another program is not taken for a damaged index either."""
    from kzbrief.errors import KzbriefError

    index = tmp_path / "precious.db"
    if make == "text":
        index.write_bytes(b"this is not a database" * 100)
    else:
        other = sqlite3.connect(index)
        other.execute("CREATE TABLE notes (body TEXT)")
        other.execute("INSERT INTO notes VALUES ('keep me')")
        other.commit()
        if make == "locked":
            other.execute("BEGIN EXCLUSIVE")
    before = index.read_bytes()
    with pytest.raises(KzbriefError, match="not a kzbrief index|held by another program"):
        ingest(corpus_copy, index)
    assert index.read_bytes() == before
    assert not Path(f"{index}-wal").exists() or make == "locked"
    assert not Path(f"{index}.lock").exists()  # nothing written beside it either


def test_an_index_of_an_earlier_kzbrief_without_the_mark_is_rebuilt(corpus_copy, tmp_path):
    index = tmp_path / "index.sqlite3"
    ingest(corpus_copy, index)
    db = sqlite3.connect(index)
    db.execute("PRAGMA application_id = 0")
    db.execute("PRAGMA user_version = 7")
    db.close()
    report = ingest(corpus_copy, index)
    assert report.rebuilt and report.documents == 7
    assert sqlite3.connect(index).execute("PRAGMA application_id").fetchone()[0] == 0x4B5A4252


def test_an_index_of_another_schema_is_emptied_in_place_while_a_reader_holds_it(corpus_copy, tmp_path):
    """An upgrade rebuilds the index in the same file (never unlinked under another process): a reader that had it
    open keeps reading the rows it read, and the rebuilt index is whole and current."""
    from kzbrief.schema import SCHEMA_VERSION

    index = tmp_path / "index.sqlite3"
    ingest(corpus_copy, index)
    db = sqlite3.connect(index)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    db.commit()
    db.close()
    inode = index.stat().st_ino
    reader = sqlite3.connect(index, isolation_level=None)
    reader.execute("BEGIN")
    before = reader.execute("SELECT count(*) FROM documents").fetchone()[0]
    report = ingest(corpus_copy, index)
    assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == before == 7  # its snapshot
    reader.execute("COMMIT")
    reader.close()
    assert report.rebuilt and report.documents == 7 and index.stat().st_ino == inode
    with Store(index) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and not store.rebuilt


def test_same_article_twice_and_republished_story_are_linked(corpus_copy, tmp_path):
    original = (corpus_copy / "004_bb89984fb5e86af4.txt").read_text(encoding="utf-8")
    (corpus_copy / "saved-again.txt").write_text(original, encoding="utf-8")
    paragraphs = [p for p in original.split("\n\n") if len(p.split()) > 40]
    republished = "Kazakhstan as a venue for peace talks\n\nShare Tweet\n\n" + "\n\n".join(paragraphs[:-2]) + \
        "\n\nThis article first appeared elsewhere and is republished with permission of its author here.\n"
    (corpus_copy / "other-outlet.txt").write_text(republished, encoding="utf-8")
    index = tmp_path / "index.sqlite3"
    report = ingest(corpus_copy, index)
    with Store(index) as store:
        links = store.duplicates()
    assert {other for other, _ in links["004_bb89984fb5e86af4"]} == {"saved-again", "other-outlet"}
    assert dict(links["saved-again"])["004_bb89984fb5e86af4"] == 1.0
    assert report.duplicate_pairs == 3
    assert "000_2f08f2a86e353ad2" not in links and "002_9636803f3d982e4f" not in links


def test_russian_export_is_ingested_with_its_metadata(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(RU_SAMPLE, corpus / "ru-news-sample.jsonl")
    index = tmp_path / "index.sqlite3"
    report = ingest(corpus, index)
    assert report.documents == 45 and not report.skipped
    with Store(index) as store:
        [doc] = store.documents(["ru-news-sample#1"])
    assert doc.language == "ru" and doc.publisher == "tass.ru" and doc.date == "2019-08-10"
    assert doc.date_source == "export" and doc.url.startswith("https://tass.ru/")
    assert doc.title.startswith("Военные завершили работы")
    assert doc.text.startswith("ТАСС, 10 августа.")


def test_manifest_beats_html_metadata(tmp_path):
    from tests.test_readers import ARTICLE_HTML

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "page.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (corpus / "manifest.toml").write_text('[[document]]\nfile = "page.html"\npublisher = "Steppe Herald Daily"\n',
                                          encoding="utf-8")
    index = tmp_path / "index.sqlite3"
    ingest(corpus, index)
    with Store(index) as store:
        [doc] = store.documents()
    assert doc.publisher == "Steppe Herald Daily" and doc.author == "Aigerim Sultanova"
    assert (doc.date, doc.date_source) == ("2025-03-14", "html")
    assert doc.title == "Astana offers to host talks"


def test_bad_files_are_reported_and_the_rest_is_ingested(corpus_copy, tmp_path):
    (corpus_copy / "scan.pdf").write_bytes(b"%PDF-1.4 binary")
    (corpus_copy / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0JFIF")
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "heading-only.txt").write_text("Just a headline\n", encoding="utf-8")
    (corpus_copy / "truncated.html").write_text("<html><body><p>Kazakhstan offered to", encoding="utf-8")
    with (corpus_copy / "huge.txt").open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # sparse 50 MB
    (corpus_copy / "partial.jsonl").write_text('{"text": "Казахстан предложил провести переговоры в Астане '
                                               'в следующем месяце, сообщил МИД."}\n{broken\n', encoding="utf-8")
    index = tmp_path / "index.sqlite3"
    report = ingest(corpus_copy, index)
    reasons = {s.path: s.reason for s in report.skipped}
    assert set(reasons) == {"scan.pdf", "photo.txt", "empty.txt", "heading-only.txt", "truncated.html",
                            "huge.txt"}
    assert "too large" in reasons["huge.txt"] and "JPEG" in reasons["photo.txt"]
    assert [n.path for n in report.notes] == ["partial.jsonl"] and "line 2" in report.notes[0].reason
    assert report.documents == 8
    again = ingest(corpus_copy, index)  # skipped files are remembered, and still reported
    assert {s.path for s in again.skipped} == set(reasons) and again.unchanged == 6


def ingest_started(tmp_path: Path):
    """`kzbrief ingest` of 1,200 articles running in a process group of its own, once it has committed some:
    (corpus, index, the kzbrief script, the process, the files committed so far)."""
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 1200)
    index = tmp_path / "index.sqlite3"
    exe = Path(sys.executable).with_name("kzbrief")
    process = subprocess.Popen([str(exe), "ingest", "--corpus", str(corpus), "--index", str(index)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline, committed = time.time() + 120, 0
    while time.time() < deadline and process.poll() is None and not committed:
        time.sleep(0.05)
        try:
            db = sqlite3.connect(f"file:{index}?mode=ro", uri=True, timeout=0.1)
            committed = db.execute("SELECT count(*) FROM files").fetchone()[0]
            db.close()
        except sqlite3.Error:
            continue
    return corpus, index, exe, process, committed


def test_a_killed_ingest_leaves_a_consistent_index_that_the_next_run_completes(tmp_path):
    corpus, index, exe, process, committed = ingest_started(tmp_path)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < committed < 1200, "the ingest should have been killed part-way"
    with Store(index) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        files = store.db.execute("SELECT count(*) FROM files WHERE status = 'ok'").fetchone()[0]
        with_documents = store.db.execute("SELECT count(DISTINCT path) FROM documents").fetchone()[0]
        assert files == with_documents  # no file recorded without its documents, no half-written file
        report = ingest_corpus(corpus, store)
        resumed_links = store.duplicates()
    assert len(report.added) + report.unchanged == 1200 and report.documents == 1200
    # the near-duplicate links of what the killed run committed were committed with it: none is lost
    with Store(tmp_path / "fresh.sqlite3") as fresh:
        ingest_corpus(corpus, fresh)
        assert resumed_links == fresh.duplicates() and len(resumed_links) >= 20


def test_ingest_and_corpus_commands(corpus_copy):
    result = run_cli("ingest", "--corpus", str(corpus_copy))
    assert result.returncode == 0 and result.stdout.startswith("5 added, 0 updated, 0 unchanged")
    assert (corpus_copy / ".kzbrief" / "index.sqlite3").exists()
    listing = run_cli("corpus", "--corpus", str(corpus_copy))
    lines = listing.stdout.strip().splitlines()
    assert len(lines) == 8 and lines[0].split()[:3] == ["id", "date", "lang"]
    assert any("001_42fa219470ae1a0c#2" in line and "New Fighting in Syria" in line for line in lines)
    data = json.loads(run_cli("corpus", "--corpus", str(corpus_copy), "--json").stdout)
    tass = next(d for d in data if d["id"] == "004_bb89984fb5e86af4")
    assert tass["publisher"] == "TASS" and tass["title"].endswith("end global conflicts")
    assert 0.1 < tass["removed_share"] < 0.5 and tass["duplicates"] == []


def test_missing_corpus_for_ingest(tmp_path):
    result = run_cli("ingest", "--corpus", str(tmp_path / "nope"))
    assert result.returncode == 2 and result.stderr.strip() == f"kzbrief: error: corpus directory not found: " \
                                                               f"{tmp_path / 'nope'}"


def test_the_eligible_sentence_count_follows_every_change(corpus_copy, tmp_path):
    """Selection's collection size is kept with every write (added, changed, removed files), never counted per
    brief: it must stay exact."""
    index = tmp_path / "index.sqlite3"

    def exact(store):
        return store.db.execute("SELECT count(*) FROM sentences WHERE rejected IS NULL").fetchone()[0]

    ingest(corpus_copy, index)
    with Store(index) as store:
        assert store.eligible_sentences() == exact(store) > 50
    (corpus_copy / "001_42fa219470ae1a0c.txt").unlink()
    edited = corpus_copy / "002_9636803f3d982e4f.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence about the talks in Astana.\n",
                      encoding="utf-8")
    ingest(corpus_copy, index)
    with Store(index) as store:
        assert store.eligible_sentences() == exact(store)
        assert store.term_matches("astan") >= store.term_matches("astana") > 0
        assert store.term_matches("zzzqx") == 0


def test_a_locked_or_full_index_is_one_plain_line(tmp_path, corpus_copy):
    """The machine's errors, as SQLite raises them, are said plainly: a lock another program holds, a full disk
    (a real one: the index on a tiny tmpfs, where root may mount one)."""
    from kzbrief.errors import environment_problem

    index = tmp_path / "index.sqlite3"
    ingest(corpus_copy, index)
    holder = sqlite3.connect(index, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(index, timeout=0)
    with pytest.raises(sqlite3.OperationalError) as locked:
        other.execute("INSERT INTO counts VALUES ('x', 1)")
    holder.execute("ROLLBACK")
    assert environment_problem(locked.value) == (
        "the index is locked by another program: try again when it is done", 1)

    from tests.conftest import small_filesystem

    with small_filesystem(tmp_path / "small", "96k") as small:
        result = run_cli("ingest", "--corpus", str(corpus_copy), "--index", str(small / "index.sqlite3"))
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            "kzbrief: error: the disk holding the index is full: free some space and run again (nothing was lost)"]


def test_ctrl_c_during_an_ingest_says_what_was_kept_exits_130_and_leaves_a_whole_index(tmp_path):
    corpus, index, exe, process, committed = ingest_started(tmp_path)
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
    out, err = process.communicate(timeout=60)
    assert 0 < committed < 1200, "the ingest should have been interrupted part-way"
    assert process.returncode == 130, err
    [line] = err.strip().splitlines()
    assert line.startswith("kzbrief: error: interrupted: ") and "were indexed and are kept; the next run reads" \
        in line and "Traceback" not in err
    kept = int(line.split("interrupted: ")[1].split()[0])
    with Store(index) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.db.execute("SELECT count(*) FROM files").fetchone()[0] == kept  # what it said it kept
    # the next run reads the rest; off a terminal, a run that takes PATIENCE seconds or more says once that it is
    # done (and a quicker one says nothing)
    again = subprocess.run([str(exe), "ingest", "--corpus", str(corpus), "--index", str(index)],
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"{1200 - kept} added, 0 updated, {kept} unchanged" in again.stdout
    from kzbrief.progress import PATIENCE

    said = re.search(r"^kzbrief: indexing the corpus: done in (\d+\.\d) s$", again.stderr, re.M)
    if said:  # the step took PATIENCE or more (it is timed from before the index is opened: at least the ingest)
        assert float(said.group(1)) >= PATIENCE - 0.05, again.stderr
    else:  # the step was quicker, and the ingest in it quicker still
        took = float(re.search(r"; ([\d.]+) s$", again.stdout.strip()).group(1))
        assert took < PATIENCE, (took, again.stderr)


def test_the_full_text_index_forgets_what_a_changed_or_removed_file_said(corpus_copy, tmp_path):
    """The index stores no words of its own (contentless FTS5): a replaced or removed document is taken out by
    giving its words again. Afterwards neither the search nor the index's own vocabulary knows the old words."""
    index = tmp_path / "index.sqlite3"
    (corpus_copy / "old.txt").write_text("Old\n\nThe zanzibarian delegation praised the quixotically long talks in "
                                         "Astana on Monday.\n", encoding="utf-8")
    (corpus_copy / "gone.txt").write_text("Gone\n\nThe transylvanian envoy left the conference in Astana early on "
                                          "Friday, officials said.\n", encoding="utf-8")
    ingest(corpus_copy, index)
    with Store(index) as store:
        assert store.term_matches("zanzibarian") == 1 and store.term_matches("transylvanian") == 1
    (corpus_copy / "old.txt").write_text("Old\n\nThe delegation praised the talks in Astana on Monday, the "
                                         "ministry said.\n", encoding="utf-8")
    (corpus_copy / "gone.txt").unlink()
    report = ingest(corpus_copy, index)
    assert report.updated == ["old.txt"] and report.removed == ["gone.txt"]
    with Store(index) as store:
        for word in ("zanzibarian", "quixotically", "transylvanian"):
            assert store.term_matches(word) == 0, word
            assert list(store.sentence_rows(f'"{word}"')) == []
        assert store.term_matches("delegation") >= 1
        store.db.execute("INSERT INTO sentence_fts (sentence_fts) VALUES ('integrity-check')")
        total = store.db.execute("SELECT count(*) FROM sentences").fetchone()[0]
        assert store.db.execute("SELECT count(*) FROM sentence_fts").fetchone()[0] == total
    # for any word, the sentences the index finds are those an index built afresh finds
    found = []
    for path in (index, tmp_path / "fresh.sqlite3"):
        ingest(corpus_copy, path)
        db = sqlite3.connect(path)
        found.append({word: sorted(db.execute(
            "SELECT d.id, s.position FROM sentence_fts f JOIN sentences s ON s.id = f.rowid "
            "JOIN documents d ON d.key = s.doc WHERE sentence_fts MATCH ?", (f'"{word}"',)).fetchall()) for word in ("the", "on", "in", "astana")})
        db.close()
    assert found[0] == found[1]
    db = sqlite3.connect(index)  # and no word leads to a row that is gone (a stale entry would, if its id came back)
    ids = {rowid for (rowid,) in db.execute("SELECT id FROM sentences")}
    from kzbrief.text import tokenize

    said_before = set(tokenize("The zanzibarian delegation praised the quixotically long talks in Astana on Monday. "
                               "The transylvanian envoy left the conference in Astana early on Friday, officials "
                               "said."))
    for word in sorted(said_before):
        assert {r for (r,) in db.execute("SELECT rowid FROM sentence_fts WHERE sentence_fts MATCH ?",
                                         (f'"{word}"',))} <= ids, word
    db.close()


def test_stems_are_stored_packed_and_read_back_exactly():
    """The index stores no stem of an ASCII word (its English stem, computed again) and each other word's stem as
    its change to the word ('' for none, '2ы' for 'переговорах' -> 'переговоры'): reading them back gives the very
    stems; lists that do not line up, or an ASCII word with another stem, are stored whole."""
    from hypothesis import given
    from hypothesis import strategies as st

    from kzbrief.packing import packed_stems, unpacked_stems
    from kzbrief.text import stems_of, tokenize

    for text in [line for line in RU_SAMPLE.read_text(encoding="utf-8").splitlines()[:10]] + [
            "The talks in Astana resumed on Monday, officials said.", "", "Ok"]:
        tokens, stems = tokenize(text), stems_of(text)
        assert unpacked_stems(tokens, packed_stems(tokens, stems)) == stems
    assert unpacked_stems(["a", "b"], packed_stems(["a", "b"], ["x"])) == ["x"]
    assert packed_stems(["talks", "в", "переговорах"], ["talk", "в", "переговоры"]) == " 2ы"
    assert unpacked_stems(["talks"], packed_stems(["talks"], ["talks"])) == ["talks"]  # not its English stem

    @given(st.lists(st.tuples(st.from_regex(r"[a-zа-я0-9]{1,8}", fullmatch=True),
                              st.from_regex(r"~?[a-zа-я0-9]{1,8}", fullmatch=True)), max_size=20))
    def round_trip(pairs):
        tokens, stems = [t for t, _ in pairs], [s for _, s in pairs]
        assert unpacked_stems(tokens, packed_stems(tokens, stems)) == stems

    round_trip()
