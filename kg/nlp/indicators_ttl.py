"""Generate ontology/indicators.ttl and ontology/units.ttl (SKOS schemes) from kg/data TSV sources.

Run ``python -m kg.nlp.indicators_ttl`` after editing kg/data/indicators.tsv or
kg/data/metric_unit_concepts.tsv; tests check that the committed Turtle equals the generated graph.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

IND = Namespace("https://w3id.org/edukg/indicator/")
UNIT = Namespace("https://w3id.org/edukg/unit/")
_DATA = Path(__file__).resolve().parent.parent / "data"
ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"


def _rows(path: Path) -> list[list[str]]:
    """Tab-separated rows of a kg/data file, without comment and blank lines."""
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def indicator_graph() -> Graph:
    """The SKOS scheme ind:scheme with one concept per row of kg/data/indicators.tsv."""
    g = Graph()
    g.bind("ind", IND)
    g.bind("unit", UNIT)
    g.bind("skos", SKOS)
    g.bind("dcterms", DCTERMS)
    scheme = IND["scheme"]
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal("教育指标", lang="zh")))
    g.add((scheme, SKOS.prefLabel, Literal("education indicators", lang="en")))
    g.add((scheme, DCTERMS.source, Literal("kg/data/indicators.tsv")))
    for key, zh, en, unit, trigger in (r[:5] for r in _rows(_DATA / "indicators.tsv")):
        c = _add_concept(g, scheme, IND[key], zh, en)
        unit_text = "any unit" if unit == "*" else f"unit:{unit}"
        g.add((c, SKOS.definition, Literal(f"{en}; measured in {unit_text}; worded as /{trigger}/", lang="en")))
    return g


def _add_concept(g: Graph, scheme: URIRef, c: URIRef, zh: str, en: str) -> URIRef:
    """A top concept of ``scheme`` with Chinese and English preferred labels."""
    g.add((c, RDF.type, SKOS.Concept))
    g.add((c, SKOS.inScheme, scheme))
    g.add((c, SKOS.topConceptOf, scheme))
    g.add((scheme, SKOS.hasTopConcept, c))
    g.add((c, SKOS.prefLabel, Literal(zh, lang="zh")))
    g.add((c, SKOS.prefLabel, Literal(en, lang="en")))
    return c


def unit_graph() -> Graph:
    """The SKOS scheme unit:scheme with one concept per row of kg/data/metric_unit_concepts.tsv."""
    g = Graph()
    g.bind("unit", UNIT)
    g.bind("skos", SKOS)
    scheme = UNIT["scheme"]
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal("计量单位", lang="zh")))
    g.add((scheme, SKOS.prefLabel, Literal("units of measure", lang="en")))
    for key, zh, en, definition in (r[:4] for r in _rows(_DATA / "metric_unit_concepts.tsv")):
        c = _add_concept(g, scheme, UNIT[key], zh, en)
        g.add((c, SKOS.definition, Literal(definition, lang="en")))
        g.add((c, SKOS.notation, Literal(key)))
    g.add((UNIT["time"], SKOS.exactMatch, UNIT["event"]))
    return g


def write(directory: Path = ONTOLOGY) -> list[Path]:
    """Write indicators.ttl and units.ttl into ``directory``; returns the paths written."""
    paths = []
    for name, graph, header in (
        ("indicators.ttl", indicator_graph(), "# Indicator scheme (SKOS), generated from kg/data/indicators.tsv"),
        ("units.ttl", unit_graph(), "# Unit concepts (SKOS), generated from kg/data/metric_unit_concepts.tsv"),
    ):
        path = directory / name
        body = graph.serialize(format="turtle")
        path.write_text(f"{header}\n# by `python -m kg.nlp.indicators_ttl`; do not edit by hand.\n\n{body}",
                        encoding="utf-8")
        paths.append(path)
    return paths


def concept_keys(graph: Graph, namespace: Namespace) -> list[str]:
    """Sorted local names of the skos:Concepts of ``namespace`` in ``graph``."""
    return sorted(str(s)[len(str(namespace)):] for s in graph.subjects(RDF.type, SKOS.Concept)
                  if isinstance(s, URIRef) and str(s).startswith(str(namespace)))


if __name__ == "__main__":
    for p in write(Path(sys.argv[1]) if len(sys.argv) > 1 else ONTOLOGY):
        print(p)
