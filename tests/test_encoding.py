"""Every encoding an analyst's files arrive in, decoded and named; everything else refused with the reason."""

import codecs
import json

import pytest

from kzbrief.ingest.encoding import UndecodableText, decode_bytes, russian_plausibility
from tests.conftest import RU_SAMPLE

ENGLISH = "Kazakhstan offered to host the talks — “a good service”, Tokayev said."


def russian_texts(limit=12):
    with RU_SAMPLE.open(encoding="utf-8") as stream:
        return [json.loads(line)["text"] for line in stream][:limit]


def test_utf8_with_and_without_bom():
    assert decode_bytes("Астана".encode()) == ("Астана", "utf-8")
    assert decode_bytes(codecs.BOM_UTF8 + "Астана".encode()) == ("Астана", "utf-8")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(codec):
    text = "Kazakhstan — Казахстан, посредник на переговорах."
    assert decode_bytes(text.encode(codec)) == (text, "utf-16")


LEGACY = [("cp1251", "windows-1251"), ("koi8-r", "koi8-r"), ("iso-8859-5", "iso-8859-5"),
          ("mac-cyrillic", "x-mac-cyrillic")]


@pytest.mark.parametrize("codec, name", LEGACY)
@pytest.mark.parametrize("case", ["as written", "in capitals"])
def test_legacy_russian_encodings_of_real_articles(codec, name, case):
    """Every Russian table an archive holds, on real articles, as written and all in capitals (a wire story in
    capitals is no lower-case text read with the wrong table)."""
    for text in russian_texts():
        text = text.upper() if case == "in capitals" else text
        encodable = text.encode(codec, errors="ignore").decode(codec)
        decoded, encoding = decode_bytes(encodable.encode(codec))
        assert (decoded, encoding) == (encodable, name)


@pytest.mark.parametrize("codec, name", LEGACY)
def test_short_legacy_lines(codec, name):
    text = "Казахстан готов принять переговоры."
    assert decode_bytes(text.encode(codec)) == (text, name)


def test_plain_ascii_english_is_utf8():
    assert decode_bytes(b"Plain English text.") == ("Plain English text.", "utf-8")
    assert decode_bytes(ENGLISH.encode())[0] == ENGLISH


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \n\t\n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    (bytes(range(256)) * 4, "binary data"),
    (bytes(range(0x80, 0x100)) * 4, "not plausible"),  # not UTF-8, no Russian, and not Windows-1252 either
])
def test_refusals_say_why(data, reason):
    with pytest.raises(UndecodableText, match=reason):
        decode_bytes(data)


def test_invalid_utf8_reason_names_the_byte_and_offset():
    with pytest.raises(UndecodableText) as error:
        decode_bytes(b"abc\xffdef \x80\x81")
    assert "0xff" in str(error.value) and "offset 3" in str(error.value)


def test_plausibility_separates_right_from_wrong_table():
    text = russian_texts(1)[0]
    assert russian_plausibility(text) > 0.8
    wrong = text.encode("cp1251", errors="ignore").decode("koi8-r")
    assert russian_plausibility(wrong) < 0.3


def sample_english(limit=3) -> list[str]:
    from tests.conftest import SAMPLE_CORPUS

    return [path.read_text(encoding="utf-8") for path in sorted(SAMPLE_CORPUS.glob("*.txt"))[:limit]]


def test_western_text_in_windows_1252_is_read_not_refused():
    """An English article saved by an old editor (curly quotes, a dash, an accented name in Windows-1252), and
    French in Latin-1: Western text, read as such."""
    english = "Kazakhstan offered to host the talks \u2014 \u201ca good service\u201d, Tokayev said in Montr\u00e9al."
    assert decode_bytes(english.encode("cp1252")) == (english, "windows-1252")
    french = "Ceci n'est pas du russe: café, élève, où, déjà, garçon."
    assert decode_bytes(french.encode("latin-1")) == (french, "windows-1252")
    for text in sample_english():  # whole real articles
        encodable = text.encode("cp1252", errors="ignore").decode("cp1252")
        assert decode_bytes(encodable.encode("cp1252")) == (encodable, "windows-1252")


@pytest.mark.parametrize("codec, name", LEGACY)
def test_russian_in_a_legacy_table_is_never_taken_for_western_text(codec, name):
    """Windows-1252 comes last and wants mostly ASCII letters: Russian in any table is still read as Russian, and
    never as accented gibberish ('Êàçàõñòàí')."""
    for text in russian_texts(6):
        encodable = text.encode(codec, errors="ignore").decode(codec)
        assert decode_bytes(encodable.encode(codec))[1] == name


@pytest.mark.parametrize("declared, codec, expected", [
    ("ISO-8859-1", "cp1252", "windows-1252"),   # the label means Windows-1252, as browsers read it
    ("windows-1252", "cp1252", "windows-1252"),
    ("koi8-r", "koi8-r", "koi8-r"),
    ("windows-1251", "cp1251", "windows-1251"),
])
def test_an_html_page_is_read_in_the_charset_it_declares(declared, codec, expected):
    body = "Казахстан готов принять переговоры." if "1251" in declared or "koi8" in declared else \
        "Die Gespräche in Astana wurden fortgesetzt \u2013 „ein guter Dienst“, sagte Tokajew."
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={declared}"></head>' \
           f"<body><p>{body}</p></body></html>"
    assert decode_bytes(page.encode(codec), html=True) == (page, expected)


def test_a_declaration_the_bytes_do_not_bear_out_is_not_believed():
    """A page that declares UTF-8 and is not: its bytes are read for what they are (Windows-1251 Russian)."""
    page = '<meta charset="utf-8"><p>Казахстан готов принять переговоры на своей территории.</p>'
    assert decode_bytes(page.encode("cp1251"), html=True) == (page, "windows-1251")


def test_an_english_text_file_in_windows_1252_is_ingested_with_its_quotes(tmp_path):
    from kzbrief.ingest import read_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = ("Talks resume\n\nKazakhstan offered on Monday to host the next round of talks \u2014 \u201ca good "
            "service to the region\u201d, the foreign minister said in Astana.\n")
    (corpus / "old-editor.txt").write_bytes(text.encode("cp1252"))
    read = read_corpus(corpus)
    assert not read.skipped and read.documents[0].encoding == "windows-1252"
    assert "\u201ca good service to the region\u201d" in read.documents[0].text
