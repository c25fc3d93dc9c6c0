"""From files to Documents: listing pages, manifest metadata, skipped files."""

import pytest

from kzbrief.errors import KzbriefError
from kzbrief.ingest import documents_from_text, read_corpus


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
    (corpus_copy / "broken.txt").write_bytes("Ceci n'est pas du russe: café, élève, où, déjà.".encode("latin-1"))
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
