"""Graph parts: one named graph serialised once, in every form the store and the exports need.

A build never holds the whole corpus as one rdflib Dataset: each report's graph is built, validated
and turned into a :class:`GraphPart` (canonical N-Triples for the store and the content hash, its
TriG block, its JSON-LD object, the facts VoID repeats) in a worker process, then dropped. Parts
are kept on disk in a :class:`PartStore` keyed by everything that determines them, so a rebuild
reuses the parts of reports whose extraction and linking did not change, and the exports are
written by streaming parts in graph order.
"""

from __future__ import annotations

import logging
import pickle
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from kg.atomic import atomic_write_bytes
from kg.rdf.fingerprint import content_hash, node_of, ntriples_lines
from kg.rdf.jsonld import graph_object_of_groups
from kg.rdf.namespaces import DCTERMS, EDU, PREFIXES, RDF
from kg.rdf.triples import TripleSet
from kg.rdf.turtle import TermWriter, subject_groups, turtle_block

log = logging.getLogger("kg")

# What VoID lists of each report (kg.rdf.void): the report node with these properties.
VOID_REPORT_PROPERTIES = (EDU.sourceFile, DCTERMS.identifier, DCTERMS.title)
_VOID_PREDICATES = frozenset(f"<{p}>" for p in VOID_REPORT_PROPERTIES)
_RDF_TYPE, _REPORT = f"<{RDF.type}>", f"<{EDU.Report}>"
_writer = TermWriter(PREFIXES)  # its cache only memoises term text: sharing it changes no output


@dataclass
class GraphPart:
    """One named graph in every serialised form; ``nt`` is None once the part is on disk."""

    iri: str
    digest: str  # content hash of the canonical N-Triples (kg.rdf.fingerprint)
    triples: int
    trig: str  # the TriG block "<iri> {\n...\n}\n"
    jsonld: str  # the graph's JSON-LD object, indented for kg.jsonld
    void: tuple[tuple[Node, Node, Node], ...] = ()  # the report nodes' triples VoID repeats
    violations: tuple[str, ...] = ()  # SHACL results found when the part was made
    meta: dict = field(default_factory=dict)  # what the pipeline records about the graph (kg.tasks)
    nt: bytes | None = field(default=None, repr=False)
    block_sizes: tuple[int, ...] = ()  # length of each subject's Turtle block in ``trig``, in line order
    group_sizes: tuple[int, ...] = ()  # how many N-Triples lines each subject has, in line order

    def blocks(self) -> Iterator[str]:
        """The Turtle block of each subject, in line order (each ends with a newline)."""
        return _blocks(self.trig, len(f"<{self.iri}> {{\n"), self.block_sizes)


def _blocks(trig: str, pos: int, sizes: tuple[int, ...]) -> Iterator[str]:
    for size in sizes:
        yield trig[pos:pos + size]  # the last one's newline is the one before the closing brace
        pos += size + 1  # blocks are one blank line apart


def make_part(graph: Graph | TripleSet, violations: tuple[str, ...] = ()) -> GraphPart:
    """Serialise one named graph (an rdflib Graph or a TripleSet; its identifier is the graph IRI)."""
    iri = str(graph.identifier)
    lines = ntriples_lines(graph)
    nt = "".join(lines).encode("utf-8")
    groups = list(subject_groups(lines))  # parsed once for the TriG block, JSON-LD and VoID
    trig, block_sizes = trig_block(iri, groups)
    return GraphPart(iri=iri, digest=content_hash(nt), triples=len(lines), trig=trig,
                     jsonld=graph_object_of_groups(iri, groups), void=_void_triples(groups),
                     violations=violations, nt=nt, block_sizes=block_sizes,
                     group_sizes=tuple(len(rows) for _, rows in groups))


