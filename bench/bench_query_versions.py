"""Canned queries as they are against the same queries at a baseline git revision, on one store.

    python bench/bench_query_versions.py OUT_DIR --baseline REV [--only NAME ...] [--repeat 3] [--cap 120]

For each canned query (queries/*.rq) whose text differs from ``git show REV:queries/NAME.rq`` (or
each one named by ``--only``), both texts run through ``kg.query.run_query`` on the store of OUT_DIR in
place (what ``kg query --graph OUT/store`` does), alternately in the same run, with the same parameters
(picked from the data as bench_query.py picks them; optional ones unbound). Each run is a forked child
killed after ``--cap`` seconds. Both versions must give the same rows (compared as a multiset by
a digest: ``same_rows``). Writes ``bench/results-query-versions.json`` and re-renders BENCHMARKS.md from the
last ``bench/results-{full,quick}.json`` (section 7).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_query import capped_runs, pick_params  # noqa: E402
from report import attach_side_results, machine_info, render  # noqa: E402

from kg.query import list_queries, run_query  # noqa: E402


def baseline_text(rev: str, name: str) -> str | None:
    """The query's text at git revision ``rev`` (None if it did not exist there)."""
    done = subprocess.run(["git", "show", f"{rev}:queries/{name}.rq"], cwd=HERE.parent,
                          capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else None


def _rows(rows: list[tuple]) -> tuple[int, str]:
    """Row count and a digest of the rows as a multiset (ties in ORDER BY may fall either way)."""
    return len(rows), hashlib.sha256(repr(sorted(map(repr, rows))).encode("utf-8")).hexdigest()


def main(argv: list[str] | None = None) -> int:
    """Time changed canned queries against their baseline text; write JSON and BENCHMARKS.md."""
    import pyoxigraph

    from kg.store import open_for_query

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--baseline", required=True, help="git revision of the baseline query texts")
    parser.add_argument("--only", nargs="*", default=None, help="query names (default: those that changed)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--slow", type=float, default=20.0, help="seconds above which a query runs once")
    parser.add_argument("--cap", type=float, default=120.0)
    options = parser.parse_args(argv)

    store = pyoxigraph.Store.read_only(str(options.out / "store"))
    view = open_for_query(options.out / "store")
    picked, pair = pick_params(store)
    reports = int(next(iter(store.query(
        "SELECT (COUNT(?r) AS ?n) WHERE { ?r a <https://w3id.org/edukg/ontology#Report> }")))["n"].value)
    rows = []
    for query in list_queries():
        old = baseline_text(options.baseline, query.name)
        if old is None or (options.only is not None and query.name not in options.only):
            continue
        if options.only is None and old == query.text:
            continue
        required = [p.name for p in query.params if not p.optional]
        source = pair if set(required) == {"region", "indicator"} else picked
        params = {name: source[name] for name in required if name in source}
        row: dict[str, object] = {"name": query.name, "params": sorted(params)}
        digests = {}
        for label, text in (("baseline", old), ("current", query.text)):
            seconds, got, _ = capped_runs(lambda t=text: _rows(run_query(view, t, params, query.params).rows),
                                          options.repeat, options.slow, options.cap)
            row[f"{label}_s"] = seconds
            row[f"{label}_rows"], digests[label] = got or (None, None)  # None: killed at the cap
        row["same_rows"] = None if None in digests.values() else digests["baseline"] == digests["current"]
        print(json.dumps(row, sort_keys=True), flush=True)
        rows.append(row)
    results = {"command": shlex.join(["python", "bench/bench_query_versions.py",
                                      *(argv if argv is not None else sys.argv[1:])]),
               "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "machine": machine_info(), "baseline": options.baseline,
               "quads": len(store), "reports": reports, "cap_s": options.cap, "queries": rows}
    (HERE / "results-query-versions.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n",
                                                      encoding="utf-8")
    for mode in ("full", "quick"):
        last = HERE / f"results-{mode}.json"
        if last.exists():
            full = attach_side_results(json.loads(last.read_text(encoding="utf-8")), HERE)
            (HERE.parent / "BENCHMARKS.md").write_text(render(full), encoding="utf-8")
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
