"""What a long command tells its user while it works: a progress bar on a terminal (rich), plain log lines when
the output goes to a file or cron's mail, nothing but warnings and errors with --quiet, more with --verbose.
All of it goes to stderr, so stdout stays the command's result (paths, summaries)."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator, TextIO


PATIENCE = 2.0  # seconds: a patient step that ends sooner prints nothing off a terminal


class Reporter:
    def __init__(self, quiet: bool = False, verbose: bool = False, stream: TextIO | None = None,
                 terminal: bool | None = None):
        self.quiet, self.verbose = quiet, verbose and not quiet
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty() if terminal is None else terminal

    def _line(self, text: str) -> None:
        print(f"kzbrief: {text}", file=self.stream, flush=True)

    def info(self, text: str) -> None:
        if not self.quiet:
            self._line(text)

    def detail(self, text: str) -> None:
        if self.verbose:
            self._line(text)

    def warn(self, text: str) -> None:
        self._line(text)

    @contextmanager
    def step(self, label: str, patient: bool = False) -> Iterator[Callable[[int, int], None]]:
        """A long step: yields `advance(done, total)`. A bar on a terminal; otherwise a line when it starts and
        one when it ends, with the time it took (and progress lines every 10 s with --verbose). `patient`: off a
        terminal, one line when it ends, and only if it took PATIENCE seconds or more (a quick step says nothing)."""
        started = time.perf_counter()
        if self.quiet:
            yield lambda done, total: None
            return
        if patient and not self.terminal:
            yield lambda done, total: None
            took = time.perf_counter() - started
            if took >= PATIENCE:
                self._line(f"{label}: done in {took:.1f} s")
            return
        if self.terminal:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            console = Console(file=self.stream)
            with Progress(TextColumn("kzbrief: {task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), console=console, transient=True) as bar:
                task = bar.add_task(label, total=None)
                yield lambda done, total: bar.update(task, completed=done, total=total)
            self._line(f"{label}: done in {time.perf_counter() - started:.1f} s")
            return
        self._line(f"{label} ...")
        last = [started]

        def advance(done: int, total: int) -> None:
            now = time.perf_counter()
            if self.verbose and now - last[0] >= 10:
                last[0] = now
                self._line(f"{label}: {done}/{total}")

        yield advance
        self._line(f"{label}: done in {time.perf_counter() - started:.1f} s")
