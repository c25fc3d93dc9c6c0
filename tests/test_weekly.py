"""The weekly run end to end: ingest, briefs for every topic and language under OUT/<week>/, mail to a real
loopback SMTP server; re-runs, --resend, --dry-run, quiet weeks, a server that is down, progress output."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from tests.conftest import run_cli, run_installed
from tests.smtp_server import Server, free_port


def settings_file(folder: Path, corpus: Path, port: int, *, undated: bool = True, topics=("mediation", "un-reform"),
                  extra: str = "") -> Path:
    path = folder / "kzbrief.toml"
    path.write_text(f"""
corpus = "{corpus}"
out = "out"
index = "{folder / 'index.sqlite3'}"
topics = {json.dumps(list(topics))}
formats = ["pdf", "md"]
undated = {str(undated).lower()}
{extra}
[mail]
from = "desk@example.org"
to = ["anna@example.org"]
host = "127.0.0.1"
port = {port}
security = "none"
retries = 1
retry_delay = 0.05
timeout = 5
""", encoding="utf-8")
    return path


def log_entries(folder: Path) -> list[dict]:
    path = folder / "out" / "delivery-log.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_weekly_builds_every_topic_and_mails_once_unless_resent(tmp_path, corpus_copy):
    with Server() as server:
        config = settings_file(tmp_path, corpus_copy, server.port)
        result = run_installed("weekly", "--week", "2026-W47", "--config", str(config), cwd=tmp_path)  # as cron
        assert result.returncode == 0, result.stderr
        week = tmp_path / "out" / "2026-W47"
        assert sorted(p.name for p in week.iterdir()) == [
            "mediation.en.md", "mediation.en.pdf", "un-reform.en.md", "un-reform.en.pdf"]
        [received] = server.received
        message = received.message
        assert message["X-Kzbrief-Edition"] == "2026-W47" and "2026-W47" in message["Subject"]
        attached = {p.get_filename(): p.get_payload(decode=True) for p in message.iter_attachments()}
        assert attached == {name: (week / name).read_bytes() for name in ("mediation.en.pdf", "un-reform.en.pdf")}
        body = message.get_body(("plain",)).get_content()
        assert "Kazakhstan as a mediator" in body and "Reform of the United Nations" in body
        assert result.stdout.strip().endswith("mailed to anna@example.org")
        assert "2026-W47: 2 briefs written to" in result.stdout

        before = (week / "mediation.en.pdf").stat().st_mtime_ns
        again = run_cli("weekly", "--week", "2026w47", "--config", str(config), cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert (week / "mediation.en.pdf").stat().st_mtime_ns != before  # rebuilt
        assert "not mailed again: 2026-W47 was sent on" in again.stdout and len(server.received) == 1

        resent = run_cli("weekly", "--week", "2026-W47", "--resend", "--config", str(config), cwd=tmp_path)
        assert resent.returncode == 0, resent.stderr
        assert len(server.received) == 2
        assert server.received[0].message["Message-ID"] != server.received[1].message["Message-ID"]
    assert [e["status"] for e in log_entries(tmp_path)] == ["sent", "sent"]


def test_dry_run_does_everything_but_send(tmp_path, corpus_copy):
    with Server() as server:
        config = settings_file(tmp_path, corpus_copy, server.port)
        result = run_cli("weekly", "--week", "2026-W47", "--dry-run", "--config", str(config), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert server.received == [] and server.recorder.data_attempts == 0
    assert "To: anna@example.org" in result.stdout and "Attachment: mediation.en.pdf" in result.stdout
    assert "dry run: not sent" in result.stdout
    assert (tmp_path / "out" / "2026-W47" / "un-reform.en.pdf").is_file() and log_entries(tmp_path) == []


def test_a_weekly_run_that_embeds_its_sources_warns_before_mailing(tmp_path, corpus_copy):
    """`embed_sources = true`: the attached PDFs carry whole articles; the run says so, naming each file."""
    config = settings_file(tmp_path, corpus_copy, free_port(), extra="embed_sources = true")
    result = run_cli("weekly", "--week", "2026-W47", "--dry-run", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("mediation.en.pdf", "un-reform.en.pdf"):
        assert f"kzbrief: warning: {name} carries the whole text of" in result.stderr
    plain = settings_file(tmp_path, corpus_copy, free_port())
    again = run_cli("weekly", "--week", "2026-W47", "--dry-run", "--config", str(plain), cwd=tmp_path)
    assert again.returncode == 0 and "warning" not in again.stderr


def test_a_quiet_week_is_said_writes_no_empty_brief_and_succeeds(tmp_path, corpus_copy):
    # one article dated inside the week; the rest undated (left out of a window by default)
    (corpus_copy / "manifest.toml").write_text(
        '[[document]]\nfile = "004_bb89984fb5e86af4.txt"\npublisher = "TASS"\ndate = "2026-11-18"\n',
        encoding="utf-8")
    with Server() as server:
        config = settings_file(tmp_path, corpus_copy, server.port, undated=False,
                               topics=("mediation", "trade-transport"))
        result = run_cli("weekly", "--week", "2026-W47", "--config", str(config), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "trade-transport: quiet week, no brief" in result.stderr
        week = tmp_path / "out" / "2026-W47"
        assert sorted(p.name for p in week.iterdir()) == ["mediation.en.md", "mediation.en.pdf"]
        assert len(server.received) == 1  # the one brief there is

        nothing = run_cli("weekly", "--week", "2026-W30", "--config", str(config), cwd=tmp_path)
        assert nothing.returncode == 0, nothing.stderr
        assert nothing.stderr.count("quiet week") == 2 and "not mailed: no brief this week" in nothing.stdout
        assert "2026-W30: no brief written; 2 quiet topics;" in nothing.stdout
        assert "undated = true in the settings takes them in" in nothing.stderr
        assert not (tmp_path / "out" / "2026-W30").exists() and len(server.received) == 1


def test_mail_server_down_queues_the_week_and_the_next_run_sends_it_once(tmp_path, corpus_copy):
    config = settings_file(tmp_path, corpus_copy, free_port(), topics=("mediation",))
    result = run_cli("weekly", "--week", "2026-W47", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 1
    assert "NOT SENT" in result.stdout and "connection refused" in result.stdout
    assert (tmp_path / "out" / "2026-W47" / "mediation.en.pdf").is_file()  # the briefs are there all the same
    assert len(list((tmp_path / "out" / "outbox").glob("*.eml"))) == 1
    with Server() as server:
        config = settings_file(tmp_path, corpus_copy, server.port, topics=("mediation",))
        result = run_cli("weekly", "--week", "2026-W47", "--config", str(config), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert len(server.received) == 1
        assert not list((tmp_path / "out" / "outbox").glob("*"))  # the stale copy is not sent later
        assert "is replaced by this run's" in result.stderr
        assert [e["status"] for e in log_entries(tmp_path)] == ["queued", "superseded", "sent"]
        assert run_cli("mail", "--retry", "--config", str(config), cwd=tmp_path).returncode == 0
        assert len(server.received) == 1


def test_the_default_week_is_the_last_complete_one(tmp_path, corpus_copy):
    from kzbrief.progress import Reporter
    from kzbrief.settings import load_settings
    from kzbrief.weekly import run_weekly

    settings = load_settings(settings_file(tmp_path, corpus_copy, free_port(), topics=("mediation",),
                                           extra='languages = ["en"]'))
    stream = io.StringIO()
    result = run_weekly(settings, today=dt.date(2026, 11, 25), dry_run=True, reporter=Reporter(stream=stream))
    assert result.week == "2026-W47" and result.out_dir == tmp_path / "out" / "2026-W47"
    assert "weekly run for 2026-W47 (2026-11-16 – 2026-11-22)" in stream.getvalue()


def test_progress_lines_under_cron_quiet_and_a_bar_on_a_terminal(tmp_path, corpus_copy):
    config = settings_file(tmp_path, corpus_copy, free_port(), topics=("mediation",))
    plain = run_cli("weekly", "--week", "2026-W47", "--dry-run", "--config", str(config), cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    lines = plain.stderr.splitlines()
    assert any(line.startswith("kzbrief: ingest ") and line.endswith("...") for line in lines)
    assert any(line.startswith("kzbrief: mediation: brief in en (") and " done in " in line for line in lines)
    quiet = run_cli("weekly", "--week", "2026-W47", "--dry-run", "--quiet", "--config", str(config), cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert "1 brief written" in quiet.stdout  # the summary stays
    verbose = run_cli("weekly", "--week", "2026-W47", "--dry-run", "--verbose", "--config", str(config), cwd=tmp_path)
    assert "kzbrief: wrote " in verbose.stderr and "unchanged" in verbose.stderr

    from kzbrief.progress import Reporter

    terminal = io.StringIO()
    reporter = Reporter(stream=terminal, terminal=True)
    with reporter.step("ingest corpus") as advance:
        for done in range(1, 4):
            advance(done, 3)
    assert "ingest corpus: done in" in terminal.getvalue()


@pytest.mark.parametrize("topics, message", [
    (("mediation", "nonesuch"), "unknown topic 'nonesuch'"),
])
def test_a_bad_topic_in_the_settings_stops_before_anything_is_built(tmp_path, corpus_copy, topics, message):
    config = settings_file(tmp_path, corpus_copy, free_port(), topics=topics)
    result = run_cli("weekly", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


def test_two_weekly_runs_at_once_mail_the_week_once(tmp_path, corpus_copy):
    """Cron and a manual run overlap, against a slow mail server: both build, one sends, the other waits for the
    outbox and then says the week went."""
    import subprocess
    import sys

    with Server() as server:
        server.recorder.slow_data = 1.5
        config = settings_file(tmp_path, corpus_copy, server.port)
        exe = str(Path(sys.executable).with_name("kzbrief"))
        runs = [subprocess.Popen([exe, "weekly", "--week", "2026-W47", "--config", str(config)], cwd=tmp_path,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outcomes = [(run.wait(timeout=240), run.stdout.read(), run.stderr.read()) for run in runs]
        assert all(code == 0 for code, _, _ in outcomes), outcomes
        assert len(server.received) == 1
    said = " ".join(out for _, out, _ in outcomes)
    assert "mailed to anna@example.org" in said and "not mailed again: 2026-W47 was sent on" in said
    assert [e["status"] for e in log_entries(tmp_path)] == ["sent"]
    week = tmp_path / "out" / "2026-W47"
    assert sorted(p.name for p in week.iterdir()) == [
        "mediation.en.md", "mediation.en.pdf", "un-reform.en.md", "un-reform.en.pdf"]


def test_a_held_edition_is_sent_once_after_the_analyst_approves_it(tmp_path, corpus_copy):
    """weekly --hold builds and stops; the analyst edits a brief and renders it; a second held run would overwrite
    the edits and is refused; approval verifies the briefs (a source changed since: refused, nothing sent), then
    sends the edition as edited, once."""
    with Server() as server:
        config = settings_file(tmp_path, corpus_copy, server.port, topics=("mediation",))
        config.write_text(config.read_text().replace('formats = ["pdf", "md"]', 'formats = ["pdf", "md", "json"]'))
        held = run_cli("weekly", "--week", "2026-W47", "--hold", "--config", str(config), cwd=tmp_path)
        assert held.returncode == 0, held.stderr
        assert "held for approval" in held.stdout and "kzbrief mail approve 2026-W47" in held.stdout
        assert server.received == []
        week = tmp_path / "out" / "2026-W47"
        brief = week / "mediation.en.json"
        data = json.loads(brief.read_text(encoding="utf-8"))
        data["title"] = "Reviewed: Kazakhstan as a mediator"
        del data["sections"][0]["items"][0]
        brief.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        rendered = run_cli("render", str(brief), "--config", str(config), cwd=tmp_path)
        assert rendered.returncode == 0, rendered.stderr
        again = run_cli("weekly", "--week", "2026-W47", "--hold", "--config", str(config), cwd=tmp_path)
        assert again.returncode == 2 and "was edited since it was built" in again.stderr
        assert json.loads(brief.read_text(encoding="utf-8"))["title"] == data["title"]  # the edits are still there

        source = corpus_copy / data["sources"][0]["source_file"]
        original = source.read_bytes()
        source.write_bytes(original + b"\nA paragraph added after the brief was built.\n")
        refused = run_cli("mail", "approve", "2026-W47", "--config", str(config), cwd=tmp_path)
        assert refused.returncode == 1 and "kzbrief: mismatch: mediation.en.pdf: " in refused.stderr
        assert "2026-W47 not sent" in refused.stderr
        assert server.received == []
        source.write_bytes(original)

        approved = run_cli("mail", "approve", "2026-W47", "--config", str(config), cwd=tmp_path)
        assert approved.returncode == 0, approved.stderr
        [received] = server.received
        assert "Reviewed: Kazakhstan as a mediator" in received.message["Subject"]
        attached = {p.get_filename(): p.get_payload(decode=True) for p in received.message.iter_attachments()}
        assert attached == {"mediation.en.pdf": (week / "mediation.en.pdf").read_bytes()}
        twice = run_cli("mail", "approve", "2026-W47", "--config", str(config), cwd=tmp_path)
        assert twice.returncode == 2 and "was sent already" in twice.stderr
        assert len(server.received) == 1
    assert [e["status"] for e in log_entries(tmp_path)] == ["sent"]


def test_an_approved_edition_whose_send_failed_stays_guarded_and_goes_once(tmp_path, corpus_copy):
    """The server is down when the analyst approves: the message waits in the outbox, a held rebuild of the week
    would overwrite what was approved and is refused, a second approval says where the message is; once --retry
    sends it, approving again sends nothing."""
    port = free_port()
    config = settings_file(tmp_path, corpus_copy, port, topics=("mediation",))
    config.write_text(config.read_text().replace('formats = ["pdf", "md"]', 'formats = ["pdf", "md", "json"]'))
    assert run_cli("weekly", "--week", "2026-W47", "--hold", "--config", str(config), cwd=tmp_path).returncode == 0
    brief = tmp_path / "out" / "2026-W47" / "mediation.en.json"
    data = json.loads(brief.read_text(encoding="utf-8"))
    data["title"] = "Reviewed: Kazakhstan as a mediator"
    brief.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run_cli("render", str(brief), "--config", str(config), cwd=tmp_path).returncode == 0
    down = run_cli("mail", "approve", "2026-W47", "--config", str(config), cwd=tmp_path)
    assert down.returncode == 1 and "NOT SENT" in down.stdout and "kept in" in down.stdout
    rebuild = run_cli("weekly", "--week", "2026-W47", "--hold", "--config", str(config), cwd=tmp_path)
    assert rebuild.returncode == 2 and "was approved as edited" in rebuild.stderr
    assert json.loads(brief.read_text(encoding="utf-8"))["title"] == data["title"]
    again = run_cli("mail", "approve", "2026-W47", "--config", str(config), cwd=tmp_path)
    assert again.returncode == 2 and "waits in the outbox: kzbrief mail --retry sends it" in again.stderr
    with Server(port=port) as server:
        assert run_cli("mail", "--retry", "--config", str(config), cwd=tmp_path).returncode == 0
        assert len(server.received) == 1
        assert "Reviewed: Kazakhstan as a mediator" in server.received[0].message["Subject"]
        third = run_cli("mail", "approve", "2026-W47", "--config", str(config), cwd=tmp_path)
        assert third.returncode == 2 and "was sent already" in third.stderr and len(server.received) == 1
    assert not (tmp_path / "out" / "outbox" / "awaiting" / "2026-W47.json").exists()
