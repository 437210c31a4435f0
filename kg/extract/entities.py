"""Entity-mention extraction: Document -> list[Mention] with exact spans.

Span convention: ``doc.text[m.span.start:m.span.end]`` is the surface form WITHOUT enclosing quote
marks or 《》 (a quoted programme “一校一品” spans 一校一品; a title 《...》 spans its inside), but with
any quote marks inside the name (“123”优质教育工程 keeps the inner ones when the whole phrase is the
mention). ``Mention.name`` is ``normalise_name(surface)``; ``canonical`` adds what follows the quote
or title (head noun, (试行)). Generic mentions (我区, 全市) carry ``generic=True``.

Finders run independently over one shared :class:`~kg.extract.entities_common.Context`; overlaps are
then resolved by type priority and length. Region mentions may nest inside other mentions (南京市 in
南京市玄武区人民政府) when they are full names, and organs may nest inside document titles.
"""

from __future__ import annotations

from bisect import bisect_left, insort

import logging

from kg.extract.entities_common import build_context
from kg.extract.entities_orgs import find_governments, find_groups, find_schools
from kg.extract.entities_places import find_persons, find_regions
from kg.extract.entities_programs import find_programs, find_titles, find_unquoted_policies
from kg.model import Document, EntityType, Mention
from kg.nlp.spans import normalise_name

log = logging.getLogger("kg")

# lower = wins an overlap
_PRIORITY = {
    EntityType.POLICY_DOCUMENT: 0,
    EntityType.RESEARCH_PROJECT: 0,
    EntityType.GOVERNMENT: 1,
    EntityType.EDUCATION_GROUP: 2,
    EntityType.SCHOOL: 3,
    EntityType.PROGRAM: 4,
    EntityType.PERSON: 5,
}


def extract_mentions(doc: Document) -> list[Mention]:
    """All entity mentions of ``doc`` with exact spans, sorted by span then type."""
    ctx = build_context(doc)
    regions = find_regions(ctx)
    candidates: list[Mention] = []
    candidates += find_titles(ctx)
    candidates += find_unquoted_policies(ctx)
    candidates += find_governments(ctx, regions)
    candidates += find_groups(ctx, regions)
    candidates += find_schools(ctx, regions)
    candidates += find_programs(ctx)
    candidates += find_persons(ctx)
    for m in candidates:
        m.name = normalise_name(m.name)
        m.canonical = normalise_name(m.canonical or m.name)
    kept = _resolve_overlaps(candidates)
    kept += _nested_regions(regions, kept)
    kept.sort(key=lambda m: (m.span.start, m.span.end, m.type.value, m.name))
    log.debug("%s: %d entity mentions", doc.source, len(kept))
    return kept


def _resolve_overlaps(cands: list[Mention]) -> list[Mention]:
    """Keep non-overlapping mentions, preferring type priority, then the longer span."""
    order = sorted(cands, key=lambda m: (_PRIORITY[m.type], -len(m.span), m.span.start, m.name))
    kept: list[Mention] = []
    by_start: list[tuple[int, int]] = []  # (start, index in kept), sorted: only neighbours can overlap
    longest = 0
    for m in order:
        if not m.generic:
            near = _near(by_start, kept, m, longest)
            if any(_overlaps(m, k) and not _may_nest(m, k) for k in near):
                continue
        kept.append(m)
        insort(by_start, (m.span.start, len(kept) - 1))
        longest = max(longest, len(m.span))
    return kept


def _near(by_start: list[tuple[int, int]], kept: list[Mention], m: Mention, longest: int) -> list[Mention]:
    """Kept mentions starting within ``longest`` characters before ``m`` or inside it."""
    lo = bisect_left(by_start, (m.span.start - longest, -1))
    hi = bisect_left(by_start, (m.span.end, -1))
    return [kept[i] for _, i in by_start[lo:hi]]


def _may_nest(inner: Mention, outer: Mention) -> bool:
    """An organ named inside a document title (《省政府办公厅关于...》) is a mention of its own."""
    return (
        inner.type is EntityType.GOVERNMENT
        and outer.type in (EntityType.POLICY_DOCUMENT, EntityType.RESEARCH_PROJECT)
        and outer.span.start <= inner.span.start
        and inner.span.end <= outer.span.end
    )


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.span.start < b.span.end and b.span.start < a.span.end


def _nested_regions(regions: list[Mention], kept: list[Mention]) -> list[Mention]:
    """Regions outside other mentions, plus full-name regions nested inside them."""
    by_start = sorted((k.span.start, i) for i, k in enumerate(kept))
    longest = max((len(k.span) for k in kept), default=0)
    out = []
    for r in regions:
        inside = [k for k in _near(by_start, kept, r, longest) if _overlaps(r, k)]
        if not inside or (r.name == r.canonical and not r.generic and r.name[-1:] in "省市区县州旗盟"):
            out.append(r)
    return out
