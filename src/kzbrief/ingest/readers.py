"""Readers: one per format, each turning a file's bytes into articles (text + what the file says about them).

- `.txt`, `.md`: scraped text, one article (or a listing page of several: see ingest/__init__.py); cleaned later.
- `.html`, `.htm`: main text and metadata extracted by trafilatura (the leader of the public extraction benchmarks),
  without its own deduplication (a process-wide cache that drops a republished page): that is kzbrief's own stage.
- `.jsonl`, `.json`: exports, one article per record (`text` required; `title`, `date`, `url`, `publisher`,
  `author`, `language` optional). A bad record is skipped with its line number; the others are read.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kzbrief.ingest.encoding import UndecodableText, decode_bytes

MAX_FILE_BYTES = 20 * 1024 * 1024  # a news article is kilobytes; a 20 MB "article" is a mistake or an attack
MAX_EXPORT_BYTES = 200 * 1024 * 1024  # an export holds many articles
# One article's text: a long feature is 100,000 characters; a million is a dump, a log or an attack, and cleaning
# and splitting it would take gigabytes. Refused by name (a record by its line), before any of that work.
MAX_ARTICLE_CHARS = 1_000_000
# Files that live in a corpus folder but are not articles: read by other stages, or ignored on purpose.
NOT_ARTICLES = {"manifest.toml", "topics.toml", "kzbrief.toml", "README", "README.md", ".gitkeep"}
RECORD_FIELDS = ("title", "date", "url", "publisher", "author", "language")


class UnreadableFile(Exception):
    """The file is not a readable article; the message is the reason shown to the user."""


@dataclass
class RawArticle:
    text: str
    meta: dict[str, str] = field(default_factory=dict)
    scraped: bool = True  # True: page chrome may be in the text and must be cleaned
    record: int | None = None  # the record's line number (JSONL) or index (JSON) in an export


@dataclass
class RawFile:
    path: Path
    encoding: str
    articles: list[RawArticle]
    problems: list[str] = field(default_factory=list)  # records left out, with their reasons


def corpus_files(corpus: Path) -> Iterator[Path]:
    """Every candidate file under `corpus`, in a stable order, skipping hidden files and folders. Links are not
    followed here: a link (to a file, a folder or nothing) is yielded like a file, and `read_bytes` reads it only
    when it points to a regular file inside the corpus folder; special files (devices, pipes) are yielded too, to be
    reported, never read."""
    found = []
    for folder, folders, names in os.walk(corpus, followlinks=False):
        here = Path(folder)
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in list(folders):
            if (here / name).is_symlink():  # os.walk lists a linked folder among the folders: report it instead
                folders.remove(name)
                found.append(here / name)
        found += [here / name for name in names if not name.startswith(".") and name not in NOT_ARTICLES]
    yield from sorted(found, key=lambda path: path.parts)  # the order of Path's own comparison, faster


def link_problem(path: Path, root: Path) -> str | None:
    """Why a corpus entry is not read as an article file, or None: a link that leaves the corpus folder, points
    to nothing or to a folder, and anything that is not a regular file."""
    try:
        inside = root.resolve()
        if not path.absolute().parent.resolve().is_relative_to(inside):  # '../x' in a brief's JSON
            return "outside the corpus folder"
        if path.is_symlink():
            target = path.resolve(strict=True)
            if target.is_dir():
                return "a link to a folder (not followed)"
            if not target.is_relative_to(inside):
                return "a link to a file outside the corpus folder (not followed)"
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a link to nothing (dangling)"
    except RuntimeError:  # a loop of links
        return "a loop of links"
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    return None if stat.S_ISREG(mode) else "not a regular file (a device, pipe or socket)"


def _text(data: bytes, html: bool = False) -> tuple[str, str]:
    try:
        text, encoding = decode_bytes(data, html)
    except UndecodableText as error:
        raise UnreadableFile(str(error))
    if "\x00" in text:
        raise UnreadableFile("binary data, not text")
    return text, encoding


def _too_long(text: str) -> str | None:
    if len(text) > MAX_ARTICLE_CHARS:
        return (f"{len(text) / 1e6:.1f} million characters: far longer than an article (at most "
                f"{MAX_ARTICLE_CHARS / 1e6:g} million)")
    return None


def read_scraped_text(path: Path, data: bytes) -> RawFile:
    text, encoding = _text(data)
    if problem := _too_long(text):
        raise UnreadableFile(problem)
    return RawFile(path, encoding, [RawArticle(text)])


def read_html(path: Path, data: bytes) -> RawFile:
    text, encoding = _text(data, html=True)
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False,
                                                include_tables=False, favor_precision=True, deduplicate=False,
                                                date_extraction_params=_DATE_SEARCH())
    except Exception as error:  # trafilatura/lxml on broken markup: the file is reported, the run goes on
        raise UnreadableFile(f"HTML could not be parsed ({type(error).__name__})")
    if extracted is None or not (extracted.text or "").strip():
        raise UnreadableFile("no article text found in the HTML")
    meta = {key: value for key, value in (
        ("title", extracted.title), ("author", people_only(extracted.author, extracted.sitename, extracted.url)),
        ("publisher", extracted.sitename),
        ("date", supported_date(extracted.date, text)), ("url", extracted.url)) if value}
    # trafilatura's text is the main content, one paragraph per line; a headline helps the title block.
    body = extracted.text
    if problem := _too_long(body):
        raise UnreadableFile(problem)
    if extracted.title and not body.startswith(extracted.title):
        body = f"{extracted.title}\n\n{body}"
    return RawFile(path, encoding, [RawArticle(body, meta, scraped=False)])


def site_names(publisher: str | None, url: str | None) -> set[str]:
    """The names a page's site goes by, case-folded: its publisher, and the labels of its address ('tass' of
    www.tass.com), which its title and author fields repeat as chrome."""
    from urllib.parse import urlsplit

    names = {publisher.casefold()} if publisher else set()
    host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
    return names | {label for label in host.split(".")[:-1] if len(label) >= 3}


def people_only(author: str | None, site: str | None, url: str | None) -> str | None:
    """The authors of a page without its publisher, which pages often list among them ('Condé Nast; Tom
    Bennett' on a Condé Nast site): a part that is the site's name, or the name its address gives, goes."""
    if not author:
        return author
    names = site_names(site, url)
    parts = [part.strip() for part in author.split(";") if part.strip()]
    kept = [part for part in parts if not any(part.casefold() == name or part.casefold().replace(" ", "") == name
                                              for name in names)]
    return "; ".join(kept) or None


def _DATE_SEARCH() -> dict:
    """htmldate's settings: the original publication date (not a later update), from the page's markup only —
    not from links or loose text, where the dates of other articles are — and none after today (kzbrief's clock)."""
    from kzbrief import clock

    return {"original_date": True, "extensive_search": False, "max_date": clock.now().strftime("%Y-%m-%d")}


def supported_date(date: str | None, html: str) -> str | None:
    """The date htmldate found, unless it is a year alone that it filled in as 1 January ('2019' in the markup
    becomes '2019-01-01'): a day the page never states stays unknown."""
    if not date or not date.endswith("-01-01"):
        return date
    year = date[:4]
    stated = (date, f"01.01.{year}", f"1 January {year}", f"January 1, {year}", f"1 января {year}",
              f"{year}0101", f"{year}/01/01")
    return date if any(form in html for form in stated) else None


def _collect(records: Iterator[tuple[int, str, object]]) -> tuple[list[RawArticle], list[str]]:
    """Articles from (number, label, value) records, and a problem line for each record that is not one.
    A value that is an Exception stands for a record that could not even be parsed."""
    articles, problems = [], []
    for number, label, value in records:
        where = f"{label} {number}"
        if isinstance(value, Exception):
            problems.append(f"{where}: {value}")
        elif not isinstance(value, dict):
            problems.append(f"{where}: not an object")
        elif not isinstance(value.get("text"), str) or not value["text"].strip():
            problems.append(f"{where}: no 'text'")
        elif too_long := _too_long(value["text"]):
            problems.append(f"{where}: {too_long}")
        else:
            meta = {key: str(value[key]).strip() for key in RECORD_FIELDS
                    if value.get(key) is not None and str(value[key]).strip()}
            articles.append(RawArticle(value["text"], meta, scraped=False, record=number))
    return articles, problems


def read_jsonl(path: Path, data: bytes) -> RawFile:
    text, encoding = _text(data)

    def lines() -> Iterator[tuple[int, str, object]]:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    yield number, "line", json.loads(line)
                except json.JSONDecodeError as error:
                    yield number, "line", ValueError(f"not JSON ({error.msg}, column {error.colno})")
                except RecursionError:
                    yield number, "line", ValueError("JSON nested too deeply")

    articles, problems = _collect(lines())
    return RawFile(path, encoding, articles, problems)


def read_json(path: Path, data: bytes) -> RawFile:
    text, encoding = _text(data)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"not valid JSON ({error.msg} at line {error.lineno})")
    except RecursionError:
        raise UnreadableFile("JSON nested too deeply")
    records = value if isinstance(value, list) else value.get("articles", [value]) if isinstance(value, dict) \
        else None
    if not isinstance(records, list):
        raise UnreadableFile("JSON holds neither an article, a list of articles, nor {\"articles\": [...]}")
    articles, problems = _collect((number, "record", record) for number, record in enumerate(records, start=1))
    return RawFile(path, encoding, articles, problems)


READERS: dict[str, tuple[Callable[[Path, bytes], RawFile], int]] = {
    ".txt": (read_scraped_text, MAX_FILE_BYTES),
    ".md": (read_scraped_text, MAX_FILE_BYTES),
    ".html": (read_html, MAX_FILE_BYTES),
    ".htm": (read_html, MAX_FILE_BYTES),
    ".jsonl": (read_jsonl, MAX_EXPORT_BYTES),
    ".json": (read_json, MAX_EXPORT_BYTES),
}


def check_file(path: Path, size: int) -> None:
    """Refuse a file before reading it: unsupported type, or too large for its type."""
    entry = READERS.get(path.suffix.lower())
    if entry is None:
        raise UnreadableFile(f"unsupported file type '{path.suffix or path.name}' (readable: "
                             f"{', '.join(sorted(READERS))})")
    limit = entry[1]
    if size > limit:
        raise UnreadableFile(f"too large ({size / 1024 / 1024:.0f} MB; the limit for {path.suffix} files is "
                             f"{limit // 1024 // 1024} MB)")


def read_bytes(path: Path, root: Path | None = None) -> bytes:
    """A corpus file's bytes, after the checks (a refused file is never read): inside `root` when given (links
    out of it are refused), a regular file, of a readable type and size."""
    problem = link_problem(path, root if root is not None else path.parent)
    if problem:
        raise UnreadableFile(problem)
    try:
        check_file(path, path.stat().st_size)
        return path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror or error})")


def read_file(path: Path, data: bytes | None = None) -> RawFile:
    """Read one corpus file into articles (from `data` when the caller has read it already).
    Raises UnreadableFile with the reason."""
    if data is None:
        data = read_bytes(path)
    else:
        check_file(path, len(data))
    reader = READERS[path.suffix.lower()][0]
    raw = reader(path, data)
    if not raw.articles:
        detail = f" ({'; '.join(raw.problems[:3])})" if raw.problems else ""
        raise UnreadableFile(f"no article in the file{detail}")
    return raw
