"""Mail, against a real SMTP server on loopback: what arrives (headers, both bodies, attachments byte for byte),
retries, the outbox, the delivery log, TLS with a certificate made by the test, and bad input."""

from __future__ import annotations

import io
import json
import re
import os
import shutil
import ssl
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import run_cli
from tests.smtp_server import PASSWORD, USER, Server


def write_settings(folder: Path, port: int, *, security: str = "none", extra_mail: str = "",
                   top: str = "") -> Path:
    path = folder / "kzbrief.toml"
    path.write_text(f"""{top}
out = "out"
[branding]
name = "Central Asia Desk"
classification = "For internal use"
[mail]
from = "Аналитический отдел <desk@example.org>"
to = ["Анна Петрова <anna@example.ru>", "ops@example.org"]
bcc = ["archive@example.org"]
host = "127.0.0.1"
port = {port}
security = "{security}"
retries = 2
retry_delay = 0.05
timeout = 5
{extra_mail}
""", encoding="utf-8")
    return path


@pytest.fixture
def briefs(sample_build, tmp_path) -> list[Path]:
    """The sample brief's PDF (and its JSON twin) under a Cyrillic name, and its Markdown."""
    _, paths, _ = sample_build
    folder = tmp_path / "briefs"
    folder.mkdir()
    pdf = folder / "посредничество.en.pdf"
    shutil.copy(paths["pdf"], pdf)
    shutil.copy(paths["json"], folder / "посредничество.en.json")
    markdown = folder / "mediation.en.md"
    shutil.copy(paths["md"], markdown)
    return [pdf, markdown]


