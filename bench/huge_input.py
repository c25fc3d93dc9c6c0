"""Peak memory on huge input: one 19 MB text file on a single line, one 50 MB JSONL record among ordinary ones.

Each case is ingested by `kzbrief ingest` in a fresh process (the sample corpus beside it); the figure is the
child's peak resident memory (ru_maxrss), against the largest file and against the same ingest without the
huge file (the baseline: Python, the libraries, the sample). Target: peak under 10x the largest file.

Run: python bench/huge_input.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KZBRIEF = Path(sys.executable).with_name("kzbrief")


def peak_mb(corpus: Path, index: Path) -> tuple[float, str]:
    """Peak RSS (MB) of one ingest in a child process that is the only child measured."""
    code = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(r.stdout + r.stderr)")
    result = subprocess.run([sys.executable, "-c", code, str(KZBRIEF), "ingest", "--corpus", str(corpus),
                             "--index", str(index)], capture_output=True, text=True)
    first, _, rest = result.stdout.partition("\n")
    return int(first) / 1024, rest.strip()


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        base = scratch / "base"
        shutil.copytree(ROOT / "corpus", base, ignore=shutil.ignore_patterns(".kzbrief"))
        baseline, _ = peak_mb(base, scratch / "base.sqlite3")
        print(f"baseline (the sample corpus alone): peak {baseline:.0f} MB")

        line = scratch / "line"
        shutil.copytree(base, line)
        words = "Kazakhstan offered to host the talks in Astana on Friday, the ministry said "
        (line / "one-line.txt").write_text(words * (19 * 1024 * 1024 // len(words)), encoding="utf-8")
        size = (line / "one-line.txt").stat().st_size / 1e6
        peak, said = peak_mb(line, scratch / "line.sqlite3")
        print(f"19 MB on one line (.txt, {size:.1f} MB): peak {peak:.0f} MB = {peak / size:.1f}x the file, "
              f"{peak - baseline:+.0f} MB over the baseline")
        print("   ", next((s for s in said.splitlines() if "one-line" in s), said.splitlines()[-1]))

        record = scratch / "record"
        shutil.copytree(base, record)
        sample = (ROOT / "tests" / "data" / "ru-news-sample.jsonl").read_text(encoding="utf-8").splitlines()
        huge = json.dumps({"title": "Huge", "text": words * (50 * 1024 * 1024 // len(words))})
        (record / "export.jsonl").write_text("\n".join([sample[0], huge, *sample[1:10]]) + "\n", encoding="utf-8")
        size = (record / "export.jsonl").stat().st_size / 1e6
        peak, said = peak_mb(record, scratch / "record.sqlite3")
        print(f"a 50 MB JSONL record among 10 ({size:.1f} MB): peak {peak:.0f} MB = {peak / size:.1f}x the file, "
              f"{peak - baseline:+.0f} MB over the baseline")
        print("   ", next((s for s in said.splitlines() if "export" in s), said.splitlines()[-1]))


if __name__ == "__main__":
    main()
