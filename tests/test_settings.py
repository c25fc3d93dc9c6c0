"""The settings file: where it is found, what it may hold, how mistakes are reported, and `config check`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kzbrief.errors import KzbriefError
from kzbrief.settings import Settings, load_settings, parse_settings
from tests.conftest import run_cli

FULL = """\
corpus = "articles"
out = "/srv/briefs"
topics = ["mediation", "sanctions"]
languages = ["en", "ru"]
formats = ["pdf", "md"]
paper = "letter"
max_items = 12

[branding]
name = "Central Asia Desk"
colour = "#7a1f2b"
disclaimer = "Compiled from public sources."
classification = "For internal use"

[mail]
from = "Desk <desk@example.org>"
to = ["Иван Петров <ivan@example.ru>", "ops@example.org"]
security = "tls"
username = "desk"
password_env = "KZBRIEF_TEST_PASSWORD"
"""


def test_full_file_is_read_with_paths_relative_to_it(tmp_path):
    settings = parse_settings(FULL, tmp_path / "kzbrief.toml")
    assert settings.corpus == tmp_path / "articles" and settings.out == Path("/srv/briefs")
    assert settings.topics == ("mediation", "sanctions") and settings.languages == ("en", "ru")
    assert settings.formats == ("pdf", "md") and settings.paper == "letter" and settings.max_items == 12
    assert settings.branding.name == "Central Asia Desk" and settings.branding.colour == "#7a1f2b"
    assert settings.mail.to[0] == "Иван Петров <ivan@example.ru>" and settings.mail.effective_port == 465


def test_where_the_file_is_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert load_settings() == Settings()  # none anywhere: the defaults
    user = tmp_path / "xdg" / "kzbrief" / "kzbrief.toml"
    user.parent.mkdir(parents=True)
    user.write_text('max_words = 500\n', encoding="utf-8")
    assert load_settings().max_words == 500  # the user's config folder
    (tmp_path / "kzbrief.toml").write_text('max_words = 600\n', encoding="utf-8")
    assert load_settings().max_words == 600  # the working directory comes first
    explicit = tmp_path / "other.toml"
    explicit.write_text('max_words = 700\n', encoding="utf-8")
    assert load_settings(explicit).max_words == 700  # --config comes before both
    with pytest.raises(KzbriefError, match="settings file not found: .*missing.toml"):
        load_settings(tmp_path / "missing.toml")


@pytest.mark.parametrize("content, message", [
    ("corpus = 'a'\nmax_items = = 3\n", r"k.toml, line 2: not valid TOML: Invalid value$"),
    ("colour = 'red'\n", r"line 1: colour is not a known setting \(known: .*branding"),
    ("max_items = 'ten'\n", r"line 1: max_items must be a whole number, not 'ten'"),
    ("max_items = 0\n", r"line 1: max_items must be between 1 and 200"),
    ("languages = ['en', 'de']\n", r"line 1: languages may hold en, ru, not 'de'"),
    ("formats = []\n", r"line 1: formats must not be empty"),
    ("paper = 'A3'\n", r"line 1: paper must be one of a4, letter"),
    ("template_dir = 'nowhere'\n", r"line 1: template_dir is not a folder"),
    ("[branding]\ncolour = 'red; } body { display: none'\n", r"line 2: branding.colour must be a hex colour"),
    ("[branding]\nlogo = 'missing.png'\n", r"line 2: branding.logo cannot be used: cannot read logo"),
    ("[branding]\nlogo = 'k.toml'\n", r"branding.logo cannot be used: .* is not a PNG, JPEG, GIF or SVG"),
    ("[branding]\nmotto = 'x'\n", r"line 2: branding.motto is not a known setting"),
    ("[mail]\nto = ['desk@']\n", r"line 2: mail.to is not a valid e-mail address: 'desk@'"),
    ("[mail]\nto = ['a@example.org, b@example.org']\n", r"mail.to is not a valid e-mail address: .* \(one address per string\)"),
    ("[mail]\nfrom = 'nobody'\n", r"line 2: mail.from is not a valid e-mail address"),
    ("[mail]\npassword = 's3cret'\n", r"line 2: mail.password is not a known setting \(the password never sits"),
    ("[mail]\nsecurity = 'ssl'\n", r"mail.security must be one of starttls, tls, none"),
    ("[mail]\nport = 70000\n", r"mail.port must be between 1 and 65535"),
    ("[mail]\npassword_env = 'A'\npassword_file = 'b'\n", r"mail.password_file and password_env are both set"),
    ("mail = 3\n", r"line 1: mail must be a table"),
])
def test_mistakes_are_one_line_naming_file_line_and_key(tmp_path, content, message):
    path = tmp_path / "k.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KzbriefError, match=message):
        load_settings(path)


def test_logo_must_be_an_image_of_at_most_one_megabyte(tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 20), "#7a1f2b").save(tmp_path / "logo.png")
    settings = parse_settings("[branding]\nlogo = 'logo.png'\n", tmp_path / "k.toml")
    assert settings.branding.logo_data_url().startswith("data:image/png;base64,iVBOR")
    (tmp_path / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(1024 * 1024))
    with pytest.raises(KzbriefError, match=r"logo .*big.png is 1.0 MB; at most 1 MB"):
        parse_settings("[branding]\nlogo = 'big.png'\n", tmp_path / "k.toml")


def test_config_check_prints_what_is_in_force_with_the_password_masked(tmp_path):
    (tmp_path / "kzbrief.toml").write_text(FULL, encoding="utf-8")
    env = {**os.environ, "KZBRIEF_TEST_PASSWORD": "hunter2-very-secret"}
    result = run_cli("config", "check", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "hunter2" not in result.stdout + result.stderr
    assert f'corpus = "{tmp_path / "articles"}"' in result.stdout
    assert 'classification = "For internal use"' in result.stdout and "port = 465" in result.stdout
    assert "# password: from $KZBRIEF_TEST_PASSWORD, set: ********" in result.stdout


COMMANDS = [("build",), ("ingest",), ("corpus",), ("search", "x"), ("topics",), ("verify", "x.json"),
            ("models", "list"), ("models", "install", "x"), ("config", "check"), ("mail", "x.pdf"), ("weekly",)]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_every_command_takes_config_and_reports_a_bad_one_in_one_line(tmp_path, command):
    bad = tmp_path / "bad.toml"
    bad.write_text("[mail]\nto = 'not an address'\n", encoding="utf-8")
    result = run_cli(*command, "--config", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"kzbrief: error: {bad}, line 2: mail.to is not a valid e-mail address: 'not an address'")


def test_build_takes_its_defaults_from_the_settings_and_options_win(tmp_path, sample_corpus):
    (tmp_path / "kzbrief.toml").write_text(
        f'corpus = "{sample_corpus}"\nout = "briefs"\nformats = ["md", "json"]\nmax_items = 3\n'
        f'index = "{tmp_path / "index.sqlite3"}"\n[branding]\nname = "Central Asia Desk"\n', encoding="utf-8")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "briefs" / "mediation.en.md"),
                                     str(tmp_path / "briefs" / "mediation.en.json")]  # relative to the file
    markdown = (tmp_path / "briefs" / "mediation.en.md").read_text(encoding="utf-8")
    assert "Central Asia Desk · Policy brief" in markdown and "3 items" in markdown
    result = run_cli("build", "-f", "md", "--max-items", "2", "--out", "other", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 items" in (tmp_path / "other" / "mediation.en.md").read_text(encoding="utf-8")


def test_template_dir_setting_overrides_a_template(tmp_path, sample_corpus):
    mine = tmp_path / "look"
    mine.mkdir()
    (mine / "brief.md.j2").write_text("Our own: {{ title }}\n", encoding="utf-8")
    (tmp_path / "kzbrief.toml").write_text(f'template_dir = "look"\nindex = "{tmp_path / "i.sqlite3"}"\n',
                                           encoding="utf-8")
    result = run_cli("build", "--corpus", str(sample_corpus), "-f", "md", "-f", "html", "--out", "o", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o" / "mediation.en.md").read_text(encoding="utf-8").startswith("Our own: Kazakhstan")
    assert "Key points" in (tmp_path / "o" / "mediation.en.html").read_text(encoding="utf-8")  # the rest: ours


def test_config_check_names_an_unknown_topic_and_warns_of_a_missing_corpus(tmp_path):
    (tmp_path / "kzbrief.toml").write_text('corpus = "nowhere"\ntopics = ["mediation", "sanctionz"]\n',
                                           encoding="utf-8")
    result = run_cli("config", "check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().endswith("topics names unknown topic 'sanctionz'; known topics: mediation, "
                                          "sanctions, trade-transport, un-reform")
    (tmp_path / "kzbrief.toml").write_text('corpus = "../x/nowhere"\n', encoding="utf-8")
    result = run_cli("config", "check", cwd=tmp_path)
    assert result.returncode == 0
    assert f'corpus = "{tmp_path.parent / "x" / "nowhere"}"' in result.stdout  # relative to the file, tidied
    assert "warning: the corpus folder" in result.stderr


def test_a_bad_entry_of_a_list_over_several_lines_is_named_by_its_own_line(tmp_path):
    path = tmp_path / "k.toml"
    path.write_text('[mail]\nto = [\n  "anna@example.org",\n  "Борис <boris@>",\n]\nhost = "x"\n', encoding="utf-8")
    with pytest.raises(KzbriefError, match=r"k.toml, line 4: mail.to is not a valid e-mail address: 'Борис <boris@>'"):
        load_settings(path)
