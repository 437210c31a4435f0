"""One report's named graph: the Report node, its entities and their evidence (docs/MODEL.md).

Facts (observations, conferrals, relations) are added by :mod:`kg.rdf.facts` through the
:class:`ReportWriter` helpers, which resolve names to entity IRIs and mint evidence nodes.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from pathlib import PurePath

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.model import Entity, EntityType, Genre, LinkedReport, Span
from kg.rdf.iris import _base, award_iri, entity_iri, evidence_iri, region_iri, report_iri
from kg.rdf.namespaces import DCTERMS, EDU, OA, PROV, SKOS, XSD
from kg.rdf.reference import RegionLookup
from kg.rdf.triples import TripleSet

log = logging.getLogger("kg")

GENRES: dict[Genre, URIRef] = {
    Genre.SELF_EVALUATION: EDU.SelfEvaluation,
    Genre.WORK_SUMMARY: EDU.WorkSummary,
    Genre.WORK_PLAN: EDU.WorkPlan,
    Genre.NEWS: EDU.News,
}
# Entity.subtype of a school (stage it serves) -> subclass of edu:School.
SCHOOL_CLASSES: dict[str, URIRef] = {
    "kindergarten": EDU.Kindergarten, "preschool": EDU.Kindergarten,
    "primary": EDU.PrimarySchool,
    "junior": EDU.JuniorSecondarySchool, "junior-secondary": EDU.JuniorSecondarySchool,
    "senior": EDU.SeniorSecondarySchool, "senior-secondary": EDU.SeniorSecondarySchool,
    "secondary": EDU.SecondarySchool, "complete-secondary": EDU.SecondarySchool,
    "nine-year": EDU.NineYearSchool, "twelve-year": EDU.School,
    "vocational": EDU.VocationalSchool,
    "special": EDU.SpecialSchool,
    "college": EDU.College, "higher": EDU.College, "university": EDU.College,
}
LOCATED_TYPES = {EntityType.SCHOOL, EntityType.GOVERNMENT, EntityType.EDUCATION_GROUP}
_KEY_PATH = re.compile(r"^[a-z][a-z-]*/[A-Za-z0-9._-]+$")
_DATE_TYPES = ((re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
               (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
               (re.compile(r"^\d{4}$"), XSD.gYear))


def zh(text: str) -> Literal:
    """A Chinese-language literal."""
    return Literal(text, lang="zh")


def gyear(year: int) -> Literal:
    """An ``xsd:gYear`` literal (four digits)."""
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def decimal_literal(value: Decimal) -> Literal:
    """An ``xsd:decimal`` literal without exponent notation: Decimal('6.83703E+8') -> 683703000.0."""
    text = format(value, "f")  # "f" never uses exponent notation
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


class ReportWriter:
    """Writes one LinkedReport into its named graph, resolving names and minting evidence."""

    def __init__(self, linked: LinkedReport, graph: Graph | TripleSet, base: str, regions: RegionLookup) -> None:
        self.linked = linked
        self.doc = linked.result.document
        self.graph = graph
        self.base = base
        self.regions = regions
        self.report = report_iri(base, self.doc.doc_id)
        self.used_keys: set[str] = set()
        self.stubs: dict[tuple[EntityType, str], URIRef] = {}
        self.region_codes: set[str] = set()
        self.indicator_wordings: set[str] = set()

    # ------------------------------------------------------------------ helpers
    def evidence(self, span: Span) -> URIRef:
        """The evidence node of ``span`` (created once): offsets and the quoted text."""
        node = evidence_iri(self.base, self.doc.doc_id, span)
        g = self.graph
        if (node, RDF.type, EDU.Evidence) not in g:
            g.add((node, RDF.type, EDU.Evidence))
            g.add((node, PROV.wasDerivedFrom, self.report))
            # xsd:integer (SHACL checks >= 0): Oxigraph turns xsd:nonNegativeInteger into it anyway,
            # and the graph must read back from the store exactly as it was written
            g.add((node, OA.start, Literal(span.start, datatype=XSD.integer)))
            g.add((node, OA.end, Literal(span.end, datatype=XSD.integer)))
            g.add((node, OA.exact, zh(span.text(self.doc.text))))
        return node

    def region_node(self, code: str) -> URIRef:
        """IRI of the region with admin ``code``; remembered for the reference graph."""
        self.region_codes.add(code)
        return region_iri(self.base, code)

    def entity_node(self, entity: Entity) -> URIRef:
        """IRI of a resolved entity (regions by code, awards by label and level)."""
        if entity.type is EntityType.REGION and entity.region_code:
            return self.region_node(entity.region_code)
        if _KEY_PATH.match(entity.key):  # kg.link.iris.entity_key: the IRI path, e.g. school/{h}
            return URIRef(_base(self.base) + entity.key)
        if entity.type is EntityType.AWARD:
            return award_iri(self.base, entity.label, entity.subtype)
        return entity_iri(self.base, entity.type, entity.label, entity.region_code)

    def lookup(self, name: str | None, type_: EntityType | None) -> str | None:
        """Entity key of ``name`` through ``LinkedReport.name_index`` (any type when ``type_`` is None)."""
        if not name:
            return None
        index = self.linked.name_index
        for t in [type_] if type_ else list(EntityType):
            for key in ((t.value, name), (t, name)):  # str-Enum keys hash differently from str keys
                found = index.get(key)  # type: ignore[call-overload]
                if found is not None and found in self.linked.entities:
                    return found
        return None

    def resolve(self, name: str | None, type_: EntityType | None, mint: bool = True) -> URIRef | None:
        """Entity IRI for a name; an unresolved name of known type gets a stub node if ``mint``."""
        key = self.lookup(name, type_)
        if key is not None:
            self.used_keys.add(key)
            return self.entity_node(self.linked.entities[key])
        if not name or type_ is None or not mint:
            return None
        node = self.stubs.get((type_, name))
        if node is None:
            log.debug("%s: %s %r not linked; minted a node with its name only", self.doc.source, type_.value, name)
            node = (award_iri(self.base, name, None) if type_ is EntityType.AWARD
                    else entity_iri(self.base, type_, name, None))
            self.stubs[(type_, name)] = node
            self.graph.add((node, RDF.type, EDU[type_.value]))
            self.graph.add((node, RDFS.label, zh(name)))
            self.graph.add((node, PROV.wasDerivedFrom, self.report))
        return node

    # ------------------------------------------------------------------ report node
    def write_report(self) -> None:
        """The edu:Report node with the document metadata."""
        g, meta, r = self.graph, self.doc.meta, self.report
        g.add((r, RDF.type, EDU.Report))
        g.add((r, DCTERMS.identifier, Literal(self.doc.doc_id)))
        g.add((r, EDU.sourceFile, Literal(PurePath(self.doc.source).name)))
        g.add((r, EDU.text, Literal(self.doc.text)))
        if meta.title:
            g.add((r, DCTERMS.title, zh(meta.title)))
        if meta.period:
            g.add((r, EDU.period, Literal(meta.period)))
        if meta.year:
            g.add((r, EDU.year, gyear(meta.year)))
        if meta.genre:
            g.add((r, EDU.genre, GENRES[Genre(meta.genre)]))
        if meta.published:
            for pattern, datatype in _DATE_TYPES:
                if pattern.match(meta.published):
                    g.add((r, DCTERMS.issued, Literal(meta.published, datatype=datatype)))
                    break
            else:
                log.info("%s: publication date %r is not ISO; not recorded", self.doc.source, meta.published)
        if self.linked.region_code:
            g.add((r, EDU.aboutRegion, self.region_node(self.linked.region_code)))
        elif meta.region:
            about = self.resolve(meta.region, EntityType.REGION, mint=False)
            if about is not None:
                g.add((r, EDU.aboutRegion, about))
        if meta.issuer:
            issuer = self.resolve(meta.issuer, EntityType.GOVERNMENT)
            if issuer is not None:
                g.add((r, EDU.issuedBy, issuer))

    # ------------------------------------------------------------------ entities
    def write_entities(self) -> None:
        """Every entity mentioned in (or referred to by a fact of) this report, with its evidence."""
        doc_id = self.doc.doc_id
        surfaces: dict[str, set[str]] = {}
        spans: dict[str, set[Span]] = {}
        for mention, key in zip(self.linked.result.mentions, self.linked.mention_keys):
            if key is None or mention.generic or key not in self.linked.entities:
                continue
            surfaces.setdefault(key, set()).update({mention.name, mention.canonical or mention.name})
            spans.setdefault(key, set()).add(mention.span)
        for key, entity in self.linked.entities.items():
            own = {span for d, span in entity.mentions if d == doc_id}
            if own:
                spans.setdefault(key, set()).update(own)
        for key in sorted(set(spans) | self.used_keys):
            self._write_entity(self.linked.entities[key], surfaces.get(key, set()), spans.get(key, set()))

    def _write_entity(self, entity: Entity, surfaces: set[str], spans: set[Span]) -> None:
        g = self.graph
        node = self.entity_node(entity)
        label = entity.label
        if entity.type is EntityType.REGION and entity.region_code:
            known = self.regions.by_code(entity.region_code)
            label = known.name if known is not None else label  # one label per node across graphs
            surfaces = surfaces | {entity.label}
        g.add((node, RDF.type, EDU[entity.type.value]))
        if entity.type is EntityType.SCHOOL and entity.subtype:
            subclass = SCHOOL_CLASSES.get(entity.subtype.lower())
            if subclass is None:
                log.debug("school subtype %r has no class; typed edu:School", entity.subtype)
            else:
                g.add((node, RDF.type, subclass))
        if entity.type is EntityType.AWARD and entity.subtype:
            from kg.rdf.facts import LEVELS  # facts imports this module

            level = LEVELS.get(entity.subtype)
            if level is not None:
                g.add((node, EDU.level, level))
        g.add((node, RDFS.label, zh(label)))
        for alt in sorted(surfaces - {label}):
            g.add((node, SKOS.altLabel, zh(alt)))
        g.add((node, PROV.wasDerivedFrom, self.report))
        for span in sorted(spans):
            g.add((node, EDU.evidence, self.evidence(span)))
        if entity.region_code and entity.type in LOCATED_TYPES:
            g.add((node, EDU.locatedIn, self.region_node(entity.region_code)))
        if entity.type is EntityType.REGION and entity.parent_code and entity.region_code:
            if self.regions.by_code(entity.region_code) is None:
                g.add((node, EDU.partOf, self.region_node(entity.parent_code)))
