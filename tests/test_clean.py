"""Boilerplate rules, each tested on lines taken from the real scraped pages of the sample corpus."""

from pathlib import Path

import pytest

from kzbrief.ingest import clean
from kzbrief.ingest.clean import Line, clean_text
from kzbrief.text import detect_language


def line(text: str) -> Line:
    return Line(" ".join(text.split()), len(text), detect_language(text))


@pytest.mark.parametrize("rule, text", [
    (clean.share_buttons, "VK X OK WhatsApp Telegram"),
    (clean.currency_ticker, "  • KZT/USD = 0.00189 0%"),
    (clean.currency_ticker, "  • TJS/USD = 0.09153 -0.22%"),
    (clean.read_also, "Read also:"),
    (clean.read_also, "Читайте также:"),
    (clean.photo_credit, "Photo www"),
    (clean.photo_credit, "Image source: Astana"),
    (clean.photo_credit, "[Image by jorono from Pixabay]"),
    (clean.photo_credit, "[Photo by the official website of the President of the Republic of Kazakhstan]"),
    (clean.counter_or_timestamp, "3232"),
    (clean.counter_or_timestamp, "  • 27.10 13:27"),
    (clean.counter_or_timestamp, "  • 11089"),
    (clean.menu_or_login, "Войти"),
    (clean.menu_or_login, "    Update"),
    (clean.menu_or_login, "  • Discussion"),
    (clean.comment_prompt, "Do you want to leave a comment? Register and/or Log in"),
    (clean.rights_notice, "The rights to this material belong to"),
    (clean.rights_notice, "The material is placed by the copyright holder in the public domain"),
    (clean.author_bio, "Ernest Gallo is an academic and a visiting professor on international studies. The views "
                       "and opinions expressed in this article are those of the author."),
    (clean.pagination, "Viewing results 1 - 6 of 3"),
    (clean.date_only, "07 January 2025"),
    (clean.date_only, "10 августа 2019 г."),
    (clean.other_language_chrome, "ПОДПИСКА НА НОВОСТИ"),
    (clean.other_language_chrome, "Сергей Гармаш Exclusive"),
])
def test_rule_catches_real_chrome(rule, text):
    assert rule(line(text), "en")


REAL_TEXT = [
    "Kazakhstan also has significant peacekeeping experience, as its contingents have participated in UN missions "
    "in various Middle Eastern countries in recent years, including Syria and Libya.",
    "Last year, the volume of Kazakh-Russian trade reached 25 billion dollars.",
    "The Astana format",
    "Peace Park and World peace",
    "Photographs of the talks were published by the ministry on Monday.",
    "In 2013 both nations signed a Treaty on Allied Relations.",
]


@pytest.mark.parametrize("text", REAL_TEXT)
def test_no_line_rule_takes_real_text(text):
    assert not [rule.__name__ for rule in clean.LINE_RULES if rule(line(text), "en")]


def test_other_language_rule_keeps_the_documents_own_language():
    assert not clean.other_language_chrome(line("Казахстан продолжит выступать посредником."), "ru")


def paragraphs(path: Path) -> list[str]:
    """The real article paragraphs of a sample file: long lines that are not teasers or bios."""
    result = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        text = " ".join(raw.split())
        if len(text.split()) >= 30 and not text.endswith("...") and "views and opinions" not in text:
            result.append(text)
    return result


def test_every_real_paragraph_of_the_sample_is_kept(sample_corpus):
    for path in sorted(sample_corpus.glob("*.txt")):
        kept = {l.text for l in clean_text(path.read_text(encoding="utf-8")).kept}
        missing = [p[:60] for p in paragraphs(path) if p not in kept]
        assert not missing, f"{path.name} lost paragraphs: {missing}"


def test_sample_chrome_is_gone(sample_corpus):
    kept_text = "\n".join(
        l.text for path in sorted(sample_corpus.glob("*.txt"))
        for l in clean_text(path.read_text(encoding="utf-8")).kept)
    for chrome in ["WhatsApp", "KZT/USD", "Read also", "Photo www", "Войти", "ПОДПИСКА", "27.10 13:27",
                   "Register and/or Log in", "Without carrot and stick", "Skynet", "views and opinions",
                   "Viewing results", "Image source", "rights to this material", "Head of the TASS"]:
        assert chrome not in kept_text, chrome


def test_teaser_and_its_title_go_together():
    text = ("Main Title\n\nA real paragraph of the article that says something of substance about the talks.\n\n"
            "On the Prospects of a Third World War\n\n"
            "Frederick the Great remarks somewhere that diplomacy without force is like music without "
            "instruments. He forgot to add: when the music is off-key, one...\n")
    cleaned = clean_text(text)
    assert [l.text for l in cleaned.kept] == [
        "Main Title", "A real paragraph of the article that says something of substance about the talks."]
    assert {l.dropped_by for l in cleaned.dropped} == {"teaser"}


def test_sidebar_headlines_between_counters_go_but_section_headings_stay():
    text = ("Title of the piece\n\nFirst paragraph of the article, long enough to be a paragraph.\n\n"
            "The Astana format\n\nSecond paragraph of the article, also a real one.\n\n"
            "  • 27.10 13:27\n  • 11089\nWithout carrot and stick. Russia has deprived America of its levers\n"
            "  • 27.10 12:43\n  • 52\n")
    kept = [l.text for l in clean_text(text).kept]
    assert "The Astana format" in kept
    assert not any("carrot" in k for k in kept)


def test_removed_share_is_reported(sample_corpus):
    cleaned = clean_text((sample_corpus / "001_42fa219470ae1a0c.txt").read_text(encoding="utf-8"))
    assert 0.05 < cleaned.removed_share < 0.5
