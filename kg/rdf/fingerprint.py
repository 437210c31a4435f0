"""Canonical N-Triples of a graph and its content hash (what decides whether a graph changed)."""

from __future__ import annotations

import hashlib

import rdflib
from rdflib.compare import to_canonical_graph
from rdflib.term import BNode


def canonical_ntriples(graph: rdflib.Graph) -> bytes:
    """The graph as sorted N-Triples lines, UTF-8; blank nodes are relabelled canonically first."""
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        # Our graphs mint no blank nodes; if one appears, canonical labels keep the hash stable.
        graph = to_canonical_graph(graph)
    text = graph.serialize(format="nt", encoding="utf-8")
    lines = sorted(line for line in text.split(b"\n") if line.strip())
    return b"".join(line + b"\n" for line in lines)


def content_hash(ntriples: bytes) -> str:
    """``sha256:`` + hex digest of canonical N-Triples."""
    return "sha256:" + hashlib.sha256(ntriples).hexdigest()
