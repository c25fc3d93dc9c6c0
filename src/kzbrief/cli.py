"""The command line: a thin typer face over the pipeline. Options -> pipeline calls -> paths and exit codes.

Heavy modules (the pipeline, WeasyPrint) are imported inside the commands, so `kzbrief --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kzbrief import __version__
from kzbrief.languages import SUPPORTED

app = typer.Typer(
    name="kzbrief",
    help=(
        "Offline, cited policy briefs from a folder of news articles.\n\n"
        "Every sentence of a brief is a real sentence of a source, with a citation to it.\n\n"
        "Example: kzbrief build   (the sample brief from corpus/ into out/)"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


CorpusOption = Annotated[Optional[Path], typer.Option("--corpus", "-c", metavar="DIR",
                                                      help="Folder of articles (.txt, .md, .html, .jsonl, .json). "
                                                           "[default: the settings' corpus, else corpus]")]
IndexOption = Annotated[Optional[Path], typer.Option("--index", metavar="FILE",
                                                     help="The index file [default: CORPUS/.kzbrief/index.sqlite3].")]
_WHEN = ("(ISO 8601: 2026-11-23T09:00 is local time, 2026-11-23 local midnight, 2026-11-23T09:00+03:00 or ...Z "
         "that instant) [default: $SOURCE_DATE_EPOCH if set, else the clock]")
NowOption = Annotated[Optional[str], typer.Option("--now", metavar="WHEN",
                                                 help=f"Run as if it were WHEN: the date of issue, --days and the "
                                                      f"default week count from it {_WHEN}")]
ConfigOption = Annotated[Optional[Path], typer.Option("--config", metavar="FILE",
                                                      help="Settings file [default: ./kzbrief.toml, else "
                                                           "~/.config/kzbrief/kzbrief.toml, if present].")]


class PdfVariant(str, Enum):
    a3b = "a-3b"
    ua1 = "ua-1"
    plain = "plain"


class Paper(str, Enum):
    a4 = "a4"
    letter = "letter"


Language = Enum("Language", {code: code for code in SUPPORTED}, type=str)  # languages.SUPPORTED, as choices


class Format(str, Enum):
    md = "md"
    json = "json"
    pdf = "pdf"
    html = "html"


FormatsOption = Annotated[Optional[list[Format]], typer.Option("--format", "-f", metavar="md|json|pdf|html",
                                                               help="Output format; repeat for several. "
                                                                    "[default: the settings' formats, else md, "
                                                                    "json, pdf]")]


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"kzbrief: error: {message}", err=True)
    return typer.Exit(code)


def _settings(config: Path | None):
    """The settings in force (file, else defaults); a bad file is one line and exit 2."""
    from kzbrief.errors import KzbriefError
    from kzbrief.settings import load_settings

    try:
        return load_settings(config)
    except KzbriefError as error:
        raise _fail(error.cli, error.exit_code)


def _now(value: str | None):
    """The clock for this run: --now, else SOURCE_DATE_EPOCH, else the system clock (kzbrief.clock)."""
    from kzbrief import clock

    return clock.now(clock.parse_now(value) if value is not None else None)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kzbrief {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Offline, cited policy briefs from a folder of news articles."""


