"""What makes a sentence belong to a section: figures (with their spans, to highlight), quotations and their
speaker, and dated events (with a sort key). Each detector looks at one sentence and never changes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzbrief.lexicon import EN_MONTH, MONTHS, RU_MONTH


# --- key figures --------------------------------------------------------------------------------------------------

_NUMBER = r"\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_SCALE = r"(?:thousand|million|billion|trillion|bn|mln|тыс\.|млн|млрд|трлн)"
_CURRENCY_WORD = (r"(?:dollars?|euros?|tenge|rubles?|roubles?|yuan|pounds?|долларов|доллара|евро|рублей|рубля|"
                  r"тенге|юаней)")
_UNIT = (r"(?:people|persons|troops|soldiers|refugees|tons?|tonnes|barrels|km|kilometres|kilometers|miles|"
         r"countries|states|members|participants|delegates|rounds|casualties|victims|человек|тонн|километров|км|"
         r"стран|участников|жертв|единиц)")
_WORD_NUMBER = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|hundreds of|thousands of|millions of)"

FIGURE = re.compile(
    rf"(?:[$€£₸]\s?(?:{_NUMBER})(?:\s?{_SCALE})?)"                       # $2.8 billion
    rf"|(?:\b(?:{_NUMBER})\s?(?:%|percent\b|per cent\b|процент\w*))"         # 83 percent, 80%
    rf"|(?:\b(?:{_NUMBER})(?:\s{_SCALE})?\s{_CURRENCY_WORD}\b)"           # 25 billion dollars
    rf"|(?:\b(?:{_NUMBER}|{_WORD_NUMBER})\s{_SCALE}(?:\s{_UNIT})?\b)"        # five billion people, 1 тыс. человек
    rf"|(?:\b(?:{_NUMBER})\s{_UNIT}\b(?:/(?:ч|час|сек|с|h|hr|s)\b)?)",     # 147 victims, 70 км/ч
    re.IGNORECASE,
)


# Amounts that are idioms, not figures: 'на все 100%', '100% уверен', 'one hundred percent sure'.
IDIOMS = re.compile(r"\bна\s+все\s+100\s?%|\b100\s?%\s+(?:уверен\w*|гаранти\w*)|\b(?:на\s+)?100\s+процентов\b|"
                    r"\b(?:a\s+)?(?:100|110)\s?(?:%|percent)\s+(?:sure|certain|committed|behind)|\bgave\s+(?:100|110)\s?%",
                    re.IGNORECASE)


def figure_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of the amounts, percentages, counts and money in a sentence (idioms left out)."""
    idioms = [(m.start(), m.end()) for m in IDIOMS.finditer(text)]
    return tuple((m.start(), m.end()) for m in FIGURE.finditer(text)
                 if not any(a <= m.start() < b for a, b in idioms))


# --- quotes -------------------------------------------------------------------------------------------------------

_QUOTATION = re.compile(r"“[^”]{12,}”|«[^»]{12,}»|\"[^\"]{12,}\"|„[^“]{12,}“")
_NAME = r"[A-ZА-ЯЁ][\w’'.-]+(?:\s+[A-ZА-ЯЁ][\w’'.-]+){0,3}"
_VERBS_EN = (r"said|says|stated|states|noted|notes|emphasized|emphasised|stressed|explained|wrote|writes|added|"
             r"concluded|remarked|told|argued|declared|believes|warned")
# Russian verbs of saying, in the forms news use after a quotation ('», — заявил ...', '», — сообщила ...').
_VERBS_RU = (r"(?:заявил|сказал|отметил|подчеркнул|сообщил|пояснил|добавил|написал|заключил|уточнил|рассказал|"
             r"констатировал|призвал|признал|ответил|считает|полагает|уверен|напомнил|цитирует|говорит|пишет)"
             r"(?:а|и|о)?")
_TITLES = r"(?:(?:president|minister|expert|analyst|professor|political scientist)\s+)?"
# Russian: any lower-case words between the verb and the name ('заявил глава МИД', 'сообщила официальный
# представитель МИД'), but the name itself starts with a capital letter (the pattern is case-sensitive).
_TITLES_RU = r"(?:(?:[а-яё-]+|[А-ЯЁA-Z]{2,})\s+){0,4}?"
_NAME_RU = r"[А-ЯЁ][а-яё’']+(?:-[А-ЯЁа-яё][а-яё’']+)*(?:\s+[А-ЯЁ][а-яё’']+(?:-[А-ЯЁа-яё][а-яё’']+)*){0,2}"
# (pattern, whether it reads the sentence with its quotations taken out: a name inside a quotation is no speaker)
SPEAKER_PATTERNS = [
    (re.compile(rf"[”\"»]\s*,?\s*(?:—|–|-)?\s*{_VERBS_RU}\s+{_TITLES_RU}(?P<speaker>{_NAME_RU})"), False),
    (re.compile(rf"(?P<speaker>{_NAME_RU})\s+{_VERBS_RU}\s*:\s*[«\"„“]"), False),
    (re.compile(rf"[”\"»],?\s*(?:{_VERBS_EN})\s+{_TITLES}(?P<speaker>{_NAME})"), False),
    (re.compile(rf"(?P<speaker>{_NAME})\s+(?:{_VERBS_EN})\b"), True),
    (re.compile(rf"(?P<speaker>{_NAME}),\s+(?:[a-z]+\s+){{0,6}}(?:{_VERBS_EN})\b"), True),
]
NOT_NAMES = {"The", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "As", "In", "At", "On",
             "But", "And", "Он", "Она", "Они", "Это", "Мы", "Я", "Kazakhstan", "Russia", "Astana", "МИД", "ООН",
             "ТАСС", "РИА", "Интерфакс"}


