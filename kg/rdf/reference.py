"""The reference graph: regions used by any report (with all ancestors) and minted indicators."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any, Protocol

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.rdf.iris import indicator_iri, region_iri
from kg.rdf.namespaces import EDU, SKOS

log = logging.getLogger("kg")

# Region levels as the admin-division table may spell them -> the literal used in the graph.
REGION_LEVELS: dict[str, str] = {
    "province": "province", "provincial": "province",
    "city": "city", "prefecture": "city", "municipal": "city",
    "county": "county", "district": "county",
}


class RegionLookup(Protocol):
    """What the builder needs of ``kg.link.regions.region_table()``."""

    def by_code(self, code: str) -> Any:
        """The Region(code, name, short_name, level, parent) with this code, or None."""


class _EmptyTable:
    def by_code(self, code: str) -> None:
        return None


def default_region_table() -> RegionLookup:
    """The national admin-division table of ``kg.link.regions``; an empty table if it is missing."""
    try:
        from kg.link.regions import region_table
    except ImportError:
        log.warning("kg.link.regions is not available: regions get no names, levels or parents")
        return _EmptyTable()
    return region_table()


def region_chain(table: RegionLookup, code: str) -> list[Any]:
    """The region with ``code`` followed by its ancestors up to the province (empty if unknown)."""
    chain: list[Any] = []
    seen: set[str] = set()
    region = table.by_code(code)
    while region is not None and region.code not in seen:
        chain.append(region)
        seen.add(region.code)
        region = table.by_code(region.parent) if getattr(region, "parent", None) else None
    return chain


def region_level(level: object) -> str | None:
    """Normalise a table level (``district``, ``prefecture`` ...) to province|city|county."""
    key = str(getattr(level, "value", level) or "").lower()
    return REGION_LEVELS.get(key)


def add_regions(graph: Graph, codes: Iterable[str], table: RegionLookup, base: str) -> None:
    """Add every region in ``codes`` and all its ancestors: label, adminCode, level, partOf."""
    for code in sorted(set(codes)):
        chain = region_chain(table, code)
        if not chain:
            log.info("region %s is not in the admin-division table: no reference entry", code)
        for region in chain:
            node = region_iri(base, region.code)
            graph.add((node, RDF.type, EDU.Region))
            graph.add((node, RDFS.label, Literal(region.name, lang="zh")))
            short = getattr(region, "short_name", None)
            if short and short != region.name:
                graph.add((node, SKOS.altLabel, Literal(short, lang="zh")))
            graph.add((node, EDU.adminCode, Literal(region.code)))
            level = region_level(getattr(region, "level", None))
            if level:
                graph.add((node, EDU.level, Literal(level)))
            else:
                log.info("region %s: unknown level %r not recorded", region.code, region.level)
            if getattr(region, "parent", None):
                graph.add((node, EDU.partOf, region_iri(base, region.parent)))


def add_minted_indicators(graph: Graph, wordings: Iterable[str], scheme: URIRef) -> None:
    """Add an ``ind:x-{h}`` concept for every indicator wording not mapped to the scheme."""
    for wording in sorted(set(wordings)):
        node = indicator_iri(None, wording)
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, RDF.type, EDU.Indicator))
        graph.add((node, SKOS.prefLabel, Literal(wording, lang="zh")))
        graph.add((node, SKOS.inScheme, scheme))
