"""Linking: the admin-division table, entity resolution within and across reports, stable keys."""

from kg.link.iris import entity_key
from kg.link.regions import Region, RegionTable, region_table
from kg.link.resolve import (
    KeyAssignment,
    LinkInput,
    assign_keys,
    link_corpus,
    link_input,
    link_report,
    link_with_keys,
    report_region,
)

__all__ = [
    "KeyAssignment",
    "LinkInput",
    "Region",
    "RegionTable",
    "assign_keys",
    "entity_key",
    "link_corpus",
    "link_input",
    "link_report",
    "link_with_keys",
    "region_table",
    "report_region",
]