@app.command()
def build(
    corpus: CorpusOption = None,
    topic: Annotated[Optional[str], typer.Option("--topic", "-t", metavar="NAME",
                                                 help="Topic name from topics.toml (default: its 'default').")] = None,
    query: Annotated[Optional[str], typer.Option("--query", "-q", metavar="TEXT",
                                                 help="Free text instead of a topic, e.g. \"Astana process\".")] = None,
    formats: FormatsOption = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", metavar="DIR",
                                                help="Output folder. [default: the settings' out, else out]")] = None,
    max_items: Annotated[Optional[int], typer.Option("--max-items", "-n", min=1, max=200, metavar="N",
                                                     help="Most items in the brief, all sections together. "
                                                          "[default: 16]")] = None,
    topics_file: Annotated[Optional[Path], typer.Option("--topics", metavar="FILE",
                                                        help="Your topics.toml (its topics replace "
                                                        "shipped ones of the same name; default: the settings' "
                                                        "topics_file, else ./topics.toml if present).")] = None,
    template_dir: Annotated[Optional[Path], typer.Option("--template-dir", metavar="DIR", help="Folder whose templates "
                                                         "override the shipped ones, file by file "
                                                         "[default: the settings' template_dir].")] = None,
    index: IndexOption = None,
    no_ingest: Annotated[bool, typer.Option("--no-ingest", help="Use the index as an earlier run left it: new, "
                                                                "changed and deleted files are not looked for "
                                                                "(faster; the index must exist).")] = False,
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Only documents dated on or after "
                                                 "DATE (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Only documents dated on or "
                                                 "before DATE.")] = None,
    week: Annotated[Optional[str], typer.Option("--week", metavar="YYYY-Www", help="Only documents of one ISO "
                                                "week, e.g. 2026-W47.")] = None,
    days: Annotated[Optional[int], typer.Option("--days", metavar="N", help="Only documents of the last N days "
                                                "(today included).")] = None,
    undated: Annotated[bool, typer.Option("--undated", help="With a date window: take in documents of unknown "
                                                            "date too (they are marked in the brief).")] = False,
    method: Annotated[Optional[str], typer.Option("--method", "-m", metavar="concepts|lexrank|lead",
                                                  help="How sentences are chosen: concept coverage (what many "
                                                       "sources say about the topic, once), query-biased LexRank, "
                                                       "or the lead-sentences baseline. [default: concepts]")] = None,
    max_words: Annotated[Optional[int], typer.Option("--max-words", "-w", min=50, max=20000, metavar="N",
                                                     help="Most words in all items together. "
                                                          "[default: 900]")] = None,
    languages: Annotated[Optional[list[Language]], typer.Option("--lang", "-l", metavar="en|ru",
                                                               help="Language of the brief; repeat for several. "
                                                                    "Items in the other language are machine-"
                                                                    "translated. [default: the settings' languages, "
                                                                    "else en]")] = None,
    beam_size: Annotated[int, typer.Option("--beam-size", min=1, max=16, metavar="N",
                                           help="Translation beam size.", show_default=True)] = 2,
    threads: Annotated[int, typer.Option("--threads", min=0, max=64, metavar="N",
                                         help="Translation threads (0: automatic).", show_default=True)] = 0,
    pdf_variant: Annotated[Optional[PdfVariant], typer.Option("--pdf-variant", metavar="a-3b|ua-1|plain",
                                                              help="PDF/A-3b (archival, with the brief's JSON "
                                                                   "attached), PDF/UA-1 (tagged, accessible), or "
                                                                   "plain PDF. [default: a-3b]")] = None,
    paper: Annotated[Optional[Paper], typer.Option("--paper", metavar="a4|letter",
                                                   help="Paper size of the PDF. [default: a4]")] = None,
    parallel: Annotated[bool, typer.Option("--parallel", help="Also write the bilingual edition: both languages "
                                                              "side by side, item by item "
                                                              "(OUT/<topic>.en-ru.pdf).")] = False,
    embed_sources: Annotated[bool, typer.Option("--embed-sources", help="Put each source's whole text into the "
                                                "brief's data (JSON, PDF/A attachment), for an internal archive. "
                                                "Not for readers outside the team: it hands on whole articles. "
                                                "[default: the settings' embed_sources, else off]")] = False,
    quote_context: Annotated[bool, typer.Option("--quote-context", help="Give each citation in the brief's data "
                                                "the sentences before and after the quoted one. [default: the "
                                                "settings' quote_context, else off]")] = False,
    now: NowOption = None,
    config: ConfigOption = None,
) -> None:
    """Build a cited brief on a topic and write it as Markdown, JSON and PDF.

    Brings the corpus index up to date first (only new and changed files are read), then writes
    OUT/<topic>.<lang>.<format> for each language and format and prints the paths.

    Examples:

      kzbrief build

      kzbrief build --topic un-reform --format pdf

      kzbrief build --query "Astana process Syria" --max-items 6 --out out/astana

      kzbrief build --corpus ~/articles --topic sanctions -f md -f html

      kzbrief build --week 2026-W47 --undated --method lead

      kzbrief build --lang en --lang ru

      kzbrief build --days 7 --undated --now 2026-11-23T09:00   (as of a past day)

    Options not given come from the settings file (kzbrief.toml), then from the defaults.
    """
    from kzbrief.config import resolve_topic
    from kzbrief.errors import KzbriefError
    from kzbrief.pipeline import build as run_build
    from kzbrief.progress import Reporter
    from kzbrief.render import RenderOptions
    from kzbrief.translate.engine import Settings as TranslationSettings
    from kzbrief.window import make_window

    settings = _settings(config)
    chosen = [f.value for f in formats] if formats else list(settings.formats)
    # no --lang and no `languages` in the settings: English, or the sources' own language when only it can be made
    wanted = tuple(lang.value for lang in languages) if languages else \
        settings.languages if settings.languages_set else None
    render = RenderOptions(template_dir=template_dir or settings.template_dir,
                           pdf_variant=pdf_variant.value if pdf_variant else settings.pdf_variant,
                           paper=paper.value if paper else settings.paper, branding=settings.branding,
                           embed_sources=embed_sources or settings.embed_sources,
                           quote_context=quote_context or settings.quote_context)
    try:
        moment = _now(now)
        resolved = resolve_topic(topic, query, topics_file or settings.topics_file)
        window = make_window(since, until, week, days, undated, today=moment.date())
        with Reporter().step("indexing the corpus, then the brief", patient=True) as advance:
            result = run_build(corpus or settings.corpus, resolved, formats=chosen, out_dir=out or settings.out,
                               max_items=max_items or settings.max_items, render=render,
                               index=index or settings.index, update_index=not no_ingest,
                               method=method or settings.method, max_words=max_words or settings.max_words,
                               window=window, languages=wanted,
                               translation=TranslationSettings(beam_size=beam_size, threads=threads),
                               parallel=parallel, now=moment, progress=advance)
    except KzbriefError as error:
        if getattr(error, "report", None):
            _print_skips(error.report)  # what was skipped or read in part may be why there is nothing
        raise _fail(error.cli, error.exit_code)
    if result.report:
        _print_skips(result.report)
    for note in result.brief.notes:
        typer.echo(f"kzbrief: note: {note}", err=True)
    for warning in result.warnings:
        typer.echo(f"kzbrief: warning: {warning}", err=True)
    for path in result.paths:
        typer.echo(str(path))
    for line in result.missing:
        typer.echo(f"kzbrief: error: {line}", err=True)
    if result.missing:
        raise typer.Exit(2)


