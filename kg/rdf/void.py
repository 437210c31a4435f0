"""VoID + DCAT description of a built dataset: sizes, class and graph partitions, source reports.

No timestamps or other run-dependent values, so the description is as deterministic as the data.
The figures are gathered while the exports stream (:class:`VoidStats`), never from a whole Dataset.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from kg.rdf.iris import sha1_hex
from kg.rdf.namespaces import DCAT, DCTERMS, EDU, IND, SD, UNIT, VOID, XSD, bind_prefixes

# Placeholder: the publisher of a built graph chooses its licence (the code is Apache-2.0).
LICENSE_PLACEHOLDER = URIRef("https://creativecommons.org/licenses/by/4.0/")
TITLE = "edukg: knowledge graph of Chinese education-governance reports"
_TYPED = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <"  # an rdf:type line's predicate


@dataclass
class VoidStats:
    """Counts over the union (fed its subjects' distinct N-Triples lines) and the named graphs."""

    triples: int = 0
    subjects: int = 0
    classes: Counter = field(default_factory=Counter)  # class IRI -> distinct typed subjects
    graphs: list[tuple[str, int, tuple[tuple[Node, Node, Node], ...]]] = field(default_factory=list)

    def add_union_group(self, lines: list[bytes]) -> None:
        """Count one subject's distinct union lines (subjects arrive sorted, each once)."""
        self.triples += len(lines)
        self.subjects += 1
        at = lines[0].index(b" ") + 1  # the predicate's offset: every line starts with the subject
        for line in lines:
            if line.startswith(_TYPED, at):
                self.classes[line[at + len(_TYPED):].split(b">", 1)[0].decode("utf-8")] += 1

    def take_union(self, other: VoidStats) -> None:
        """Take the union counts another VoidStats gathered (in a worker process)."""
        self.triples, self.subjects, self.classes = other.triples, other.subjects, other.classes

    def add_graph(self, iri: str, triples: int, reports: tuple[tuple[Node, Node, Node], ...]) -> None:
        """Record one named graph's size and the report facts it holds (graphs arrive sorted)."""
        self.graphs.append((iri, triples, reports))


def _count(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def describe(stats: VoidStats, base: str, license_iri: URIRef = LICENSE_PLACEHOLDER) -> Graph:
    """A VoID/DCAT graph: triple counts, per-class and per-graph partitions, the source reports."""
    base = base if base.endswith(("/", "#")) else base + "/"
    g = Graph()
    bind_prefixes(g)
    root = URIRef(f"{base}void/dataset")
    g.add((root, RDF.type, VOID.Dataset))
    g.add((root, RDF.type, DCAT.Dataset))
    g.add((root, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((root, DCTERMS.license, license_iri))
    g.add((root, VOID.uriSpace, Literal(base)))
    for vocab in (str(EDU._NS), str(IND), str(UNIT)):
        g.add((root, VOID.vocabulary, URIRef(vocab)))
    g.add((root, VOID.triples, _count(stats.triples)))
    g.add((root, VOID.distinctSubjects, _count(stats.subjects)))
    for cls in sorted(stats.classes):
        part = URIRef(f"{base}void/class/{sha1_hex(cls)}")
        g.add((root, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, _count(stats.classes[cls])))
    for name, triples, reports in stats.graphs:
        part = URIRef(f"{base}void/graph/{sha1_hex(name)}")
        g.add((root, VOID.subset, part))
        g.add((part, RDF.type, VOID.Dataset))
        g.add((part, SD.name, URIRef(name)))
        g.add((part, VOID.triples, _count(triples)))
        for report, prop, value in reports:
            g.add((part, DCTERMS.source, report))
            g.add((root, DCTERMS.source, report))
            g.add((report, RDF.type, EDU.Report))
            g.add((report, prop, value))
    return g
