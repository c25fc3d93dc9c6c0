"""Sentences never offered in a brief: each rule is a small named function that says yes to one kind of non-statement.

Rules run at ingest time too, so the index knows which sentences a brief may use (`sentences.rejected`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from kzbrief.datelines import DATELINE_RULES, bulleted
from kzbrief.text import TITLE_ABBREVIATIONS

MIN_WORDS, MAX_WORDS = 6, 80


@lru_cache(maxsize=4)
def _lower(text: str) -> str:
    """The sentence in lower case, computed once for the rules that read it so (they run one sentence at a time)."""
    return text.lower()


def _holds_any(text: str, needles: tuple[str, ...]) -> bool:
    """Whether any of these strings is in the text: a substring test a rule's regex can only match after (finding
    none is far cheaper than a regex scan that finds nothing)."""
    return any(needle in text for needle in needles)


_TERMINAL = re.compile(r"[.!?…][\"'”»’)]*$")
_CLOSING = "\"'”»’) "


def too_short(text: str) -> bool:
    return len(text.split()) < MIN_WORDS


def too_long(text: str) -> bool:
    return len(text.split()) > MAX_WORDS


def cut_off(text: str) -> bool:
    """Teaser text or a sentence cut mid-way: '... encompassing political and...'."""
    return text.rstrip(_CLOSING).endswith(("...", "…"))


def not_a_sentence(text: str) -> bool:
    return not _TERMINAL.search(text)


def question(text: str) -> bool:
    """Questions are headlines and hooks, not findings."""
    return text.rstrip(_CLOSING).endswith("?")


def starts_mid_sentence(text: str) -> bool:
    first = text.lstrip("\"'“«(—– ")[:1]
    return first.isalpha() and first.islower()


def mostly_names(text: str) -> bool:
    """'Iran, Russia, Türkiye, Jordan, Lebanon and Iraq.': a list of names is not a statement."""
    commas = text.count(",")
    if commas + text.count("and") + text.count("и") < 4:  # at most as many as these substrings
        return False
    separators = commas + len(_AND.findall(text))
    if separators < 4:
        return False
    words = [w.strip(",.;:()\"“”«»") for w in text.split()[1:]]
    words = [w for w in words if w and w.lower().rstrip(".") not in TITLE_ABBREVIATIONS]
    return len(words) >= 5 and sum(w[0].isupper() for w in words) / len(words) > 0.6


_AND = re.compile(r"\b(?:and|и)\b")


def list_item(text: str) -> bool:
    """'_ Generation X, ...', '• ...': a line of a list, not a statement."""
    return bulleted(text)


def dateline_only(text: str) -> bool:
    """'МОСКВА, 10 авг - РИА Новости.': a dateline standing as a sentence of its own."""
    return any((end := rule(text)) is not None and not re.search(r"\w", text[end:]) for rule in DATELINE_RULES)


_NOTE = re.compile(
    r"^\W*(?:ATTENTION\s+EDITORS?|EDITORS?\s*:|EDITOR'?S\s+NOTE|NOTE\s+TO\s+EDITORS|EDS?\s*:|For\s+use\s+by\b|"
    r"Story\s+can\s+end\s+here|Optional\s+material|End\s+optional|ADVANCE\s+FOR\b|Distributed\s+by\b|"
    r"(?:Recasts|Updates|Corrects|Adds)\s+with\b|Примечание\s+редакции|От\s+редакции)", re.IGNORECASE)


def note_to_editors(text: str) -> bool:
    """'ATTENTION EDITORS: ...', '(For use by New York Times News Service clients)': a note to the press."""
    return bool(_NOTE.match(text))


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")  # tried only where an '@' is: it is slow to find none
_AT = re.compile(r"\w\(at\)\s?\w")  # 'maxwell(at) sptimes.com', tried only where '(at)' is
_CONTACT_WORDS = ("reached at", "purchase", "contact", "call", "tel", "phone", "fax", "подписывайтесь",
                  "пишите нам")  # one of them is in every _CONTACT match
_CONTACT = re.compile(
    r"\bcan be reached at\b|\bto purchase\b|\bplease contact\b|"
    r"\b(?:call|tel\.?|phone|fax)\s*:?\s*\+?[\d(][\d()\s-]{6,}|\bподписывайтесь\b|\bпишите нам\b")  # on lower case


def contact_line(text: str) -> bool:
    """'He can be reached at maxwell(at) sptimes.com', 'To purchase this material contact ...': how to reach a
    person or a desk, not news."""
    lower = _lower(text)
    return ("@" in text and bool(_EMAIL.search(text))) or ("(at)" in lower and bool(_AT.search(lower))) or \
        (_holds_any(lower, _CONTACT_WORDS) and bool(_CONTACT.search(lower)))


_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bc\.\s?\d{4}\b|\bcopyright\s+(?:\d{4}|\(c\)|by\b)|all rights reserved|"
                        r"все права защищены|перепечатка")  # matched on lower case: faster than IGNORECASE
_COPYRIGHT_WORDS = ("©", "(c)", "c.", "copyright", "all rights reserved", "все права защищены", "перепечатка")


def copyright_line(text: str) -> bool:
    """'c.1998 The Boston Globe', '© 2024 ... All rights reserved' (not 'copyright infringement')."""
    lower = _lower(text)
    return _holds_any(lower, _COPYRIGHT_WORDS) and bool(_COPYRIGHT.search(lower))


_CAPTION = re.compile(r"^\W*(?:PHOTO|Photo\s*:|Caption\s*:|Pictured\s*:|Фото\s*:)|\((?:AP|AFP|Reuters)\s+Photo\b|"
                      r"\bPhoto(?:graph)?\s+by\s+[A-Z]|\bФото:\s", re.IGNORECASE)
_CAPTION_WORDS = ("photo", "caption", "pictured", "фото")


def caption(text: str) -> bool:
    """'(AP Photo/John Smith)', 'PHOTO: ...', 'Фото: ...': a picture's caption or credit."""
    return _holds_any(_lower(text), _CAPTION_WORDS) and bool(_CAPTION.search(text))