@app.command()
def verify(
    brief: Annotated[Path, typer.Argument(metavar="BRIEF", help="A brief: its JSON, its PDF/A edition (the JSON "
                                          "it carries) or its Markdown.")],
    corpus: Annotated[Optional[Path], typer.Option("--corpus", "-c", metavar="DIR",
                                                   help="The corpus to check against [default: the one the brief "
                                                        "was built from, as its data records it].")] = None,
    config: ConfigOption = None,
) -> None:
    """Check every item of a brief against the corpus: each source must be the text the brief was built from
    (its SHA-256) and each cited span must still be the quoted sentence.

    Reads the cited files afresh. The corpus is the one given, else the folder the brief was built from, else
    the path it was given as (from here, or beside the brief's folder). Exit code 0 when everything matches, 1 on
    any mismatch (each one listed, naming the item), 2 when the brief or the corpus cannot be read. Without the
    corpus, checks what the brief alone can show (items, citations and sources agree; offsets fit; quotes stand
    in any text it embeds), says what it could not check, and exits 2 (1 if it found a problem).

    Examples:

      kzbrief verify out/mediation.en.json

      kzbrief verify out/mediation.en.pdf --corpus ~/articles
    """
    from kzbrief.errors import KzbriefError
    from kzbrief.review import corpus_of, load_brief_data
    from kzbrief.verify import brief_consistency, verify_json

    _settings(config)
    try:
        data, read_from = load_brief_data(brief)
        folder, how = corpus_of(data, brief, corpus)
        if folder is None or not folder.is_dir():
            problems, checked = brief_consistency(data)
            for problem in problems:
                typer.echo(f"kzbrief: mismatch: {problem}", err=True)
            where = f"corpus directory not found: {folder}" if folder is not None else how
            typer.echo(f"kzbrief: {where}: checked only what {read_from} shows of itself ({checked} citation(s): "
                       f"{len(problems)} problem(s)); not checked: that the sources still say what it quotes "
                       "(give the corpus with --corpus)", err=True)
            raise typer.Exit(1 if problems else 2)
        problems, checked = verify_json(data, folder)
    except KzbriefError as error:
        raise _fail(error.cli, error.exit_code)
    for problem in problems:
        typer.echo(f"kzbrief: mismatch: {problem}", err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {checked} citation(s) of {read_from}", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {checked} citation(s) of {read_from} match {folder}")


