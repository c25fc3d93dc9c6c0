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


class Format(str, Enum):
    md = "md"
    json = "json"
    pdf = "pdf"
    html = "html"


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"kzbrief: error: {message}", err=True)
    return typer.Exit(code)


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
    corpus: Annotated[Path, typer.Option("--corpus", "-c", metavar="DIR", help="Folder of articles (.txt, .md).",
                                         show_default=True)] = Path("corpus"),
    topic: Annotated[Optional[str], typer.Option("--topic", "-t", metavar="NAME",
                                                 help="Topic name from topics.toml (default: its 'default').")] = None,
    query: Annotated[Optional[str], typer.Option("--query", "-q", metavar="TEXT",
                                                 help="Free text instead of a topic, e.g. \"Astana process\".")] = None,
    formats: Annotated[Optional[list[Format]], typer.Option("--format", "-f", metavar="md|json|pdf|html",
                                                            help="Output format; repeat for several. "
                                                                 "[default: md, json, pdf]")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Output folder.", show_default=True)] = Path("out"),
    max_items: Annotated[int, typer.Option("--max-items", "-n", min=1, max=200, metavar="N",
                                           help="Most items in the brief.", show_default=True)] = 10,
    topics_file: Annotated[Optional[Path], typer.Option("--topics", metavar="FILE", help="Your topics.toml (its topics replace "
                                                        "shipped ones of the same name; default: ./topics.toml "
                                                        "if present).")] = None,
    template_dir: Annotated[Optional[Path], typer.Option("--template-dir", metavar="DIR", help="Folder whose templates "
                                                         "override the shipped ones, file by file.")] = None,
) -> None:
    """Build a cited brief on a topic and write it as Markdown, JSON and PDF.

    Writes OUT/<topic>.en.<format> for each format and prints the paths.

    Examples:

      kzbrief build

      kzbrief build --topic un-reform --format pdf

      kzbrief build --query "Astana process Syria" --max-items 6 --out briefs/

      kzbrief build --corpus ~/articles --topic sanctions -f md -f html
    """
    from kzbrief.config import resolve_topic
    from kzbrief.errors import KzbriefError
    from kzbrief.pipeline import build as run_build

    chosen = [f.value for f in formats] if formats else ["md", "json", "pdf"]
    try:
        resolved = resolve_topic(topic, query, topics_file)
        result = run_build(corpus, resolved, formats=chosen, out_dir=out, max_items=max_items,
                           template_dir=template_dir)
    except KzbriefError as error:
        raise _fail(str(error), error.exit_code)
    for skipped in result.skipped:
        typer.echo(f"kzbrief: skipped {skipped}", err=True)
    for path in result.paths:
        typer.echo(str(path))


@app.command()
def topics(
    topics_file: Annotated[Optional[Path], typer.Option("--topics", metavar="FILE", help="Your topics.toml.")] = None,
) -> None:
    """List the topics a brief can be built on.

    Example: kzbrief topics
    """
    from kzbrief.config import load_topics
    from kzbrief.errors import KzbriefError

    try:
        known, default = load_topics(topics_file)
    except KzbriefError as error:
        raise _fail(str(error), error.exit_code)
    for name in sorted(known):
        mark = " (default)" if name == default else ""
        typer.echo(f"{name}{mark}\t{known[name].title}")


def main() -> None:
    """Console entry point: one readable line instead of a traceback for anything unexpected."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("kzbrief: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # a bug or an environment problem: say it in one line
        if os.environ.get("KZBRIEF_DEBUG"):
            raise
        typer.echo(f"kzbrief: internal error: {type(error).__name__}: {error} "
                   "(set KZBRIEF_DEBUG=1 for the traceback)", err=True)
        sys.exit(1)
