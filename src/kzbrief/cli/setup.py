"""Commands that set kzbrief up: translation models, and the settings file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kzbrief.cli.app import ConfigOption, fail, settings_of, app
from kzbrief.languages import SUPPORTED


models_app = typer.Typer(help="Translation models (argostranslate packages): list and install.",
                         no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list(config: ConfigOption = None) -> None:
    """List the installed translation models: pair, version, size and folder.

    Example: kzbrief models list
    """
    settings_of(config)
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

    settings_of(config)
    try:
        if len(what) == 1:
            package = install_path(Path(what[0]))
        elif len(what) == 2 and all(code in SUPPORTED for code in what):
            package = fetch(what[0], what[1])
        else:
            raise KzbriefError("give one model file or folder, or two language codes (en ru / ru en)")
    except KzbriefError as error:
        raise fail(error.cli, error.exit_code)
    typer.echo(f"installed {package.pair} {package.version} in {package.path}")


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

    settings = settings_of(config)
    try:
        known, _ = load_topics(settings.topics_file)
    except KzbriefError as error:
        raise fail(error.cli, error.exit_code)
    unknown = [name for name in settings.topics if name not in known]
    if unknown:
        raise fail(f"{settings.path}: topics names unknown topic '{unknown[0]}'; known topics: "
                    f"{', '.join(sorted(known))}")
    for line in describe(settings):
        typer.echo(line)
    if not settings.corpus.is_dir():
        typer.echo(f"kzbrief: warning: the corpus folder {settings.corpus} does not exist (yet)", err=True)