@app.command()
def render(
    brief: Annotated[Path, typer.Argument(metavar="BRIEF.json", help="A brief's JSON, edited or not (or a PDF/A "
                                          "edition: the JSON it carries).")],
    formats: FormatsOption = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", metavar="DIR",
                                                help="Output folder. [default: the brief's own folder]")] = None,
    corpus: Annotated[Optional[Path], typer.Option("--corpus", "-c", metavar="DIR",
                                                   help="The corpus to check the brief against first [default: "
                                                        "the one it was built from].")] = None,
    template_dir: Annotated[Optional[Path], typer.Option("--template-dir", metavar="DIR", help="Folder whose "
                                                         "templates override the shipped ones.")] = None,
    pdf_variant: Annotated[Optional[PdfVariant], typer.Option("--pdf-variant", metavar="a-3b|ua-1|plain",
                                                              help="PDF/A-3b, PDF/UA-1 or plain PDF. "
                                                                   "[default: a-3b]")] = None,
    paper: Annotated[Optional[Paper], typer.Option("--paper", metavar="a4|letter", help="Paper size of the PDF. "
                                                   "[default: a4]")] = None,
    config: ConfigOption = None,
) -> None:
    """Render a brief again from its JSON, after an analyst's edits, with its citations intact.

    Edits the JSON may take: remove items, reorder them, move them between sections (change an item's place
    in "sections"), add a "summary" (an analyst's paragraph, shown as theirs) or an item's "note", change the
    "title". The brief is checked first, against the corpus when it is found: a quoted sentence or a citation that
    was changed is refused (exit 1), naming the item. Sources are numbered again by first citation; a source no
    item cites leaves the list. Writes OUT/<topic>.<lang>.<format> and prints the paths.

    Examples:

      kzbrief render out/mediation.en.json -f pdf -f md

      kzbrief render edited.json --out out/final
    """
    from kzbrief.model import brief_from_data
    from kzbrief.errors import KzbriefError
    from kzbrief.outputs import brief_files, write_files
    from kzbrief.render import RenderOptions
    from kzbrief.review import corpus_of, load_brief_data
    from kzbrief.verify import brief_consistency, verify_json

    settings = _settings(config)
    chosen = [f.value for f in formats] if formats else list(settings.formats)
    try:
        data, read_from = load_brief_data(brief)
        if data.get("markdown"):
            raise KzbriefError(f"{brief} is a Markdown brief: render its JSON (or its PDF) instead")
        edition = brief_from_data(data)
        folder, how = corpus_of(data, brief, corpus)
        if folder is not None and folder.is_dir():
            problems, _ = verify_json(data, folder)
        else:
            problems, _ = brief_consistency(data)
            typer.echo(f"kzbrief: warning: {how}: {brief} is checked against itself only (give --corpus DIR to "
                       "check its quotes against their sources)", err=True)
        if problems:
            for problem in problems:
                typer.echo(f"kzbrief: refused: {problem}", err=True)
            raise KzbriefError(f"{read_from} was changed where an edit may not change it (a quoted sentence or a "
                               "citation): not rendered", exit_code=1)
        embed = bool(data.get("embeds_sources", data.get("format_version", 1) == 1))
        options = RenderOptions(template_dir=template_dir or settings.template_dir,
                                pdf_variant=pdf_variant.value if pdf_variant else settings.pdf_variant,
                                paper=paper.value if paper else settings.paper, branding=settings.branding,
                                embed_sources=embed)
        target = out or brief.parent
        paths = write_files(brief_files(edition.renumbered(), chosen, target, options), target)
    except KzbriefError as error:
        raise _fail(error.cli, error.exit_code)
    for path in paths:
        typer.echo(str(path))


@app.command()
def search(
    query: Annotated[str, typer.Argument(metavar="QUERY", help="Words to look for (stemmed, English and Russian).")],
    corpus: CorpusOption = None,
    index: IndexOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000, metavar="N", help="Most sentences shown.",
                                       show_default=True)] = 20,
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Only documents dated on or "
                                                 "after DATE.")] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Only documents dated on or "
                                                 "before DATE.")] = None,
    undated: Annotated[bool, typer.Option("--undated", help="With a window: undated documents too.")] = False,
    config: ConfigOption = None,
) -> None:
    """Print the sentences that match a query, best first, with their source and date.

    Examples:

      kzbrief search "Astana process"

      kzbrief search "переговоры Баку Ереван" --limit 5
    """
    from kzbrief.config import topic_from_query
    from kzbrief.errors import KzbriefError
    from kzbrief.ingest import ingest_corpus
    from kzbrief.pipeline import open_index
    from kzbrief.select import select_from_store
    from kzbrief.window import make_window

    settings = _settings(config)
    corpus, index = corpus or settings.corpus, index or settings.index
    try:
        topic = topic_from_query(query)
        window = make_window(since, until, None, None, undated)
        with open_index(corpus, index) as store:
            ingest_corpus(corpus, store)
            candidates = select_from_store(store, topic, window)[:limit]
            documents = {d.id: d for d in store.documents({c.sentence.doc_id for c in candidates})}
    except KzbriefError as error:
        raise _fail(error.cli, error.exit_code)
    if not candidates:
        raise _fail(f"no sentence matches {query!r}", 1)
    for c in candidates:
        d = documents[c.sentence.doc_id]
        typer.echo(f"{c.score:6.2f}  {d.date or '—':<10}  {d.id}  {c.sentence.text}")


