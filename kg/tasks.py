"""The per-report work a build hands to worker processes (picklable tasks, small results).

A corpus build runs in two parallel phases around one serial step:

1. :func:`extract_task`: ingest and extract one file (or read it from the extraction cache) and
   reduce it to what cross-report linking needs (:class:`kg.link.LinkInput`);
2. the parent resolves every mention of the corpus at once (:func:`kg.link.assign_keys`);
3. :func:`render_task`: link one report with its share of the keys, build its named graph,
   validate it and serialise it as a graph part (kg.rdf.parts), written to the part store.

Only small objects travel between processes: file names, link inputs, key assignments and part
summaries; extraction results and graphs stay in the worker that made them (and on disk).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError, KgError
from kg.link.resolve import KeyAssignment, LinkInput
from kg.model import ExtractionResult

log = logging.getLogger("kg")


@dataclass
class Problem:
    """A file that was skipped, with the reason (shown to the user, never fatal to a build)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class ReportSummary:
    """What a build reports about one report (counts and entity keys), without its graph."""

    source: str
    doc_id: str
    graph: str
    entities: tuple[str, ...]
    observations: int
    conferrals: int


@dataclass
class Extracted:
    """Phase 1 result: a file's link input; ``result`` travels only when there is no cache."""

    path: str
    digest: str
    fresh: bool  # extracted in this run (not from the cache)
    link: LinkInput
    result: ExtractionResult | None = None


@dataclass(frozen=True)
class RenderTask:
    """Phase 3 input: everything that determines one report's graph part."""

    path: str
    digest: str
    link: LinkInput
    keys: KeyAssignment
    base: str
    validate: bool
    cache_dir: str | None
    parts_dir: str | None
    fingerprint: str
    result: ExtractionResult | None = None

    def part_key(self) -> str:
        """A hash of everything the part depends on (the code is covered by the fingerprint)."""
        h = hashlib.sha256()
        for item in (self.fingerprint, self.base, self.digest, Path(self.path).name, str(self.validate),
                     repr(self.link.chain), repr(self.keys.keys)):
            h.update(item.encode("utf-8") + b"\0")
        return h.hexdigest()


@dataclass
class Rendered:
    """Phase 3 result: the part's key and IRI and what the reference graph and the summary need."""

    key: str
    iri: str
    digest: str
    triples: int
    region_codes: tuple[str, ...]
    wordings: tuple[str, ...]
    violations: tuple[str, ...]
    summary: ReportSummary
    part: object | None = field(default=None, repr=False)  # the GraphPart when there is no part store


def _load(path: str) -> ExtractionResult | Problem:
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


def extract_task(task: tuple[str, str, str | None, str]) -> Extracted | Problem:
    """Phase 1 for (path, bytes hash, cache directory or None, code fingerprint)."""
    from kg.cache import ExtractionCache
    from kg.link.resolve import link_input

    path, digest, cache_dir, fingerprint = task
    cache = ExtractionCache(Path(cache_dir), fingerprint) if cache_dir else None
    result = cache.get(digest) if cache is not None else None
    fresh = result is None
    if result is None:
        outcome = _load(path)
        if isinstance(outcome, Problem):
            return outcome
        result = outcome
        if cache is not None:
            cache.put(digest, result)
    result.document.source = path  # the same bytes may have moved
    return Extracted(path, digest, fresh, link_input(result), None if cache is not None else result)


@lru_cache(maxsize=1)
def checker():  # -> kg.rdf.validate.ShapeChecker
    """This process's shape checker (the shapes and ontology are parsed once per process)."""
    from kg.rdf.validate import ShapeChecker

    return ShapeChecker()


def render_task(task: RenderTask) -> Rendered:
    """Phase 3: link, build, validate and serialise one report; save the part when there is a store."""
    from kg.cache import ExtractionCache
    from kg.link.resolve import link_with_keys
    from kg.rdf.builder import build_report_graph
    from kg.rdf.parts import PartStore, make_part

    result = task.result
    if result is None:
        assert task.cache_dir is not None
        result = ExtractionCache(Path(task.cache_dir), task.fingerprint).get(task.digest)
        if result is None:
            raise KgError(f"{task.path}: its extraction result vanished from the cache during the build")
    result.document.source = task.path
    linked = link_with_keys(result, task.link, task.keys)
    built = build_report_graph(linked, task.base)
    part = make_part(built.graph)
    if task.validate:  # after make_part: the check adds the reference triples to the graph
        part.violations = tuple(checker().check_report(built, task.base))
    violations = part.violations
    key = task.part_key()
    summary = ReportSummary(task.path, result.document.doc_id, part.iri, tuple(linked.entities),
                            len(result.observations), len(result.conferrals))
    rendered = Rendered(key, part.iri, part.digest, part.triples, tuple(sorted(built.region_codes)),
                        tuple(sorted(built.indicator_wordings)), violations, summary)
    part.meta = rendered_meta(rendered)
    if task.parts_dir is not None:
        PartStore(Path(task.parts_dir), task.fingerprint).save(key, part)
    else:
        rendered.part = part
    return rendered


def rendered_meta(rendered: Rendered) -> dict:
    """What a stored part keeps of its Rendered record, so a rebuild can reuse it without rendering."""
    return {"region_codes": rendered.region_codes, "wordings": rendered.wordings, "summary": rendered.summary}


def rendered_from_part(key: str, part) -> Rendered:  # part: kg.rdf.parts.GraphPart
    """The Rendered record of a part reused from the part store."""
    meta = part.meta
    return Rendered(key, part.iri, part.digest, part.triples, meta["region_codes"], meta["wordings"],
                    part.violations, meta["summary"])
