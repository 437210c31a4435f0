"""The whole pipeline as library functions: ``build(paths, out_dir) -> BuildResult``.

``ingest -> extract -> link -> rdf -> validate -> store/export``. The CLI is a thin wrapper over
this module; a Python user calls the same functions.

A build into an output directory streams: no stage holds the corpus's graph in memory.

1. each file is ingested and extracted in a worker process (kg.tasks.extract_task), or read from
   ``out/cache/`` when its bytes and the extractor's code are unchanged; only its link input (one
   small record per mention) comes back;
2. the parent resolves every mention of the corpus at once (kg.link.assign_keys);
3. each report is linked, built, SHACL-validated and serialised in a worker (kg.tasks.render_task)
   into a graph part in ``out/parts/``; a part whose inputs did not change is reused as it is;
4. the persistent store ``out/store/`` (Oxigraph) replaces only graphs whose content changed,
   each in one transaction, and the exports stream from the parts in graph order.

``out/build-state.json`` records the inputs, their hashes and the code fingerprint; when nothing
changed since the last complete build the build stops at once ("up to date"). Every export and
the state file are written atomically, the state file last: a crash or Ctrl-C leaves the previous
outputs intact and the next build redoes what was interrupted. Without an output directory the
build runs in memory and returns an rdflib Dataset (small jobs, tests, notebooks).
"""

from __future__ import annotations

import collections
import itertools
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from kg.atomic import atomic_write_text
from kg.errors import KgError
from kg.gctune import tune_for_build, tuned_for_build
from kg.model import Document, ExtractionResult, LinkedReport
from kg.tasks import (
    Extracted,
    Problem,
    Rendered,
    RenderTask,
    ReportSummary,
    extract_task,
    render_task,
    rendered_from_part,
)

log = logging.getLogger("kg")

DEFAULT_BASE = "https://w3id.org/edukg/id/"
DEFAULT_FORMATS = ("ttl", "trig", "nq", "jsonld")
STATE_FILE = "build-state.json"


@dataclass
class BuildResult:
    """What a build produced: the linked reports, the dataset, written files and problems."""

    summaries: list[ReportSummary] = field(default_factory=list)  # one per report built, in build order
    reports: list[LinkedReport] = field(default_factory=list)  # in-memory builds only
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dataset: object | None = None  # rdflib.Dataset of an in-memory build (no output directory)
    quads: int = 0  # quads in the named graphs built
    outputs: dict[str, Path] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    extracted: int = 0  # files extracted in this run (the rest came from the cache)
    up_to_date: bool = False
    graphs_replaced: list[str] = field(default_factory=list)
    graphs_removed: list[str] = field(default_factory=list)
    rendered: int = 0  # reports whose graph was built in this run (the rest reused their part)


Outcome = Extracted | Problem


def extract_files(paths: Sequence[Path | str], workers: int = 1) -> list[ExtractionResult | Problem]:
    """Ingest and extract files in ``workers`` processes (no cache); results in input order."""
    from kg.cache import code_fingerprint

    tasks = [(str(p), "", None, code_fingerprint()) for p in paths]
    pool = _pool(workers, len(tasks))
    try:
        return [o if isinstance(o, Problem) else o.result for o in _map(extract_task, tasks, pool)]
    finally:
        if pool is not None:
            pool.shutdown()


def _pool(workers: int, jobs: int) -> ProcessPoolExecutor | None:
    if workers <= 1 or jobs <= 1:
        return None
    return ProcessPoolExecutor(max_workers=min(workers, jobs), initializer=tune_for_build)


def _map(fn: Callable, items: Iterable, pool: ProcessPoolExecutor | None, window: int = 64) -> Iterator:
    """``fn`` over ``items`` in input order, in ``pool`` or inline.

    At most ``window`` items are in flight, so tasks are made and results consumed as the workers go:
    memory stays flat however many items there are.
    """
    if pool is None:
        yield from map(fn, items)
        return
    pending: collections.deque = collections.deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def default_workers() -> int:
    """All cores (the default of ``--workers``)."""
    return max(1, os.cpu_count() or 1)


def _state(entries: list[tuple[str, str]], opts: BuildOptions) -> dict:
    """What decides whether the outputs are up to date (engine and workers do not change them)."""
    from kg.cache import code_fingerprint

    return {"version": 1, "fingerprint": code_fingerprint(), "base": opts.base, "formats": sorted(opts.formats),
            "store": opts.store, "inputs": [list(e) for e in sorted(entries)]}


