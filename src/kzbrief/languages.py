"""Which language a document is in. kzbrief briefs English and Russian; an article in another language is named
for what it is (German, Ukrainian, ...) and left out with a message, never filed as English because it is written
in Latin letters, nor as Russian because it is written in Cyrillic ones.

The script decides between English and Russian (`text.detect_language`); py3langid (a maintained fork of
langid.py, its model shipped in the wheel, offline) says whether a long enough text is in another language.
"""

from __future__ import annotations

from functools import lru_cache

SUPPORTED = ("en", "ru")
MIN_WORDS = 25  # shorter texts say too little for an identifier: the script decides
CONFIDENT = 0.95  # the identifier's probability at which another language is believed


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def other_language(text: str) -> str | None:
    """The language code of a text in a language kzbrief does not brief ('de', 'uk'), or None."""
    if len(text.split()) < MIN_WORDS:
        return None
    code, probability = _identifier().classify(text)
    return code if code not in SUPPORTED and probability >= CONFIDENT else None


def language_label(code: str) -> str:
    """'German (de)': the language's English name, from Babel's CLDR data, and its code."""
    from babel import Locale

    try:
        return f"{Locale.parse(code).get_display_name('en')} ({code})"
    except (ValueError, LookupError):
        return code
