"""Locate and load the ontology files (edu.ttl, and units.ttl / indicators.ttl when present)."""

from __future__ import annotations

import logging
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from kg.errors import ModelError
from kg.rdf.namespaces import INDICATOR_SCHEME, SKOS, bind_prefixes

log = logging.getLogger("kg")

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
EDU_TTL = ONTOLOGY_DIR / "edu.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT_JSONLD = ONTOLOGY_DIR / "context.jsonld"
OPTIONAL_FILES = ("units.ttl", "indicators.ttl")


def ontology_files(directory: Path = ONTOLOGY_DIR) -> list[Path]:
    """edu.ttl followed by the optional unit and indicator schemes that exist, in a fixed order."""
    files = [directory / "edu.ttl"]
    files += [directory / name for name in OPTIONAL_FILES if (directory / name).is_file()]
    return files


def load_ontology(directory: Path = ONTOLOGY_DIR) -> Graph:
    """Parse the ontology files into one graph; a file that does not parse raises ModelError."""
    graph = Graph()
    bind_prefixes(graph)
    for path in ontology_files(directory):
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated parser errors
            raise ModelError(f"{path}: does not parse as Turtle ({exc})") from exc
    return graph


def indicator_scheme(graph: Graph) -> URIRef:
    """The indicator concept scheme declared in indicators.ttl (first by IRI), else ``ind:scheme``."""
    schemes = sorted(
        s for s in graph.subjects(RDF.type, SKOS.ConceptScheme)
        if isinstance(s, URIRef) and "/indicator" in str(s)
    )
    if not schemes:
        log.debug("no indicator ConceptScheme in the ontology; minted indicators use %s", INDICATOR_SCHEME)
        return INDICATOR_SCHEME
    return schemes[0]
