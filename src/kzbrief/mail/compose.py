"""Compose the e-mail that carries briefs: an RFC 5322 message built by the standard library's `email` package.

multipart/mixed
  multipart/alternative
    text/plain   the key points of each brief, in its language
    text/html    the same, from a Jinja template (autoescaped)
  application/pdf, text/markdown, ...   the files, byte for byte (base64), named per RFC 2231

Header encoding (RFC 2047 for a Cyrillic subject or display name, RFC 2231 for a Cyrillic file name) is the
`email` package's work under its modern policy: nothing here encodes by hand.
"""

from __future__ import annotations

import json
import mimetypes
import re
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path

from kzbrief import clock
from kzbrief.errors import KzbriefError
from kzbrief.settings import Branding, Mail
from kzbrief.tomlcheck import check_address

MEDIA_TYPES = {".pdf": "application/pdf", ".md": "text/markdown", ".json": "application/json",
               ".html": "text/html", ".eml": "message/rfc822"}
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024  # what common mail servers accept for a whole message, roughly


@dataclass(frozen=True)
class Envelope:
    """Who the message goes to: the headers show To and Cc; Bcc recipients are only in the envelope."""
    sender: str
    recipients: tuple[str, ...]


def parse_address(value: str, where: str) -> Address:
    return check_address(value, lambda reason: KzbriefError(f"{where} {reason}"))


def brief_data_of(path: Path, data: bytes | None = None) -> dict | None:
    """The brief's data for an attached file (`data`: its bytes, when already read): the file itself if it is a
    brief's JSON, else its JSON twin beside it (same name, .json), else the JSON a PDF/A edition carries as its
    attachment; None when there is none of these (the file is still attached)."""
    source = path if path.suffix == ".json" else path.with_suffix(".json")
    if source.is_file():
        try:
            return _as_brief(data if source == path and data is not None else source.read_bytes())
        except OSError:
            return None
    if path.suffix == ".pdf":
        return embedded_brief(data if data is not None else path)
    return None


def embedded_sources_warnings(files: list[Path]) -> list[str]:
    """One line per attached brief that carries its sources' whole texts (`--embed-sources`, or a brief made
    before kzbrief 0.1's format 2): mailing it hands those articles on to every recipient."""
    from kzbrief.quotes import embeds_sources

    lines = []
    for path in files:
        data = brief_data_of(path) if path.suffix in (".json", ".pdf") else None
        count = embeds_sources(data) if data else 0
        if count:
            lines.append(f"{path.name} carries the whole text of {count} source article(s) (built with "
                         "--embed-sources): for readers outside the team, build it without")
    return lines


def _as_brief(raw: bytes) -> dict | None:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) and data.get("format") == "kzbrief-brief" else None


def embedded_brief(pdf: bytes | Path) -> dict | None:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        attachments = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf).attachments
    except (OSError, PdfReadError, ValueError):
        return None
    found = (_as_brief(contents[0]) for name, contents in attachments.items() if name.endswith(".json") and contents)
    return next((data for data in found if data is not None), None)


def subject_line(template: str, briefs: list[dict], edition: str | None, now: datetime) -> str:
    """The subject from the settings' pattern: {title}, {topic}, {period}, {week}, {date} are replaced (plain
    substitution, no format language), anything else is kept as written. The period is the week when the brief
    covers one ('2026-W47', as the weekly run names its edition)."""
    from kzbrief.window import brief_window

    first_language = briefs[0]["language"] if briefs else None
    titles = list(dict.fromkeys(b["title"] for b in briefs if b["language"] == first_language))
    values = {
        "title": "; ".join(titles) or "Policy brief",
        "topic": ", ".join(dict.fromkeys(b["topic"]["name"] for b in briefs)),
        "period": edition or next((window.week or window.label for window in map(brief_window, briefs) if window),
                                  None) or now.date().isoformat(),
        "week": edition or "",
        "date": now.date().isoformat(),
    }
    subject = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)
    return " ".join(subject.split())[:250]


def set_subject(message: EmailMessage, subject: str) -> None:
    """The Subject header. A non-ASCII subject is encoded by the standard library's RFC 2047 encoder
    (email.header) and stored as is: the modern policy's folding can emit an empty encoded-word ('=?utf-8?q??=')
    at a fold (CPython gh-144156, fixed only in newer Pythons), which strict mail clients show as raw text."""
    if any(char in subject for char in "\r\n\x00"):
        raise KzbriefError("the subject holds a line break (or NUL): give it on one line")
    if subject.isascii():
        message["Subject"] = subject
        return
    from email.header import Header

    message.set_raw("Subject", Header(subject, "utf-8", maxlinelen=76, header_name="Subject").encode())


