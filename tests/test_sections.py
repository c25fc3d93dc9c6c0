"""Section detectors on real sentences: figures and their spans, quotations and speakers, dated events."""

import pytest

from kzbrief.sections import event_date, figure_spans, is_quote, speaker


@pytest.mark.parametrize("text, figures", [
    ("Last year, the volume of Kazakh-Russian trade reached 25 billion dollars.", ["25 billion dollars"]),
    ("Kazakhstan accounts for about 83 percent of Germany’s total trade with the Central Asian region, with "
     "bilateral trade turnover increasing by 25 percent to $2.8 billion by the end of 2022.",
     ["83 percent", "25 percent", "$2.8 billion"]),
    ("With around 80% of road traffic between these two continents passing through its territory.", ["80%"]),
    ("Water shortages potentially affecting over five billion people by 2050.", ["five billion people"]),
    ("Группировка насчитывала около 1 тыс. человек, порядка 120 единиц техники.", ["1 тыс. человек",
                                                                                  "120 единиц"]),
    ("The talks started in 2017 and marked their 22nd round on Nov. 11-12.", []),
    ("Я на все 100% уверен, что команда выйдет в финал в этом году.", []),
    ("Он готов на все 100%, а бюджет вырос на 12%.", ["12%"]),
    ("Максимальная скорость ветра составит 70 км/ч, что может сказаться на тушении.", ["70 км/ч"]),
])
def test_figures(text, figures):
    assert [text[a:b] for a, b in figure_spans(text)] == figures


@pytest.mark.parametrize("text, who", [
    ("“The Security Council is in a deadlock, and we need to find a way out,” Tokayev stated.", "Tokayev"),
    ("“Putin is essentially restricted from visiting most of the Western Hemisphere,” Dubnov explained.", "Dubnov"),
    ("Tokayev wrote, “The economic and political importance of these countries is growing.”", "Tokayev"),
    ("«Казахстан готов снова принять переговоры», — заявил президент Касым-Жомарт Токаев.",
     "Касым-Жомарт Токаев"),
    ("“The Kremlin trusts Kazakhstan as an ally while respecting its relations with the West,” he stated.", None),
    ("«Это решение вызывает много вопросов у экспертов», — написала Захарова на своей странице в Telegram.",
     "Захарова"),
    ("«Мы не будем ничего комментировать», — заявил он журналистам в понедельник.", None),
    ("«Переговоры продолжатся на следующей неделе в Женеве», — сообщила официальный представитель МИД Мария "
     "Захарова.", "Мария Захарова"),
    ("Лавров заявил: «Россия готова к переговорам без предварительных условий».", "Лавров"),
    ("\"Мы очень рады, что к нам присоединился Денис Суарес\", - приводит слова тренера сайт клуба.", None),
])
def test_speakers(text, who):
    assert is_quote(text) and speaker(text) == who


def test_a_sentence_without_quotation_is_no_quote():
    assert not is_quote("Political scientist Igor Shestakov noted that Kazakhstan became the first to join.")
    assert speaker("Tokayev stated that Kazakhstan is ready.") is None


@pytest.mark.parametrize("text, label", [
    ("Perhaps the most ambitious peace negotiations began in Kazakhstan in January 2017.", "2017-01"),
    ("The last, 22nd round of negotiations in Astana was held in November 2024.", "2024-11"),
    ("This was further solidified in 2013, when both nations signed a Treaty on Allied Relations.", "2013"),
    ("ТАСС, 10 августа 2019 г. Военные завершили работы.", "2019-08-10"),
    ("Переговоры прошли в мае 2024 года в Алма-Ате.", "2024-05"),
    ("The civil war, which had lasted since 2011, goes on.", None),
    ("On December 5, a telephone conversation took place.", None),  # no year: not placed on the timeline
    ("In 2013 both nations signed a treaty, and on 5 December 2024 they met again.", "2024-12-05"),  # precise
])
def test_event_dates(text, label):
    found = event_date(text)
    assert (found.label() if found else None) == label


@pytest.mark.parametrize("text, planned", [
    ("The next round of talks will be held in Astana in March 2025.", True),
    ("Работы по расчистке реки завершат в 2020 году.", True),
    ("Финал Лиги чемпионов состоится 1 июня 2019 года в Мадриде.", True),
    ("The talks began in Astana in January 2017.", False),
    ("Указ подписан 10 августа 2019 года.", False),
])
def test_planned_dates_are_marked(text, planned):
    assert event_date(text).planned is planned