@app.command()
def ingest(corpus: CorpusOption = None, index: IndexOption = None, config: ConfigOption = None) -> None:
    """Read the corpus into its index: new and changed files are processed, deleted ones leave.

    Prints what happened (added, updated, unchanged, removed, skipped) and names every skipped file with
    the reason. `kzbrief build` does this by itself; run it alone to check a corpus.

    Examples:

      kzbrief ingest

      kzbrief ingest --corpus ~/articles
    """
    from kzbrief.errors import KzbriefError
    from kzbrief.pipeline import ingest as run_ingest
    from kzbrief.progress import Reporter

    settings = _settings(config)
    try:
        with Reporter().step("indexing the corpus", patient=True) as advance:
            report = run_ingest(corpus or settings.corpus, index or settings.index, advance)
    except KzbriefError as error:
        raise _fail(error.cli, error.exit_code)
    _print_skips(report)
    rebuilt = " (index rebuilt: it was made by another kzbrief version)" if report.rebuilt else ""
    if report.reread:
        rebuilt += f" ({report.reread} file(s) read again under this version's rules)"
    typer.echo(f"{len(report.added)} added, {len(report.updated)} updated, {report.unchanged} unchanged, "
               f"{len(report.removed)} removed, {len(report.skipped)} skipped; {report.documents} documents, "
               f"{report.duplicate_pairs} new duplicate pair(s); {report.seconds:.1f} s{rebuilt}")


def _print_skips(report) -> None:
    for skipped in report.skipped:
        typer.echo(f"kzbrief: skipped {skipped}", err=True)
    for note in report.notes:
        typer.echo(f"kzbrief: partly read {note}", err=True)


@app.command()
def corpus(
    corpus: CorpusOption = None,
    index: IndexOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    no_ingest: Annotated[bool, typer.Option("--no-ingest", help="Show the index as it is.")] = False,
    config: ConfigOption = None,
) -> None:
    """List the documents of the corpus as ingestion saw them.

    One line per document: id, date, language, share of the file removed as page chrome, publisher, title,
    and the documents it duplicates. Use it to see and fix what ingestion did.

    Examples:

      kzbrief corpus

      kzbrief corpus --json > documents.json
    """
    import json

    from kzbrief.errors import KzbriefError
    from kzbrief.ingest import ingest_corpus
    from kzbrief.pipeline import open_index

    settings = _settings(config)
    corpus, index = corpus or settings.corpus, index or settings.index
    try:
        with open_index(corpus, index) as store:
            report = None if no_ingest else ingest_corpus(corpus, store)
            documents = store.documents()
            duplicates = store.duplicates()
    except KzbriefError as error:
        raise _fail(error.cli, error.exit_code)
    if report:
        _print_skips(report)
    if as_json:
        rows = [{"id": d.id, "file": d.source_file, "title": d.title, "publisher": d.publisher, "author": d.author,
                 "date": d.date, "date_source": d.date_source, "language": d.language, "encoding": d.encoding,
                 "removed_share": round(d.removed_share, 3),
                 "duplicates": [{"id": other, "similarity": value} for other, value in duplicates.get(d.id, [])]}
                for d in documents]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max((len(d.id) for d in documents), default=2)
    typer.echo(f"{'id':<{width}}  {'date':<10}  lang  chrome  {'publisher':<16}  title")
    for d in documents:
        dups = duplicates.get(d.id, [])
        dup_text = f"  [duplicates: {', '.join(other for other, _ in dups)}]" if dups else ""
        typer.echo(f"{d.id:<{width}}  {d.date or '—':<10}  {d.language:<4}  {d.removed_share:>5.0%}  "
                   f"{(d.publisher or '—')[:16]:<16}  {d.title or '—'}{dup_text}")


