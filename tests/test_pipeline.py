"""The whole run on the sample corpus: every output, every citation checkable, nothing half-written."""

import hashlib
import os

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from kzbrief.config import resolve_topic, topic_from_query
from kzbrief.errors import KzbriefError
from kzbrief.ingest import read_corpus
from kzbrief.outputs import write_atomic, write_brief
from kzbrief.render import RenderOptions
from kzbrief.pipeline import build, make_brief
from tests.conftest import FIXED_NOW


def test_outputs_are_named_by_topic_and_language(sample_build):
    _, paths, _ = sample_build
    assert {p.name for p in paths.values()} == {
        "mediation.en.md", "mediation.en.json", "mediation.en.pdf", "mediation.en.html"}
    assert not [p for p in paths["md"].parent.iterdir() if p.name.endswith(".part")]


def test_every_json_citation_is_the_source_span(sample_build, sample_corpus):
    _, _, data = sample_build
    documents = {d.id: d for d in read_corpus(sample_corpus).documents}
    items = [item for section in data["sections"] for item in section["items"]]
    assert items
    for item in items:
        assert item["citations"], item
        for citation in item["citations"]:
            source = next(s for s in data["sources"] if s["n"] == citation["source"])
            assert source["doc_id"] == citation["doc_id"] and "document_text" not in source
            # ...the span of a fresh reading of the corpus file, which is the text the brief names by its hash
            document = documents[citation["doc_id"]]
            assert document.text[citation["start"]:citation["end"]] == citation["text"]
            assert source["text_sha256"] == hashlib.sha256(document.text.encode("utf-8")).hexdigest()
            assert source["text_length"] == len(document.text)
            assert document.source_file == citation["source_file"]
        assert item["citations"][0]["text"] == item["text"]


def test_mediation_brief_speaks_to_mediation_without_boilerplate(sample_build):
    result, paths, _ = sample_build
    text = " ".join(item.text for item in result.brief.items).lower()
    assert "platform" in text and ("mediat" in text or "negotiat" in text)
    assert any("astana process" in item.text.lower() for item in result.brief.items)
    markdown = paths["md"].read_text(encoding="utf-8")
    for chrome in ("WhatsApp", "KZT/USD", "Read also", "Photo www", "Skynet", "Войти"):
        assert chrome not in markdown


def test_markdown_of_the_sample_parses_with_footnotes(sample_build):
    result, paths, _ = sample_build
    parser = MarkdownIt("commonmark").use(footnote_plugin).use(front_matter_plugin)
    tokens = parser.parse(paths["md"].read_text(encoding="utf-8"))
    refs = {t.meta["label"] for tok in tokens if tok.type == "inline" for t in tok.children
            if t.type == "footnote_ref"}
    defs = {t.meta["label"] for t in tokens if t.type == "footnote_open"}
    assert refs == defs == {str(s.number) for s in result.brief.sources}


@pytest.mark.parametrize("topic", ["un-reform", "trade-transport", "sanctions"])
def test_every_shipped_topic_builds_on_the_sample(sample_corpus, tmp_path, topic):
    brief, report = make_brief(sample_corpus, resolve_topic(topic, None), max_items=6, now=FIXED_NOW,
                               index=tmp_path / "index.sqlite3")
    assert brief.items and not report.skipped


def test_empty_corpus_and_no_match_are_errors(tmp_path, sample_corpus):
    (tmp_path / "empty").mkdir()
    with pytest.raises(KzbriefError, match="no readable articles"):
        make_brief(tmp_path / "empty", resolve_topic(None, None), max_items=5)
    with pytest.raises(KzbriefError, match="no sentence .* matches"):
        make_brief(sample_corpus, topic_from_query("photosynthesis chlorophyll"), max_items=5,
                   index=tmp_path / "index.sqlite3")


def test_a_failed_write_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"old complete file")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"new content that never lands")
    assert target.read_bytes() == b"old complete file"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_a_failed_render_writes_nothing(tmp_path, sample_corpus):
    brief, _ = make_brief(sample_corpus, resolve_topic(None, None), max_items=3, now=FIXED_NOW,
                          index=tmp_path / "index.sqlite3")
    broken = tmp_path / "templates"
    broken.mkdir()
    (broken / "brief.html.j2").write_text("<html>{% for x in %}</html>", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(KzbriefError, match=r"template .*brief.html.j2, line 1"):
        write_brief(brief, ["md", "json", "pdf"], out, RenderOptions(template_dir=broken))
    assert not out.exists()


def test_user_template_overrides_one_file_and_keeps_the_rest(tmp_path, sample_corpus):
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "brief.css").write_text("@page { size: A5; }", encoding="utf-8")
    result = build(sample_corpus, resolve_topic(None, None), formats=["html", "md"], out_dir=tmp_path / "o",
                   max_items=3, render=RenderOptions(template_dir=mine), now=FIXED_NOW, index=tmp_path / "index.sqlite3")
    html = result.paths[0].read_text(encoding="utf-8")
    assert "size: A5" in html and "Key points" in html


