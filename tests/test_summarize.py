"""From candidates to a Brief: methods, MMR without repeats, corroboration, sections, order, length, windows."""

import re

import pytest

from kzbrief.config import resolve_topic, topic_from_query
from kzbrief.errors import KzbriefError
from kzbrief.ingest import read_corpus
from kzbrief.pipeline import make_brief
from kzbrief.rank import METHODS, rank_candidates
from kzbrief.verify import brief_mismatches
from kzbrief.window import make_window
from tests.conftest import FIXED_NOW, SAMPLE_CORPUS, candidates_of, write_corpus
from tests.test_ingest import SAMPLE_CHROME


@pytest.fixture(scope="module")
def sample_documents(sample_corpus):
    return read_corpus(sample_corpus).documents


@pytest.fixture(scope="module")
def brief_of(sample_index):
    """A brief of the sample corpus through the pipeline users run (its index built once)."""

    def make(topic, max_items=16, method="concepts", corpus=SAMPLE_CORPUS, index=sample_index, **kwargs):
        brief, _ = make_brief(corpus, topic, max_items=max_items, method=method, now=FIXED_NOW, index=index,
                              update_index=index is not sample_index, **kwargs)
        return brief

    return make


@pytest.fixture(scope="module")
def mediation(brief_of):
    return brief_of(resolve_topic("mediation", None))


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


def test_no_fact_is_stated_twice(brief_of, sample_index):
    from tests.quality import item_problems

    for name in ("mediation", "un-reform", "trade-transport", "sanctions"):
        pool = candidates_of(SAMPLE_CORPUS, resolve_topic(name, None), sample_index)  # words weighed as the brief did
        for method in METHODS:
            made = brief_of(resolve_topic(name, None), method=method)
            assert item_problems(made, pool)["repeated"] == [], (name, method)


def test_no_boilerplate_in_any_brief(brief_of):
    chrome = [line for lines in SAMPLE_CHROME.values() for line in lines]
    for name in ("mediation", "un-reform", "trade-transport", "sanctions"):
        text = " ".join(item.text for item in brief_of(resolve_topic(name, None)).items)
        assert not [line for line in chrome if line in text]


def test_items_are_verbatim_and_cited(mediation, sample_documents):
    by_id = {d.id: d for d in sample_documents}
    for item in mediation.items:
        first = item.citations[0]
        assert by_id[first.doc_id].text[first.start:first.end] == item.text
    assert brief_mismatches(mediation) == []
    assert [s.number for s in mediation.sources] == list(range(1, len(mediation.sources) + 1))


def test_sections_and_their_marks(brief_of, mediation):
    texts = [i.text for i in mediation.items]
    assert len(texts) == len(set(texts))  # a sentence sits in one section only
    trade = brief_of(resolve_topic("trade-transport", None))
    keys = [s.key for s in trade.sections]
    assert keys[0] == "key_points" and "key_figures" in keys and "quotes" in keys
    figures = next(s for s in trade.sections if s.key == "key_figures").items
    for item in figures:
        assert item.highlights and "".join(piece for piece, _ in item.segments) == item.text
    reform = brief_of(resolve_topic("un-reform", None))
    quotes = next(s for s in reform.sections if s.key == "quotes").items
    assert quotes and any(q.speaker for q in quotes)
    briefs = [mediation, trade, reform, brief_of(resolve_topic("sanctions", None))]
    timelines = [s.items for b in briefs for s in b.sections if s.key == "timeline"]
    assert timelines  # the sample's events are dated: some brief shows them in date order
    for timeline in timelines:
        assert [i.event_date for i in timeline] == sorted(i.event_date for i in timeline)


