"""Translate a Brief into another language: items whose source language differs are machine-translated (with the
original kept), the others stay verbatim. Translations are remembered (translate/memory.py, in the user's cache),
keyed by model, settings and source text, so the weekly rebuild translates only what is new.
"""

from __future__ import annotations

from dataclasses import replace

from kzbrief.errors import KzbriefError
from kzbrief.model import Brief, Item


class MissingModel(KzbriefError):
    """No installed model for a language pair the brief needs."""

    def __init__(self, from_code: str, to_code: str):
        from kzbrief.translate.packages import install_command

        super().__init__(f"no translation model for {from_code}→{to_code}; install one with: "
                         f"{install_command(from_code, to_code)}")
        self.pair = (from_code, to_code)


def without_items(brief: Brief, leave_out) -> Brief:
    """The brief without the items `leave_out` says yes to, its sources renumbered by first citation."""
    return replace(brief, sections=tuple(replace(s, items=tuple(i for i in s.items if not leave_out(i)))
                                         for s in brief.sections)).renumbered()


def needed_pairs(brief: Brief, language: str) -> set[tuple[str, str]]:
    return {(item.language, language) for item in brief.items if item.language != language}


def translate_brief(brief: Brief, language: str, memory=None, settings=None, left_out: list | None = None) -> Brief:
    """The brief in `language`. Raises MissingModel (naming the pair) when a needed model is not installed. With
    `left_out` (a list), items only a missing model could translate are left out instead, each named in it, as
    long as others remain: one English tweet in a Russian corpus does not stop a Russian brief."""
    from kzbrief.translate.engine import Engine, Settings
    from kzbrief.translate.packages import find_package

    settings = settings or Settings()
    missing = [pair for pair in sorted(needed_pairs(brief, language)) if find_package(*pair) is None]
    if missing:
        unreachable = {pair[0] for pair in missing}
        if left_out is None or all(item.language in unreachable for item in brief.items):
            raise MissingModel(*missing[0])
        left_out += [item for item in brief.items if item.language in unreachable]
        brief = without_items(brief, lambda item: item.language in unreachable)
    translations: dict[tuple[str, str], str] = {}
    for from_code, to_code in sorted(needed_pairs(brief, language)):
        package = find_package(from_code, to_code)
        texts = sorted({item.text for item in brief.items if item.language == from_code})
        known = memory.recall(package.key, settings.key, texts) if memory is not None else {}
        todo = [text for text in texts if text not in known]
        if todo:
            fresh = dict(zip(todo, Engine(package, settings).translate(todo, from_code)))
            if memory is not None:
                memory.remember(package.key, settings.key, fresh)
            known.update(fresh)
        translations.update({(from_code, text): known[text] for text in texts})

    def localized(item: Item) -> Item:
        if item.language == language:
            return item
        return replace(item, text=translations[(item.language, item.text)], original=item.text,
                       language=language, highlights=())

    sections = tuple(replace(s, items=tuple(localized(i) for i in s.items)) for s in brief.sections)
    title = brief.topic.titles.get(language, brief.topic.title)
    return replace(brief, sections=sections, language=language, title=title)
