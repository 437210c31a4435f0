"""One measured build in this process: throughput against bare jieba, stage times, peak memory.

    python bench/bench_build.py CORPUS_DIR OUT_DIR [--workers N] [--no-jieba] [--cold]

Prints one JSON object (the last line of stdout). Run it as a subprocess (``run_all.py`` does), so
peak RSS (``resource.getrusage``) belongs to this build alone. Steps:

1. read the corpus; count characters of input (decoded text);
2. baseline: ``jieba.initialize()`` then ``jieba.lcut`` over every text (the floor any jieba-based
   pipeline pays), timed in this process right before the build;
3. warm-up (untimed): extract one sample report so lexicons and jieba are loaded, as in a long build;
4. ``kg.pipeline.build(CORPUS_DIR, OUT_DIR, workers=N)`` with every stage function timed
   (``bench/stages.py``; with N > 1 extraction runs in worker processes and only the parent's
   stages are timed).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

START = time.perf_counter()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from stages import timed_stages  # noqa: E402


def corpus_files(corpus: Path) -> list[Path]:
    """The corpus's visible .txt files, sorted by name."""
    return sorted(corpus.glob("*.txt"))


def count_chars(files: list[Path]) -> int:
    """Characters of decoded text, one file at a time (the texts are not kept: memory is measured)."""
    return sum(len(p.read_text(encoding="utf-8")) for p in files)


def jieba_baseline(files: list[Path]) -> dict[str, float]:
    """Seconds to initialise jieba and to ``lcut`` every text (default mode, HMM on); reading untimed."""
    import jieba

    jieba.setLogLevel(60)
    t0 = time.perf_counter()
    jieba.initialize()
    t1 = time.perf_counter()
    tokens = 0
    lcut = 0.0
    for path in files:
        text = path.read_text(encoding="utf-8")
        t = time.perf_counter()
        tokens += len(jieba.lcut(text))
        lcut += time.perf_counter() - t
    t2 = t1 + lcut
    return {"jieba_init_s": t1 - t0, "jieba_lcut_s": t2 - t1, "jieba_tokens": tokens}


def warm_up() -> float:
    """Extract one sample report (untimed for throughput); returns its seconds."""
    from kg.pipeline import extract_files

    t0 = time.perf_counter()
    extract_files([sorted((ROOT / "data" / "reports").glob("*.txt"))[0]])
    return time.perf_counter() - t0


def maxrss_mib(who: int) -> float:
    """Peak resident set size in MiB (Linux reports KiB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    """Run one measured build and print its figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-jieba", action="store_true", help="skip the bare-jieba baseline")
    parser.add_argument("--cold", action="store_true", help="no warm-up: time the build as `kg build` pays it")
    options = parser.parse_args(argv)

    files = corpus_files(options.corpus)
    figures: dict[str, object] = {
        "reports": len(files), "chars": count_chars(files),
        "bytes": sum(p.stat().st_size for p in options.corpus.glob("*.txt")), "workers": options.workers,
    }
    if not options.no_jieba:
        figures.update(jieba_baseline(files))
    if not options.cold:
        figures["warm_up_s"] = warm_up()
    figures["rss_before_build_mib"] = maxrss_mib(resource.RUSAGE_SELF)

    from kg.pipeline import build

    with timed_stages() as clock:
        t0 = time.perf_counter()
        result = build([options.corpus], options.out, workers=options.workers)
        wall = time.perf_counter() - t0
    from kg.cache import code_fingerprint

    figures.update({
        "code_fingerprint": code_fingerprint(),
        "build_s": wall,
        "stages_s": dict(sorted(clock.seconds.items())),
        "stage_calls": dict(sorted(clock.calls.items())),
        "stage_peak_raise_mib": dict(sorted(clock.peak_raise_mib.items())),
        "extracted": result.extracted,
        "up_to_date": result.up_to_date,
        "problems": len(result.problems),
        "violations": len(result.violations),
        "quads": result.quads,
        "graphs": len(result.summaries) + 2,  # reports, ontology, reference
        "rendered": result.rendered,
        "entities": len({k for r in result.summaries for k in r.entities}),
        "maxrss_self_mib": maxrss_mib(resource.RUSAGE_SELF),
        "maxrss_children_mib": maxrss_mib(resource.RUSAGE_CHILDREN),
        "process_s": time.perf_counter() - START,
    })
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
