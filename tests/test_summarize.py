"""From candidates to a Brief: methods, MMR without repeats, corroboration, sections, order, length, windows."""

import re

import pytest

from kzbrief.config import resolve_topic, topic_from_query
from kzbrief.errors import KzbriefError
from kzbrief.ingest import documents_from_text, read_corpus
from kzbrief.pipeline import make_brief
from kzbrief.rank import METHODS, rank_candidates
from kzbrief.select import select_sentences
from kzbrief.summarize import REDUNDANCY_THRESHOLD, similarity, summarize
from kzbrief.text import content_stems
from kzbrief.verify import brief_mismatches
from kzbrief.window import make_window
from tests.conftest import FIXED_NOW
from tests.test_ingest import SAMPLE_CHROME


def brief_of(documents, topic, max_items=16, method="lexrank", **kwargs):
    return summarize(documents, select_sentences(documents, topic), topic, max_items=max_items, language="en",
                     generated=FIXED_NOW, method=method, **kwargs)


@pytest.fixture(scope="module")
def sample_documents(sample_corpus):
    return read_corpus(sample_corpus).documents


@pytest.fixture(scope="module")
def mediation(sample_documents):
    return brief_of(sample_documents, resolve_topic("mediation", None))


THREADS = {
    "the Astana process on Syria": r"Astana (process|format|talks)|talks in Astana",
    "Baku and Yerevan talks in Almaty": r"Baku|Yerevan|Alma Ata|Mirzoyan",
    "the offer to host Russia–Ukraine talks": r"Ukrain|Zelensky|Putin",
    "the Abraham Accords and the Council for Peace": r"Abraham Accords|Council for Peace",
    "UN Security Council reform": r"Security Council",
}


@pytest.mark.parametrize("thread", THREADS)
def test_mediation_brief_covers_the_main_threads(mediation, thread):
    assert any(re.search(THREADS[thread], item.text) for item in mediation.items), thread


def test_no_fact_is_stated_twice(sample_documents):
    for name in ("mediation", "un-reform", "trade-transport", "sanctions"):
        for method in METHODS:
            items = brief_of(sample_documents, resolve_topic(name, None), method=method).items
            for i, a in enumerate(items):
                for b in items[i + 1:]:
                    assert similarity(content_stems(a.text), content_stems(b.text)) < REDUNDANCY_THRESHOLD, \
                        (name, method, a.text[:50], b.text[:50])


def test_no_boilerplate_in_any_brief(sample_documents):
    chrome = [line for lines in SAMPLE_CHROME.values() for line in lines]
    for name in ("mediation", "un-reform", "trade-transport", "sanctions"):
        text = " ".join(item.text for item in brief_of(sample_documents, resolve_topic(name, None)).items)
        assert not [line for line in chrome if line in text]


def test_items_are_verbatim_and_cited(mediation, sample_documents):
    by_id = {d.id: d for d in sample_documents}
    for item in mediation.items:
        first = item.citations[0]
        assert by_id[first.doc_id].text[first.start:first.end] == item.text
    assert brief_mismatches(mediation) == []
    assert [s.number for s in mediation.sources] == list(range(1, len(mediation.sources) + 1))


def test_sections_and_their_marks(mediation, sample_documents):
    keys = [s.key for s in mediation.sections]
    assert keys[0] == "key_points" and "timeline" in keys and "quotes" in keys
    timeline = next(s for s in mediation.sections if s.key == "timeline").items
    assert [i.event_date for i in timeline] == sorted(i.event_date for i in timeline)
    quotes = next(s for s in mediation.sections if s.key == "quotes").items
    assert any(q.speaker for q in quotes)
    trade = brief_of(sample_documents, resolve_topic("trade-transport", None))
    figures = next(s for s in trade.sections if s.key == "key_figures").items
    for item in figures:
        assert item.highlights and "".join(piece for piece, _ in item.segments) == item.text
    texts = [i.text for i in mediation.items]
    assert len(texts) == len(set(texts))  # a sentence sits in one section only


