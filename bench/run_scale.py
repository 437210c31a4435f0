"""The large-corpus benchmark: build N generated reports with workers, then time every canned query on it.

    python bench/run_scale.py 10000                 # ~1 hour on 2 cores; writes bench/results-scale.json
    python bench/run_scale.py 10000 --corpus /tmp/c10k --workdir /tmp/kg-scale

Steps (each a subprocess, like run_all.py): generate the corpus (seed 1, untimed; reused when
``--corpus`` already holds N reports), ``bench_build.py CORPUS OUT --workers W --no-jieba --cold``
(peak RSS of the parent and of the largest worker), then ``bench_query.py OUT`` (every canned query on
the Oxigraph store and through ``kg query``; rdflib only if it can hold the graph), then
``bench_incremental.py`` (an unchanged rebuild, and one after rewriting 1% of the reports, which
mutates the corpus in place; skipped with ``--no-incremental``). ``run_all.py``
renders the result as section 6 of BENCHMARKS.md when bench/results-scale.json exists.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run_all  # noqa: E402
from report import machine_info  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the scale benchmark and write bench/results-scale.json (exit 1, writing nothing, if a step fails)."""
    return run_all.stopping_on_failure(_main, argv)


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", type=int)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kg-scale"), help="outputs (wiped)")
    parser.add_argument("--corpus", type=Path, help="corpus directory (generated unless it holds N reports)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cap", type=float, default=60.0)
    parser.add_argument("--no-incremental", action="store_true",
                        help="skip the two rebuild steps (the 1%% rebuild of 10k reports takes ~10 minutes)")
    options = parser.parse_args(argv)
    work = options.workdir
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    run_all.SNAPSHOT = run_all.snapshot_code(work)
    corpus = options.corpus or work / f"corpus{options.reports}"
    generated = None
    if len(list(corpus.glob("*.txt"))) != options.reports:
        generated = run_all.generate(options.reports, corpus)
    started = time.time()
    out = work / "out"
    results: dict[str, object] = {
        "command": shlex.join(["python", "bench/run_scale.py", *(argv if argv is not None else sys.argv[1:])]),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(started)), "machine": machine_info(),
        "generate_s": generated,
    }
    results["build"] = run_all.run_json([str(HERE / "bench_build.py"), str(corpus), str(out), "--workers",
                                         str(options.workers), "--no-jieba", "--cold"], 6 * 3600)[-1]
    results["queries"] = run_all.run_json([str(HERE / "bench_query.py"), str(out), "--repeat", str(options.repeat),
                                           "--cap", str(options.cap)], 6 * 3600)
    if options.no_incremental:
        results["notes"] = ["The rebuild steps were not run in this run (`--no-incremental`)."]
        return _write(results, started)
    inc = [str(HERE / "bench_incremental.py"), str(corpus), str(out), "--workers", str(options.workers)]
    results["incremental"] = [run_all.run_json([*inc, "--step", "unchanged"], 3600)[-1],
                              run_all.run_json([*inc, "--step", "mutated", "--pct", "1"], 6 * 3600)[-1]]
    return _write(results, started)


def _write(results: dict, started: float) -> int:
    results["total_s"] = time.time() - started
    (HERE / "results-scale.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote bench/results-scale.json ({results['total_s'] / 60:.0f} min)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
