"""Which sentences may be offered, and how they match a topic: eligibility rules, patterns, and selection from the
index (the only selection path)."""

import pytest

from kzbrief import eligibility as select
from kzbrief.config import resolve_topic, topic_from_query
from kzbrief.eligibility import rejection
from kzbrief.query import compile_pattern
from kzbrief.text import stem, tokenize
from tests.conftest import SAMPLE_CORPUS, candidates_of, write_corpus


@pytest.mark.parametrize("rule, text", [
    (select.too_short, "Kazakhstan hosted talks."),
    (select.too_long, " ".join(["word"] * 81) + "."),
    (select.cut_off, "“As the scope of the process became wider, encompassing political and..."),
    (select.cut_off, "Kazakhstan’s diplomatic corps has actively pushed for peace…"),
    (select.not_a_sentence, "Chances of new negotiations in Kazakhstan"),
    (select.question, "Can Kazakhstan, leveraging its multi-vector foreign policy, overcome these challenges?"),
    (select.starts_mid_sentence, "and that the foreign ministers of the guarantor countries would meet soon."),
    (select.mostly_names, "Jordan, Lebanon, Iraq, Iran, Russia, Türkiye, Qatar and Egypt took part."),
    (select.list_item, "_ Generation X, the children of the baby boomers, turned thirty this year."),
    (select.list_item, "• Kazakhstan hosted the sixth round of the talks in the capital."),
    (select.dateline_only, "МОСКВА, 10 авг - РИА Новости."),
    (select.note_to_editors, "ATTENTION EDITORS: The following material is for use only by arrangement."),
    (select.note_to_editors, "(For use by New York Times News Service clients) and a line that follows."),
    (select.contact_line, "He can be reached at maxwell(at) sptimes.com or by telephone at his office."),
    (select.contact_line, "To purchase this material contact the syndicate sales executive in New Jersey."),
    (select.copyright_line, "© 2024 The Astana Times. All rights reserved. Reproduction is not allowed."),
    (select.caption, "Tokayev and Putin meet in the Kremlin on Monday (AP Photo/Alexander Zemlianichenko)."),
    (select.promotion, "О том, как менялись правила перемирия в Сирии, читайте в материале «Ъ» «Режим тишины»."),
    (select.promotion, "Подробнее: в материале нашего корреспондента о заседании правительства в среду."),
    (select.promotion, "Read more: how the Astana process shaped the talks on Syria over six years."),
])
def test_rule_rejects(rule, text):
    assert rule(text)


@pytest.mark.parametrize("text", [
    "Kazakhstan has long been recognized as a neutral ground where East and West can find commonality.",
    "“The Security Council is in a deadlock, and we need to find a way out,” Tokayev stated.",
    "Last year, the volume of Kazakh-Russian trade reached 25 billion dollars.",
    "Kazakh President Kassym-Jomart Tokayev spoke with Ukrainian President Volodymyr Zelensky in March 2022.",
    "In April, Metallica and the rapper Dr. Dre sued Napster for copyright infringement.",
    "The foreign ministry said it would contact both parties before the next round of talks.",
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


def test_mediation_topic_ranks_mediation_first(sample_index):
    candidates = candidates_of(SAMPLE_CORPUS, resolve_topic("mediation", None), sample_index)
    top = " ".join(c.sentence.text for c in candidates[:10]).lower()
    assert any(word in top for word in ("mediat", "negotiat", "platform for dialogue"))
    assert candidates == sorted(candidates, key=lambda c: -c.score)
    assert all(rejection(c.sentence.text) is None for c in candidates)


def test_candidates_never_come_from_titles_or_headings(sample_index):
    from kzbrief.ingest import read_corpus

    documents = read_corpus(SAMPLE_CORPUS).documents
    headings = {d.text[b.start:b.end] for d in documents for b in d.blocks if b.kind != "paragraph"}
    candidates = candidates_of(SAMPLE_CORPUS, topic_from_query("Kazakhstan Astana"), sample_index)
    assert candidates and not {c.sentence.text for c in candidates} & headings


def test_query_topic_matches_russian_text(tmp_path):
    text = ("Заголовок статьи\n\nВоенные завершили работы по борьбе с паводками в Тулунском районе Иркутской "
            "области, сообщили в Минобороны. Погода в Москве будет тёплой и солнечной всю неделю.\n")
    corpus = write_corpus(tmp_path / "corpus", {"ru.txt": text})
    candidates = candidates_of(corpus, topic_from_query("паводки"))
    assert [c.sentence.text[:14] for c in candidates] == ["Военные заверш"]


def test_position_prior_prefers_the_lead(tmp_path):
    body = " ".join(f"Sentence {i} talks about mediation between the parties today." for i in range(6))
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": f"Title\n\n{body}\n"})
    assert candidates_of(corpus, topic_from_query("mediation"))[0].sentence.position == 0


def test_distinct_concepts_outrank_a_repeated_word(tmp_path):
    """Relevance counts each concept once, weighted by rarity: naming both halves of the question beats saying
    one common word three times."""
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": (
        "Title\n\nThe talks, the talks and again the talks went on all week in the capital city.\n\n"
        "Mediators from Kazakhstan joined the talks on the second day of the meeting.\n\n"
        + "\n\n".join(f"Filler sentence number {i} says that talks happened somewhere else." for i in range(8))
        + "\n")})
    [best, *_] = candidates_of(corpus, topic_from_query("mediators talks"))
    assert best.sentence.text.startswith("Mediators from Kazakhstan")
    assert set(best.matched) == {"mediators", "talks"}