def trig_block(iri: str, groups: list[tuple[str, list[tuple[str, str]]]]) -> tuple[str, tuple[int, ...]]:
    """The graph's TriG block ``<iri> {...}`` from its subject groups, and each subject block's length."""
    blocks = [turtle_block(subject, rows, _writer) for subject, rows in groups]
    body = "\n".join(blocks).rstrip("\n")
    # not indented: indenting would change multi-line """literals"""
    return f"<{iri}> {{\n{body}\n}}\n", tuple(map(len, blocks))


def _void_triples(groups: list[tuple[str, list[tuple[str, str]]]]) -> tuple[tuple[Node, Node, Node], ...]:
    """The report nodes' triples VoID repeats, as rdflib terms, sorted."""
    found = []
    for subject, rows in groups:
        if (_RDF_TYPE, _REPORT) in rows:
            found.extend((node_of(subject), node_of(p), node_of(o)) for p, o in rows if p in _VOID_PREDICATES)
    return tuple(sorted(found))


class PartRef:
    """A part in memory or in a PartStore: its IRI, and its fields and N-Triples on demand."""

    def __init__(self, iri: str, part: GraphPart | None = None, store: PartStore | None = None,
                 key: str = "") -> None:
        self.iri, self._part, self._store, self.key = iri, part, store, key

    def part(self) -> GraphPart:
        """The part's fields (from disk when stored)."""
        if self._part is not None:
            return self._part
        assert self._store is not None
        return self._store.load(self.key)

    def nt_path(self) -> Path | None:
        """The file holding the sorted N-Triples, if the part is on disk."""
        return self._store.nt_path(self.key) if self._store is not None else None

    def nt(self) -> bytes:
        """The canonical N-Triples."""
        path = self.nt_path()
        if path is not None:
            return path.read_bytes()
        assert self._part is not None and self._part.nt is not None
        return self._part.nt

    def nt_lines(self) -> Iterator[bytes]:
        """The N-Triples lines (with their newline), in order, streamed from disk when stored."""
        path = self.nt_path()
        if path is None:
            yield from self.nt().splitlines(keepends=True)
            return
        with open(path, "rb") as fh:
            yield from fh


class PartStore:
    """A directory of parts for one code fingerprint: ``<key>.nt`` and ``<key>.part`` (the rest)."""

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.root = Path(root)
        self.directory = self.root / fingerprint

    def _base(self, key: str) -> Path:
        return self.directory / key[:2] / key

    def nt_path(self, key: str) -> Path:
        """Where the part's N-Triples are."""
        return self._base(key).with_suffix(".nt")

    def has(self, key: str) -> bool:
        """True when the part is complete on disk (the .part file is written last)."""
        return self._base(key).with_suffix(".part").exists() and self.nt_path(key).exists()

    def save(self, key: str, part: GraphPart) -> PartRef:
        """Write a part (each file atomically, the .part last) and return a reference to it."""
        assert part.nt is not None
        atomic_write_bytes(self.nt_path(key), part.nt, durable=False)
        rest = GraphPart(**{**part.__dict__, "nt": None})
        atomic_write_bytes(self._base(key).with_suffix(".part"),
                           pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
        return PartRef(part.iri, store=self, key=key)

    def load(self, key: str) -> GraphPart:
        """The part's fields without its N-Triples."""
        with open(self._base(key).with_suffix(".part"), "rb") as fh:
            return pickle.load(fh)  # our own files, written by save()

    def ref(self, iri: str, key: str) -> PartRef:
        """A reference to a stored part."""
        return PartRef(iri, store=self, key=key)

    def prune(self, keep: set[str]) -> None:
        """Drop parts of other code versions, and parts of this one not in ``keep``."""
        if self.root.is_dir():
            for child in self.root.iterdir():
                if child.is_dir() and child != self.directory:
                    shutil.rmtree(child, ignore_errors=True)
        if not self.directory.is_dir():
            return
        for path in self.directory.rglob("*"):
            if path.is_file() and path.stem not in keep:
                path.unlink(missing_ok=True)

