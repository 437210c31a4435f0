"""Run every scale benchmark and write the figures to BENCHMARKS.md (``make bench``).

    python bench/run_all.py --quick            # ~50 reports, a few minutes
    python bench/run_all.py                    # full: 1,000 reports, memory series 200/1000
    python bench/run_scale.py 10000            # the 10k-report build and queries (section 6)
    python bench/run_all.py --quick --workdir /tmp/kgbench --output BENCHMARKS.md

Each measurement runs in its own subprocess (``bench_build.py``, ``bench_incremental.py``,
``bench_query.py``) so that peak RSS and start-up costs belong to one build. Raw figures are also
written as JSON next to the report (``bench/results-quick.json`` / ``bench/results-full.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from report import attach_side_results, machine_info, render  # noqa: E402

MODES: dict[str, dict[str, object]] = {
    "quick": {"reports": 50, "memory_sizes": [20], "repeat": 3, "cap": 30.0, "mutate_pct": 1.0},
    "full": {"reports": 1000, "memory_sizes": [200], "repeat": 3, "cap": 60.0, "mutate_pct": 1.0},
}


SNAPSHOT: Path | None = None  # frozen copy of kg/, ontology/, queries/ that every subprocess imports


def snapshot_code(work: Path) -> Path:
    """Copy the package and its data folders to ``work/src``: engineers editing ``kg/`` during a run
    would otherwise change the code fingerprint and invalidate the extraction cache mid-benchmark."""
    src = work / "src"
    for name in ("kg", "ontology", "queries"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return src


class StepFailed(Exception):
    """A benchmark step exited with an error: nothing is written, the previous results stay."""


def run_json(args: list[str], timeout: float) -> list[dict]:
    """Run a benchmark script with this interpreter; the JSON objects it printed, in order.

    Raises StepFailed (naming the command, its exit and the end of its stderr) when it fails.
    """
    cmd = [sys.executable, *args]
    print(f"$ {shlex.join(cmd)}", file=sys.stderr, flush=True)
    env = dict(os.environ, PYTHONHASHSEED="0")
    if SNAPSHOT is not None:  # ahead of the editable install (its finder comes after sys.path)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SNAPSHOT), env.get("PYTHONPATH")]))
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
        out, err, code = proc.stdout, proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        code = f"timeout after {timeout:.0f} s"
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if code != 0 or not rows:
        tail = "\n    ".join(err.strip().splitlines()[-15:])
        raise StepFailed(f"{shlex.join(cmd)}\n  exit {code}, {len(rows)} result line(s); its stderr ends:\n    {tail}")
    return rows


def generate(n: int, directory: Path) -> float:
    """Generate an n-report corpus with seed 1; seconds taken."""
    from generate_corpus import generate_corpus

    shutil.rmtree(directory, ignore_errors=True)
    t0 = time.perf_counter()
    generate_corpus(n, directory, seed=1)
    return time.perf_counter() - t0


def stopping_on_failure(run: Callable[[list[str] | None], int], argv: list[str] | None) -> int:
    """``run(argv)``, or exit status 1 with the failed step's message (nothing written) if a step fails."""
    try:
        return run(argv)
    except StepFailed as exc:
        print(f"benchmark step failed, nothing written:\n  {exc}", file=sys.stderr)
        return 1


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks of one mode and write BENCHMARKS.md (exit 1, writing nothing, if a step fails)."""
    return stopping_on_failure(_main, argv)


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="~50 reports: a few minutes")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kg-bench"), help="corpora and outputs (wiped)")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    options = parser.parse_args(argv)
    mode = "quick" if options.quick else "full"
    cfg = MODES[mode]
    n = int(cfg["reports"])
    work = options.workdir
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    global SNAPSHOT
    SNAPSHOT = snapshot_code(work)
    started = time.time()
    results: dict[str, object] = {"mode": mode, "config": cfg, "machine": machine_info(),
                                  "command": "make bench" if os.environ.get("MAKELEVEL") else
                                  shlex.join(["python", "bench/run_all.py", *(argv if argv is not None else sys.argv[1:])]),
                                  "started": time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(started))}
    corpus = work / f"corpus{n}"
    results["generate_s"] = generate(n, corpus)
    build = HERE / "bench_build.py"
    results["build_w1"] = run_json([str(build), str(corpus), str(work / "out-w1"), "--workers", "1"], 3600)[-1]
    results["build_w2"] = run_json([str(build), str(corpus), str(work / "out-w2"), "--workers", "2",
                                    "--no-jieba"], 3600)[-1]
    memory = []
    for size in cfg["memory_sizes"]:
        small = work / f"corpus{size}"
        generate(int(size), small)
        memory.append(run_json([str(build), str(small), str(work / f"out-mem{size}"), "--no-jieba", "--cold"],
                               3600)[-1])
    results["memory"] = memory
    inc = HERE / "bench_incremental.py"
    results["incremental"] = [
        run_json([str(inc), str(corpus), str(work / "out-w1"), "--step", "unchanged"], 600)[-1],
        run_json([str(inc), str(corpus), str(work / "out-w1"), "--step", "mutated",
                  "--pct", str(cfg["mutate_pct"])], 3600)[-1],
        run_json([str(inc), str(corpus), str(work / "out-w1"), "--step", "unchanged"], 600)[-1],
    ]
    results["queries"] = run_json([str(HERE / "bench_query.py"), str(work / "out-w1"), "--repeat",
                                   str(cfg["repeat"]), "--cap", str(cfg["cap"])], 3600)
    results["machine_after"] = {"loadavg": os.getloadavg()}
    attach_side_results(results, HERE)
    results["total_s"] = time.time() - started
    (HERE / f"results-{mode}.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n",
                                              encoding="utf-8")
    options.output.write_text(render(results), encoding="utf-8")
    print(f"wrote {options.output} and bench/results-{mode}.json ({results['total_s']:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
