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


def _nested(table: RegionTable, a: str | None, b: str | None) -> bool:
    """True if the regions are equal or one contains the other (None = unknown contains all)."""
    if a is None or b is None:
        return True
    return table.is_within(a, b) or table.is_within(b, a)


def _strictly_within(table: RegionTable, inner: str | None, outer: str | None) -> bool:
    if inner is None or inner == outer:
        return False
    return outer is None or table.is_within(inner, outer)


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


def merge(protos: list[Proto], table: RegionTable) -> UnionFind:
    """Partition the protos into entities (see the module docstring for the rules)."""
    uf = UnionFind(len(protos))
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
        regions = sorted({protos[i].region_code or "" for i in members})
        for i in members:
            if protos[i].region_code is not None:
                same = [j for j in members if protos[j].region_code == protos[i].region_code]
                for j in same:
                    uf.union(i, j)
        for outer in regions:
            outer_code = outer or None
            inner = [r for r in regions if _strictly_within(table, r or None, outer_code)]
            if inner and all(_nested(table, a, b) for a in inner for b in inner):
                deepest = max(inner, key=lambda c: (len(table.ancestors(c)), c))
                a = next(i for i in members if (protos[i].region_code or "") == outer)
                b = next(i for i in members if protos[i].region_code == deepest)
                uf.union(a, b)
    _merge_abbreviations(protos, table, uf)
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


def _merge_abbreviations(protos: list[Proto], table: RegionTable, uf: UnionFind) -> None:
    """Rule 3: X实小 ~ X实验小学, X小 ~ X小学, 长小 ~ 长江路小学, when the full form is unique."""
    by_type: dict[EntityType, list[int]] = {}
    for i, p in enumerate(protos):
        if p.type in ABBREVIATED_TYPES:
            by_type.setdefault(p.type, []).append(i)
    for indices in by_type.values():
        cores = sorted({protos[i].core for i in indices})
        for i in indices:
            p = protos[i]
            for stem, full, tail in expansions(p.core):
                exact = stem + full + tail
                partners = [j for j in indices if protos[j].core == exact]
                if not partners and 0 < len(stem) <= _MAX_INITIAL_STEM:
                    wanted = [
                        c for c in cores
                        if c != p.core and c.startswith(stem) and c.endswith(full + tail)
                        and len(c) > len(stem + full + tail)
                    ]
                    partners = [j for j in indices if protos[j].core in wanted]
                partners = [j for j in partners if _nested(table, p.region_code, protos[j].region_code)]
                roots = sorted({uf.find(j) for j in partners})
                if len(roots) == 1:
                    uf.union(i, roots[0])
                    break
                if len(roots) > 1:
                    break  # ambiguous: keep apart
