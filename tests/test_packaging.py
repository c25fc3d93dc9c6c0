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
                   "kzbrief/templates/brief.css", "kzbrief/topics.toml", "kzbrief/cli/__init__.py",
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


def test_ci_runs_the_readme_test_command_and_nothing_installs_torch():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    [test_command] = [line for line in readme.splitlines() if line.startswith("python3 -m venv") and "pytest" in line]
    assert test_command in ci.splitlines()
    assert "torch" not in test_command and "torch" not in ci


def test_the_dependency_tree_holds_no_torch_stanza_or_spacy():
    """Walk the installed requirements of kzbrief (with its test extra): argostranslate's model format comes
    from argos-translate-lt, which needs none of PyTorch, stanza or spaCy."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen, todo = set(), [("kzbrief", {"test"})]
    while todo:
        name, extras = todo.pop()
        key = canonicalize_name(name)
        if key in seen:
            continue
        seen.add(key)
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker and not any(requirement.marker.evaluate({"extra": e}) for e in extras | {""}):
                continue
            todo.append((requirement.name, set(requirement.extras)))
    assert "argos-translate-lt" in seen and "ctranslate2" in seen
    assert not seen & {"torch", "stanza", "spacy", "argostranslate"}, seen & {"torch", "stanza", "spacy"}
