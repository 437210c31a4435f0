"""Cross-report merging of located entities (schools, groups, programs ...) by rules with evidence.

Input: one :class:`Proto` per non-generic mention (its canonical name, the name without region
prefix, its region). Output: a union-find partition. Rules, applied in this order:

1. same type, same canonical name, same region: one entity;
2. same type and same core name (prefix removed) with nested regions (玄武区X集团 and X集团 in a 玄武区
   report; 南京市X小学 and X小学 in a district of 南京), when the nesting singles out one partner;
3. abbreviations of schools and groups (X实小 ~ X实验小学, X小 ~ X小学, 长小 ~ 长江路小学) when
   exactly one full form of the same type is seen in a nested region; otherwise kept apart;
4. short organ endings (X教文局 ~ X教育文体局, the table kg/data/ingest/organ_abbreviations.tsv) when
   the full form is seen in the same region.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.link.regions import RegionTable
from kg.model import EntityType

ABBREV_PATH = Path(__file__).resolve().parent.parent / "data" / "school_abbreviations.tsv"
ABBREVIATED_TYPES = (EntityType.SCHOOL, EntityType.EDUCATION_GROUP)
# School-name abbreviations may sit before these group endings: 实小教育集团 ~ 实验小学教育集团.
_GROUP_ENDINGS = ("教育集团", "集团", "联盟", "共同体", "分校", "校区")
# An initial-letter abbreviation (长小) keeps at most this many characters of the full stem.
_MAX_INITIAL_STEM = 2


@dataclass(frozen=True)
class Proto:
    """One mention reduced to what resolution needs."""

    type: EntityType
    canonical: str
    core: str
    region_code: str | None


@lru_cache(maxsize=1)
def abbreviations(path: Path = ABBREV_PATH) -> tuple[tuple[str, str], ...]:
    """(abbreviated ending, full ending) pairs, longest abbreviation first."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            short, full = line.split("\t")
            pairs.append((short, full))
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


class UnionFind:
    """Disjoint sets over 0..n-1; the root is always the smallest index (deterministic)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        """Root of ``i``."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        """Merge the sets of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _split_ending(core: str) -> tuple[str, str]:
    """(school part, group ending): 实小教育集团 -> (实小, 教育集团)."""
    for ending in _GROUP_ENDINGS:
        if core.endswith(ending) and len(core) > len(ending):
            return core[: -len(ending)], ending
    return core, ""


def expansions(core: str) -> list[tuple[str, str, str]]:
    """(stem, full ending, group ending) for each abbreviated ending ``core`` may have."""
    head, tail = _split_ending(core)
    out = []
    for short, full in abbreviations():
        if head.endswith(short) and not head.endswith(full):
            out.append((head[: -len(short)], full, tail))
    return out


class _Ancestry:
    """Ancestor codes and depth per region code, computed once per merge (the table walks a chain)."""

    def __init__(self, table: RegionTable) -> None:
        self.table = table
        self._up: dict[str, frozenset[str]] = {}

    def up(self, code: str) -> frozenset[str]:
        """Codes of the region's ancestors (not itself)."""
        found = self._up.get(code)
        if found is None:
            found = self._up[code] = frozenset(r.code for r in self.table.ancestors(code))
        return found

    def within(self, code: str, ancestor: str) -> bool:
        """``code`` is ``ancestor`` or lies inside it (RegionTable.is_within)."""
        return code == ancestor or ancestor in self.up(code)

    def nested(self, a: str | None, b: str | None) -> bool:
        """Equal, or one contains the other (None = unknown contains all)."""
        return a is None or b is None or self.within(a, b) or self.within(b, a)

    def is_chain(self, codes: list[str]) -> bool:
        """Every two of ``codes`` are nested (sorted by depth, each lies within the one before)."""
        ordered = sorted(codes, key=lambda c: len(self.up(c)))
        return all(self.within(deeper, outer) for outer, deeper in zip(ordered, ordered[1:]))


