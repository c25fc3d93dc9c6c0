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
    assert all(d.date is None for d in docs.values())  # the sample texts give no article dates
    assert docs["001_42fa219470ae1a0c#1"].publisher is None


def test_blocks_index_the_cleaned_text(sample_corpus):
    for doc in read_corpus(sample_corpus).documents:
        assert doc.blocks[0].start == 0 and doc.blocks[-1].end == len(doc.text)
        for block in doc.blocks:
            assert doc.text[block.start:block.end].strip() == doc.text[block.start:block.end]


def test_bad_files_are_skipped_by_name_and_the_rest_is_read(corpus_copy):
    (corpus_copy / "broken.txt").write_bytes("Казахстан".encode("cp1251"))
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "picture.txt").write_bytes(b"\x89PNG\x00\x00")
    (corpus_copy / "only-chrome.txt").write_text("VK X OK WhatsApp Telegram\nRead also:\n", encoding="utf-8")
    corpus = read_corpus(corpus_copy)
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert set(reasons) == {"broken.txt", "empty.txt", "picture.txt", "only-chrome.txt"}
    assert "UTF-8" in reasons["broken.txt"] and "empty" in reasons["empty.txt"]
    assert "binary" in reasons["picture.txt"] and "page chrome" in reasons["only-chrome.txt"]
    assert len(corpus.documents) == 7


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
