"""The command line as a user runs it: real files, exit codes, one-line errors. Most runs go through the console
script's entry point in this process (fast); the help, the first build and a usage error run the installed
`kzbrief` script as a real process."""

import json
import time

import pytest

from kzbrief.i18n import date_range
from tests.conftest import run_cli, run_installed


def test_help_explains_every_option_with_examples():
    started = time.perf_counter()
    top = run_installed("--help")
    elapsed = time.perf_counter() - started
    assert top.returncode == 0 and "build" in top.stdout and "Example" in top.stdout
    assert elapsed < 10  # a sanity bound only; the speed figure lives in bench/
    build = run_cli("build", "--help")
    for option in ("--corpus", "--topic", "--query", "--format", "--out", "--max-items", "--topics",
                   "--template-dir", "kzbrief build --topic"):
        assert option in build.stdout, option


def test_help_does_not_import_the_heavy_libraries(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import sys\nfrom kzbrief import cli\n"
                     "heavy = [m for m in ('weasyprint', 'argostranslate', 'torch', 'razdel', 'jinja2') "
                     "if m in sys.modules]\nprint(heavy)\n", encoding="utf-8")
    import subprocess
    import sys
    out = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_default_build_writes_the_sample_brief(tmp_path, corpus_copy):
    result = run_installed("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = result.stdout.split()
    assert written == ["out/mediation.en.md", "out/mediation.en.json", "out/mediation.en.pdf"]
    for name in written:
        assert (tmp_path / name).stat().st_size > 1000
    assert result.stderr == ""
    from pypdf import PdfReader

    assert len(PdfReader(tmp_path / "out" / "mediation.en.pdf").pages) <= 2  # the default brief: two A4 pages
    verified = run_cli("verify", "out/mediation.en.json", cwd=tmp_path)
    assert verified.returncode == 0 and verified.stdout.startswith("ok: ")


def test_query_and_formats(tmp_path, corpus_copy):
    result = run_cli("build", "--corpus", str(corpus_copy), "--query", "Astana process Syria", "-f", "json",
                     "-f", "html", "--out", str(tmp_path / "o"), "--max-items", "4")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "o" / "query-astana-process-syria.en.json").read_text(encoding="utf-8"))
    items = [i for s in data["sections"] for i in s["items"]]
    assert 1 <= len(items) <= 4 and data["topic"]["adhoc"] is True
    assert (tmp_path / "o" / "query-astana-process-syria.en.html").exists()


def one_line_error(result, *words):
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kzbrief: error: "), result.stderr
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in result.stderr


def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, corpus_copy):
    sample_corpus = corpus_copy
    out = tmp_path / "out"
    (tmp_path / "empty").mkdir()
    cases = [
        (("--corpus", str(tmp_path / "missing")), ("not found", "missing")),
        (("--corpus", str(tmp_path / "empty")), ("no readable articles",)),
        (("--corpus", str(sample_corpus), "--topic", "nope"), ("unknown topic 'nope'", "mediation")),
        (("--corpus", str(sample_corpus), "--query", "photosynthesis chlorophyll"), ("matches",)),
    ]
    for args, words in cases:
        one_line_error(run_cli("build", *args, "--out", str(out)), *words)
    assert not out.exists()


def test_undecodable_file_is_named_and_the_rest_builds(tmp_path, corpus_copy):
    (corpus_copy / "latin1.txt").write_bytes(bytes(range(0x80, 0x100)) * 2)  # no text in any table kzbrief reads
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run_cli("build", "--corpus", str(corpus_copy), "--out", str(tmp_path / "o"), "-f", "md")
    assert result.returncode == 0
    assert "kzbrief: skipped latin1.txt: not valid UTF-8" in result.stderr
    assert "kzbrief: skipped empty.txt: empty file" in result.stderr
    assert "kzbrief: skipped photo.txt: binary data (a PNG image), not text" in result.stderr
    assert (tmp_path / "o" / "mediation.en.md").exists()


def test_topics_command_lists_the_shipped_topics(tmp_path):
    result = run_cli("topics", cwd=tmp_path)
    assert result.returncode == 0
    assert "mediation (default)" in result.stdout and "sanctions" in result.stdout


