"""Reading the TOML files users write (kzbrief.toml, topics.toml): every mistake is one line naming the file, the
line and the key ("kzbrief.toml, line 12: branding.colour must be a hex colour ..."), never a traceback."""

from __future__ import annotations

import os
import re
import tomllib
from email.headerregistry import Address
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from kzbrief.errors import KzbriefError


def load_toml(text: str, where) -> dict:
    """TOML, or one line: 'FILE, line N: not valid TOML: what tomllib says'."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        place = re.search(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)", message)
        line = f", line {place.group(1)}" if place and place.group(1) else ""
        reason = message[:place.start()] if place else message
        raise KzbriefError(f"{where}{line}: not valid TOML: {reason}")


def line_of(text: str, key: str, table: str = "", value: str | None = None) -> str:
    """', line N' of the line that sets `key` (inside `[table]` when given), for error messages; '' if not found.
    With `value`: the line of that entry of a list written over several lines."""
    inside = not table
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]", line)
        if header and table:
            inside = header.group(1) == table
        elif inside and re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line):
            if value:
                for offset, later in enumerate(lines[number - 1:number + 200]):
                    if value in later:
                        return f", line {number + offset}"
                    if offset and re.match(r"\s*(\[|[\w\"-]+\s*=)", later):
                        break  # the next key or table: the list has ended
            return f", line {number}"
    return ""


class Checker:
    """Reads one table of the file, checking each key's type; every complaint names file, line and key."""

    def __init__(self, text: str, path: Path, table: dict, prefix: str = ""):
        self.text, self.path, self.table, self.prefix = text, path, table, prefix

    def fail(self, key: str, message: str, value: str | None = None) -> KzbriefError:
        where = line_of(self.text, key, self.prefix.rstrip("."), value)
        return KzbriefError(f"{self.path}{where}: {self.prefix}{key} {message}")

    def check_known(self, known) -> None:
        for key in self.table:
            if key not in known:
                hint = " (the password never sits in the settings file: use password_env or password_file)" \
                    if key == "password" else f" (known: {', '.join(sorted(known))})"
                raise self.fail(key, f"is not a known setting{hint}")

    def get(self, key: str, kind: type, default: Any) -> Any:
        if key not in self.table:
            return default
        value = self.table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(key, f"must be {_KIND_NAMES[kind]}, not {value!r}")
        return value

    def text_value(self, key: str, default: str = "") -> str:
        return self.get(key, str, default).strip()

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.get(key, str, default)
        if value not in choices:
            raise self.fail(key, f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def choices(self, key: str, choices: tuple[str, ...], default: tuple[str, ...]) -> tuple[str, ...]:
        values = self.strings(key, default)
        for value in values:
            if value not in choices:
                raise self.fail(key, f"may hold {', '.join(choices)}, not {value!r}", value)
        if key in self.table and not values:
            raise self.fail(key, "must not be empty")
        return tuple(dict.fromkeys(values))

    def strings(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        value = self.table.get(key, list(default))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, "must be a list of non-empty strings")
        return tuple(v.strip() for v in value)

    def number(self, key: str, default: int, low: int, high: int) -> int:
        value = self.get(key, int, default)
        if not low <= value <= high:
            raise self.fail(key, f"must be between {low} and {high}, not {value}")
        return value

    def path_value(self, key: str, default: Path | None = None) -> Path | None:
        value = self.get(key, str, None)
        if value is None:
            return default
        if not value.strip():
            raise self.fail(key, "must not be empty")
        path = Path(value).expanduser()
        return Path(os.path.abspath(path if path.is_absolute() else self.path.parent / path))

    def address(self, key: str, default: str = "") -> str:
        value = self.text_value(key, default)
        if value:
            check_address(value, lambda reason: self.fail(key, reason))
        return value

    def addresses(self, key: str) -> tuple[str, ...]:
        values = self.strings(key)
        for value in values:
            check_address(value, lambda reason: self.fail(key, reason, value))
        return values


_KIND_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false", dict: "a table"}


def check_address(value: str, fail) -> Address:
    """One e-mail address, optionally with a display name ("Desk <desk@example.org>"), parsed; `fail(reason)`
    makes the error to raise when it is not one."""
    pairs = getaddresses([value])
    if len(pairs) > 1:
        raise fail(f"is not a valid e-mail address: {value!r} (one address per string)")
    if not pairs or not pairs[0][1]:
        raise fail(f"is not a valid e-mail address: {value!r}")
    name, addr = pairs[0]
    try:
        parsed = Address(display_name=name, addr_spec=addr)
    except (ValueError, IndexError) as error:
        raise fail(f"is not a valid e-mail address: {value!r} ({error})")
    if not parsed.username or "." not in parsed.domain and parsed.domain != "localhost":
        raise fail(f"is not a valid e-mail address: {value!r} (user@domain)")
    return parsed