def load_state(out_dir: Path) -> dict | None:
    """The state of the last complete build in ``out_dir``, if any."""
    try:
        return json.loads((Path(out_dir) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _outputs_present(out_dir: Path, formats: Sequence[str], store: bool) -> bool:
    from kg.rdf.export import FILE_NAMES

    names = [FILE_NAMES[f] for f in formats] + (["store"] if store else [])
    return all((out_dir / n).exists() for n in names)


def _hash_inputs(paths: Sequence[Path]) -> tuple[list[tuple[str, str]], list[Problem]]:
    from kg.cache import file_hash

    entries, problems = [], []
    for path in paths:
        try:
            entries.append((str(path), file_hash(path)))
        except OSError as exc:
            problems.append(Problem(str(path), f"cannot read: {exc.strerror or exc}"))
    return entries, problems


@dataclass(frozen=True)
class BuildOptions:
    """How to build: IRI base, extraction engine and processes, exports, store, validation."""

    base: str = DEFAULT_BASE
    workers: int = 1  # extraction processes of the local engine
    formats: tuple[str, ...] = DEFAULT_FORMATS
    validate: bool = True  # SHACL-validate the built graph
    store: bool = True  # keep the persistent Oxigraph store in OUT/store
    engine: str = "local"  # "local" process pool or "dask" map step (kg.distributed)
    scheduler: str | None = None  # a Dask scheduler address for the dask engine


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path | None = None,
    *,
    on_done: Callable[[str, Outcome], None] | None = None,
    **options: object,
) -> BuildResult:
    """Build the knowledge graph of ``inputs`` (files or directories) into ``out_dir``.

    ``options`` are the fields of :class:`BuildOptions` (``workers=2``, ``formats=("nq",)`` ...).
    Without ``out_dir`` nothing is written or cached: the result holds the Dataset only.
    """
    from kg.ingest import discover

    paths, warnings = discover(inputs)
    entries, problems = _hash_inputs(paths)
    result = build_entries(entries, out_dir, BuildOptions(**options), on_done=on_done)  # type: ignore[arg-type]
    result.warnings[:0] = warnings
    result.problems[:0] = problems
    return result


def build_entries(
    entries: list[tuple[str, str]],
    out_dir: str | Path | None,
    opts: BuildOptions = BuildOptions(),
    on_done: Callable[[str, Outcome], None] | None = None,
) -> BuildResult:
    """Build from (path, bytes-hash) entries; see :func:`build`."""
    with tuned_for_build():
        return _build_entries(entries, out_dir, opts, on_done)


def _build_entries(entries: list[tuple[str, str]], out_dir: str | Path | None, opts: BuildOptions,
                   on_done: Callable[[str, Outcome], None] | None) -> BuildResult:
    from kg.cache import code_fingerprint

    result = BuildResult()
    out = Path(out_dir) if out_dir is not None else None
    state = _state(entries, opts)
    previous = load_state(out) if out is not None else None
    if previous is not None and {k: v for k, v in previous.items() if k != "graphs"} == state \
            and _outputs_present(out, opts.formats, opts.store):
        result.up_to_date = True
        log.info("up to date: %d input(s) unchanged since the last build in %s", len(entries), out)
        return result
    fingerprint = code_fingerprint()
    cache_dir = str(out / "cache") if out is not None else None
    pool = _pool(opts.workers, len(entries)) if opts.engine == "local" else None
    try:
        extracted = _extract_phase(entries, cache_dir, fingerprint, opts, pool, on_done, result)
        if out is None:
            _finish_in_memory(result, extracted, opts)
            return result
        _finish(result, extracted, out, opts, fingerprint, pool, (previous or {}).get("graphs", {}))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    state["graphs"] = {r.source: r.graph for r in sorted(result.summaries, key=lambda r: r.source)}
    atomic_write_text(out / STATE_FILE, json.dumps(state, ensure_ascii=False, indent=1) + "\n")
    _prune_cache(out / "cache", fingerprint)
    return result


def _extract_phase(entries: list[tuple[str, str]], cache_dir: str | None, fingerprint: str, opts: BuildOptions,
                   pool: ProcessPoolExecutor | None, on_done: Callable[[str, Outcome], None] | None,
                   result: BuildResult) -> list[Extracted]:
    """Phase 1: extract (or read from the cache) every entry; problems and duplicates are recorded."""
    tasks = [(path, digest, cache_dir, fingerprint) for path, digest in entries]
    if opts.engine == "dask":
        from kg.distributed import map_with_dask

        outcomes: Iterable[Outcome] = map_with_dask(extract_task, tasks, scheduler=opts.scheduler)
    else:
        outcomes = _map(extract_task, tasks, pool)
    from kg.link.resolve import intern_protos

    extracted: list[Extracted] = []
    seen: dict[str, str] = {}
    protos: dict = {}  # one object per distinct Proto across the corpus
    for (path, _digest), outcome in zip(entries, outcomes):
        if on_done is not None:
            on_done(path, outcome)
        if isinstance(outcome, Problem):
            result.problems.append(outcome)
            continue
        result.extracted += outcome.fresh
        doc_id = outcome.link.doc_id
        if doc_id in seen:
            result.problems.append(Problem(path, f"same text as {seen[doc_id]} - skipped as a duplicate"))
            continue
        seen[doc_id] = path
        outcome.link = intern_protos(outcome.link, protos)
        extracted.append(outcome)
    return extracted


def _finish_in_memory(result: BuildResult, extracted: list[Extracted], opts: BuildOptions) -> None:
    """Link, build the Dataset and validate it, all in memory (no output directory)."""
    from kg.link import link_corpus
    from kg.rdf.builder import build_dataset

    result.reports = link_corpus([item.result for item in extracted if item.result is not None])
    ds = build_dataset(result.reports, base=opts.base)
    result.dataset = ds
    result.quads = len(ds)
    result.summaries = [_summary(r, opts.base) for r in result.reports]
    if opts.validate:
        from kg.rdf.validate import validate, violation_lines

        result.violations = violation_lines(validate(ds))


def _summary(linked: LinkedReport, base: str) -> ReportSummary:
    from kg.rdf.namespaces import report_graph

    res = linked.result
    return ReportSummary(res.document.source, res.document.doc_id, str(report_graph(base, res.document.doc_id)),
                         tuple(linked.entities), len(res.observations), len(res.conferrals))


def _finish(result: BuildResult, extracted: list[Extracted], out: Path, opts: BuildOptions, fingerprint: str,
            pool: ProcessPoolExecutor | None, previous_graphs: dict[str, str]) -> None:
    """Phases 2-4: resolve keys, render parts (reusing unchanged ones), sync the store, write exports.

    The store takes each part as soon as it is ready, so loading overlaps with the workers' rendering;
    a changed report's new graph replaces its previous one (``previous_graphs``: path -> graph IRI of
    the last complete build) in one transaction.
    """
    from kg.link.resolve import Resolution
    from kg.rdf.export import UnionJob, write_parts
    from kg.rdf.parts import PartRef, PartStore
    from kg.store.oxi import GraphStore

    resolution = Resolution([item.link for item in extracted])
    parts = PartStore(out / "parts", fingerprint)
    reused: list[Rendered] = []
    todo: list[Extracted] = []
    for item in extracted:
        key = _task(item, resolution, opts, out, parts, fingerprint).part_key()
        if parts.has(key):
            reused.append(rendered_from_part(key, parts.load(key)))
        else:
            todo.append(item)
    result.rendered = len(todo)
    tasks = (_task(item, resolution, opts, out, parts, fingerprint) for item in todo)
    if opts.engine == "dask":  # map step: each report's graph part (N-Triples ...) written by a Dask worker
        from kg.distributed import map_with_dask

        fresh: Iterable[Rendered] = map_with_dask(render_task, list(tasks), scheduler=opts.scheduler)
    else:
        fresh = _map(render_task, tasks, pool)
    rendered: list[Rendered] = []
    with ExitStack() as jobs:
        with GraphStore(out / "store") if opts.store else nullcontext() as store:
            session = store.session() if store is not None else None
            for item in itertools.chain(reused, fresh):
                rendered.append(item)
                if session is not None:
                    session.offer(item.iri, item.digest, lambda _g, k=item.key: parts.nt_path(k).read_bytes(),
                                  supersedes=previous_graphs.get(item.summary.source))
            fixed = _fixed_parts(rendered, opts)
            refs = [parts.ref(r.iri, r.key) for r in rendered] + [PartRef(part.iri, part=part) for part in fixed]
            refs.sort(key=lambda ref: ref.iri)
            # the workers are idle now: one merges the union for kg.ttl while the store syncs
            union = jobs.enter_context(UnionJob(refs, out, pool, opts.formats)) if pool is not None else None
            if session is not None:
                for part in fixed:
                    session.offer(part.iri, part.digest, lambda _g, p=part: p.nt)
                result.graphs_replaced, unchanged, result.graphs_removed = session.finish()
                log.info("store: %d graph(s) replaced, %d unchanged, %d removed", len(result.graphs_replaced),
                         len(unchanged), len(result.graphs_removed))
        for r in rendered:
            result.summaries.append(r.summary)
            result.violations.extend(r.violations)
        for part in fixed:
            result.violations.extend(part.violations)
        result.quads = sum(r.triples for r in rendered) + sum(part.triples for part in fixed)
        result.outputs = write_parts(refs, out, formats=opts.formats, base=opts.base, union=union)
    parts.prune({r.key for r in rendered})


def _task(item: Extracted, resolution, opts: BuildOptions, out: Path, parts, fingerprint: str) -> RenderTask:
    """The render task of one extracted report (made when needed: it carries the report's keys)."""
    return RenderTask(item.path, item.digest, item.link, resolution.for_report(item.link), opts.base, opts.validate,
                      str(out / "cache"), str(parts.root), fingerprint)


def _fixed_parts(rendered: list[Rendered], opts: BuildOptions) -> list:
    """The ontology and reference graphs' parts (made in the parent: they depend on every report)."""
    from kg.rdf.builder import build_ontology_graph, build_reference_graph
    from kg.rdf.parts import make_part

    ontology = build_ontology_graph()
    codes = {c for r in rendered for c in r.region_codes}
    wordings = {w for r in rendered for w in r.wordings}
    reference = build_reference_graph(codes, wordings, opts.base, ontology=ontology)
    violations: tuple[str, ...] = ()
    if opts.validate:
        from kg.tasks import checker

        violations = tuple(checker().check(reference))
    return [make_part(ontology), make_part(reference, violations)]


def _prune_cache(cache_root: Path, keep: str) -> None:
    """Drop cache entries of older code versions."""
    if not cache_root.is_dir():
        return
    for child in cache_root.iterdir():
        if child.is_dir() and child.name != keep:
            shutil.rmtree(child, ignore_errors=True)


def remove(reports: Sequence[str], out_dir: str | Path, *, workers: int = 1, validate: bool = True) -> BuildResult:
    """Drop reports (by doc id, file name or path) from the build in ``out_dir`` and rebuild it.

    The remaining reports come from the extraction cache, so nothing is extracted again unless the
    code changed. Entities mentioned only by a removed report disappear with it.
    """
    out = Path(out_dir)
    state = load_state(out)
    if state is None:
        raise KgError(f"{out}: no previous build here (no {STATE_FILE}); nothing to remove from")
    known = _report_ids(out, state)
    doomed: set[str] = set()
    for wanted in reports:
        matches = [path for path, keys in known.items() if wanted in keys]
        if not matches:
            names = ", ".join(sorted(Path(p).name for p in known)) or "(none)"
            raise KgError(f"no report {wanted!r} in the build in {out}; reports: {names}")
        doomed.update(matches)
    entries = [(p, h) for p, h in state["inputs"] if p not in doomed]
    opts = BuildOptions(base=state["base"], workers=workers, formats=tuple(state["formats"]), validate=validate,
                        store=state["store"])
    return build_entries(entries, out, opts)


def _report_ids(out: Path, state: dict) -> dict[str, set[str]]:
    """For each input path of the last build: the names it can be removed by."""
    from kg.cache import ExtractionCache

    cache = ExtractionCache(out / "cache", state["fingerprint"])
    ids: dict[str, set[str]] = {}
    for path, digest in state["inputs"]:
        keys = {path, Path(path).name, digest}
        cached = cache.get(digest)
        if cached is not None:
            keys.add(cached.document.doc_id)
        ids[path] = keys
    return ids


def extract_text(text: str, source: str = "<text>") -> ExtractionResult:
    """Convenience for Python users and tests: run ingest cleaning and extraction on a string."""
    from kg.extract import extract
    from kg.ingest import document_from_text

    doc: Document = document_from_text(text, source=source)
    return extract(doc)
