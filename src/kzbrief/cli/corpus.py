"""Commands on the corpus and its index: ingest, list, search; the topics a brief can be built on."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kzbrief.cli.app import ConfigOption, CorpusOption, IndexOption, fail, settings_of, app, print_skips


@app.command()
def search(
    query: Annotated[str, typer.Argument(metavar="QUERY", help="Words to look for (stemmed, English and Russian).")],
    corpus: CorpusOption = None,
    index: IndexOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000, metavar="N", help="Most sentences shown.",
                                       show_default=True)] = 20,
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Only documents dated on or "
                                                 "after DATE.")] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Only documents dated on or "
                                                 "before DATE.")] = None,
    undated: Annotated[bool, typer.Option("--undated", help="With a window: undated documents too.")] = False,
    config: ConfigOption = None,
) -> None:
    """Print the sentences that match a query, best first, with their source and date.

    Examples:

      kzbrief search "Astana process"

      kzbrief search "переговоры Баку Ереван" --limit 5
    """
    from kzbrief.config import topic_from_query
    from kzbrief.errors import KzbriefError
    from kzbrief.ingest import ingest_corpus
    from kzbrief.pipeline import open_index
    from kzbrief.select import select_from_store
    from kzbrief.window import make_window

    settings = settings_of(config)
    corpus, index = corpus or settings.corpus, index or settings.index
    try:
        topic = topic_from_query(query)
        window = make_window(since, until, None, None, undated)
        with open_index(corpus, index) as store:
            ingest_corpus(corpus, store)
            candidates = select_from_store(store, topic, window)[:limit]
            documents = {d.id: d for d in store.documents({c.sentence.doc_id for c in candidates})}
    except KzbriefError as error:
        raise fail(error.cli, error.exit_code)
    if not candidates:
        raise fail(f"no sentence matches {query!r}", 1)
    for c in candidates:
        d = documents[c.sentence.doc_id]
        typer.echo(f"{c.score:6.2f}  {d.date or '—':<10}  {d.id}  {c.sentence.text}")


@app.command()
def ingest(corpus: CorpusOption = None, index: IndexOption = None, config: ConfigOption = None) -> None:
    """Read the corpus into its index: new and changed files are processed, deleted ones leave.

    Prints what happened (added, updated, unchanged, removed, skipped) and names every skipped file with
    the reason. `kzbrief build` does this by itself; run it alone to check a corpus.

    Examples:

      kzbrief ingest

      kzbrief ingest --corpus ~/articles
    """
    from kzbrief.errors import KzbriefError
    from kzbrief.pipeline import ingest as run_ingest
    from kzbrief.progress import Reporter

    settings = settings_of(config)
    try:
        with Reporter().step("indexing the corpus", patient=True) as advance:
            report = run_ingest(corpus or settings.corpus, index or settings.index, advance)
    except KzbriefError as error:
        raise fail(error.cli, error.exit_code)
    print_skips(report)
    rebuilt = " (index rebuilt: it was made by another kzbrief version)" if report.rebuilt else ""
    if report.reread:
        rebuilt += f" ({report.reread} file(s) read again under this version's rules)"
    typer.echo(f"{len(report.added)} added, {len(report.updated)} updated, {report.unchanged} unchanged, "
               f"{len(report.removed)} removed, {len(report.skipped)} skipped; {report.documents} documents, "
               f"{report.duplicate_pairs} new duplicate pair(s); {report.seconds:.1f} s{rebuilt}")


@app.command()
def corpus(
    corpus: CorpusOption = None,
    index: IndexOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    no_ingest: Annotated[bool, typer.Option("--no-ingest", help="Show the index as it is.")] = False,
    config: ConfigOption = None,
) -> None:
    """List the documents of the corpus as ingestion saw them.

    One line per document: id, date, language, share of the file removed as page chrome, publisher, title,
    and the documents it duplicates. Use it to see and fix what ingestion did.

    Examples:

      kzbrief corpus

      kzbrief corpus --json > documents.json
    """
    import json

    from kzbrief.errors import KzbriefError
    from kzbrief.ingest import ingest_corpus
    from kzbrief.pipeline import open_index

    settings = settings_of(config)
    corpus, index = corpus or settings.corpus, index or settings.index
    try:
        with open_index(corpus, index) as store:
            report = None if no_ingest else ingest_corpus(corpus, store)
            documents = store.documents()
            duplicates = store.duplicates()
    except KzbriefError as error:
        raise fail(error.cli, error.exit_code)
    if report:
        print_skips(report)
    if as_json:
        rows = [{"id": d.id, "file": d.source_file, "title": d.title, "publisher": d.publisher, "author": d.author,
                 "date": d.date, "date_source": d.date_source, "language": d.language, "encoding": d.encoding,
                 "removed_share": round(d.removed_share, 3),
                 "duplicates": [{"id": other, "similarity": value} for other, value in duplicates.get(d.id, [])]}
                for d in documents]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max((len(d.id) for d in documents), default=2)
    typer.echo(f"{'id':<{width}}  {'date':<10}  lang  chrome  {'publisher':<16}  title")
    for d in documents:
        dups = duplicates.get(d.id, [])
        dup_text = f"  [duplicates: {', '.join(other for other, _ in dups)}]" if dups else ""
        typer.echo(f"{d.id:<{width}}  {d.date or '—':<10}  {d.language:<4}  {d.removed_share:>5.0%}  "
                   f"{(d.publisher or '—')[:16]:<16}  {d.title or '—'}{dup_text}")


@app.command()
def topics(
    topics_file: Annotated[Optional[Path], typer.Option("--topics", metavar="FILE", help="Your topics.toml.")] = None,
    config: ConfigOption = None,
) -> None:
    """List the topics a brief can be built on.

    Example: kzbrief topics
    """
    from kzbrief.config import load_topics
    from kzbrief.errors import KzbriefError

    settings = settings_of(config)
    try:
        known, default = load_topics(topics_file or settings.topics_file)
    except KzbriefError as error:
        raise fail(error.cli, error.exit_code)
    for name in sorted(known):
        mark = " (default)" if name == default else ""
        typer.echo(f"{name}{mark}\t{known[name].title}")
