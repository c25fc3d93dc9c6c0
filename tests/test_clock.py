"""The clock seam: SOURCE_DATE_EPOCH and --now pin "now" for the date of issue, the windows, the weekly run's
week and the mail's Date header; the same corpus, settings and clock give byte-identical briefs."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from kzbrief import clock
from kzbrief.errors import KzbriefError
from tests.conftest import FIXED_NOW, SAMPLE_CORPUS, run_cli, run_installed


@pytest.fixture
def local_zone(monkeypatch):
    """Set the process's local time zone (TZ) for one test, and put it back after."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def test_source_date_epoch_pins_now_in_utc(monkeypatch, local_zone):
    local_zone("Asia/Almaty")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795424400")
    assert clock.now() == dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
    assert clock.now().utcoffset() == dt.timedelta(0)  # shown in UTC whatever the machine's zone
    assert clock.today() == dt.date(2026, 11, 23)
    override = dt.datetime(2025, 1, 6, 8, 0, tzinfo=dt.timezone.utc)
    assert clock.now(override) == override  # --now wins over the environment


def test_without_a_pin_now_is_the_system_clock(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = dt.datetime.now(dt.timezone.utc)
    seen = clock.now()
    assert seen.tzinfo is not None and before <= seen <= dt.datetime.now(dt.timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")  # set but empty: not a pin
    assert clock.now() >= before


@pytest.mark.parametrize("value, message", [
    ("yesterday", "not a count of seconds"), ("-5", "not a count of seconds"), ("1.5", "not a count of seconds"),
    ("17954244OO", "not a count of seconds"), ("١٧٩٥٤٢٤٤٠٠", "not a count of seconds"),  # Arabic-Indic digits
    ("9" * 30, "out of range"), ("253402300800", "out of range"),  # year 10000
])
def test_a_malformed_source_date_epoch_is_an_error(monkeypatch, value, message):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(KzbriefError, match=f"SOURCE_DATE_EPOCH.*{message}"):
        clock.now()


def test_parse_now_reads_iso_8601_with_and_without_a_zone(local_zone):
    local_zone("Asia/Almaty")  # UTC+5, no daylight saving
    almaty = dt.timezone(dt.timedelta(hours=5))
    assert clock.parse_now("2026-11-23T09:00") == dt.datetime(2026, 11, 23, 9, 0, tzinfo=almaty)
    assert clock.parse_now("2026-11-23") == dt.datetime(2026, 11, 23, 0, 0, tzinfo=almaty)
    assert clock.parse_now("2026-11-23T09:00+03:00").utcoffset() == dt.timedelta(hours=3)
    assert clock.parse_now("2026-11-23T09:00Z") == dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
    assert clock.parse_now(" 2026-11-23 09:00 ").hour == 9
    for bad in ("next monday", "2026-13-01", "23.11.2026", ""):
        with pytest.raises(KzbriefError, match="not an ISO 8601"):
            clock.parse_now(bad)
    for far in ("9999-12-31T23:59-05:00", "0001-01-01T00:00+05:00", "1969-12-31"):
        with pytest.raises(KzbriefError, match="out of range"):
            clock.parse_now(far)


@pytest.mark.parametrize("zone, value, expected", [
    # midnight does not exist in Santiago on 6 September 2026 (clocks go from 00:00 to 01:00): the same day
    ("America/Santiago", "2026-09-06", "2026-09-06T01:00:00-03:00"),
    ("Europe/Berlin", "2026-03-29T02:30", "2026-03-29T03:30:00+02:00"),  # skipped: read after the jump
    ("Europe/Berlin", "2026-10-25T02:30", "2026-10-25T02:30:00+02:00"),  # happens twice: the first
    ("Europe/Berlin", "2026-11-23T09:00", "2026-11-23T09:00:00+01:00"),
])
def test_local_times_across_daylight_saving_jumps(local_zone, zone, value, expected):
    local_zone(zone)
    assert clock.parse_now(value).isoformat() == expected


def test_now_option_sets_the_issue_date_and_the_last_n_days(tmp_path, corpus_copy):
    out = tmp_path / "o"
    result = run_cli("build", "--corpus", str(corpus_copy), "--days", "7", "--undated", "-f", "json",
                     "--now", "2025-03-09T23:30", "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads((out / "mediation.en.json").read_text(encoding="utf-8"))
    assert data["generated"].startswith("2025-03-09T23:30:00")
    assert data["period"] == "last 7 days (2025-03-03 – 2025-03-09)"


def test_a_bad_clock_is_one_line_and_writes_nothing(tmp_path, corpus_copy):
    out = tmp_path / "o"
    result = run_cli("build", "--corpus", str(corpus_copy), "--now", "next monday", "--out", str(out))
    assert result.returncode == 2 and result.stderr.strip().splitlines() == [
        "kzbrief: error: --now 'next monday' is not an ISO 8601 date or time (use e.g. 2026-11-23T09:00, "
        "2026-11-23T09:00+03:00 or 2026-11-23)"]
    for value, message in (("", "not an ISO 8601"), ("9999-12-31T23:59-05:00", "out of range")):
        result = run_cli("build", "--corpus", str(corpus_copy), "--now", value, "--out", str(out))
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith("kzbrief: error: --now") and message in result.stderr
    env = {**os.environ, "SOURCE_DATE_EPOCH": "tomorrow"}
    result = run_cli("build", "--corpus", str(corpus_copy), "--out", str(out), env=env)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("kzbrief: error: SOURCE_DATE_EPOCH='tomorrow' is not a count of seconds")
    assert not out.exists()


def test_weekly_takes_its_default_week_from_the_clock(tmp_path, corpus_copy):
    (tmp_path / "kzbrief.toml").write_text(f'corpus = "{corpus_copy}"\nundated = true\nformats = ["md"]\n',
                                           encoding="utf-8")
    pinned = run_cli("weekly", "--dry-run", cwd=tmp_path)  # the suite's clock: Monday 2026-11-23
    assert pinned.returncode == 0, pinned.stderr
    assert pinned.stdout.strip().splitlines()[-1].startswith("2026-W47: 1 brief written")
    later = run_cli("weekly", "--dry-run", "--now", "2027-01-04T07:00+06:00", cwd=tmp_path)
    assert later.returncode == 0, later.stderr
    assert later.stdout.strip().splitlines()[-1].startswith("2026-W53: 1 brief written")
    assert "Issued 4 January 2027" in (tmp_path / "out" / "2026-W53" / "mediation.en.md").read_text("utf-8")


def test_the_mail_date_header_comes_from_the_clock(tmp_path, sample_build):
    _, paths, _ = sample_build
    (tmp_path / "kzbrief.toml").write_text('[mail]\nfrom = "desk@example.org"\n', encoding="utf-8")
    eml = tmp_path / "brief.eml"
    result = run_cli("mail", str(paths["md"]), "--to", "anna@example.org", "--eml", str(eml),
                     "--now", "2026-11-30T07:00+05:00", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.SMTP)
    assert message["Date"] == "Mon, 30 Nov 2026 07:00:00 +0500"
    preview = run_cli("mail", str(paths["md"]), "--to", "anna@example.org", "--now", "2026-11-30T07:00+05:00",
                      cwd=tmp_path)
    assert "Date: Mon, 30 Nov 2026 07:00:00 +0500" in preview.stdout.splitlines()  # what would be sent, dated
    eml.unlink()
    assert run_cli("mail", str(paths["md"]), "--to", "anna@example.org", "--eml", str(eml),
                   cwd=tmp_path).returncode == 0
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.SMTP)
    assert message["Date"].datetime == FIXED_NOW  # the suite's SOURCE_DATE_EPOCH


def _build(corpus: Path, out: Path, runner, env: dict | None = None) -> dict[str, bytes]:
    shutil.rmtree(corpus / ".kzbrief", ignore_errors=True)  # a fresh index each time
    result = runner("build", "--corpus", str(corpus), "-f", "md", "-f", "json", "-f", "pdf", "-f", "html",
                    "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


def test_same_corpus_settings_and_clock_give_byte_identical_briefs(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus, ignore=shutil.ignore_patterns(".kzbrief"))
    first = _build(corpus, tmp_path / "first", run_cli)
    # a real process, in another time zone, with a fresh index: the same bytes in every format, the PDF too
    env = {**os.environ, "TZ": "America/Los_Angeles"}
    second = _build(corpus, tmp_path / "second", run_installed, env)
    assert sorted(first) == ["mediation.en.html", "mediation.en.json", "mediation.en.md", "mediation.en.pdf"]
    for name in first:
        assert first[name] == second[name], name
    assert json.loads(first["mediation.en.json"])["generated"] == FIXED_NOW.isoformat(timespec="seconds")
