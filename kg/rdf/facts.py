"""Observations, award conferrals and relations of one report (docs/MODEL.md), with evidence."""

from __future__ import annotations

import logging
import re

from rdflib import RDF, RDFS, Literal, URIRef

from kg.model import EntityType, Level, Modality, Span
from kg.rdf.iris import award_iri, indicator_iri, is_minted_indicator, span_iri
from kg.rdf.namespaces import EDU, PROV, UNIT
from kg.rdf.report import ReportWriter, decimal_literal, gyear, zh

log = logging.getLogger("kg")

LEVELS: dict[str, URIRef] = {
    Level.NATIONAL.value: EDU.National,
    Level.PROVINCIAL.value: EDU.Provincial,
    Level.MUNICIPAL.value: EDU.Municipal,
    Level.DISTRICT.value: EDU.District,
}
MODALITIES: dict[str, URIRef] = {Modality.ACTUAL.value: EDU.Actual, Modality.TARGET.value: EDU.Target}
QUALIFIERS: dict[str, URIRef] = {
    "approx": EDU.Approx, "over": EDU.Over, "nearly": EDU.Nearly,
    "atLeast": EDU.AtLeast, "atMost": EDU.AtMost,
}
PREDICATES: dict[str, URIRef] = {
    name: EDU[name]
    for name in ("implements", "partOf", "memberOf", "locatedIn", "issuedBy",
                 "leads", "supervises", "fundedBy", "targets")
}
_UNIT_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")


def _numbered(kind: str, w: ReportWriter, spans: list[Span]) -> list[URIRef]:
    """IRIs ``B {kind}/{doc}-{start}-{end}-{n}``, n counting facts with the same span in list order."""
    seen: dict[Span, int] = {}
    out = []
    for span in spans:
        n = seen.get(span, 0)
        seen[span] = n + 1
        out.append(span_iri(w.base, kind, w.doc.doc_id, span, n))
    return out


def write_observations(w: ReportWriter) -> None:
    """One edu:Observation per extracted figure; figures without a subject or unit are dropped."""
    observations = w.linked.result.observations
    iris = _numbered("observation", w, [o.span for o in observations])
    g = w.graph
    for i, (obs, node) in enumerate(zip(observations, iris)):
        q = obs.quantity
        subject = w.resolve(obs.subject, obs.subject_type, mint=False)
        if subject is None and w.linked.region_code:
            subject = w.region_node(w.linked.region_code)
        if subject is None:
            log.info("%s: observation %r at %d dropped: no subject and no report region",
                     w.doc.source, obs.indicator, obs.span.start)
            continue
        if not q.unit or not _UNIT_KEY.match(q.unit):
            log.info("%s: observation %r at %d dropped: unit %r is not a unit key",
                     w.doc.source, obs.indicator, obs.span.start, q.unit)
            continue
        indicator = indicator_iri(obs.indicator_id, obs.indicator)
        if is_minted_indicator(indicator):
            w.indicator_wordings.add(obs.indicator)
        g.add((node, RDF.type, EDU.Observation))
        g.add((node, EDU.subject, subject))
        g.add((node, EDU.indicator, indicator))
        g.add((node, EDU.indicatorLabel, zh(obs.indicator)))
        g.add((node, EDU.value, decimal_literal(q.value)))
        if q.upper is not None:
            g.add((node, EDU.upperValue, decimal_literal(q.upper)))
        g.add((node, EDU.unit, UNIT[q.unit]))
        g.add((node, EDU.rawValue, Literal(q.raw)))
        if q.qualifier:
            if q.qualifier in QUALIFIERS:
                g.add((node, EDU.qualifier, QUALIFIERS[q.qualifier]))
            else:
                log.info("%s: unknown qualifier %r not recorded", w.doc.source, q.qualifier)
        if obs.year:
            g.add((node, EDU.year, gyear(obs.year)))
        if obs.stage:
            g.add((node, EDU.stage, Literal(obs.stage)))
        g.add((node, EDU.modality, MODALITIES[Modality(obs.modality).value]))
        if obs.growth_of is not None and 0 <= obs.growth_of < len(iris) and obs.growth_of != i:
            g.add((node, EDU.growthOf, iris[obs.growth_of]))
        g.add((node, PROV.wasDerivedFrom, w.report))
        g.add((node, EDU.evidence, w.evidence(obs.span)))


def _award_node(w: ReportWriter, label: str, level: Level | None, span: Span | None) -> URIRef:
    """The edu:Award node of a label and level, stated in this report's graph."""
    level_key = Level(level).value if level else None
    node = award_iri(w.base, label, level_key)
    g = w.graph
    g.add((node, RDF.type, EDU.Award))
    g.add((node, RDFS.label, zh(label)))
    g.add((node, PROV.wasDerivedFrom, w.report))
    if level_key:
        g.add((node, EDU.level, LEVELS[level_key]))
    if span is not None:
        g.add((node, EDU.evidence, w.evidence(span)))
    return node


def write_conferrals(w: ReportWriter) -> None:
    """One edu:AwardConferral per conferral with a recipient or a count; others are dropped."""
    conferrals = w.linked.result.conferrals
    iris = _numbered("conferral", w, [c.span for c in conferrals])
    g = w.graph
    for c, node in zip(conferrals, iris):
        recipient = w.resolve(c.recipient, c.recipient_type)
        if recipient is None and c.count is None:
            log.info("%s: conferral of %r at %d dropped: recipient %r unresolved and no count",
                     w.doc.source, c.award, c.span.start, c.recipient)
            continue
        g.add((node, RDF.type, EDU.AwardConferral))
        g.add((node, EDU.award, _award_node(w, c.award, c.level, c.award_span)))
        if recipient is not None:
            g.add((node, EDU.recipient, recipient))
        if c.count is not None:
            g.add((node, EDU.recipientCount, Literal(c.count)))
        if c.year:
            g.add((node, EDU.year, gyear(c.year)))
        if c.awarded_by:
            by = w.resolve(c.awarded_by, EntityType.GOVERNMENT)
            if by is not None:
                g.add((node, EDU.awardedBy, by))
        g.add((node, PROV.wasDerivedFrom, w.report))
        g.add((node, EDU.evidence, w.evidence(c.span)))


def write_relations(w: ReportWriter) -> None:
    """The direct triple of each relation plus a reified edu:Statement carrying its evidence."""
    relations = w.linked.result.relations
    iris = _numbered("statement", w, [r.span for r in relations])
    g = w.graph
    for rel, node in zip(relations, iris):
        predicate = PREDICATES.get(rel.predicate)
        if predicate is None:
            log.info("%s: relation predicate %r unknown (valid: %s); dropped",
                     w.doc.source, rel.predicate, ", ".join(sorted(PREDICATES)))
            continue
        subject = w.resolve(rel.subject, rel.subject_type)
        obj = w.resolve(rel.object, rel.object_type)
        if subject is None or obj is None:
            continue
        g.add((subject, predicate, obj))
        g.add((node, RDF.type, EDU.Statement))
        g.add((node, RDF.subject, subject))
        g.add((node, RDF.predicate, predicate))
        g.add((node, RDF.object, obj))
        g.add((node, PROV.wasDerivedFrom, w.report))
        g.add((node, EDU.evidence, w.evidence(rel.span)))
