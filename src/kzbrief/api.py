"""kzbrief as a library: the pipeline's doors as plain functions, each doing one step a program may want on its own.

    import kzbrief

    brief = kzbrief.make_brief("corpus", "mediation", max_items=8)
    kzbrief.write_brief(brief, "out", formats=["md", "json"])

The command line is a thin face over these. (The names say what they act on: `kzbrief.render`, `kzbrief.verify`
and the like are the modules that do the work.) Every failure a caller can act on is a `kzbrief.KzbriefError`, whose
message names what was wrong in the caller's terms (a parameter, a path, a file).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from kzbrief.model import Brief, Topic
from kzbrief.window import Window


def open_index(corpus: str | Path, index: str | Path | None = None):
    """The corpus's index (a context manager: `with kzbrief.open_index("corpus") as store: ...`)."""
    from kzbrief.pipeline import open_index as _open

    return _open(Path(corpus), Path(index) if index else None)


def ingest_corpus(corpus: str | Path, index: str | Path | None = None, progress=None):
    """Bring the corpus's index up to date: new and changed files read, deleted ones dropped. Returns the report
    (`added`, `updated`, `removed`, `skipped` with reasons, `documents`)."""
    from kzbrief.pipeline import ingest

    return ingest(Path(corpus), Path(index) if index else None, progress=progress)


def topic(name: str | None = None, query: str | None = None, topics_file: str | Path | None = None) -> Topic:
    """A topic: one of topics.toml by `name` (None: its default), or a free-text `query`."""
    from kzbrief.config import resolve_topic

    return resolve_topic(name, query, Path(topics_file) if topics_file else None)


def date_window(since: str | None = None, until: str | None = None, week: str | None = None, days: int | None = None,
           undated: bool = False, today: date | None = None) -> Window | None:
    """A date window: bounds (YYYY-MM-DD), an ISO week ('2026-W47') or the last `days` days; `undated` takes in
    documents of unknown date. None (no window) when nothing is asked."""
    from kzbrief.window import make_window

    return make_window(since, until, week, days, undated, today=today)


def make_brief(corpus: str | Path, topic: Topic | str | None = None, *, language: str = "en",
               max_items: int = 16, max_words: int = 900, method: str = "concepts", window: Window | None = None,
               index: str | Path | None = None, update_index: bool = True, now: datetime | None = None) -> Brief:
    """The brief of a corpus on a topic (a Topic, a topic's name, or None for the default), inside a window, its
    items in the sources' own languages (`translate_brief` puts them in one). The index is brought up to date first
    unless `update_index` is False."""
    from kzbrief.config import resolve_topic
    from kzbrief.pipeline import make_brief as _make_brief

    chosen = topic if isinstance(topic, Topic) else resolve_topic(topic, None)
    brief, _ = _make_brief(Path(corpus), chosen, max_items=max_items, language=language, now=now,
                           index=Path(index) if index else None, update_index=update_index, method=method,
                           max_words=max_words, window=window)
    return brief


def translate_brief(brief: Brief, language: str, *, beam_size: int = 2, threads: int = 0) -> Brief:
    """The brief in `language`: items in another language machine-translated offline (the original kept beside
    each), with the installed argos model for the pair; translations remembered in the user's cache. Raises
    `kzbrief.translate.MissingModel` (a KzbriefError) naming the pair when its model is not installed."""
    from kzbrief import translate, verify
    from kzbrief.translate.engine import Settings
    from kzbrief.translate.memory import TranslationMemory

    with TranslationMemory() as memory:
        localized = translate.translate_brief(brief, language, memory, Settings(beam_size=beam_size, threads=threads))
    verify.verify_brief(localized)
    return localized


def _options(template_dir=None, pdf_variant: str | None = None, paper: str = "a4", branding=None,
             embed_sources: bool = False):
    from kzbrief.render import RenderOptions
    from kzbrief.settings import Branding

    return RenderOptions(template_dir=Path(template_dir) if template_dir else None, pdf_variant=pdf_variant,
                         paper=paper, branding=branding or Branding(), embed_sources=embed_sources)


def render_brief(brief: Brief, format: str, *, quote_context: bool = False, **options) -> bytes:
    """The brief as one file's bytes: "md", "json", "html" or "pdf". Options: template_dir, pdf_variant ("a-3b",
    "ua-1", "plain"), paper ("a4", "letter"), branding (settings.Branding), embed_sources (the sources' whole
    texts in the data: internal archives only); `quote_context` gives each citation its neighbouring sentences."""
    from kzbrief.outputs import render_brief
    from kzbrief.quotes import with_context

    return render_brief(with_context(brief) if quote_context else brief, [format], _options(**options))[format]


def write_brief(brief: Brief, out_dir: str | Path, formats: Iterable[str] = ("md", "json", "pdf"), *,
          quote_context: bool = False, **options) -> list[Path]:
    """Write the brief in these formats into `out_dir` (as <topic>.<language>.<format>), the whole set or, if the
    disk fails part-way, none. Returns the paths. Options as for `render_brief`."""
    from kzbrief.outputs import brief_files, write_files
    from kzbrief.quotes import with_context

    out = Path(out_dir)
    chosen = with_context(brief) if quote_context else brief
    return write_files(brief_files(chosen, list(formats), out, _options(**options)), out)


def verify_brief(brief: Brief | str | Path, corpus: str | Path | None = None) -> list[str]:
    """What does not match the corpus, one line each ([] when every source is the text the brief was built from
    and every quote stands at its offsets). `brief`: a Brief, or a brief's file (JSON, PDF/A edition, Markdown).
    The corpus: the one given, else the one the brief was built from. Raises KzbriefError when there is none."""
    from kzbrief.briefdata import brief_data
    from kzbrief.errors import KzbriefError
    from kzbrief.review import corpus_of, load_brief_data
    from kzbrief.verify import verify_json

    if isinstance(brief, Brief):
        data, where = brief_data(brief), Path.cwd() / "brief.json"
    else:
        data, _ = load_brief_data(Path(brief))
        where = Path(brief)
    folder, how = corpus_of(data, where, Path(corpus) if corpus else None)
    if folder is None or not folder.is_dir():
        raise KzbriefError(f"no corpus to verify against: {how if folder is None else f'{folder} is not a folder'}")
    return verify_json(data, folder)[0]


def mail_briefs(files: Iterable[str | Path], *, settings=None, to: list[str] | None = None, cc: list[str] | None = None,
         subject: str | None = None, send: bool = False):
    """Mail briefs as kzbrief.toml's [mail] table says (`settings`: a loaded Settings, else the settings file in
    force): one message, the key points as its body, the files attached. Without `send`, the lines of a preview;
    with it, the delivery (`sent`, `reason`), once: a message the delivery log has as sent is not sent again, and
    one that cannot go waits in the outbox."""
    from kzbrief.errors import KzbriefError
    from kzbrief.mail import Outbox, compose, deliver, preview
    from kzbrief.settings import load_settings

    settings = settings or load_settings()
    message, envelope = compose(settings.mail, [Path(f) for f in files], to=to, cc=cc, subject=subject,
                                branding=settings.branding, template_dir=settings.template_dir)
    if not send:
        return preview(message, envelope)
    outbox = Outbox(settings.out)
    with outbox.locked():
        earlier = outbox.content_sent(message, envelope.recipients)
        if earlier:
            raise KzbriefError(f"not sent again: these files went to {', '.join(earlier['to'])} on {earlier['time']}")
        return deliver(message, envelope, settings.mail, outbox)
