"""Errors a user can act on: one readable line each, with the exit code the CLI should return."""

from __future__ import annotations

from dataclasses import dataclass


class KzbriefError(Exception):
    """A failure the caller cannot work around, said in the caller's terms: `str(error)` names what was wrong as a
    program calling kzbrief knows it (a parameter, a path); `cli`, where it differs, says it as the command line
    knows it (its options), and the CLI prints that as one line with `exit_code`."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None, cli: str | None = None):
        super().__init__(message)
        self.cli = cli or message
        if exit_code is not None:
            self.exit_code = exit_code


@dataclass(frozen=True)
class Skipped:
    """An input file that was left out, and why (reported to the user, never silent)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class NothingToBrief(KzbriefError):
    """The corpus has nothing on the topic (in the window): `build` fails with it, the weekly run calls it a quiet
    week. `reason` is the message without the hint for `build` users (`--undated`), which the weekly run words as
    its setting."""

    def __init__(self, reason: str, undated_left_out: bool = False):
        hint = " (undated documents are left out; a window that takes them in, undated=True, may find more)" \
            if undated_left_out else ""
        cli = " (undated documents are left out; --undated takes them in)" if undated_left_out else ""
        super().__init__(reason + hint, cli=reason + cli)
        self.reason, self.undated_left_out = reason, undated_left_out


def is_locked(error: BaseException) -> bool:
    """Whether an SQLite error says another connection holds the database ('database is locked', '... busy')."""
    text = str(error)
    return "locked" in text or "busy" in text


def environment_problem(error: BaseException) -> tuple[str, int] | None:
    """What an error of the machine (a full disk, a locked database, a file that cannot be opened) means, as the
    one line the CLI prints and its exit code; None for anything else (a bug)."""
    import errno
    import sqlite3

    text = str(error)
    if isinstance(error, sqlite3.OperationalError):
        if "disk is full" in text:
            return "the disk holding the index is full: free some space and run again (nothing was lost)", 1
        if is_locked(error):
            return "the index is locked by another program: try again when it is done", 1
        if "disk I/O" in text or "unable to open" in text:
            return f"the index cannot be read or written ({text})", 1
    if isinstance(error, OSError) and error.errno is not None:
        where = f"{error.filename}: " if error.filename else ""
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return f"{where}no space left (disk full or quota): free some and run again (nothing was lost)", 1
        return f"{where}{error.strerror or text}", 1
    return None
