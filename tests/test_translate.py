"""Translation with a real argos-format package built by the tests (a copy model): install, list, translate a
whole brief, the translation memory, missing models, and localized template text. Nothing is downloaded."""

import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from kzbrief.config import resolve_topic
from kzbrief.errors import KzbriefError
from kzbrief.i18n import long_date
from kzbrief.ingest import read_corpus
from kzbrief.pipeline import make_brief
from kzbrief.store import Store
from kzbrief.translate.memory import TranslationMemory
from kzbrief.translate import MissingModel, translate_brief
from kzbrief.translate.engine import Engine, Settings
from kzbrief.translate.packages import find_package, install_path, installed_packages
from tests.argos_builder import build_copy_package, pack
from tests.conftest import FIXED_NOW, ROOT, RU_SAMPLE, run_cli, run_installed


@pytest.fixture(scope="session")
def copy_packages(tmp_path_factory):
    """An en→ru copy model as an .argosmodel file, and a ru→en one as an unpacked folder."""
    root = tmp_path_factory.mktemp("models")
    en_ru = pack(build_copy_package(root / "translate-en_ru-copy", "en", "ru"), root / "en_ru.argosmodel")
    ru_en = build_copy_package(root / "translate-ru_en-copy", "ru", "en")
    return en_ru, ru_en


@pytest.fixture
def packages_dir(tmp_path, monkeypatch):
    folder = tmp_path / "argos-packages"
    folder.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    return folder


def env_with(folder: Path) -> dict:
    return {**os.environ, "ARGOS_PACKAGES_DIR": str(folder)}


def test_install_from_file_and_folder_and_list(copy_packages, packages_dir):
    en_ru, ru_en = copy_packages
    assert installed_packages() == []
    first = install_path(en_ru)
    second = install_path(ru_en)
    assert (first.pair, second.pair) == ("en→ru", "ru→en")
    assert {p.pair for p in installed_packages()} == {"en→ru", "ru→en"}
    assert find_package("en", "ru").path.parent == packages_dir
    assert not [p for p in packages_dir.iterdir() if p.name.startswith(".installing")]


def test_the_highest_version_of_a_pair_is_used_compared_as_a_version(copy_packages, packages_dir):
    """'1.10' is after '1.9' (as strings it is before)."""
    for version in ("1.9", "1.10", "1.2"):
        folder = packages_dir / f"translate-en_ru-{version}"
        shutil.copytree(copy_packages[0].parent / "translate-en_ru-copy", folder)
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        (folder / "metadata.json").write_text(json.dumps({**meta, "package_version": version}), encoding="utf-8")
    assert find_package("en", "ru").version == "1.10"


@pytest.mark.parametrize("maker, message", [
    (lambda d: d.joinpath("x.argosmodel").write_bytes(b"not a zip") and d / "x.argosmodel", "zip archive"),
    (lambda d: _zip(d, {"a/metadata.json": "{}", "b/metadata.json": "{}"}), "exactly one package folder"),
    (lambda d: _zip(d, {"a/metadata.json": "{}"}), "missing model, sentencepiece.model or bpe.model"),
    (lambda d: _zip(d, {"../evil/metadata.json": "{}"}), "unsafe path"),
    (lambda d: d / "missing.argosmodel", "model not found"),
])
def test_bad_model_files_are_refused(tmp_path, packages_dir, maker, message):
    with pytest.raises(KzbriefError, match=message):
        install_path(maker(tmp_path))
    assert list(packages_dir.iterdir()) == []


def _zip(folder: Path, members: dict) -> Path:
    path = folder / "bad.argosmodel"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def test_engine_copies_english_russian_and_unseen_characters(copy_packages, packages_dir):
    install_path(copy_packages[0])
    engine = Engine(find_package("en", "ru"), Settings(beam_size=1))
    texts = ["Kazakhstan has long been recognized as a neutral ground.",
             "“This leaves the Eurasian East. Kazakhstan has hosted OSCE and CICA summits.” Dubnov said.",
             "Военнослужащие завершили выполнение задач в Тулунском районе.", "Unseen: Ωμέγα 漢字 ½ ≠ 😀."]
    assert engine.translate(texts, "en") == texts
    again = Engine(find_package("en", "ru"), Settings(beam_size=2))  # other decoding settings, same model
    assert again.translator is engine.translator  # loaded once per process
    assert again.translate(texts[:1], "en") == texts[:1]


