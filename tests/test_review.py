"""The analyst's review loop: a brief's JSON reads back as the same brief (a property over edits), an edited brief
renders again with its citations intact and verifies, a tampered one is refused naming the item, and `verify`
reads what users send (the PDF, the Markdown) and finds the corpus from where the brief was built."""

import json
import shutil
from pathlib import Path

import pytest

from kzbrief.briefdata import brief_data
from kzbrief.errors import KzbriefError
from kzbrief.model import Brief, brief_from_data
from tests.conftest import FIXED_NOW, SAMPLE_CORPUS, run_cli


def round_trip(data: dict) -> dict:
    return brief_data(brief_from_data(data), data["embeds_sources"])


@pytest.fixture(scope="module")
def rich_data(tmp_path_factory) -> dict:
    """A brief with everything its data can hold: embedded sources, the sentences around each quote."""
    from kzbrief.config import resolve_topic
    from kzbrief.pipeline import build
    from kzbrief.render import RenderOptions

    out = tmp_path_factory.mktemp("rich")
    build(SAMPLE_CORPUS, resolve_topic(None, None), formats=["json"], out_dir=out, max_items=12, now=FIXED_NOW,
          index=out / "index.sqlite3", render=RenderOptions(embed_sources=True, quote_context=True))
    return json.loads((out / "mediation.en.json").read_text(encoding="utf-8"))


def test_json_to_brief_to_json_is_the_identity_whatever_an_analyst_edits(sample_build, rich_data):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    _, _, plain = sample_build
    assert round_trip(plain) == plain and round_trip(rich_data) == rich_data
    assert Brief.from_json(json.dumps(plain)) == brief_from_data(plain)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from([plain, rich_data]), st.data())
    def edited(data, draw):
        data = json.loads(json.dumps(data))
        items = [item for section in data["sections"] for item in section["items"]]
        kept = draw.draw(st.lists(st.sampled_from(range(len(items))), unique=True, min_size=1))
        for section in data["sections"]:
            section["items"] = []
        for index in kept:  # removed, reordered, moved to any section
            where = draw.draw(st.sampled_from(data["sections"]))
            item = items[index]
            if draw.draw(st.booleans()):
                item["note"] = draw.draw(st.text(min_size=1, max_size=40))
            where["items"].append(item)
        if draw.draw(st.booleans()):
            data["summary"] = draw.draw(st.text(min_size=1, max_size=200))
        data["title"] = draw.draw(st.text(min_size=1, max_size=80))
        assert round_trip(data) == data

    edited()


def test_a_brief_that_is_not_one_is_a_clear_error(sample_build):
    _, _, data = sample_build
    with pytest.raises(KzbriefError, match="not a kzbrief brief"):
        brief_from_data({"format": "other"})
    broken = json.loads(json.dumps(data))
    broken["sections"][0]["items"][1]["citations"][0]["start"] = "twelve"
    with pytest.raises(KzbriefError, match="item 2, citation 1: 'start' must be a whole number"):
        brief_from_data(broken)
    broken = json.loads(json.dumps(data))
    broken["sections"][0]["items"][0]["citations"][0]["source"] = 99
    with pytest.raises(KzbriefError, match="item 1, citation 1: 'source' is 99, which the brief's sources do not"):
        brief_from_data(broken)
    with pytest.raises(KzbriefError, match="not a brief's JSON"):
        Brief.from_json("{")