def test_a_phrase_is_not_matched_by_one_of_its_words(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": (
        "Title\n\nKanye West released a new album to mixed reviews from critics on Friday.\n\n"
        "Israeli settlements in the West Bank grew again this year, the report said.\n")})
    ranked = candidates_of(corpus, topic_from_query("West Bank settlements"))
    assert ranked[0].sentence.text.startswith("Israeli settlements")
    assert ranked[-1].score < ranked[0].score / 3  # "West" alone is a weak, half-weight coincidence


def test_datelines_are_not_part_of_the_cited_sentence(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"wire.txt": (
        "Headline\n\nWASHINGTON (AP) -- The Senate approved new sanctions on Monday after a long debate.\n\n"
        "BONN, April 20 (Xinhua) -- Private investors are set to benefit from the single European currency.\n\n"
        "МОСКВА, 10 авг - РИА Новости. Военнослужащие завершили выполнение задач по ликвидации паводка.\n\n"
        "Москва. 30 апреля. INTERFAX.RU - Чемпион мира по борьбе дисквалифицирован за нарушение правил.\n")})
    texts = [c.sentence.text for c in candidates_of(corpus, topic_from_query("sanctions investors паводка "
                                                                               "дисквалифицирован"))]
    assert sorted(texts) == sorted([
        "The Senate approved new sanctions on Monday after a long debate.",
        "Private investors are set to benefit from the single European currency.",
        "Военнослужащие завершили выполнение задач по ликвидации паводка.",
        "Чемпион мира по борьбе дисквалифицирован за нарушение правил."])


def test_the_index_search_takes_rare_concepts_first_within_its_budget():
    from kzbrief.query import read_statement
    from kzbrief.select import fts_query

    query = read_statement("Astana talks Yerevan")
    counts = {"astana": 900, "talk": 500, "yerevan": 20}
    assert fts_query(query) == '"astana"* OR "talk"* OR "yerevan"*'  # no counts: every concept
    assert fts_query(query, counts.get, budget=600) == '"talk"* OR "yerevan"*'
    assert fts_query(query, counts.get, budget=10) == '"yerevan"*'  # the rarest, even over the budget
    from kzbrief.model import Topic
    from kzbrief.query import understand

    phrase = understand(Topic("t", "t", {"en": ("peace talks",)}))  # a phrase is searched by its rarer word
    assert fts_query(phrase, {"peac": 800, "talk": 300}.get, budget=10**6) == '"talk"*'
    assert fts_query(phrase) in ('"peac"*', '"talk"*')


def test_text_an_export_glued_with_n_is_not_offered():
    assert select.glued_link("Об этом сообщило в воскресенье агентствоnReutersn, уточнив число жертв.")
    assert select.glued_link("Ранее поступалаnинформацияnо 95 жертвах стихии в южных штатах страны.")
    assert not select.glued_link("London announced new sanctions on Monday, the ministry said in Moscow.")
    assert not select.glued_link("Российский скейтбордист Максим Круглов дисквалифицирован на четыре года.")


def test_what_the_index_search_leaves_out_is_said_not_dropped(tmp_path, monkeypatch):
    import kzbrief.select as select_module
    from kzbrief.pipeline import make_brief
    from kzbrief.render import render_markdown
    from tests.conftest import FIXED_NOW

    corpus = write_corpus(tmp_path / "corpus", {f"{n}.txt": (
        f"Report {n}\n\n" + " ".join(f"Talks number {n}{k} on the ceasefire were held in city {k}." for k in range(6))
        + "\n") for n in range(10)})
    topic = topic_from_query("ceasefire talks")
    made, _ = make_brief(corpus, topic, max_items=5, now=FIXED_NOW, index=tmp_path / "i.sqlite3")
    assert made.selection is None and "Note" not in render_markdown(made)  # small enough: all weighed
    monkeypatch.setattr(select_module, "PREFILTER_DISTINCT", 12)
    made, _ = make_brief(corpus, topic, max_items=5, now=FIXED_NOW, index=tmp_path / "i.sqlite3")
    assert made.selection == (60, 12)
    assert "*Note: The topic matched 60 sentences; the 12 the index ranked first were weighed" in \
        render_markdown(made)
    russian = render_markdown(__import__("dataclasses").replace(made, language="ru"))
    assert "Примечание: Теме отвечают 60 предложений; взвешены 12" in russian
    assert made.notes and made.notes[0].startswith("The topic matched 60 sentences")
