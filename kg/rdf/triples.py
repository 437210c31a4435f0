"""A named graph under construction: a plain set of rdflib triples with the Graph methods builders use.

rdflib's Graph keeps three indexes per triple, which makes ``add`` the dearest step of building a
report's graph; the builders only add triples and test membership, and everything downstream
(canonical N-Triples, the part's serialisations, the compiled SHACL checker) reads the triples once
in bulk. :func:`kg.rdf.builder.build_dataset` copies them into an rdflib Dataset for in-memory use.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class TripleSet:
    """A set of triples named ``identifier``; lookups other than membership scan every triple."""

    def __init__(self, identifier: Node) -> None:
        self.identifier = identifier
        self._triples: set[Triple] = set()

    def add(self, triple: Triple) -> TripleSet:
        """Add one triple (a set: adding twice keeps one)."""
        self._triples.add(triple)
        return self

    def remove(self, pattern: tuple[Node | None, Node | None, Node | None]) -> TripleSet:
        """Remove every triple matching ``pattern`` (None matches anything)."""
        self._triples -= set(self.triples(pattern))
        return self

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def triples(self, pattern: tuple[Node | None, Node | None, Node | None]) -> Iterator[Triple]:
        """Triples matching ``pattern`` (None matches anything)."""
        s, p, o = pattern
        for triple in self._triples:
            if (s is None or triple[0] == s) and (p is None or triple[1] == p) and (o is None or triple[2] == o):
                yield triple

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:  # noqa: A002
        """Distinct subjects of triples with ``predicate`` and ``object``."""
        return iter({t[0] for t in self.triples((None, predicate, object))})

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        """Objects of triples with ``subject`` and ``predicate``."""
        return (t[2] for t in self.triples((subject, predicate, None)))

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        """(predicate, object) of every triple about ``subject``."""
        return ((t[1], t[2]) for t in self.triples((subject, None, None)))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """One object of ``subject`` ``predicate`` (the smallest, for determinism), or None."""
        found = sorted(self.objects(subject, predicate))
        return found[0] if found else None
