"""From files to Documents: listing pages, manifest metadata, skipped files."""

import json
import shutil

import pytest

from kzbrief.errors import KzbriefError
from kzbrief.ingest import documents_from_text, read_corpus
from tests.conftest import SAMPLE_CORPUS


def test_sample_corpus_reads_into_seven_articles(sample_corpus):
    corpus = read_corpus(sample_corpus)
    assert corpus.skipped == []
    ids = [d.id for d in corpus.documents]
    assert ids == ["000_2f08f2a86e353ad2", "001_42fa219470ae1a0c#1", "001_42fa219470ae1a0c#2",
                   "001_42fa219470ae1a0c#3", "002_9636803f3d982e4f", "003_326885cd478af5d8",
                   "004_bb89984fb5e86af4"]


def test_listing_page_becomes_one_document_per_article(sample_corpus):
    docs = {d.id: d for d in read_corpus(sample_corpus).documents}
    assert docs["001_42fa219470ae1a0c#2"].title == "New Fighting in Syria Throws Astana Talks Off Track"
    assert docs["001_42fa219470ae1a0c#3"].title.startswith("Trump’s Bid for Ukraine-Russia Peace")
    assert "Astana process" in docs["001_42fa219470ae1a0c#2"].text
    assert "Astana process" not in docs["001_42fa219470ae1a0c#1"].text


def test_manifest_metadata_is_attached_and_nothing_is_invented(sample_corpus):
    docs = {d.id: d for d in read_corpus(sample_corpus).documents}
    tass = docs["004_bb89984fb5e86af4"]
    assert (tass.publisher, tass.author, tass.language) == ("TASS", "Andrey Gryaznov", "en")
    # The listing page's "07 January 2025" dates the page, not its three articles; the others give no date.
    assert all(d.date is None for d in docs.values())
    assert docs["001_42fa219470ae1a0c#1"].publisher is None


def test_blocks_index_the_cleaned_text(sample_corpus):
    for doc in read_corpus(sample_corpus).documents:
        assert doc.blocks[0].start == 0 and doc.blocks[-1].end == len(doc.text)
        for block in doc.blocks:
            assert doc.text[block.start:block.end].strip() == doc.text[block.start:block.end]


def test_bad_files_are_skipped_by_name_and_the_rest_is_read(corpus_copy):
    (corpus_copy / "broken.txt").write_bytes(b"Talks \x81\x8d\x8f" + bytes(range(0x80, 0x100)))  # no encoding fits
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "picture.txt").write_bytes(b"\x89PNG\x00\x00")
    (corpus_copy / "only-chrome.txt").write_text("VK X OK WhatsApp Telegram\nRead also:\n", encoding="utf-8")
    corpus = read_corpus(corpus_copy)
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert set(reasons) == {"broken.txt", "empty.txt", "picture.txt", "only-chrome.txt"}
    assert "UTF-8" in reasons["broken.txt"] and "empty" in reasons["empty.txt"]
    assert "binary" in reasons["picture.txt"] and "page chrome" in reasons["only-chrome.txt"]
    assert len(corpus.documents) == 7


def test_a_dated_page_gets_its_date_and_where_it_came_from():
    text = ("Kazakhstan offers talks\n\n12 March 2024\n\nKazakhstan offered on Tuesday to host a new round of talks "
            "between the parties in Astana next month.\n")
    [doc] = documents_from_text(text, "dated.txt")
    assert (doc.date, doc.date_source) == ("2024-03-12", "text")
    assert "12 March 2024" not in doc.text


def test_legacy_encoded_russian_file_is_read(tmp_path):
    text = ("Переговоры в Астане\n\nКазахстан готов вновь принять переговоры между Баку и Ереваном, заявили в "
            "министерстве иностранных дел республики.\n")
    (tmp_path / "koi.txt").write_bytes(text.encode("koi8-r"))
    [doc] = read_corpus(tmp_path).documents
    assert doc.encoding == "koi8-r" and doc.language == "ru" and doc.title == "Переговоры в Астане"


def test_missing_corpus_is_an_error(tmp_path):
    with pytest.raises(KzbriefError, match="not found"):
        read_corpus(tmp_path / "nope")


