"""A brief carries quotes, not whole articles: what its data holds of each source, what `verify` checks with the
corpus and without it, `--embed-sources` for internal archives, the sentences around a quote on request, and
the warning `mail` gives for a brief that carries whole articles."""

import hashlib
import json
import shutil
from pathlib import Path

import yaml
from pypdf import PdfReader

from kzbrief.ingest import read_corpus
from kzbrief.ingest.split import document_sentences
from tests.conftest import run_cli


def build(corpus: Path, out: Path, *args: str) -> dict:
    result = run_cli("build", "--corpus", str(corpus), "--out", str(out), "-f", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads((out / "mediation.en.json").read_text(encoding="utf-8"))


def quoted_spans(data: dict) -> set[str]:
    spans = set()
    for section in data["sections"]:
        for item in section["items"]:
            for citation in item["citations"]:
                spans.add(citation["text"])
                spans.update(side["text"] for side in (citation.get("context") or {}).values())
    return spans


def test_the_default_brief_carries_quotes_and_fingerprints_not_articles(sample_build, sample_corpus):
    """JSON, the PDF/A attachment, the Markdown front matter and the HTML: per source its metadata and its text's
    SHA-256 and length; of its text, only the sentences the brief quotes."""
    _, paths, data = sample_build
    documents = {d.id: d for d in read_corpus(sample_corpus).documents}
    raw = paths["json"].read_text(encoding="utf-8")
    assert data["format_version"] == 2 and data["embeds_sources"] is False
    quotes = quoted_spans(data)
    for source in data["sources"]:
        document = documents[source["doc_id"]]
        assert "document_text" not in source
        assert source["text_sha256"] == hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        assert source["text_length"] == len(document.text)
        sentences = [s.text for s in document_sentences(document)]
        unquoted = [s for s in sentences if not any(s in q for q in quotes) and len(s.split()) >= 6]
        assert unquoted  # every sample article says more than the brief quotes of it...
        for sentence in unquoted:  # ...and none of that is in the brief
            assert json.dumps(sentence, ensure_ascii=False)[1:-1] not in raw, sentence
    [attached] = [contents[0] for name, contents in PdfReader(paths["pdf"]).attachments.items()
                  if name.endswith(".json")]
    assert json.loads(attached) == data
    front = yaml.safe_load(paths["md"].read_text(encoding="utf-8").split("---\n")[1])
    html = paths["html"].read_text(encoding="utf-8")
    for source, listed in zip(data["sources"], front["sources"]):
        assert listed["text_sha256"] == source["text_sha256"] and listed["text_length"] == source["text_length"]
        assert f'data-sha256="{source["text_sha256"]}" data-length="{source["text_length"]}"' in html


def test_verify_passes_and_names_a_source_that_changed_since_the_brief(tmp_path, corpus_copy):
    build(corpus_copy, tmp_path / "out")
    brief = tmp_path / "out" / "mediation.en.json"
    ok = run_cli("verify", str(brief))
    assert ok.returncode == 0 and ok.stdout.startswith("ok: "), ok.stderr
    data = json.loads(brief.read_text(encoding="utf-8"))
    source = data["sources"][-1]
    path = corpus_copy / source["source_file"]
    path.write_text(path.read_text(encoding="utf-8") + "\nA closing paragraph added after the brief was built "
                    "says the talks will resume next spring in Astana.\n", encoding="utf-8")
    changed = run_cli("verify", str(brief))
    assert changed.returncode == 1
    assert (f"kzbrief: mismatch: source {source['n']} ({source['source_file']}) changed since the brief was "
            "built") in changed.stderr
    assert "has other text" not in changed.stderr  # the quotes themselves are still where they were


def test_verify_without_the_corpus_says_what_it_could_and_could_not_check(tmp_path, corpus_copy):
    data = build(corpus_copy, tmp_path / "out")
    brief = tmp_path / "out" / "mediation.en.json"
    shutil.rmtree(corpus_copy)
    alone = run_cli("verify", str(brief))
    assert alone.returncode == 2
    assert "checked only what" in alone.stderr and "not checked: that the sources still say what it quotes" \
        in alone.stderr and "0 problem(s)" in alone.stderr
    citation = data["sections"][0]["items"][0]["citations"][0]
    citation["end"] += 5  # offsets that no longer fit the quote
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("verify", str(tampered))
    assert result.returncode == 1 and "kzbrief: mismatch: item 1 (“" in result.stderr


def test_embed_sources_keeps_the_whole_texts_and_mail_warns(tmp_path, corpus_copy):
    out = tmp_path / "out"
    data = build(corpus_copy, out, "-f", "pdf", "--embed-sources")
    documents = {d.id: d for d in read_corpus(corpus_copy).documents}
    assert data["embeds_sources"] is True
    for source in data["sources"]:
        assert source["document_text"] == documents[source["doc_id"]].text
    [attached] = [c[0] for n, c in PdfReader(out / "mediation.en.pdf").attachments.items() if n.endswith(".json")]
    assert json.loads(attached)["sources"] == data["sources"]
    assert run_cli("verify", str(out / "mediation.en.json")).returncode == 0
    settings = tmp_path / "kzbrief.toml"
    settings.write_text('[mail]\nfrom = "desk@example.org"\nto = ["anna@example.org"]\n', encoding="utf-8")
    mailed = run_cli("mail", str(out / "mediation.en.pdf"), "--eml", str(tmp_path / "a.eml"), "--config",
                     str(settings))
    assert mailed.returncode == 0, mailed.stderr
    assert (f"kzbrief: warning: mediation.en.pdf carries the whole text of {len(data['sources'])} source "
            "article(s)") in mailed.stderr
    plain = tmp_path / "plain"
    build(corpus_copy, plain, "-f", "pdf")
    quiet = run_cli("mail", str(plain / "mediation.en.pdf"), "--eml", str(tmp_path / "b.eml"), "--config",
                    str(settings))
    assert quiet.returncode == 0 and "warning" not in quiet.stderr


def test_a_brief_of_format_1_with_its_texts_still_verifies(tmp_path, corpus_copy):
    data = build(corpus_copy, tmp_path / "out", "--embed-sources")
    old = {**data, "format_version": 1}
    old.pop("embeds_sources")
    for source in old["sources"]:
        source.pop("text_sha256")
        source.pop("text_length")
    brief = tmp_path / "old.json"
    brief.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    result = run_cli("verify", str(brief))
    assert result.returncode == 0, result.stderr
    old["sources"][0]["document_text"] = "Another text altogether." + old["sources"][0]["document_text"]
    brief.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(corpus_copy)  # without the corpus, the brief's own texts show the tampering
    tampered = run_cli("verify", str(brief))
    assert tampered.returncode == 1 and "in the text the brief embeds" in tampered.stderr


def test_quote_context_gives_the_sentences_around_each_quote(tmp_path, corpus_copy):
    data = build(corpus_copy, tmp_path / "out", "--quote-context")
    documents = {d.id: d for d in read_corpus(corpus_copy).documents}
    sides = 0
    for section in data["sections"]:
        for item in section["items"]:
            for citation in item["citations"]:
                document = documents[citation["doc_id"]]
                sentences = [(s.start, s.end) for s in document_sentences(document)]
                first = [start for start, _ in sentences].index(citation["start"])  # a quote may be two sentences
                last = [end for _, end in sentences].index(citation["end"])
                context = citation["context"]
                expected = {"before": sentences[first - 1] if first else None,
                            "after": sentences[last + 1] if last + 1 < len(sentences) else None}
                for side, span in expected.items():
                    if span is None:
                        assert side not in context
                        continue
                    sides += 1
                    assert (context[side]["start"], context[side]["end"]) == span
                    assert context[side]["text"] == document.text[span[0]:span[1]]
    assert sides > 10
    assert run_cli("verify", str(tmp_path / "out" / "mediation.en.json")).returncode == 0
