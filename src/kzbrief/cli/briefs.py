"""Commands on briefs: build one, check one against the corpus, render an edited one again."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kzbrief.cli.app import (ConfigOption, CorpusOption, FormatsOption, IndexOption, Language,
                               NowOption, Paper, PdfVariant, fail, clock_of, settings_of, app, print_skips)


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

    settings = settings_of(config)
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
        moment = clock_of(now)
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
            print_skips(error.report)  # what was skipped or read in part may be why there is nothing
        raise fail(error.cli, error.exit_code)
    if result.report:
        print_skips(result.report)
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
    from kzbrief.review import check_file

    settings_of(config)
    try:
        _, check = check_file(brief, corpus)
    except KzbriefError as error:
        raise fail(error.cli, error.exit_code)
    for problem in check.problems:
        typer.echo(f"kzbrief: mismatch: {problem}", err=True)
    if check.corpus is None:
        typer.echo(f"kzbrief: {check.missing_corpus}: checked only what {check.read_from} shows of itself "
                   f"({check.checked} citation(s): {len(check.problems)} problem(s)); not checked: that the sources "
                   "still say what it quotes (give the corpus with --corpus)", err=True)
        raise typer.Exit(1 if check.problems else 2)
    if check.problems:
        typer.echo(f"{len(check.problems)} problem(s) in {check.checked} citation(s) of {check.read_from}", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {check.checked} citation(s) of {check.read_from} match {check.corpus}")


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
    from kzbrief.errors import KzbriefError
    from kzbrief.render import RenderOptions
    from kzbrief.review import render_again

    settings = settings_of(config)
    chosen = [f.value for f in formats] if formats else list(settings.formats)
    options = RenderOptions(template_dir=template_dir or settings.template_dir,
                            pdf_variant=pdf_variant.value if pdf_variant else settings.pdf_variant,
                            paper=paper.value if paper else settings.paper, branding=settings.branding)
    try:
        paths, check = render_again(brief, chosen, out, corpus, options)
    except KzbriefError as error:
        for problem in getattr(error, "problems", []):
            typer.echo(f"kzbrief: refused: {problem}", err=True)
        raise fail(error.cli, error.exit_code)
    if check.corpus is None:
        typer.echo(f"kzbrief: warning: {check.missing_corpus}: {brief} was checked against itself only (give "
                   "--corpus DIR to check its quotes against their sources)", err=True)
    for path in paths:
        typer.echo(str(path))
