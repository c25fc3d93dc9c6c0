"""Sentences with offsets, languages, tokens and stems, English and Russian."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzbrief.text import detect_language, glued_heading_end, split_sentences, stem, tokenize
from tests.conftest import RU_SAMPLE


def sentences(text, language="en"):
    return [text[s.start:s.end] for s in split_sentences(text, language=language)]


def test_month_abbreviations_do_not_end_sentences():
    text = ("The dialogue, which marked its 22nd round in Astana on Nov. 11-12, was undercut on Nov. 27 when "
            "rebels attacked. The meeting could take place in Doha on Dec. 7-8.")
    assert sentences(text) == [
        "The dialogue, which marked its 22nd round in Astana on Nov. 11-12, was undercut on Nov. 27 when rebels "
        "attacked.", "The meeting could take place in Doha on Dec. 7-8."]


def test_titles_do_not_end_sentences():
    assert len(sentences("Trump's nominee, Gen. Keith Kellogg, laid out his plan. It was criticised.")) == 2


def test_a_quotation_is_never_cut():
    text = ('As he emphasized at the CIS meeting, “Challenges cannot be resolved by terrorist actions. '
            'There is no justification.” The stance aligns with the EU.')
    assert sentences(text) == [
        'As he emphasized at the CIS meeting, “Challenges cannot be resolved by terrorist actions. '
        'There is no justification.”', "The stance aligns with the EU."]
    straight = '"Kazakhstan will act as a mediator. Our choice is balance," Tokayev said. Next sentence here.'
    assert len(sentences(straight)) == 2


def test_glued_headings_are_split_off():
    text = ("They agreed to keep in contact. Kazakhstan as a Mediator This brief interaction has fueled "
            "speculation. Tokayev and the Role of Middle Powers Under Tokayev’s leadership, Kazakhstan grew.")
    assert sentences(text) == [
        "They agreed to keep in contact.", "Kazakhstan as a Mediator",
        "This brief interaction has fueled speculation.", "Tokayev and the Role of Middle Powers",
        "Under Tokayev’s leadership, Kazakhstan grew."]


@pytest.mark.parametrize("text", [
    "Kazakh President Kassym-Jomart Tokayev spoke with Ukrainian President Volodymyr Zelensky.",
    "In March 2022, Kazakh President Kassym-Jomart Tokayev spoke with Zelensky.",
    "The Astana Process on Syria and talks in Almaty underscore its role.",
])
def test_names_are_not_mistaken_for_glued_headings(text):
    assert glued_heading_end(text) is None


def ru_articles(limit=None):
    with RU_SAMPLE.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream][:limit]


def test_russian_sentences_of_the_real_sample():
    text = ru_articles(1)[0]["text"]
    found = sentences(text, "ru")
    assert found[0] == ("ТАСС, 10 августа. Военнослужащие группировки Минобороны России по ликвидации последствий "
                        "паводков завершили выполнение задач в Тулунском районе Иркутской области, сообщили "
                        "журналистам в военном ведомстве.") or found[0].startswith("ТАСС, 10 августа.")
    assert all(s == s.strip() and s for s in found)
    assert len(found) > 3


def test_offsets_are_exact_on_every_russian_article():
    for article in ru_articles():
        text = article["text"]
        spans = split_sentences(text, language="ru")
        assert all(0 <= a.end <= b.start for a, b in zip(spans, spans[1:]))
        assert all(text[s.start:s.end].strip() == text[s.start:s.end] for s in spans)
        # Nothing but whitespace is lost between sentences.
        joined = "".join(text[s.start:s.end] for s in spans)
        assert "".join(joined.split()) == "".join(text.split())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab .,!?“”\"«»—-0123Яж\n")), max_size=80))
def test_sentence_spans_cover_the_text_in_order(text):
    spans = split_sentences(text)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert "".join("".join(text[s.start:s.end] for s in spans).split()) == "".join(text.split())


def test_language_by_script():
    assert detect_language("Kazakhstan is a mediator") == "en"
    assert detect_language("Казахстан — посредник, a mediator") == "ru"
    assert detect_language("2024 — 25%", default="ru") == "ru"


def test_stems_join_word_forms_in_both_languages():
    assert stem("mediators") == stem("mediator")
    assert stem("negotiations") == stem("negotiation")
    assert stem("переговоров") == stem("переговоры")
    assert stem("Kazakhstan's".lower()) == stem("kazakhstan")


def test_tokenize_keeps_inner_hyphens_and_apostrophes():
    assert tokenize("Trans-Caspian route, Kazakhstan’s role") == ["trans-caspian", "route", "kazakhstan's", "role"]


def test_russian_splitting_is_at_least_as_good_as_razdel_on_the_gold_sample():
    """The shipped news sample against its gold segmentation (tests/data/ru-sentences-gold.json): kzbrief's
    boundary errors never exceed razdel's own. bench/russian.py prints the figures."""
    import razdel

    records = [json.loads(line)["text"] for line in RU_SAMPLE.read_text(encoding="utf-8").splitlines()]
    gold = json.loads((RU_SAMPLE.parent / "ru-sentences-gold.json").read_text(encoding="utf-8"))["records"]

    def errors(split) -> int:
        return sum(len(set(split(t)) ^ set(g)) for t, g in zip(records, gold))

    ours = errors(lambda t: [s.end for s in split_sentences(t, language="ru")])
    theirs = errors(lambda t: [s.stop for s in razdel.sentenize(t)])
    assert ours <= theirs and sum(len(g) for g in gold) > 400