def build_in(folder: Path) -> Path:
    """The sample brief built as a user builds it: a corpus folder beside out/, named relative to here."""
    shutil.copytree(SAMPLE_CORPUS, folder / "corpus", ignore=shutil.ignore_patterns(".kzbrief"))
    result = run_cli("build", "--corpus", "corpus", "--out", "out", "--now", "2026-11-23T09:30", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "out"


def edit(data: dict) -> dict:
    """What an analyst does: drops two items, reverses the rest, moves one to the end of another section, adds a
    summary and a note, changes the title."""
    data = json.loads(json.dumps(data))
    first = data["sections"][0]
    first["items"] = first["items"][2:][::-1]
    moved = first["items"].pop(0)
    data["sections"][-1]["items"].append(moved)
    first["items"][0]["note"] = "Compare with last week's statement of the Foreign Ministry."
    data["summary"] = "Every source repeats Kazakhstan's offer to host talks: settled policy, not news."
    data["title"] = "Kazakhstan as a mediator: reviewed"
    return data


def citations_of(data: dict) -> list[list[tuple]]:
    sources = {s["n"]: s["doc_id"] for s in data["sources"]}
    return [[(sources[c["source"]], c["doc_id"], c["start"], c["end"], c["text"]) for c in item["citations"]]
            for section in data["sections"] for item in section["items"]]


def test_an_edited_brief_renders_again_with_its_citations_intact_and_verifies(tmp_path):
    out = build_in(tmp_path)
    data = edit(json.loads((out / "mediation.en.json").read_text(encoding="utf-8")))
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    result = run_cli("render", str(edited), "-f", "json", "-f", "pdf", "-f", "md", "--out", "final", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    final = tmp_path / "final"
    again = json.loads((final / "mediation.en.json").read_text(encoding="utf-8"))
    assert citations_of(again) == citations_of(data)  # the same quotes at the same offsets, in the edited order
    numbers = [c["source"] for s in again["sections"] for item in s["items"] for c in item["citations"]]
    assert sorted(set(numbers)) == list(range(1, len(again["sources"]) + 1))  # numbered again, none left over
    assert numbers[0] == 1 and again["summary"] == data["summary"] and again["title"] == data["title"]
    markdown = (final / "mediation.en.md").read_text(encoding="utf-8")
    assert "## Analyst's summary" in markdown and "*Analyst's note:* Compare with last week" in markdown
    for name in ("mediation.en.json", "mediation.en.pdf", "mediation.en.md"):
        check = run_cli("verify", str(final / name), cwd=tmp_path)
        assert check.returncode == 0 and check.stdout.startswith("ok: "), (name, check.stderr)


def test_a_tampered_brief_is_refused_naming_the_item(tmp_path):
    out = build_in(tmp_path)
    data = json.loads((out / "mediation.en.json").read_text(encoding="utf-8"))
    item = data["sections"][0]["items"][2]
    opening = " ".join(item["text"].split()[:6])
    item["text"] = item["text"].replace(" ", " reportedly ", 1)  # an altered quote, made consistent with itself
    item["citations"][0]["text"] = item["text"]
    item["citations"][0]["end"] += len(" reportedly")
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for command in ("render", "verify"):
        result = run_cli(command, str(tampered), "--out" if command == "render" else "--corpus",
                         str(tmp_path / "x") if command == "render" else str(tmp_path / "corpus"), cwd=tmp_path)
        assert result.returncode == 1, (command, result.stderr)
        assert "item 3 (“" in result.stderr and "reportedly" in result.stderr
    assert not (tmp_path / "x").exists()
    markdown = run_cli("render", str(out / "mediation.en.md"), cwd=tmp_path)  # the Markdown is no brief's data
    assert markdown.returncode == 2 and "render its JSON (mediation.en.json) or its PDF instead" in markdown.stderr
    data["sections"][0]["items"][2]["citations"][0]["start"] += 1  # a citation moved, the quote left as it was
    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("render", str(moved), "--out", str(tmp_path / "y"), cwd=tmp_path)
    assert result.returncode == 1 and "item 3 (“" in result.stderr and not (tmp_path / "y").exists()
    assert opening  # the name carries the item's opening words


def test_verify_reads_the_pdf_and_the_markdown_and_finds_the_corpus_where_the_brief_was_built(tmp_path):
    out = build_in(tmp_path / "desk")
    (out / "mediation.en.json").unlink()  # what a reader received: the PDF and the Markdown
    moved = tmp_path / "elsewhere"
    shutil.move(tmp_path / "desk", moved)  # the folder the brief was built in is gone: corpus/ beside out/
    for name in ("mediation.en.pdf", "mediation.en.md"):
        result = run_cli("verify", str(moved / "out" / name), cwd=tmp_path)
        assert result.returncode == 0, (name, result.stderr)
        assert f"match {moved / 'corpus'}" in result.stdout, result.stdout
    markdown = moved / "out" / "mediation.en.md"
    source = run_cli("verify", str(markdown), cwd=tmp_path)
    cited = sorted((moved / "corpus").glob("*.txt"))[-1]
    cited.unlink()
    missing = run_cli("verify", str(moved / "out" / "mediation.en.pdf"), cwd=tmp_path)
    assert source.returncode == 0 and missing.returncode == 1
    assert f"({cited.name}) is missing from" in missing.stderr
    front, body = markdown.read_text(encoding="utf-8").split("\n---\n", 1)
    first = body.split("\n- ", 1)[1].split("[^", 1)[0]  # the first item, as the reader sees it
    markdown.write_text(front + "\n---\n" + body.replace(first, first.replace(" ", " not ", 1), 1),
                        encoding="utf-8")
    shutil.copy(SAMPLE_CORPUS / cited.name, cited)
    edited = run_cli("verify", str(markdown), cwd=tmp_path)
    assert edited.returncode == 1 and "item 1 (“" in edited.stderr


def test_a_brief_carries_its_window_as_data_and_an_old_brief_its_label(tmp_path):
    """The window travels typed (since, until, week or days), not as a label to parse; a brief of format 1,
    which carried only the label, is read into the same window."""
    from kzbrief.window import Window, brief_window

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus, ignore=shutil.ignore_patterns(".kzbrief"))
    result = run_cli("build", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "-f", "json", "--week",
                     "2026w47", "--undated")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / "mediation.en.json").read_text(encoding="utf-8"))
    assert data["window"] == {"since": "2026-11-16", "until": "2026-11-22", "undated": True, "week": "2026-W47"}
    assert data["period"] == "2026-W47 (2026-11-16 – 2026-11-22)"
    assert round_trip(data) == data and brief_from_data(data).window.week == "2026-W47"
    old = {**data, "format_version": 1}
    del old["window"]
    assert brief_window(old) == Window(brief_window(data).since, brief_window(data).until, False, "2026-W47")
    assert Window.from_label("last 7 days (2026-11-17 – 2026-11-23)").days == 7