def test_key_points_are_grouped_by_story(mediation):
    docs = [item.citations[0].doc_id for item in mediation.sections[0].items]
    seen = []
    for doc in docs:
        if doc in seen:
            assert seen[-1] == doc, docs  # a story's items stand together
        else:
            seen.append(doc)


def test_max_items_and_max_words(sample_documents):
    topic = resolve_topic("mediation", None)
    assert len(brief_of(sample_documents, topic, max_items=3).items) == 3
    short = brief_of(sample_documents, topic, max_words=120)
    assert sum(len(i.text.split()) for i in short.items) <= 120


def test_context_dependent_sentences_are_demoted(mediation):
    assert not [i.text for i in mediation.sections[0].items if i.text.startswith(("Later, he", "He ", "This "))]


def test_the_same_story_in_two_outlets_is_one_item_citing_both():
    story = ("Kazakhstan offered to host talks between Baku and Yerevan in Almaty next month, the foreign "
             "ministry said on Monday.")
    one = documents_from_text(f"Outlet one\n\n{story} Other news followed about the weather in the city.\n",
                              "one.txt")
    two = documents_from_text(f"Outlet two\n\nAccording to reports, {story[0].lower()}{story[1:]}\n", "two.txt")
    brief = brief_of(one + two, topic_from_query("talks Baku Yerevan"))
    [item] = [i for i in brief.items if "Baku" in i.text]
    assert {c.source_file for c in item.citations} == {"one.txt", "two.txt"}
    assert brief_mismatches(brief) == [] and len(brief.sources) == 2


def test_methods_differ_and_lead_prefers_early_sentences(sample_documents):
    topic = resolve_topic("mediation", None)
    candidates = select_sentences(sample_documents, topic)
    lead = rank_candidates(candidates, "lead")
    lexrank = rank_candidates(candidates, "lexrank")
    assert [c.sentence.position for c in lead[:5]] == sorted(c.sentence.position for c in lead[:5])
    assert [c.sentence.text for c in lead[:5]] != [c.sentence.text for c in lexrank[:5]]
    with pytest.raises(KzbriefError, match="unknown method"):
        rank_candidates(candidates, "magic")


def dated_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for day, text in (("2026-11-17", "Kazakhstan offered to host new peace talks between the parties in Astana."),
                      ("2026-11-03", "Kazakhstan hosted talks on transit corridors and the peace process."),
                      (None, "Mediators met in Almaty to prepare the next round of peace talks on Monday.")):
        name = f"{day or 'undated'}.txt"
        (corpus / name).write_text(f"Headline\n\n{text}\n", encoding="utf-8")
        if day:
            with (corpus / "manifest.toml").open("a", encoding="utf-8") as stream:
                stream.write(f'[[document]]\nfile = "{name}"\ndate = {day}\n')
    return corpus


def test_window_keeps_dated_documents_and_marks_undated_ones_when_asked(tmp_path):
    corpus = dated_corpus(tmp_path)
    topic = topic_from_query("peace talks")
    index = tmp_path / "index.sqlite3"
    week = make_window(week="2026-W47")
    brief, _ = make_brief(corpus, topic, max_items=5, window=week, index=index, now=FIXED_NOW)
    assert [s.source_file for s in brief.sources] == ["2026-11-17.txt"] and brief.period.startswith("2026-W47")
    brief, _ = make_brief(corpus, topic, max_items=5, window=make_window(week="2026-W47", undated=True),
                          index=index, now=FIXED_NOW)
    assert {s.source_file for s in brief.sources} == {"2026-11-17.txt", "undated.txt"}
    assert [i.undated for i in brief.items if i.citations[0].source_file == "undated.txt"] == [True]
    brief, _ = make_brief(corpus, topic, max_items=5, index=index, now=FIXED_NOW)
    assert len(brief.sources) == 3 and not any(i.undated for i in brief.items)
    with pytest.raises(KzbriefError, match="no document in the window 2026-W40"):
        make_brief(corpus, topic, max_items=5, window=make_window(week="2026-W40"), index=index)
