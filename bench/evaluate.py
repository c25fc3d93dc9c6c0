"""ROUGE-1/2/L of the summarizers against reference summaries, with the lead baseline for comparison.

Two sets: the seven English sample articles against hand-written three-sentence references
(bench/data/references-en.json; summaries of 3 sentences), and the 45 Russian news articles against their own
headlines (tests/data/ru-news-sample.jsonl; summaries of 1 sentence). Each method ranks the article's eligible
sentences with no topic (relevance is the lead-position prior alone), then the usual redundancy control picks.

Run: pip install -e '.[bench]' && python bench/evaluate.py
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
from pathlib import Path

from rouge_score import rouge_scorer

from kzbrief.eligibility import rejection
from kzbrief.ingest import read_corpus
from kzbrief.ingest.split import document_sentences
from kzbrief.rank import METHODS
from kzbrief.select import POSITION_DECAY, POSITION_WEIGHT, Candidate
from kzbrief.summarize import distinct_texts, mmr_select
from kzbrief.text import content_stems, tokenize

ROOT = Path(__file__).resolve().parents[1]


def candidates(document) -> list[Candidate]:
    result = []
    for sentence in document_sentences(document):
        if rejection(sentence.text) is None:
            prior = 1 + POSITION_WEIGHT * POSITION_DECAY ** sentence.position
            result.append(Candidate(sentence, prior, content_stems(sentence.text), ()))
    return result


def summary(document, method: str, sentences: int) -> str:
    ranked = distinct_texts(METHODS[method](candidates(document)))
    picks = mmr_select(ranked, sentences, [], lambda c: True, 10_000)
    picks.sort(key=lambda p: p.lead.sentence.position)
    return " ".join(p.lead.sentence.text for p in picks)


class Tokens:
    """Words in any script (rouge-score's own tokenizer keeps only ASCII letters)."""

    def tokenize(self, text):
        return tokenize(text)


def evaluate(pairs: list[tuple[object, str]], sentences: int, stemmed: bool) -> dict[str, dict[str, float]]:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=stemmed,
                                      tokenizer=None if stemmed else Tokens())
    table = {}
    for method in METHODS:
        scores = [scorer.score(reference, summary(document, method, sentences)) for document, reference in pairs]
        table[method] = {kind: statistics.mean(s[kind].fmeasure for s in scores) for kind in scores[0]}
    return table


def main() -> None:
    references = json.loads((ROOT / "bench" / "data" / "references-en.json").read_text())["references"]
    documents = {d.id: d for d in read_corpus(ROOT / "corpus").documents}
    english = [(documents[doc_id], text) for doc_id, text in references.items()]

    with tempfile.TemporaryDirectory() as scratch:
        shutil.copy(ROOT / "tests" / "data" / "ru-news-sample.jsonl", Path(scratch) / "ru.jsonl")
        russian = [(d, d.title) for d in read_corpus(Path(scratch)).documents if d.title]

    for name, pairs, sentences, stemmed in (
            (f"English sample, {len(english)} articles, hand-written references, 3 sentences", english, 3, True),
            (f"Russian news, {len(russian)} articles, headline as reference, 1 sentence", russian, 1, False)):
        table = evaluate(pairs, sentences, stemmed)
        print(f"\n{name}")
        print(f"{'method':<10} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8}")
        for method, scores in table.items():
            print(f"{method:<10} {scores['rouge1']:8.3f} {scores['rouge2']:8.3f} {scores['rougeL']:8.3f}")


if __name__ == "__main__":
    main()
