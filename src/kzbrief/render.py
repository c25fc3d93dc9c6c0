"""Render a Brief to Markdown, HTML and JSON through Jinja templates (PDF is HTML through pdf.py).

Corpus text is data, never markup: the HTML environment autoescapes, and the Markdown environment escapes every
printed value by default (`finalize`), so a template cannot forget to. Only values the code builds itself
(front matter, footnote markers) are marked safe with `MdSafe`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from kzbrief import __version__
from kzbrief.errors import KzbriefError
from kzbrief.model import Brief
from kzbrief.settings import Branding

FORMATS = ("md", "json", "pdf", "html")


@dataclass(frozen=True)
class RenderOptions:
    """How an edition looks, apart from what it says: templates, PDF variant and paper, the organisation's brand."""
    template_dir: Path | None = None
    pdf_variant: str | None = None
    paper: str = "a4"
    branding: Branding = field(default_factory=Branding)
    embed_sources: bool = False  # the brief's data carries each source's whole text (internal archives only)
    quote_context: bool = False  # each citation carries the sentences before and after it


# --- templates ----------------------------------------------------------------------------------------------------

def default_template_dir() -> Path:
    """The shipped templates: inside the installed package, or the repository's templates/ in a source checkout."""
    packaged = resources.files("kzbrief").joinpath("templates")
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if checkout.is_dir():
        return checkout
    raise KzbriefError("the default templates are missing from this installation (reinstall kzbrief)")


def template_dirs(user_dir: Path | None = None) -> list[Path]:
    """User templates first, so any single file can be overridden; the defaults fill in the rest."""
    dirs = []
    if user_dir is not None:
        if not user_dir.is_dir():
            raise KzbriefError(f"template directory not found: {user_dir}")
        dirs.append(user_dir.resolve())  # absolute: the PDF step names its files by file: URL
    dirs.append(default_template_dir())
    return dirs


# --- Markdown escaping --------------------------------------------------------------------------------------------

class MdSafe(str):
    """Markdown the code built itself; printed as is."""


# Characters that start inline markup anywhere in a line (CommonMark + GFM strikethrough and tables).
# '_' between two letters or digits ('001_42fa.txt') can neither open nor close emphasis: left as it is.
_MD_INLINE = re.compile(r"([\\`*\[\]<>|~]|(?<![^\W_])_|_(?![^\W_]))")
# Entity references would be decoded: '&amp;' must stay literal.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# Markup that only counts at the start of a line: headings, quotes, list markers, thematic breaks.
_MD_LINE_START = re.compile(r"^(\s*)(\d*)((?<=\d)[.)]|(?<!\d)[#>+=-])")


def md_escape(value: Any) -> str:
    """Escape text so a CommonMark/GFM parser renders exactly this text and nothing else."""
    if value is None:
        return ""
    if isinstance(value, MdSafe):
        return value
    text = " ".join(str(value).split())
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", text)


def _md_finalize(value: Any) -> Any:
    return md_escape(value) if isinstance(value, str) or value is None else value


def environment(kind: str, user_dir: Path | None = None, language: str = "en") -> jinja2.Environment:
    """A Jinja environment for one output kind ("md", "html" or "text") and one language (its gettext catalog)."""
    from kzbrief.i18n import translations

    loader = jinja2.FileSystemLoader([str(d) for d in template_dirs(user_dir)])
    options = dict(loader=loader, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                   extensions=["jinja2.ext.i18n"])
    if kind == "md":
        env = jinja2.Environment(autoescape=False, finalize=_md_finalize, keep_trailing_newline=True, **options)
    elif kind == "text":  # plain text (the mail's text part): nothing to escape, nothing is markup
        env = jinja2.Environment(autoescape=False, keep_trailing_newline=True, **options)
    else:
        env = jinja2.Environment(autoescape=True, **options)
    env.install_gettext_translations(translations(language), newstyle=True)
    env.filters["full_stop"] = full_stop
    env.globals["md_item_text"] = md_item_text
    return env


_EXTERNAL = re.compile(r"@import\b|url\((?!\s*[\'\"]?\s*(?:data:|#))", re.IGNORECASE)


