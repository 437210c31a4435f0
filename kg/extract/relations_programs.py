"""Programme relations: implements (actor -> programme / policy) and partOf (programme -> programme / policy).

implements: a trigger verb (``kg/data/relation_triggers.tsv``) directly before a Program, PolicyDocument
or ResearchProject mention, or 以“X”为指导/引领; the object must suit the verb (实施 takes any named
programme, 推进 only one closed by 工程/计划/项目, 执行/落实 also a 《policy》). The actor is a
Government / School / Region mention that is the clause's subject (区委教育工委重点构建“…”), else the
report's author when the clause has no subject at all (only adverbs and time words before the verb).
partOf: programmes enumerated as counted components after a policy (发布《方案》,实施“A”“B”三大工程),
a programme carried out under a policy (紧扣《计划》,实施X工程), a 《research title》 under the programme
named just before it (省…重大项目《…》), X被确认为Y项目, “X”是Y的…之一.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.relations_common import (
    ACTORS,
    COUNTED_GROUP,
    CJK,
    NAME_HEADS,
    STRONG_HEADS,
    MentionIndex,
    alternation,
    clause_start,
    is_adverbial,
    outer_end,
    outer_start,
    program_name,
    sentence_start,
    trigger_roles,
    words_with,
)
from kg.model import Document, EntityType, Mention, Relation, Span
from kg.nlp.spans import normalise_name

_OBJECTS = (EntityType.PROGRAM, EntityType.POLICY_DOCUMENT, EntityType.RESEARCH_PROJECT)
_AUTHOR = re.compile(r"^(?:我区|全区|本区|我县|全县|本县|我市|全市|本市|我局|本局|局)")
_GAP = re.compile(rf"[{CJK}0-9\-（）()]+")
_SPENDING = re.compile(r"(?:投入|投资|安排|筹措|筹集)(?:资金)?[\d.]+(?:万|亿)?元")
_POLICY_CARRIED = re.compile(r"^(?:的)?(?:落实|实施|执行)")
_COORD = "和、及与"

Actor = tuple[str, EntityType, int]  # name, type, offset of its mention (-1 = implicit)


@lru_cache(maxsize=1)
def _trigger_re() -> re.Pattern[str]:
    words = sorted(set(words_with("strong")) | set(words_with("medium")), key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in words))


def clause_actor(doc: Document, idx: MentionIndex, verb_at: int, default: tuple[str, EntityType] | None) -> Actor | None:
    """The subject of the clause whose verb starts at ``verb_at``; the author if it has none; None if unknown."""
    text = doc.text
    start = clause_start(text, verb_at)
    actors = idx.inside(start, verb_at, ACTORS)
    if actors:
        a = actors[-1]
        lead = _AUTHOR.sub("", text[start:outer_start(text, a)])
        if is_adverbial(text[outer_end(text, a):verb_at]) and is_adverbial(lead):
            return a.name, a.type, a.span.start
        return None
    pre = text[start:verb_at].strip()
    pre = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]", "", pre)  # list markers: 1. （二）
    pre = _SPENDING.sub("", _AUTHOR.sub("", pre))  # 继续投入150万元实施…: spending, no subject
    if default and is_adverbial(pre):
        return default[0], default[1], -1
    return None


def _fits(roles: frozenset[str], obj: Mention, after: str) -> bool:
    """Whether a trigger with ``roles`` can take ``obj`` as the thing implemented."""
    if obj.type is EntityType.PROGRAM:
        return "strong" in roles or ("medium" in roles and program_name(obj).endswith(STRONG_HEADS))
    if obj.type is EntityType.POLICY_DOCUMENT:
        return "policy" in roles or ("medium" in roles and bool(_POLICY_CARRIED.match(after)))
    return "research" in roles


def _object_after(idx: MentionIndex, pos: int, limit: int = 6) -> Mention | None:
    """The programme-like mention starting at ``pos`` or after a short modifier (实施平安校园“智能前哨”工程)."""
    text = idx.text
    hit = idx.at(pos, _OBJECTS)
    if hit is not None:
        return hit
    for m in idx.starting_in(pos, pos + limit + 2, _OBJECTS):
        gap = text[pos:outer_start(text, m)]
        if len(gap) > limit or not _GAP.fullmatch(gap) or "的" in gap or _trigger_re().search(gap):
            continue
        if idx.inside(pos, outer_start(text, m), (EntityType.GOVERNMENT, EntityType.SCHOOL, EntityType.PROGRAM)):
            continue
        return m
    return None


def _enumeration(idx: MentionIndex, first: Mention) -> list[Mention]:
    """``first`` and the programmes coordinated with it (“A”“B”, A和B, A、B)."""
    text = idx.text
    items = [first]
    while True:
        end = outer_end(text, items[-1])
        if end < len(text) and text[end] in _COORD:
            nxt = _object_after(idx, end + 1, limit=8)
        elif end < len(text) and text[end] in "“《":
            nxt = idx.at(end, _OBJECTS)
        else:
            nxt = None
        if nxt is None or nxt.type is not first.type or nxt in items:
            return items
        items.append(nxt)


def _policy_before(doc: Document, idx: MentionIndex, verb_at: int) -> Mention | None:
    """A 《policy》 closing the clause just before the verb's clause (发布《方案》,实施…)."""
    text = doc.text
    start = sentence_start(text, verb_at)
    for m in reversed(idx.inside(start, verb_at, (EntityType.POLICY_DOCUMENT,))):
        between = text[outer_end(text, m):verb_at]
        between = re.sub(r"^(?:[（(][^）)]{1,12}[）)])?》?", "", between)
        if re.fullmatch(r"[，,]", between[:1] or "x") and is_adverbial(between[1:]):
            return m
    return None


