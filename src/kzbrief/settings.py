"""The settings file `kzbrief.toml`, validated into frozen dataclasses.

Where it is found: `--config PATH` (which every command accepts), else `./kzbrief.toml`, else
`kzbrief.toml` in the user's config folder (`$XDG_CONFIG_HOME/kzbrief`, `~/.config/kzbrief`). No file at all is
fine: every key has a default. Relative paths are relative to the settings file. Command-line options win over
settings, settings over defaults. A mistake (bad TOML, unknown key, wrong type, bad address) is one line naming the
file, the line and the key. The mail password never sits in this file: `password_env` or `password_file` names it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any

from kzbrief.errors import KzbriefError
from kzbrief.languages import SUPPORTED as LANGUAGES
from kzbrief.tomlcheck import Checker, load_toml

SETTINGS_NAME = "kzbrief.toml"
FORMATS = ("md", "json", "pdf", "html")
PAPERS = ("a4", "letter")
PDF_VARIANTS = ("a-3b", "ua-1", "plain")
METHODS = ("concepts", "lexrank", "lead")  # rank.METHODS, named here so settings load without numpy
SECURITY = ("starttls", "tls", "none")
LOGO_TYPES = {  # magic bytes -> media type; what WeasyPrint and browsers both show
    b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF87a": "image/gif", b"GIF89a": "image/gif",
}
LOGO_MAX_BYTES = 1024 * 1024
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


@dataclass(frozen=True)
class Branding:
    """How the organisation presents its briefs: on the title block, in every page's margins, in the metadata."""
    name: str = ""                # organisation: title block, running header, PDF author
    logo: Path | None = None      # PNG, JPEG, GIF or SVG, at most 1 MB
    colour: str = "#0b3954"       # accent colour: headings, rules, page furniture
    disclaimer: str = ""          # printed at the end of the brief
    classification: str = ""      # e.g. "For internal use": top and bottom of every page

    @property
    def accent(self) -> str:
        """The colour to print into CSS: checked when the settings are read, and again here, since a Branding can
        also be made in code."""
        return self.colour if HEX_COLOUR.fullmatch(self.colour) else Branding.colour

    def logo_data_url(self) -> str:
        """The logo as a data: URL (the PDF and the self-contained HTML both carry it; nothing is fetched)."""
        return self._logo_data_url

    @cached_property
    def _logo_data_url(self) -> str:  # read once, however many editions carry it
        if self.logo is None:
            return ""
        import base64

        data, media_type = read_logo(self.logo)
        return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


@dataclass(frozen=True)
class Mail:
    sender: str = ""
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    reply_to: str = ""
    subject: str = "{title} — {period}"
    host: str = "localhost"
    port: int | None = None       # default by security: 587 starttls, 465 tls, 25 none
    security: str = "starttls"
    username: str = ""
    password_env: str = ""
    password_file: Path | None = None
    timeout: float = 30.0
    retries: int = 3              # further attempts after a temporary failure, with backoff
    retry_delay: float = 5.0      # seconds before the first retry; doubled each time
    ca_file: Path | None = None   # a CA certificate bundle to trust (an organisation's own CA), beside the system's
    attach_markdown: bool = False

    @property
    def effective_port(self) -> int:
        return self.port or {"starttls": 587, "tls": 465, "none": 25}[self.security]


@dataclass(frozen=True)
class Settings:
    path: Path | None = None      # the file they came from; None: defaults only
    corpus: Path = Path("corpus")
    out: Path = Path("out")
    index: Path | None = None
    topics: tuple[str, ...] = ()  # the topics `weekly` builds; empty: the default topic
    topics_file: Path | None = None
    languages: tuple[str, ...] = ("en",)
    languages_set: bool = False   # the file names its languages (else a build may choose the sources' own)
    formats: tuple[str, ...] = ("md", "json", "pdf")
    template_dir: Path | None = None
    paper: str = "a4"
    pdf_variant: str = "a-3b"
    method: str = "concepts"
    max_items: int = 16
    max_words: int = 900
    undated: bool = False         # date windows (the weekly run) take in documents of unknown date too
    embed_sources: bool = False   # briefs carry their sources' whole texts (internal archives only: quotes.py)
    quote_context: bool = False   # each citation carries the sentences before and after it
    branding: Branding = field(default_factory=Branding)
    mail: Mail = field(default_factory=Mail)