def test_bad_manifest_is_one_clear_error(corpus_copy):
    (corpus_copy / "manifest.toml").write_text('[[document]]\nfile = "000.txt"\nurl_guess = "x"\n')
    with pytest.raises(KzbriefError, match="unknown field"):
        read_corpus(corpus_copy)


def test_russian_text_is_a_russian_document():
    text = ("Военные завершили работы\n\nВоеннослужащие группировки Минобороны России завершили выполнение "
            "задач в Тулунском районе Иркутской области, сообщили журналистам в военном ведомстве.\n")
    [doc] = documents_from_text(text, "ru.txt")
    assert doc.language == "ru" and doc.title == "Военные завершили работы"


# Every line of page chrome in the sample corpus, file by file: each must be gone from the documents.
SAMPLE_CHROME = {
    "000_2f08f2a86e353ad2.txt": ["Сергей Гармаш Exclusive", "VK X OK WhatsApp Telegram", "Photo www", "Read also:",
                                 "Kazakhstan is seeking new formulas for peace — and this is changing the balance"],
    "001_42fa219470ae1a0c.txt": ["KGS/USD = 0.01149 0%", "KZT/USD = 0.00189 0%", "TJS/USD = 0.09153 -0.22%",
                                 "UZS/USD = 0.00008 0%", "TMT/USD = 0.28571 -0.14%", "07 January 2025",
                                 "Viewing results 1 - 6 of 3"],
    "002_9636803f3d982e4f.txt": ["[Image by jorono from Pixabay]", "Ernest Gallo is an academic",
                                 "The views and opinions expressed", "AI Fighter Jets: Skynet or Strategic Supremacy?",
                                 "The recent milestone achieved by the US Air Force",
                                 "On the Prospects of a Third World War", "Frederick the Great remarks somewhere",
                                 "Reevaluating Zionism", "As we reflect on the turbulent historical path"],
    "003_326885cd478af5d8.txt": ["[Photo by the official website of the President", "Ernest Gallo is an academic",
                                 "AI Fighter Jets", "On the Prospects of a Third World War", "Reevaluating Zionism"],
    "004_bb89984fb5e86af4.txt": [
        "Войти", "3232", "Image source: Astana", "The rights to this material belong to",
        "The material is placed by the copyright holder", "The news mentions", "Do you want to leave a comment?",
        "ПОДПИСКА НА НОВОСТИ", "Ежедневная рассылка новостей ВПК", "Discussion", "Update", "27.10 13:27", "11089",
        "Without carrot and stick", "Improved ZSU-23-4M4 Shilka", "Международные расчеты, минуя доллар",
        "Как насчёт юмористического раздела?", "Breaking the tactical deadlock", "Как сохранять индивидуальность",
        "Обзор программы создания Ил-114-300", "Об универсальных законах Мироздания",
        "Hunting without a pilot", "Charges from the sky", "Объявлен старт испытаний самолета",
        "Во имя региональной безопасности", "Трамп пообещал ускорить", "В России собрали второй",
        "Комментарий к", "Head of the TASS Representative Office"],
}


def test_no_boilerplate_line_of_the_sample_is_left_in_any_document(sample_corpus):
    documents = read_corpus(sample_corpus).documents
    for file, lines in SAMPLE_CHROME.items():
        text = "\n".join(d.text for d in documents if d.source_file == file)
        assert text, file
        for line in lines:
            assert line not in text, (file, line)


def test_sample_titles(sample_corpus):
    titles = {d.id: d.title for d in read_corpus(sample_corpus).documents}
    assert titles == {
        "000_2f08f2a86e353ad2": "Kazakhstan is Seeking New Formulas for Peace — and This is Changing the Balance of "
                                "Power in the Region",
        "001_42fa219470ae1a0c#1": "Kazakhstan’s Middle Power Strategy Captures U.S. Focus in Trump-Tokayev Talks",
        "001_42fa219470ae1a0c#2": "New Fighting in Syria Throws Astana Talks Off Track",
        "001_42fa219470ae1a0c#3": "Trump’s Bid for Ukraine-Russia Peace: Could Kazakhstan Be the Key Mediator?",
        "002_9636803f3d982e4f": "Kazakhstan’s Global Stance: Bridging East and West in International Affairs",
        "003_326885cd478af5d8": "Among Conflicts and Sanctions: Kazakhstan’s Role in Navigating Peace and Resolving "
                                "Crises",
        "004_bb89984fb5e86af4": "An alternative to Switzerland? How Kazakhstan is trying to end global conflicts",
    }


