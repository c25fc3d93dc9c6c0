"""Russian briefs read as an analyst reads them, on the shipped sample of real articles (tests/data): items that
answer the query, no statement twice, none that leans on a sentence the brief does not show; and the word rules
behind them (compound prepositions, names at the start of a query, glued headlines, timestamps)."""

from __future__ import annotations

import json
import shutil

import pytest

from kzbrief.config import topic_from_query
from kzbrief.datelines import headline_end, timestamp
from kzbrief.pipeline import make_brief
from kzbrief.query import read_statement
from kzbrief.text import content_stems, may_be_name, stems_of
from tests.conftest import FIXED_NOW, RU_SAMPLE, candidates_of, write_corpus

ARTICLES = [json.loads(line) for line in RU_SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def ru_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ru") / "corpus"
    folder.mkdir()
    shutil.copy(RU_SAMPLE, folder)
    return folder


def brief_items(corpus, query, tmp_path, max_items=8):
    made, _ = make_brief(corpus, topic_from_query(query), max_items=max_items, language="ru", now=FIXED_NOW,
                         index=tmp_path / "index.sqlite3")
    return [item for section in made.sections for item in section.items]


def test_a_query_of_one_aspect_keeps_to_it(ru_corpus, tmp_path):
    """'Сборная России по хоккею': every item is on the hockey team, or from an article about it; a sentence that
    shares only 'России' or 'сборная' with the query, in an article on something else, is no answer."""
    items = brief_items(ru_corpus, "Сборная России по хоккею", tmp_path)
    hockey_articles = [a["text"] for a in ARTICLES if "хокке" in a["text"]]
    assert len(hockey_articles) == 2 and items
    for item in items:
        assert "хокке" in item.text.lower() or any(item.text in text for text in hockey_articles), item.text


def test_a_topic_of_several_aspects_keeps_every_aspect(ru_corpus, tmp_path):
    """A statement of two aspects asks for either: the second, matched by one article only, is still answered."""
    items = brief_items(ru_corpus, "Сборная России по хоккею. Дисквалификация борца Лабазанова.", tmp_path)
    assert any("Лабазанов" in item.text for item in items)
    assert any("хокке" in item.text.lower() or "сборн" in item.text.lower() for item in items)


def test_one_article_telling_a_fact_twice_gives_one_item(ru_corpus, tmp_path):
    """Interfax's lead ('Лабазанов наказан дисквалификацией сроком на один год') and the federation's statement it
    quotes ('... Лабазанов Чингиз лишен права на 1 год ...') are one statement; so are 'Первый канал объявил о том,
    что все матчи ... будут транслироваться' and '"Первый канал покажет ... все матчи ..."' in one article."""
    items = brief_items(ru_corpus, "Лабазанов", tmp_path)
    assert [item.text.count("Лабазанов") for item in items] == [1]
    hockey = [item.text for item in brief_items(ru_corpus, "Сборная России по хоккею", tmp_path)]
    assert sum(text.lstrip('"«').startswith("Первый канал") for text in hockey) == 1, hockey


def test_a_quotation_that_opens_with_a_pronoun_is_not_offered(ru_corpus, tmp_path):
    """«Он вступил в КПСС, насколько мы помним, в 1966 году. ...» — Путин on Зюганов: 'он' is who the sentence
    before names, and the quotation alone would not say it."""
    article = next(a["text"] for a in ARTICLES if "Он вступил в КПСС" in a["text"])
    assert "поздравить Зюганова" in article
    items = brief_items(ru_corpus, "Зюганов КПСС", tmp_path)
    assert items and not any("Он вступил" in item.text for item in items)


def test_compound_prepositions_are_no_content_words(tmp_path):
    """'в отношении автолюбителей' is 'regarding', not 'relations': no query on relations matches it, and
    near-duplicate detection does not count it; 'Отношения России и Китая' still does."""
    assert stems_of("Санкции могут быть применены в отношении автолюбителей")[-2] == "~отношение"
    assert "отношение" not in content_stems("Санкции могут быть применены в отношении автолюбителей")
    assert "отношение" in content_stems("Отношения России и Китая улучшились за счёт торговли.")
    assert "счет" not in content_stems("Отношения России и Китая улучшились за счёт торговли.")
    corpus = write_corpus(tmp_path / "corpus", {"ru.txt": (
        "Заголовок\n\nСанкции могут быть применены в отношении автолюбителей, которые закрыли номера.\n\n"
        "Отношения России и Китая заметно улучшились в прошлом году, заявили в МИД.\n")})
    found = [c.sentence.text[:9] for c in candidates_of(corpus, topic_from_query("отношения"))]
    assert found == ["Отношения"]


@pytest.mark.parametrize("word, expected", [
    ("Сборная", False), ("Отношения", False), ("Театры", False),
    ("Лавров", True), ("Токаев", True), ("Казахстан", True), ("Байден", True), ("Kazakhstan", True),
])
def test_a_capital_first_word_may_be_a_name(word, expected):
    assert may_be_name(word) is expected


def test_a_query_opening_with_a_common_noun_has_no_phrase_of_it():
    """'Сборная России по хоккею' is three concepts, not the phrase 'Сборная России' (which would rank the
    sentences on any national team first); 'Сергей Лавров в Пекине' keeps its name as a phrase."""
    assert [c.text for c in read_statement("Сборная России по хоккею").concepts] == ["сборная", "россии", "хоккею"]
    assert "сергей лавров" in [c.text for c in read_statement("Сергей Лавров в Пекине").concepts]


def test_a_page_timestamp_and_a_glued_headline_are_not_part_of_the_sentence(tmp_path):
    """Kommersant's export (webhose 2016, as in natasha/corus): '28.09.2016, 22:10 <headline> <first sentence>'.
    The cited sentence is the first sentence alone."""
    title = "Ъ-Новости - Минобороны России обвинило боевиков в срыве режима перемирия в Сирии"
    first = ("Начальник главного оперативного управления Генштаба ВС России генерал-лейтенант Виктор Познихир "
             "заявил, что режим прекращения боевых действий в Сирии был сорван боевиками.")
    text = f"28.09.2016, 22:10 Минобороны России обвинило боевиков в срыве режима перемирия в Сирии {first}"
    assert timestamp(text) == len("28.09.2016, 22:10 ")
    rest = text[timestamp(text):]
    assert rest[headline_end(rest, title):] == first
    assert headline_end(first, title) == 0  # a sentence that merely starts like the title is left whole
    record = {"title": title, "date": "2016-09-29 06:10:00", "url": "http://kommersant.ru/doc/3101669",
              "text": text + " Военные будут готовы продлить режим, если боевики его соблюдают."}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "export.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    found = [c.sentence.text for c in candidates_of(corpus, topic_from_query("Познихир"))]
    assert found == [first]


@pytest.mark.parametrize("text", [
    # real sentences of the shipped sample and of the Russian reading set, each after the one it leans on
    "Впоследствии многие признавали, что в том эпизоде Маззагатти допустил грубую ошибку.",
    "Кроме того, они категорически отрицают наличие в их действиях состава хулиганства.",
    "Кроме этого, в ведомстве напомнили о штрафах за езду без номеров.",
    "Так, в прошлом году расходы на школьную форму выросли на 15%.",
    "В ответ министерство пообещало проверить все жалобы до конца месяца.",
    "В июне он одержал победу на чемпионате Европы в Бухаресте.",
    "Последние переговоры между сторонами прошли в Минске в феврале.",
    "On Monday, he told reporters that the talks would resume in Astana.",
    "The two sides agreed to meet again before the end of the year.",
])
def test_a_sentence_that_leans_on_the_one_before_is_known(text):
    from kzbrief.eligibility import leans_back

    assert leans_back(text)


@pytest.mark.parametrize("text", [
    "Чемпион мира по греко-римской борьбе 2014 года Чингиз Лабазанов наказан дисквалификацией сроком на один год.",
    "Путин вручил Зюганову книгу «Материалы XXIII съезда КПСС».",
    "В июне правительство утвердило новые правила для автолюбителей.",
    "Стороны конфликта в Сирии подписали соглашение о перемирии в Астане.",
])
def test_a_sentence_that_stands_alone_is_not_taken_for_one_that_leans(text):
    from kzbrief.eligibility import leans_back

    assert not leans_back(text)


@pytest.mark.parametrize("query, phrase", [
    ("Сборная России по хоккею", True), ("Российский конвой на границе Украины", True),
    ("mediation of Kazakhstan in the Syrian talks", True),
    ("паводок ливни дожди", False), ("Паводки, ливни и наводнения", False), ("Министерство культуры и театры", False),
    ("Astana process Syria", False), ("Лабазанов допинг", False),
])
def test_a_phrase_asks_for_all_of_it_a_list_for_any_item(query, phrase):
    from kzbrief.select import asks_for_all

    assert asks_for_all(query) is phrase


def test_the_items_of_a_list_query_are_its_parts_not_the_names_it_joins():
    from kzbrief.query import understand
    from kzbrief.select import list_items

    def items(statement):
        query = understand(topic_from_query(statement))
        return [sorted(query.concepts[i].text for i in item) for item in list_items(statement, query)]

    assert items("Министерство культуры и театры") == [["культуры", "министерство"], ["театры"]]
    assert items("Паводки, ливни и наводнения") == [["паводки"], ["ливни"], ["наводнения"]]
    assert items("Отношения России и США") == []  # relations of both: no list
    assert items("Сборная России по хоккею") == []


def test_a_list_query_takes_a_sentence_on_one_whole_item(ru_corpus, tmp_path):
    """'Министерство культуры и театры': the theatre «Россия» and the ministry of culture, not 'министерство по
    делам бизнеса' (Johnson's visas) or 'Министерство экологии' (a river in Taldom), which share one word."""
    items = brief_items(ru_corpus, "Министерство культуры и театры", tmp_path)
    assert any("театр" in item.text for item in items) and any("культуры" in item.text for item in items)
    theatre = next(a["text"] for a in ARTICLES if a["title"].startswith("Театр «Россия»"))
    for item in items:
        assert "культуры" in item.text or "театр" in item.text.lower() or item.text in theatre, item.text


def test_a_document_title_counts_for_what_its_article_is_about(ru_corpus, tmp_path):
    """'Запрет на ввоз плодов из Китая': the article's text says 'ограничения' and 'культур', its title 'запрет на
    ввоз плодов из Китая'; so its sentence on imports from China (which names neither) is part of the answer."""
    items = brief_items(ru_corpus, "Запрет на ввоз плодов из Китая", tmp_path)
    assert any(item.text.startswith("Китай занимал второе место") for item in items)


def test_a_corpus_with_nothing_on_a_phrase_query_says_so(ru_corpus, tmp_path):
    """The sample has nothing on a Russian convoy at the Ukrainian border: sentences on a Russian skateboarder or
    the border of Moscow share a word with it and are no brief. The error names the query and the count."""
    from kzbrief.errors import NothingToBrief

    with pytest.raises(NothingToBrief, match=r"speaks enough of 'Российский конвой на границе Украины': \d+ sent"):
        brief_items(ru_corpus, "Российский конвой на границе Украины", tmp_path)
