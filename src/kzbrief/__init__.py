"""kzbrief: offline, cited policy briefs from a folder of news articles.

The library (api.py; the command line is a thin face over it):

    import kzbrief

    brief = kzbrief.make_brief("corpus", "mediation", max_items=8)      # ingest, select, summarize
    russian = kzbrief.translate_brief(brief, "ru")                       # with an installed argos model
    paths = kzbrief.write_brief(brief, "out", formats=["md", "json", "pdf"])
    assert kzbrief.verify_brief(paths[1]) == []                          # every quote still in its source

Names are imported when first used, so `import kzbrief` stays light.
"""

from __future__ import annotations

__version__ = "0.1.0"

_EXPORTS = {
    "open_index": "kzbrief.api", "ingest_corpus": "kzbrief.api", "topic": "kzbrief.api",
    "date_window": "kzbrief.api", "make_brief": "kzbrief.api", "translate_brief": "kzbrief.api",
    "render_brief": "kzbrief.api", "write_brief": "kzbrief.api", "verify_brief": "kzbrief.api",
    "mail_briefs": "kzbrief.api",
    "Brief": "kzbrief.model", "Topic": "kzbrief.model", "Item": "kzbrief.model", "Citation": "kzbrief.model",
    "Source": "kzbrief.model", "Window": "kzbrief.window", "KzbriefError": "kzbrief.errors",
    "load_settings": "kzbrief.settings",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kzbrief' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
