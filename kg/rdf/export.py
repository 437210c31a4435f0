"""Deterministic, atomic, streamed exports: Turtle, TriG, N-Quads, JSON-LD and VoID.

The exports are written from graph parts (kg.rdf.parts) taken one at a time in graph-IRI order, so
memory does not grow with the corpus:

* ``kg.trig``: the prefixes, then one ``<graph> { ... }`` block per named graph;
* ``kg.nq``: each graph's sorted N-Triples lines with the graph name added, graph after graph;
* ``kg.jsonld``: one ``{"@id": graph, "@graph": [...]}`` object per named graph;
* ``kg.ttl``: the union of all graphs, each triple once, from a k-way merge of the parts' sorted
  N-Triples, subject by subject, reusing the parts' Turtle blocks where it can (kg.rdf.union);
* ``void.ttl``: counts gathered while the others stream.

Given a process pool, the union merge (the slowest export) runs in a worker as a :class:`UnionJob`,
started while the parent still syncs the store, and the parent writes the other files meanwhile.

Same parts -> byte-identical files. Every file goes to a temporary file beside its target and is
moved into place only when all of them are complete, so a crash or Ctrl-C leaves the previous
exports as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from contextlib import ExitStack
from pathlib import Path

from rdflib import Dataset, Graph

from kg.atomic import atomic_open, atomic_write_bytes, committing, temp_beside
from kg.errors import StoreError
from kg.rdf.jsonld import DOCUMENT_TAIL, document, document_head
from kg.rdf.namespaces import DEFAULT_BASE, PREFIXES, bind_prefixes
from kg.rdf.ontology import CONTEXT_JSONLD
from kg.rdf.parts import PartRef, make_part
from kg.rdf.turtle import TermWriter, prefix_lines, turtle_blocks
from kg.rdf.union import union_groups
from kg.rdf.void import VoidStats, describe

log = logging.getLogger("kg")
FORMATS = ("ttl", "trig", "nq", "jsonld")
FILE_NAMES = {"ttl": "kg.ttl", "trig": "kg.trig", "nq": "kg.nq", "jsonld": "kg.jsonld"}


def atomic_write(path: Path, produce: Callable[[], bytes]) -> Path:
    """Write the bytes ``produce()`` returns to ``path`` atomically; on error the old file stays."""
    return atomic_write_bytes(path, produce())


def union_graph(data: Graph) -> Graph:
    """Every triple of every graph of a Dataset in one plain Graph (what kg.ttl holds); a Graph as is."""
    if not hasattr(data, "quads"):
        return data
    union = Graph()
    bind_prefixes(union)
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def dataset_parts(ds: Dataset) -> list[PartRef]:
    """In-memory parts of every non-empty graph of ``ds``, sorted by graph IRI."""
    graphs = sorted((g for g in ds.graphs() if len(g)), key=lambda g: str(g.identifier))
    return [PartRef(str(g.identifier), part=make_part(g)) for g in graphs]


def _nquads(ref: PartRef) -> Iterable[bytes]:
    suffix = f"<{ref.iri}> .\n".encode("utf-8")
    for line in ref.nt_lines():
        yield line.rstrip()[:-1] + suffix  # "S P O ." -> "S P O <g> ."


def _wanted(formats: Iterable[str]) -> list[str]:
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FILE_NAMES]
    if unknown:
        raise StoreError(f"unknown export format(s) {', '.join(unknown)}; valid: {', '.join(FORMATS)}")
    return wanted


def _head() -> bytes:
    return prefix_lines(PREFIXES).encode("utf-8") + b"\n"


class UnionJob:
    """The union merge (kg.ttl, VoID's union counts) running in a pool worker; a context manager.

    kg.ttl goes to a temporary file beside it, which :func:`write_parts` renames into place with the
    other exports; leaving the context otherwise removes it.
    """

    def __init__(self, parts: list[PartRef], out_dir: Path, pool: Executor, formats: Iterable[str] = FORMATS) -> None:
        out_dir = Path(out_dir)
        self.ttl = temp_beside(out_dir / FILE_NAMES["ttl"]) if "ttl" in _wanted(formats) else None
        self.future = pool.submit(union_task, parts, str(self.ttl) if self.ttl else None, str(out_dir))

    def __enter__(self) -> UnionJob:
        return self

    def __exit__(self, *exc: object) -> None:
        self.future.cancel()
        if self.ttl is not None:
            self.ttl.unlink(missing_ok=True)  # already renamed into place when the exports completed


def union_task(parts: list[PartRef], ttl: str | None, tmp_dir: str) -> VoidStats:
    """Pool task: VoID's counts over the union of ``parts``, its Turtle written to ``ttl`` if given."""
    stats = VoidStats()
    if ttl is None:
        _write_union(parts, None, stats, Path(tmp_dir))
        return stats
    # "r+b": the parent made the file; if it gave up and removed it, do not create it again
    with open(ttl, "r+b") as out:
        out.truncate()
        out.write(_head())
        _write_union(parts, out, stats, Path(tmp_dir))
    return stats


def write_parts(parts: list[PartRef], out_dir: Path, formats: Iterable[str] = FORMATS,
                base: str = DEFAULT_BASE, union: UnionJob | None = None) -> dict[str, Path]:
    """Write the requested exports of ``parts`` (sorted by IRI) plus ``void.ttl`` and ``context.jsonld``.

    With ``union`` (started on the same parts and formats) the union comes from that job.
    """
    out_dir = Path(out_dir)
    wanted = _wanted(formats)
    stats = VoidStats()
    written: dict[str, Path] = {}
    with ExitStack() as stack:  # every file replaces its target only if all of them complete
        files = {fmt: stack.enter_context(atomic_open(out_dir / FILE_NAMES[fmt])) for fmt in wanted
                 if not (fmt == "ttl" and union is not None)}
        if union is not None and union.ttl is not None:
            stack.enter_context(committing(union.ttl, out_dir / FILE_NAMES["ttl"]))
        for fmt in ("ttl", "trig"):
            if fmt in files:
                files[fmt].write(_head())
        if "jsonld" in files:
            files["jsonld"].write(document_head().encode("utf-8") if parts else b"")
        for i, ref in enumerate(parts):
            part = ref.part()
            stats.add_graph(part.iri, part.triples, part.void)
            if "trig" in files:
                files["trig"].write((("\n" if i else "") + part.trig).encode("utf-8"))
            if "nq" in files:
                files["nq"].writelines(_nquads(ref))
            if "jsonld" in files:
                files["jsonld"].write(((",\n" if i else "") + part.jsonld).encode("utf-8"))
        if "jsonld" in files:
            files["jsonld"].write((DOCUMENT_TAIL if parts else document([])).encode("utf-8"))
        if union is None:
            _write_union(parts, files.get("ttl"), stats, out_dir)
        else:
            stats.take_union(union.future.result())
        written = {fmt: out_dir / FILE_NAMES[fmt] for fmt in wanted}
    if "jsonld" in wanted:
        written["context"] = atomic_write(out_dir / "context.jsonld", CONTEXT_JSONLD.read_bytes)
    void = describe(stats, base)
    written["void"] = atomic_write(out_dir / "void.ttl", lambda: void.serialize(format="turtle").encode("utf-8"))
    log.debug("wrote %s", ", ".join(str(p) for p in written.values()))
    return written


def _write_union(parts: list[PartRef], out, stats: VoidStats, tmp_dir: Path) -> None:
    """Count the union's subjects and lines into VoID and, if ``out``, write its Turtle blocks."""
    writer = TermWriter(PREFIXES)
    for i, (_, lines, block) in enumerate(union_groups(parts, tmp_dir)):
        stats.add_union_group(lines)
        if out is None:
            continue
        if block is None:  # no part holds all of the subject's lines: render the merged ones
            block = next(turtle_blocks((line.decode("utf-8") for line in lines), writer))
        out.write((("\n" if i else "") + block).encode("utf-8"))


def write_exports(ds: Dataset, out_dir: Path, formats: Iterable[str] = FORMATS,
                  base: str = DEFAULT_BASE) -> dict[str, Path]:
    """Write the exports of an in-memory Dataset (see :func:`write_parts`)."""
    return write_parts(dataset_parts(ds), out_dir, formats, base)


def to_trig(ds: Dataset) -> bytes:
    """TriG of a Dataset (what ``kg.trig`` holds)."""
    parts = dataset_parts(ds)
    blocks = "\n".join(ref.part().trig for ref in parts)
    return (prefix_lines(PREFIXES) + "\n" + blocks).encode("utf-8")