def test_placing_picks_keeps_the_most_important_half_as_key_points():
    from kzbrief.model import Sentence
    from kzbrief.select import Candidate
    from kzbrief.summarize import SECTION_LIMITS, Pick, place

    def pick(text):
        return Pick(Candidate(Sentence("d", 0, len(text), text, 0, "en"), 1.0, frozenset(), ()))

    quote = "“We are ready to host the next round of talks in Astana,” Tokayev said on Monday."
    figure = "Trade between the two countries reached 25 billion dollars last year, the ministry said."
    dated = "The talks began in January 2017 in the capital with both delegations present."
    plain = "Kazakhstan offered its good offices to both parties in the conflict this week."
    sections = place([pick(quote), pick(figure), pick(dated), pick(plain), pick(quote.replace("next", "new")),
                      pick(figure.replace("25", "30")), pick(dated.replace("2017", "2018"))])
    assert [p.lead.sentence.text for p in sections["key_points"]] == [quote, figure, dated, plain]
    assert len(sections["quotes"]) == len(sections["key_figures"]) == len(sections["timeline"]) == 1
    many = place([pick(plain)] * 2 + [pick(quote.replace("next", f"round {i}")) for i in range(8)])
    assert len(many["quotes"]) == SECTION_LIMITS["quotes"] and len(many["key_points"]) == 7


def test_key_points_are_in_order_of_importance(mediation, sample_index):
    """The concept method's choice order is the reading order: what adds most to the brief comes first."""
    from kzbrief.rank import rank_candidates

    candidates = candidates_of(SAMPLE_CORPUS, resolve_topic("mediation", None), sample_index)
    order = [(c.sentence.doc_id, c.sentence.start) for c in rank_candidates(candidates, "concepts", 900)]
    # an item that goes on with the sentence after it keeps its place: find it by where its span starts
    points = [(i.citations[0].doc_id, i.citations[0].start) for i in mediation.sections[0].items]
    ranks = [order.index(p) for p in points if p in order]
    assert len(ranks) >= len(points) - 2 and ranks == sorted(ranks)


def test_max_items_and_max_words(brief_of):
    topic = resolve_topic("mediation", None)
    assert len(brief_of(topic, max_items=3).items) == 3
    short = brief_of(topic, max_words=120)
    assert 80 <= sum(len(i.text.split()) for i in short.items) <= 120  # filled, and within the limit


def test_context_dependent_sentences_are_demoted(mediation):
    openers = ("Later, he", "He ", "This ", "But ", "And ", "It ", "They ")
    assert not [i.text for i in mediation.items if i.text.startswith(openers)]


def test_the_same_story_in_two_outlets_is_one_item_citing_both(brief_of, tmp_path):
    story = ("Kazakhstan offered to host talks between Baku and Yerevan in Almaty next month, the foreign "
             "ministry said on Monday.")
    corpus = write_corpus(tmp_path / "corpus", {
        "one.txt": f"Outlet one\n\n{story} Other news followed about the weather in the city.\n",
        "two.txt": f"Outlet two\n\nAccording to reports, {story[0].lower()}{story[1:]}\n"})
    brief = brief_of(topic_from_query("talks Baku Yerevan"), corpus=corpus, index=tmp_path / "index.sqlite3")
    [item] = [i for i in brief.items if "Baku" in i.text]
    assert {c.source_file for c in item.citations} == {"one.txt", "two.txt"}
    assert brief_mismatches(brief) == [] and len(brief.sources) == 2


def test_methods_differ_and_lead_prefers_early_sentences(sample_index):
    candidates = candidates_of(SAMPLE_CORPUS, resolve_topic("mediation", None), sample_index)
    lead = rank_candidates(candidates, "lead")
    assert [c.sentence.position for c in lead[:3]] == sorted(c.sentence.position for c in lead[:3])
    firsts = {method: [c.sentence.text for c in rank_candidates(candidates, method)[:5]] for method in METHODS}
    assert len({tuple(v) for v in firsts.values()}) == len(METHODS)
    with pytest.raises(KzbriefError, match="unknown method"):
        rank_candidates(candidates, "magic")


