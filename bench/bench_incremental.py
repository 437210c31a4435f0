"""Rebuild times of an already built output directory: unchanged corpus, then after a 1% mutation.

    python bench/bench_incremental.py CORPUS_DIR OUT_DIR [--pct 1] [--step unchanged|mutated] [--workers N]

``--step unchanged`` times ``build()`` on the same corpus (the up-to-date check); ``--step mutated``
first rewrites PCT% of the reports with ``generate_corpus.mutate_corpus`` (untimed) and then times
the rebuild (changed files extracted, the rest from the cache). Each step is meant to run in a fresh
process, as ``kg build`` would: the JSON line printed also holds the whole process's wall time
(imports included).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

START = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parent))

from stages import timed_stages  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run one rebuild step and print its figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pct", type=float, default=1.0)
    parser.add_argument("--step", choices=("unchanged", "mutated"), required=True)
    parser.add_argument("--workers", type=int, default=1)
    options = parser.parse_args(argv)

    figures: dict[str, object] = {"step": options.step}
    if options.step == "mutated":
        from generate_corpus import mutate_corpus

        t0 = time.perf_counter()
        changed = mutate_corpus(options.corpus, options.pct)
        figures.update({"mutated_files": len(changed), "mutate_s": time.perf_counter() - t0})
    start_build = time.perf_counter()
    from kg.pipeline import build

    with timed_stages() as clock:
        t0 = time.perf_counter()
        result = build([options.corpus], options.out, workers=options.workers)
        wall = time.perf_counter() - t0
    from kg.cache import code_fingerprint

    figures.update({
        "code_fingerprint": code_fingerprint(),
        "reports": len(list(options.corpus.glob("*.txt"))),
        "build_s": wall,
        "import_and_build_s": time.perf_counter() - start_build,
        "process_s": time.perf_counter() - START,
        "up_to_date": result.up_to_date,
        "extracted": result.extracted,
        "graphs_replaced": len(result.graphs_replaced),
        "graphs_removed": len(result.graphs_removed),
        "rendered": result.rendered,
        "workers": options.workers,
        "stages_s": dict(sorted(clock.seconds.items())),
        "maxrss_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    })
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