_PROMOTION = re.compile(
    r"\bчитайте\b|\bсмотрите\s+(?:также|видео|фото)\b|\bподробнее\s*(?:—|-|:|читайте|в материале|здесь)|"
    r"\bread (?:more|the full|our)\b|\bsee also\b|\bclick here\b|\bsign up for\b|"
    r"\bsubscribe to\b")  # matched on lower case
_PROMOTION_WORDS = ("читайте", "смотрите", "подробнее", "read ", "see also", "click here", "sign up for",
                    "subscribe to")


def promotion(text: str) -> bool:
    """'О том, как ..., читайте в материале «Ъ» «...».', 'Read more: ...': the page sends the reader elsewhere;
    it is no statement of its own."""
    lower = _lower(text)
    return _holds_any(lower, _PROMOTION_WORDS) and bool(_PROMOTION.search(lower))


_GLUED_LINK = re.compile(r"[а-яё]n[А-ЯЁа-яё«\"]|[а-яё]n[A-Z]|(?:^|[.!?…»\"])n+[А-ЯЁ0-9«]|[»\"]n[а-яё]")
_GLUED_N = re.compile(r"n[А-ЯЁа-яё«\"A-Z0-9]")  # in every _GLUED_LINK match; a literal first letter is fast to seek
_QUOTE_MARKS = re.compile(r"[«»„“]")


def open_quotation(text: str) -> bool:
    """'«Макгрегор может появиться там.': it opens a quotation and does not close it: alone it is a quotation cut
    off from the rest and from its speaker (a brief shows it as part of the whole quotation)."""
    if not _holds_any(text, ("«", "„", "“", '"')):
        return False
    depth = 0
    for char in _QUOTE_MARKS.findall(text):
        if char in "«„":
            depth += 1
        elif char == "»" and depth:
            depth -= 1
        elif char == "“" and depth and "„" in text:
            depth -= 1
    start = text.lstrip()[:1]
    return depth > 0 or (start == "“" and "”" not in text) or (start == '"' and text.count('"') % 2 == 1)


def glued_link(text: str) -> bool:
    """'сообщило агентствоnReutersn.': an export that wrote a line break or a removed link as a literal 'n'
    between words. Quoting it would quote the damage, and repairing it would change the source: left out."""
    return bool(_GLUED_N.search(text)) and bool(_GLUED_LINK.search(text))


ELIGIBILITY_RULES: list[Callable[[str], bool]] = [
    too_short, too_long, cut_off, not_a_sentence, question, starts_mid_sentence, mostly_names, list_item,
    dateline_only, note_to_editors, contact_line, copyright_line, caption, glued_link, open_quotation, promotion,
]


def rejection(text: str) -> str | None:
    """The name of the first rule that keeps this sentence out of a brief, or None."""
    return next((rule.__name__ for rule in ELIGIBILITY_RULES if rule(text)), None)


# --- soft rules: sentences that may be offered, but lean on context a brief will not give them -------------------

# Openers that point back to something the reader of a brief has not seen ("He", "This", "Later", "However").
BACK_REFERENCES = {
    "he", "she", "they", "it", "this", "these", "those", "that", "such", "later", "however", "also", "moreover",
    "furthermore", "thus", "therefore", "meanwhile", "then", "besides", "nevertheless", "his", "her", "their", "its",
    "but", "and", "so", "yet", "or", "nor", "still", "instead", "otherwise", "there", "here", "we", "i", "you",
    "он", "она", "они", "оно", "это", "этот", "эта", "эти", "тот", "та", "те", "однако", "также", "кроме", "при",
    "поэтому", "тогда", "его", "ее", "её", "их", "но", "а", "и", "зато", "таким", "мы", "я", "ему", "ей", "им",
    "него", "неё", "нее", "них", "нему", "ней", "ним", "нём", "нем", "этому", "этой", "этим", "этих", "такой",
    "такие", "такое", "там", "здесь", "впрочем", "причем", "причём", "ведь",
    "another", "further", "additionally", "likewise", "similarly", "accordingly", "consequently", "hence",
    "nonetheless", "again", "both", "neither", "either", "одновременно", "вместе", "тем",
    "впоследствии", "затем", "потом", "позже", "позднее", "далее", "итак", "следовательно", "вдобавок",
}
# Openers of more than one word that do the same ("As a result, ...", "In particular, ...", "В частности, ...").
_BACK_OPENERS = re.compile(
    r"^\W*(?:as a result|in particular|in addition|for example|for instance|in turn|at the same time|on the other "
    r"hand|in this regard|in that case|as such|even so|after all|on top of that|as (?:he|she|they|it) "
    r"(?:emphasized|emphasised|noted|said|stated|explained|put it|added|stressed)|в частности|в результате|в то же "
    r"время|тем не менее|вместе с тем|в этой связи|по его|по ее|по её|по их|так(?=,)|"
    r"помимо (?:этих|этого|того|них|него)|кроме (?:этого|того|них|него)|наряду с этим|в ответ)\b", re.IGNORECASE)
