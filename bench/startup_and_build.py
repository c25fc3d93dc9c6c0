"""Figures for the command line: `kzbrief --help` start-up time and a full sample build, median of several runs.

Run: python bench/startup_and_build.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KZBRIEF = Path(sys.executable).with_name("kzbrief")


def timed(command: list[str], cwd: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copytree(ROOT / "corpus", work / "corpus")
        help_time = timed([str(KZBRIEF), "--help"], work, 7)
        md_time = timed([str(KZBRIEF), "build", "-f", "md", "-f", "json"], work, 5)
        full_time = timed([str(KZBRIEF), "build"], work, 5)
    print(f"kzbrief --help                      {help_time * 1000:7.0f} ms (median of 7)")
    print(f"kzbrief build -f md -f json (sample) {md_time * 1000:6.0f} ms (median of 5)")
    print(f"kzbrief build (md, json, pdf)       {full_time * 1000:7.0f} ms (median of 5)")


if __name__ == "__main__":
    main()