def test_unknown_format_is_a_usage_error(tmp_path, corpus_copy):
    result = run_installed("build", "--corpus", str(corpus_copy), "-f", "docx", "--out", str(tmp_path / "o"))
    assert result.returncode == 2 and "docx" in result.stderr and not (tmp_path / "o").exists()


def test_verify_finds_a_changed_source(tmp_path, corpus_copy):
    assert run_cli("build", "-f", "json", cwd=tmp_path).returncode == 0
    brief = tmp_path / "out" / "mediation.en.json"
    data = json.loads(brief.read_text(encoding="utf-8"))
    cited = data["sections"][0]["items"][0]["citations"][0]
    path = corpus_copy / cited["source_file"]
    text = path.read_text(encoding="utf-8")
    word = max(cited["text"].split(), key=len)
    assert word in text
    path.write_text(text.replace(word, word.upper()), encoding="utf-8")
    result = run_cli("verify", str(brief), "--corpus", str(corpus_copy))
    assert result.returncode == 1 and "kzbrief: mismatch: item 1" in result.stderr
    one_line_error(run_cli("verify", str(tmp_path / "nope.json"), "--corpus", str(corpus_copy)), "cannot read")


def test_search_prints_sentences_with_sources(corpus_copy):
    result = run_cli("search", "Baku Yerevan", "--corpus", str(corpus_copy), "--limit", "2")
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0 and len(lines) == 2
    assert all("004_bb89984fb5e86af4" in line and ("Baku" in line) for line in lines)
    assert run_cli("search", "photosynthesis", "--corpus", str(corpus_copy)).returncode == 1


def test_window_and_topic_file_errors_are_one_line(tmp_path, corpus_copy):
    out = tmp_path / "o"
    one_line_error(run_cli("build", "--corpus", str(corpus_copy), "--week", "2026-W47", "--out", str(out)),
                   "no document in the window 2026-W47", "--undated")
    one_line_error(run_cli("build", "--corpus", str(corpus_copy), "--since", "yesterday", "--out", str(out)),
                   "not a date")
    bad = tmp_path / "topics.toml"
    bad.write_text('[topics.mine]\ntitle = "Mine"\nen = ["x"]\nkeywords = ["y"]\n', encoding="utf-8")
    one_line_error(run_cli("build", "--corpus", str(corpus_copy), "--topics", str(bad), "--out", str(out)),
                   f"{bad}, line 4", "unknown field 'keywords'")
    bad.write_text('[topics.mine\ntitle = "Mine"\n', encoding="utf-8")
    one_line_error(run_cli("build", "--corpus", str(corpus_copy), "--topics", str(bad), "--out", str(out)),
                   "not valid TOML", "line 1")
    assert not out.exists()


def test_undated_documents_come_in_when_asked(tmp_path, corpus_copy):
    result = run_cli("build", "--corpus", str(corpus_copy), "--week", "2026-W47", "--undated", "-f", "md",
                     "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    markdown = (tmp_path / "o" / "mediation.en.md").read_text(encoding="utf-8")
    # the range as the product's own formatter writes it, whatever spaces this Babel release's CLDR data puts
    # in it (the Markdown writer makes them plain spaces)
    period = f"Period covered 2026-W47 · {date_range('2026-11-16', '2026-11-22', 'en')}"
    assert " ".join(period.split()) in " ".join(markdown.split())
    assert "*(undated)*" in markdown


@pytest.mark.parametrize("args, said", [
    (("build", "-f", "xyz"), "Invalid value for '--format' / '-f': 'xyz' is not one of 'md', 'json', 'pdf', 'html'"),
    (("build", "--max-items", "0"), "Invalid value for '--max-items' / '-n': must be at least 1"),
    (("search", ""), "the query '' has no searchable words"),
])
def test_usage_errors_speak_the_users_words_not_the_validators(args, said):
    result = run_cli(*args)
    assert result.returncode == 2
    assert said in result.stderr and "Value error" not in result.stderr and "Input should" not in result.stderr


def test_a_query_nothing_matches_is_named_as_the_query_not_as_a_topic(tmp_path, corpus_copy):
    result = run_cli("build", "--corpus", str(corpus_copy), "--query", "football championship", "-f", "md",
                     "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"kzbrief: error: no sentence in {corpus_copy} matches the query 'football " \
                                    "championship'"
