"""VoID + DCAT description of a built dataset: sizes, class and graph partitions, source reports.

No timestamps or other run-dependent values, so the description is as deterministic as the data.
"""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, Dataset, Graph, Literal, URIRef

from kg.rdf.iris import sha1_hex
from kg.rdf.namespaces import DCAT, DCTERMS, EDU, IND, SD, UNIT, VOID, XSD, bind_prefixes

# Placeholder: the publisher of a built graph chooses its licence (the code is Apache-2.0).
LICENSE_PLACEHOLDER = URIRef("https://creativecommons.org/licenses/by/4.0/")
TITLE = "edukg: knowledge graph of Chinese education-governance reports"


def _count(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def describe(ds: Dataset, base: str, license_iri: URIRef = LICENSE_PLACEHOLDER) -> Graph:
    """A VoID/DCAT graph describing ``ds``: triple counts, per-class and per-graph partitions."""
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

    union: set[tuple] = set()
    types: dict[URIRef, set] = {}
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
        if p == RDF.type and isinstance(o, URIRef):
            types.setdefault(o, set()).add(s)
    g.add((root, VOID.triples, _count(len(union))))
    g.add((root, VOID.distinctSubjects, _count(len({t[0] for t in union}))))

    for cls in sorted(types):
        part = URIRef(f"{base}void/class/{sha1_hex(str(cls))}")
        g.add((root, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, _count(len(types[cls]))))

    sizes = Counter()
    for _, _, _, ctx in ds.quads((None, None, None, None)):
        sizes[ctx.identifier if hasattr(ctx, "identifier") else ctx] += 1
    for name in sorted(sizes):
        part = URIRef(f"{base}void/graph/{sha1_hex(str(name))}")
        g.add((root, VOID.subset, part))
        g.add((part, RDF.type, VOID.Dataset))
        g.add((part, SD.name, name))
        g.add((part, VOID.triples, _count(sizes[name])))
        graph = ds.graph(name)
        for report in sorted(graph.subjects(RDF.type, EDU.Report)):
            g.add((part, DCTERMS.source, report))
            g.add((root, DCTERMS.source, report))
            g.add((report, RDF.type, EDU.Report))
            for prop in (EDU.sourceFile, DCTERMS.identifier, DCTERMS.title):
                value = graph.value(report, prop)
                if value is not None:
                    g.add((report, prop, value))
    return g
