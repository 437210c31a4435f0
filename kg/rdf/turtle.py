"""A fast, deterministic Turtle/TriG writer for graphs without blank nodes.

rdflib's Turtle serialiser spends most of a corpus build copying and analysing the graph (it looks
for blank-node nesting and lists that our graphs never have). This writer groups triples by subject,
sorts everything, compacts IRIs with the project's prefixes and writes literals with rdflib's own
escaping, so the output is valid Turtle, byte-identical for the same triples, and several times
faster. A graph with a blank node goes to rdflib's serialiser instead (correct, slower).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

Triple = tuple[Node, Node, Node]

# PN_LOCAL characters we allow unescaped in a prefixed name (a safe subset of Turtle's grammar).
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")


class TermWriter:
    """Turtle text of RDF terms, compacting IRIs with ``prefixes`` (prefix -> namespace)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # longest namespace first, so edu: wins over a shorter namespace that is its prefix
        self._prefixes = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.used: set[str] = set()
        self._cache: dict[Node, str] = {}

    def iri(self, iri: str) -> str:
        """A prefixed name where one fits, else ``<iri>``."""
        for prefix, ns in self._prefixes:
            if iri.startswith(ns) and _LOCAL.match(iri[len(ns):]):
                self.used.add(prefix)
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"

    def term(self, node: Node) -> str:
        """Turtle text of ``node``."""
        text = self._cache.get(node)
        if text is None:
            text = self._cache[node] = self._render(node)
        return text

    def _render(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return "a" if node == RDF.type else self.iri(str(node))
        if not isinstance(node, Literal):
            raise ValueError(f"cannot write {node!r} with the fast writer")
        lexical = str(node)
        if node.datatype == XSD.integer and _INTEGER.match(lexical):
            return lexical
        if node.datatype == XSD.decimal and _DECIMAL.match(lexical):
            return lexical
        quoted = Literal(lexical).n3()  # rdflib's string escaping
        if node.language:
            return f"{quoted}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{quoted}^^{self.iri(str(node.datatype))}"
        return quoted


def has_blank_nodes(triples: Iterable[Triple]) -> bool:
    """True when any term is a blank node."""
    return any(isinstance(t, BNode) for triple in triples for t in triple)


def turtle_body(triples: Iterable[Triple], writer: TermWriter) -> str:
    """Subject blocks (``s p o1, o2 ; p2 o3 .``), sorted, one blank line apart; no prefixes."""
    by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in set(triples):
        by_subject[s][p].append(o)
    blocks = []
    for s in sorted(by_subject, key=writer.term):
        predicates = by_subject[s]
        order = sorted(predicates, key=lambda p: (p != RDF.type, writer.term(p)))
        parts = []
        for p in order:
            objects = sorted(writer.term(o) for o in predicates[p])
            parts.append(f"{writer.term(p)} " + ",\n        ".join(objects))
        blocks.append(f"{writer.term(s)} " + " ;\n    ".join(parts) + " .\n")
    return "\n".join(blocks)


def prefix_lines(writer: TermWriter, prefixes: Mapping[str, str]) -> str:
    """``@prefix`` lines for the prefixes the writer used, sorted."""
    return "".join(f"@prefix {p}: <{prefixes[p]}> .\n" for p in sorted(writer.used))


def to_turtle_text(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> str:
    """A complete Turtle document of ``triples``."""
    triples = list(triples)
    if has_blank_nodes(triples):
        graph = Graph()
        for prefix, ns in prefixes.items():
            graph.bind(prefix, ns)
        for triple in triples:
            graph.add(triple)
        return graph.serialize(format="turtle")
    writer = TermWriter(prefixes)
    body = turtle_body(triples, writer)
    return prefix_lines(writer, prefixes) + "\n" + body