def is_quote(text: str) -> bool:
    """A direct quotation of at least five words; a phrase in quotation marks ("goodwill services") is not one."""
    return any(len(match.group().split()) >= 5 for match in _QUOTATION.finditer(text))


def speaker(text: str) -> str | None:
    """The person a quotation is attributed to, when the sentence names one ('Tokayev stated', '— заявил Токаев')."""
    if not is_quote(text):
        return None
    outside = _QUOTATION.sub("”", text)
    for pattern, quotations_out in SPEAKER_PATTERNS:
        for match in pattern.finditer(outside if quotations_out else text):
            name = match.group("speaker").strip(" .,")
            words = name.split()
            while words and words[0] in NOT_NAMES:
                words = words[1:]
            if words and not any(w in NOT_NAMES for w in words[-1:]):
                return " ".join(words)
    return None


# --- timeline -----------------------------------------------------------------------------------------------------

DATE_PATTERNS = [
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:[-–]\d{{1,2}})?\s+{EN_MONTH}\s+(?P<year>(?:19|20)\d{{2}})\b"),
    re.compile(rf"\b{EN_MONTH}\s+(?P<day>\d{{1,2}})(?:[-–]\d{{1,2}})?,?\s+(?P<year>(?:19|20)\d{{2}})\b"),
    re.compile(rf"\b{EN_MONTH}\s+(?:of\s+)?(?P<year>(?:19|20)\d{{2}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:[-–]\d{{1,2}})?\s+{RU_MONTH}\s+(?P<year>(?:19|20)\d{{2}})", re.I),
    re.compile(rf"\bв\s+{RU_MONTH}\s+(?P<year>(?:19|20)\d{{2}})", re.I),
    re.compile(r"\b(?:[Ii]n|[Вв])\s+(?P<year>(?:19|20)\d{2})(?:\s+году)?\b"),
]


@dataclass(frozen=True)
class EventDate:
    year: int
    month: int = 0
    day: int = 0
    planned: bool = False  # the sentence speaks of it as to come ('will be held', 'состоится', 'планируется')

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day)

    def label(self) -> str:
        """ISO-like label: '2017', '2017-01', '2024-11-11' (writers localize it)."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


def _month_number(name: str) -> int:
    word = name.lower().rstrip(".")
    if word in MONTHS:
        return MONTHS[word]
    for stem, number in sorted(MONTHS.items(), key=lambda kv: -len(kv[0])):
        if word.startswith(stem) and not stem.isascii():
            return number
    return 0


# A sentence that speaks of what is to come: its date is a plan, not an event (the timeline marks it so).
PLANNED = re.compile(
    r"\b(?:will|shall|is to|are to|is due|are due|scheduled|planned|plans? to|intends? to|expected to|to be held|"
    r"upcoming|next (?:week|month|year))\b|\b(?:будет|будут|состоится|состоятся|пройд[её]т|пройдут|планиру\w*|"
    r"намерен\w*|намечен\w*|запланирован\w*|предстоит|ожидается|завершат|завершится|начнется|начнётся|"
    r"откроется|вступит)\b", re.IGNORECASE)


def event_date(text: str) -> EventDate | None:
    """The date a sentence reports: the most precise one it states with a year (a day over a month over a year
    alone), the first of those where there are several ('In January 2017', 'on 5 December 2024', 'в 2013 году'),
    marked as planned when the sentence speaks of what is to come. A date without a year is not placed."""
    found: list[tuple[int, EventDate]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = _month_number(groups["month"]) if groups.get("month") else 0
            day = int(groups["day"]) if groups.get("day") else 0
            found.append((match.start(), EventDate(int(groups["year"]), month, day if month else 0)))
    if not found:
        return None
    found.sort(key=lambda item: (-(item[1].month > 0) - (item[1].day > 0), item[0]))
    chosen = found[0][1]
    return EventDate(chosen.year, chosen.month, chosen.day, planned=bool(PLANNED.search(text)))
