"""A real archive as users have one, and input that attacks: republished pages, links out of the corpus folder,
special files and link loops, one JSON line nested a hundred thousand deep. Each is reported by name with its
reason; nothing outside the corpus is read; the rest of the work goes on."""

from __future__ import annotations

import os
import shutil

import pytest

from kzbrief.ingest import ingest_corpus
from kzbrief.store import Store
from tests.conftest import RU_SAMPLE, SAMPLE_CORPUS
from tests.test_readers import ARTICLE_HTML


def ingest(corpus, index):
    with Store(index) as store:
        report = ingest_corpus(corpus, store)
        texts = [d.text for d in store.documents()]
    return report, texts


def test_a_republished_page_is_kept_and_counted_as_another_source(tmp_path):
    """Two sites carrying one HTML page: both are read (trafilatura's own cache would drop the second), and
    kzbrief's near-duplicate stage links them, so a brief counts two sources."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "site-a.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (corpus / "site-b.html").write_text(ARTICLE_HTML, encoding="utf-8")
    for _ in range(2):  # and again in the same process: nothing is remembered between runs or files
        index = tmp_path / f"index-{_}.sqlite3"
        report, texts = ingest(corpus, index)
        assert sorted(report.added) == ["site-a.html", "site-b.html"] and not report.skipped
        assert len(texts) == 2 and report.duplicate_pairs == 1


def test_links_out_of_the_corpus_and_special_files_are_reported_and_never_read(tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("Private\n\nThe password of the payroll server is hunter2, said the administrator today.\n",
                      encoding="utf-8")
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus, ignore=shutil.ignore_patterns(".kzbrief"))
    first = sorted(p.name for p in corpus.glob("*.txt"))[0]
    (corpus / "secret.txt").symlink_to(secret)
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "gone.txt").symlink_to(tmp_path / "nothing-here.txt")
    (corpus / "loop-a.txt").symlink_to(corpus / "loop-b.txt")
    (corpus / "loop-b.txt").symlink_to(corpus / "loop-a.txt")
    (corpus / "elsewhere").symlink_to(outside, target_is_directory=True)
    (corpus / "again.txt").symlink_to(corpus / first)  # a link inside the corpus is read like its file
    os.mkfifo(corpus / "pipe.txt")
    report, texts = ingest(corpus, tmp_path / "index.sqlite3")
    reasons = {s.path: s.reason for s in report.skipped}
    assert reasons["secret.txt"] == reasons["passwd.txt"] == reasons["zero.txt"] == \
        "a link to a file outside the corpus folder (not followed)"
    assert reasons["gone.txt"] == "a link to nothing (dangling)"
    assert reasons["elsewhere"] == "a link to a folder (not followed)"
    assert reasons["pipe.txt"] == "not a regular file (a device, pipe or socket)"
    assert {"loop-a.txt", "loop-b.txt"} <= set(reasons)
    assert "again.txt" in report.added
    assert not any("hunter2" in text or "root:" in text for text in texts)
    # a second run reports the same files again, and still reads nothing outside
    report, texts = ingest(corpus, tmp_path / "index.sqlite3")
    assert {s.path for s in report.skipped} == set(reasons)


def test_a_link_that_comes_to_point_outside_takes_its_old_text_out_of_the_index(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "article.txt").write_text("Title\n\nKazakhstan offered to host the next round of talks in Astana on "
                                        "Friday, the ministry said.\n", encoding="utf-8")
    (corpus / "link.txt").symlink_to(corpus / "article.txt")
    index = tmp_path / "index.sqlite3"
    assert len(ingest(corpus, index)[1]) == 2
    (corpus / "link.txt").unlink()
    (tmp_path / "outside.txt").write_text("Outside\n\nA private note that must never reach a brief at all, ever.\n",
                                          encoding="utf-8")
    (corpus / "link.txt").symlink_to(tmp_path / "outside.txt")
    report, texts = ingest(corpus, index)
    assert "link.txt" in {s.path for s in report.skipped}
    assert len(texts) == 1 and "private note" not in texts[0]


def test_one_deeply_nested_json_line_is_a_bad_record_not_a_failed_ingest(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = RU_SAMPLE.read_text(encoding="utf-8").splitlines()
    hostile = "[" * 100_000 + "]" * 100_000
    (corpus / "export.jsonl").write_text("\n".join([lines[0], hostile, *lines[1:5]]) + "\n", encoding="utf-8")
    (corpus / "whole.json").write_text("{\"articles\": " + hostile + "}", encoding="utf-8")
    (corpus / "other.txt").write_text("Other\n\nThe talks resumed in Astana on Monday after a break of six "
                                      "weeks, officials said.\n", encoding="utf-8")
    report, texts = ingest(corpus, tmp_path / "index.sqlite3")
    assert len(texts) == 6  # five records of the export and the text file
    assert [n.reason for n in report.notes] == ["line 2: JSON nested too deeply"]
    assert {s.path: s.reason for s in report.skipped} == {"whole.json": "JSON nested too deeply"}


@pytest.mark.parametrize("name", ["../outside.txt", "sub/../../outside.txt"])
def test_verify_reads_nothing_outside_the_corpus_a_brief_names(tmp_path, name):
    from kzbrief.ingest.readers import UnreadableFile, read_bytes

    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("Outside\n\nNot for a brief.\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="outside the corpus folder"):
        read_bytes(corpus / name, corpus)


def test_invisible_controls_are_taken_out_of_titles_and_metadata_not_out_of_quotes(tmp_path):
    """A right-to-left override in a title ('Report \\u202etxt.exe') and zero-width characters in an author's name
    reach no output; the article's own text is quoted as it is."""
    import json

    from kzbrief.config import topic_from_query
    from kzbrief.pipeline import make_brief
    from kzbrief.render import render_markdown
    from tests.conftest import FIXED_NOW

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    record = {"title": "Astana talks report \u202etxt.exe", "author": "Ai\u200bgerim\u200d Sultanova\u2066",
              "publisher": "\ufeffSteppe Herald", "date": "2025-03-14",
              "text": "Kazakhstan offered on Friday to host the next round of the Astana talks, the ministry said."}
    (corpus / "export.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    brief, _ = make_brief(corpus, topic_from_query("Astana talks"), max_items=3, now=FIXED_NOW,
                          index=tmp_path / "index.sqlite3")
    [source] = brief.sources
    assert (source.title, source.author, source.publisher) == (
        "Astana talks report txt.exe", "Aigerim Sultanova", "Steppe Herald")
    markdown = render_markdown(brief)
    assert not any(char in markdown for char in "\u202e\u200b\u200d\u2066\ufeff")


