"""A non-editable install carries the templates and topics, and builds the brief from any directory."""

import os
import shutil
import subprocess
import sys
import zipfile

from tests.conftest import ROOT


def test_wheel_carries_templates_and_builds_from_elsewhere(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(ROOT)], check=True, capture_output=True)
    [wheel] = dist.glob("kzbrief-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("kzbrief/templates/brief.html.j2", "kzbrief/templates/brief.md.j2",
                   "kzbrief/templates/brief.css", "kzbrief/topics.toml", "kzbrief/cli.py",
                   "kzbrief/locale/ru/LC_MESSAGES/kzbrief.po"):
        assert needed in names, needed
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "corpus", elsewhere / "corpus")
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-m", "kzbrief", "build", "-f", "md", "-f", "pdf"], cwd=elsewhere,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "out" / "mediation.en.pdf").read_bytes().startswith(b"%PDF")
    # ...and it really ran the installed copy, not the checkout.
    probe = subprocess.run([sys.executable, "-c", "import kzbrief; print(kzbrief.__file__)"], cwd=elsewhere,
                           env=env, capture_output=True, text=True, check=True)
    assert probe.stdout.startswith(str(target))
