"""Canonical N-Triples of a graph and its content hash (what decides whether a graph changed)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable

import rdflib
from rdflib.compare import to_canonical_graph
from rdflib.plugins.serializers.nt import _nt_row, _quoteLiteral
from rdflib.term import BNode, Literal, URIRef

_decode = json.JSONDecoder(strict=False).decode
# Characters rdflib refuses in an IRI it serialises (URIRef.n3 raises on them).
_BAD_IRI = re.compile(r'[<>" {}|\\^`]')


def _nt_term(term: object) -> str:
    """N-Triples text of one term, the bytes rdflib's line writer gives (rdflib raises on a bad IRI)."""
    kind = type(term)
    if kind is URIRef and not _BAD_IRI.search(term):  # type: ignore[arg-type]
        return f"<{term}>"
    if kind is Literal:
        return _quoteLiteral(term)  # type: ignore[arg-type]
    return term.n3()  # type: ignore[attr-defined]


def node_of(text: str) -> URIRef | Literal | BNode:
    """The rdflib term of one N-Triples term written by :func:`ntriples_lines` (its inverse)."""
    if text.startswith("<"):
        return URIRef(text[1:-1])
    if text.startswith("_:"):
        return BNode(text[2:])
    quoted, _, tail = text.rpartition('"')
    value = unquote(quoted + '"')
    if tail.startswith("@"):
        return Literal(value, lang=tail[1:])
    if tail.startswith("^^<"):
        return Literal(value, datatype=URIRef(tail[3:-1]))
    return Literal(value)


def unquote(quoted: str) -> str:
    """The value of an N-Triples string ``"..."`` (rdflib escapes only \\\\ \\n \\r \\")."""
    if "\\" not in quoted:
        return quoted[1:-1]
    if "\\U" in quoted:  # not a JSON escape; rdflib never writes it, other writers may
        quoted = quoted.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
    return _decode(quoted)


def ntriples_lines(graph: Iterable[tuple]) -> list[str]:
    """The triples as sorted, distinct N-Triples lines, each ending in a newline.

    Takes an rdflib Graph or any iterable of triples (kg.rdf.triples.TripleSet); blank nodes are
    relabelled canonically first (our graphs mint none; if one appears, the hash stays stable).
    Terms are written as rdflib's N-Triples serialiser writes them, without its per-term checks.
    """
    triples = list(graph)
    if any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in triples):
        canonical = rdflib.Graph()
        for triple in triples:
            canonical.add(triple)
        lines = {_nt_row(triple) for triple in to_canonical_graph(canonical)}
    else:
        lines = {f"{_nt_term(s)} {_nt_term(p)} {_nt_term(o)} .\n" for s, p, o in triples}
    return sorted(lines)


def canonical_ntriples(graph: Iterable[tuple]) -> bytes:
    """The triples as sorted, distinct N-Triples lines (as rdflib writes them), UTF-8."""
    return "".join(ntriples_lines(graph)).encode("utf-8")


def content_hash(ntriples: bytes) -> str:
    """``sha256:`` + hex digest of canonical N-Triples."""
    return "sha256:" + hashlib.sha256(ntriples).hexdigest()
