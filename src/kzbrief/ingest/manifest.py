"""Explicit metadata for corpus files: `manifest.toml` in the corpus folder. Explicit metadata wins over inferred.

    [[document]]
    file = "004_bb89984fb5e86af4.txt"
    publisher = "TASS"
    author = "Andrey Gryaznov"
    language = "en"
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kzbrief.errors import KzbriefError
from kzbrief.languages import SUPPORTED as LANGUAGES

MANIFEST_NAME = "manifest.toml"
FIELDS = {"file", "title", "publisher", "author", "date", "language", "url"}


@dataclass
class Manifest:
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, source_file: str) -> dict[str, str]:
        return self.entries.get(source_file, {})


def load_manifest(corpus: Path) -> Manifest:
    path = corpus / MANIFEST_NAME
    if not path.is_file():
        return Manifest()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise KzbriefError(f"{path}: not a valid manifest ({error})")
    entries: dict[str, dict[str, str]] = {}
    for number, entry in enumerate(data.get("document", []), start=1):
        where = f"{path}: [[document]] #{number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise KzbriefError(f"{where} needs a 'file' (the article's path inside the corpus)")
        unknown = set(entry) - FIELDS
        if unknown:
            raise KzbriefError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}; "
                               f"known: {', '.join(sorted(FIELDS))}")
        meta = {key: value for key, value in entry.items() if key != "file"}
        if "date" in meta:
            meta["date"] = _iso_date(meta["date"], where)
        if "language" in meta and meta["language"] not in LANGUAGES:
            raise KzbriefError(f"{where}: language must be one of {', '.join(sorted(LANGUAGES))}")
        entries[entry["file"]] = {key: str(value) for key, value in meta.items()}
    return Manifest(entries)


def _iso_date(value: object, where: str) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise KzbriefError(f"{where}: date must be YYYY-MM-DD, got {value!r}")