def test_russian_brief_of_the_english_sample_keeps_every_sentence(copy_packages, packages_dir, tmp_path):
    installed = run_cli("models", "install", str(copy_packages[0]), env=env_with(packages_dir))
    assert installed.returncode == 0, installed.stderr
    out = tmp_path / "out"
    result = run_cli("build", "--corpus", str(_corpus(tmp_path)), "--lang", "en", "--lang", "ru", "--out",
                     str(out), env=env_with(packages_dir))
    assert result.returncode == 0, result.stderr
    english = json.loads((out / "mediation.en.json").read_text(encoding="utf-8"))
    russian = json.loads((out / "mediation.ru.json").read_text(encoding="utf-8"))
    en_items = [i for s in english["sections"] for i in s["items"]]
    ru_items = [i for s in russian["sections"] for i in s["items"]]
    assert len(en_items) == len(ru_items) > 5
    for en, ru in zip(en_items, ru_items):
        assert ru["machine_translated"] and ru["original"] == en["text"] == en["citations"][0]["text"]
        assert ru["text"] == en["text"]  # the copy model: every sentence through the whole path unchanged
        assert ru["citations"] == en["citations"]
    assert russian["language"] == "ru" and russian["title"].startswith("Казахстан как посредник")
    markdown = (out / "mediation.ru.md").read_text(encoding="utf-8")
    issued = " ".join(long_date(FIXED_NOW, "ru").split())  # the Markdown writer makes CLDR's spaces plain
    for russian_text in ("## Главное", "## Источники", issued, "*МП*", "*Оригинал:*",
                         "МП — машинный перевод", "Дата неизвестна"):
        assert russian_text in markdown, russian_text
    pdf = "".join(page.extract_text() for page in PdfReader(out / "mediation.ru.pdf").pages)
    squashed = "".join(pdf.split())
    assert "Главное" in squashed and "Страница1из" in squashed and "Оригинал:" in squashed
    verified = run_cli("verify", str(out / "mediation.ru.json"), "--corpus", str(_corpus(tmp_path)))
    assert verified.returncode == 0, verified.stderr


def test_a_moses_bpe_package_with_a_target_prefix_translates_a_brief(packages_dir, tmp_path):
    """Real argos packages come with a SentencePiece model or with Moses tokenization and BPE codes (bpe.model),
    and some ask for a target prefix. A package of the second kind, built here, installed from its .argosmodel,
    takes the English sample into a Russian brief: every sentence through the whole path, the prefix taken off."""
    from argostranslate.tokenizer import BPETokenizer

    folder = build_copy_package(tmp_path / "translate-en_ru-bpe", "en", "ru", tokenizer="bpe",
                                target_prefix="__ru__")
    assert not (folder / "sentencepiece.model").exists()
    installed = run_cli("models", "install", str(pack(folder, tmp_path / "bpe.argosmodel")),
                        env=env_with(packages_dir))
    assert installed.returncode == 0, installed.stderr
    out = tmp_path / "out"
    result = run_cli("build", "--corpus", str(_corpus(tmp_path)), "--lang", "ru", "-f", "json", "--out", str(out),
                     env=env_with(packages_dir))
    assert result.returncode == 0, result.stderr
    items = [i for s in json.loads((out / "mediation.ru.json").read_text(encoding="utf-8"))["sections"]
             for i in s["items"]]
    moses = BPETokenizer(folder / "bpe.model", "en", "ru")
    assert len(items) > 5
    for item in items:  # the copy model gives back what Moses and BPE make of the sentence, and no prefix
        assert item["machine_translated"] and item["text"] == moses.decode(moses.encode(item["original"]))
        assert "__ru__" not in item["text"]
    assert sum(item["text"] == item["original"] for item in items) >= len(items) / 2  # Moses normalizes quotes


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    if not corpus.exists():
        shutil.copytree(Path(__file__).resolve().parents[1] / "corpus", corpus,
                        ignore=shutil.ignore_patterns(".kzbrief"))
    return corpus


