"""How fast is extraction? Median time for a 1,000-word article on one core, beside a plain pysbd baseline.

    python bench/extraction_speed.py [--runs 50] [--seed PATH]

The article is built from the shared seed (its chrome included, paragraphs reordered and figures varied),
so cleaning, segmentation, attribution and scoring all do real work.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from claims.extraction import (  # noqa: E402
    clean_text,
    extract,
    split_sentences,
    vectors,  # noqa: E402
)
from claims.extraction.attribution import attribute  # noqa: E402
from claims.extraction.scoring import score_sentence  # noqa: E402

DEFAULT_SEED = ROOT.parent / "shared" / "seeds" / "000_0c67ce4bb6b1cc31.txt"
TARGET_WORDS = 1000


def build_article(seed_text: str, words: int = TARGET_WORDS, seed: int = 0) -> str:
    """Seed chrome and headline, then the seed's paragraphs shuffled with varied figures, cut at `words`."""
    rng = random.Random(seed)
    blocks = [block.strip() for block in seed_text.split("\n\n") if block.strip()]
    header, body, footer = blocks[:3], blocks[3:-1], blocks[-1:]
    paragraphs, count = [], 0
    while count < words:
        paragraph = rng.choice(body)
        paragraph = re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.randint(1, 90)), paragraph)
        paragraph_words = paragraph.split()
        paragraph = " ".join(paragraph_words[: words - count])
        paragraphs.append(paragraph)
        count += len(paragraph_words)
    return "\n\n".join(header + paragraphs + footer)


def median_seconds(function, text: str, runs: int) -> float:
    function(text)  # warm-up: model, language profiles and regex caches
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function(text)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    parser.add_argument(
        "--no-vectors", action="store_true", help="leave out the rows with MiniLM sentence vectors"
    )
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    article = build_article(args.seed.read_text(encoding="utf-8"))
    size_mb = len(article.encode("utf-8")) / 1e6
    _, body = clean_text(article)
    sentences = [body[start:end] for start, end in split_sentences(body)]

    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    rows = [
        ("extract(): clean + segment + attribute + score", lambda text: extract(text)),
        ("  clean_text only", lambda text: clean_text(text)),
        ("  split_sentences only (cleaned text)", lambda _: split_sentences(body)),
        ("  attribution only", lambda _: attribute(sentences)),
        ("  score_sentence for every sentence", lambda _: [score_sentence(s) for s in sentences]),
        ("baseline: pysbd segmentation only", lambda text: segmenter.segment(text)),
    ]
    encoder = None if args.no_vectors else _minilm()
    if encoder is not None:
        rows += [
            ("with MiniLM vectors: extract()", _with_encoder(encoder, extract)),
            ("  of which: encoding every sentence", lambda _: encoder(sentences)),
        ]
    print(
        f"1,000-word article: {len(article.split())} words, {len(sentences)} sentences, "
        f"{size_mb * 1000:.1f} KB; median of {args.runs} runs on one core"
    )
    print(f"{'step':50s} {'median ms':>10s} {'MB/s':>8s}")
    for name, function in rows:
        seconds = median_seconds(function, article, args.runs)
        print(f"{name:50s} {seconds * 1000:10.2f} {size_mb / seconds:8.2f}")


def _minilm():
    """The workbench's own encoder (search.embeddings), on one thread; None if it is not installed."""
    from _common import setup_django

    os.environ["SEARCH_EMBEDDINGS"] = "1"
    setup_django(index_prefix="bench-extraction-speed")
    from search import embeddings

    vectors.use_encoder(None)  # Django's start-up plugged it in; only the rows "with MiniLM" use it
    if embeddings.get_encoder() is None:
        print("MiniLM is not installed: rows with sentence vectors left out")
        return None
    return lambda texts: embeddings.embed(texts, threads=1)


def _with_encoder(encoder, function):
    def run(text):
        vectors.use_encoder(encoder)
        try:
            return function(text)
        finally:
            vectors.use_encoder(None)

    return run


if __name__ == "__main__":
    main()