def compose(mail: Mail, files: list[Path], *, to: list[str] | None = None, cc: list[str] | None = None,
            subject: str | None = None, briefs: list[dict] | None = None, edition: str | None = None,
            branding: Branding = Branding(), now: datetime | None = None,
            template_dir: Path | None = None) -> tuple[EmailMessage, Envelope]:
    """The message carrying `files`, with the key points of `briefs` (else of the files' own data) as its body.
    Raises KzbriefError (one line) for a missing sender or recipient, a bad address, a missing file."""
    now = clock.now(now)
    if not mail.sender:
        raise KzbriefError("no sender: set `from` in the [mail] table of kzbrief.toml")
    sender = parse_address(mail.sender, "mail.from")
    if to or cc:  # recipients given on the command line replace all of the settings' recipients
        to_list = [parse_address(a, "--to") for a in to or []]
        cc_list = [parse_address(a, "--cc") for a in cc or []]
        bcc_list = []
    else:
        to_list = [parse_address(a, "mail.to") for a in mail.to]
        cc_list = [parse_address(a, "mail.cc") for a in mail.cc]
        bcc_list = [parse_address(a, "mail.bcc") for a in mail.bcc]
    if not (to_list or cc_list or bcc_list):
        raise KzbriefError("no recipient: give one (to) or set `to` in the [mail] table of kzbrief.toml",
                           cli="no recipient: give --to ADDRESS or set `to` in the [mail] table of kzbrief.toml")
    attachments = _read_attachments(files)
    if briefs is None:
        briefs = [data for data in (brief_data_of(path, raw) for path, (_, raw) in zip(files, attachments))
                  if data is not None]
        briefs = list({(b["topic"]["name"], b["language"]): b for b in briefs}.values())  # a .md and .pdf: once

    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    if to_list:
        message["To"] = to_list
    if cc_list:
        message["Cc"] = cc_list
    if mail.reply_to:
        message["Reply-To"] = parse_address(mail.reply_to, "mail.reply_to")
    set_subject(message, subject or subject_line(mail.subject, briefs, edition, now))
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=sender.domain)
    if edition:
        message["X-Kzbrief-Edition"] = edition
    context = _body_context(briefs, attachments, branding, edition)
    from kzbrief.render import render_template

    message.set_content(render_template("text", "mail.txt.j2", context, template_dir))
    message.add_alternative(render_template("html", "mail.html.j2", context, template_dir), subtype="html")
    for name, data in attachments:
        maintype, subtype = _media_type(name).split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    recipients = tuple(a.addr_spec for a in (*to_list, *cc_list, *bcc_list))
    return message, Envelope(sender.addr_spec, tuple(dict.fromkeys(recipients)))


def _read_attachments(files: list[Path]) -> list[tuple[str, bytes]]:
    attachments = []
    total = 0
    for path in files:
        try:
            data = path.read_bytes()
        except IsADirectoryError:
            raise KzbriefError(f"cannot attach {path}: it is a folder")
        except OSError as error:
            raise KzbriefError(f"cannot attach {path}: {error.strerror or error}")
        total += len(data)
        if total > ATTACHMENT_MAX_BYTES:
            raise KzbriefError(f"cannot attach {path}: the attachments come to over "
                               f"{ATTACHMENT_MAX_BYTES // 1024 // 1024} MB, more than mail servers accept")
        attachments.append((path.name, data))
    names = [name for name, _ in attachments]
    if len(set(names)) != len(names):
        twice = next(name for name in names if names.count(name) > 1)
        raise KzbriefError(f"two attachments are named {twice}; rename one")
    return attachments


def _media_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return MEDIA_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _body_context(briefs: list[dict], attachments: list[tuple[str, bytes]], branding: Branding,
                  edition: str | None) -> dict:
    from kzbrief import __version__, i18n
    from kzbrief.render import describe_period
    from kzbrief.window import brief_window

    views = []
    for brief in briefs:
        language = brief["language"]
        sources = {s["n"]: s for s in brief.get("sources", [])}
        key_points = next((s["items"] for s in brief.get("sections", []) if s.get("key") == "key_points"), [])
        views.append({
            "title": brief["title"], "language": language,
            "tr": i18n.translations(language).gettext,
            "issued": i18n.long_date(brief.get("generated", "")[:10], language),
            "period": describe_period(brief_window(brief), [s.get("date") for s in brief.get("sources", [])],
                                      language),
            "points": [{"text": item["text"], "mt": bool(item.get("machine_translated")),
                        "undated": bool(item.get("undated")),
                        "sources": [_source_label(sources.get(c["source"])) for c in item["citations"][:3]]}
                       for item in key_points],
        })
    return {"briefs": views, "attachments": [(name, _size(len(data))) for name, data in attachments],
            "branding": branding, "edition": edition, "version": __version__,
            "tr": views[0]["tr"] if views else i18n.translations("en").gettext,  # the message's own labels
            "accent": branding.accent}


def _source_label(source: dict | None) -> str:
    if not source:
        return ""
    return source.get("publisher") or source.get("title") or source.get("source_file") or ""


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{max(1, round(count / 1024))} KB"
