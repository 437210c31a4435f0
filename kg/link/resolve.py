"""Entity linking: mentions -> resolved entities with stable keys, within and across reports.

``link_report(result)`` links one report; ``link_corpus(results)`` links many so that the same
real-world thing gets the same key in every report (a school named in full in one report and
abbreviated in another, a group with and without its district prefix).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from kg.link.iris import entity_key
from kg.link.merge import Proto, merge
from kg.link.organs import (
    LEVEL_CHARS,
    canonical_government,
    canonical_located,
    elliptical_region,
    region_chain,
)
from kg.link.regions import Region, RegionTable, region_table
from kg.model import Entity, EntityType, ExtractionResult, LinkedReport, Mention
from kg.nlp.spans import normalise_name

log = logging.getLogger("kg")

# Types not located in a region by the report's context (an honour is not a place's thing).
_UNLOCATED = (EntityType.AWARD,)
# Types whose identity is their name (no region in the key); organisations and people keep theirs.
_NAMED_BY_TEXT = (EntityType.PROGRAM, EntityType.POLICY_DOCUMENT, EntityType.RESEARCH_PROJECT)
# 全区 / 我市 / 本县 ... name the report's own region (or an ancestor) in observations.
_DEICTIC = ("全", "我", "本", "该")


def report_region(result: ExtractionResult, table: RegionTable | None = None) -> Region | None:
    """The region a report is about, from meta.region, then meta.issuer, then meta.title."""
    table = table or region_table()
    meta = result.document.meta
    for text in (meta.region, meta.issuer):
        if text:
            path = table.parse_path(normalise_name(text))
            if path:
                return path[-1]
    title = normalise_name(meta.title or "")
    for start in range(len(title)):
        if table.match_at(title, start):
            path = table.parse_path(title[start:])
            if path:
                return path[-1]
    return None


@dataclass(frozen=True)
class LinkInput:
    """What cross-report linking needs of one report: its region chain and one Proto per mention.

    Small and picklable: worker processes compute it next to extraction, so the parent holds only
    these (not whole extraction results) while it resolves the corpus.
    """

    doc_id: str
    chain: tuple[str, ...]  # the report's region code, then its ancestors' (empty when unknown)
    protos: tuple[tuple[int, Proto], ...]  # (mention index, proto) of every non-generic mention


@dataclass(frozen=True)
class KeyAssignment:
    """The corpus-wide resolution of one report's mentions: (mention index, canonical, key, label, code)."""

    keys: tuple[tuple[int, str, str, str, str | None], ...]


def _proto(table: RegionTable, m: Mention, chain: list[Region]) -> Proto:
    """Canonical name, core name and region of one mention in a report with region ``chain``."""
    name = normalise_name(m.canonical or m.name)
    codes = [r.code for r in chain]
    if m.type is EntityType.REGION:
        region = table.resolve(name, codes) or table.resolve(normalise_name(m.name), codes)
        if region is None and len(name) == 2 and name[0] in _DEICTIC:  # 全区, 我市 (if not generic)
            region = elliptical_region(name[1], chain)
        if region is not None:
            return Proto(m.type, region.name, region.name, region.code)
        return Proto(m.type, name, name, None)
    if m.type is EntityType.GOVERNMENT:
        canonical, code = canonical_government(table, name, chain)
        return Proto(m.type, canonical, canonical, code)
    if m.type in _UNLOCATED:
        return Proto(m.type, name, name, None)
    located = canonical_located(table, name, chain, m.region)
    if m.type in _NAMED_BY_TEXT:
        # A programme, policy or project is the same thing wherever it is named: its identity is its
        # (region-expanded) name, so two districts running “责任督学挂牌督导” share one node.
        return Proto(m.type, located.canonical, located.core, None)
    code = located.region_code
    if chain and code in {r.code for r in chain[1:]}:
        # 江苏省前黄高级中学 / 南京市X小学 in a district report: the higher level's name is the school's
        # rank or owner; the report speaks of its own district's schools.
        code = chain[0].code
    return Proto(m.type, located.canonical, located.core, code)


def _label(names: Sequence[str]) -> str:
    """The fullest name: longest, ties broken lexicographically."""
    return min(names, key=lambda s: (-len(s), s))


def _deepest(table: RegionTable, codes: Sequence[str | None]) -> str | None:
    """The most specific region code among ``codes`` (None if all are None)."""
    known = sorted({c for c in codes if c})
    if not known:
        return None
    return max(known, key=lambda c: (len(table.ancestors(c)), c))


def link_input(result: ExtractionResult, table: RegionTable | None = None) -> LinkInput:
    """The report's region chain and the Proto of every non-generic mention."""
    table = table or region_table()
    region = report_region(result, table)
    chain = region_chain(table, region.code if region else None)
    if region is None:
        log.info("%s: report region not found; elliptical names stay unresolved", result.document.source)
    protos = tuple((m_i, _proto(table, m, chain)) for m_i, m in enumerate(result.mentions) if not m.generic)
    return LinkInput(result.document.doc_id, tuple(r.code for r in chain), protos)


def intern_protos(item: LinkInput, seen: dict[Proto, Proto]) -> LinkInput:
    """``item`` with each Proto replaced by the equal one already in ``seen`` (memory: one per distinct)."""
    return LinkInput(item.doc_id, item.chain, tuple((m_i, seen.setdefault(p, p)) for m_i, p in item.protos))


