"""Deterministic JSON-LD of one named graph, written from its sorted N-Triples lines.

kg.jsonld is ``{"@context": "context.jsonld", "@graph": [graph objects]}``; each graph object is
``{"@id": graph IRI, "@graph": [node objects]}`` with one node object per line, nodes in subject
order, ``@type`` first, then properties in predicate order, values in object order (the order of the
canonical N-Triples), IRIs compacted with the prefixes context.jsonld defines. Built from the lines
(never from rdflib terms) with the C JSON encoder, so a corpus of any size streams quickly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

from kg.rdf.fingerprint import unquote
from kg.rdf.namespaces import PREFIXES
from kg.rdf.turtle import subject_groups

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


@lru_cache(maxsize=1 << 16)
def compact(iri: str) -> str:
    """``prefix:local`` for an IRI in a known namespace (as context.jsonld defines them), else the IRI."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _value(term: str) -> object:
    """The JSON-LD value of one N-Triples object term."""
    if term.startswith("<"):
        return {"@id": compact(term[1:-1])}
    if term.startswith("_:"):
        return {"@id": term}
    if term.endswith('"'):
        return unquote(term)
    if term.endswith(">"):
        quoted, datatype = term.rsplit("^^<", 1)
        return {"@value": unquote(quoted), "@type": compact(datatype[:-1])}
    quoted, language = term.rsplit("@", 1)
    return {"@value": unquote(quoted), "@language": language}


def _node(subject: str, rows: list[tuple[str, str]]) -> str:
    node: dict[str, object] = {"@id": compact(subject[1:-1]) if subject.startswith("<") else subject}
    types = [compact(o[1:-1]) for p, o in rows if p == _RDF_TYPE and o.startswith("<")]
    if types:
        node["@type"] = types[0] if len(types) == 1 else types
    values: dict[str, list[object]] = {}
    for p, o in rows:
        if p == _RDF_TYPE and o.startswith("<"):
            continue
        values.setdefault(compact(p[1:-1]), []).append(_value(o))
    for key, found in values.items():
        node[key] = found[0] if len(found) == 1 else found
    return _dumps(node)


def graph_object(iri: str, lines: Iterable[str]) -> str:
    """The text of ``{"@id": iri, "@graph": [...]}`` from sorted N-Triples lines, indented for kg.jsonld."""
    return graph_object_of_groups(iri, subject_groups(lines))


def graph_object_of_groups(iri: str, groups: Iterable[tuple[str, list[tuple[str, str]]]]) -> str:
    """:func:`graph_object` from the lines' subject groups (kg.rdf.turtle.subject_groups)."""
    nodes = [_node(subject, rows) for subject, rows in groups]
    head = "  {" + f'"@id": {_dumps(iri)}, "@graph": ['
    if not nodes:
        return head + "]}"
    return head + "\n   " + ",\n   ".join(nodes) + "\n  ]}"


def document_head(context_ref: str = "context.jsonld") -> str:
    """The start of kg.jsonld up to its first graph object."""
    return "{\n" + f' "@context": {_dumps(context_ref)},\n "@graph": [\n'


DOCUMENT_TAIL = "\n ]\n}\n"


def document(objects: list[str], context_ref: str = "context.jsonld") -> str:
    """A whole kg.jsonld from graph objects made by :func:`graph_object`."""
    if not objects:
        return "{\n" + f' "@context": {_dumps(context_ref)},\n "@graph": []\n}}\n'
    return document_head(context_ref) + ",\n".join(objects) + DOCUMENT_TAIL
