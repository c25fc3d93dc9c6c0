"""Editions held for approval: `kzbrief weekly --hold` builds the week's briefs and stops; an analyst reads them,
edits and renders them again (`kzbrief render`), and `kzbrief mail approve EDITION` sends them, once.

A held edition is a small record in `OUT/outbox/awaiting/<edition>.json`: the files to attach and the SHA-256 of
every file the run wrote, so that a later weekly run of the same week never overwrites an analyst's edits
unawares. Approving verifies every brief against the corpus before anything is sent, then sends under the
outbox's lock like the weekly run (the delivery log keeps an edition from going twice).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kzbrief.errors import KzbriefError
from kzbrief.outputs import write_atomic

FOLDER = "awaiting"


@dataclass(frozen=True)
class HeldEdition:
    edition: str
    record: Path
    attachments: tuple[Path, ...]
    written: dict[str, str]  # every file the run wrote (path relative to OUT) -> its SHA-256 then
    held_at: str
    status: str = "awaiting approval"  # or "approved": approved, its message waiting in the outbox

    def edited(self, out_dir: Path) -> list[str]:
        """The files changed (or gone) since the edition was held: the analyst's edits."""
        return [name for name, digest in self.written.items() if _digest(out_dir / name) != digest]


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _record(out_dir: Path, edition: str) -> Path:
    return out_dir / "outbox" / FOLDER / f"{edition}.json"


def hold(out_dir: Path, edition: str, attachments: list[Path], written: list[Path], now: datetime) -> Path:
    """Record the edition as awaiting approval (replacing an earlier record of it)."""
    record = _record(out_dir, edition)
    relative = lambda path: path.resolve().relative_to(out_dir.resolve()).as_posix()  # noqa: E731
    data = {"edition": edition, "status": "awaiting approval", "held": now.isoformat(timespec="seconds"),
            "attachments": [relative(p) for p in attachments],
            "written": {relative(p): _digest(p) for p in written}}
    try:
        write_atomic(record, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    except OSError as error:
        raise KzbriefError(f"cannot record {edition} as awaiting approval in {record.parent}: "
                           f"{error.strerror or error}")
    return record


def held(out_dir: Path, edition: str) -> HeldEdition | None:
    record = _record(out_dir, edition)
    if not record.is_file():
        return None
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        return HeldEdition(edition, record, tuple(out_dir / name for name in data["attachments"]),
                           dict(data["written"]), data.get("held", ""), data.get("status", "awaiting approval"))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise KzbriefError(f"the approval record {record} is not readable ({error}); remove it and hold the "
                           "edition again")


def release(edition: HeldEdition) -> None:
    edition.record.unlink(missing_ok=True)


def mark_approved(edition: HeldEdition, now: datetime) -> None:
    """Approved, but its message waits in the outbox (the server was down): the edits stay guarded until it goes."""
    data = json.loads(edition.record.read_text(encoding="utf-8"))
    data.update(status="approved", approved=now.isoformat(timespec="seconds"))
    write_atomic(edition.record, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))


def check_rebuild(out_dir: Path, edition: str, sent: bool) -> None:
    """Refuse to build an edition again over an analyst's edits: one held for approval (or approved, its message
    still in the outbox) and edited since it was built. An edition that has gone (`sent`) is built again as any
    week is; its record is done with."""
    found = held(out_dir, edition)
    if found is None:
        return
    if sent:
        release(found)
        return
    edited = found.edited(out_dir)
    if not edited:
        return
    files = f"{', '.join(edited[:3])}{', ...' if len(edited) > 3 else ''}"
    if found.status == "approved":
        raise KzbriefError(f"{edition} was approved as edited ({files}) and its message waits in the outbox "
                           f"(kzbrief mail --retry sends it): building it again would overwrite what was approved")
    raise KzbriefError(f"{edition} awaits approval and was edited since it was built ({files}): `kzbrief mail "
                       f"approve {edition}` sends it; building it again would overwrite the edits (remove "
                       f"{found.record} to do that)")


def verify_edition(found: HeldEdition, corpus: Path) -> list[str]:
    """Every brief among the attachments, checked against the corpus it was built from (else `corpus`): one line
    per problem, naming the file. A brief that cannot be checked against a corpus is a problem too."""
    from kzbrief.review import check_file

    problems = []
    for path in found.attachments:
        if not path.is_file():
            problems.append(f"{path} is gone")
            continue
        try:
            _, check = check_file(path, fallback=corpus)
        except KzbriefError as error:
            problems.append(f"{path.name}: cannot be verified ({error})")
            continue
        if check.corpus is None:
            problems.append(f"{path.name}: cannot be verified ({check.missing_corpus})")
        problems += [f"{path.name}: {problem}" for problem in check.problems]
    return problems
