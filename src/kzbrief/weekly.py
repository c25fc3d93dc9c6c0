"""The weekly routine, for cron or a systemd timer: ingest, build every configured topic in every configured language
and format for one ISO week into OUT/<week>/, and mail the result as set up in kzbrief.toml.

A quiet week (nothing on a topic in the window) is not an error: it is said, no empty brief is written, and the
run succeeds. Re-running a week rebuilds it; it is mailed again only when asked (`resend`), because the delivery
log records that this edition went.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kzbrief import clock
from kzbrief.errors import NothingToBrief
from kzbrief.model import Brief
from kzbrief.progress import Reporter
from kzbrief.settings import Settings


@dataclass
class WeeklyResult:
    week: str
    out_dir: Path
    written: list[Path] = field(default_factory=list)
    editions: list[Brief] = field(default_factory=list)
    quiet: list[str] = field(default_factory=list)       # one line per topic with nothing this week
    missing: list[str] = field(default_factory=list)     # languages that could not be made (no model)
    mail: str = ""                                       # what happened to the mail, in words
    mail_failed: bool = False
    preview: list[str] = field(default_factory=list)     # with dry_run: what would be sent

    @property
    def sources(self) -> int:
        return len({(s.source_file, s.doc_id) for brief in self.editions for s in brief.sources})

    def summary(self) -> str:
        """One line: briefs written, sources used, quiet topics, what happened to the mail."""
        briefs = len({(b.topic.name, b.language) for b in self.editions})
        parts = [f"{counted(briefs, 'brief')} written to {self.out_dir} from {counted(self.sources, 'source')}"
                 if briefs else "no brief written"]
        if self.quiet:
            parts.append(counted(len(self.quiet), "quiet topic"))
        if self.missing:
            parts.append(f"{counted(len(self.missing), 'brief')} missing a translation model")
        return f"{self.week}: {'; '.join(parts)}; {self.mail}"


def plural(number: int, noun: str) -> str:
    return noun if number == 1 else f"{noun}s"


def counted(number: int, noun: str) -> str:
    return f"{number} {plural(number, noun)}"


def run_weekly(settings: Settings, *, week: str | None = None, today: dt.date | None = None,
               dry_run: bool = False, resend: bool = False, reporter: Reporter | None = None,
               now: dt.datetime | None = None, hold: bool = False) -> WeeklyResult:
    """`hold`: build the edition and stop, recording it as awaiting approval (mail/approval.py): an analyst
    reads and edits it, then `kzbrief mail approve WEEK` sends it."""
    from kzbrief.config import resolve_topic
    from kzbrief.mail import Outbox
    from kzbrief.mail.approval import check_rebuild
    from kzbrief.pipeline import build, ingest
    from kzbrief.render import RenderOptions
    from kzbrief.window import iso_week, last_complete_week, make_window

    reporter = reporter or Reporter()
    now = clock.now(now)
    year, number, _ = iso_week(week or last_complete_week(today or now.date()))[0].isocalendar()
    week = f"{year}-W{number:02d}"  # one spelling for folders and the delivery log, however it was typed
    # an edition awaiting approval (or approved, not yet gone) that an analyst edited is never rebuilt
    check_rebuild(settings.out, week, sent=bool(Outbox(settings.out).edition_sent(week)))
    window = make_window(week=week, undated=settings.undated)
    topics = [resolve_topic(name, None, settings.topics_file) for name in settings.topics or [None]]
    result = WeeklyResult(week, settings.out / week)
    languages = ", ".join(settings.languages)
    reporter.info(f"weekly run for {week} ({window.since} – {window.until}): {counted(len(topics), 'topic')}, "
                  f"{plural(len(settings.languages), 'language')} {languages}")
    if window.until and window.until >= now.date():
        reporter.warn(f"the week {week} has not ended yet: its brief will miss what comes later")

    with reporter.step(f"ingest {settings.corpus}") as advance:
        report = ingest(settings.corpus, settings.index, progress=advance)
    for skipped in report.skipped:
        reporter.warn(f"skipped {skipped}")
    reporter.detail(f"{len(report.added)} added, {len(report.updated)} updated, {report.unchanged} unchanged, "
                    f"{len(report.removed)} removed; {report.documents} documents")

    render = RenderOptions(template_dir=settings.template_dir, pdf_variant=settings.pdf_variant,
                           paper=settings.paper, branding=settings.branding, embed_sources=settings.embed_sources,
                           quote_context=settings.quote_context)
    for topic in topics:
        try:
            with reporter.step(f"{topic.name}: brief in {', '.join(settings.languages)} "
                               f"(select, summarize, translate where needed, render)"):
                built = build(settings.corpus, topic, formats=list(settings.formats), out_dir=result.out_dir,
                              max_items=settings.max_items, render=render, now=now, index=settings.index,
                              update_index=False, method=settings.method, max_words=settings.max_words,
                              window=window, languages=settings.languages)
        except NothingToBrief as quiet:
            hint = "; undated documents are left out (undated = true in the settings takes them in)" \
                if quiet.undated_left_out else ""
            result.quiet.append(f"{topic.name}: quiet week, no brief ({quiet.reason}{hint})")
            reporter.info(result.quiet[-1])
            continue
        result.written += built.paths
        result.editions += built.editions
        result.missing += [f"{topic.name}: {line}" for line in built.missing]
        for line in built.missing:
            reporter.warn(f"{topic.name}: {line}")
        for path in built.paths:
            reporter.detail(f"wrote {path}")
    if hold and not dry_run:
        _hold(settings, result, now)
    else:
        _mail(settings, result, dry_run=dry_run, resend=resend, reporter=reporter, now=now)
    return result


def _attachments(settings: Settings, written: list[Path]) -> list[Path]:
    """What the mail carries: the PDFs (else the Markdown), and the Markdown too with `attach_markdown`."""
    attachments = [p for p in written if p.suffix == ".pdf"] or [p for p in written if p.suffix == ".md"]
    if settings.mail.attach_markdown:
        attachments += [p for p in written if p.suffix == ".md" and p not in attachments]
    return attachments


def _hold(settings: Settings, result: WeeklyResult, now: dt.datetime) -> None:
    from kzbrief.mail.approval import hold

    attachments = _attachments(settings, result.written)
    if not attachments:
        result.mail = "nothing held: no brief this week"
        return
    hold(settings.out, result.week, attachments, result.written, now)
    result.mail = (f"held for approval: read and edit {result.out_dir}, render what you edit (kzbrief render), "
                   f"then `kzbrief mail approve {result.week}` sends it")


def approve_edition(settings: Settings, edition: str, *, reporter: Reporter | None = None,
                    now: dt.datetime | None = None) -> WeeklyResult:
    """Send an edition held for approval, as it is now on disk (after the analyst's edits), once: every brief is
    verified against the corpus first; the delivery log keeps it from going twice."""
    from kzbrief.errors import KzbriefError
    from kzbrief.mail import Outbox
    from kzbrief.mail.approval import held, mark_approved, release, verify_edition

    reporter = reporter or Reporter()
    now = clock.now(now)
    outbox = Outbox(settings.out)
    result = WeeklyResult(edition, settings.out / edition)
    with outbox.locked(reporter.info):
        found = held(settings.out, edition)
        earlier = outbox.edition_sent(edition)
        if earlier and found is not None:
            release(found)  # it went (a --retry of the approved message, or an unattended run): done with
        if earlier:
            raise KzbriefError(f"{edition} was sent already, on {earlier['time']} to "
                               f"{', '.join(earlier['to'])}: nothing sent")
        if found is not None and found.status == "approved":
            raise KzbriefError(f"{edition} was approved and its message waits in the outbox: kzbrief mail --retry "
                               "sends it")
        if found is None:
            raise KzbriefError(f"no edition {edition} awaits approval (a weekly run with hold=True makes one)",
                               cli=f"no edition {edition} awaits approval (kzbrief weekly --hold makes one)")
        problems = verify_edition(found, settings.corpus)
        if problems:
            for problem in problems:
                reporter.warn(f"mismatch: {problem}")
            raise KzbriefError(f"{edition} not sent: {len(problems)} problem(s) in its briefs (each listed above); "
                               "fix them and render again, or build the week again", exit_code=1)
        _send_edition(settings, result, outbox, dry_run=False, resend=False, reporter=reporter, now=now,
                      attachments=list(found.attachments))
        if result.mail_failed:  # approved, waiting in the outbox: the edits stay guarded until it goes
            mark_approved(found, now)
        else:
            release(found)
    return result


def _mail(settings: Settings, result: WeeklyResult, *, dry_run: bool, resend: bool, reporter: Reporter,
          now: dt.datetime) -> None:
    from kzbrief.mail import Outbox

    mail = settings.mail
    if not (mail.to or mail.cc or mail.bcc):
        result.mail = "not mailed: no recipients in the [mail] table of the settings"
        return
    attachments = _attachments(settings, result.written)
    if not attachments:
        result.mail = "not mailed: no brief this week"
        return
    outbox = Outbox(settings.out)
    if dry_run:
        _send_edition(settings, result, outbox, dry_run=dry_run, resend=resend, reporter=reporter, now=now,
                      attachments=attachments)
        return
    with outbox.locked(reporter.info):  # a second weekly run (cron overlap) waits, then finds this one's log line
        _send_edition(settings, result, outbox, dry_run=dry_run, resend=resend, reporter=reporter, now=now,
                      attachments=attachments)


def _send_edition(settings: Settings, result: WeeklyResult, outbox, *, dry_run: bool, resend: bool,
                  reporter: Reporter, now: dt.datetime, attachments: list) -> None:
    from kzbrief.mail import compose, deliver, preview
    from kzbrief.mail.compose import embedded_sources_warnings
    from kzbrief.briefdata import brief_data

    mail = settings.mail
    earlier = outbox.edition_sent(result.week)
    if earlier and not resend and not dry_run:
        how = "sent" if earlier["status"] == "sent" else "handed over, outcome unclear,"
        result.mail = (f"not mailed again: {result.week} was {how} on {earlier['time']} to "
                       f"{', '.join(earlier['to'])} (--resend sends it again)")
        return
    message, envelope = compose(mail, attachments,  # an approved edition's briefs are read from its files
                                briefs=[brief_data(b) for b in result.editions] if result.editions else None,
                                edition=result.week, branding=settings.branding, now=now,
                                template_dir=settings.template_dir)
    for warning in embedded_sources_warnings(attachments):
        reporter.warn(f"warning: {warning}")
    if dry_run:
        result.preview = preview(message, envelope)
        again = f" (already sent on {earlier['time']}; a real run would not send it again without --resend)" \
            if earlier and not resend else ""
        result.mail = f"dry run: not sent{again}"
        return
    for queued in outbox.pending():  # an earlier failed attempt at this edition is replaced by this message
        earlier_message = queued.message()
        if earlier_message.get("X-Kzbrief-Edition") == result.week:
            outbox.remove(queued)
            outbox.record(earlier_message, queued.sender, queued.recipients, "superseded", clock.wall_clock(),
                          reason=f"replaced by a new {result.week} message")
            reporter.info(f"the unsent {result.week} message {queued.eml.name} in the outbox is replaced by this run's")
    delivery = deliver(message, envelope, mail, outbox, log=reporter.info)
    if delivery.sent:
        _release_held(settings.out, result.week)  # gone: the edition no longer awaits approval
        result.mail = f"mailed to {', '.join(envelope.recipients)}"
    elif delivery.unclear:
        result.mail_failed = True
        result.mail = (f"OUTCOME UNCLEAR: {delivery.reason}; held in {outbox.folder}, not sent again (check, then "
                       "kzbrief mail --retry --force)")
    else:
        result.mail_failed = True
        result.mail = (f"NOT SENT: {delivery.reason}; kept in {outbox.folder} "
                       "(kzbrief mail --retry sends it)")


def _release_held(out_dir: Path, edition: str) -> None:
    from kzbrief.mail.approval import held, release

    found = held(out_dir, edition)
    if found is not None:
        release(found)