def test_missing_model_names_the_pair_writes_the_other_language_and_exits_2(packages_dir, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", "--corpus", str(_corpus(tmp_path)), "--lang", "en", "--lang", "ru", "-f", "md",
                     "--out", str(out), env=env_with(packages_dir))
    assert result.returncode == 2
    assert [p.name for p in out.iterdir()] == ["mediation.en.md"]
    lines = result.stderr.strip().splitlines()
    assert lines == ["kzbrief: error: no translation model for en→ru; install one with: kzbrief models install "
                     "FILE.argosmodel  (or, with a network: kzbrief models install en ru)"]


def test_translation_memory_translates_only_what_is_new(copy_packages, packages_dir, tmp_path, monkeypatch):
    install_path(copy_packages[0])
    index = tmp_path / "index.sqlite3"
    brief, _ = make_brief(_corpus(tmp_path), resolve_topic(None, None), max_items=8, now=FIXED_NOW, index=index)
    calls = []
    original = Engine.translate_sentences

    def counting(self, sentences):
        calls.append(len(sentences))
        return original(self, sentences)

    monkeypatch.setattr(Engine, "translate_sentences", counting)
    with TranslationMemory(tmp_path / "memory.sqlite3") as memory:
        first = translate_brief(brief, "ru", memory)
        assert calls and memory.count() == len(brief.items)
        calls.clear()
        second = translate_brief(brief, "ru", memory)
        assert calls == [] and second == first
        translate_brief(brief, "ru", memory, Settings(beam_size=4))  # other settings: translated anew
        assert calls
    index.unlink()  # an index deleted (or rebuilt) loses no translation: they are in the user's cache
    calls.clear()
    with TranslationMemory(tmp_path / "memory.sqlite3") as memory:
        assert translate_brief(brief, "ru", memory) == first and calls == []


def test_a_memory_that_cannot_be_written_is_no_reason_to_fail(copy_packages, packages_dir, tmp_path):
    install_path(copy_packages[0])
    brief, _ = make_brief(_corpus(tmp_path), resolve_topic(None, None), max_items=4, now=FIXED_NOW,
                          index=tmp_path / "index.sqlite3")
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    notes = []
    with TranslationMemory(blocked / "memory.sqlite3", notify=notes.append) as memory:
        assert translate_brief(brief, "ru", memory).language == "ru"
    assert len(notes) == 1 and "cannot be used" in notes[0] and "translating without it" in notes[0]


def test_the_translations_of_an_old_index_move_to_the_users_cache(tmp_path):
    """An index of schema 11 kept its translation memory; opening it (an upgrade empties it) keeps them."""
    import sqlite3

    index = tmp_path / "index.sqlite3"
    with Store(index):
        pass
    db = sqlite3.connect(index)
    db.execute("CREATE TABLE translations (model TEXT NOT NULL, settings TEXT NOT NULL, source TEXT NOT NULL, "
               "target TEXT NOT NULL, PRIMARY KEY (model, settings, source)) WITHOUT ROWID")
    db.execute("INSERT INTO translations VALUES ('en-ru:1.0', 'beam=2', 'Talks resumed.', 'Переговоры возобновились.')")
    db.execute("PRAGMA user_version = 11")
    db.commit()
    db.close()
    with Store(index, notify=lambda m: None) as store:
        assert store.rebuilt
    with TranslationMemory() as memory:  # the session's cache (conftest)
        assert memory.recall("en-ru:1.0", "beam=2", ["Talks resumed."]) == {
            "Talks resumed.": "Переговоры возобновились."}


def test_a_russian_corpus_needs_no_model_for_a_russian_brief_and_one_for_english(copy_packages, packages_dir,
                                                                               tmp_path):
    corpus = tmp_path / "ru"
    corpus.mkdir()
    shutil.copy(RU_SAMPLE, corpus / "news.jsonl")
    index = tmp_path / "index.sqlite3"
    topic = resolve_topic(None, "паводки Иркутская область")
    brief, _ = make_brief(corpus, topic, max_items=5, now=FIXED_NOW, index=index)
    assert translate_brief(brief, "ru").items == brief.items
    with pytest.raises(MissingModel) as missing:
        translate_brief(brief, "en")
    assert missing.value.pair == ("ru", "en") and missing.value.exit_code == 2
    install_path(copy_packages[1])
    english = translate_brief(brief, "en")
    assert all(i.original == i.text and i.language == "en" for i in english.items)


