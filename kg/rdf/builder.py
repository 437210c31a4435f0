"""Build the edukg rdflib Dataset from linked reports (the contract is docs/MODEL.md).

Graphs: the ontology graph, the reference graph (regions and their ancestors, minted
indicators) and one named graph per report. No blank nodes; every IRI is ASCII and deterministic.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import Dataset, Graph

from kg.model import LinkedReport
from kg.rdf.facts import write_conferrals, write_observations, write_relations
from kg.rdf.namespaces import DEFAULT_BASE, ONTOLOGY_GRAPH, bind_prefixes, reference_graph, report_graph
from kg.rdf.ontology import ONTOLOGY_DIR, indicator_scheme, load_ontology
from kg.rdf.reference import RegionLookup, add_minted_indicators, add_regions, default_region_table
from kg.rdf.report import ReportWriter
from kg.rdf.triples import TripleSet

log = logging.getLogger("kg")


@dataclass
class ReportGraph:
    """One report's named graph and what the reference graph needs from it."""

    graph: TripleSet
    region_codes: set[str] = field(default_factory=set)
    indicator_wordings: set[str] = field(default_factory=set)


def build_report_graph(linked: LinkedReport, base: str = DEFAULT_BASE,
                       regions: RegionLookup | None = None) -> ReportGraph:
    """The named graph of one linked report (a standalone Graph named by the report's graph IRI)."""
    table = regions if regions is not None else default_region_table()
    doc = linked.result.document
    graph = TripleSet(report_graph(base, doc.doc_id))
    writer = ReportWriter(linked, graph, base, table)
    writer.write_report()
    write_observations(writer)
    write_conferrals(writer)
    write_relations(writer)
    writer.write_entities()  # last: facts add the entities they refer to
    log.debug("%s: %d triples", doc.source, len(graph))
    return ReportGraph(graph, writer.region_codes, writer.indicator_wordings)


def build_reference_graph(region_codes: Iterable[str], wordings: Iterable[str], base: str = DEFAULT_BASE,
                          regions: RegionLookup | None = None, ontology: Graph | None = None) -> Graph:
    """The reference graph: the regions used (with their ancestors) and the minted indicators."""
    table = regions if regions is not None else default_region_table()
    ref = Graph(identifier=reference_graph(base))
    bind_prefixes(ref)
    add_regions(ref, set(region_codes), table, base)
    add_minted_indicators(ref, set(wordings), indicator_scheme(ontology if ontology is not None
                                                               else load_ontology(ONTOLOGY_DIR)))
    return ref


def build_ontology_graph(ontology_dir: object = ONTOLOGY_DIR) -> Graph:
    """The ontology graph (edu.ttl, indicator and unit schemes) named ONTOLOGY_GRAPH."""
    graph = Graph(identifier=ONTOLOGY_GRAPH)
    bind_prefixes(graph)
    for triple in load_ontology(ontology_dir):  # type: ignore[arg-type]
        graph.add(triple)
    return graph


def build_dataset(
    reports: Sequence[LinkedReport],
    base: str = DEFAULT_BASE,
    *,
    regions: RegionLookup | None = None,
    ontology_dir: object = ONTOLOGY_DIR,
) -> Dataset:
    """The full Dataset: ontology graph, reference graph and one named graph per report."""
    table = regions if regions is not None else default_region_table()
    ds = Dataset()
    bind_prefixes(ds)
    ontology = build_ontology_graph(ontology_dir)
    parts = [ontology]
    region_codes: set[str] = set()
    wordings: set[str] = set()
    for linked in sorted(reports, key=lambda r: r.result.document.doc_id):
        built = build_report_graph(linked, base, table)
        parts.append(built.graph)
        region_codes |= built.region_codes
        wordings |= built.indicator_wordings
    parts.append(build_reference_graph(region_codes, wordings, base, table, ontology))
    for part in parts:
        target = ds.graph(part.identifier)
        for triple in part:
            target.add(triple)
    return ds