def check_user_css(user_dir: Path | None) -> None:
    """A user's stylesheet goes into every HTML brief: it may not load anything (`@import`, `url(...)` other
    than data: URLs), or the 'self-contained' HTML would fetch from the network when opened."""
    for name in ("brief.css", "extra.css"):
        path = user_dir / name if user_dir else None
        if path is None or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            found = _EXTERNAL.search(line)
            if found:
                raise KzbriefError(f"{path}, line {number}: a brief's stylesheet may not load anything "
                                   f"('{found.group(0).strip()}...'): a brief is self-contained; use a data: URL "
                                   "or remove it")


def render_template(kind: str, name: str, context: dict, user_dir: Path | None = None,
                    language: str = "en") -> str:
    if kind == "html":
        check_user_css(user_dir)
    try:
        return environment(kind, user_dir, language).get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        raise KzbriefError(f"template {error.filename or error.name}, line {error.lineno}: {error.message}")
    except jinja2.TemplateNotFound as error:
        raise KzbriefError(f"template not found: {error.name}")
    except jinja2.UndefinedError as error:
        raise KzbriefError(f"template {_where(error, name)}: {error.message}")


def _where(error: Exception, name: str) -> str:
    """'FILE, line N' of the template line a render error came from: Jinja maps its frames to template lines."""
    import traceback

    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith((".j2", ".css")) and frame.lineno:
            return f"{frame.filename}, line {frame.lineno}"
    return name


# --- shared view of a brief ---------------------------------------------------------------------------------------

def full_stop(text: str) -> str:
    """The punctuation that closes a citation element: none after a title that already ends in . ? ! …"""
    return MdSafe("" if str(text).rstrip("”»\"' ").endswith((".", "?", "!", "…")) else ".")


_FLANK_OK_BEFORE = set(" \t([{“«\"'—–-/")


def md_item_text(item) -> MdSafe:
    """The item's text, escaped, with its highlights in bold where CommonMark will read the markers as bold
    (a marker glued between letters would print as asterisks, so that highlight is left plain)."""
    out = []
    text = item.text
    at = 0
    for piece, marked in item.segments:
        start, end = at, at + len(piece)
        at = end
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        inner_ok = piece[:1].strip() and piece[-1:].strip()
        escaped = _escape_inline(piece)
        if start == 0:
            escaped = _MD_LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", escaped)
        if marked and inner_ok and before in _FLANK_OK_BEFORE and not after.isalnum():
            escaped = f"**{escaped}**"
        out.append(escaped)
    return MdSafe("".join(out))


def _escape_inline(piece: str) -> str:
    """Escape inline markup in a piece of a line, keeping its edge spaces."""
    escaped = _MD_INLINE.sub(r"\\\1", piece)
    return _MD_ENTITY.sub(r"\\&", escaped)


def period_covered(brief: Brief) -> str:
    return describe_period(brief.window, [s.date for s in brief.sources], brief.language)


def describe_period(window, source_dates, language: str) -> str:
    """The period a brief covers, in its language: the date window asked for ('2026-W47 · 16–22 Nov 2026'), else
    the span of its sources' dates; '' when neither is known."""
    from kzbrief import i18n

    if window is not None:
        if window.since is None or window.until is None:
            return window.label
        span = i18n.date_range(window.since.isoformat(), window.until.isoformat(), language)
        return f"{window.week} · {span}" if window.week else span
    dates = sorted(d for d in source_dates if d)
    return i18n.date_range(dates[0], dates[-1], language) if dates else ""


def context(brief: Brief, branding: Branding | None = None) -> dict:
    from kzbrief import i18n
    from kzbrief.briefdata import selection_note

    branding = branding or Branding()
    language = brief.language
    numbers = {id(item): n for n, item in enumerate(brief.items, start=1)}
    # For each source: the items citing it, by section ("Key points 1, 3; Timeline 2"), with their anchors.
    citing: dict[int, dict[str, list[tuple[int, int]]]] = {}
    for section in brief.sections:
        for local, item in enumerate(section.items, start=1):
            for number in dict.fromkeys(c.source_number for c in item.citations):
                citing.setdefault(number, {}).setdefault(section.title, []).append((local, numbers[id(item)]))
    return {
        "brief": brief, "version": __version__,
        "item_number": lambda item: numbers[id(item)],
        "citing": lambda source_number: citing.get(source_number, {}),
        "generated_date": i18n.long_date(brief.generated, language),
        "long_date": lambda value: i18n.long_date(value, language),
        "event_label": lambda value: i18n.event_label(value, language),
        "title": brief.title,
        # an ad-hoc topic is named by its query, not by the slug its files are named by
        "topic_label": brief.topic.statement or brief.topic.title if brief.topic.adhoc else brief.topic.name,
        "selection_note": selection_note(brief) if brief.selection else "",
        "translated": any(item.original is not None for item in brief.items),
        "period_covered": period_covered(brief),
        "language_name": i18n.language_name(language, language),
        "branding": branding,
        "accent": branding.accent,
        "logo": branding.logo_data_url(),
        "organisation": branding.name or "kzbrief",
        # PDF keywords: the topic's plain words and phrases (its stem patterns like "mediat*" are not words)
        "keywords": [brief.topic.name, *[p for p in brief.topic.patterns.get(language, ()) if "*" not in p][:8]],
    }


