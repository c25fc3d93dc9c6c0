"""Which sentences may be offered, and how they match a topic."""

import pytest

from kzbrief import eligibility as select
from kzbrief.config import resolve_topic, topic_from_query
from kzbrief.ingest import documents_from_text, read_corpus
from kzbrief.eligibility import rejection
from kzbrief.select import compile_pattern, select_sentences
from kzbrief.text import stem, tokenize


@pytest.mark.parametrize("rule, text", [
    (select.too_short, "Kazakhstan hosted talks."),
    (select.too_long, " ".join(["word"] * 81) + "."),
    (select.cut_off, "“As the scope of the process became wider, encompassing political and..."),
    (select.cut_off, "Kazakhstan’s diplomatic corps has actively pushed for peace…"),
    (select.not_a_sentence, "Chances of new negotiations in Kazakhstan"),
    (select.question, "Can Kazakhstan, leveraging its multi-vector foreign policy, overcome these challenges?"),
    (select.starts_mid_sentence, "and that the foreign ministers of the guarantor countries would meet soon."),
    (select.mostly_names, "Jordan, Lebanon, Iraq, Iran, Russia, Türkiye, Qatar and Egypt took part."),
])
def test_rule_rejects(rule, text):
    assert rule(text)


@pytest.mark.parametrize("text", [
    "Kazakhstan has long been recognized as a neutral ground where East and West can find commonality.",
    "“The Security Council is in a deadlock, and we need to find a way out,” Tokayev stated.",
    "Last year, the volume of Kazakh-Russian trade reached 25 billion dollars.",
    "Kazakh President Kassym-Jomart Tokayev spoke with Ukrainian President Volodymyr Zelensky in March 2022.",
])
def test_real_statements_are_offered(text):
    assert rejection(text) is None


def test_patterns_match_stems_prefixes_and_phrases():
    def count(pattern, text):
        tokens = tokenize(text)
        return compile_pattern(pattern).count(tokens, [stem(t) for t in tokens])

    assert count("mediator", "Kazakhstan and other mediators met.") == 1
    assert count("negotiat*", "Negotiations and negotiating.") == 2
    assert count("Astana process", "the Astana process on Syria; Astana and the process") == 1
    assert count("host", "Astana hosted the talks, hostilities aside.") == 1
    assert count("переговор*", "Переговоры в Астане и новые переговорные площадки.") == 2


def test_mediation_topic_ranks_mediation_first(sample_corpus):
    documents = read_corpus(sample_corpus).documents
    candidates = select_sentences(documents, resolve_topic("mediation", None))
    top = " ".join(c.sentence.text for c in candidates[:10]).lower()
    assert any(word in top for word in ("mediat", "negotiat", "platform for dialogue"))
    assert candidates == sorted(candidates, key=lambda c: -c.score)
    assert all(rejection(c.sentence.text) is None for c in candidates)


def test_candidates_never_come_from_titles_or_headings(sample_corpus):
    documents = read_corpus(sample_corpus).documents
    headings = {d.text[b.start:b.end] for d in documents for b in d.blocks if b.kind != "paragraph"}
    candidates = select_sentences(documents, topic_from_query("Kazakhstan Astana"))
    assert candidates and not {c.sentence.text for c in candidates} & headings


def test_query_topic_matches_russian_text():
    text = ("Заголовок статьи\n\nВоенные завершили работы по борьбе с паводками в Тулунском районе Иркутской "
            "области, сообщили в Минобороны. Погода в Москве будет тёплой и солнечной всю неделю.\n")
    documents = documents_from_text(text, "ru.txt")
    candidates = select_sentences(documents, topic_from_query("паводки"))
    assert [c.sentence.text[:14] for c in candidates] == ["Военные заверш"]


def test_position_prior_prefers_the_lead():
    body = " ".join(f"Sentence {i} talks about mediation between the parties today." for i in range(6))
    documents = documents_from_text(f"Title\n\n{body}\n", "a.txt")
    candidates = select_sentences(documents, topic_from_query("mediation"))
    assert candidates[0].sentence.position == 0
