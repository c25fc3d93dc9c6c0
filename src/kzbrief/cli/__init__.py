"""The command line (`kzbrief`): the app and its entry point (app.py), its commands by group (briefs, corpus,
delivery, setup). Importing this package registers every command; `main` is the console script."""

from kzbrief.cli import briefs, corpus, delivery, setup  # noqa: F401  (each module registers its commands)
from kzbrief.cli.app import app, main

__all__ = ["app", "main"]