models_app = typer.Typer(help="Translation models (argostranslate packages): list and install.",
                         no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list(config: ConfigOption = None) -> None:
    """List the installed translation models: pair, version, size and folder.

    Example: kzbrief models list
    """
    _settings(config)
    from kzbrief.translate.packages import installed_packages, packages_dir

    found = installed_packages()
    if not found:
        typer.echo(f"no translation models installed (they live in {packages_dir()}); "
                   "install one with: kzbrief models install FILE.argosmodel")
        return
    for package in found:
        typer.echo(f"{package.pair:<8} {package.version:<10} {package.size / 1024 / 1024:8.1f} MB  {package.path}")


@models_app.command("install")
def models_install(
    what: Annotated[list[str], typer.Argument(metavar="PATH | FROM TO",
                                              help="An .argosmodel file or package folder, or two language codes "
                                                   "to fetch from the argos index (needs a network).")],
    config: ConfigOption = None,
) -> None:
    """Install a translation model from a file or folder, or from the argos package index.

    Examples:

      kzbrief models install translate-en_ru-1_9.argosmodel

      kzbrief models install en ru
    """
    from kzbrief.errors import KzbriefError
    from kzbrief.translate.packages import fetch, install_path

    _settings(config)
    try:
        if len(what) == 1:
            package = install_path(Path(what[0]))
        elif len(what) == 2 and all(code in SUPPORTED for code in what):
            package = fetch(what[0], what[1])
        else:
            raise KzbriefError("give one model file or folder, or two language codes (en ru / ru en)")
    except KzbriefError as error:
        raise _fail(error.cli, error.exit_code)
    typer.echo(f"installed {package.pair} {package.version} in {package.path}")


@app.command()
def topics(
    topics_file: Annotated[Optional[Path], typer.Option("--topics", metavar="FILE", help="Your topics.toml.")] = None,
    config: ConfigOption = None,
) -> None:
    """List the topics a brief can be built on.

    Example: kzbrief topics
    """
    from kzbrief.config import load_topics
    from kzbrief.errors import KzbriefError

    settings = _settings(config)
    try:
        known, default = load_topics(topics_file or settings.topics_file)
    except KzbriefError as error:
        raise _fail(error.cli, error.exit_code)
    for name in sorted(known):
        mark = " (default)" if name == default else ""
        typer.echo(f"{name}{mark}\t{known[name].title}")


@app.command()
def mail(
    files: Annotated[Optional[list[Path]], typer.Argument(metavar="FILE", help="Files to attach: the briefs' "
                                                          "PDFs (and Markdown, JSON...).")] = None,
    to: Annotated[Optional[list[str]], typer.Option("--to", metavar="ADDRESS", help="Recipient; repeat for "
                                                    "several [default: the settings' mail.to].")] = None,
    cc: Annotated[Optional[list[str]], typer.Option("--cc", metavar="ADDRESS", help="Copy recipient; repeat "
                                                    "for several [default: the settings' mail.cc].")] = None,
    subject: Annotated[Optional[str], typer.Option("--subject", metavar="TEXT", help="Subject [default: the "
                                                   "settings' mail.subject, from the briefs' titles].")] = None,
    do_send: Annotated[bool, typer.Option("--send", help="Send it now (otherwise: show what would be sent).")] = False,
    eml: Annotated[Optional[Path], typer.Option("--eml", metavar="PATH", help="Write the message to a file "
                                                "(RFC 5322 .eml) instead of sending it.")] = None,
    retry: Annotated[bool, typer.Option("--retry", help="Send the messages waiting in the outbox.")] = False,
    force: Annotated[bool, typer.Option("--force", help="With --retry: send held messages too (their outcome was "
                                        "unclear: the server may have them; check first).")] = False,
    resend: Annotated[bool, typer.Option("--resend", help="With --send: send these files to these recipients "
                                         "again, though the delivery log says they went.")] = False,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", metavar="DIR", help="Where the outbox and the "
                                                "delivery log live [default: the settings' out, else out].")] = None,
    now: Annotated[Optional[str], typer.Option("--now", metavar="WHEN", help="Date the message WHEN: its Date "
                                               f"header and the subject's date {_WHEN}")] = None,
    config: ConfigOption = None,
) -> None:
    """Mail briefs: one message with the key points as its body and the files attached.

    The body (text and HTML) holds the key points of each brief, read from the brief's JSON beside the file or
    from the JSON a PDF/A brief carries. A message that cannot be sent (server down, refused, login failed) is
    kept in OUT/outbox/ with the reason; `kzbrief mail --retry` sends it later. Every attempt is logged in
    OUT/delivery-log.jsonl, and a message is never sent twice.

    Exit code 0: sent (or shown, or written); 1: not sent, kept in the outbox; 2: bad input, nothing sent.

    Examples:

      kzbrief mail out/mediation.en.pdf out/mediation.ru.pdf            (show what would be sent)

      kzbrief mail out/mediation.en.pdf --to anna@example.org --send

      kzbrief mail out/mediation.en.pdf --eml out/brief.eml

      kzbrief mail --retry

      kzbrief mail approve 2026-W47     (send an edition `kzbrief weekly --hold` built, after any edits)
    """
    from kzbrief.errors import KzbriefError
    from kzbrief.mail import Outbox, compose, deliver, preview, retry_outbox, shown_addresses
    from kzbrief.mail.compose import embedded_sources_warnings
    from kzbrief.outputs import write_atomic

    settings = _settings(config)
    if files and str(files[0]) == "approve":
        _approve([str(f) for f in files[1:]], settings, now)
        return
    outbox = Outbox(out or settings.out)
    say = lambda line: typer.echo(f"kzbrief: {line}", err=True)  # noqa: E731
    try:
        if force and not retry:
            raise KzbriefError("--force goes with --retry (it sends held messages again)")
        if retry:
            if files or eml:
                raise KzbriefError("--retry sends what waits in the outbox; give no files and no --eml with it")
            results = retry_outbox(settings.mail, outbox, force=force, log=say)
            if not results:
                typer.echo(f"outbox empty ({outbox.folder})")
            failed = 0
            for result in results:
                if result.held:
                    failed += 1
                    typer.echo(f"kzbrief: held: {result.queued.eml.name}: {result.queued.reason}; check with the "
                               "recipients or the server, then `kzbrief mail --retry --force` sends it again (or "
                               "remove it from the outbox)", err=True)
                elif result.delivery is None:
                    typer.echo(f"{result.queued.eml.name}: was sent already (delivery log); removed from the outbox")
                elif result.delivery.sent:
                    typer.echo(f"sent {result.queued.eml.name} to {', '.join(result.queued.recipients)}")
                else:
                    failed += 1
                    typer.echo(f"kzbrief: not sent: {result.queued.eml.name}: {result.delivery.reason}", err=True)
            if failed:
                raise typer.Exit(1)
            return
        if not files:
            raise KzbriefError("give the files to attach (or --retry to send the outbox)")
        if do_send and eml:
            raise KzbriefError("choose --send or --eml, not both")
        message, envelope = compose(settings.mail, list(files), to=to, cc=cc, subject=subject,
                                    branding=settings.branding, template_dir=settings.template_dir, now=_now(now))
        for warning in embedded_sources_warnings(list(files)):
            typer.echo(f"kzbrief: warning: {warning}", err=True)
        if eml:
            if eml.exists():
                raise KzbriefError(f"{eml} exists already; kzbrief does not overwrite it: give another path, or "
                                   "remove it first")
            shown = shown_addresses(message)
            hidden = [r for r in envelope.recipients if r not in shown]
            if hidden:  # a message for other means keeps its blind copies: the mail client sending it reads them
                message["Bcc"] = ", ".join(hidden)
            raw = message.as_bytes()
            try:
                write_atomic(eml, raw)
            except OSError as error:
                raise KzbriefError(f"cannot write {eml}: {error.strerror or error}")
            typer.echo(f"wrote {eml} ({len(raw) / 1024:.0f} KB) for "
                       f"{', '.join(envelope.recipients)}")
            return
        if not do_send:
            for line in preview(message, envelope):
                typer.echo(line)
            typer.echo("not sent: add --send to send it, or --eml PATH to write it to a file")
            return
        with outbox.locked(say):
            earlier = outbox.content_sent(message, envelope.recipients)
            if earlier and not resend:
                raise KzbriefError(f"not sent again: these files went to {', '.join(earlier['to'])} on "
                                   f"{earlier['time']} ({earlier['status']}; --resend sends them again)")
            delivery = deliver(message, envelope, settings.mail, outbox, log=say)
    except KzbriefError as error:
        raise _fail(error.cli, error.exit_code)
    if delivery.sent:
        refused = f" (refused: {', '.join(delivery.refused)})" if delivery.refused else ""
        typer.echo(f"sent to {', '.join(envelope.recipients)}: {message['Subject']}{refused}")
        return
    if delivery.unclear:
        typer.echo(f"kzbrief: outcome unclear: {delivery.reason}; held in {outbox.folder}, not sent again "
                   "(check, then: kzbrief mail --retry --force)", err=True)
    else:
        typer.echo(f"kzbrief: not sent: {delivery.reason}; kept in {outbox.folder} "
                   "(send it later with: kzbrief mail --retry)", err=True)
    raise typer.Exit(1)


