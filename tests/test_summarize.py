"""From candidates to a Brief: distinct items, corroboration across sources, citations and sources."""

from kzbrief.config import resolve_topic, topic_from_query
from kzbrief.ingest import documents_from_text, read_corpus
from kzbrief.select import select_sentences
from kzbrief.summarize import similarity, summarize
from kzbrief.verify import brief_mismatches
from tests.conftest import FIXED_NOW


def brief_of(documents, topic, max_items=10):
    return summarize(documents, select_sentences(documents, topic), topic, max_items=max_items, language="en",
                     generated=FIXED_NOW)


def test_sample_brief_items_are_verbatim_and_cited(sample_corpus):
    documents = read_corpus(sample_corpus).documents
    brief = brief_of(documents, resolve_topic("mediation", None))
    by_id = {d.id: d for d in documents}
    assert 1 <= len(brief.items) <= 10
    for item in brief.items:
        first = item.citations[0]
        assert by_id[first.doc_id].text[first.start:first.end] == item.text
    assert brief_mismatches(brief) == []
    assert [s.number for s in brief.sources] == list(range(1, len(brief.sources) + 1))
    cited = {c.doc_id for item in brief.items for c in item.citations}
    assert cited == {s.doc_id for s in brief.sources}


def test_no_two_items_say_the_same_thing(sample_corpus):
    documents = read_corpus(sample_corpus).documents
    for name in ("mediation", "un-reform", "trade-transport", "sanctions"):
        items = brief_of(documents, resolve_topic(name, None)).items
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                assert a.text != b.text


def test_same_story_in_two_outlets_is_one_item_citing_both():
    story = ("Kazakhstan offered to host talks between Baku and Yerevan in Almaty next month, the foreign "
             "ministry said on Monday.")
    one = documents_from_text(f"Outlet one\n\n{story} Other news followed about the weather in the city.\n",
                              "one.txt")
    two = documents_from_text(f"Outlet two\n\nAccording to reports, {story[0].lower()}{story[1:]}\n", "two.txt")
    brief = brief_of(one + two, topic_from_query("talks Baku Yerevan"))
    [item] = [i for i in brief.items if "Baku" in i.text]
    assert {c.source_file for c in item.citations} == {"one.txt", "two.txt"}
    assert brief_mismatches(brief) == []
    assert len(brief.sources) == 2


def test_max_items_is_respected(sample_corpus):
    documents = read_corpus(sample_corpus).documents
    assert len(brief_of(documents, resolve_topic("mediation", None), max_items=3).items) == 3


def test_similarity_bounds():
    a, b = frozenset({"x", "y"}), frozenset({"y", "z"})
    assert similarity(a, a) == 1.0 and similarity(a, frozenset()) == 0.0 and 0 < similarity(a, b) < 1
