"""Build the edukg rdflib Dataset from linked reports (the contract is docs/MODEL.md).

Graphs: the ontology graph, the reference graph (regions and their ancestors, minted
indicators) and one named graph per report. No blank nodes; every IRI is ASCII and deterministic.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from rdflib import Dataset

from kg.model import LinkedReport
from kg.rdf.facts import write_conferrals, write_observations, write_relations
from kg.rdf.namespaces import DEFAULT_BASE, ONTOLOGY_GRAPH, bind_prefixes, reference_graph, report_graph
from kg.rdf.ontology import ONTOLOGY_DIR, indicator_scheme, load_ontology
from kg.rdf.reference import RegionLookup, add_minted_indicators, add_regions, default_region_table
from kg.rdf.report import ReportWriter

log = logging.getLogger("kg")


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
    ontology = load_ontology(ontology_dir)  # type: ignore[arg-type]
    onto_graph = ds.graph(ONTOLOGY_GRAPH)
    for triple in ontology:
        onto_graph.add(triple)

    region_codes: set[str] = set()
    wordings: set[str] = set()
    for linked in sorted(reports, key=lambda r: r.result.document.doc_id):
        doc = linked.result.document
        graph = ds.graph(report_graph(base, doc.doc_id))
        writer = ReportWriter(linked, graph, base, table)
        writer.write_report()
        write_observations(writer)
        write_conferrals(writer)
        write_relations(writer)
        writer.write_entities()  # last: facts add the entities they refer to
        region_codes |= writer.region_codes
        wordings |= writer.indicator_wordings
        log.debug("%s: %d triples", doc.source, len(graph))

    ref = ds.graph(reference_graph(base))
    add_regions(ref, region_codes, table, base)
    add_minted_indicators(ref, wordings, indicator_scheme(ontology))
    return ds
