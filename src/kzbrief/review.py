"""The analyst's review loop: read a brief as users have it (its JSON, the JSON inside a PDF/A edition, or the
Markdown), check an edited brief, and number its sources again after edits.

An analyst edits the JSON: removes items, reorders them, moves them between sections, adds a summary paragraph
or a note on an item, changes the title. `kzbrief render` reads it back (`Brief.from_json`), refuses it if a
quoted sentence or a citation was altered (naming the item), numbers the sources again by first citation
(`Brief.renumbered`: a source no item cites any more leaves the list) and writes every format anew.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kzbrief.errors import KzbriefError


def load_brief_data(path: Path) -> tuple[dict, str]:
    """A brief's data from the file a user has: (data, what it was read from). A PDF gives the JSON its PDF/A
    edition carries; a Markdown brief, its JSON twin beside it, else what the Markdown itself holds (its front
    matter and its items: `markdown_data`)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise KzbriefError(f"cannot read {path}: {error.strerror or error}")
    if raw.startswith(b"%PDF"):
        from kzbrief.mail.compose import embedded_brief

        data = embedded_brief(raw)
        if data is None:
            plain = f"{path} carries no brief's data: only the archival PDF/A edition"
            raise KzbriefError(f"{plain} (pdf_variant 'a-3b', the default) does; verify its JSON or its Markdown",
                               cli=f"{plain} (--pdf-variant a-3b, the default) does; verify its JSON or its Markdown")
        return data, f"{path} (the JSON it carries)"
    if path.suffix.lower() in (".md", ".markdown"):
        twin = path.with_suffix(".json")
        if twin.is_file():
            data, _ = load_brief_data(twin)
            return data, f"{twin} (the JSON beside {path.name})"
        return markdown_data(raw.decode("utf-8", errors="replace"), path), str(path)
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise KzbriefError(f"cannot read {path}: not a brief's JSON, PDF or Markdown (not text)")
    except json.JSONDecodeError as error:
        raise KzbriefError(f"cannot read {path}: not a brief's JSON, PDF or Markdown (not JSON: {error})")
    if not isinstance(data, dict) or data.get("format") != "kzbrief-brief":
        raise KzbriefError(f"{path} is not a kzbrief brief")
    return data, str(path)


# --- a Markdown brief ---------------------------------------------------------------------------------------------

_CITATION = re.compile(r"^\s*(\d+)\s+(\d+)-(\d+)\s*$")
_REFS = re.compile(r"\[\^\d+\]")


def markdown_data(text: str, path: Path) -> dict:
    """A brief's data as far as its Markdown gives it: the sources (with their fingerprints) and the citations of
    each item from the front matter, each item's text from the body (its quotes, unescaped). Citations carry no
    quoted text: `verify` reads it from the corpus and checks that the item holds it."""
    import yaml

    parts = text.split("---\n", 2)
    if not text.startswith("---\n") or len(parts) < 3:
        raise KzbriefError(f"{path} is not a kzbrief brief (no front matter)")
    try:
        front = yaml.safe_load(parts[1])
    except yaml.YAMLError as error:
        raise KzbriefError(f"{path}: its front matter is not valid YAML ({error})")
    if not isinstance(front, dict) or not isinstance(front.get("sources"), list) or "citations" not in front:
        raise KzbriefError(f"{path} is not a kzbrief brief of this version (its front matter lists no citations)")
    sources = [{"n": s.get("n"), "doc_id": s.get("id"), "source_file": s.get("file"),
                "text_sha256": s.get("text_sha256"), "text_length": s.get("text_length")}
               for s in front["sources"] if isinstance(s, dict)]
    files = {s["n"]: (s["doc_id"], s["source_file"]) for s in sources}
    bodies = _markdown_items(parts[2])
    cited = front.get("citations") or []
    if len(bodies) != len(cited):
        raise KzbriefError(f"{path} holds {len(bodies)} item(s) and its front matter the citations of "
                           f"{len(cited)}: the Markdown was edited by hand (edit the JSON and render it again)")
    items = []
    for number, (body, line) in enumerate(zip(bodies, cited), start=1):
        citations = []
        for part in str(line).split(";"):
            found = _CITATION.match(part)
            if not found or int(found.group(1)) not in files:
                raise KzbriefError(f"{path}: item {number}'s citations are not readable ({line!r})")
            n, start, end = (int(g) for g in found.groups())
            citations.append({"source": n, "doc_id": files[n][0], "source_file": files[n][1], "start": start,
                              "end": end})
        items.append({"body": body, "citations": citations})
    return {"format": "kzbrief-brief", "markdown": True, "corpus": front.get("corpus"),
            "corpus_path": front.get("corpus_path"), "sources": sources,
            "sections": [{"key": "key_points", "items": items}]}


