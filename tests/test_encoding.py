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
    ("Ceci n'est pas du russe: café, élève, où, déjà, garçon.".encode("latin-1"), "not plausible"),
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