def test_the_server_receives_a_conforming_message_with_both_bodies_and_exact_attachments(tmp_path, briefs,
                                                                                         sample_build):
    _, _, data = sample_build
    with Server() as server:
        settings = write_settings(tmp_path, server.port)
        result = run_cli("mail", *map(str, briefs), "--send", "--config", str(settings), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    [received] = server.received
    assert received.sender == "desk@example.org"
    assert sorted(received.recipients) == ["anna@example.ru", "archive@example.org", "ops@example.org"]
    header_block = received.raw.split(b"\r\n\r\n", 1)[0]
    header_block.decode("ascii")  # RFC 5322: headers are ASCII; Cyrillic is encoded (RFC 2047 / 2231)
    assert b"archive@example.org" not in header_block  # Bcc only in the envelope
    assert b"?q??=" not in header_block and b"?b??=" not in header_block  # no empty encoded-word
    message = received.message
    assert str(message["From"]) == "Аналитический отдел <desk@example.org>"
    assert str(message["To"]) == "Анна Петрова <anna@example.ru>, ops@example.org"
    assert str(message["Subject"]).startswith(data["title"])
    assert message["Message-ID"].endswith("@example.org>") and message["Date"]
    assert message.get_content_type() == "multipart/mixed"
    body = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert body is not None and html is not None and body is not html
    first_point = data["sections"][0]["items"][0]["text"]
    assert first_point in body.get_content() and "FOR INTERNAL USE" in body.get_content()
    from html import escape

    assert escape(first_point, quote=False) in html.get_content()
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(attachments) == {b.name for b in briefs}  # the Cyrillic name survives the round trip
    assert re.search(rb"filename\*(0\*)?=utf-8''%D0%BF", received.raw)  # ... encoded per RFC 2231
    for path in briefs:
        assert attachments[path.name].get_payload(decode=True) == path.read_bytes()  # byte for byte
    assert attachments[briefs[0].name].get_content_type() == "application/pdf"
    pdf = PdfReader(io.BytesIO(attachments[briefs[0].name].get_payload(decode=True)))
    assert len(pdf.pages) >= 1 and pdf.metadata.title == data["title"]
    log = [json.loads(line) for line in (tmp_path / "out" / "delivery-log.jsonl").read_text().splitlines()]
    assert [e["status"] for e in log] == ["sent"] and log[0]["message_id"] == message["Message-ID"]
    assert sorted(log[0]["files"]) == sorted(b.name for b in briefs)


def test_a_temporary_refusal_is_retried_and_then_accepted(tmp_path, briefs):
    with Server() as server:
        server.recorder.refusals = ["451 4.7.1 Greylisted, try again later"]
        settings = write_settings(tmp_path, server.port)
        result = run_cli("mail", str(briefs[0]), "--send", "--config", str(settings), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert len(server.received) == 1 and server.recorder.data_attempts == 2
    assert "451 4.7.1 Greylisted" in result.stderr and "trying again" in result.stderr
    assert not list((tmp_path / "out" / "outbox").glob("*")) if (tmp_path / "out" / "outbox").exists() else True


def test_a_server_that_is_down_leaves_the_message_in_the_outbox_and_retry_sends_it(tmp_path, briefs):
    from tests.smtp_server import free_port

    port = free_port()
    settings = write_settings(tmp_path, port)
    result = run_cli("mail", *map(str, briefs), "--send", "--config", str(settings), cwd=tmp_path)
    assert result.returncode == 1
    assert "connection refused" in result.stderr and "gave up after 3 attempts" in result.stderr
    outbox = tmp_path / "out" / "outbox"
    [eml] = outbox.glob("*.eml")
    meta = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
    assert "connection refused" in meta["reason"] and meta["attempts"] == 3
    assert "archive@example.org" in meta["recipients"]  # the Bcc recipient is not lost
    kept = eml.read_bytes()

    with Server() as server:
        server.port  # noqa: B018
        settings = write_settings(tmp_path, server.port)
        result = run_cli("mail", "--retry", "--config", str(settings), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        [received] = server.received
    assert received.raw.rstrip(b"\r\n") == kept.rstrip(b"\r\n")  # the very message that was kept
    assert sorted(received.recipients) == ["anna@example.ru", "archive@example.org", "ops@example.org"]
    assert not list(outbox.glob("*"))
    log = [json.loads(line) for line in (tmp_path / "out" / "delivery-log.jsonl").read_text().splitlines()]
    assert [e["status"] for e in log] == ["queued", "sent"] and log[0]["message_id"] == log[1]["message_id"]
    again = run_cli("mail", "--retry", "--config", str(settings), cwd=tmp_path)
    assert again.returncode == 0 and "outbox empty" in again.stdout


def test_a_message_the_log_has_as_sent_is_never_sent_again(tmp_path, briefs):
    with Server() as server:
        settings = write_settings(tmp_path, server.port)
        assert run_cli("mail", str(briefs[0]), "--send", "--config", str(settings), cwd=tmp_path).returncode == 0
        # a crash after the server took it but before the outbox entry was removed leaves this behind:
        [sent] = server.received
        from kzbrief.mail.outbox import Outbox

        outbox = Outbox(tmp_path / "out")
        message = sent.message
        outbox.queue(message, "desk@example.org", ("ops@example.org",), "crash", 1,
                     __import__("datetime").datetime.now().astimezone())
        result = run_cli("mail", "--retry", "--config", str(settings), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "was sent already" in result.stdout and len(server.received) == 1
    assert not list(outbox.folder.glob("*"))


def test_authentication_failure_is_one_clear_line_and_the_message_is_kept(tmp_path, briefs, monkeypatch):
    with Server(login=True) as server:
        settings = write_settings(tmp_path, server.port,
                                  extra_mail=f'username = "{USER}"\npassword_env = "KZBRIEF_TEST_SMTP"')
        env = {**os.environ, "KZBRIEF_TEST_SMTP": "wrong"}
        result = run_cli("mail", str(briefs[0]), "--send", "--config", str(settings), cwd=tmp_path, env=env)
        assert result.returncode == 1 and server.received == []
        [line] = result.stderr.strip().splitlines()
        assert line.startswith(f"kzbrief: not sent: 127.0.0.1:{server.port} refused the login for desk: 535")
        assert "wrong" not in result.stderr
        assert len(list((tmp_path / "out" / "outbox").glob("*.eml"))) == 1
        env["KZBRIEF_TEST_SMTP"] = PASSWORD
        result = run_cli("mail", "--retry", "--config", str(settings), cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stderr
        assert len(server.received) == 1


def test_starttls_with_a_certificate_made_by_the_test(tmp_path, briefs):
    import trustme

    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    with Server(login=True, tls=server_context) as server:
        untrusted = write_settings(tmp_path, server.port, security="starttls",
                                   extra_mail=f'username = "{USER}"\npassword_file = "secret"')
        (tmp_path / "secret").write_text(PASSWORD + "\n", encoding="utf-8")
        result = run_cli("mail", str(briefs[0]), "--send", "--config", str(untrusted), cwd=tmp_path)
        assert result.returncode == 1 and "certificate is not trusted" in result.stderr
        assert "mail.ca_file" in result.stderr and server.received == []

        trusted = write_settings(tmp_path, server.port, security="starttls",
                                 extra_mail=f'username = "{USER}"\npassword_file = "secret"\nca_file = "ca.pem"')
        result = run_cli("mail", "--retry", "--config", str(trusted), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        [received] = server.received
    assert received.message.get_body(("plain",)) is not None


def test_a_server_without_starttls_is_refused_when_starttls_is_asked_for(tmp_path, briefs):
    with Server() as server:
        settings = write_settings(tmp_path, server.port, security="starttls")
        result = run_cli("mail", str(briefs[0]), "--send", "--config", str(settings), cwd=tmp_path)
        assert result.returncode == 1 and "does not offer STARTTLS" in result.stderr and server.received == []


@pytest.mark.parametrize("args, message", [
    (("--to", "anna@"), "--to is not a valid e-mail address: 'anna@'"),
    (("--to", "Анна"), "--to is not a valid e-mail address"),
    (("missing.pdf",), "cannot attach missing.pdf: No such file or directory"),
    (("--send", "--eml", "x.eml"), "choose --send or --eml, not both"),
    (("--subject", "Weekly brief\r\nBcc: all@example.org"), "the subject holds a line break (or NUL)"),
    (("--force",), "--force goes with --retry"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_is_sent(tmp_path, briefs, args, message):
    with Server() as server:
        settings = write_settings(tmp_path, server.port)
        files = [] if args[0] == "missing.pdf" else [str(briefs[0])]
        send = [] if "--send" in args else ["--send"]
        result = run_cli("mail", *files, *args, *send, "--config", str(settings), cwd=tmp_path)
        assert result.returncode == 2, result.stdout + result.stderr
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("kzbrief: error: ") and message in line
        assert server.received == [] and server.recorder.data_attempts == 0
    assert not (tmp_path / "out" / "outbox").exists()


def test_eml_writes_the_message_for_other_means_and_sends_nothing(tmp_path, briefs):
    with Server() as server:
        settings = write_settings(tmp_path, server.port)
        result = run_cli("mail", *map(str, briefs), "--eml", "brief.eml", "--config", str(settings), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert server.received == []
    from email import message_from_bytes
    from email.policy import default

    written = (tmp_path / "brief.eml").read_bytes()
    message = message_from_bytes(written, policy=default)
    assert {p.get_filename() for p in message.iter_attachments()} == {b.name for b in briefs}
    assert message["Bcc"] == "archive@example.org"  # kept for the client that will send it
    again = run_cli("mail", *map(str, briefs), "--eml", "brief.eml", "--config", str(settings), cwd=tmp_path)
    assert again.returncode == 2 and "exists already; kzbrief does not overwrite it" in again.stderr
    assert (tmp_path / "brief.eml").read_bytes() == written
    preview = run_cli("mail", str(briefs[0]), "--config", str(settings), cwd=tmp_path)  # no --send: a preview
    assert preview.returncode == 0 and "not sent: add --send" in preview.stdout
    assert "\nBcc: archive@example.org\n" in preview.stdout  # the envelope's recipients the headers do not show
    assert "Attachment: посредничество.en.pdf (application/pdf" in preview.stdout


def test_the_body_comes_from_the_json_a_pdf_carries_when_there_is_no_twin(tmp_path, sample_build):
    from kzbrief.mail.compose import brief_data_of

    _, paths, data = sample_build
    alone = tmp_path / "alone.pdf"
    shutil.copy(paths["pdf"], alone)
    assert brief_data_of(alone)["sections"] == data["sections"]


def test_a_server_that_never_answers_times_out_and_the_message_is_kept(tmp_path, briefs):
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    held = []
    stop = threading.Event()

    def accept_and_stay_silent():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])  # no greeting, ever
            except OSError:
                continue

    thread = threading.Thread(target=accept_and_stay_silent, daemon=True)
    thread.start()
    try:
        settings = write_settings(tmp_path, listener.getsockname()[1], extra_mail="")
        text = settings.read_text(encoding="utf-8").replace("timeout = 5", "timeout = 0.5").replace("retries = 2",
                                                                                                  "retries = 1")
        settings.write_text(text, encoding="utf-8")
        result = run_cli("mail", str(briefs[0]), "--send", "--config", str(settings), cwd=tmp_path, timeout=60)
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()
    assert result.returncode == 1
    assert "timed out" in result.stderr and "gave up after 2 attempts" in result.stderr
    assert len(held) == 2  # one connection per attempt
    assert len(list((tmp_path / "out" / "outbox").glob("*.eml"))) == 1


def test_a_lost_reply_to_the_message_is_held_never_resent_blindly(tmp_path, briefs):
    """The server takes the message, then its answer comes too late: kzbrief does not retry (which would deliver
    copies) but holds it as unclear; `--retry` leaves it; `--retry --force` sends it once more, on purpose."""
    with Server() as server:
        server.recorder.silent_after_data = 2.0
        settings = write_settings(tmp_path, server.port)
        settings.write_text(settings.read_text(encoding="utf-8").replace("timeout = 5", "timeout = 0.7"),
                            encoding="utf-8")
        result = run_cli("mail", str(briefs[0]), "--send", "--config", str(settings), cwd=tmp_path, timeout=60)
        assert result.returncode == 1
        assert "outcome unclear" in result.stderr and "it may have been delivered" in result.stderr
        assert len(server.received) == 1 and server.recorder.data_attempts == 1  # no blind retry
        retried = run_cli("mail", "--retry", "--config", str(settings), cwd=tmp_path, timeout=60)
        assert retried.returncode == 1 and "held:" in retried.stderr and "--retry --force" in retried.stderr
        assert len(server.received) == 1
        again = run_cli("mail", str(briefs[0]), "--send", "--config", str(settings), cwd=tmp_path, timeout=60)
        assert again.returncode == 2 and "not sent again" in again.stderr  # the same files: not without --resend
        server.recorder.silent_after_data = 0.0
        forced = run_cli("mail", "--retry", "--force", "--config", str(settings), cwd=tmp_path, timeout=60)
        assert forced.returncode == 0, forced.stderr
        assert len(server.received) == 2
    log = [json.loads(line) for line in (tmp_path / "out" / "delivery-log.jsonl").read_text().splitlines()]
    assert [e["status"] for e in log] == ["unclear", "sent"]
    assert not list((tmp_path / "out" / "outbox").glob("*.eml"))


def test_the_same_files_are_not_sent_twice_without_resend(tmp_path, briefs):
    with Server() as server:
        settings = write_settings(tmp_path, server.port)
        first = run_cli("mail", str(briefs[0]), "--send", "--config", str(settings), cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        second = run_cli("mail", str(briefs[0]), "--send", "--config", str(settings), cwd=tmp_path)
        assert second.returncode == 2 and "not sent again: these files went to" in second.stderr
        assert "--resend" in second.stderr and len(server.received) == 1
        other = run_cli("mail", str(briefs[0]), "--send", "--to", "someone@example.org", "--config",
                        str(settings), cwd=tmp_path)
        assert other.returncode == 0, other.stderr  # other recipients: another send
        again = run_cli("mail", str(briefs[0]), "--send", "--resend", "--config", str(settings), cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert len(server.received) == 3


def test_two_retries_at_once_send_each_message_once(tmp_path, briefs):
    """Two `mail --retry` runs started together against a slow server: the outbox lock lets one send; the
    other waits, then finds the message sent."""
    import subprocess
    import sys

    from tests.smtp_server import free_port

    settings = write_settings(tmp_path, free_port())
    assert run_cli("mail", str(briefs[0]), "--send", "--config", str(settings), cwd=tmp_path).returncode == 1
    with Server() as server:
        server.recorder.slow_data = 1.5
        settings = write_settings(tmp_path, server.port)
        exe = str(Path(sys.executable).with_name("kzbrief"))
        runs = [subprocess.Popen([exe, "mail", "--retry", "--config", str(settings)], cwd=tmp_path,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outcomes = [(run.wait(timeout=60), run.stdout.read(), run.stderr.read()) for run in runs]
        assert all(code == 0 for code, _, _ in outcomes), outcomes
        assert len(server.received) == 1
    assert any("waiting for another kzbrief run that is sending mail" in err for _, _, err in outcomes)
