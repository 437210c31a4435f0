"""Namespaces and graph IRIs of the edukg model (docs/MODEL.md).

Ontology terms are used as ``EDU.School`` (a DefinedNamespace generated from ontology/edu.ttl,
so a misspelt term fails at import), never as IRI strings.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import ClosedNamespace
from rdflib.namespace import DCAT, DCTERMS, ORG, OWL, PROV, QB, RDF, RDFS, SDO, SKOS, VOID, XSD

from kg.rdf._edu import EDU

__all__ = [
    "EDU", "IND", "UNIT", "OA", "SCHEMA", "SD", "DCAT", "DCTERMS", "ORG", "OWL", "PROV", "QB", "RDF",
    "RDFS", "SKOS", "VOID", "XSD", "DEFAULT_BASE", "ONTOLOGY_GRAPH", "MANIFEST_GRAPH", "INDICATOR_SCHEME", "PREFIXES",
    "reference_graph", "report_graph", "bind_prefixes",
]

IND = Namespace("https://w3id.org/edukg/indicator/")
UNIT = Namespace("https://w3id.org/edukg/unit/")
# Web Annotation terms the evidence nodes use (a closed set: a misspelt term raises AttributeError).
OA = ClosedNamespace("http://www.w3.org/ns/oa#", ["end", "exact", "start"])
SCHEMA = SDO  # https://schema.org/
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

DEFAULT_BASE = "https://w3id.org/edukg/id/"
ONTOLOGY_GRAPH = URIRef("https://w3id.org/edukg/graph/ontology")
# Bookkeeping graph of the persistent store and of push targets: <graph> edu:contentHash "sha256:..."
MANIFEST_GRAPH = "https://w3id.org/edukg/graph/manifest"
# Concept scheme of minted indicators when ontology/indicators.ttl declares none.
INDICATOR_SCHEME = IND["scheme"]

PREFIXES: dict[str, str] = {
    "edu": str(EDU._NS),
    "ind": str(IND),
    "unit": str(UNIT),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "oa": str(OA),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "qb": str(QB),
    "void": str(VOID),
    "dcat": str(DCAT),
    "sd": str(SD),
}


def _materialise(namespace: type) -> None:
    """Set each term of an rdflib DefinedNamespace as a class attribute (the same URIRef it returns).

    ``RDF.type`` otherwise runs DefinedNamespace's Python ``__getattr__`` on every use, and the
    builders use such terms a few million times per thousand reports; misspelt terms still raise.
    """
    for name in list(getattr(namespace, "__annotations__", {})):
        if not name.startswith("_") and name not in vars(namespace):
            type.__setattr__(namespace, name, namespace._NS[name])


for _namespace in (EDU, DCAT, DCTERMS, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, VOID, XSD):
    _materialise(_namespace)
del _namespace


def _base(base: str) -> str:
    return base if base.endswith(("/", "#")) else base + "/"


def reference_graph(base: str = DEFAULT_BASE) -> URIRef:
    """IRI of the graph holding regions and minted indicator concepts."""
    return URIRef(f"{_base(base)}graph/reference")


def report_graph(base: str, doc_id: str) -> URIRef:
    """IRI of the named graph holding everything one report says."""
    return URIRef(f"{_base(base)}graph/{doc_id}")


def bind_prefixes(target: object) -> None:
    """Bind the edukg prefixes on a Graph or Dataset (replacing rdflib's defaults)."""
    for prefix, iri in PREFIXES.items():
        target.bind(prefix, iri, override=True, replace=True)  # type: ignore[attr-defined]
