"""Which language a document is in. kzbrief briefs English and Russian; an article in another language is named
for what it is (German, Ukrainian, ...) and left out with a message, never filed as English because it is written
in Latin letters, nor as Russian because it is written in Cyrillic ones.

The script decides between English and Russian (`text.detect_language`); py3langid (a maintained fork of
langid.py, its model shipped in the wheel, offline) says whether a long enough text is in another language.
"""

from __future__ import annotations

from functools import lru_cache

# The languages kzbrief briefs, reads and translates between: the one place they are named.
SUPPORTED = ("en", "ru")
LANGUAGE_NAMES = {"en": "English", "ru": "Russian"}  # in English, for messages (a brief names its own: i18n)
MIN_WORDS = 25  # shorter texts say too little for an identifier: the script decides
CONFIDENT = 0.95  # the identifier's probability at which another language is believed
SAMPLE_CHARS = 1500  # what the identifier reads: a language shows in a paragraph, and a long text costs time
# Plainly English or plainly Russian, the identifier need not be asked: their commonest words make up a good part
# of the text (German, French, Ukrainian or Kazakh text has few of them), and no letter of another Cyrillic
# alphabet is in it.
_ENGLISH = frozenset("the of and to in is that for was with on as by it are from".split())
_RUSSIAN = frozenset("и в не на что с по это как он она они из за от к для о его был была".split())
_OTHER_CYRILLIC = frozenset("іїєґўқғүұһәөңјљњђћџѓќѕ")
PLAIN_ENGLISH, PLAIN_RUSSIAN = 0.18, 0.10  # shares of those words (Russian, a language of nouns, has fewer)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def other_language(text: str) -> str | None:
    """The language code of a text in a language kzbrief does not brief ('de', 'uk'), or None."""
    if len(text.split()) < MIN_WORDS:
        return None
    sample = text[:SAMPLE_CHARS].rsplit(" ", 1)[0] if len(text) > SAMPLE_CHARS else text
    if _plainly_supported(sample):
        return None
    code, probability = _identifier().classify(sample)
    return code if code not in SUPPORTED and probability >= CONFIDENT else None


def _plainly_supported(sample: str) -> bool:
    lower = sample.lower()
    words = [word.strip(".,;:!?«»\"'()—-") for word in lower.split()]
    if not words:
        return False
    if sum(word in _ENGLISH for word in words) / len(words) >= PLAIN_ENGLISH:
        return True
    return ("ы" in lower and not _OTHER_CYRILLIC & set(lower)  # 'ы': Russian; Bulgarian and the rest lack it
            and sum(word in _RUSSIAN for word in words) / len(words) >= PLAIN_RUSSIAN)


def language_label(code: str) -> str:
    """'German (de)': the language's English name, from Babel's CLDR data, and its code."""
    from babel import Locale

    try:
        return f"{Locale.parse(code).get_display_name('en')} ({code})"
    except (ValueError, LookupError):
        return code
