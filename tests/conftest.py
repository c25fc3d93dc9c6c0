"""Shared fixtures: the sample corpus, small corpora made on the fly, and one real build of the sample brief."""

from __future__ import annotations

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
    """Run the installed `kzbrief` console script exactly as a user would."""
    exe = Path(sys.executable).with_name("kzbrief")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "kzbrief"]
    return subprocess.run(command + list(args), cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=env)
