"""Canonical names for mentions: region prefixes, elliptical forms (区政府, 市局, 省教育厅), organ names.

Pure functions over the region table and ``kg/data/organ_names.tsv``. The report's region chain
(its region first, then the ancestors) decides what an elliptical 区/市/省 refers to: in a district
report 区委 is the district's Party committee (中共{city}{district}委员会), 市教育局 the parent city's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from kg.link.regions import Region, RegionTable
from kg.nlp.spans import normalise_name

log = logging.getLogger("kg")

ORGAN_PATH = Path(__file__).resolve().parent.parent / "data" / "organ_names.tsv"

# A leading level character refers to the report's own region chain (区政府, 市教育局, 省教育厅).
LEVEL_CHARS = "省市州盟区县旗"
# ... unless the next character makes an ordinary word: 市场, 区域, 市级, 市民, 县城, 市长 ...
_NOT_ELLIPTICAL_NEXT = set("场域级民块城份间内外情长属")
# 我市 / 本区 / 全县 / 该区 + organ: same as the bare level character.
_DEICTIC = "我本全该"
# Prefixes wrapped around a region path: 中共南京市委员会, 中国人民政治协商会议X区委员会, 共青团X市委员会.
_WRAPPERS = ("中国共产党", "中国人民政治协商会议", "中共", "共青团")


@dataclass(frozen=True)
class OrganNames:
    """The organ-name knowledge: national organs, organ abbreviations, templates around a path."""

    national: dict[str, str]
    organ: dict[str, str]
    template: dict[str, str]


@lru_cache(maxsize=1)
def organ_names(path: Path = ORGAN_PATH) -> OrganNames:
    """Load ``organ_names.tsv`` once."""
    tables: dict[str, dict[str, str]] = {"national": {}, "organ": {}, "template": {}}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, short, full = line.split("\t")
        if kind not in tables:
            log.warning("organ_names.tsv: unknown kind %r - row skipped", kind)
            continue
        tables[kind][short] = full
    national = dict(tables["national"])
    for full in list(national.values()):
        national.setdefault(full, full)
    return OrganNames(national, tables["organ"], tables["template"])


def region_chain(table: RegionTable, code: str | None) -> list[Region]:
    """The region with ``code`` followed by its ancestors (nearest first); [] for None."""
    region = table.by_code(code) if code else None
    return [region, *table.ancestors(region.code)] if region else []


def path_name(table: RegionTable, region: Region) -> str:
    """Official name with the prefecture (or municipality) in front: 玄武区 -> 南京市玄武区."""
    if region.level != "county" or not region.parent:
        return region.name
    parent = table.by_code(region.parent)
    if parent is None or (parent.level == "province" and not parent.name.endswith("市")):
        return region.name
    return parent.name + region.name


def elliptical_region(level_char: str, chain: Sequence[Region]) -> Region | None:
    """The region of the report's chain that a bare level character (区, 市, 省 ...) denotes."""
    for region in chain:
        if region.name.endswith(level_char):
            return region
    return None


def _elliptical_split(name: str, chain: Sequence[Region]) -> tuple[Region, str] | None:
    """(region, rest) when ``name`` starts with an elliptical level character such as 区 or 我市."""
    start = 1 if len(name) > 2 and name[0] in _DEICTIC and name[1] in LEVEL_CHARS else 0
    if len(name) - start < 2 or name[start] not in LEVEL_CHARS or name[start + 1] in _NOT_ELLIPTICAL_NEXT:
        return None
    region = elliptical_region(name[start], chain)
    return (region, name[start + 1 :]) if region else None


def _prefix_split(
    table: RegionTable, name: str, chain: Sequence[Region], full_only: bool
) -> tuple[Region, str] | None:
    """(deepest region, rest) when ``name`` starts with region names (南京市玄武区教育局)."""
    path = table.parse_path(name, [r.code for r in chain])
    pos, last = 0, None
    for region in path:
        if name.startswith(region.name, pos):
            pos += len(region.name)
        elif not full_only and name.startswith(region.short_name, pos):
            pos += len(region.short_name)
        else:
            break
        last = region
    return (last, name[pos:]) if last is not None else None


def _expand_organ(rest: str, names: OrganNames) -> str:
    """Full form of the organ part: 政府 -> 人民政府, 教育工委 -> 教育工作委员会 (longest match first)."""
    if rest in names.organ:
        return names.organ[rest]
    for short in sorted(names.organ, key=lambda s: (-len(s), s)):
        full = names.organ[short]
        if rest.startswith(short) and not rest.startswith(full) and len(short) >= 2:
            return full + rest[len(short) :]
    return rest


def _government_name(path: str, rest: str, wrapper: str, names: OrganNames) -> str:
    """Assemble a government's canonical name from region path, organ part and wrapper."""
    if not wrapper and rest in names.template:
        return names.template[rest].format(path=path)
    if rest.startswith("委"):  # Party organ: 区委, 区委教育工委, 市委办
        tail = rest[1:]
        organ = "委" + (_expand_organ(tail, names) if tail else "员会")
        if tail and tail.startswith("员会"):
            organ = rest
        return (wrapper or "中共") + path + organ
    return wrapper + path + _expand_organ(rest, names)


def canonical_government(
    table: RegionTable, name: str, chain: Sequence[Region]
) -> tuple[str, str | None]:
    """(canonical name, region code) of a government organ mention in a report with region ``chain``.

    区政府 -> 南京市玄武区人民政府; 区委 -> 中共南京市玄武区委员会; 市局 -> 南京市教育局 (in a
    玄武区 report); 教育部 -> 中华人民共和国教育部 (no region). Unknown forms stay as written.
    """
    names = organ_names()
    name = normalise_name(name)
    if name in names.national:
        return names.national[name], None
    wrapper = next((w for w in _WRAPPERS if name.startswith(w) and len(name) > len(w)), "")
    body = name[len(wrapper) :]
    if wrapper == "中国共产党":
        wrapper = "中共"
    split = _prefix_split(table, body, chain, full_only=False) or _elliptical_split(body, chain)
    if split is None:
        region = chain[0] if chain else None
        return name, (region.code if region else None)
    region, rest = split
    if not rest:
        return name, region.code
    return _government_name(path_name(table, region), rest, wrapper, names), region.code


@dataclass(frozen=True)
class Located:
    """A located entity name: canonical form, the name without region prefix, region, prefix flag."""

    canonical: str
    core: str
    region_code: str | None
    prefixed: bool


def canonical_located(
    table: RegionTable, name: str, chain: Sequence[Region], region_hint: str | None = None
) -> Located:
    """Canonical form and region of a school / group / program / document name in a report.

    A full region-name prefix locates it (玄武区运河记忆社区教育集团 -> core 运河记忆社区教育集团);
    an elliptical one is expanded (区聘用教师管理办法 -> 玄武区聘用教师管理办法); otherwise the
    mention's own region hint or the report's region is used.
    """
    name = normalise_name(name)
    split = _prefix_split(table, name, chain, full_only=True)
    if split is not None and split[1]:
        region, rest = split
        return Located(name, rest, region.code, True)
    split = _elliptical_split(name, chain)
    if split is not None:
        region, rest = split
        return Located(region.name + rest, rest, region.code, True)
    code = chain[0].code if chain else None
    if region_hint:
        hinted = table.resolve(normalise_name(region_hint), [r.code for r in chain])
        code = hinted.code if hinted else code
    return Located(name, name, code, False)
