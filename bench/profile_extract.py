"""Time each extraction stage against a bare ``jieba.lcut`` pass over the same texts.

    python bench/profile_extract.py DIR [--repeat N] [--profile] [--top K]

DIR holds reports (``*.txt``, e.g. made by ``bench/generate_corpus.py 50 /tmp/corpus --seed 1``).
Steps, all in this process:

1. warm-up (untimed): ``jieba.initialize()`` and one full extraction of the first report, so
   lexicons, compiled patterns and jieba's dictionary are loaded as in a long build;
2. baseline: ``jieba.lcut`` over every report's decoded text;
3. the stages, in the order :func:`kg.extract.extract` runs them: ingest
   (``kg.ingest.load_document``), entities (``extract_mentions``), awards (``extract_conferrals``),
   metrics (``extract_observations``), relations (``extract_relations``); the honour-mention
   reconciliation between them is untimed glue.

Prints seconds, characters per second and the ratio to bare jieba (jieba seconds / stage seconds:
1.0 means as fast as jieba, 0.5 twice as slow) per stage and for all stages together. With
``--repeat N`` each figure is the best of N passes (the machine is shared); caches keyed by document
text are emptied before every pass, so each pass costs what a fresh build would. With ``--profile``
one more pass runs under cProfile and the top functions by cumulative and by total time are
printed. Benchmark-only code: prints are fine here.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES = ("ingest", "entities", "awards", "metrics", "relations")


def run_stages(paths: list[Path], seconds: dict[str, float] | None = None) -> None:
    """Extract every report stage by stage, adding each stage's wall time to ``seconds``."""
    from kg.extract import drop_honour_mentions
    from kg.extract.awards import extract_conferrals
    from kg.extract.entities import extract_mentions
    from kg.extract.metrics import extract_observations
    from kg.extract.relations import extract_relations
    from kg.ingest import load_document

    clock = seconds if seconds is not None else {}

    def timed(stage: str, func: Callable[..., Any], *args: Any) -> Any:
        start = time.perf_counter()
        out = func(*args)
        clock[stage] = clock.get(stage, 0.0) + time.perf_counter() - start
        return out

    for path in paths:
        doc = timed("ingest", load_document, path)
        mentions = timed("entities", extract_mentions, doc)
        conferrals = timed("awards", extract_conferrals, doc, mentions)
        mentions = drop_honour_mentions(mentions, conferrals)
        timed("metrics", extract_observations, doc, mentions)
        timed("relations", extract_relations, doc, mentions)


def reset_text_caches() -> None:
    """Empty the caches keyed by document text (POS tags of short windows), so that every timed pass
    starts as a fresh build would and the best of N passes is not a pass over already-seen text."""
    import kg.nlp.lang

    tagger_cache = getattr(kg.nlp.lang, "_pos_tag", None)
    if tagger_cache is not None and hasattr(tagger_cache, "cache_clear"):
        tagger_cache.cache_clear()


def jieba_seconds(texts: list[str]) -> float:
    """Wall seconds of ``jieba.lcut`` over every text."""
    import jieba

    start = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="best of N passes (default 1)")
    parser.add_argument("--profile", action="store_true", help="one more pass under cProfile")
    parser.add_argument("--top", type=int, default=30, help="functions listed per profile table")
    args = parser.parse_args(argv)

    paths = sorted(args.directory.glob("*.txt"))
    if not paths:
        parser.error(f"{args.directory}: no .txt reports")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    chars = sum(len(t) for t in texts)

    import jieba

    jieba.initialize()
    run_stages(paths[:1])  # warm-up

    best_jieba = float("inf")
    best: dict[str, float] = {}
    for _ in range(max(1, args.repeat)):
        best_jieba = min(best_jieba, jieba_seconds(texts))
        seconds: dict[str, float] = {}
        reset_text_caches()
        run_stages(paths, seconds)
        for stage in STAGES:
            best[stage] = min(best.get(stage, float("inf")), seconds[stage])

    print(f"{len(paths)} reports, {chars:,} characters; best of {max(1, args.repeat)} pass(es)")
    print(f"{'':<22}{'seconds':>9}{'chars/s':>11}{'ratio':>8}{'x jieba time':>14}")

    def row(label: str, secs: float) -> None:
        print(f"{label:<22}{secs:>9.3f}{chars / secs:>11,.0f}{best_jieba / secs:>8.3f}{secs / best_jieba:>14.2f}")

    row("bare jieba.lcut", best_jieba)
    for stage in STAGES:
        row(stage, best[stage])
    row("extraction (all)", sum(best.values()))

    if args.profile:
        reset_text_caches()
        profiler = cProfile.Profile()
        profiler.enable()
        run_stages(paths)
        profiler.disable()
        for order in ("cumulative", "tottime"):
            print(f"\n=== top {args.top} by {order} ===")
            pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats(order).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
