"""Settings files validated into dataclasses. For now: topics (shipped `topics.toml`, overridden by the user's)."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from kzbrief.errors import KzbriefError
from kzbrief.languages import SUPPORTED as LANGUAGES
from kzbrief.model import Topic
from kzbrief.tomlcheck import line_of, load_toml

USER_TOPICS_NAME = "topics.toml"
TOPIC_FIELDS = {"title", "description", *LANGUAGES, *(f"title_{language}" for language in LANGUAGES)}


def shipped_topics_text() -> str:
    return resources.files("kzbrief").joinpath("topics.toml").read_text(encoding="utf-8")


def load_topics(user_file: Path | None = None) -> tuple[dict[str, Topic], str]:
    """All topics and the default topic's name: the shipped file, then the user's file over it."""
    topics, default = _parse_topics(shipped_topics_text(), "shipped topics.toml")
    if user_file is None and Path(USER_TOPICS_NAME).is_file():
        user_file = Path(USER_TOPICS_NAME)
    if user_file is not None:
        try:
            text = user_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise KzbriefError(f"cannot read topics file {user_file}: {getattr(error, 'strerror', None) or error}")
        user_topics, user_default = _parse_topics(text, str(user_file))
        topics.update(user_topics)
        default = user_default or default
        if default not in topics:
            raise KzbriefError(f"{user_file}: default topic '{default}' is not defined")
    return topics, default


def _parse_topics(text: str, where: str) -> tuple[dict[str, Topic], str | None]:
    data = load_toml(text, where)
    topics = {}
    for name, table in (data.get("topics") or {}).items():
        if not isinstance(table, dict):
            raise KzbriefError(f"{where}: [topics.{name}] must be a table")
        unknown = set(table) - TOPIC_FIELDS
        if unknown:
            field = sorted(unknown)[0]
            raise KzbriefError(f"{where}{line_of(text, field, f'topics.{name}')}: [topics.{name}] has unknown field "
                               f"'{field}' (known: {', '.join(sorted(TOPIC_FIELDS))})")
        patterns = {}
        for language in LANGUAGES:
            values = table.get(language, [])
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise KzbriefError(f"{where}{line_of(text, language, f'topics.{name}')}: [topics.{name}] {language} "
                                   "must be a list of non-empty strings")
            patterns[language] = tuple(values)
        if not any(patterns.values()):
            raise KzbriefError(f"{where}: [topics.{name}] has no keyword patterns (en = [...], ru = [...])")
        titles = {language: str(table[f"title_{language}"]) for language in LANGUAGES if f"title_{language}" in table}
        topics[name] = Topic(name=name, title=str(table.get("title") or name), patterns=patterns,
                             description=str(table.get("description", "")), titles=titles)
    default = data.get("default")
    return topics, default


def resolve_topic(name: str | None, query: str | None, topics_file: Path | None = None) -> Topic:
    """The topic to brief on: a named one, an ad-hoc one from --query, or the default."""
    if name and query:
        raise KzbriefError("give either a topic or a query, not both", cli="give either --topic or --query, not both")
    if query is not None:
        return topic_from_query(query)
    topics, default = load_topics(topics_file)
    chosen = name or default
    if chosen not in topics:
        raise KzbriefError(f"unknown topic '{chosen}'; known topics: {', '.join(sorted(topics))}")
    return topics[chosen]


def topic_from_query(query: str) -> Topic:
    """An ad-hoc topic from free text: its concepts (phrases, words, aspects) as query.py reads them."""
    from kzbrief.query import read_statement, search_words

    words = search_words(query)
    concepts = read_statement(query).concepts
    if not words or not concepts:
        raise KzbriefError(f"the query {query!r} has no searchable words")
    slug = re.sub(r"[^\w]+", "-", "-".join(words).lower()).strip("-")[:48].strip("-")
    patterns = {language: tuple(c.text for c in concepts) for language in LANGUAGES}
    title = " ".join(query.split())
    return Topic(name=f"query-{slug}", title=title[:1].upper() + title[1:], patterns=patterns, adhoc=True,
                 statement=title)