def _markdown_items(body: str) -> list[str]:
    """The text of each item of a Markdown brief's body, in order (bullets and timeline rows, with the lines that
    continue them), unescaped and with its whitespace collapsed."""
    items: list[list[str]] = []
    in_sources = False
    for line in body.splitlines():
        if line.startswith("## "):
            in_sources = bool(_SOURCES_HEADING.match(line))
        elif in_sources:
            continue
        elif line.startswith("- "):
            items.append([line[2:]])
        elif line.startswith("| ") and not re.match(r"\|\s*[-:]+\s*\|", line):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            if len(cells) == 2 and cells[0].strip() not in _TABLE_HEADERS:
                items.append([cells[1]])
        elif line.startswith("  ") and items:
            items[-1].append(line.strip())
    return [_plain(" ".join(parts)) for parts in items]


_SOURCES_HEADING = re.compile(r"## (Sources|Источники)\s*$")  # the last section: the sources, not items
_TABLE_HEADERS = {"Date", "Дата"}  # the timeline's header row


def _plain(markdown: str) -> str:
    text = _REFS.sub(" ", markdown).replace("**", "")
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split())


# --- where the corpus is --------------------------------------------------------------------------------------------

def corpus_of(data: dict, brief_path: Path, explicit: Path | None = None,
              fallback: Path | None = None) -> tuple[Path | None, str]:
    """The corpus to check a brief against, and where it was found: `explicit` (--corpus); else the folder the
    brief was built from (its absolute path, as recorded); else the path it was given as, from here, or from the
    brief's folder and the one above it (a brief in out/ beside corpus/); else `fallback` if it is a folder (the
    settings' corpus). (None, what was looked for) when none is a folder."""
    if explicit is not None:
        return explicit, "as given"
    recorded = data.get("corpus_path")
    if isinstance(recorded, str) and Path(recorded).is_dir():
        return Path(recorded), "where the brief was built"
    given = data.get("corpus")
    if isinstance(given, str) and given:
        path = Path(given)
        candidates = [path] if path.is_absolute() else [path, brief_path.parent / path,
                                                         brief_path.parent.parent / path]
        for candidate in candidates:
            if candidate.is_dir():
                return candidate, "as the brief names it"
    if fallback is not None and fallback.is_dir():
        return fallback, "the settings' corpus"
    if not isinstance(given, str) or not given:
        return None, "the brief names no corpus"
    return None, f"the corpus the brief was built from ({recorded or given}) is not here"


# --- checking a brief's file, and rendering an edited one ---------------------------------------------------------

@dataclass
class Check:
    """What `check_file` found: the problems (one line each, naming the item or source), the citations checked,
    what was read, and the corpus it was checked against (None: only against itself, `missing_corpus` says why)."""
    problems: list[str]
    checked: int
    read_from: str
    corpus: Path | None
    missing_corpus: str = ""


def check_file(path: Path, corpus: Path | None = None, fallback: Path | None = None) -> tuple[dict, Check]:
    """A brief's file (JSON, PDF/A edition, Markdown) checked against its corpus when it is found (corpus_of),
    else against itself (verify.brief_consistency)."""
    from kzbrief.verify import brief_consistency, verify_json

    data, read_from = load_brief_data(path)
    folder, how = corpus_of(data, path, corpus, fallback)
    if folder is None or not folder.is_dir():
        problems, checked = brief_consistency(data)
        why = f"corpus directory not found: {folder}" if folder is not None else how
        return data, Check(problems, checked, read_from, None, why)
    problems, checked = verify_json(data, folder)
    return data, Check(problems, checked, read_from, folder)


def render_again(path: Path, formats: list[str], out_dir: Path | None = None, corpus: Path | None = None,
                 options=None) -> tuple[list[Path], Check]:
    """Render an (edited) brief's JSON again into `out_dir` (default: its own folder), after checking it: an
    altered quote or citation raises KzbriefError (exit code 1) and nothing is written; the problems are in the
    error's `problems`. The sources are numbered again (Brief.renumbered); the whole texts stay embedded if they
    were."""
    from dataclasses import replace

    from kzbrief.model import brief_from_data
    from kzbrief.outputs import brief_files, write_files
    from kzbrief.render import RenderOptions

    if path.suffix.lower() in (".md", ".markdown"):
        raise KzbriefError(f"{path} is a Markdown brief: render its JSON ({path.with_suffix('.json').name}) or "
                           "its PDF instead")
    data, check = check_file(path, corpus)
    edition = brief_from_data(data)
    if check.problems:
        error = KzbriefError(f"{check.read_from} was changed where an edit may not change it (a quoted sentence "
                             "or a citation): not rendered", exit_code=1)
        error.problems = check.problems
        raise error
    embed = bool(data.get("embeds_sources", data.get("format_version", 1) == 1))
    options = replace(options or RenderOptions(), embed_sources=embed)
    target = out_dir or path.parent
    return write_files(brief_files(edition.renumbered(), formats, target, options), target), check
