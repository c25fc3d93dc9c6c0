"""Template text in the brief's language: gettext catalogs (`locale/<lang>/LC_MESSAGES/kzbrief.po`) read with
Babel, and dates formatted by Babel's CLDR data ("23 November 2026", "23 ноября 2026 г.")."""

from __future__ import annotations

import datetime as dt
import gettext
import io
from functools import lru_cache
from importlib import resources

LOCALES = {"en": "en_GB", "ru": "ru"}


@lru_cache(maxsize=8)
def translations(language: str) -> gettext.NullTranslations:
    """The catalog for a language (English is the source language: no catalog)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = resources.files("kzbrief").joinpath("locale", language, "LC_MESSAGES", "kzbrief.po")
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=LOCALES.get(language, language))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def long_date(value, language: str) -> str:
    """A full date in the language's long form; text that is not a date is returned as is."""
    from babel.dates import format_date

    day = _as_date(value)
    return format_date(day, "long", locale=LOCALES.get(language, language)) if day else str(value or "")


def event_label(value: str | None, language: str) -> str:
    """'2017' / '2017-01' / '2017-01-20' as the timeline shows it: '2017', 'January 2017', '20 January 2017'."""
    from babel.dates import format_date

    if not value:
        return ""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return long_date(value, language)
    if len(parts) == 2:
        return format_date(dt.date(parts[0], parts[1], 1), "LLLL y", locale=LOCALES.get(language, language))
    return str(parts[0])


def date_range(start, end, language: str) -> str:
    """'16–22 Nov 2026', '5 Mar 2025 – 22 Nov 2026' (CLDR interval formats); one date when both are the same."""
    from babel.dates import format_interval

    first, last = _as_date(start), _as_date(end)
    if first is None or last is None:
        return long_date(first or last, language)
    return format_interval(first, last, "yMMMd", locale=LOCALES.get(language, language))


def number(value: int, language: str) -> str:
    """A count with the language's digit grouping (4,500; 4 500)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=LOCALES.get(language, language))


def language_name(code: str, language: str) -> str:
    """A language's name in the brief's language, capitalized as a label: 'English', 'Русский'."""
    from babel import Locale

    name = Locale.parse(code).get_display_name(LOCALES.get(language, language)) or code
    return name[:1].upper() + name[1:]
