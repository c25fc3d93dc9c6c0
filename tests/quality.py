"""The shipped quality sets (tests/data/quality.json): briefs of the sample corpora on topics and queries, scored
against references we wrote, and the checks every item of a brief must pass. Used by the CI gate
(tests/test_quality.py) and by bench/evaluate.py, which prints the same figures for every method."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = ROOT / "tests" / "data" / "quality.json"
BRIEF_WORDS = 150  # the briefs scored: about the length of a reference (100-120 words)
FIXED_NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)

# An item that opens like this leans on a sentence the brief does not show (the check is ours, on the text).
CONTEXT_OPENERS = re.compile(r"^[“\"«(]?(?:But|And|So|Yet|He|She|They|It|I|We|This|These|Those|His|Her|Their|"
                             r"Its|Later|However|Also|Но|А|И|Он|Она|Они|Оно|Это|Эти|Этот|Его|Ее|Её|Их|Ему|Им|"
                             r"Однако|Также|При этом|Таким образом)\b")


@dataclass(frozen=True)
class QualitySet:
    name: str
    corpus: str  # "sample" or "ru-sample"
    language: str
    reference: str
    topic: str | None = None
    query: str | None = None


def load_sets() -> list[QualitySet]:
    data = json.loads(SETS.read_text(encoding="utf-8"))
    return [QualitySet(s.get("topic") or s["query"], s["corpus"], s["language"], s["reference"], s.get("topic"),
                       s.get("query")) for s in data["sets"]]


def corpus_folder(name: str, scratch: Path) -> Path:
    if name == "sample":
        return ROOT / "corpus"
    folder = scratch / name
    if not folder.exists():
        folder.mkdir(parents=True)
        shutil.copy(ROOT / "tests" / "data" / "ru-news-sample.jsonl", folder / "news.jsonl")
    return folder


def brief(quality: QualitySet, scratch: Path, method: str = "concepts", max_words: int = BRIEF_WORDS,
          max_items: int = 16):
    """The set's brief, made as a user makes it (index in `scratch`, one per corpus)."""
    from kzbrief.config import resolve_topic, topic_from_query
    from kzbrief.pipeline import make_brief

    topic = resolve_topic(quality.topic, None) if quality.topic else topic_from_query(quality.query)
    made, _ = make_brief(corpus_folder(quality.corpus, scratch), topic, max_items=max_items, method=method,
                         max_words=max_words, now=FIXED_NOW, index=scratch / f"{quality.corpus}.sqlite3")
    return made


def candidates(quality: QualitySet, scratch: Path) -> list:
    """The set's candidate sentences (after `brief` made its index)."""
    from kzbrief.config import resolve_topic, topic_from_query
    from kzbrief.select import select_from_store
    from kzbrief.store import Store

    topic = resolve_topic(quality.topic, None) if quality.topic else topic_from_query(quality.query)
    with Store(scratch / f"{quality.corpus}.sqlite3") as store:
        return select_from_store(store, topic)


def rouge_recall(summary: str, reference: str, n: int) -> float:
    """ROUGE-N recall on Snowball stems (English and Russian): the share of the reference's n-grams the summary
    holds, counted with their multiplicity."""
    from kzbrief.text import stem, tokenize

    def grams(text: str) -> Counter:
        stems = [stem(t) for t in tokenize(text)]
        return Counter(tuple(stems[i:i + n]) for i in range(len(stems) - n + 1))

    wanted, found = grams(reference), grams(summary)
    return sum(min(count, found[g]) for g, count in wanted.items()) / max(1, sum(wanted.values()))


def item_problems(made, pool: list | None = None) -> dict[str, list[str]]:
    """What is wrong with a brief's items, by kind: datelines or bylines left in, list lines, items that cannot
    stand alone, and facts stated twice (two items the similarity module calls the same statement, weighing words
    over `pool`, the brief's candidate sentences, as the brief did)."""
    from kzbrief.datelines import DATELINE_RULES, bulleted
    from kzbrief.similarity import Statements
    from kzbrief.text import content_stems

    items = made.items
    problems: dict[str, list[str]] = {"dateline": [], "list line": [], "needs context": [], "repeated": []}
    for item in items:
        text = item.quoted
        if any(rule(text) for rule in DATELINE_RULES) or re.match(r"^By [A-Z][A-Z]+\b", text):
            problems["dateline"].append(text)
        if bulleted(text):
            problems["list line"].append(text)
        if CONTEXT_OPENERS.match(text):
            problems["needs context"].append(text)
    statements = Statements([content_stems(i.quoted) for i in items] + [c.stems for c in pool or []])
    for a in range(len(items)):
        for b in range(a + 1, len(items)):
            if statements.same(a, b):
                problems["repeated"].append(f"{items[a].quoted} || {items[b].quoted}")
    return problems
