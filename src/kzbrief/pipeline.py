"""The pipeline as plain function calls: corpus -> index -> candidates -> Brief -> files.

The CLI is a thin face over these; tests and other programs call them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from kzbrief import clock
from kzbrief.errors import KzbriefError, NothingToBrief
from kzbrief.ingest import IngestReport, check_corpus_dir, ingest_corpus
from kzbrief.languages import LANGUAGE_NAMES
from kzbrief.model import Brief, Topic
from kzbrief.outputs import brief_files, parallel_file, write_files
from kzbrief.quotes import with_context
from kzbrief.rank import DEFAULT_METHOD, rank_candidates
from kzbrief.render import RenderOptions
from kzbrief.select import SelectionReport, select_from_store
from kzbrief.store import Store, default_index_path
from kzbrief.summarize import DEFAULT_MAX_WORDS, brief_from_sections, choose, cited_ids
from kzbrief.verify import verify_brief
from kzbrief.window import Window


@dataclass
class BuildResult:
    brief: Brief
    paths: list[Path]
    report: IngestReport | None = None
    missing: list[str] = field(default_factory=list)  # one line per language that could not be written
    editions: list[Brief] = field(default_factory=list)  # the brief in each language written
    warnings: list[str] = field(default_factory=list)  # what a brief left out or chose for itself, one line each


def open_index(corpus_dir: Path, index: Path | None = None) -> Store:
    check_corpus_dir(corpus_dir)
    return Store(index or default_index_path(corpus_dir))


def ingest(corpus_dir: Path, index: Path | None = None, progress=None) -> IngestReport:
    with open_index(corpus_dir, index) as store:
        return ingest_corpus(corpus_dir, store, progress)


def make_brief(corpus_dir: Path, topic: Topic, *, max_items: int, language: str = "en",
               now: datetime | None = None, index: Path | None = None, update_index: bool = True,
               method: str = DEFAULT_METHOD, max_words: int = DEFAULT_MAX_WORDS,
               window: Window | None = None, progress=None) -> tuple[Brief, IngestReport | None]:
    """Bring the index up to date (unless told not to) and summarize it on the topic, inside the date window.
    Raises KzbriefError when there is nothing to brief (with the ingest report as its `report`: what was skipped
    or read only in part may be why)."""
    with open_index(corpus_dir, index) as store:
        report = ingest_corpus(corpus_dir, store, progress) if update_index else None
        try:
            return _brief_from_store(store, report, corpus_dir, topic, max_items=max_items, language=language,
                                     now=now, method=method, max_words=max_words, window=window)
        except KzbriefError as error:
            error.report = report
            raise


def _brief_from_store(store, report, corpus_dir: Path, topic: Topic, *, max_items: int, language: str,
                      now: datetime | None, method: str, max_words: int,
                      window: Window | None) -> tuple[Brief, IngestReport | None]:
    total = store.document_count()
    if not total and report is None:
        empty = f"the index {store.path} holds no articles yet"
        raise KzbriefError(f"{empty}: ingest the corpus first (update_index=True)",
                           cli=f"{empty}: build without --no-ingest (or run kzbrief ingest) first")
    if not total:
        skipped = f" ({len(report.skipped)} file(s) skipped)" if report.skipped else ""
        raise KzbriefError(f"no readable articles in {corpus_dir}{skipped}")
    if window is not None and not store.documents_in_window(window):
        raise NothingToBrief(f"no document in the window {window.label}",
                             undated_left_out=not window.include_undated)
    selection = SelectionReport()
    candidates = select_from_store(store, topic, window, selection)
    if not candidates:
        where = f" in the window {window.label}" if window else ""
        asked = f"the query '{topic.statement}'" if topic.adhoc else f"topic '{topic.name}' ({topic.title})"
        raise NothingToBrief(f"no sentence in {corpus_dir}{where} matches {asked}")
    sections = choose(rank_candidates(candidates, method, max_words), candidates, max_items=max_items,
                      max_words=max_words)
    if not any(sections.values()):  # every match shares a word or two with the query, no more
        where = f" in the window {window.label}" if window else ""
        raise NothingToBrief(f"nothing in {corpus_dir}{where} speaks enough of '{topic.title}': "
                             f"{len(candidates):,} sentence(s) share only some of its words, or cannot stand "
                             f"alone (other words for it may find more)")
    documents = {d.id: d for d in store.documents(cited_ids(sections))}
    brief = brief_from_sections(sections, documents, topic, language=language,
                                generated=clock.now(now), corpus_documents=total,
                                method=method, window=window,
                                mark_undated=bool(window and window.include_undated))
    spans = store.sentence_spans(s.doc_id for s in brief.sources)  # where a quote's neighbours are (quotes.py)
    brief = replace(brief, sources=tuple(replace(s, sentences=spans.get(s.doc_id, ())) for s in brief.sources),
                    corpus=str(corpus_dir), corpus_path=str(Path(corpus_dir).resolve()),
                    notes=tuple(n for n in [selection.note(), selection.language_note()] if n),
                    selection=(selection.matched, selection.weighed) if selection.cut else None)
    verify_brief(brief)
    return brief, report


def build(corpus_dir: Path, topic: Topic, *, formats: list[str], out_dir: Path, max_items: int,
          render: RenderOptions = RenderOptions(), now: datetime | None = None, index: Path | None = None,
          update_index: bool = True, method: str = DEFAULT_METHOD, max_words: int = DEFAULT_MAX_WORDS,
          window: Window | None = None, languages: tuple[str, ...] | None = ("en",), translation=None,
          parallel: bool = False, progress=None) -> BuildResult:
    """Make the brief once and write it in every language asked for. A language whose translation model is
    missing is reported in `missing` (one line naming the pair and the install command); the others are
    written all the same. Items only a missing model could translate are left out of that language's brief (a
    warning names them) when other items remain. `languages=None`: English, unless every item is in one other
    language that no installed model takes to English; then that language, with a warning saying so."""
    from kzbrief.translate import MissingModel, translate_brief
    from kzbrief.translate.memory import TranslationMemory
    from kzbrief.translate.packages import find_package, install_command

    brief, report = make_brief(corpus_dir, topic, max_items=max_items, now=now, index=index,
                               update_index=update_index, method=method, max_words=max_words, window=window,
                               progress=progress)
    warnings: list[str] = []
    if languages is None:
        languages = ("en",)
        spoken = {item.language for item in brief.items}
        if len(spoken) == 1 and spoken != {"en"} and find_package(next(iter(spoken)), "en") is None:
            (only,) = spoken
            languages = (only,)
            warnings.append(f"the sources are in {LANGUAGE_NAMES.get(only, only)}: the brief is written in it "
                            f"(--lang {only}); an English one needs the {only}→en model: "
                            f"{install_command(only, 'en')}")
    if parallel and len(dict.fromkeys(languages)) != 2:
        raise KzbriefError("a parallel edition puts two languages side by side: ask for both (languages=('en', "
                           "'ru'))", cli="--parallel puts two languages side by side: give --lang en --lang ru")
    rendered: list[tuple[Path, bytes]] = []
    missing: list[str] = []
    editions: list[Brief] = []
    for language in dict.fromkeys(languages):
        left_out: list = []
        try:
            with TranslationMemory() as memory:
                localized = translate_brief(brief, language, memory, translation, left_out=left_out)
        except MissingModel as error:
            missing.append(str(error))
            continue
        if left_out:
            files = sorted({c.source_file for item in left_out for c in item.citations[:1]})
            pairs = sorted({item.language for item in left_out})
            warnings.append(f"the {LANGUAGE_NAMES.get(language, language)} brief leaves out {len(left_out)} "
                            f"item(s) in {', '.join(LANGUAGE_NAMES.get(p, p) for p in pairs)} "
                            f"({', '.join(files[:3])}{', ...' if len(files) > 3 else ''}): no model translates "
                            f"them; install one with: {install_command(pairs[0], language)}")
        verify_brief(localized)
        if render.quote_context:
            localized = with_context(localized)
        editions.append(localized)
        rendered += brief_files(localized, formats, out_dir, render)
    if parallel and len(editions) == 2:
        rendered.append(parallel_file(editions[0], editions[1], out_dir, render))
    paths = write_files(rendered, out_dir)  # the whole set, or (a full disk) nothing: never a mixed one
    return BuildResult(brief, paths, report, missing, editions, warnings)