def test_a_story_saved_twice_is_one_item_citing_both(corpus_copy, tmp_path):
    import shutil

    shutil.copy(corpus_copy / "004_bb89984fb5e86af4.txt", corpus_copy / "tass-again.txt")
    brief, report = make_brief(corpus_copy, resolve_topic(None, None), max_items=10, now=FIXED_NOW,
                               index=tmp_path / "index.sqlite3")
    assert report.duplicate_pairs == 1
    tass_items = [i for i in brief.items if any(c.doc_id == "004_bb89984fb5e86af4" for c in i.citations)]
    assert tass_items
    for item in tass_items:
        assert {c.source_file for c in item.citations} >= {"004_bb89984fb5e86af4.txt", "tass-again.txt"}
    assert len({i.text for i in brief.items}) == len(brief.items)


def test_output_path_that_is_a_file_is_a_clear_error(tmp_path, sample_corpus):
    brief, _ = make_brief(sample_corpus, resolve_topic(None, None), max_items=3, now=FIXED_NOW,
                          index=tmp_path / "index.sqlite3")
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    with pytest.raises(KzbriefError, match="not a folder"):
        write_brief(brief, ["md"], blocker)


def test_an_extra_css_adds_to_the_shipped_style_instead_of_replacing_it(tmp_path, sample_corpus):
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "extra.css").write_text("h2 { color: #ff00aa; }\n", encoding="utf-8")
    result = build(sample_corpus, resolve_topic(None, None), formats=["html"], out_dir=tmp_path / "o", max_items=3,
                   render=RenderOptions(template_dir=mine), now=FIXED_NOW, index=tmp_path / "index.sqlite3")
    html = result.paths[0].read_text(encoding="utf-8")
    assert "@top-right { content: string(classification)" in html  # the shipped rules are all there
    assert html.index("h2 { color: #ff00aa; }") > html.index("--accent: #0b3954")  # and the user's come last


def test_a_disk_that_fills_up_part_way_leaves_the_previous_set_whole(tmp_path, sample_corpus):
    """OUT on a small real file system (tmpfs) that the new set does not fit: the small Markdown would, the JSON
    and PDF not. The build fails with one line, and the earlier Markdown, JSON and PDF are all still the earlier
    ones (no new Markdown beside an old PDF), with no temporary file left. Needs root to mount, as in CI."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import small_filesystem

    with small_filesystem(tmp_path / "out", "256k") as out:
        exe = str(Path(sys.executable).with_name("kzbrief"))
        common = [exe, "build", "--corpus", str(sample_corpus), "--index", str(tmp_path / "index.sqlite3"),
                  "--out", str(out), "-f", "md", "-f", "json", "-f", "pdf", "--now", "2026-11-23T09:00"]
        first = subprocess.run(common + ["--max-items", "4"], capture_output=True, text=True)
        assert first.returncode == 0, first.stderr
        before = {p.name: p.read_bytes() for p in out.iterdir()}
        assert len(before) == 3
        free = os.statvfs(out).f_bavail * os.statvfs(out).f_frsize
        (out / "filler").write_bytes(b"\0" * (free - 12 * 1024))  # room for a new Markdown, not for the rest
        second = subprocess.run(common + ["--max-items", "6"], capture_output=True, text=True)
        assert second.returncode != 0
        assert second.stderr.startswith("kzbrief: error: cannot write to") and "Traceback" not in second.stderr
        (out / "filler").unlink()
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_temporary_files_a_killed_run_left_are_removed_and_a_running_ones_kept(tmp_path):
    import os
    import time

    from kzbrief.outputs import STALE_PART_SECONDS, write_all

    stale, fresh = tmp_path / ".brief.md.x1y2.part", tmp_path / ".brief.md.z3w4.part"
    other = tmp_path / ".notes.txt.q9.part"  # not kzbrief's output: never touched
    for path in (stale, fresh, other):
        path.write_bytes(b"half a brief")
    old = time.time() - STALE_PART_SECONDS - 60
    for path in (stale, other):
        os.utime(path, (old, old))
    write_all([(tmp_path / "brief.md", b"# A brief\n")])
    assert (tmp_path / "brief.md").read_bytes() == b"# A brief\n"
    assert not stale.exists() and fresh.exists() and other.exists()


def test_no_ingest_on_an_index_that_holds_nothing_says_what_to_do(tmp_path, sample_corpus):
    from tests.conftest import run_cli

    result = run_cli("build", "--corpus", str(sample_corpus), "--index", str(tmp_path / "new.sqlite3"),
                     "--no-ingest", "-f", "md", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "holds no articles yet: build without --no-ingest (or run kzbrief ingest) first" in result.stderr
