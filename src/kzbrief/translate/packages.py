"""Translation models in argostranslate's package format: list, install from a file or folder, fetch from the index.

Packages live in argostranslate's standard packages directory (`ARGOS_PACKAGES_DIR` or its default), so models
installed by other argos tools are found, and ours are found by them. Only `argostranslate.settings` and
`argostranslate.package` are used (both light); installing is done here, because argostranslate's own
`install_from_path` imports its translation stack (torch, stanza, spaCy) to clear a cache.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kzbrief.errors import KzbriefError

INDEX_TIMEOUT = 8  # seconds: argostranslate's own index call hangs or recurses for minutes offline
REQUIRED = ("metadata.json", "model")
# A package's tokenizer: a SentencePiece model, or Moses tokenization with BPE codes (older argos packages).
TOKENIZERS = ("sentencepiece.model", "bpe.model")


@dataclass(frozen=True)
class ModelPackage:
    path: Path
    from_code: str
    to_code: str
    version: str
    name: str

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"

    @property
    def size(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    @property
    def key(self) -> str:
        """Identifies the model's weights for the translation memory: a new version translates anew."""
        model = self.path / "model" / "model.bin"
        stamp = f"{model.stat().st_size}:{model.stat().st_mtime_ns}" if model.exists() else "?"
        return f"{self.from_code}-{self.to_code}:{self.version}:{self.path.name}:{stamp}"


def packages_dir() -> Path:
    """Where packages are installed: argostranslate's ARGOS_PACKAGES_DIR (read now, not when argostranslate was
    imported) or its default."""
    if os.environ.get("ARGOS_PACKAGES_DIR"):
        return Path(os.environ["ARGOS_PACKAGES_DIR"])
    from argostranslate import settings

    return Path(settings.package_data_dir)


def package_dirs() -> list[Path]:
    if os.environ.get("ARGOS_PACKAGES_DIR"):
        return [Path(os.environ["ARGOS_PACKAGES_DIR"])]
    from argostranslate import settings

    return [Path(d) for d in settings.package_dirs]


def installed_packages() -> list[ModelPackage]:
    """Every installed translation package, in all of argostranslate's package directories."""
    found = []
    for directory in package_dirs():
        directory = Path(directory)
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            package = _read_package(path)
            if package is not None:
                found.append(package)
    return found


def _read_package(path: Path) -> ModelPackage | None:
    try:
        meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("type", "translate") != "translate" or not meta.get("from_code") or not meta.get("to_code"):
        return None
    if not (path / "model").is_dir() or not any((path / name).is_file() for name in TOKENIZERS):
        return None
    return ModelPackage(path, meta["from_code"], meta["to_code"], str(meta.get("package_version", "")),
                        path.name)


def find_package(from_code: str, to_code: str) -> ModelPackage | None:
    """The installed package for a language pair (the highest version when there are several)."""
    matches = [p for p in installed_packages() if (p.from_code, p.to_code) == (from_code, to_code)]
    return max(matches, key=lambda p: version_key(p.version), default=None)


def version_key(version: str):
    """A package version to compare by, as versions compare ('1.10' after '1.9'; packaging.version), an
    unreadable one below every readable one."""
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version), "")
    except InvalidVersion:
        return (0, Version("0"), version)


def install_command(from_code: str, to_code: str) -> str:
    return (f"kzbrief models install FILE.argosmodel  (or, with a network: kzbrief models install "
            f"{from_code} {to_code})")


def install_path(source: Path) -> ModelPackage:
    """Install an `.argosmodel` file (a zip of one package folder) or an unpacked package folder.
    The package appears under its final name only when complete."""
    if not source.exists():
        raise KzbriefError(f"model not found: {source}")
    target_root = packages_dir()
    target_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target_root, prefix=".installing-") as scratch:
        scratch = Path(scratch)
        if source.is_dir():
            folder = scratch / source.name
            shutil.copytree(source, folder)
        else:
            if not zipfile.is_zipfile(source):
                raise KzbriefError(f"{source}: not an argos model (an .argosmodel file is a zip archive)")
            with zipfile.ZipFile(source) as archive:
                for member in archive.namelist():
                    if member.startswith("/") or ".." in Path(member).parts:
                        raise KzbriefError(f"{source}: unsafe path in archive: {member}")
                archive.extractall(scratch)
            folders = [p for p in scratch.iterdir() if p.is_dir()]
            if len(folders) != 1:
                raise KzbriefError(f"{source}: an .argosmodel holds exactly one package folder")
            folder = folders[0]
        missing = [name for name in REQUIRED if not (folder / name).exists()]
        if not any((folder / name).exists() for name in TOKENIZERS):
            missing.append(" or ".join(TOKENIZERS))
        if missing:
            raise KzbriefError(f"{source}: not a translation package (missing {', '.join(missing)})")
        package = _read_package(folder)
        if package is None:
            raise KzbriefError(f"{source}: metadata.json lacks from_code/to_code, or is not a translate package")
        final = target_root / folder.name
        if final.exists():
            shutil.rmtree(final)
        folder.rename(final)
    return _read_package(final)


def fetch(from_code: str, to_code: str) -> ModelPackage:
    """Download and install a pair from the argos package index; fails within seconds where there is no network."""
    import urllib.request

    from argostranslate import settings

    try:
        with urllib.request.urlopen(settings.remote_package_index, timeout=INDEX_TIMEOUT) as response:
            index = json.loads(response.read())
    except Exception as error:  # no network, DNS failure, timeout, bad JSON: one line, quickly
        reason = getattr(error, "reason", None) or error
        raise KzbriefError(f"cannot reach the argos package index ({reason}); without a network, install a model "
                           f"from a file: kzbrief models install FILE.argosmodel")
    entries = [e for e in index if e.get("from_code") == from_code and e.get("to_code") == to_code]
    if not entries:
        raise KzbriefError(f"the argos package index has no {from_code}→{to_code} model")
    entry = max(entries, key=lambda e: version_key(str(e.get("package_version", ""))))
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / f"{from_code}_{to_code}.argosmodel"
        for link in entry.get("links", []):
            try:
                with urllib.request.urlopen(link, timeout=60) as response, target.open("wb") as out:
                    shutil.copyfileobj(response, out)
                break
            except Exception:
                continue
        else:
            raise KzbriefError(f"could not download the {from_code}→{to_code} model from any of its links")
        return install_path(target)
