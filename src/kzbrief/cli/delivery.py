"""Commands that deliver briefs: mail them (and approve a held edition), and the weekly run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kzbrief.cli.app import ConfigOption, NowOption, WHEN, fail, clock_of, settings_of, app


@app.command()
def mail(
    files: Annotated[Optional[list[Path]], typer.Argument(metavar="FILE", help="Files to attach: the briefs' "
                                                          "PDFs (and Markdown, JSON...).")] = None,
    to: Annotated[Optional[list[str]], typer.Option("--to", metavar="ADDRESS", help="Recipient; repeat for "
                                                    "several [default: the settings' mail.to].")] = None,
    cc: Annotated[Optional[list[str]], typer.Option("--cc", metavar="ADDRESS", help="Copy recipient; repeat "
                                                    "for several [default: the settings' mail.cc].")] = None,
    subject: Annotated[Optional[str], typer.Option("--subject", metavar="TEXT", help="Subject [default: the "
                                                   "settings' mail.subject, from the briefs' titles].")] = None,
    do_send: Annotated[bool, typer.Option("--send", help="Send it now (otherwise: show what would be sent).")] = False,
    eml: Annotated[Optional[Path], typer.Option("--eml", metavar="PATH", help="Write the message to a file "
                                                "(RFC 5322 .eml) instead of sending it.")] = None,
    retry: Annotated[bool, typer.Option("--retry", help="Send the messages waiting in the outbox.")] = False,
    force: Annotated[bool, typer.Option("--force", help="With --retry: send held messages too (their outcome was "
                                        "unclear: the server may have them; check first).")] = False,
    resend: Annotated[bool, typer.Option("--resend", help="With --send: send these files to these recipients "
                                         "again, though the delivery log says they went.")] = False,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", metavar="DIR", help="Where the outbox and the "
                                                "delivery log live [default: the settings' out, else out].")] = None,
    now: Annotated[Optional[str], typer.Option("--now", metavar="WHEN", help="Date the message WHEN: its Date "
                                               f"header and the subject's date {WHEN}")] = None,
    config: ConfigOption = None,
) -> None:
    """Mail briefs: one message with the key points as its body and the files attached.

    The body (text and HTML) holds the key points of each brief, read from the brief's JSON beside the file or
    from the JSON a PDF/A brief carries. A message that cannot be sent (server down, refused, login failed) is
    kept in OUT/outbox/ with the reason; `kzbrief mail --retry` sends it later. Every attempt is logged in
    OUT/delivery-log.jsonl, and a message is never sent twice.

    Exit code 0: sent (or shown, or written); 1: not sent, kept in the outbox; 2: bad input, nothing sent.

    Examples:

      kzbrief mail out/mediation.en.pdf out/mediation.ru.pdf            (show what would be sent)

      kzbrief mail out/mediation.en.pdf --to anna@example.org --send

      kzbrief mail out/mediation.en.pdf --eml out/brief.eml

      kzbrief mail --retry

      kzbrief mail approve 2026-W47     (send an edition `kzbrief weekly --hold` built, after any edits)
    """
    from kzbrief.errors import KzbriefError
    from kzbrief.mail import Outbox, compose, deliver, preview, retry_outbox, shown_addresses
    from kzbrief.mail.compose import embedded_sources_warnings
    from kzbrief.outputs import write_atomic

    settings = settings_of(config)
    if files and str(files[0]) == "approve":
        _approve([str(f) for f in files[1:]], settings, now)
        return
    outbox = Outbox(out or settings.out)
    say = lambda line: typer.echo(f"kzbrief: {line}", err=True)  # noqa: E731
    try:
        if force and not retry:
            raise KzbriefError("--force goes with --retry (it sends held messages again)")
        if retry:
            if files or eml:
                raise KzbriefError("--retry sends what waits in the outbox; give no files and no --eml with it")
            results = retry_outbox(settings.mail, outbox, force=force, log=say)
            if not results:
                typer.echo(f"outbox empty ({outbox.folder})")
            failed = 0
            for result in results:
                if result.held:
                    failed += 1
                    typer.echo(f"kzbrief: held: {result.queued.eml.name}: {result.queued.reason}; check with the "
                               "recipients or the server, then `kzbrief mail --retry --force` sends it again (or "
                               "remove it from the outbox)", err=True)
                elif result.delivery is None:
                    typer.echo(f"{result.queued.eml.name}: was sent already (delivery log); removed from the outbox")
                elif result.delivery.sent:
                    typer.echo(f"sent {result.queued.eml.name} to {', '.join(result.queued.recipients)}")
                else:
                    failed += 1
                    typer.echo(f"kzbrief: not sent: {result.queued.eml.name}: {result.delivery.reason}", err=True)
            if failed:
                raise typer.Exit(1)
            return
        if not files:
            raise KzbriefError("give the files to attach (or --retry to send the outbox)")
        if do_send and eml:
            raise KzbriefError("choose --send or --eml, not both")
        message, envelope = compose(settings.mail, list(files), to=to, cc=cc, subject=subject,
                                    branding=settings.branding, template_dir=settings.template_dir, now=clock_of(now))
        for warning in embedded_sources_warnings(list(files)):
            typer.echo(f"kzbrief: warning: {warning}", err=True)
        if eml:
            if eml.exists():
                raise KzbriefError(f"{eml} exists already; kzbrief does not overwrite it: give another path, or "
                                   "remove it first")
            shown = shown_addresses(message)
            hidden = [r for r in envelope.recipients if r not in shown]
            if hidden:  # a message for other means keeps its blind copies: the mail client sending it reads them
                message["Bcc"] = ", ".join(hidden)
            raw = message.as_bytes()
            try:
                write_atomic(eml, raw)
            except OSError as error:
                raise KzbriefError(f"cannot write {eml}: {error.strerror or error}")
            typer.echo(f"wrote {eml} ({len(raw) / 1024:.0f} KB) for "
                       f"{', '.join(envelope.recipients)}")
            return
        if not do_send:
            for line in preview(message, envelope):
                typer.echo(line)
            typer.echo("not sent: add --send to send it, or --eml PATH to write it to a file")
            return
        with outbox.locked(say):
            earlier = outbox.content_sent(message, envelope.recipients)
            if earlier and not resend:
                raise KzbriefError(f"not sent again: these files went to {', '.join(earlier['to'])} on "
                                   f"{earlier['time']} ({earlier['status']}; --resend sends them again)")
            delivery = deliver(message, envelope, settings.mail, outbox, log=say)
    except KzbriefError as error:
        raise fail(error.cli, error.exit_code)
    if delivery.sent:
        refused = f" (refused: {', '.join(delivery.refused)})" if delivery.refused else ""
        typer.echo(f"sent to {', '.join(envelope.recipients)}: {message['Subject']}{refused}")
        return
    if delivery.unclear:
        typer.echo(f"kzbrief: outcome unclear: {delivery.reason}; held in {outbox.folder}, not sent again "
                   "(check, then: kzbrief mail --retry --force)", err=True)
    else:
        typer.echo(f"kzbrief: not sent: {delivery.reason}; kept in {outbox.folder} "
                   "(send it later with: kzbrief mail --retry)", err=True)
    raise typer.Exit(1)


def _approve(editions: list[str], settings, now: str | None) -> None:
    """`kzbrief mail approve EDITION`: send an edition held for approval, once."""
    from kzbrief.errors import KzbriefError
    from kzbrief.progress import Reporter
    from kzbrief.weekly import approve_edition

    if len(editions) != 1:
        raise fail("give one edition to approve, e.g. kzbrief mail approve 2026-W47")
    try:
        result = approve_edition(settings, editions[0], reporter=Reporter(), now=clock_of(now))
    except KzbriefError as error:
        raise fail(error.cli, error.exit_code)
    typer.echo(f"{editions[0]}: {result.mail}")
    if result.mail_failed:
        raise typer.Exit(1)


@app.command()
def weekly(
    week: Annotated[Optional[str], typer.Option("--week", metavar="YYYY-Www", help="The ISO week to brief "
                                                "[default: the last complete week].")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do everything but send; print what would be "
                                                            "sent.")] = False,
    resend: Annotated[bool, typer.Option("--resend", help="Mail the week again even if the delivery log says "
                                                          "it went.")] = False,
    hold: Annotated[bool, typer.Option("--hold", help="Build the week's briefs and stop: they await approval "
                                                      "(`kzbrief mail approve WEEK` sends them, after any edits "
                                                      "and `kzbrief render`).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="Only warnings and errors (and the summary).")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="Say more: every file written, ingest counts.")] = False,
    now: NowOption = None,
    config: ConfigOption = None,
) -> None:
    """The weekly run: ingest, build every configured topic in every language and format, mail them.

    Briefs cover the ISO week asked for (default: the last complete one) and go to OUT/<week>/ (e.g.
    out/2026-W47/); topics, languages, formats, branding and mail come from kzbrief.toml. A quiet week (nothing
    on a topic) writes no brief for it and is not an error. Re-running a week rebuilds it but mails it again only
    with --resend. A progress bar shows on a terminal; under cron, plain log lines.

    Exit code 0: done (also a quiet week); 1: briefs written but the mail not sent (kept in OUT/outbox/, see
    kzbrief mail --retry) or a language without its model; 2: could not run (settings, corpus, topics).

    Examples:

      kzbrief weekly

      kzbrief weekly --week 2026-W47 --dry-run

      kzbrief weekly --hold      (then read, edit, render; kzbrief mail approve 2026-W47 sends it)

      kzbrief weekly --now 2026-11-23T07:00 --dry-run   (the run cron made that Monday morning)

      kzbrief weekly --config /etc/kzbrief/kzbrief.toml --quiet
    """
    from kzbrief.errors import KzbriefError
    from kzbrief.progress import Reporter
    from kzbrief.weekly import run_weekly

    if quiet and verbose:
        raise fail("choose --quiet or --verbose, not both")
    settings = settings_of(config)
    reporter = Reporter(quiet=quiet, verbose=verbose)
    try:
        result = run_weekly(settings, week=week, dry_run=dry_run, resend=resend, reporter=reporter, now=clock_of(now),
                            hold=hold)
    except KzbriefError as error:
        raise fail(error.cli, error.exit_code)
    for line in result.preview:
        typer.echo(line)
    typer.echo(result.summary())
    if result.mail_failed or result.missing:
        raise typer.Exit(1)