def test_models_commands(copy_packages, packages_dir):
    env = env_with(packages_dir)
    assert "no translation models installed" in run_cli("models", "list", env=env).stdout
    installed = run_installed("models", "install", str(copy_packages[0]), env=env)
    assert installed.returncode == 0 and installed.stdout.startswith("installed en→ru 1.0")
    listing = run_cli("models", "list", env=env).stdout
    assert listing.startswith("en→ru") and "MB" in listing and str(packages_dir) in listing
    bad = run_cli("models", "install", "xx", "yy", env=env)
    assert bad.returncode == 2 and bad.stderr.startswith("kzbrief: error: ")


def test_fetching_from_the_index_fails_fast_without_a_network(packages_dir, monkeypatch):
    from argostranslate import settings

    monkeypatch.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")  # nothing listens
    started = time.perf_counter()
    from kzbrief.translate.packages import fetch

    with pytest.raises(KzbriefError, match="cannot reach the argos package index"):
        fetch("en", "ru")
    assert time.perf_counter() - started < 10


def test_no_kzbrief_path_imports_the_argos_translation_stack(copy_packages, packages_dir, tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import sys\nfrom pathlib import Path\n"
        "from kzbrief.translate.packages import install_path, installed_packages, find_package\n"
        "from kzbrief.translate.engine import Engine\n"
        f"install_path(Path({str(copy_packages[0])!r}))\n"
        "Engine(find_package('en', 'ru')).translate(['A sentence to translate.'], 'en')\n"
        "print([m for m in ('torch', 'stanza', 'spacy', 'argostranslate.translate') if m in sys.modules])\n",
        encoding="utf-8")
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, env=env_with(packages_dir))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_parallel_edition_puts_both_languages_side_by_side(copy_packages, packages_dir, tmp_path):
    install_path(copy_packages[0])
    out = tmp_path / "out"
    settings = tmp_path / "kzbrief.toml"
    settings.write_text('[branding]\nname = "Desk"\nclassification = "Для служебного пользования"\n', encoding="utf-8")
    result = run_cli("build", "--corpus", str(_corpus(tmp_path)), "--lang", "en", "--lang", "ru", "--parallel",
                     "-f", "json", "--out", str(out), "--config", str(settings), env=env_with(packages_dir))
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out / "mediation.en-ru.pdf")
    text = "".join("".join(page.extract_text().split()) for page in reader.pages).replace("-", "")
    assert "Keypoints" in text and "Главное" in text and "МП" in text
    for page in reader.pages:  # the bilingual edition carries the branding too
        assert "".join(page.extract_text().split()).upper().count("ДЛЯСЛУЖЕБНОГОПОЛЬЗОВАНИЯ") == 2
    data = json.loads((out / "mediation.en.json").read_text(encoding="utf-8"))
    first = data["sections"][0]["items"][0]["text"]
    assert text.count("".join(first.split()).replace("-", "")[:40]) >= 1
    assert len(reader.pages) >= 2  # the two-column table runs over pages
    alone = run_cli("build", "--corpus", str(_corpus(tmp_path)), "--parallel", "--out", str(out),
                    env=env_with(packages_dir))
    assert alone.returncode == 2 and "two languages" in alone.stderr


def test_weekly_run_mails_both_languages_and_says_which_model_is_missing(copy_packages, packages_dir, tmp_path):
    from tests.smtp_server import Server

    corpus = _corpus(tmp_path)
    with Server() as server:
        (tmp_path / "kzbrief.toml").write_text(f"""
corpus = "{corpus}"
languages = ["en", "ru"]
formats = ["pdf"]
undated = true
[mail]
from = "desk@example.org"
to = ["anna@example.org"]
host = "127.0.0.1"
port = {server.port}
security = "none"
""", encoding="utf-8")
        missing = run_cli("weekly", "--week", "2026-W47", "--dry-run", cwd=tmp_path, env=env_with(packages_dir))
        assert missing.returncode == 1  # the English brief is written; the Russian one needs its model
        assert "no translation model for en→ru" in missing.stderr
        assert "Attachment: mediation.en.pdf" in missing.stdout

        install_path(copy_packages[0])
        result = run_cli("weekly", "--week", "2026-W47", cwd=tmp_path, env=env_with(packages_dir))
        assert result.returncode == 0, result.stderr
        [received] = server.received
    message = received.message
    assert {p.get_filename() for p in message.iter_attachments()} == {"mediation.en.pdf", "mediation.ru.pdf"}
    body = message.get_body(("plain",)).get_content()
    assert "Key points:" in body and "Главное:" in body and "[МП]" in body  # each brief in its own language


