"""Per-stage timers for a build: wrap the pipeline's stage functions with exclusive wall-clock timers.

The pipeline imports its stage functions lazily (inside the calling function), so replacing the
module attribute is enough for the next build to call the wrapper. Times are *exclusive*: when a
timed stage calls another timed stage, the inner time counts for the inner stage only, so the
stage times add up to at most the build's wall time (the rest is reported as "other").
Benchmark-only code: it patches attributes of ``kg`` modules in this process, never files.
"""

from __future__ import annotations

import functools
import importlib
import resource
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any, Iterator

# (stage label, module, attribute) - the functions named in the "Scale" issue, in pipeline order.
STAGES: list[tuple[str, str, str]] = [
    ("input hashing", "kg.cache", "file_hash"),
    ("ingest", "kg.ingest", "load_document"),
    ("entities", "kg.extract.entities", "extract_mentions"),
    ("metrics", "kg.extract.metrics", "extract_observations"),
    ("awards", "kg.extract.awards", "extract_conferrals"),
    ("relations", "kg.extract.relations", "extract_relations"),
    ("cache read", "kg.cache.ExtractionCache", "get"),
    ("cache write", "kg.cache.ExtractionCache", "put"),
    ("link: inputs", "kg.link.resolve", "link_input"),
    ("link: corpus keys", "kg.link", "assign_keys"),
    ("link: report", "kg.link.resolve", "link_with_keys"),
    ("rdf build", "kg.rdf.builder", "build_report_graph"),
    ("rdf build: reference", "kg.rdf.builder", "build_reference_graph"),
    ("validation (compiled SHACL)", "kg.rdf.validate.ShapeChecker", "check"),
    ("part: canonical N-Triples", "kg.rdf.parts", "ntriples_lines"),
    ("part: TriG block", "kg.rdf.parts", "trig_block"),
    ("part: JSON-LD object", "kg.rdf.parts", "graph_object_of_groups"),
    ("part: other", "kg.rdf.parts", "make_part"),
    ("part store: write", "kg.rdf.parts.PartStore", "save"),
    ("part store: read", "kg.rdf.parts.PartStore", "load"),
    ("store: sync (Oxigraph)", "kg.store.oxi.GraphStore", "sync"),
    ("store: compaction", "kg.store.oxi.GraphStore", "compact"),
    ("export: kg.ttl union merge", "kg.rdf.export", "_write_union"),
    ("export: trig, nq, jsonld, void", "kg.rdf.export", "write_parts"),
]


class StageClock:
    """Exclusive seconds and call counts per stage label."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.peak_raise_mib: dict[str, float] = {}  # how far the stage pushed the process's peak RSS up
        # per active stage: [start, time in nested stages, peak RSS at entry, peak raised by nested stages]
        self._stack: list[list[float]] = []

    def wrap(self, label: str, func: Callable[..., Any]) -> Callable[..., Any]:
        """``func`` with its exclusive time added to ``label``."""

        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [time.perf_counter(), 0.0, _peak_mib(), 0.0]
            self._stack.append(frame)
            try:
                return func(*args, **kwargs)
            finally:
                self._stack.pop()
                elapsed = time.perf_counter() - frame[0]
                raised = _peak_mib() - frame[2]
                self.seconds[label] = self.seconds.get(label, 0.0) + elapsed - frame[1]
                self.calls[label] = self.calls.get(label, 0) + 1
                self.peak_raise_mib[label] = self.peak_raise_mib.get(label, 0.0) + raised - frame[3]
                if self._stack:
                    self._stack[-1][1] += elapsed
                    self._stack[-1][3] += raised

        return timed


def _peak_mib() -> float:
    """Peak resident set size of this process so far, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _owner(dotted: str) -> Any:
    """A module, or a class inside a module, from a dotted name."""
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError:
        module, _, name = dotted.rpartition(".")
        return getattr(importlib.import_module(module), name)


@contextmanager
def timed_stages() -> Iterator[StageClock]:
    """Patch every stage function with a timer for the duration of the ``with`` block."""
    clock = StageClock()
    restore: list[tuple[Any, str, Any]] = []
    for label, dotted, attr in STAGES:
        owner = _owner(dotted)
        original = owner.__dict__[attr] if isinstance(owner, type) else getattr(owner, attr)
        restore.append((owner, attr, original))
        setattr(owner, attr, clock.wrap(label, original))
    try:
        yield clock
    finally:
        for owner, attr, original in reversed(restore):
            setattr(owner, attr, original)