# --- writers ------------------------------------------------------------------------------------------------------

def markdown_citations(brief: Brief) -> list[str]:
    """What the Markdown's front matter says of each item's citations, in the order of the items: 'source
    start-end; ...' ('3 120-245; 5 40-170')."""
    return ["; ".join(f"{c.source_number} {c.start}-{c.end}" for c in item.citations) for item in brief.items]


def front_matter(brief: Brief, branding: Branding | None = None) -> MdSafe:
    from kzbrief.quotes import fingerprint

    branding = branding or Branding()
    data = {
        "title": brief.title,
        **({"organisation": branding.name} if branding.name else {}),
        **({"classification": branding.classification} if branding.classification else {}),
        "topic": brief.topic.name,
        "language": brief.language,
        "generated": brief.generated.isoformat(timespec="seconds"),
        "generator": f"kzbrief {__version__}",
        "sources": [
            {"n": s.number, "id": s.doc_id, "file": s.source_file,
             **{k: v for k, v in (("title", s.title), ("publisher", s.publisher), ("author", s.author),
                                  ("date", s.date), ("url", s.url)) if v}, **fingerprint(s)}
            for s in brief.sources
        ],
        # what `kzbrief verify` needs to check the Markdown alone: each item's citations, in the items' order
        "citations": markdown_citations(brief),
        **({"corpus": brief.corpus} if brief.corpus else {}),
        **({"corpus_path": brief.corpus_path} if brief.corpus_path else {}),
    }
    return MdSafe(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000))


def render_markdown(brief: Brief, options: RenderOptions = RenderOptions()) -> str:
    return render_template("md", "brief.md.j2", {**context(brief, options.branding), "MdSafe": MdSafe,
                                                 "front_matter": front_matter(brief, options.branding)},
                           options.template_dir, brief.language)


_FONTS_HERE = "/* kzbrief: the bundled fonts go here */"


def render_html(brief: Brief, options: RenderOptions = RenderOptions(), embed_fonts: bool = False) -> str:
    """The HTML the PDF is made from; with `embed_fonts`, a self-contained page that carries its fonts, cut down
    to the characters the page uses."""
    from markupsafe import Markup

    html = render_template("html", "brief.html.j2",
                           {**context(brief, options.branding), "font_css": Markup(_FONTS_HERE if embed_fonts else "")},
                           options.template_dir, brief.language)
    if embed_fonts:
        from kzbrief.pdf import font_face_css

        # our own CSS (font data), placed where the template's <style> asked for it: the first occurrence, which
        # comes before any corpus text in the page
        html = html.replace(_FONTS_HERE, font_face_css(inline=True, characters="".join(set(html))), 1)
    return html


def render_parallel_html(left: Brief, right: Brief, options: RenderOptions = RenderOptions()) -> str:
    """The bilingual edition: two renderings of the same brief, item by item."""
    from kzbrief import i18n

    languages = (left.language, right.language)
    return render_template("html", "brief.parallel.html.j2", {
        **context(left, options.branding), "left": left, "right": right, "font_css": "",
        "tr": {lang: i18n.translations(lang).gettext for lang in languages},
        "generated": {lang: i18n.long_date(left.generated, lang) for lang in languages},
    }, options.template_dir, left.language)


def render_json(brief: Brief, options: RenderOptions = RenderOptions()) -> str:
    from kzbrief.briefdata import brief_data

    return json.dumps(brief_data(brief, options.embed_sources), ensure_ascii=False, indent=2) + "\n"