def test_a_russian_quotation_of_several_sentences_is_cut_and_its_inner_sentences_marked():
    from kzbrief.text import quote_depths

    text = ("«Макгрегор может появиться там. Лично он не говорил мне об этом. Не вижу проблем», — заключил Уайт. "
            "Турнир пройдёт в сентябре.")
    spans = split_sentences(text, language="ru")
    assert [text[s.start:s.end] for s in spans] == [
        "«Макгрегор может появиться там.", "Лично он не говорил мне об этом.",
        "Не вижу проблем», — заключил Уайт.", "Турнир пройдёт в сентябре."]
    assert quote_depths(text, spans) == [False, True, True, False]
    glued = "Хаким Зиеш укрепил преимущество клуба.n2:0 к перерыву - казалось, этого хватит."
    assert len(sentences(glued, "ru")) == 2  # an export's glued line break is a boundary razdel does not see
    assert sentences("Превышение (по трем веществам - прим. ТАСС) отмечено в двух пробах.", "ru") == [
        "Превышение (по трем веществам - прим. ТАСС) отмечено в двух пробах."]


@pytest.mark.parametrize("name, forms", [
    ("Лавров", ["Лавров", "Лаврова", "Лаврову", "Лавровым", "Лаврове"]),
    ("Токаев", ["Токаев", "Токаева", "Токаеву", "Токаевым", "Токаеве"]),
    ("Байден", ["Байден", "Байдена", "Байдену", "Байденом", "Байдене"]),
    ("Захарова", ["Захарова", "Захаровой", "Захарову"]),
    ("Шольц", ["Шольц", "Шольца", "Шольцу", "Шольцем", "Шольце"]),
    ("Зеленский", ["Зеленский", "Зеленского", "Зеленскому", "Зеленским", "Зеленском"]),
])
def test_every_case_form_of_a_name_matches_the_name(name, forms):
    """Snowball's stems split these (Лавров -> лавр, Лаврова -> лавров); the dictionary forms, with a capital read
    as a name, do not. Sentence-initial and inner positions, and a query typed in lower case, all match."""
    from kzbrief.query import compile_pattern
    from kzbrief.text import stems_of

    for typed in (name, name.lower()):
        pattern = compile_pattern(typed)
        for form in forms:
            for sentence in (f"{form} выступил на форуме в Астане.", f"На форуме в Астане выступил {form}."):
                assert pattern.count(tokenize(sentence), stems_of(sentence)), (typed, sentence)
    assert stem("переговорах") == stem("переговоры") and stem("основы") == stem("основа")


def test_tokens_and_stems_in_one_pass_are_the_two_functions_lists():
    """Ingest's one pass gives exactly tokenize()'s tokens (the full-text index forgets a row by them) and
    stems_of()'s stems, on real sentences of both sample corpora and on the one letter whose lower case splits a
    token ('İ')."""
    from kzbrief.ingest import read_corpus
    from kzbrief.ingest.split import document_sentences
    from kzbrief.text import stems_of, tokenize, tokens_and_stems
    from tests.conftest import RU_SAMPLE, SAMPLE_CORPUS

    texts = [s.text for root in (SAMPLE_CORPUS, RU_SAMPLE.parent) for d in read_corpus(root).documents
             for s in document_sentences(d)]
    texts += ["İstanbul hosted the talks.", "В отношении которых вёл переговоры Лавров.", "", "’Tis the US’s plan."]
    assert len(texts) > 500
    for text in texts + texts:  # the second time from the cache
        assert tokens_and_stems(text) == (tokenize(text), stems_of(text)), text
