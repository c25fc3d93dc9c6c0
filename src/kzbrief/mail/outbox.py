"""The outbox and the delivery log: nothing lost when mail fails, nothing sent twice.

- A message that could not be sent is kept in `OUT/outbox/` as `<stamp>-<id>.eml` (the message exactly as it would
  have gone) with `<stamp>-<id>.json` beside it: the reason, the envelope (Bcc recipients are only there), the
  attempts. `kzbrief mail --retry` sends them in order and removes each one that goes.
- Every attempt is a line of `OUT/delivery-log.jsonl`: time, Message-ID, edition, from, to, subject, files, status
  (sent | queued), reason. A message whose Message-ID the log has as sent is never sent again, so an outbox entry
  left behind by a crash after sending is dropped, not re-sent.

- A message whose outcome is unclear (handed over whole, then no answer) is kept as `held`: `--retry` leaves it
  alone, since the server may have it; `--retry --force` sends it again once the user has checked.
- Sending takes the outbox's lock (`OUT/outbox.lock`, released when the process ends, even killed): two runs at
  once (cron and a manual run, two `--retry`) never both send; the second waits, then finds the first one's
  log line.

Files are written whole (temporary file, then rename); log lines are appended and flushed to disk.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from kzbrief.errors import KzbriefError
from kzbrief.outputs import write_atomic

LOG_NAME = "delivery-log.jsonl"


@dataclass(frozen=True)
class Queued:
    eml: Path
    sender: str
    recipients: tuple[str, ...]
    reason: str
    attempts: int
    held: bool = False  # its outcome was unclear: not resent without --force

    def message(self) -> EmailMessage:
        return message_from_bytes(self.eml.read_bytes(), _class=EmailMessage, policy=SMTP)


class Outbox:
    def __init__(self, out_dir: Path):
        self.folder = out_dir / "outbox"
        self.log_path = out_dir / LOG_NAME
        self.lock_path = out_dir / "outbox.lock"

    @contextmanager
    def locked(self, notify=None) -> Iterator[None]:
        """Hold the outbox's lock while deciding whether to send and sending: one sender at a time."""
        from kzbrief.locks import exclusive

        with ExitStack() as stack:
            try:
                stack.enter_context(exclusive(
                    self.lock_path, notify or (lambda m: print(f"kzbrief: {m}", file=sys.stderr)),
                    f"waiting for another kzbrief run that is sending mail from {self.folder.parent} ..."))
            except OSError as error:
                raise KzbriefError(f"cannot lock the outbox at {self.lock_path}: {error.strerror or error}")
            yield

    # --- the outbox -------------------------------------------------------------------------------------------

    def queue(self, message: EmailMessage, sender: str, recipients: tuple[str, ...], reason: str,
              attempts: int, now: datetime, held: bool = False) -> Path:
        stem = f"{now.strftime('%Y%m%dT%H%M%S')}-{_id_part(message)}"
        eml = self.folder / f"{stem}.eml"
        try:
            write_atomic(eml, message.as_bytes())
            write_atomic(eml.with_suffix(".json"), json.dumps({
                "message_id": message["Message-ID"], "sender": sender, "recipients": list(recipients),
                "reason": reason, "attempts": attempts, "queued": now.isoformat(timespec="seconds"), "held": held,
            }, ensure_ascii=False, indent=2).encode("utf-8"))
        except OSError as error:
            raise KzbriefError(f"cannot keep the unsent message in {self.folder}: {error.strerror or error}")
        return eml

    def pending(self) -> list[Queued]:
        found = []
        for eml in sorted(self.folder.glob("*.eml")) if self.folder.is_dir() else []:
            try:
                meta = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
                found.append(Queued(eml, meta["sender"], tuple(meta["recipients"]), meta.get("reason", ""),
                                    int(meta.get("attempts", 0)), bool(meta.get("held", False))))
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise KzbriefError(f"outbox entry {eml.name} has no readable envelope "
                                   f"({eml.with_suffix('.json').name}: {error}); send it by hand or remove it")
        return found

    def update(self, queued: Queued, reason: str, attempts: int, held: bool = False) -> None:
        meta = json.loads(queued.eml.with_suffix(".json").read_text(encoding="utf-8"))
        meta.update(reason=reason, attempts=queued.attempts + attempts, held=held)
        write_atomic(queued.eml.with_suffix(".json"), json.dumps(meta, ensure_ascii=False, indent=2).encode())

    def remove(self, queued: Queued) -> None:
        queued.eml.with_suffix(".json").unlink(missing_ok=True)
        queued.eml.unlink(missing_ok=True)

    # --- the delivery log -------------------------------------------------------------------------------------

    def record(self, message: EmailMessage, sender: str, recipients: tuple[str, ...], status: str,
               now: datetime, reason: str = "", refused: dict[str, str] | None = None) -> None:
        entry = {
            "time": now.isoformat(timespec="seconds"), "status": status, "message_id": message["Message-ID"],
            "edition": message.get("X-Kzbrief-Edition"), "from": sender, "to": list(recipients),
            "subject": str(message["Subject"]), "files": [part.get_filename() for part in message.iter_attachments()],
            "content": content_key(message, recipients),
        }
        if reason:
            entry["reason"] = reason
        if refused:
            entry["refused"] = refused
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with self.log_path.open("a", encoding="utf-8") as stream:
                stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as error:
            raise KzbriefError(f"cannot write the delivery log {self.log_path}: {error.strerror or error}")

    def entries(self) -> list[dict]:
        if not self.log_path.is_file():
            return []
        entries = []
        for line in self.log_path.read_text(encoding="utf-8").splitlines():
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a line cut short by a crash: the rest of the log still counts
        return entries

    def was_sent(self, message_id: str) -> bool:
        return any(e.get("status") == "sent" and e.get("message_id") == message_id for e in self.entries())

    def content_sent(self, message: EmailMessage, recipients: tuple[str, ...]) -> dict | None:
        """The log entry of the last time these very attachments went to these recipients (sent, or handed over
        with an unclear outcome), if they did."""
        return self._last_handed_over("content", content_key(message, recipients))

    def edition_sent(self, edition: str) -> dict | None:
        """The log entry of the last time this edition (e.g. '2026-W47') was sent (or handed over with an unclear
        outcome), if it was."""
        return self._last_handed_over("edition", edition)

    def _last_handed_over(self, field: str, value: str) -> dict | None:
        """The last log entry with this `field` whose message reached the server: sent, or held as unclear."""
        sent = [e for e in self.entries() if e.get("status") in ("sent", "unclear") and e.get(field) == value]
        return sent[-1] if sent else None


def content_key(message: EmailMessage, recipients: tuple[str, ...]) -> str:
    """What makes two sends the same send: the attachments (names and bytes) and the recipients."""
    import hashlib

    digest = hashlib.sha256()
    for part in message.iter_attachments():
        digest.update(f"{part.get_filename()}\0".encode())
        digest.update(hashlib.sha256(part.get_payload(decode=True) or b"").digest())
    digest.update("\0".join(sorted(recipients)).encode())
    return digest.hexdigest()[:32]


def _id_part(message: EmailMessage) -> str:
    return re.sub(r"[^\w.-]", "", str(message["Message-ID"]).split("@")[0])[-24:] or "message"