def _approve(editions: list[str], settings, now: str | None) -> None:
    """`kzbrief mail approve EDITION`: send an edition held for approval, once."""
    from kzbrief.errors import KzbriefError
    from kzbrief.progress import Reporter
    from kzbrief.weekly import approve_edition

    if len(editions) != 1:
        raise _fail("give one edition to approve, e.g. kzbrief mail approve 2026-W47")
    try:
        result = approve_edition(settings, editions[0], reporter=Reporter(), now=_now(now))
    except KzbriefError as error:
        raise _fail(error.cli, error.exit_code)
    typer.echo(f"{editions[0]}: {result.mail}")
    if result.mail_failed:
        raise typer.Exit(1)


@app.command()
def weekly(
    week: Annotated[Optional[str], typer.Option("--week", metavar="YYYY-Www", help="The ISO week to brief "
                                                "[default: the last complete week].")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do everything but send; print what would be "
                                                            "sent.")] = False,
    resend: Annotated[bool, typer.Option("--resend", help="Mail the week again even if the delivery log says "
                                                          "it went.")] = False,
    hold: Annotated[bool, typer.Option("--hold", help="Build the week's briefs and stop: they await approval "
                                                      "(`kzbrief mail approve WEEK` sends them, after any edits "
                                                      "and `kzbrief render`).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="Only warnings and errors (and the summary).")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="Say more: every file written, ingest counts.")] = False,
    now: NowOption = None,
    config: ConfigOption = None,
) -> None:
    """The weekly run: ingest, build every configured topic in every language and format, mail them.

    Briefs cover the ISO week asked for (default: the last complete one) and go to OUT/<week>/ (e.g.
    out/2026-W47/); topics, languages, formats, branding and mail come from kzbrief.toml. A quiet week (nothing
    on a topic) writes no brief for it and is not an error. Re-running a week rebuilds it but mails it again only
    with --resend. A progress bar shows on a terminal; under cron, plain log lines.

    Exit code 0: done (also a quiet week); 1: briefs written but the mail not sent (kept in OUT/outbox/, see
    kzbrief mail --retry) or a language without its model; 2: could not run (settings, corpus, topics).

    Examples:

      kzbrief weekly

      kzbrief weekly --week 2026-W47 --dry-run

      kzbrief weekly --hold      (then read, edit, render; kzbrief mail approve 2026-W47 sends it)

      kzbrief weekly --now 2026-11-23T07:00 --dry-run   (the run cron made that Monday morning)

      kzbrief weekly --config /etc/kzbrief/kzbrief.toml --quiet
    """
    from kzbrief.errors import KzbriefError
    from kzbrief.progress import Reporter
    from kzbrief.weekly import run_weekly

    if quiet and verbose:
        raise _fail("choose --quiet or --verbose, not both")
    settings = _settings(config)
    reporter = Reporter(quiet=quiet, verbose=verbose)
    try:
        result = run_weekly(settings, week=week, dry_run=dry_run, resend=resend, reporter=reporter, now=_now(now),
                            hold=hold)
    except KzbriefError as error:
        raise _fail(error.cli, error.exit_code)
    for line in result.preview:
        typer.echo(line)
    typer.echo(result.summary())
    if result.mail_failed or result.missing:
        raise typer.Exit(1)


config_app = typer.Typer(help="The settings file (kzbrief.toml): check it and see what is in force.",
                         no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("check")
def config_check(config: ConfigOption = None) -> None:
    """Validate the settings file and print every setting in force, with where the file is.

    The mail password is never printed: only where it comes from and whether it is there.
    Exit code 2 with one line naming the file, line and key when something is wrong.

    Examples:

      kzbrief config check

      kzbrief config check --config /etc/kzbrief/kzbrief.toml
    """
    from kzbrief.config import load_topics
    from kzbrief.errors import KzbriefError
    from kzbrief.settings import describe

    settings = _settings(config)
    try:
        known, _ = load_topics(settings.topics_file)
    except KzbriefError as error:
        raise _fail(error.cli, error.exit_code)
    unknown = [name for name in settings.topics if name not in known]
    if unknown:
        raise _fail(f"{settings.path}: topics names unknown topic '{unknown[0]}'; known topics: "
                    f"{', '.join(sorted(known))}")
    for line in describe(settings):
        typer.echo(line)
    if not settings.corpus.is_dir():
        typer.echo(f"kzbrief: warning: the corpus folder {settings.corpus} does not exist (yet)", err=True)


def main() -> None:
    """Console entry point: every failure is one readable line, never a traceback."""
    try:
        _run()
    except BrokenPipeError:  # the reader went away (`kzbrief ... | head`): nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)
    except KeyboardInterrupt:
        typer.echo("kzbrief: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # a bug or an environment problem: say it in one line
        if os.environ.get("KZBRIEF_DEBUG"):
            raise
        from kzbrief.errors import environment_problem

        known = environment_problem(error)
        if known:
            typer.echo(f"kzbrief: error: {known[0]}", err=True)
            sys.exit(known[1])
        typer.echo(f"kzbrief: internal error: {type(error).__name__}: {error} "
                   "(set KZBRIEF_DEBUG=1 for the traceback)", err=True)
        sys.exit(1)


def _plain(message: str) -> str:
    """A usage error in the user's words, without the validator's ('Value error, ', 'Input should be ...')."""
    message = message.replace("Value error, ", "")
    for theirs, ours in (("Input should be greater than or equal to", "must be at least"),
                         ("Input should be less than or equal to", "must be at most"),
                         ("Input should be greater than", "must be more than"),
                         ("Input should be a valid integer", "must be a whole number")):
        message = message.replace(theirs, ours)
    return message.rstrip(".")


def _run() -> None:
    try:
        code = app(standalone_mode=False)
    except typer.Exit as exit_:
        sys.exit(exit_.exit_code)
    except typer.Abort:
        typer.echo("kzbrief: interrupted", err=True)
        sys.exit(130)
    except Exception as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # plain `kzbrief`: the help is the answer
            typer.echo(error.format_message())
            sys.exit(0)
        if not (hasattr(error, "format_message") and getattr(error, "exit_code", None) == 2):
            raise
        # A usage error (click's, as vendored by typer): one line, like every other error; --help has the rest.
        ctx = getattr(error, "ctx", None)
        command = f"{ctx.info_name} " if ctx is not None and ctx.parent is not None else ""
        typer.echo(f"kzbrief: error: {_plain(error.format_message())} (see: kzbrief {command}--help)", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
