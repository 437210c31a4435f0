"""SHACL validation of a built graph (pySHACL, no inference) and a consistency check of the ontology."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import owlrl
from pyshacl import validate as shacl_validate
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Namespace, URIRef
from rdflib.term import Node

from kg.errors import ModelError
from kg.rdf.export import union_graph
from kg.rdf.namespaces import EDU, bind_prefixes
from kg.rdf.ontology import EDU_TTL, ONTOLOGY_DIR, SHAPES_TTL, load_ontology

log = logging.getLogger("kg")
SH = Namespace("http://www.w3.org/ns/shacl#")
_EDU = str(EDU._NS)


class Violation(NamedTuple):
    """One SHACL result: focus node, property path, message, severity (all as short text)."""

    focus: str
    path: str
    message: str
    severity: str


@dataclass
class ValidationReport:
    """Whether the data conforms, and every result sorted by focus node, path and message."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)


def _union(data: Graph | Dataset | Path) -> Graph:
    """A fresh Graph with all triples of ``data`` (every named graph of a Dataset); ``data`` is not changed."""
    if isinstance(data, Path):
        source = Dataset()
        fmt = {".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld"}.get(data.suffix, "turtle")
        source.parse(data, format=fmt)
        data = source
    if isinstance(data, Dataset):
        return union_graph(data)
    copy = Graph()
    bind_prefixes(copy)
    for triple in data:
        copy.add(triple)
    return copy


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # rdflib refuses some IRIs as QNames
            return f"<{node}>"
    return str(node)


def validate(data: Graph | Dataset | Path, shapes: Path = SHAPES_TTL) -> ValidationReport:
    """Validate the union of ``data`` plus the ontology against the SHACL ``shapes``."""
    union = _union(data)
    for triple in load_ontology(ONTOLOGY_DIR):
        union.add(triple)  # subclass axioms let sh:targetClass reach edu:PrimarySchool etc.
    shapes_graph = Graph().parse(shapes, format="turtle")
    conforms, results, _text = shacl_validate(
        union, shacl_graph=shapes_graph, inference="none", advanced=False, abort_on_first=False
    )
    violations = set()
    # Top-level results only: those of nested shapes (sh:node) hang below them as sh:detail.
    for result in results.objects(None, SH.result):
        violations.add(Violation(
            focus=_short(union, results.value(result, SH.focusNode)),
            path=_short(union, results.value(result, SH.resultPath)),
            message=str(results.value(result, SH.resultMessage) or ""),
            severity=str(results.value(result, SH.resultSeverity) or "").rsplit("#", 1)[-1],
        ))
    return ValidationReport(conforms=bool(conforms), violations=sorted(violations))


def violation_lines(report: ValidationReport) -> list[str]:
    """One readable line per result: ``<focus> edu:value: Less than 1 values ... [Violation]``."""
    return [f"{v.focus} {v.path}: {v.message} [{v.severity}]" if v.path else f"{v.focus}: {v.message} [{v.severity}]"
            for v in report.violations]


class ShapeChecker:
    """Validates graphs one at a time with the compiled shapes (kg.rdf.shacl): a build's per-report check.

    pySHACL (:func:`validate`) stays the reference behind ``kg validate``; the compiled checker
    implements exactly the SHACL Core features shapes.ttl uses, agrees with pySHACL on them (tests),
    and is 25-45 times faster, which a corpus of thousands of reports needs.
    """

    def __init__(self, shapes: Path = SHAPES_TTL) -> None:
        from kg.rdf.shacl import compile_shapes

        self.ontology = load_ontology(ONTOLOGY_DIR)
        self.compiled = compile_shapes(shapes, self.ontology)

    def check(self, graph: Graph) -> list[str]:
        """Violation lines of ``graph``; [] when it conforms."""
        from kg.rdf.shacl import check

        found = check(graph, self.compiled)
        return violation_lines(ValidationReport(conforms=not found, violations=found))

    def check_report(self, built, base: str) -> list[str]:  # built: kg.rdf.builder.ReportGraph
        """Violation lines of one report graph with the reference triples it points to.

        The reference triples (its regions and minted indicators) are ADDED to ``built.graph``:
        serialise the graph before checking it.
        """
        from kg.rdf.builder import build_reference_graph

        for triple in build_reference_graph(built.region_codes, built.indicator_wordings, base,
                                            ontology=self.ontology):
            built.graph.add(triple)
        return self.check(built.graph)


def format_report(report: ValidationReport) -> str:
    """Readable lines ``<focus> edu:value: Less than 1 values on ...`` (or ``conforms``)."""
    if report.conforms:
        return "conforms: 0 violations"
    return "\n".join([f"does not conform: {len(report.violations)} results", *violation_lines(report)])


def _edu_terms_used(graph: Graph) -> set[URIRef]:
    """edu: IRIs used as predicate, class or object anywhere in ``graph``."""
    used: set[URIRef] = set()
    for s, p, o in graph:
        for node in (s, p, o):
            if isinstance(node, URIRef) and str(node).startswith(_EDU):
                used.add(node)
    return used


def check_ontology(data: Graph | Dataset | None = None, shapes: Path = SHAPES_TTL) -> list[str]:
    """Problems with the ontology (empty list = fine): parse errors, undeclared or undocumented terms.

    Terms used by the shapes, by the ``EDU`` namespace (hence the builder) and by ``data`` must
    be declared in edu.ttl, checked after an RDFS closure so subclass/subproperty typing counts.
    """
    problems: list[str] = []
    try:
        ontology = load_ontology(ONTOLOGY_DIR)
    except ModelError as exc:
        return [str(exc)]
    edu_only = Graph().parse(EDU_TTL, format="turtle")
    closed = Graph()
    for triple in ontology:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(closed)
    declared = {s for s in closed.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(_EDU)}

    used = _edu_terms_used(Graph().parse(shapes, format="turtle"))
    used |= {URIRef(_EDU + name) for name in EDU.__annotations__}
    if data is not None:
        used |= _edu_terms_used(_union(data))
    for term in sorted(used - declared):
        problems.append(f"{term}: used but not declared in {EDU_TTL.name}")

    for term in sorted(declared):
        langs = {getattr(label, "language", None) for label in edu_only.objects(term, RDFS.label)}
        if not {"zh", "en"} <= langs:
            problems.append(f"{term}: needs rdfs:label in zh and en (has {sorted(str(x) for x in langs)})")
        if edu_only.value(term, RDFS.comment) is None:
            problems.append(f"{term}: needs an rdfs:comment")
    for s, p, o in edu_only:
        if isinstance(s, BNode) or isinstance(o, BNode):
            problems.append(f"{EDU_TTL.name}: blank node in ({s}, {p}, {o}); exports must stay deterministic")
    return problems
