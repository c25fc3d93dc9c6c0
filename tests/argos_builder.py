"""Build real argos-format translation packages at test time, with no download.

- `build_copy_package`: a tiny CTranslate2 Transformer whose weights make the output copy the input token by
  token, with a SentencePiece model (byte fallback, identity normalization) trained on the sample corpora. Width is
  128: a token-code block and a position-code block; the decoder's cross-attention matches positions and carries
  tokens, and the output projection reads the token block. Round trips are exact for English, Russian and unseen
  characters (every translation test checks that the output is its input).
- `build_copy_package(..., tokenizer="bpe")`: the same model over the other kind of argos package, Moses
  tokenization and BPE codes (`bpe.model`, learned here on the sample text); `target_prefix` makes a package whose
  model must begin its output with a language token (the decoder's positions shift by one to make room for it).
- `build_random_package`: the same format at realistic size (6+6 layers, width 512, 32,000 pieces) with random
  weights: meaningless output, real cost per token (for benchmarks).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def training_text(limit_ru: int | None = None) -> list[str]:
    lines = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with (ROOT / "tests" / "data" / "ru-news-sample.jsonl").open(encoding="utf-8") as stream:
        for number, line in enumerate(stream):
            if limit_ru is not None and number >= limit_ru:
                break
            lines += [x for x in json.loads(line)["text"].splitlines() if x.strip()]
    return lines


def train_sentencepiece(target: Path, vocab_size: int, lines: list[str]) -> Path:
    import sentencepiece as spm

    prefix = target / "sentencepiece"
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_prefix=str(prefix), vocab_size=vocab_size, byte_fallback=True,
        character_coverage=1.0, model_type="unigram", normalization_rule_name="identity", minloglevel=2,
        hard_vocab_limit=False)
    (target / "sentencepiece.vocab").unlink(missing_ok=True)
    return prefix.with_suffix(".model")


def _metadata(folder: Path, from_code: str, to_code: str, version: str, target_prefix: str = "") -> None:
    names = {"en": "English", "ru": "Russian"}
    (folder / "metadata.json").write_text(json.dumps({
        "package_version": version, "argos_version": "1.0", "from_code": from_code, "to_code": to_code,
        "from_name": names.get(from_code, from_code), "to_name": names.get(to_code, to_code), "type": "translate",
        **({"target_prefix": target_prefix} if target_prefix else {}),
    }), encoding="utf-8")


def learn_bpe(target: Path, lines: list[str], language: str, merges: int = 150, words: int = 4000) -> Path:
    """BPE codes in subword-nmt's format (version 0.2, the one argostranslate reads), learned on the first
    `words` distinct Moses tokens of the text: enough merges to make real subwords, quickly."""
    from collections import Counter

    from sacremoses import MosesPunctNormalizer, MosesTokenizer

    normalizer, tokenizer = MosesPunctNormalizer(language), MosesTokenizer(language)
    counts: Counter = Counter()
    for line in lines:
        counts.update(tokenizer.tokenize(normalizer.normalize(line)))
    vocabulary = {tuple(word[:-1]) + (word[-1] + "</w>",): n for word, n in counts.most_common(words)}
    codes = []
    for _ in range(merges):
        pairs: Counter = Counter()
        for word, n in vocabulary.items():
            for pair in zip(word, word[1:]):
                pairs[pair] += n
        if not pairs:
            break
        best = max(pairs, key=lambda pair: (pairs[pair], pair))
        codes.append(best)
        merged = {}
        for word, n in vocabulary.items():
            out, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                    out.append(word[i] + word[i + 1])
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            merged[tuple(out)] = n
        vocabulary = merged
    path = target / "bpe.model"
    path.write_text("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in codes), encoding="utf-8")
    return path


def build_copy_package(folder: Path, from_code: str = "en", to_code: str = "ru", max_length: int = 1024,
                       vocab_size: int = 1000, version: str = "1.0", code_width: int = 64, seed: int = 3,
                       tokenizer: str = "sentencepiece", target_prefix: str = "") -> Path:
    """An unpacked copy-model package in `folder` (created).

    The residual stream is two blocks of `code_width`: a token code (a fixed random unit vector per piece) and a
    position code (one per position). Self-attention and feed-forward weights are zero, so the stream is just
    token + position. The decoder's cross-attention takes the position block as query (sharpened) and key, and
    the token block as value: step p reads source token p. The output projection scores every piece by its code's
    dot product with what was read, so the copied piece wins (random 64-wide codes of 1,000 pieces overlap by
    under 0.6; attention picks one position by a margin of e^100 and more). Width 128 instead of the one-hot
    construction's V + L (1,400): each decoding step costs about a hundredth, and `max_length` (the longest source)
    costs only the size of a table."""
    import ctranslate2
    import sentencepiece as spm
    from ctranslate2 import specs

    folder.mkdir(parents=True)
    if tokenizer == "bpe":
        from argostranslate.tokenizer import BPETokenizer

        lines = training_text()
        bpe = BPETokenizer(learn_bpe(folder, lines, from_code), from_code, to_code)
        vocab = ["<unk>", "<s>", "</s>", *sorted({piece for line in lines for piece in bpe.encode(line)})]
    else:
        sp_path = train_sentencepiece(folder, vocab_size, training_text())
        sp = spm.SentencePieceProcessor(model_file=str(sp_path))
        vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    if target_prefix:
        vocab.append(target_prefix)
    k = code_width
    d = 2 * k
    f32 = np.float32
    rng = np.random.default_rng(seed)

    def codes(count: int) -> np.ndarray:
        values = rng.standard_normal((count, k))
        return (values / np.linalg.norm(values, axis=1, keepdims=True)).astype(f32)

    token_codes, position_codes = codes(len(vocab)), codes(max_length)
    embeddings = np.zeros((len(vocab), d), f32)
    embeddings[:, :k] = token_codes
    positions = np.zeros((max_length, d), f32)
    positions[:, k:] = position_codes

    def norm(layer) -> None:
        layer.gamma, layer.beta = np.ones(d, f32), np.zeros(d, f32)

    def set_linear(linear, weight: np.ndarray) -> None:
        linear.weight, linear.bias = weight, np.zeros(weight.shape[0], f32)

    def block(rows: slice, cols: slice, shape: tuple[int, int], scale: float = 1.0) -> np.ndarray:
        matrix = np.zeros(shape, f32)
        matrix[rows, cols] = np.eye(k, dtype=f32) * scale
        return matrix

    spec = specs.TransformerSpec.from_config((1, 1), num_heads=1)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight, encoder.scale_embeddings = embeddings, False
    decoder.embeddings.weight, decoder.scale_embeddings = embeddings.copy(), False
    encoder.position_encodings.encodings = positions
    # With a target prefix the decoder's first step writes the prefix: each later step p reads source token p - 1.
    decoder.position_encodings.encodings = np.roll(positions, 1, axis=0) if target_prefix else positions.copy()
    for layer in (encoder.layer[0], decoder.layer[0]):
        norm(layer.self_attention.layer_norm)
        set_linear(layer.self_attention.linear[0], np.zeros((3 * d, d), f32))
        set_linear(layer.self_attention.linear[1], np.zeros((d, d), f32))
        norm(layer.ffn.layer_norm)
        set_linear(layer.ffn.linear_0, np.zeros((4, d), f32))
        set_linear(layer.ffn.linear_1, np.zeros((d, 4), f32))
    norm(encoder.layer_norm)
    norm(decoder.layer_norm)
    attention = decoder.layer[0].attention
    norm(attention.layer_norm)
    tokens, where = slice(0, k), slice(k, d)
    key_value = block(where, where, (2 * d, d))  # keys: the position block
    key_value[d:d + k, :k] = np.eye(k, dtype=f32)  # values: the token block
    set_linear(attention.linear[0], block(where, where, (d, d), scale=60.0))  # queries: the position block
    set_linear(attention.linear[1], key_value)
    set_linear(attention.linear[2], block(tokens, tokens, (d, d)))
    projection = np.zeros((len(vocab), d), f32)
    projection[:, :k] = token_codes * 10.0
    set_linear(decoder.projection, projection)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.config.add_source_eos = True  # the copied </s> ends decoding
    spec.validate()
    spec.optimize(quantization=None)
    (folder / "model").mkdir()
    spec.save(str(folder / "model"))
    assert ctranslate2.contains_model(str(folder / "model"))
    _metadata(folder, from_code, to_code, version, target_prefix)
    return folder


def build_random_package(folder: Path, from_code: str = "en", to_code: str = "ru", layers: int = 6,
                         width: int = 512, heads: int = 8, ffn: int = 2048, vocab_size: int = 32000,
                         seed: int = 1) -> Path:
    """A realistic-size package with random weights (for benchmarks only)."""
    import sentencepiece as spm
    from ctranslate2 import specs

    folder.mkdir(parents=True)
    sp_path = train_sentencepiece(folder, vocab_size, training_text())
    sp = spm.SentencePieceProcessor(model_file=str(sp_path))
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    # The sample text holds fewer distinct pieces than a real vocabulary: pad to the real size, so the
    # embedding and output layers cost what they would.
    vocab += [f"<extra_{i}>" for i in range(vocab_size - len(vocab))]
    rng = np.random.default_rng(seed)

    spec = specs.TransformerSpec.from_config((layers, layers), num_heads=heads)
    V, d = len(vocab), width

    def weight(rows, cols):
        return (rng.standard_normal((rows, cols)) * 0.02).astype(np.float32)

    def norm(layer):
        layer.gamma, layer.beta = np.ones(d, np.float32), np.zeros(d, np.float32)

    def linear(lin, rows, cols):
        lin.weight, lin.bias = weight(rows, cols), np.zeros(rows, np.float32)

    spec.encoder.embeddings[0].weight = weight(V, d)
    spec.decoder.embeddings.weight = weight(V, d)
    for layer in spec.encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, ffn, d)
        linear(layer.ffn.linear_1, d, ffn)
    for layer in spec.decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d, d)
        linear(layer.attention.linear[1], 2 * d, d)
        linear(layer.attention.linear[2], d, d)
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, ffn, d)
        linear(layer.ffn.linear_1, d, ffn)
    norm(spec.encoder.layer_norm)
    norm(spec.decoder.layer_norm)
    spec.decoder.projection.weight = weight(V, d)
    spec.decoder.projection.bias = np.zeros(V, np.float32)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization="int8")
    (folder / "model").mkdir()
    spec.save(str(folder / "model"))
    _metadata(folder, from_code, to_code, "0.0-random")
    return folder


def pack(folder: Path, target: Path) -> Path:
    """Zip a package folder into an .argosmodel file (the folder is the archive's one top-level entry)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, Path(folder.name) / path.relative_to(folder))
    return target