def test_a_page_mixing_english_and_russian_keeps_the_language_of_each_paragraph():
    text = ("Tokayev on the talks\n\nKazakhstan is ready to host the talks again, President Tokayev said in his "
            "address on Tuesday, according to the presidential press service.\n\n"
            "«Казахстан готов снова принять переговоры, если стороны сочтут это полезным», — заявил президент "
            "Касым-Жомарт Токаев в своём выступлении во вторник, сообщила пресс-служба Акорды. Он также "
            "подчеркнул, что республика не претендует на роль посредника.\n\nПОДПИСКА НА НОВОСТИ\n")
    [doc] = documents_from_text(text, "mixed.txt")
    assert [b.language for b in doc.blocks if b.kind == "paragraph"] == ["en", "ru"]
    assert "ПОДПИСКА" not in doc.text
    from kzbrief.ingest.split import document_sentences
    assert {s.language for s in document_sentences(doc)} == {"en", "ru"}


def test_articles_in_other_languages_are_named_and_left_out(tmp_path):
    from kzbrief.ingest import ingest_corpus
    from kzbrief.store import Store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    german = ("Die Bundesregierung hat am Montag neue Sanktionen gegen Russland beschlossen. Das teilte das "
              "Ministerium in Berlin mit. Die Maßnahmen betreffen vor allem den Handel mit Gütern, die auch "
              "militärisch genutzt werden können, und sollen im kommenden Monat in Kraft treten, hieß es.")
    ukrainian = ("Уряд України ухвалив нові санкції проти Росії, повідомило міністерство у понеділок ввечері. "
                 "Обмеження стосуються торгівлі товарами подвійного призначення і набудуть чинності наступного "
                 "місяця, зазначили в уряді після засідання в Києві, де також обговорювали бюджет.")
    (corpus / "de.txt").write_text(f"Sanktionen\n\n{german}\n", encoding="utf-8")
    (corpus / "uk.txt").write_text(f"Санкції\n\n{ukrainian}\n", encoding="utf-8")
    shutil.copy(SAMPLE_CORPUS / "002_9636803f3d982e4f.txt", corpus / "en.txt")
    (corpus / "mixed.jsonl").write_text("\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in (
        german, "Kazakhstan offered to host talks between the parties in Astana, the ministry said on Monday.")),
        encoding="utf-8")
    with Store(tmp_path / "index.sqlite3") as store:
        report = ingest_corpus(corpus, store)
        languages = store.languages()
    reasons = {s.path: s.reason for s in report.skipped}
    assert reasons["de.txt"].startswith("in German (de): kzbrief briefs English and Russian")
    assert reasons["uk.txt"].startswith("in Ukrainian (uk)")
    assert set(languages) == {"en"} and languages["en"] == 2  # en.txt and the English record
    assert any("record 1: in German (de), left out" in note.reason for note in report.notes), report.notes


@pytest.mark.parametrize("title, url, publisher, expected", [
    ("How Kazakhstan mediates conflicts - TASS Opinions", "https://tass.com/opinions/1234", None,
     "How Kazakhstan mediates conflicts"),
    ("How Kazakhstan mediates conflicts | The Astana Times", None, "The Astana Times",
     "How Kazakhstan mediates conflicts"),
    ("Kazakhstan and the Astana process: a decade of talks", "https://astanatimes.com/2024/x", None,
     "Kazakhstan and the Astana process: a decade of talks"),  # a subtitle, not the site
])
def test_the_sites_name_is_taken_out_of_a_title(tmp_path, title, url, publisher, expected):
    import json

    from kzbrief.ingest import read_corpus

    record = {"title": title, "text": "Kazakhstan offered on Friday to host the next round of talks in Astana."}
    record.update({k: v for k, v in (("url", url), ("publisher", publisher)) if v})
    (tmp_path / "export.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    [document] = read_corpus(tmp_path).documents
    assert document.title == expected
