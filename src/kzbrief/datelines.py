"""Datelines and bylines at the head of a sentence: where the statement itself starts.

A wire story opens with its place, sometimes its date, and its agency: "WASHINGTON (AP) --", "BONN, April 20
(Xinhua) --", "SEOUL, South Korea (AP) _", "(AP) -- NASA ...", "МОСКВА, 10 авг - РИА Новости.", "АСТАНА, 5 января.
/ТАСС/." That is metadata, not part of what the source says: a brief cites the sentence from after it (the quote
stays verbatim; only its start offset moves). Each rule below recognizes one kind and returns where the sentence
proper starts, or None; the first that answers wins, and the result is never past the sentence's first word.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kzbrief.lexicon import DATELINE_MONTH_EN, DATELINE_MONTH_RU

AGENCIES_EN = (r"AP|AFP|Reuters|Xinhua|UPI|dpa|DPA|Bloomberg|Kyodo|Yonhap|Interfax|ITAR-TASS|TASS|RIA Novosti|"
               r"Trend|Kazinform|Anadolu|IRNA|PTI|CNN|BBC|AP-Dow Jones|NYT|LAT-WP")
AGENCIES_RU = (r"РИА Новости|ТАСС|ИТАР-ТАСС|Интерфакс|ИНТЕРФАКС|INTERFAX\.RU|Интерфакс-Казахстан|Прайм|РБК|"
               r"Казинформ|Тренд|Спутник|Sputnik|RT|Regnum")
_DASH = r"(?:--|—|–|-|_|:)"
_PLACE_EN = r"[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+)*(?:,\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*)*){0,2}"
_PLACE_RU = r"[А-ЯЁ][А-ЯЁ\-]+(?:\s+[А-ЯЁ][А-ЯЁ\-]+)*"

_AGENCY_DATELINE = re.compile(
    rf"^(?:{_PLACE_EN},?\s+)?(?:{DATELINE_MONTH_EN}\s+\d{{1,2}},?\s+)?\((?:{AGENCIES_EN})\)\s*{_DASH}\s+")
_PLACE_DATELINE = re.compile(rf"^{_PLACE_EN}(?:,?\s+{DATELINE_MONTH_EN}\s+\d{{1,2}})?\s+(?:--|—|_)\s+")
_RUSSIAN_DATELINE = re.compile(
    rf"^{_PLACE_RU},\s+\d{{1,2}}\s+{DATELINE_MONTH_RU}(?:\s+\d{{4}})?\.?\s*"
    rf"(?:[-–—]\s*(?:{AGENCIES_RU})\.?|/(?:Корр\.\s*)?(?:{AGENCIES_RU})/\.?)\s*")
_RUSSIAN_INTERFAX = re.compile(rf"^[А-ЯЁ][А-ЯЁа-яё\-]+\.\s+\d{{1,2}}\s+{DATELINE_MONTH_RU}\.?\s+(?:{AGENCIES_RU})\s*[-–—]\s+")
_AGENCY_LEAD = re.compile(rf"^/?(?:{AGENCIES_RU})/?\s*(?:[-–—]|\.)\s+(?=[А-ЯЁA-Z«\"„])")
_TIMESTAMP = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4},?\s+\d{1,2}:\d{2}\s+(?=\w)")
_BULLET = re.compile(r"^[_•*]\s+")
AGENCY_OPENING = re.compile(rf"^\((?:{AGENCIES_EN})\)\s*{_DASH}\s")


def agency_dateline(text: str) -> int | None:
    """'WASHINGTON (AP) -- ...', 'BONN, April 20 (Xinhua) -- ...', '(AP) -- NASA ...'."""
    match = _AGENCY_DATELINE.match(text)
    return match.end() if match else None


def place_dateline(text: str) -> int | None:
    """'WASHINGTON -- ...', 'NEW YORK _ ...': a place in capitals and a dash, without an agency."""
    match = _PLACE_DATELINE.match(text)
    if not match or not re.match(r"[A-Z][A-Z]", text):
        return None
    return match.end()


def russian_dateline(text: str) -> int | None:
    """'МОСКВА, 10 авг - РИА Новости. ...', 'АСТАНА, 5 января. /ТАСС/. ...', 'Москва. 10 августа. ИНТЕРФАКС - ...'."""
    match = _RUSSIAN_DATELINE.match(text) or _RUSSIAN_INTERFAX.match(text)
    return match.end() if match else None


def agency_lead(text: str) -> int | None:
    """'INTERFAX.RU - Чемпион мира ...', '/ТАСС/. ...': the agency left at the head of a sentence when the place
    and the date were split off as sentences of their own ('Москва. 30 апреля. INTERFAX.RU - ...')."""
    match = _AGENCY_LEAD.match(text)
    return match.end() if match else None


def timestamp(text: str) -> int | None:
    """'28.09.2016, 22:10 Минобороны России ...': the time a page stamped on its story."""
    match = _TIMESTAMP.match(text)
    return match.end() if match else None


DATELINE_RULES: list[Callable[[str], int | None]] = [agency_dateline, place_dateline, russian_dateline,
                                                     agency_lead, timestamp]


def headline_end(text: str, title: str | None) -> int:
    """Where the sentence proper starts when a page glued its headline to it ('Минобороны России обвинило
    боевиков в срыве режима перемирия в Сирии Начальник ... заявил, ...'): after the document's title (or its
    last part, 'Ъ-Новости - Минобороны ...'), when a capital letter follows; else 0."""
    if not title:
        return 0
    heads = {" ".join(title.split())}
    heads |= {" ".join(part.split()) for part in re.split(r"\s[-–—|:]\s", title)[1:]}
    flat = " ".join(text.split())
    for head in sorted(heads, key=len, reverse=True):
        if len(head.split()) >= 4 and flat.startswith(head + " ") and head[-1:] not in ".!?…":
            following = flat[len(head) + 1:]
            if following[:1].isupper() and len(following.split()) >= 4:
                return _word_start(text, len(head.split()))
    return 0


def _word_start(text: str, n: int) -> int:
    """The offset in `text` of its word number `n` (from 0), words being runs of non-space."""
    for k, match in enumerate(re.finditer(r"\S+", text)):
        if k == n:
            return match.start()
    return len(text)


def statement_start(text: str) -> int:
    """Where the sentence proper starts in `text` (0 when nothing precedes it): after a dateline, if it has one,
    as long as words follow it."""
    for rule in DATELINE_RULES:
        end = rule(text)
        if end is not None and end < len(text) and re.search(r"\w", text[end:]):
            return end
    return 0


def bulleted(text: str) -> bool:
    """'_ Generation X ...', '• ...': an item of a list, not a statement (eligibility rejects it)."""
    return bool(_BULLET.match(text))