def test_concepts_cover_each_aspect_of_the_question_before_repeating_one(tmp_path, brief_of):
    """A two-part question: the brief answers the second part before it says more about the first, although
    the first is what the sources say most about."""
    first = [f"The ceasefire talks in Astana continued on day {d} with delegations from both parties present."
             for d in range(1, 7)]
    second = ["Humanitarian aid convoys reached the besieged city after the roads were cleared by engineers."]
    corpus = write_corpus(tmp_path / "corpus", {f"{n}.txt": f"Report {n}\n\n{text}\n"
                                                 for n, text in enumerate(first + second + second[:1] * 2)})
    brief = brief_of(topic_from_query("Describe the ceasefire talks. What humanitarian aid reached the city?"),
                     corpus=corpus, index=tmp_path / "index.sqlite3", max_items=3)
    texts = [i.text for i in brief.items]
    assert any("Humanitarian aid" in t for t in texts[:2]), texts


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
    assert [s.source_file for s in brief.sources] == ["2026-11-17.txt"] and brief.window.week == "2026-W47"
    brief, _ = make_brief(corpus, topic, max_items=5, window=make_window(week="2026-W47", undated=True),
                          index=index, now=FIXED_NOW)
    assert {s.source_file for s in brief.sources} == {"2026-11-17.txt", "undated.txt"}
    assert [i.undated for i in brief.items if i.citations[0].source_file == "undated.txt"] == [True]
    brief, _ = make_brief(corpus, topic, max_items=5, index=index, now=FIXED_NOW)
    assert len(brief.sources) == 3 and not any(i.undated for i in brief.items)
    with pytest.raises(KzbriefError, match="no document in the window 2026-W40"):
        make_brief(corpus, topic, max_items=5, window=make_window(week="2026-W40"), index=index)


def test_a_story_republished_by_another_outlet_counts_once_in_the_concepts():
    from kzbrief.model import Sentence
    from kzbrief.rank import concept_worth
    from kzbrief.select import Candidate

    def candidate(doc, text, story=""):
        from kzbrief.select import bigrams
        from kzbrief.text import stem, tokenize

        tokens = tokenize(text)
        return Candidate(Sentence(doc, 0, len(text), text, 0, "en"), 1.0, frozenset(), (),
                         bigrams=bigrams(tokens, [stem(t) for t in tokens]), story=story)

    text = "Kazakhstan offered to host peace talks in Astana next month."
    pool = [candidate("a", text, "a"), candidate("b", text, "a"), candidate("c", "Peace talks resumed in Geneva."),
            candidate("d", "The peace talks stalled again.")]
    worth = concept_worth(pool)
    assert worth[("peac", "talk")] == 3  # sources a (with its copy b), c and d
    assert ("host", "peac") not in worth  # one story, however many outlets carry it


def test_a_sentence_that_goes_on_from_an_item_joins_it(tmp_path, brief_of):
    """'Furthermore, ...' after a sentence the brief shows: one item, one verbatim span, both sentences."""
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": (
        "Reform\n\nTokayev called for reform of the UN Security Council at the General Assembly in September. "
        "Furthermore, Kazakhstan has pushed the idea of a redesigned UN Security Council for the Global South.\n\n"
        "The weather in Astana was cold and the Security Council met in New York on other business.\n")})
    brief = brief_of(topic_from_query("reform of the UN Security Council"), corpus=corpus,
                     index=tmp_path / "index.sqlite3")
    [item] = [i for i in brief.items if "Furthermore" in i.text]
    assert item.text.startswith("Tokayev called for reform") and item.text.endswith("Global South.")
    assert len(item.citations) == 1 and brief_mismatches(brief) == []
    assert not [i for i in brief.items if i.text.startswith("Furthermore")]


def test_a_quotation_of_several_sentences_is_shown_whole_with_its_speaker(tmp_path, brief_of):
    """Russian sentences are cut inside quotations (as razdel and SynTagRus cut them); a brief shows the sentence
    that closes a quotation together with every sentence back to its opening, one verbatim span."""
    corpus = write_corpus(tmp_path / "corpus", {"ufc.txt": (
        "Заголовок\n\nГлава UFC Дана Уайт рассказал о турнире в Абу-Даби. «Макгрегор может появиться на турнире. "
        "Лично он не говорил мне об этом. Не вижу проблем, если Макгрегор появится в Абу-Даби», — заключил "
        "Уайт.\n\nБилеты на турнир в Абу-Даби поступят в продажу в сентябре.\n")})
    brief = brief_of(topic_from_query("Макгрегор турнир Абу-Даби"), corpus=corpus, index=tmp_path / "i.sqlite3")
    quoted = [i.text for i in brief.items if "Макгрегор может" in i.text or "Лично он" in i.text]
    assert quoted and all(t.startswith("«Макгрегор может") and t.endswith("заключил Уайт.") for t in quoted)
    assert not [i for i in brief.items if i.text.startswith(("Лично он", "Не вижу"))]
    assert brief_mismatches(brief) == []
