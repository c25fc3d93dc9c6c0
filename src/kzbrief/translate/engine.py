"""The translation engine: an argos package's CTranslate2 model and its tokenizer, used directly.

argostranslate's own `translate` path imports torch, stanza and spaCy and downloads a sentence splitter at first
use; this engine needs none of that. Texts are split into sentences by kzbrief's own splitter (razdel plus the
English rules), every sentence of every text goes to CTranslate2 in one batched call, and the pieces are joined
back in order. A package's tokenizer is its SentencePiece model, or (older packages) Moses tokenization with BPE
codes, read by argostranslate's own BPETokenizer (sacremoses; light: no translation stack). A package may ask for a
target prefix (a token the model must start its output with): it is given and taken off again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kzbrief.text import split_sentences
from kzbrief.translate.packages import ModelPackage


@dataclass(frozen=True)
class Settings:
    beam_size: int = 2
    threads: int = 0  # 0: CTranslate2 chooses
    max_batch_size: int = 64
    max_decoding_length: int = 256  # CTranslate2's default, which argostranslate uses too
    length_penalty: float = 0.2  # argostranslate's

    @property
    def key(self) -> str:
        """The settings that change a translation (threads and batch size do not)."""
        return f"beam={self.beam_size};max={self.max_decoding_length};lp={self.length_penalty}"


class Engine:
    def __init__(self, package: ModelPackage, settings: Settings = Settings()):
        self.package = package
        self.settings = settings
        self.translator, self.tokenizer = _load(str(package.path), package.key, settings.threads)
        self.target_prefix = _target_prefix(package)

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        """Each sentence translated, in one batched call."""
        if not sentences:
            return []
        tokens = self.tokenizer.encode(sentences)
        results = self.translator.translate_batch(
            tokens, beam_size=self.settings.beam_size, max_decoding_length=self.settings.max_decoding_length,
            max_batch_size=self.settings.max_batch_size, length_penalty=self.settings.length_penalty,
            target_prefix=[[self.target_prefix]] * len(tokens) if self.target_prefix else None)
        outputs = []
        for result in results:
            pieces = result.hypotheses[0]
            if self.target_prefix and pieces[:1] == [self.target_prefix]:
                pieces = pieces[1:]
            outputs.append(self.tokenizer.decode(pieces))
        return outputs

    def translate(self, texts: list[str], language: str) -> list[str]:
        """Texts of several sentences each: split, translated together, reassembled."""
        spans = [split_sentences(text, language=language) or [] for text in texts]
        pieces = [[text[s.start:s.end] for s in found] or [text] for text, found in zip(texts, spans)]
        flat = [piece for group in pieces for piece in group]
        translated = iter(self.translate_sentences(flat))
        return [" ".join(next(translated) for _ in group) for group in pieces]


@lru_cache(maxsize=4)
def _load(path: str, key: str, threads: int):
    """A package's CTranslate2 translator and SentencePiece model, loaded once per process: the weekly run
    translates every topic's brief with the same model. `key` changes when the model file does (a reinstall), so
    a new model is loaded anew."""
    import ctranslate2
    import sentencepiece

    translator = ctranslate2.Translator(f"{path}/model", device="cpu", inter_threads=1, intra_threads=threads)
    if Path(path, "sentencepiece.model").is_file():
        processor = sentencepiece.SentencePieceProcessor(model_file=f"{path}/sentencepiece.model")
        return translator, _SentencePiece(processor)
    return translator, _MosesBPE(Path(path))


class _SentencePiece:
    def __init__(self, processor):
        self.processor = processor

    def encode(self, sentences: list[str]) -> list[list[str]]:
        return self.processor.encode(sentences, out_type=str)

    def decode(self, pieces: list[str]) -> str:
        return self.processor.decode(pieces)


class _MosesBPE:
    """Moses tokenization and BPE segmentation, as argostranslate applies them to a `bpe.model` package."""

    def __init__(self, path: Path):
        import json

        from argostranslate.tokenizer import BPETokenizer

        meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
        self.tokenizer = BPETokenizer(path / "bpe.model", meta["from_code"], meta["to_code"])

    def encode(self, sentences: list[str]) -> list[list[str]]:
        return [self.tokenizer.encode(sentence) for sentence in sentences]

    def decode(self, pieces: list[str]) -> str:
        return self.tokenizer.decode(pieces)


def _target_prefix(package: ModelPackage) -> str:
    import json

    try:
        meta = json.loads((package.path / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(meta.get("target_prefix") or "")
