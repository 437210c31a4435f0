"""Machine description and the Markdown rendering of BENCHMARKS.md from ``run_all.py``'s figures."""

from __future__ import annotations

import json
import os
import platform
import time
from importlib import metadata
from pathlib import Path

LIBRARIES = ("jieba", "rdflib", "pyoxigraph", "pyshacl", "owlrl")
EXTRACTION = ("ingest", "entities", "metrics", "awards", "relations")
GIB = 1024.0


def machine_info() -> dict[str, object]:
    """CPU model, cores, RAM, OS, Python and library versions, load average."""
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0.0
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    versions = {}
    for lib in LIBRARIES:
        try:
            versions[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            versions[lib] = "not installed"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(ram, 1), "os": platform.platform(),
            "python": platform.python_version(), "libraries": versions, "loadavg": os.getloadavg(),
            "date": time.strftime("%Y-%m-%d")}


def fit(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Least-squares line (intercept, slope) through (x, y) points; None with fewer than 2 distinct x."""
    xs = [p[0] for p in points]
    if len(set(xs)) < 2:
        return None
    mx, my = sum(xs) / len(xs), sum(p[1] for p in points) / len(points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x in xs)
    return my - slope * mx, slope


def _f(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def _throughput(b: dict, lines: list[str]) -> None:
    chars, build = b["chars"], b["build_s"]
    jieba_cps = chars / b["jieba_lcut_s"]
    ratio = (chars / build) / jieba_cps
    lines += [
        "## 1. Build throughput against bare jieba (1 worker)", "",
        f"Corpus: {b['reports']} generated reports, {chars:,} characters ({b['bytes'] / 1e6:.2f} MB UTF-8); "
        f"{b['quads']:,} quads in {b['graphs']} graphs, {b['entities']:,} entities, SHACL violations: {b['violations']}.",
        "Both timed in the same process, jieba initialised and the pipeline warmed up on one sample report first.", "",
        "| | seconds | chars/s | ratio to bare jieba |", "|---|---:|---:|---:|",
        f"| bare `jieba.lcut` over every text | {_f(b['jieba_lcut_s'])} | {jieba_cps:,.0f} | 1.00 |",
        f"| `kg.pipeline.build` (ingest .. exports, 1 worker) | {_f(build)} | {chars / build:,.0f} | **{ratio:.3f}** |",
        f"| extraction stages only (ingest+entities+metrics+awards+relations) | "
        f"{_f(sum(b['stages_s'].get(s, 0) for s in EXTRACTION))} | "
        f"{chars / max(1e-9, sum(b['stages_s'].get(s, 0) for s in EXTRACTION)):,.0f} | "
        f"{chars / max(1e-9, sum(b['stages_s'].get(s, 0) for s in EXTRACTION)) / jieba_cps:.3f} |", "",
        f"Target >= 0.5 of bare jieba: **{'met' if ratio >= 0.5 else 'NOT met'}** ({ratio:.3f}). "
        f"Start-up paid once per process: jieba initialisation {_f(b['jieba_init_s'])} s, warm-up extraction "
        f"of one sample report {_f(b.get('warm_up_s'))} s; whole process {_f(b['process_s'])} s, "
        f"peak RSS {b['maxrss_self_mib']:,.0f} MiB.", "",
        "### Where the time goes (exclusive seconds per stage, same run)", "",
        "Last column: how many MiB the stage pushed the process's peak RSS up (peak before the build: "
        f"{b['rss_before_build_mib']:,.0f} MiB, after: {b['maxrss_self_mib']:,.0f} MiB).", "",
        "| stage | seconds | share of build | × bare-jieba time | peak RSS raised MiB |", "|---|---:|---:|---:|---:|",
    ]
    stages = sorted(b["stages_s"].items(), key=lambda kv: -kv[1])
    other = build - sum(v for _, v in stages)
    raised = b.get("stage_peak_raise_mib", {})
    for name, secs in stages + [("other (dedup, glue, GC)", other)]:
        lines.append(f"| {name} | {secs:.3f} | {100 * secs / build:.1f}% | {secs / b['jieba_lcut_s']:.2f} | "
                     f"{_f(raised.get(name), 0) if name in raised else '-'} |")
    lines.append("")


PARENT = ("link: corpus keys", "rdf build: reference", "store: sync (Oxigraph)", "store: compaction",
          "export: trig, nq, jsonld, void", "part store: read", "input hashing")
# With a pool, kg.ttl's union merge runs in a worker while the parent syncs the store (kg.rdf.export.UnionJob).
UNION = "export: kg.ttl union merge"


def _scaling(w1: dict, w2: dict, lines: list[str]) -> None:
    serial = sum(w1["stages_s"].get(s, 0) for s in PARENT)
    union = w1["stages_s"].get(UNION, 0)
    bound = w1["build_s"] / (serial + (w1["build_s"] - serial) / 2)
    lines += [
        "## 2. Scaling with workers", "",
        "| workers | build s | chars/s | speed-up vs 1 worker | peak RSS parent / largest child MiB |",
        "|---:|---:|---:|---:|---|",
        f"| 1 | {_f(w1['build_s'])} | {w1['chars'] / w1['build_s']:,.0f} | 1.00 | {w1['maxrss_self_mib']:,.0f} / - |",
        f"| 2 | {_f(w2['build_s'])} | {w2['chars'] / w2['build_s']:,.0f} | **{w1['build_s'] / w2['build_s']:.2f}** | "
        f"{w2['maxrss_self_mib']:,.0f} / {w2['maxrss_children_mib']:,.0f} |", "",
        "Workers extract, link, build, validate and serialise each report; the parent resolves keys across "
        "reports, loads each graph part into the store as it arrives and writes the exports at the end. "
        f"Serial in the parent, timed with 1 worker: {serial:.1f} s of {w1['build_s']:.1f} s (store sync and "
        "compaction, the exports but kg.ttl, key resolution; timed stages below); kg.ttl's union merge "
        f"({union:.1f} s) runs in one of the then idle workers meanwhile. Amdahl's bound for 2 workers is "
        f"{bound:.2f}x on this corpus, and both workers share the machine's 2 cores with the parent.", "",
    ]


def _memory(results: dict, lines: list[str]) -> None:
    runs = [*results["memory"], results["build_w1"], results["build_w2"]]
    if results.get("scale"):
        runs.append(results["scale"]["build"])
    runs = sorted((r for r in runs if "build_s" in r), key=lambda r: (r.get("reports", 0), r.get("workers", 1)))
    lines += ["## 3. Peak memory (RSS, `resource.getrusage`: the build process, and its largest worker)", "",
              "| reports | workers | characters | quads | build s | peak RSS parent MiB | largest worker MiB |",
              "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        child = f"{r['maxrss_children_mib']:,.0f}" if r.get("workers", 1) > 1 else "-"
        lines.append(f"| {r['reports']:,} | {r.get('workers', 1)} | {r['chars']:,} | {r['quads']:,} | "
                     f"{_f(r['build_s'])} | {r['maxrss_self_mib']:,.0f} | {child} |")
    lines.append("")
    biggest = runs[-1] if runs else None
    if biggest is not None:
        total = biggest["maxrss_self_mib"] + (biggest["maxrss_children_mib"] * biggest.get("workers", 1)
                                              if biggest.get("workers", 1) > 1 else 0)
        verdict = "met" if biggest["reports"] >= 10000 and total <= 2 * GIB else (
            "NOT met" if total > 2 * GIB else "not measured at 10k in this run")
        lines.append(f"Target 10k reports within 2 GiB: **{verdict}**: the largest build here, {biggest['reports']:,} "
                     f"reports, peaked at {biggest['maxrss_self_mib']:,.0f} MiB in the parent"
                     + (f" + {biggest.get('workers', 1)} x {biggest['maxrss_children_mib']:,.0f} MiB workers"
                        if biggest.get("workers", 1) > 1 else "")
                     + f" = {total:,.0f} MiB at most. Memory does not grow with the corpus: each report's graph is "
                     "built, validated and serialised in a worker and dropped; the parent keeps one small link "
                     "record per mention.")
    lines.append("")


def _incremental(results: dict, lines: list[str]) -> None:
    full = results["build_w1"]["build_s"]
    lines += ["## 4. Rebuilds of the built output (fresh process each, like `kg build`)", "",
              "| rebuild | files extracted | graphs replaced | build() s | whole process s | build() per 1000 reports | vs full build |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for step in results["incremental"]:
        if "build_s" not in step:
            lines.append(f"| {step.get('step', '?')} | failed: {step} | | | | | |")
            continue
        label = step["step"] + (f" ({step['mutated_files']} file(s) rewritten)" if "mutated_files" in step else "")
        per_k = f"{step['build_s'] * 1000 / step['reports']:.2f} s" if step["up_to_date"] else "-"
        lines.append(f"| {label} | {step['extracted']} | {step['graphs_replaced']} | {step['build_s']:.3f} | "
                     f"{step['process_s']:.2f} | {per_k} | {step['build_s'] / full:.2f} |")
    fingerprint = results["build_w1"].get("code_fingerprint")
    changed = [s["step"] for s in results["incremental"] if fingerprint and s.get("code_fingerprint") not in
               (None, fingerprint)]
    if changed:
        lines += ["", "**Caution:** the kg code changed during this run (another engineer edited `kg/`), so the "
                  "extraction cache (keyed by a fingerprint of every file of the package) was invalid and the "
                  "rebuild re-extracted files; see `note` below if the section was re-run."]
    if results.get("incremental_note"):
        lines += ["", f"Note: {results['incremental_note']}"]
    unchanged = results["incremental"][0]
    if "process_s" in unchanged:
        per_k = unchanged["build_s"] * 1000 / unchanged["reports"]
        startup = unchanged["process_s"] - unchanged["build_s"]
        verdict = "met" if per_k + startup < 1 else "NOT met"
        lines += ["", f"Target unchanged rebuild < 1 s per 1000 reports: **{verdict}** by extrapolation: the "
                  f"up-to-date check (hash every input, compare the state file) took {unchanged['build_s'] * 1000:.0f} ms "
                  f"for {unchanged['reports']} reports = {per_k:.2f} s per 1000, plus {startup:.2f} s fixed process "
                  "start-up (imports). The up-to-date check skips everything else."]
    mutated = results["incremental"][1]
    if "stages_s" in mutated:
        top = sorted(mutated["stages_s"].items(), key=lambda kv: -kv[1])[:4]
        lines.append("After the 1% change the whole-corpus stages run again in full: "
                     + ", ".join(f"{k} {v:.1f} s" for k, v in top) + ".")
    lines.append("")


def _queries(rows: list[dict], title: str, lines: list[str]) -> None:
    setup = next((r for r in rows if r.get("kind") == "setup"), {})
    cap = next((r.get("cap_s") for r in rows if r.get("kind") == "query" and r.get("cap_s")), None)
    rdflib_note = (f"rdflib held the same {setup['quads_rdflib']:,} quads in memory (loaded in "
                   f"{_f(setup.get('rdflib_load_s'))} s)" if setup.get("quads_rdflib") else
                   f"rdflib was not run: {setup.get('quads_oxigraph', 0):,} quads exceed what it can hold here "
                   f"(limit {setup.get('rdflib_max_quads', 0):,}; FIELD-NOTES: ~1.4 GB per million triples)")
    lines += [f"## {title}", "",
              f"Store: {setup.get('quads_oxigraph', 0):,} quads (named graphs, their union as the default graph, "
              f"the manifest), opened read-only in {_f(setup.get('oxigraph_open_s'), 3)} s. Engines: the "
              "Oxigraph store queried directly (`Store.read_only`, ORDER BY by Oxigraph), `kg query --graph "
              "OUT/store` (kg.query.run_query on the store in place: parameters resolved on Oxigraph, an ORDER BY "
              f"over variables sorted in Python, rows converted to rdflib terms), and rdflib alone; {rdflib_note}. "
              f"Median of the runs; a query slower than {cap or 0:.0f} s is killed (\"> cap\"). Parameters "
              f"({', '.join(sorted(setup.get('params', {})))}) are picked from the data (the most reported region, "
              "the most observed indicator, ...); optional ones unbound (the whole graph).", "",
              "| query | bound | rows | Oxigraph store ms | kg query ms | rdflib ms | under 200 ms (kg query) |",
              "|---|---|---:|---:|---:|---:|---|"]

    def ms(value: float | None, skipped: bool = False) -> str:
        if skipped:
            return "not run"
        return f"> {cap * 1000:,.0f}" if value is None else f"{value * 1000:,.1f}"

    under = 0
    measured = 0
    for r in rows:
        if r.get("kind") != "query":
            continue
        if "skipped" in r:
            lines.append(f"| {r['name']} | skipped: {r['skipped']} | | | | | |")
            continue
        measured += 1
        fast = r.get("kgquery_s") is not None and r["kgquery_s"] < 0.2
        under += fast
        rows_n = r.get("kgquery_rows") if r.get("kgquery_rows") is not None else r.get("oxigraph_rows")
        lines.append(f"| {r['name']} | {', '.join(r['params']) or '-'} | {rows_n if rows_n is not None else '?'} | "
                     f"{ms(r.get('oxigraph_s'))} | {ms(r.get('kgquery_s'))} | "
                     f"{ms(r.get('rdflib_s'), r.get('rdflib_skipped', False))} | {'yes' if fast else 'no'} |")
    lines += ["", f"{under} of {measured} canned queries answer under 200 ms through `kg query` on this graph.", ""]


def _scale(results: dict, lines: list[str]) -> None:
    scale = results.get("scale")
    if not scale:
        return
    b = scale["build"]
    lines += ["## 6. The 10k-report build", "",
              f"Command: `{scale['command']}` (date {scale.get('date', '?')}). Corpus: {b['reports']:,} generated "
              f"reports, {b['chars']:,} characters; {b['quads']:,} quads, {b['entities']:,} entities, SHACL "
              f"violations: {b['violations']}. Build with {b['workers']} workers, cold (no warm-up): "
              f"{b['build_s'] / 60:.1f} min ({b['chars'] / b['build_s']:,.0f} chars/s), peak RSS "
              f"{b['maxrss_self_mib']:,.0f} MiB parent, {b['maxrss_children_mib']:,.0f} MiB largest worker, so at most "
              f"{b['maxrss_self_mib'] + b['workers'] * b['maxrss_children_mib']:,.0f} MiB for the whole build "
              f"(target 2 GiB: **{'met' if b['maxrss_self_mib'] + b['workers'] * b['maxrss_children_mib'] <= 2048 else 'NOT met'}**).",
              ""]
    steps = [step for step in scale.get("incremental", []) if "build_s" in step]
    if steps:
        lines += ["| rebuild of the 10k output | files extracted | graphs rendered | graphs replaced | build() s | "
                  "peak RSS parent MiB |", "|---|---:|---:|---:|---:|---:|"]
        for step in steps:
            label = step["step"] + (f" ({step['mutated_files']} files rewritten)" if "mutated_files" in step else "")
            lines.append(f"| {label} | {step['extracted']} | {step.get('rendered', '-')} | {step['graphs_replaced']} | "
                         f"{step['build_s']:.2f} | {step['maxrss_self_mib']:,.0f} |")
        lines.append("")
    for note in scale.get("notes", []):
        lines += [f"Note: {note}", ""]
    if scale.get("queries"):
        _queries(scale["queries"], "6.1 Canned query latency on the 10k-report graph", lines)


def _query_versions(results: dict, lines: list[str]) -> None:
    versions = results.get("query_versions")
    if not versions:
        return

    def ms(value: float | None) -> str:
        return f"> {versions['cap_s'] * 1000:,.0f} (killed)" if value is None else f"{value * 1000:,.1f}"

    lines += ["## 7. Rewritten canned queries against their previous text (same store, same run)", "",
              f"Command: `{versions['command']}` (date {versions['date']}). Store: {versions['quads']:,} quads, "
              f"{versions['reports']:,} reports. Both texts through `kg query` on the store in place, median of "
              f"runs, each run killed after {versions['cap_s']:.0f} s; baseline: the queries at "
              f"`{versions['baseline']}`. Sections 5 and 6.1 ran the query texts of their own date.", "",
              "| query | bound | rows (baseline / now) | same rows | baseline ms | now ms | speed-up |",
              "|---|---|---:|---|---:|---:|---:|"]
    for row in versions["queries"]:
        old, new = row["baseline_s"], row["current_s"]
        ratio = "-" if new is None else (f"> {versions['cap_s'] / new:,.1f}" if old is None else f"{old / new:,.1f}")
        rows = f"{row['baseline_rows'] if row['baseline_rows'] is not None else '?'} / {row['current_rows']}"
        same = {True: "yes", False: "**no**", None: "-"}[row.get("same_rows")]
        lines.append(f"| {row['name']} | {', '.join(row['params']) or '-'} | {rows} | {same} | {ms(old)} | {ms(new)} | {ratio} |")
    lines.append("")


# Results of the separate commands that BENCHMARKS.md shows beside run_all.py's (key -> file in bench/)
SIDE_RESULTS = {"scale": "results-scale.json",  # run_scale.py, an hour-long command
                "query_versions": "results-query-versions.json"}  # bench_query_versions.py


def attach_side_results(results: dict, bench_dir: Path) -> dict:
    """``results`` with the side results found in ``bench_dir`` under their keys (SIDE_RESULTS)."""
    for key, name in SIDE_RESULTS.items():
        path = bench_dir / name
        if path.exists():
            results[key] = json.loads(path.read_text(encoding="utf-8"))
    return results


def render(results: dict) -> str:
    """BENCHMARKS.md text for one ``run_all.py`` run."""
    m = results["machine"]
    libs = ", ".join(f"{k} {v}" for k, v in m["libraries"].items())
    lines = [
        "# Benchmarks", "",
        "Generated by `bench/run_all.py` (`make bench` runs the quick mode); every figure below comes from the run",
        "described here, and every ratio is against a baseline measured side by side in the same run.", "",
        f"- **Mode:** {results['mode']} ({results['config']['reports']} reports; memory series "
        f"{results['config']['memory_sizes']}; query medians of {results['config']['repeat']} runs, rdflib capped at "
        f"{results['config']['cap']:.0f} s per query). Total {results['total_s'] / 60:.1f} min.",
        f"- **Date:** {results['started']}",
        f"- **Command:** `{results['command']}`",
        f"- **Machine:** {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, {m['os']}; "
        f"Python {m['python']}; {libs}.",
        f"- **Load average** (machine shared with other jobs) before: {', '.join(f'{x:.2f}' for x in m['loadavg'])}; "
        f"after: {', '.join(f'{x:.2f}' for x in results['machine_after']['loadavg'])}. Single runs: expect ±20%.",
        f"- **Corpus:** `bench/generate_corpus.py` seed 1 (generation {results['generate_s']:.1f} s, untimed).", "",
    ]
    _throughput(results["build_w1"], lines)
    _scaling(results["build_w1"], results["build_w2"], lines)
    _memory(results, lines)
    _incremental(results, lines)
    _queries(results["queries"], "5. Canned query latency on the largest graph of this run (median of runs)", lines)
    _scale(results, lines)
    _query_versions(results, lines)
    return "\n".join(lines).rstrip() + "\n"
