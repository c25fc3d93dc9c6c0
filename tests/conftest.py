"""Shared fixtures: the sample corpus, small corpora made on the fly, and one real build of the sample brief."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CORPUS = ROOT / "corpus"
RU_SAMPLE = ROOT / "tests" / "data" / "ru-news-sample.jsonl"  # a copy of ../shared/corpus-ru
FIXED_NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="session", autouse=True)
def pinned_clock():
    """Every test runs at FIXED_NOW (a Monday: the last complete ISO week is 2026-W47), in process and in the
    subprocesses it starts, through the product's own clock seam (SOURCE_DATE_EPOCH). No test sees today."""
    import os

    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(FIXED_NOW.timestamp()))
    yield FIXED_NOW
    if saved is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = saved


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """The translation memory (the user's cache) of this test session, in a folder of its own: no test reads or
    writes the real one."""
    import os

    saved = os.environ.get("KZBRIEF_CACHE_DIR")
    os.environ["KZBRIEF_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        os.environ.pop("KZBRIEF_CACHE_DIR", None)
    else:
        os.environ["KZBRIEF_CACHE_DIR"] = saved


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    return SAMPLE_CORPUS


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the sample corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, target, ignore=shutil.ignore_patterns(".kzbrief"))  # a user's index stays out
    return target


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory) -> Path:
    """The sample corpus ingested once into an index of its own (the corpus folder stays untouched)."""
    from kzbrief.ingest import ingest_corpus
    from kzbrief.store import Store

    index = tmp_path_factory.mktemp("sample-index") / "index.sqlite3"
    with Store(index) as store:
        ingest_corpus(SAMPLE_CORPUS, store)
    return index


def write_corpus(folder: Path, texts: dict[str, str]) -> Path:
    """A corpus folder holding these files (name -> text)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def candidates_of(corpus: Path, topic, index: Path | None = None, window=None):
    """The topic's candidate sentences, as a brief gets them: the corpus ingested into its index, then selected
    from the index (the one selection path)."""
    from kzbrief.ingest import ingest_corpus
    from kzbrief.select import select_from_store
    from kzbrief.store import Store

    with Store(index or corpus / ".kzbrief" / "index.sqlite3") as store:
        ingest_corpus(corpus, store)
        return select_from_store(store, topic, window)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The default brief of the sample corpus, built once through the real pipeline in all four formats."""
    from kzbrief.config import resolve_topic
    from kzbrief.pipeline import build

    out = tmp_path_factory.mktemp("out")
    index = tmp_path_factory.mktemp("index") / "index.sqlite3"
    result = build(SAMPLE_CORPUS, resolve_topic(None, None), formats=["md", "json", "pdf", "html"], out_dir=out,
                   max_items=10, now=FIXED_NOW, index=index)
    paths = {p.suffix.lstrip("."): p for p in result.paths}
    return result, paths, json.loads(paths["json"].read_text(encoding="utf-8"))


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120,
            env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the command line in this process, through the console script's own entry point (`kzbrief.cli.main`:
    the same one-line errors and exit codes), with typer's test runner holding stdin, stdout, stderr and the
    environment. `env`, when given, is the whole environment, as for a subprocess. Most tests use this; the few
    that need a real process (signals, imports, the installed script) use `run_installed`."""
    import os

    from typer.testing import CliRunner

    from kzbrief.cli import main

    changes = None
    if env is not None:
        changes = {key: value for key, value in env.items() if os.environ.get(key) != value}
        changes.update({key: None for key in os.environ if key not in env})
    old_argv, old_cwd = sys.argv, os.getcwd()
    with CliRunner().isolation(env=changes) as (stdout, stderr, _):
        sys.argv = ["kzbrief", *args]
        try:
            if cwd is not None:
                os.chdir(cwd)
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        finally:
            sys.argv = old_argv
            os.chdir(old_cwd)
            sys.stdout.flush()
            sys.stderr.flush()
        out, err = stdout.getvalue().decode("utf-8"), stderr.getvalue().decode("utf-8")
    return subprocess.CompletedProcess(["kzbrief", *args], code, out, err)


def run_installed(*args: str, cwd: Path | None = None, timeout: float = 120,
                  env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed `kzbrief` console script as a subprocess, exactly as a user would."""
    exe = Path(sys.executable).with_name("kzbrief")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "kzbrief"]
    return subprocess.run(command + list(args), cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=env)


@contextlib.contextmanager
def small_filesystem(folder: Path, size: str):
    """A real, tiny file system (tmpfs of `size`) mounted on `folder`, to fill up; skips where mounting needs a
    root this test does not have (CI runs as root)."""
    import os

    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a small file system needs root (CI runs as root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)