def merge(protos: list[Proto], table: RegionTable) -> UnionFind:
    """Partition the protos into entities (see the module docstring for the rules).

    Every rule looks partners up in indexes (by name, core, region), so the cost grows with the
    number of distinct protos, not with its square: a corpus of 10,000 reports resolves in seconds.
    """
    uf = UnionFind(len(protos))
    ancestry = _Ancestry(table)
    by_exact: dict[tuple[EntityType, str, str | None], int] = {}
    for i, p in enumerate(protos):
        first = by_exact.setdefault((p.type, p.canonical, p.region_code), i)
        uf.union(first, i)
    # rule 2: same core, nested regions
    buckets: dict[tuple[EntityType, str], list[int]] = {}
    for i, p in enumerate(protos):
        if p.type not in (EntityType.REGION, EntityType.GOVERNMENT, EntityType.AWARD):
            buckets.setdefault((p.type, p.core), []).append(i)
    for members in buckets.values():
        by_region: dict[str, list[int]] = {}
        for i in members:
            by_region.setdefault(protos[i].region_code or "", []).append(i)
        for code, group in by_region.items():
            if code:
                for j in group[1:]:
                    uf.union(group[0], j)
        known = sorted(c for c in by_region if c)
        inner_of: dict[str, list[str]] = {}
        for code in known:
            for ancestor in ancestry.up(code):
                if ancestor in by_region:
                    inner_of.setdefault(ancestor, []).append(code)
        for outer in sorted(by_region):
            inner = known if not outer else inner_of.get(outer, [])
            if inner and ancestry.is_chain(inner):
                deepest = max(inner, key=lambda c: (len(ancestry.up(c)), c))
                uf.union(by_region[outer][0], by_region[deepest][0])
    _merge_abbreviations(protos, ancestry, uf)
    _merge_organ_short_forms(protos, uf)
    return uf


def _merge_organ_short_forms(protos: list[Proto], uf: UnionFind) -> None:
    """Rule 4: a government named with a short organ ending joins the full form of the same region."""
    from kg.ingest.patterns import organ_abbreviations

    full_forms = {(p.canonical, p.region_code): i for i, p in enumerate(protos) if p.type is EntityType.GOVERNMENT}
    for i, p in enumerate(protos):
        if p.type is not EntityType.GOVERNMENT:
            continue
        for short, fulls in organ_abbreviations().items():
            if not p.canonical.endswith(short):
                continue
            stem = p.canonical[: -len(short)]
            hits = [full_forms[(stem + full, p.region_code)] for full in fulls if (stem + full, p.region_code) in full_forms]
            if len(hits) == 1:
                uf.union(hits[0], i)


def _merge_abbreviations(protos: list[Proto], ancestry: _Ancestry, uf: UnionFind) -> None:
    """Rule 3: X实小 ~ X实验小学, X小 ~ X小学, 长小 ~ 长江路小学, when the full form is unique."""
    by_type: dict[EntityType, list[int]] = {}
    for i, p in enumerate(protos):
        if p.type in ABBREVIATED_TYPES:
            by_type.setdefault(p.type, []).append(i)
    for indices in by_type.values():
        by_core: dict[str, list[int]] = {}
        for i in indices:
            by_core.setdefault(protos[i].core, []).append(i)
        cores = sorted(by_core)
        for i in indices:
            p = protos[i]
            for stem, full, tail in expansions(p.core):
                exact = stem + full + tail
                partners = list(by_core.get(exact, ()))
                if not partners and 0 < len(stem) <= _MAX_INITIAL_STEM:
                    start = bisect.bisect_left(cores, stem)
                    wanted = []
                    for c in cores[start:]:
                        if not c.startswith(stem):
                            break
                        if c != p.core and c.endswith(full + tail) and len(c) > len(exact):
                            wanted.append(c)
                    partners = sorted(j for c in wanted for j in by_core[c])
                partners = [j for j in partners if ancestry.nested(p.region_code, protos[j].region_code)]
                roots = sorted({uf.find(j) for j in partners})
                if len(roots) == 1:
                    uf.union(i, roots[0])
                    break
                if len(roots) > 1:
                    break  # ambiguous: keep apart
