"""kzbrief as a library: the README's example runs as it stands, and the public names are the ones it shows."""

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_CORPUS


def test_the_readme_library_example_runs(tmp_path, monkeypatch, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using kzbrief as a library", 1)[1].split("\n## ", 1)[0]
    [example] = re.findall(r"```python\n(.*?)```", section, re.S)
    shutil.copytree(SAMPLE_CORPUS, tmp_path / "corpus", ignore=shutil.ignore_patterns(".kzbrief"))
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "week '2026-W99': 2026 has no week 99" in printed and ".txt " in printed
    assert sorted(p.name for p in (tmp_path / "out" / "library").iterdir()) == [
        "mediation.en.json", "mediation.en.md", "mediation.en.pdf"]


def test_the_public_names_are_functions_not_the_modules_they_share_a_name_with():
    import kzbrief
    import kzbrief.render  # noqa: F401  (a module of the package: must not hide a public function)
    import kzbrief.verify  # noqa: F401

    for name in kzbrief.__all__:
        value = getattr(kzbrief, name)
        assert not isinstance(value, type(kzbrief)), name
    with pytest.raises(AttributeError):
        kzbrief.no_such_name  # noqa: B018
    assert Path(kzbrief.__file__).parent.name == "kzbrief"
