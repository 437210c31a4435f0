"""Deterministic, atomic exports of a built Dataset: Turtle, TriG, N-Quads, JSON-LD and VoID.

Same Dataset -> byte-identical files: Turtle comes from rdflib's serialiser (it sorts subjects,
predicates and objects; the graphs hold no blank nodes), TriG is assembled from one sorted Turtle
block per graph, N-Quads lines are sorted, and JSON-LD is built here from sorted triples.
Every file is written to a temporary file in the same directory and moved into place with
``os.replace``, so a crash never leaves a half-written export.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.atomic import atomic_write_bytes
from kg.errors import StoreError
from kg.rdf.namespaces import DEFAULT_BASE, PREFIXES, RDF, bind_prefixes
from kg.rdf.ontology import CONTEXT_JSONLD
from kg.rdf.turtle import TermWriter, has_blank_nodes, prefix_lines, to_turtle_text, turtle_body
from kg.rdf.void import describe

log = logging.getLogger("kg")
FORMATS = ("ttl", "trig", "nq", "jsonld")


def atomic_write(path: Path, produce: Callable[[], bytes]) -> Path:
    """Write the bytes ``produce()`` returns to ``path`` atomically; on error the old file stays."""
    return atomic_write_bytes(path, produce())


def _graphs(ds: Dataset) -> list[Graph]:
    """Non-empty graphs of ``ds`` sorted by name."""
    return sorted((g for g in ds.graphs() if len(g)), key=lambda g: str(g.identifier))


def union_graph(data: Graph) -> Graph:
    """Every triple of every graph of a Dataset in one plain Graph (what kg.ttl holds); a Graph as is."""
    if not hasattr(data, "quads"):
        return data
    union = Graph()
    bind_prefixes(union)
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _turtle(graph: Graph) -> str:
    g = Graph()
    bind_prefixes(g)
    for triple in graph:
        g.add(triple)
    return g.serialize(format="turtle")


def to_turtle(ds: Dataset) -> bytes:
    """The union of all graphs as Turtle with prefixes."""
    triples = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    return to_turtle_text(triples, PREFIXES).encode("utf-8")


def to_trig(ds: Dataset) -> bytes:
    """TriG: shared prefixes, then one ``<graph> { ... }`` block per non-empty graph, sorted."""
    writer = TermWriter(PREFIXES)
    prefixes: set[str] = set()
    blocks: list[str] = []
    for graph in _graphs(ds):
        triples = list(graph)
        if has_blank_nodes(triples):  # rdflib's serialiser handles what the fast writer does not
            lines = _turtle(graph).splitlines()
            prefixes.update(line for line in lines if line.startswith("@prefix"))
            body = "\n".join(line for line in lines if not line.startswith(("@prefix", "@base"))).strip("\n")
        else:
            body = turtle_body(triples, writer).rstrip("\n")
        # not indented: indenting would change multi-line """literals"""
        blocks.append(f"<{graph.identifier}> {{\n" + body + "\n}\n")
    prefixes.update(prefix_lines(writer, PREFIXES).splitlines())
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def to_nquads(ds: Dataset) -> bytes:
    """N-Quads, one line per quad, sorted and without duplicates."""
    text = ds.serialize(format="nquads")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@lru_cache(maxsize=1 << 16)
def _compact(iri: str) -> str:
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _json_value(node: Node) -> object:
    if isinstance(node, Literal):
        if node.language:
            return {"@value": str(node), "@language": node.language}
        if node.datatype is not None:
            return {"@value": str(node), "@type": _compact(str(node.datatype))}
        return str(node)
    return {"@id": _compact(str(node))}


def _json_nodes(graph: Graph) -> list[dict[str, object]]:
    nodes: dict[str, dict[str, list[tuple[str, object]]]] = {}
    for s, p, o in graph:
        props = nodes.setdefault(_compact(str(s)), {})
        if p == RDF.type and isinstance(o, URIRef):
            props.setdefault("@type", []).append((_compact(str(o)), _compact(str(o))))
        else:
            value = _json_value(o)
            props.setdefault(_compact(str(p)), []).append((json.dumps(value, sort_keys=True), value))
    out = []
    for node_id in sorted(nodes):
        entry: dict[str, object] = {"@id": node_id}
        for key in sorted(nodes[node_id], key=lambda k: (k != "@type", k)):
            values = [v for _, v in sorted(nodes[node_id][key], key=lambda kv: kv[0])]
            entry[key] = values[0] if len(values) == 1 else values
        out.append(entry)
    return out


def to_jsonld(ds: Dataset, context_ref: str = "context.jsonld") -> bytes:
    """JSON-LD with one ``@graph`` object per named graph, nodes and values sorted."""
    doc = {
        "@context": context_ref,
        "@graph": [{"@id": str(g.identifier), "@graph": _json_nodes(g)} for g in _graphs(ds)],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


SERIALISERS: dict[str, tuple[str, Callable[[Dataset], bytes]]] = {
    "ttl": ("kg.ttl", to_turtle),
    "trig": ("kg.trig", to_trig),
    "nq": ("kg.nq", to_nquads),
    "jsonld": ("kg.jsonld", to_jsonld),
}


def write_exports(
    ds: Dataset, out_dir: Path, formats: Iterable[str] = FORMATS, base: str = DEFAULT_BASE
) -> dict[str, Path]:
    """Write the requested exports plus ``void.ttl`` (and ``context.jsonld`` with JSON-LD)."""
    out_dir = Path(out_dir)
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in SERIALISERS]
    if unknown:
        raise StoreError(f"unknown export format(s) {', '.join(unknown)}; valid: {', '.join(FORMATS)}")
    written: dict[str, Path] = {}
    for fmt in wanted:
        name, serialise = SERIALISERS[fmt]
        written[fmt] = atomic_write(out_dir / name, lambda s=serialise: s(ds))
        log.debug("wrote %s", written[fmt])
    if "jsonld" in wanted:
        written["context"] = atomic_write(out_dir / "context.jsonld", CONTEXT_JSONLD.read_bytes)
    written["void"] = atomic_write(out_dir / "void.ttl", lambda: _turtle(describe(ds, base)).encode("utf-8"))
    return written