# --- where the file is --------------------------------------------------------------------------------------------

def user_settings_path() -> Path:
    from typer import get_app_dir  # click's rule: $XDG_CONFIG_HOME/kzbrief, else ~/.config/kzbrief

    return Path(get_app_dir("kzbrief")) / SETTINGS_NAME


def find_settings(explicit: Path | None = None) -> Path | None:
    if explicit is not None:
        if not explicit.is_file():
            raise KzbriefError(f"settings file not found: {explicit}")
        return explicit
    for candidate in (Path(SETTINGS_NAME), user_settings_path()):
        if candidate.is_file():
            return candidate
    return None


def load_settings(explicit: Path | None = None) -> Settings:
    path = find_settings(explicit)
    if path is None:
        return Settings()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KzbriefError(f"cannot read settings file {path}: {getattr(error, 'strerror', None) or error}")
    return parse_settings(text, path)


def read_logo(path: Path) -> tuple[bytes, str]:
    """The logo's bytes and media type, or one line saying why it cannot be used."""
    try:
        size = path.stat().st_size
        if size > LOGO_MAX_BYTES:
            raise KzbriefError(f"logo {path} is {size / 1024 / 1024:.1f} MB; at most 1 MB")
        data = path.read_bytes()
    except OSError as error:
        raise KzbriefError(f"cannot read logo {path}: {error.strerror or error}")
    for magic, media_type in LOGO_TYPES.items():
        if data.startswith(magic):
            return data, media_type
    head = data[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower():
        return data, "image/svg+xml"
    raise KzbriefError(f"logo {path} is not a PNG, JPEG, GIF or SVG image")


def parse_settings(text: str, path: Path) -> Settings:
    data = load_toml(text, path)
    top = Checker(text, path, data)
    known = {f.name for f in fields(Settings)} - {"path", "languages_set"}
    top.check_known(known)
    defaults = Settings()
    settings = Settings(
        path=path,
        corpus=top.path_value("corpus", defaults.corpus),
        out=top.path_value("out", defaults.out),
        index=top.path_value("index"),
        topics=top.strings("topics"),
        topics_file=top.path_value("topics_file"),
        languages=top.choices("languages", LANGUAGES, defaults.languages),
        languages_set="languages" in top.table,
        formats=top.choices("formats", FORMATS, defaults.formats),
        template_dir=top.path_value("template_dir"),
        paper=top.choice("paper", PAPERS, defaults.paper),
        pdf_variant=top.choice("pdf_variant", PDF_VARIANTS, defaults.pdf_variant),
        method=top.choice("method", METHODS, defaults.method),
        max_items=top.number("max_items", defaults.max_items, 1, 200),
        max_words=top.number("max_words", defaults.max_words, 50, 20000),
        undated=top.get("undated", bool, False),
        embed_sources=top.get("embed_sources", bool, False),
        quote_context=top.get("quote_context", bool, False),
        branding=_branding(Checker(text, path, top.get("branding", dict, {}), "branding.")),
        mail=_mail(Checker(text, path, top.get("mail", dict, {}), "mail.")),
    )
    if settings.template_dir is not None and not settings.template_dir.is_dir():
        raise top.fail("template_dir", f"is not a folder: {settings.template_dir}")
    return settings


def _branding(table: Checker) -> Branding:
    table.check_known({f.name for f in fields(Branding)})
    colour = table.text_value("colour", Branding.colour)
    if not HEX_COLOUR.fullmatch(colour):
        raise table.fail("colour", f"must be a hex colour like \"#0b3954\", not {colour!r}")
    logo = table.path_value("logo")
    if logo is not None:
        try:
            read_logo(logo)
        except KzbriefError as error:
            raise table.fail("logo", f"cannot be used: {error}")
    return Branding(name=table.text_value("name"), logo=logo, colour=colour,
                    disclaimer=table.text_value("disclaimer"), classification=table.text_value("classification"))


_MAIL_KEYS = {"from", "to", "cc", "bcc", "reply_to", "subject", "host", "port", "security", "username",
              "password_env", "password_file", "timeout", "retries", "retry_delay", "ca_file", "attach_markdown"}


def _mail(table: Checker) -> Mail:
    table.check_known(_MAIL_KEYS)
    if "password_env" in table.table and "password_file" in table.table:
        raise table.fail("password_file", "and password_env are both set; give one")
    port = table.get("port", int, None)
    if port is not None and not 1 <= port <= 65535:
        raise table.fail("port", f"must be between 1 and 65535, not {port}")
    timeout = table.get("timeout", float, Mail.timeout)
    if not 0 < timeout <= 600:
        raise table.fail("timeout", f"must be between 0 and 600 seconds, not {timeout}")
    retry_delay = table.get("retry_delay", float, Mail.retry_delay)
    if not 0 <= retry_delay <= 3600:
        raise table.fail("retry_delay", f"must be between 0 and 3600 seconds, not {retry_delay}")
    ca_file = table.path_value("ca_file")
    if ca_file is not None and not ca_file.is_file():
        raise table.fail("ca_file", f"is not a file: {ca_file}")
    return Mail(sender=table.address("from"), to=table.addresses("to"), cc=table.addresses("cc"),
                bcc=table.addresses("bcc"), reply_to=table.address("reply_to"),
                subject=table.text_value("subject", Mail.subject), host=table.text_value("host", Mail.host),
                port=port, security=table.choice("security", SECURITY, Mail.security),
                username=table.text_value("username"), password_env=table.text_value("password_env"),
                password_file=table.path_value("password_file"), timeout=timeout,
                retries=table.number("retries", Mail.retries, 0, 10), retry_delay=retry_delay, ca_file=ca_file,
                attach_markdown=table.get("attach_markdown", bool, False))


# --- what is in force ---------------------------------------------------------------------------------------------

def describe(settings: Settings) -> list[str]:
    """The settings in force, one `key = value` line each, in TOML syntax; the password masked."""
    import json

    def show(value: Any) -> str:
        if isinstance(value, Path):
            value = str(value)
        if isinstance(value, tuple):
            value = list(value)
        if value is None:
            return "(not set)"
        return json.dumps(value, ensure_ascii=False)

    lines = [f"# settings file: {settings.path.resolve() if settings.path else '(none found: defaults)'}"]
    lines += [f"{f.name} = {show(getattr(settings, f.name))}" for f in fields(Settings)
              if f.name not in ("path", "branding", "mail", "languages_set")]
    lines.append("\n[branding]")
    lines += [f"{f.name} = {show(getattr(settings.branding, f.name))}" for f in fields(Branding)]
    mail = settings.mail
    lines.append("\n[mail]")
    for f in fields(Mail):
        key = "from" if f.name == "sender" else f.name
        value = getattr(mail, f.name)
        if f.name == "port":
            value = mail.effective_port
        lines.append(f"{key} = {show(value)}")
    if mail.password_env:
        state = "set: ********" if os.environ.get(mail.password_env) else \
            "NOT SET in this shell (it must be where the mail is sent from)"
        lines.append(f"# password: from ${mail.password_env}, {state}")
    elif mail.password_file:
        state = "readable: ********" if os.access(mail.password_file, os.R_OK) else "NOT READABLE"
        lines.append(f"# password: from {mail.password_file}, {state}")
    else:
        lines.append("# password: none (no authentication)")
    return lines
