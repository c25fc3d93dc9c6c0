"""Mail: compose a message carrying briefs (compose.py), send it (send.py), keep what could not go and log what
did (outbox.py). `deliver` and `retry_outbox` tie them together for the CLI and the weekly run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Callable

from kzbrief import clock
from kzbrief.mail.compose import Envelope, compose
from kzbrief.mail.outbox import Outbox, Queued
from kzbrief.mail.send import Delivery, send
from kzbrief.settings import Mail

__all__ = ["Delivery", "Envelope", "Outbox", "compose", "deliver", "preview", "retry_outbox", "shown_addresses"]


def deliver(message: EmailMessage, envelope: Envelope, mail: Mail, outbox: Outbox, *,
            now: datetime | None = None, log: Callable[[str], None] | None = None) -> Delivery:
    """Send now; if that fails, keep the message in the outbox with the reason. Either way, log it, at the real
    time of the attempt (`now` is for tests: the brief's pinned clock never dates a log line)."""
    delivery = send(message, envelope.sender, envelope.recipients, mail, log=log)
    now = now or clock.wall_clock()
    if not delivery.sent:
        outbox.queue(message, envelope.sender, envelope.recipients, delivery.reason, delivery.attempts, now,
                     held=delivery.unclear)
    _log(outbox, message, envelope.sender, envelope.recipients, delivery, now)
    return delivery


def _log(outbox: Outbox, message: EmailMessage, sender: str, recipients: tuple[str, ...], delivery: Delivery,
         now: datetime) -> None:
    """The delivery log's line for one send (with its retries): sent, or queued with the reason."""
    if delivery.sent:
        outbox.record(message, sender, recipients, "sent", now, refused=delivery.refused)
    elif delivery.unclear:
        outbox.record(message, sender, recipients, "unclear", now, reason=delivery.reason)
    else:
        outbox.record(message, sender, recipients, "queued", now, reason=delivery.reason)


@dataclass
class Retried:
    queued: Queued
    delivery: Delivery | None  # None: sent already (the log says so), or held (see `held`); not sent now
    held: bool = False  # its earlier outcome was unclear: left in the outbox until --force


def retry_outbox(mail: Mail, outbox: Outbox, *, now: datetime | None = None, force: bool = False,
                 log: Callable[[str], None] | None = None) -> list[Retried]:
    """Send what waits in the outbox, under its lock; a held message (unclear outcome) only with `force`."""
    results = []
    with outbox.locked(log):
        for queued in outbox.pending():
            results.append(_retry_one(queued, mail, outbox, now, force, log))
    return results


def _retry_one(queued: Queued, mail: Mail, outbox: Outbox, now: datetime | None, force: bool,
               log: Callable[[str], None] | None) -> Retried:
    message = queued.message()
    if outbox.was_sent(str(message["Message-ID"])):
        outbox.remove(queued)
        return Retried(queued, None)
    if queued.held and not force:
        return Retried(queued, None, held=True)
    delivery = send(message, queued.sender, queued.recipients, mail, log=log)
    if delivery.sent:
        outbox.remove(queued)
    else:
        outbox.update(queued, delivery.reason, delivery.attempts, held=delivery.unclear)
    _log(outbox, message, queued.sender, queued.recipients, delivery, now or clock.wall_clock())
    return Retried(queued, delivery)


def shown_addresses(message: EmailMessage) -> set[str]:
    """The addresses a message's To and Cc headers show (the rest of its recipients are blind copies)."""
    return {address.addr_spec for header in ("To", "Cc") if message[header] for address in message[header].addresses}


def preview(message: EmailMessage, envelope: Envelope) -> list[str]:
    """What would be sent, for --dry-run and for `kzbrief mail` without --send."""
    lines = [f"From: {message['From']}"]
    for header in ("To", "Cc", "Reply-To", "Subject", "Date", "Message-ID"):
        if message[header]:
            lines.append(f"{header}: {message[header]}")
    shown = shown_addresses(message)
    bcc = [r for r in envelope.recipients if r not in shown]
    if bcc:
        lines.append(f"Bcc: {', '.join(bcc)}")
    for part in message.iter_attachments():
        size = len(part.get_payload(decode=True) or b"")
        lines.append(f"Attachment: {part.get_filename()} ({part.get_content_type()}, {size / 1024:.0f} KB)")
    body = message.get_body(("plain",))
    if body is not None:
        lines += ["", *body.get_content().rstrip("\n").splitlines()]
    return lines
