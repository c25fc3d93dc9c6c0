"""One process at a time: an exclusive lock on a lock file (fcntl.flock), taken with a word to the user when it
must wait. The lock goes with the process (closed, exited or killed), so none is ever left held; the lock file is
kzbrief's own and is left in place (removing it could let two runs each lock a different file)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

NOTICE_SECONDS = 1.0  # a run that waits this long says so


@contextmanager
def exclusive(path: Path, notify: Callable[[str], None], waiting: str) -> Iterator[None]:
    """Hold the lock of `path` (created if need be); after NOTICE_SECONDS of waiting, `notify(waiting)`, then
    wait for as long as it takes."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        started = time.monotonic()
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() - started >= NOTICE_SECONDS:
                    notify(waiting)
                    fcntl.flock(handle, fcntl.LOCK_EX)
                    break
                time.sleep(0.05)
        yield
