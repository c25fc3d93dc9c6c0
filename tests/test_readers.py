import codecs

import pytest

from kzbrief.ingest.readers import MAX_FILE_BYTES, UnreadableFile, corpus_files, decode, read_file


def test_utf8_with_and_without_bom():
    assert decode("Астана".encode()) == ("Астана", "utf-8")
    assert decode(codecs.BOM_UTF8 + "Астана".encode()) == ("Астана", "utf-8-sig")


def test_utf16_with_bom():
    text, encoding = decode("Kazakhstan — Казахстан".encode("utf-16"))
    assert text == "Kazakhstan — Казахстан" and encoding == "utf-16"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \n\t\n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
    ("Привет".encode("cp1251"), "not valid UTF-8"),
])
def test_unreadable_bytes_say_why(data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        decode(data)


def test_invalid_utf8_reason_names_the_byte_and_offset():
    with pytest.raises(UnreadableFile) as error:
        decode(b"abc\xffdef")
    assert "0xff" in str(error.value) and "offset 3" in str(error.value)


def test_too_large_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:  # sparse: no real disk used
        stream.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(UnreadableFile, match="too large"):
        read_file(path)


def test_unsupported_type_is_named(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7")
    with pytest.raises(UnreadableFile, match="unsupported file type '.pdf'"):
        read_file(path)


def test_corpus_files_skip_hidden_and_manifest(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "manifest.toml").write_text("")
    (tmp_path / ".kzbrief").mkdir()
    (tmp_path / ".kzbrief" / "index.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in corpus_files(tmp_path)] == ["a.txt", "sub/b.md"]