# References back that no opener shows ("Tokayev reiterated this idea", "these two continents").
_STRONG_BACK = re.compile(
    r"\b(?:this|that|these|those)\s+(?:idea|concept|notion|stance|view|proposal|approach|two|three)\b|"
    r"\bthe (?:latter|former)\b|\bэт(?:у|ой|их|и)\s+(?:идею|идеи|позицию|точку зрения|две|два)\b|"
    r"\bсобеседник(?:а|у|ом)?\s+(?:агентства|издания|газеты|телеканала|РИА Новости)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(I|me|my|we think|я|мне|меня|по-моему)\b")
# Phrases early in a sentence that point back to what the article said before ("this idea", "in this case").
_BACK_PHRASES = re.compile(
    r"\b(this|that|these|those|such)\s+(idea|case|meeting|proposal|approach|mechanism|position|statement|process|"
    r"step|decision|plan|initiative|format|year|time|history)\b|\bat that time\b|\bthe same year\b|"
    r"\bafter that\b|\bbefore that\b|"
    r"\b(по его|по ее|по её|по их)\s+словам\b|\bэт(от|а|и|о)\s+(идея|решение|встреча|предложение|шаг)\b|"
    r"\bпосле этого\b|\bпри этом\b|\bтаким образом\b|\bв связи с этим\b|\bкроме того\b|\bв свою очередь\b|"
    r"\bв данном случае\b|\bмежду сторонами\b|"
    r"\bстороны (?:договорились|согласились|обсудили|подписали|обменялись)\b|"
    r"\bthe (?:two )?(?:sides|parties) (?:agreed|discussed|signed|exchanged)\b|"
    r"\bbetween the (?:two )?(?:sides|parties)\b",
    re.IGNORECASE)


# A sentence that opens with a time or place and then a pronoun ('В июне он одержал ...', 'In 2015, she ...'):
# the pronoun stands for someone named before.
_LEAD_IN = {"в", "во", "на", "с", "со", "после", "до", "за", "к", "тогда", "in", "on", "at", "after", "before",
            "by", "during", "since", "last", "earlier", "later"}
_PRONOUNS = {"он", "она", "они", "he", "she", "they"}


def pronoun_after_lead_in(text: str) -> bool:
    words = _opening(text, 4)
    return bool(words) and words[0] in _LEAD_IN and any(w in _PRONOUNS for w in words[1:4])


def _opening(text: str, count: int = 2) -> list[str]:
    """The first `count` words, lower-cased, without the punctuation around them."""
    return [re.sub(r"['’](s|re|ll|d)$", "", w.strip(",;:\"'“«(—–").lower())  # "It’s called" opens with "it"
            for w in text.split()[:count]]


def leans_back(text: str) -> bool:
    """The sentence points back to the one before it ('But ...', 'He ...', 'As a result ...', 'This idea ...',
    '... reiterated this idea', 'После этого ...'): a brief shows it with that sentence, or not at all."""
    opening = _opening(text)
    return (bool(opening and opening[0] in BACK_REFERENCES) or bool(_BACK_OPENERS.match(text))
            or bool(_BACK_PHRASES.search(" ".join(text.split()[:6]))) or bool(_STRONG_BACK.search(text))
            or pronoun_after_lead_in(text))


def context_penalty(text: str) -> float:
    """A factor in (0, 1]: 1 for a sentence that stands on its own; less when it opens with a back-reference
    ('Later, he clarified ...') or speaks in the first person outside a quotation ('I think ...')."""
    factor = 1.0
    opening = _opening(text)
    if (opening and opening[0] in BACK_REFERENCES) or _BACK_OPENERS.match(text):
        factor *= 0.35
        if len(opening) > 1 and opening[1] in BACK_REFERENCES:  # "Later, he clarified ..."
            factor *= 0.35
    if _STRONG_BACK.search(text):
        factor *= 0.5
    if _BACK_PHRASES.search(text):
        factor *= 0.5
    outside_quotes = re.sub(r"[“«\"][^”»\"]*[”»\"]", "", text)
    if _FIRST_PERSON.search(outside_quotes):
        factor *= 0.6
    return factor
