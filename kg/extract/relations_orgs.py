"""Organisation relations: issuedBy, locatedIn, supervises, leads, memberOf, and the report region's partOf.

All endpoints are entity mentions except the report's own region (from its metadata):
- issuedBy: a Government mention opening a 《policy》 title (《省政府办公厅关于…》, after a year, 中共 or a
  region prefix) or standing right before it (市教育局《…》, 国务院发布的《…》).
- locatedIn: a School / EducationGroup mention whose name opens with a Region mention (西湖区东港小学),
  or with the report district's stem and a dot (西湖·杭州育才中学).
- supervises: School接受了A和B…调研/督导 (A, B Government mentions).
- leads: 由G(分管领导)牵头 after a programme in the same sentence.
- memberOf: a Person mention right after a School mention (第一初中童淑芳老师).
"""

from __future__ import annotations

import re

from kg.extract.relations_common import (
    CJK,
    MentionIndex,
    alternation,
    outer_end,
    outer_start,
    program_name,
    region_parts,
    sentence_start,
)
from kg.model import Document, EntityType, Relation, Span

_TITLE_PREFIX = re.compile(rf"(?:(?:19|20)\d{{2}}年(?:度)?)?(?:中共)?(?:[{CJK}]{{1,10}}?(?:省|自治区|市|州|盟|区|县|旗))?")
_ORGANS = (EntityType.SCHOOL, EntityType.EDUCATION_GROUP)


def issued_by(doc: Document, idx: MentionIndex) -> list[Relation]:
    """issuedBy between a 《policy》 title and the Government body that opens or precedes it."""
    text = doc.text
    out: list[Relation] = []
    issue = re.compile(rf"(?:{alternation('issue')})?$")
    for p in (m for m in idx.mentions if m.type is EntityType.POLICY_DOCUMENT):
        if text[outer_start(text, p):p.span.start] != "《":
            continue
        inner = [g for g in idx.inside(p.span.start, p.span.end, (EntityType.GOVERNMENT,))]
        body = None
        if inner:
            g = inner[0]
            prefix = text[p.span.start:g.span.start]
            rest = text[g.span.end:p.span.end]
            if _TITLE_PREFIX.fullmatch(prefix) and len(rest) >= 4 and (rest.startswith("关于") or prefix == ""
                                                                        or prefix.startswith(("中共", "20", "19"))):
                body = (g, Span(p.span.start, p.span.end + 1))
        if body is None:
            before = [g for g in idx.inside(max(0, p.span.start - 20), p.span.start, (EntityType.GOVERNMENT,))]
            if before and issue.match(text[before[-1].span.end:p.span.start - 1]):
                g = before[-1]
                body = (g, Span(g.span.start, outer_end(text, p)))
        if body is not None:
            g, ev = body
            name = g.name
            if inner and g is inner[0]:  # the full organ as titled: 中共南京市江宁区委教育工作委员会
                name = text[p.span.start:g.span.end]
                name = re.sub(r"^(?:19|20)\d{2}年(?:度)?", "", name)
            out.append(Relation(ev, "issuedBy", p.canonical or p.name, p.type, name, EntityType.GOVERNMENT))
    return out


def located_in(doc: Document, idx: MentionIndex) -> list[Relation]:
    """locatedIn for schools and groups whose name opens with a region's name."""
    text = doc.text
    out: list[Relation] = []
    parts = region_parts(doc.meta.region)
    stem = parts[0][:-1] if parts and len(parts[0]) >= 3 else None
    regions = [m for m in idx.mentions if m.type is EntityType.REGION]
    for s in (m for m in idx.mentions if m.type in _ORGANS):
        chain, pos = [], s.span.start  # 南京市玄武区X小学: regions in a row at the start of the name
        while (r := next((r for r in regions if r.span.start == pos and r.span.end < s.span.end), None)) is not None:
            chain.append(r)
            pos = r.span.end
        if chain:
            out.append(Relation(Span(s.span.start, s.span.end), "locatedIn", s.name, s.type, chain[-1].name,
                                EntityType.REGION))
        elif stem and parts and text.startswith(stem + "·", s.span.start):
            out.append(Relation(Span(s.span.start, s.span.end), "locatedIn", s.name, s.type, parts[0], EntityType.REGION))
    return out


def supervises(doc: Document, idx: MentionIndex) -> list[Relation]:
    """supervises from School接受了A和B…调研/督导."""
    text = doc.text
    out: list[Relation] = []
    for s in (m for m in idx.mentions if m.type in _ORGANS):
        m = re.compile(r"接受了?").match(text, s.span.end)
        if not m:
            continue
        visit = re.compile(rf"[^，,。；;]{{0,40}}?(?:{alternation('inspect')})").match(text, m.end())
        if not visit:
            continue
        govs = idx.inside(m.end(), visit.end(), (EntityType.GOVERNMENT,))
        pos = m.end()
        for g in govs:  # only bodies listed one after another: A和B, A、B
            if not re.fullmatch(r"[和、及与]?", text[pos:g.span.start]):
                break
            out.append(Relation(Span(s.span.start, visit.end()), "supervises", g.name, g.type, s.name, s.type))
            pos = g.span.end
    return out


def leads(doc: Document, idx: MentionIndex) -> list[Relation]:
    """leads from 由G(分管领导)牵头, G leading the last programme named before it in the sentence."""
    text = doc.text
    out: list[Relation] = []
    for m in re.finditer("由", text):
        g = idx.at(m.end(), (EntityType.GOVERNMENT,))
        if g is None or not re.match(r"(?:分管领导|主要领导|主要负责同志|负责同志|领导)?牵头", text[g.span.end:]):
            continue
        start = sentence_start(text, m.start())
        progs = idx.inside(max(start, m.start() - 40), m.start(), (EntityType.PROGRAM,))
        if progs:
            p = progs[-1]
            out.append(Relation(Span(outer_start(text, p), g.span.end), "leads", g.name, g.type, program_name(p), p.type))
    return out


def member_of(doc: Document, idx: MentionIndex) -> list[Relation]:
    """memberOf for a person named right after their school (第一初中童淑芳老师)."""
    out: list[Relation] = []
    schools = [m for m in idx.mentions if m.type is EntityType.SCHOOL]
    for p in (m for m in idx.mentions if m.type is EntityType.PERSON):
        s = next((s for s in schools if 0 <= p.span.start - s.span.end <= 1), None)
        if s is not None:
            out.append(Relation(Span(s.span.start, p.span.end), "memberOf", p.name, p.type, s.name, s.type))
    return out


def region_part_of(doc: Document) -> list[Relation]:
    """The report's district partOf its city (南京市玄武区 -> 玄武区 partOf 南京市), where the text names both."""
    parts = region_parts(doc.meta.region)
    region = doc.meta.region or ""
    pos = doc.text.find(region) if parts else -1
    if parts is None or pos < 0:
        return []
    return [Relation(Span(pos, pos + len(region)), "partOf", parts[0], EntityType.REGION, parts[1], EntityType.REGION)]
