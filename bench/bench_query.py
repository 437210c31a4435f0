"""Latency of every canned query (queries/*.rq) on a built output: Oxigraph store, ``kg query``, rdflib.

    python bench/bench_query.py OUT_DIR [--repeat 5] [--slow 20]

Oxigraph store: ``pyoxigraph.Store.read_only(OUT_DIR/store)`` (its default graph is the union of the
report graphs), parameters bound with ``kg.query.bind_values`` (a VALUES block), every solution
materialised. ``kg query``: ``kg.query.run_query`` on ``kg.store.open_for_query(OUT_DIR/store)``: parameters resolved and the
query run on the store in place (what ``kg query --graph OUT/store`` does). rdflib: the same quads in a
plain rdflib Dataset, ``run_query`` with ``initBindings``; rows materialised; only up to
``--rdflib-max-quads`` (beyond, rdflib cannot hold the graph in this machine's memory). Parameter values are picked from the
graph itself (the most reported region, the most observed indicator, ...) with constant queries on
the store, untimed; optional parameters stay unbound (the whole graph: the slowest case).
Prints one JSON line per query as soon as it is measured; the median of ``--repeat`` runs is
reported, a single run when the first one took more than ``--slow`` seconds. Every engine runs in a
forked child killed after ``--cap`` seconds (reported as null: slower than the cap).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

from kg.query import bind_values, list_queries, run_query
from kg.query.params import SPARQL_PREFIXES
from kg.query.run import resolve_params

# Constant picker queries: one value per required parameter kind, chosen from the data.
PICKERS: dict[str, str] = {
    "region": "SELECT ?v (COUNT(?r) AS ?n) WHERE { ?r a edu:Report ; edu:aboutRegion ?v } "
              "GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1",
    "indicator": "SELECT ?v (COUNT(?o) AS ?n) WHERE { ?o a edu:Observation ; edu:indicator ?v } "
                 "GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1",
    "fact": "SELECT ?v WHERE { ?v a edu:Observation ; edu:evidence ?e } ORDER BY ?v LIMIT 1",
    "report": "SELECT ?v WHERE { ?v a edu:Report } ORDER BY ?v LIMIT 1",
}
# indicator-time-series needs an indicator observed for that very region: pick the pair.
PAIR = ("SELECT ?r ?i (COUNT(?o) AS ?n) WHERE { ?o a edu:Observation ; edu:subject ?r ; edu:indicator ?i . "
        "?r edu:adminCode ?c } GROUP BY ?r ?i ORDER BY DESC(?n) ?r ?i LIMIT 1")


def pick_params(store: object) -> tuple[dict[str, str], dict[str, str]]:
    """Parameter values (IRIs) for every required kind, and the (region, indicator) pair."""
    picked: dict[str, str] = {}
    for kind, text in PICKERS.items():
        rows = list(store.query(SPARQL_PREFIXES + text, use_default_graph_as_union=True))
        if rows:
            picked[kind] = rows[0]["v"].value
    rows = list(store.query(SPARQL_PREFIXES + PAIR, use_default_graph_as_union=True))
    pair = {"region": rows[0]["r"].value, "indicator": rows[0]["i"].value} if rows else {}
    return picked, pair


def timed_runs(run: object, repeat: int, slow: float) -> tuple[float, int, list[float]]:
    """Median seconds and row count of ``run()`` over ``repeat`` runs (one if the first is slow)."""
    times, rows = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - t0)
        if times[0] > slow:
            break
    return statistics.median(times), rows, times


def capped_runs(run: object, repeat: int, slow: float, cap: float) -> tuple[float | None, int | None, list[float]]:
    """``timed_runs`` in a forked child killed after ``cap`` seconds: (None, None, []) on timeout."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=lambda: send.send(timed_runs(run, repeat, slow)), daemon=True)
    child.start()
    got = receive.poll(cap)
    result = receive.recv() if got else (None, None, [])
    if child.is_alive():
        child.kill()
    child.join()
    return result


def main(argv: list[str] | None = None) -> int:
    """Measure every canned query on OUT_DIR, one JSON line each."""
    import pyoxigraph
    import rdflib

    from kg.store import open_for_query, open_graph

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--slow", type=float, default=20.0, help="seconds above which a query runs once")
    parser.add_argument("--cap", type=float, default=60.0, help="give up on a query after this many seconds")
    parser.add_argument("--rdflib-max-quads", type=int, default=3_000_000,
                        help="skip rdflib above this many quads (it needs ~1.4 GB per million)")
    options = parser.parse_args(argv)

    t0 = time.perf_counter()
    store = pyoxigraph.Store.read_only(str(options.out / "store"))
    ox_open = time.perf_counter() - t0
    t0 = time.perf_counter()
    view = open_for_query(options.out / "store")  # what kg query uses on a store directory
    view_open = time.perf_counter() - t0
    quads = len(store)
    plain = None
    rdflib_load = None
    if quads <= options.rdflib_max_quads:
        t0 = time.perf_counter()
        loaded = open_graph(options.out / "kg.trig")
        plain = rdflib.Dataset(default_union=True)  # rdflib alone: run_query's initBindings path
        for quad in loaded.quads((None, None, None, None)):
            plain.add(quad)
        del loaded
        rdflib_load = time.perf_counter() - t0
    picked, pair = pick_params(store)
    print(json.dumps({"kind": "setup", "oxigraph_open_s": ox_open, "view_open_s": view_open,
                      "rdflib_load_s": rdflib_load, "quads_rdflib": len(plain) if plain is not None else None,
                      "quads_oxigraph": quads, "params": picked, "pair": pair,
                      "rdflib_max_quads": options.rdflib_max_quads}, sort_keys=True), flush=True)

    for query in list_queries():
        required = [p.name for p in query.params if not p.optional]
        source = pair if set(required) == {"region", "indicator"} else picked
        params = {name: source[name] for name in required if name in source}
        if len(params) < len(required):
            print(json.dumps({"kind": "query", "name": query.name, "skipped": "no value for a parameter"}),
                  flush=True)
            continue
        bound = bind_values(query.text, resolve_params(view, query.text, params, query.params))
        ox = capped_runs(lambda: len(list(store.query(bound))),  # the store keeps the union as its default graph
                         options.repeat, options.slow, options.cap)
        kq = capped_runs(lambda: len(run_query(view, query.text, params, query.params).rows),
                         options.repeat, options.slow, options.cap)
        rd: tuple = (None, None, [])
        if plain is not None:
            rd = capped_runs(lambda: len(run_query(plain, query.text, params, query.params).rows),
                             options.repeat, options.slow, options.cap)
        print(json.dumps({"kind": "query", "name": query.name, "params": sorted(params),
                          "oxigraph_s": ox[0], "oxigraph_rows": ox[1], "oxigraph_runs": len(ox[2]),
                          "kgquery_s": kq[0], "kgquery_rows": kq[1],
                          "rdflib_s": rd[0], "rdflib_rows": rd[1], "rdflib_runs": len(rd[2]),
                          "rdflib_skipped": plain is None, "cap_s": options.cap},
                         sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
