"""The whole pipeline as library functions: ``build(paths, out_dir) -> BuildResult``.

``ingest -> extract -> link -> rdf -> store/export -> validate``. The CLI is a thin wrapper over
this module; a Python user calls the same functions.

Builds into an output directory are incremental and idempotent:

* each input file is hashed; its extraction result comes from ``out/cache/`` when the bytes and
  the extractor's code are unchanged, so an unchanged corpus is never extracted twice;
* ``out/build-state.json`` records the inputs, their hashes and the code fingerprint; when nothing
  changed since the last complete build the build stops there ("up to date");
* the persistent store ``out/store/`` (Oxigraph) holds one named graph per report and replaces only
  graphs whose content changed, each in one transaction;
* every export and the state file are written atomically, the state file last: a crash or Ctrl-C
  leaves the previous outputs intact and the next build redoes what was interrupted.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from contextlib import nullcontext
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kg.atomic import atomic_write_text
from kg.errors import InputError, KgError
from kg.model import Document, ExtractionResult, LinkedReport

log = logging.getLogger("kg")

DEFAULT_BASE = "https://w3id.org/edukg/id/"
DEFAULT_FORMATS = ("ttl", "trig", "nq", "jsonld")
STATE_FILE = "build-state.json"


@dataclass
class Problem:
    """A file that was skipped, with the reason (shown to the user, never fatal to a build)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class BuildResult:
    """What a build produced: the linked reports, the dataset, written files and problems."""

    reports: list[LinkedReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dataset: object | None = None  # rdflib.Dataset; None when the build was up to date
    outputs: dict[str, Path] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    extracted: int = 0  # files extracted in this run (the rest came from the cache)
    up_to_date: bool = False
    graphs_replaced: list[str] = field(default_factory=list)
    graphs_removed: list[str] = field(default_factory=list)


Outcome = ExtractionResult | Problem


def _process_file(path: str) -> Outcome:
    """Ingest and extract one file; errors become a Problem (runs in worker processes)."""
    from kg.extract import extract
    from kg.ingest import load_document

    try:
        doc = load_document(path)
    except InputError as exc:
        return Problem(path, exc.problem)
    try:
        return extract(doc)
    except KgError as exc:
        return Problem(path, f"extraction failed: {exc}")
    except Exception as exc:  # noqa: BLE001 - one bad report must never abort a corpus build
        log.exception("extraction crashed on %s", path)
        return Problem(path, f"extraction failed: {type(exc).__name__}: {exc}")


def extract_files(
    paths: Sequence[Path | str],
    workers: int = 1,
    on_done: Callable[[str, Outcome], None] | None = None,
) -> list[Outcome]:
    """Ingest and extract files in ``workers`` processes; outcomes come back in input order."""
    names = [str(p) for p in paths]
    if workers > 1 and len(names) > 1:
        with ProcessPoolExecutor(max_workers=min(workers, len(names))) as pool:
            outcomes = []
            for name, outcome in zip(names, pool.map(_process_file, names, chunksize=1)):
                if on_done is not None:
                    on_done(name, outcome)
                outcomes.append(outcome)
            return outcomes
    outcomes = []
    for name in names:
        outcome = _process_file(name)
        if on_done is not None:
            on_done(name, outcome)
        outcomes.append(outcome)
    return outcomes


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
    from kg.rdf.export import SERIALISERS

    names = [SERIALISERS[f][0] for f in formats] + (["store"] if store else [])
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
    from kg.cache import ExtractionCache

    result = BuildResult()
    out = Path(out_dir) if out_dir is not None else None
    state = _state(entries, opts)
    if out is not None and load_state(out) == state and _outputs_present(out, opts.formats, opts.store):
        result.up_to_date = True
        log.info("up to date: %d input(s) unchanged since the last build in %s", len(entries), out)
        return result

    cache = ExtractionCache(out / "cache") if out is not None else None
    outcomes: dict[str, Outcome] = {}
    todo: list[tuple[str, str]] = []
    for path, digest in entries:
        cached = cache.get(digest) if cache is not None else None
        if cached is None:
            todo.append((path, digest))
            continue
        cached.document.source = path  # same bytes may have moved
        outcomes[path] = cached
        if on_done is not None:
            on_done(path, cached)
    if opts.engine == "dask":
        from kg.distributed import extract_with_dask

        fresh = extract_with_dask([p for p, _ in todo], scheduler=opts.scheduler)
        if on_done is not None:
            for (path, _digest), outcome in zip(todo, fresh):
                on_done(path, outcome)
    else:
        fresh = extract_files([p for p, _ in todo], workers=opts.workers, on_done=on_done)
    result.extracted = len(todo)
    for (path, digest), outcome in zip(todo, fresh):
        outcomes[path] = outcome
        if cache is not None and isinstance(outcome, ExtractionResult):
            cache.put(digest, outcome)

    extracted: list[ExtractionResult] = []
    seen: dict[str, str] = {}
    for path, _digest in entries:
        outcome = outcomes[path]
        if isinstance(outcome, Problem):
            result.problems.append(outcome)
            continue
        doc_id = outcome.document.doc_id
        if doc_id in seen:
            result.problems.append(Problem(path, f"same text as {seen[doc_id]} - skipped as a duplicate"))
            continue
        seen[doc_id] = path
        extracted.append(outcome)
    previous = load_state(out) if out is not None else None
    _finish(result, extracted, out, opts,
            validate_all=previous is None or previous.get("fingerprint") != state["fingerprint"])
    if out is not None:
        atomic_write_text(out / STATE_FILE, json.dumps(state, ensure_ascii=False, indent=1) + "\n")
        _prune_cache(out / "cache", cache.fingerprint if cache else "")
    return result


def _finish(result: BuildResult, extracted: list[ExtractionResult], out: Path | None, opts: BuildOptions,
            validate_all: bool = True) -> None:
    """Link, build the Dataset, validate, sync the store and write the exports.

    With a store and ``validate_all`` false (same code and shapes as the last build), only the graphs
    whose content changed are validated, with the ontology and reference graphs.
    """
    from kg.link import link_corpus
    from kg.rdf.builder import build_dataset
    from kg.rdf.fingerprint import canonical_ntriples
    from kg.store.oxi import GraphStore

    result.reports = link_corpus(extracted)
    ds = build_dataset(result.reports, base=opts.base)
    result.dataset = ds
    store = GraphStore(out / "store") if out is not None and opts.store else None
    with store if store is not None else nullcontext():
        graphs = {str(g.identifier): canonical_ntriples(g) for g in ds.graphs() if len(g)} if store is not None else {}
        if opts.validate:
            changed = None
            if store is not None and not validate_all:
                changed = set(store.changed(graphs))
            result.violations = _violations(ds, changed, opts.base)
        if store is not None:
            result.graphs_replaced, unchanged, result.graphs_removed = store.sync(graphs)
            log.info("store: %d graph(s) replaced, %d unchanged, %d removed", len(result.graphs_replaced),
                     len(unchanged), len(result.graphs_removed))
    if out is not None:
        from kg.rdf.export import write_exports

        result.outputs = write_exports(ds, out, formats=opts.formats, base=opts.base)


def _violations(ds: object, changed: set[str] | None, base: str) -> list[str]:
    """SHACL violations of ``ds`` (or of its ``changed`` graphs with the ontology and reference)."""
    from rdflib import Dataset

    from kg.rdf.namespaces import ONTOLOGY_GRAPH, reference_graph
    from kg.rdf.validate import format_report, validate

    data = ds
    if changed is not None:
        if not changed:
            return []
        keep = changed | {str(ONTOLOGY_GRAPH), str(reference_graph(base))}
        data = Dataset()
        for graph in ds.graphs():  # type: ignore[attr-defined]
            if str(graph.identifier) in keep:
                target = data.graph(graph.identifier)
                for triple in graph:
                    target.add(triple)
    report = validate(data)
    return [] if report.conforms else format_report(report).splitlines()


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
