"""The command line's frame: the typer app, the options and choices its commands share, one-line errors and exit
codes, and the console entry point (`main`). The commands live in the modules beside it, one group each; all of
them are thin faces over the library (api.py, pipeline.py): options -> settings -> calls -> lines and exit codes.

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
WHEN = ("(ISO 8601: 2026-11-23T09:00 is local time, 2026-11-23 local midnight, 2026-11-23T09:00+03:00 or ...Z "
         "that instant) [default: $SOURCE_DATE_EPOCH if set, else the clock]")
NowOption = Annotated[Optional[str], typer.Option("--now", metavar="WHEN",
                                                 help=f"Run as if it were WHEN: the date of issue, --days and the "
                                                      f"default week count from it {WHEN}")]
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


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"kzbrief: error: {message}", err=True)
    return typer.Exit(code)


def settings_of(config: Path | None):
    """The settings in force (file, else defaults); a bad file is one line and exit 2."""
    from kzbrief.errors import KzbriefError
    from kzbrief.settings import load_settings

    try:
        return load_settings(config)
    except KzbriefError as error:
        raise fail(error.cli, error.exit_code)


def clock_of(value: str | None):
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


def print_skips(report) -> None:
    for skipped in report.skipped:
        typer.echo(f"kzbrief: skipped {skipped}", err=True)
    for note in report.notes:
        typer.echo(f"kzbrief: partly read {note}", err=True)


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