def implements(doc: Document, idx: MentionIndex, default: tuple[str, EntityType] | None) -> list[Relation]:
    """implements relations from trigger verbs and 以…为指导, plus partOf for programmes under a policy."""
    text = doc.text
    roles = trigger_roles()
    out: list[Relation] = []
    for t in _trigger_re().finditer(text):
        pos = t.end() + (1 if text.startswith("了", t.end()) else 0)
        first = _object_after(idx, pos)
        if first is None or not _fits(roles[t.group()], first, text[outer_end(text, first):]):
            continue
        items = _enumeration(idx, first)
        after = text[outer_end(text, items[-1]):]
        if first.type is EntityType.PROGRAM and after.startswith("《"):
            continue  # 落实省…重大项目《…》: the programme only classifies the titled project
        policy = _policy_before(doc, idx, t.start()) if first.type is EntityType.PROGRAM else None
        counted = bool(COUNTED_GROUP.match(after))
        end = outer_end(text, items[-1])
        for item in items:
            if policy is not None:
                out.append(Relation(Span(outer_start(text, policy), end), "partOf", program_name(item),
                                    item.type, policy.canonical or policy.name, policy.type))
        if counted and policy is not None:
            continue  # components of the policy, not separate undertakings of the actor
        actor = clause_actor(doc, idx, t.start(), default)
        if actor is None:
            continue
        start = actor[2] if actor[2] >= 0 else t.start()
        for item in items:
            obj = program_name(item) if item.type is EntityType.PROGRAM else (item.canonical or item.name)
            out.append(Relation(Span(start, end), "implements", actor[0], actor[1], obj, item.type))
    out += _guided(doc, idx, default)
    return out


def _guided(doc: Document, idx: MentionIndex, default: tuple[str, EntityType] | None) -> list[Relation]:
    """以“X”为指导/引领/核心: the actor follows programme X."""
    text = doc.text
    out: list[Relation] = []
    guide = re.compile(rf"(?:建设)?(?:工作)?为(?:{alternation('guide')})")
    for m in re.finditer("以", text):
        obj = idx.at(m.end(), (EntityType.PROGRAM,))
        if obj is not None:
            name, end = program_name(obj), outer_end(text, obj)
        else:
            q = re.match(r"“(?P<q>[^”]{2,40})”", text[m.end():])
            if not q or not q.group("q").endswith(NAME_HEADS):
                continue
            name, end = normalise_name(q.group("q")), m.end() + q.end()
        g = guide.match(text, end)
        if not g:
            continue
        actor = clause_actor(doc, idx, m.start(), default)
        if actor is not None:
            start = actor[2] if actor[2] >= 0 else m.start()
            out.append(Relation(Span(start, g.end()), "implements", actor[0], actor[1], name, EntityType.PROGRAM))
    return out


def part_of(doc: Document, idx: MentionIndex) -> list[Relation]:
    """partOf between a titled research project or programme and the programme it belongs to."""
    text = doc.text
    out: list[Relation] = []
    programs = [m for m in idx.mentions if m.type is EntityType.PROGRAM]
    for r in (m for m in idx.mentions if m.type is EntityType.RESEARCH_PROJECT):
        opening = outer_start(text, r)
        for p in reversed([p for p in programs if opening - 16 <= p.span.end <= opening]):
            between = text[outer_end(text, p):opening]
            if re.fullmatch(rf"[{CJK}0-9]{{0,14}}", between):
                out.append(Relation(Span(outer_start(text, p), r.span.end + 1), "partOf", r.name, r.type,
                                    program_name(p), p.type))
                break
    designate = re.compile(rf"\s*(?:被)?(?:{alternation('designate')})\s*")
    for x in idx.mentions:
        if x.type not in (EntityType.PROGRAM, EntityType.RESEARCH_PROJECT):
            continue
        end = outer_end(text, x)
        d = designate.match(text, end)
        if d:
            y = idx.at(d.end(), (EntityType.PROGRAM,))
            if y is not None and program_name(y).endswith(STRONG_HEADS):
                out.append(Relation(Span(outer_start(text, x), outer_end(text, y)), "partOf", program_name(x), x.type,
                                    program_name(y), y.type))
            continue
        if text.startswith("是", end):
            y = idx.at(end + 1, (EntityType.PROGRAM,))
            if y is not None and re.match(rf"的[{CJK}]{{0,12}}之一", text[outer_end(text, y):]):
                tail = re.match(rf"的[{CJK}]{{0,12}}之一", text[outer_end(text, y):])
                out.append(Relation(Span(outer_start(text, x), outer_end(text, y) + tail.end()), "partOf",  # type: ignore[union-attr]
                                    program_name(x), x.type, program_name(y), y.type))
    return out
