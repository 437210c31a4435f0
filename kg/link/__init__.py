"""Linking: the admin-division table, entity resolution within and across reports, stable keys."""

from kg.link.iris import entity_key
from kg.link.regions import Region, RegionTable, region_table
from kg.link.resolve import link_corpus, link_report, report_region

__all__ = [
    "Region",
    "RegionTable",
    "entity_key",
    "link_corpus",
    "link_report",
    "region_table",
    "report_region",
]
