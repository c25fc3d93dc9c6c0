"""Data for the boilerplate rules in clean.py: the words and patterns of page chrome, English and Russian.

Every entry here was seen on a real scraped page (the sample corpus) or is its direct sibling on other sites.
"""

import re

from kzbrief.lexicon import DATE_LINE_MONTHS

SHARE_WORDS = {
    "vk", "x", "ok", "whatsapp", "telegram", "facebook", "twitter", "linkedin", "reddit", "pinterest", "viber",
    "email", "e-mail", "print", "share", "tweet", "copy", "link", "mail", "livejournal", "threads", "flipboard",
    "вконтакте", "одноклассники", "поделиться", "телеграм", "ватсап", "печать",
}
SHARE_ALONE = {"share", "tweet", "print", "поделиться", "печать"}

TICKER = re.compile(r"^[•·▪*\-–]?\s*[A-Z]{3}/[A-Z]{3}\s*=\s*[-+]?\d[\d.,]*(\s*[-+]?\d[\d.,]*\s*%)?$")

READ_ALSO = re.compile(
    r"^(read (also|more)|also read|see also|related( articles| news| stories| posts)?|more on (this|the) topic|"
    r"you may also like|recommended|читайте также|читать также|смотрите также|по теме|также по теме|"
    r"похожие (новости|материалы)|рекомендуем)\b\s*:?",
)

PHOTO_CREDIT = re.compile(
    r"^\[?\s*(photo|photos|image|picture|illustration|фото|изображение|иллюстрация)\b"
    r"(\s*(source|by|credit|courtesy|источник)s?\b)?\s*[:©]?",
    re.IGNORECASE,
)

# Counters and timestamps of comment widgets: '3232', '• 11089', '27.10 13:27'.
COUNTER = re.compile(r"^[•·▪*\-–]?\s*[\d\s.,:/]+$")

MENU_WORDS = {
    "войти", "вход", "выход", "регистрация", "подписаться", "меню", "поиск", "обновить", "обсуждение",
    "комментарии", "главная", "новости", "login", "log in", "logout", "sign in", "sign up", "register",
    "subscribe", "menu", "search", "update", "discussion", "comments", "home", "news", "the news mentions",
    "exclusive", "advertisement", "реклама",
}

COMMENT_PROMPT = re.compile(
    r"(leave a comment|log in to comment|register and/or log in|add a comment|оставить комментарий|"
    r"войдите или зарегистрируйтесь|чтобы оставить комментарий)",
    re.IGNORECASE,
)

RIGHTS = re.compile(
    r"(all rights reserved|rights to this material belong|placed by the copyright holder|copyright\s*©|^©|"
    r"все права защищены|при перепечатке|использование материалов)",
    re.IGNORECASE,
)

AUTHOR_DISCLAIMER = re.compile(
    r"(views (and|or) opinions expressed (in this article )?are (solely )?(those )?of the author|"
    r"opinions expressed (here|in this article) are (solely )?(those )?of the author|"
    r"мнение (редакции|автора) может не совпадать)",
    re.IGNORECASE,
)

PAGINATION = re.compile(r"^(viewing|showing) (results|items|\d)|^page \d+ of \d+$", re.IGNORECASE)

DATE_ONLY = re.compile(
    rf"^(?:(?:published|updated|posted|опубликовано|обновлено)\s*:?\s*)?"
    rf"(?P<date>\d{{1,2}}\s+({DATE_LINE_MONTHS})\s+\d{{4}}|({DATE_LINE_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})(\s*(г\.|года))?(,?\s+\d{{1,2}}:\d{{2}})?$",
    re.IGNORECASE,
)