def test_a_user_stylesheet_that_loads_from_the_network_is_refused(tmp_path, sample_corpus):
    from tests.conftest import run_cli

    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "extra.css").write_text("h1 { color: navy; }\n@import url(https://fonts.example.com/x.css);\n",
                                    encoding="utf-8")
    result = run_cli("build", "--corpus", str(sample_corpus), "--index", str(tmp_path / "i.sqlite3"), "-f", "html",
                     "--template-dir", str(mine), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"{mine / 'extra.css'}, line 2: a brief's stylesheet may not load anything" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_an_article_longer_than_any_article_is_refused_before_it_costs_memory(tmp_path):
    """A text file that is one line of 1.2 million characters, and an export record as long: each reported (the
    record by its line), the rest read. bench/huge_input.py measures the memory on 19 MB and 50 MB cases."""
    import json

    from kzbrief.ingest.readers import MAX_ARTICLE_CHARS

    words = "Kazakhstan offered to host the talks in Astana on Friday, the ministry said "
    huge = words * (MAX_ARTICLE_CHARS // len(words) + 2000)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one-line.txt").write_text(huge, encoding="utf-8")
    lines = RU_SAMPLE.read_text(encoding="utf-8").splitlines()
    record = json.dumps({"title": "Huge", "text": huge})
    (corpus / "export.jsonl").write_text("\n".join([lines[0], record, lines[1]]) + "\n", encoding="utf-8")
    report, texts = ingest(corpus, tmp_path / "index.sqlite3")
    assert {s.path: s.reason for s in report.skipped} == {
        "one-line.txt": "1.2 million characters: far longer than an article (at most 1 million)"}
    assert [n.reason for n in report.notes] == [
        "line 2: 1.2 million characters: far longer than an article (at most 1 million)"]
    assert len(texts) == 2


def test_an_export_that_lost_its_capitals_is_said_to_be_unquotable(tmp_path):
    """RIA's 2010 export is all lower case ('москва, 31 янв - риа новости. большая часть ...'): every sentence
    starts 'mid-sentence', so none can be quoted. The run says why, at ingest and beside the build's error."""
    from tests.conftest import run_cli

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ria.jsonl").write_text(
        '{"text": "москва, 31 янв - риа новости. большая часть из 33 детей, которых граждане сша пытались вывезти '
        'из гаити, не являются сиротами, сообщает агентство."}\n', encoding="utf-8")
    result = run_cli("build", "--corpus", str(corpus), "--index", str(tmp_path / "i.sqlite3"), "--query", "гаити",
                     "--lang", "ru", "-f", "md", "--out", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "partly read ria.jsonl: the text is all in lower case: kzbrief finds sentences by their capital " \
           "letters" in result.stderr
