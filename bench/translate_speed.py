"""Translation speed on a realistic-size model (6+6 layers, width 512, 32,000-piece vocabulary, int8; random
weights: meaningless output, real cost per token), for the 40 sentences of a brief:

- kzbrief's engine (sentences of all items in one batched call),
- one raw `ctranslate2.Translator.translate_batch` call over the same sentences (the floor: our overhead),
- `argostranslate.translate` sentence by sentence on the same package, made to work offline by giving it a
  sentence splitter that returns its input whole (its own, MiniSBD, downloads a model at first use; each input
  here is one sentence already),

each cold (model loaded in the timed call: kzbrief's per-process model cache is cleared first) and warm (loaded
already), with argostranslate's beam size (4) and
length penalty (0.2) and the same maximum decoding length (64) on every side: random weights never end a
sentence, so every output runs to that length (argostranslate's translator is wrapped to pass it on).

Run: python bench/translate_speed.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.argos_builder import build_random_package  # noqa: E402

BEAM, MAX_LENGTH = 4, 64


def brief_sentences(count: int = 40) -> list[str]:
    from kzbrief.eligibility import rejection
    from kzbrief.ingest import read_corpus
    from kzbrief.ingest.split import document_sentences

    sentences = [s.text for d in read_corpus(ROOT / "corpus").documents for s in document_sentences(d)
                 if rejection(s.text) is None]
    return sentences[:count]


def timed(function, runs: int = 1):
    """(median seconds over `runs`, last result)."""
    import statistics

    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    import ctranslate2
    import sentencepiece

    from kzbrief.translate.engine import Engine, Settings, _load
    from kzbrief.translate.packages import install_path

    sentences = brief_sentences()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["ARGOS_PACKAGES_DIR"] = str(Path(scratch) / "packages")
        print("building a realistic-size random model ...", flush=True)
        built = build_random_package(Path(scratch) / "translate-en_ru-random")
        package = install_path(built)
        model = package.path / "model"
        tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package.path / "sentencepiece.model"))
        settings = Settings(beam_size=BEAM, max_decoding_length=MAX_LENGTH)
        tokens = tokenizer.encode(sentences, out_type=str)
        print(f"{len(sentences)} sentences, {sum(map(len, tokens))} source tokens; beam {BEAM}, "
              f"max decoding length {MAX_LENGTH}; {os.cpu_count()} cores")

        def raw(translator):
            return translator.translate_batch(tokens, beam_size=BEAM, max_decoding_length=MAX_LENGTH,
                                              length_penalty=0.2)

        # Interleaved, median of three: the two sides see the same machine load.
        translator = ctranslate2.Translator(str(model), device="cpu")
        engine = Engine(package, settings)
        raw_cold = ours_cold = raw_warm = ours_warm = None
        samples = {"raw_cold": [], "ours_cold": [], "raw_warm": [], "ours_warm": []}
        for _ in range(3):
            samples["raw_cold"].append(timed(lambda: raw(ctranslate2.Translator(str(model), device="cpu")))[0])
            _load.cache_clear()
            samples["ours_cold"].append(timed(lambda: Engine(package, settings).translate(sentences, "en"))[0])
            samples["raw_warm"].append(timed(lambda: raw(translator))[0])
            samples["ours_warm"].append(timed(lambda: engine.translate(sentences, "en"))[0])
        import statistics

        raw_cold, ours_cold, raw_warm, ours_warm = (statistics.median(samples[k]) for k in
                                                    ("raw_cold", "ours_cold", "raw_warm", "ours_warm"))

        import argostranslate.translate as argos

        class SameLength:
            """argostranslate's translator, with the maximum decoding length every side uses."""

            def __init__(self, *args, **kwargs):
                self.translator = ctranslate2.Translator(*args, **kwargs)

            def translate_batch(self, *args, **kwargs):
                return self.translator.translate_batch(*args, max_decoding_length=MAX_LENGTH, **kwargs)

        class Shim:
            Translator = SameLength

        class WholeInput:
            """A sentence splitter that keeps its input whole: every input is one sentence already."""

            def __init__(self, package):
                pass

            def split_sentences(self, text):
                return [text]

        argos.ctranslate2 = Shim
        argos.MiniSBDSentencizer = WholeInput

        def argos_run():
            languages = {lang.code: lang for lang in argos.get_installed_languages()}
            translation = languages["en"].get_translation(languages["ru"])
            return [translation.translate(sentence) for sentence in sentences]

        argos_cold, _ = timed(argos_run)
        argos_warm, _ = timed(argos_run)

    print(f"{'':<28}{'cold':>9}{'warm':>9}")
    for name, cold, warm in (("raw translate_batch", raw_cold, raw_warm), ("kzbrief engine", ours_cold, ours_warm),
                             ("argostranslate, by sentence", argos_cold, argos_warm)):
        print(f"{name:<28}{cold:8.2f}s{warm:8.2f}s")
    print(f"kzbrief vs argostranslate: {argos_cold / ours_cold:.1f}x cold, {argos_warm / ours_warm:.1f}x warm faster")
    print(f"kzbrief overhead over raw: {100 * (ours_cold / raw_cold - 1):+.0f}% cold, "
          f"{100 * (ours_warm / raw_warm - 1):+.0f}% warm")


if __name__ == "__main__":
    main()
