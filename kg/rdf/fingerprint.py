"""Canonical N-Triples of a graph and its content hash (what decides whether a graph changed)."""

from __future__ import annotations

import hashlib

from collections.abc import Iterable

import rdflib
from rdflib.plugins.serializers.nt import _nt_row
from rdflib.compare import to_canonical_graph
from rdflib.term import BNode


def canonical_ntriples(graph: Iterable[tuple]) -> bytes:
    """The triples as sorted, distinct N-Triples lines (rdflib's own line writer), UTF-8.

    Takes an rdflib Graph or any iterable of triples (kg.rdf.triples.TripleSet); blank nodes are
    relabelled canonically first (our graphs mint none; if one appears, the hash stays stable).
    """
    triples = list(graph)
    if any(isinstance(term, BNode) for triple in triples for term in triple):
        canonical = rdflib.Graph()
        for triple in triples:
            canonical.add(triple)
        triples = list(to_canonical_graph(canonical))
    lines = sorted({_nt_row(triple) for triple in triples})
    return "".join(lines).encode("utf-8")


def content_hash(ntriples: bytes) -> str:
    """``sha256:`` + hex digest of canonical N-Triples."""
    return "sha256:" + hashlib.sha256(ntriples).hexdigest()
