"""Read the facts of one report out of an edukg RDF graph (model: ``docs/MODEL.md``).

Turns triples into small plain records (entities, observations, conferrals, statements) so that
the matching rules in :mod:`kg.evaluate.match` are pure functions over Python values. A fact belongs
to a report when it has ``prov:wasDerivedFrom <report>``. For a :class:`rdflib.Dataset` the report's
own named graph is preferred for labels (``skos:altLabel`` is per report); the union of all graphs is
used for everything else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, ConjunctiveGraph, Graph, Namespace, URIRef
from rdflib.namespace import PROV

log = logging.getLogger("kg")

EDU = Namespace("https://w3id.org/edukg/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
UNIT = "https://w3id.org/edukg/unit/"

SCORED_TYPES = (
    "Region", "Government", "School", "EducationGroup", "Program", "PolicyDocument",
    "ResearchProject", "Person",
)
OPTIONAL_TYPES = ("Media", "Event", "Base")  # annotated in gold; scored only if the graph models them
ENTITY_TYPES = SCORED_TYPES + OPTIONAL_TYPES
_LABELS = (RDFS.label, SKOS.altLabel, SKOS.prefLabel)
_ONTOLOGY_FILE = Path(__file__).resolve().parents[2] / "ontology" / "edu.ttl"


@dataclass(frozen=True)
class PredEntity:
    """An extracted entity: IRI, the gold types its classes fall under, and all its labels."""

    iri: str
    types: tuple[str, ...]
    labels: tuple[str, ...]
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class PredObservation:
    """An ``edu:Observation`` reduced to what scoring compares."""

    iri: str
    value: Decimal | None
    unit: str | None  # local name of unit:{key}
    raw_value: str | None
    year: int | None
    subject: str | None  # IRI
    subject_labels: tuple[str, ...]
    indicator: str
    evidence: tuple[str, ...]  # oa:exact of every evidence node


@dataclass(frozen=True)
class PredConferral:
    """An ``edu:AwardConferral`` reduced to what scoring compares."""

    iri: str
    award_labels: tuple[str, ...]
    recipient: str | None
    recipient_labels: tuple[str, ...]
    count: int | None
    year: int | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class PredRelation:
    """A relation between two entities: from an ``edu:Statement`` or a direct triple."""

    iri: str  # statement IRI, or "" for a direct triple without statement
    predicate: str  # local name, e.g. implements
    subject_labels: tuple[str, ...]
    object_labels: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass
class ReportFacts:
    """Everything derived from one ``edu:Report`` node."""

    iri: str
    source_file: str
    region: str | None
    region_labels: tuple[str, ...]
    entities: list[PredEntity]
    observations: list[PredObservation]
    conferrals: list[PredConferral]
    statements: list[PredRelation]  # reified statements: the extracted relations
    direct: list[PredRelation]  # direct entity-to-entity triples with a relation predicate


RELATION_PREDICATES = (
    "implements", "partOf", "memberOf", "locatedIn", "issuedBy", "leads", "supervises",
    "fundedBy", "targets",
)


class GraphView:
    """Read-only access to an edukg graph or dataset, one report at a time."""

    def __init__(self, graph: Graph) -> None:
        """Wrap ``graph`` (a Graph, ConjunctiveGraph or Dataset)."""
        self.named: dict[URIRef, Graph] = {}
        if isinstance(graph, ConjunctiveGraph):
            self.union = Graph()
            for s, p, o, ctx in graph.quads((None, None, None, None)):
                self.union.add((s, p, o))
            for g in graph.graphs():
                self.named[g.identifier] = g
        else:
            self.union = graph
        self._ancestors = _class_ancestors(self.union)

    def reports(self) -> list[tuple[str, str]]:
        """``(report IRI, edu:sourceFile)`` of every ``edu:Report``, sorted by file then IRI."""
        out = []
        for r in set(self.union.subjects(RDF.type, EDU.Report)):
            src = self.union.value(r, EDU.sourceFile)
            out.append((str(r), str(src) if src is not None else ""))
        return sorted(out, key=lambda t: (t[1], t[0]))

    def modelled(self, type_name: str) -> bool:
        """Whether the graph knows class ``edu:{type_name}`` (declared, subclassed or instantiated)."""
        cls = EDU[type_name]
        g = self.union
        return (
            (None, RDF.type, cls) in g
            or (cls, RDF.type, OWL.Class) in g
            or (cls, RDF.type, RDFS.Class) in g
            or (None, RDFS.subClassOf, cls) in g
        )

    def _report_graph(self, report: URIRef) -> Graph:
        for g in self.named.values():
            if (report, RDF.type, EDU.Report) in g:
                return g
        return self.union

    def _labels(self, node: URIRef | None, local: Graph) -> tuple[str, ...]:
        if node is None:
            return ()
        labels = {str(o) for p in _LABELS for o in local.objects(node, p)}
        if not labels and local is not self.union:
            labels = {str(o) for p in _LABELS for o in self.union.objects(node, p)}
        return tuple(sorted(labels))

    def _evidence(self, node: URIRef) -> tuple[str, ...]:
        g = self.union
        texts = {str(x) for ev in g.objects(node, EDU.evidence) for x in g.objects(ev, OA.exact)}
        return tuple(sorted(texts))

    def _types(self, node: URIRef) -> tuple[str, ...]:
        found: set[str] = set()
        for cls in self.union.objects(node, RDF.type):
            for c in {cls} | self._ancestors.get(cls, set()):
                name = _local(c, str(EDU))
                if name is None:
                    continue
                if name in ENTITY_TYPES:
                    found.add(name)
                elif name.endswith("School") or name.endswith("Kindergarten"):
                    # fallback when the ontology is not in the graph: edu:PrimarySchool etc.
                    found.add("School")
        return tuple(sorted(found))

    def facts(self, report_iri: str) -> ReportFacts:
        """Collect the entities, observations, conferrals and relations derived from one report."""
        g = self.union
        report = URIRef(report_iri)
        local = self._report_graph(report)
        derived = sorted(set(g.subjects(PROV.wasDerivedFrom, report)), key=str)
        region = g.value(report, EDU.aboutRegion)
        entities, observations, conferrals, statements = [], [], [], []
        for node in derived:
            kinds = set(g.objects(node, RDF.type))
            if EDU.Observation in kinds:
                observations.append(self._observation(node, local))
            elif EDU.AwardConferral in kinds:
                conferrals.append(self._conferral(node, local))
            elif EDU.Statement in kinds:
                statements.append(self._statement(node, local))
            else:
                types = self._types(node)
                if types:
                    labels = self._labels(node, local)
                    entities.append(PredEntity(str(node), types, labels, self._evidence(node)))
        entity_iris = {URIRef(e.iri) for e in entities}
        direct = []
        for pred in RELATION_PREDICATES:
            for s, o in sorted(g.subject_objects(EDU[pred]), key=lambda t: (str(t[0]), str(t[1]))):
                if s in entity_iris:
                    direct.append(PredRelation("", pred, self._labels(s, local), self._labels(o, local), ()))
        return ReportFacts(
            iri=report_iri,
            source_file=str(g.value(report, EDU.sourceFile) or ""),
            region=str(region) if region is not None else None,
            region_labels=self._labels(region, local),
            entities=entities,
            observations=observations,
            conferrals=conferrals,
            statements=statements,
            direct=direct,
        )

    def _observation(self, node: URIRef, local: Graph) -> PredObservation:
        g = self.union
        subject = g.value(node, EDU.subject)
        unit = g.value(node, EDU.unit)
        raw = g.value(node, EDU.rawValue)
        return PredObservation(
            iri=str(node),
            value=_decimal(g.value(node, EDU.value)),
            unit=_local(unit, UNIT) if unit is not None else None,
            raw_value=str(raw) if raw is not None else None,
            year=_year(g.value(node, EDU.year)),
            subject=str(subject) if subject is not None else None,
            subject_labels=self._labels(subject, local),
            indicator=str(g.value(node, EDU.indicatorLabel) or g.value(node, EDU.indicator) or ""),
            evidence=self._evidence(node),
        )

    def _conferral(self, node: URIRef, local: Graph) -> PredConferral:
        g = self.union
        awards = sorted(set(g.objects(node, EDU.award)), key=str)
        labels = sorted({lab for a in awards for lab in self._labels(a, local)})
        recipient = g.value(node, EDU.recipient)
        count = g.value(node, EDU.recipientCount)
        return PredConferral(
            iri=str(node),
            award_labels=tuple(labels),
            recipient=str(recipient) if recipient is not None else None,
            recipient_labels=self._labels(recipient, local),
            count=_int(count),
            year=_year(g.value(node, EDU.year)),
            evidence=self._evidence(node),
        )

    def _statement(self, node: URIRef, local: Graph) -> PredRelation:
        g = self.union
        pred = g.value(node, RDF.predicate)
        return PredRelation(
            iri=str(node),
            predicate=(_local(pred, str(EDU)) or str(pred)) if pred is not None else "",
            subject_labels=self._labels(g.value(node, RDF.subject), local),
            object_labels=self._labels(g.value(node, RDF.object), local),
            evidence=self._evidence(node),
        )


def _local(node: object, prefix: str) -> str | None:
    text = str(node)
    return text[len(prefix):] if text.startswith(prefix) else None


def _decimal(lit: object) -> Decimal | None:
    if lit is None:
        return None
    try:
        return Decimal(str(lit))
    except InvalidOperation:
        log.warning("eval: observation value %r is not a number", str(lit))
        return None


def _int(lit: object) -> int | None:
    value = _decimal(lit)
    return int(value) if value is not None and value == value.to_integral_value() else None


def _year(lit: object) -> int | None:
    text = str(lit) if lit is not None else ""
    return int(text[:4]) if text[:4].isdigit() else None


@lru_cache(maxsize=1)
def _ontology_subclass_pairs() -> tuple[tuple[URIRef, URIRef], ...]:
    if not _ONTOLOGY_FILE.is_file():
        return ()
    onto = Graph()
    onto.parse(_ONTOLOGY_FILE, format="turtle")
    return tuple(sorted((s, o) for s, o in onto.subject_objects(RDFS.subClassOf) if isinstance(o, URIRef)))


def _class_ancestors(g: Graph) -> dict[URIRef, set[URIRef]]:
    """Transitive ``rdfs:subClassOf`` closure from the graph plus ``ontology/edu.ttl`` if present."""
    parents: dict[URIRef, set[URIRef]] = {}
    pairs = list(_ontology_subclass_pairs())
    pairs += [(s, o) for s, o in g.subject_objects(RDFS.subClassOf) if isinstance(o, URIRef)]
    for s, o in pairs:
        parents.setdefault(s, set()).add(o)
    closure: dict[URIRef, set[URIRef]] = {}
    for cls in parents:
        seen: set[URIRef] = set()
        stack = list(parents[cls])
        while stack:
            c = stack.pop()
            if c not in seen:
                seen.add(c)
                stack.extend(parents.get(c, ()))
        closure[cls] = seen
    return closure

