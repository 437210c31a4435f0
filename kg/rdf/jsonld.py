"""Deterministic JSON-LD of one named graph: nodes sorted by id, keys and values sorted, IRIs compacted."""

from __future__ import annotations

import json
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.rdf.namespaces import PREFIXES, RDF

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
# kg.jsonld is {"@context": ..., "@graph": [graph objects]}: a graph object sits two levels deep.
GRAPH_INDENT = "  "


@lru_cache(maxsize=1 << 16)
def compact(iri: str) -> str:
    """``prefix:local`` for an IRI in a known namespace (as context.jsonld defines them), else the IRI."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _value(node: Node) -> object:
    if isinstance(node, Literal):
        if node.language:
            return {"@value": str(node), "@language": node.language}
        if node.datatype is not None:
            return {"@value": str(node), "@type": compact(str(node.datatype))}
        return str(node)
    return {"@id": compact(str(node))}


def graph_nodes(graph: Graph) -> list[dict[str, object]]:
    """The node objects of ``graph``: ``@id``, ``@type`` first, then properties, all sorted."""
    nodes: dict[str, dict[str, list[tuple[str, object]]]] = {}
    for s, p, o in graph:
        props = nodes.setdefault(compact(str(s)), {})
        if p == RDF.type and isinstance(o, URIRef):
            props.setdefault("@type", []).append((compact(str(o)), compact(str(o))))
        else:
            value = _value(o)
            props.setdefault(compact(str(p)), []).append((json.dumps(value, sort_keys=True), value))
    out = []
    for node_id in sorted(nodes):
        entry: dict[str, object] = {"@id": node_id}
        for key in sorted(nodes[node_id], key=lambda k: (k != "@type", k)):
            values = [v for _, v in sorted(nodes[node_id][key], key=lambda kv: kv[0])]
            entry[key] = values[0] if len(values) == 1 else values
        out.append(entry)
    return out


def graph_object(graph: Graph) -> str:
    """The JSON text of ``{"@id": graph, "@graph": [...]}``, indented to sit in kg.jsonld's ``@graph``."""
    text = json.dumps({"@id": str(graph.identifier), "@graph": graph_nodes(graph)}, ensure_ascii=False, indent=1)
    return "\n".join(GRAPH_INDENT + line for line in text.split("\n"))


def document_head(context_ref: str = "context.jsonld") -> str:
    """The start of kg.jsonld up to its first graph object."""
    return "{\n" + f' "@context": {json.dumps(context_ref)},\n "@graph": [\n'


DOCUMENT_TAIL = "\n ]\n}\n"


def document(objects: list[str], context_ref: str = "context.jsonld") -> str:
    """A whole kg.jsonld from graph objects made by :func:`graph_object` (what json.dumps would write)."""
    if not objects:
        return "{\n" + f' "@context": {json.dumps(context_ref)},\n "@graph": []\n}}\n'
    return document_head(context_ref) + ",\n".join(objects) + DOCUMENT_TAIL
