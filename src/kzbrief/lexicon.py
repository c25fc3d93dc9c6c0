"""English and Russian words as data: function words, stop lemmas, abbreviations, month names. The rules that
read them live in their own modules (text, query, sections, datelines, ingest/chrome); the words live here, in
one place, as razdel keeps its abbreviation tables apart from its rules."""

from __future__ import annotations

# Function words, left out when comparing what two sentences say.
STOPWORDS = frozenset("""
a about after also an and are as at be been but by for from had has have he his in into is it its itself more
not of on or our over said she such than that the their them there these they this those to under was we were
which while who will with would
а в во для до же за и из или к как на не но о об от по при с со так также то что это этот его ее их он она они
""".split())


# Russian dictionary forms that say nothing of a statement's content: forms of function words the token list
# cannot name one by one (весь, тот, который, быть), and the words of attribution ('сообщает агентство', 'говорится
# в сообщении', 'сообщили Интерфаксу во вторник'), which wire copies of one fact word differently. Number words
# count as their digits ('на один год' states what 'на 1 год' states).
RUSSIAN_STOP_LEMMAS = frozenset("""
быть весь всё все тот который свой этот такой мочь также уже еще ещё самый сам из-за
сообщать сообщить сообщаться сообщение говориться заявить заявлять заявление отметить отмечать сказать
рассказать пояснить подчеркнуть добавить уточнить передавать передать информировать агентство пресс-служба
интерфакс риа тасс новость понедельник вторник четверг пятница суббота воскресенье
""".split())
RUSSIAN_NUMBERS = {"один": "1", "два": "2", "три": "3", "четыре": "4", "пять": "5", "шесть": "6", "семь": "7",
                   "восемь": "8", "девять": "9", "десять": "10"}


# Words that say how to answer, not what about: dropped from free-text queries (data, English and Russian).
INSTRUCTION_WORDS = frozenset("""
describe description discuss discussion explain identify include includes including information info
specify provide give list detail details tell present indicate mention note summarize summarise outline
compare contrast trace examine analyze analyse explore find please regarding concerning about any other such
kind kinds type types various specific particular relevant related aspects efforts what which who whom whose
how why when where whether there is are was were been being do does did can could should would may might
say says said tell told think thinks know knows
опишите опиши описать расскажите расскажи рассказать объясните объясни перечислите перечисли укажите укажи
приведите приведи назовите назови сравните обсудите какие какой какая каков каковы каково что кто где когда
почему зачем как ли информация информацию информации сведения сведений также любые любой другие другой
различные включите включая относительно касательно связанные связанных связанный есть был была были
""".split())
FUNCTION_WORDS = STOPWORDS | frozenset("""
a an and are as at be by for from in is it of on or the to with its their this that these those into onto
upon out up down off than then so if but not no nor all each every both either neither toward towards among
и в во на с со по о об к ко из за для от до не ни что как а но или же ли бы то же у при без под над про через
""".split())


# Abbreviations after which razdel's English boundaries are false. Data, kept apart from the rules.
MONTH_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
TITLE_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "capt", "sgt", "gov", "sen", "rep", "st", "jr", "sr",
    "no", "vs", "messrs", "amb", "adm", "maj", "rev", "hon", "pres", "lt.-gen", "brig",
}
# Words written in lower case inside a Title Case heading.
HEADING_FUNCTION_WORDS = {"a", "an", "and", "as", "at", "for", "in", "of", "on", "or", "the", "to", "with", "vs"}


# Months: the number of each name, abbreviation and Russian stem; English names; the forms the date patterns match.
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8, "сентябр": 9,
    "октябр": 10, "ноябр": 11, "декабр": 12,
}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
EN_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
           r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
RU_MONTH = r"(?P<month>январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[яй]|июн[ья]|июл[ья]|августа?|сентябр[ья]|" \
           r"октябр[ья]|ноябр[ья]|декабр[ья]|январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|" \
           r"октябре|ноябре|декабре)"
# A date alone on a line (ingest/chrome: page chrome): English names and Russian genitives, lower case.
DATE_LINE_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
)
# Datelines of agency copy (datelines.py): English names or abbreviations, Russian abbreviations.
DATELINE_MONTH_EN = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
                     r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DATELINE_MONTH_RU = r"(?:янв|фев|мар|апр|ма[яй]|июн|июл|авг|сен|окт|ноя|дек)[а-я]*\.?"