class Resolution:
    """Corpus-wide keys: every distinct Proto resolved once; one report's share on demand."""

    def __init__(self, inputs: Sequence[LinkInput], table: RegionTable | None = None) -> None:
        table = table or region_table()
        uid_of: dict[Proto, int] = {}
        unique: list[Proto] = []
        for item in inputs:
            for _m_i, proto in item.protos:
                if proto not in uid_of:
                    uid_of[proto] = len(unique)
                    unique.append(proto)
        # merging distinct protos in first-seen order gives the partition (and roots) of merging every
        # mention: equal protos always share an entity (rule 1)
        uf = merge(unique, table)
        groups: dict[int, list[int]] = {}
        for i in range(len(unique)):
            groups.setdefault(uf.find(i), []).append(i)
        self._key_of: list[tuple[str, str, str | None]] = [("", "", None)] * len(unique)
        for root, members in groups.items():
            ptype = unique[root].type
            if ptype is EntityType.REGION:
                code = unique[root].region_code
                label = unique[root].canonical
            else:
                label = _label([unique[i].canonical for i in members])
                code = _deepest(table, [unique[i].region_code for i in members])
            key = entity_key(ptype, label, code)
            for i in members:
                self._key_of[i] = (key, label, code)
        self._uid_of = uid_of

    def for_report(self, item: LinkInput) -> KeyAssignment:
        """The keys of one report's mentions."""
        return KeyAssignment(tuple((m_i, proto.canonical, *self._key_of[self._uid_of[proto]])
                                   for m_i, proto in item.protos))


def assign_keys(inputs: Sequence[LinkInput], table: RegionTable | None = None) -> list[KeyAssignment]:
    """Resolve every mention of every report to a corpus-wide key (same thing, same key)."""
    resolution = Resolution(inputs, table)
    return [resolution.for_report(item) for item in inputs]


def link_with_keys(result: ExtractionResult, item: LinkInput, assignment: KeyAssignment,
                   table: RegionTable | None = None) -> LinkedReport:
    """One LinkedReport from its extraction result and its share of the corpus-wide resolution."""
    table = table or region_table()
    chain = [r for r in (table.by_code(c) for c in item.chain) if r is not None]
    return _report(table, result, chain, assignment)


def link_corpus(results: Sequence[ExtractionResult]) -> list[LinkedReport]:
    """Link every report, resolving the same real-world thing to the same key across reports."""
    table = region_table()
    inputs = [link_input(result, table) for result in results]
    assignments = assign_keys(inputs, table)
    return [link_with_keys(result, item, keys, table)
            for result, item, keys in zip(results, inputs, assignments)]


def link_report(result: ExtractionResult) -> LinkedReport:
    """Link one report on its own (keys equal those of :func:`link_corpus` when nothing merges across)."""
    return link_corpus([result])[0]


def _region_entity(table: RegionTable, code: str) -> Entity:
    """An entity for a region of the table (label = official full name)."""
    region = table.by_code(code)
    assert region is not None
    return Entity(
        key=entity_key(EntityType.REGION, region.name, code),
        type=EntityType.REGION,
        label=region.name,
        region_code=code,
        parent_code=region.parent,
    )


def _report(
    table: RegionTable,
    result: ExtractionResult,
    chain: list[Region],
    assignment: KeyAssignment,
) -> LinkedReport:
    """Assemble one LinkedReport from the corpus-wide keys."""
    doc_id = result.document.doc_id
    report = LinkedReport(result=result, mention_keys=[None] * len(result.mentions))
    report.region_code = chain[0].code if chain else None
    for m_i, canonical, key, label, code in assignment.keys:
        mention = result.mentions[m_i]
        entity = report.entities.get(key)
        if entity is None:
            if mention.type is EntityType.REGION and code:
                entity = _region_entity(table, code)
            else:
                entity = Entity(key=key, type=mention.type, label=label, region_code=code)
            report.entities[key] = entity
        entity.mentions.append((doc_id, mention.span))
        for form in (normalise_name(mention.name), canonical):
            if form and form != entity.label:
                entity.alt_labels.add(form)
        if entity.subtype is None and mention.subtype:
            entity.subtype = mention.subtype
        report.mention_keys[m_i] = key
    for region in chain:  # the report's region and its ancestors are always nodes of its graph
        report.entities.setdefault(f"region/{region.code}", _region_entity(table, region.code))
    report.entities = {k: report.entities[k] for k in sorted(report.entities)}
    for entity in report.entities.values():
        entity.mentions.sort(key=lambda dm: (dm[0], dm[1]))
    report.name_index = _name_index(report, chain)
    return report


def _name_index(report: LinkedReport, chain: list[Region]) -> dict[tuple[str, str], str]:
    """(type, name) -> key for every label, surface form and canonical of the report's entities."""
    index: dict[tuple[str, str], str] = {}
    for key, entity in report.entities.items():
        index.setdefault((entity.type.value, entity.label), key)
    for key, entity in report.entities.items():
        for form in sorted(entity.alt_labels):
            index.setdefault((entity.type.value, form), key)
    for mention, key in zip(report.result.mentions, report.mention_keys):
        if key is not None:
            index.setdefault((mention.type.value, mention.name), key)
            if mention.canonical:
                index.setdefault((mention.type.value, mention.canonical), key)
    for region in chain:  # 全区 / 我市 / 本省 -> the report's own region or its ancestor
        level_char = region.name[-1]
        if level_char not in LEVEL_CHARS:
            continue
        key = f"region/{region.code}"
        for prefix in _DEICTIC:
            index.setdefault((EntityType.REGION.value, prefix + level_char), key)
    return dict(sorted(index.items()))