def test_one_english_item_never_stops_a_russian_brief(packages_dir, tmp_path):
    """A Russian corpus with one English article: the Russian brief is written without the English item (a
    warning names its file and the model that would bring it in); without --lang, a corpus whose sources are
    all Russian gets a Russian brief and a hint, not a model error."""
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    shutil.copy(RU_SAMPLE, corpus / "news.jsonl")
    (corpus / "tweet.txt").write_text("Tweet\n\nForest fires in Yakutia: the government sends aircraft to put out "
                                      "the fires, officials said on Friday.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", "--corpus", str(corpus), "--query", "Лесные пожары fires Yakutia", "--lang", "ru",
                     "-f", "json", "--out", str(out), env=env_with(packages_dir))
    assert result.returncode == 0, result.stderr
    data = json.loads(next(out.glob("*.ru.json")).read_text(encoding="utf-8"))
    assert data["sections"] and all(i["language"] == "ru" for s in data["sections"] for i in s["items"])
    assert "leaves out 1 item(s) in English (tweet.txt): no model translates them" in result.stderr

    ru_only = tmp_path / "ru"
    ru_only.mkdir()
    shutil.copy(RU_SAMPLE, ru_only / "news.jsonl")
    auto = run_cli("build", "--corpus", str(ru_only), "--query", "Лесные пожары", "-f", "md", "--out",
                   str(tmp_path / "auto"), cwd=tmp_path, env=env_with(packages_dir))
    assert auto.returncode == 0, auto.stderr
    assert [p.name for p in (tmp_path / "auto").iterdir()] == ["query-лесные-пожары.ru.md"]
    assert "the sources are in Russian: the brief is written in it (--lang ru)" in auto.stderr


def test_a_query_in_one_language_says_what_it_cannot_search(tmp_path):
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    shutil.copy(RU_SAMPLE, corpus / "news.jsonl")
    shutil.copytree(Path(__file__).resolve().parents[1] / "corpus", corpus / "en",
                    ignore=shutil.ignore_patterns(".kzbrief"))
    result = run_cli("build", "--corpus", str(corpus), "--query", "Лесные пожары", "--lang", "ru", "-f", "md",
                     "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "kzbrief: note: the topic's words are all in one language: 7 English document(s) could not match it" \
        in result.stderr


def test_a_mixed_corpus_builds_both_languages(copy_packages, packages_dir, tmp_path):
    """The English sample and the Russian one in one folder, a query in both languages, both models installed:
    `--lang en --lang ru` writes both briefs, each holding items of both corpora, every one translated from (and
    citing) a real source sentence."""
    corpus = tmp_path / "mixed"
    shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns(".kzbrief"))
    shutil.copy(RU_SAMPLE, corpus / "news.jsonl")
    for package in copy_packages:
        assert run_cli("models", "install", str(package), env=env_with(packages_dir)).returncode == 0
    out = tmp_path / "out"
    result = run_cli("build", "--corpus", str(corpus), "--query", "Syria talks Сирия переговоры", "--lang", "en",
                     "--lang", "ru", "-f", "json", "--out", str(out), "--max-items", "12",
                     env=env_with(packages_dir))
    assert result.returncode == 0, result.stderr
    for language in ("en", "ru"):
        data = json.loads(next(out.glob(f"*.{language}.json")).read_text(encoding="utf-8"))
        items = [i for s in data["sections"] for i in s["items"]]
        assert {i["language"] for i in items} == {language}
        sources = {s["n"]: s for s in data["sources"]}
        originals = {sources[i["citations"][0]["source"]]["language"] for i in items}
        assert originals == {"en", "ru"}, originals
        texts = {d.id: d.text for d in read_corpus(corpus).documents}
        for item in items:  # the quoted sentence is the source's own text at the cited offsets
            citation = item["citations"][0]
            assert texts[citation["doc_id"]][citation["start"]:citation["end"]] == citation["text"]
