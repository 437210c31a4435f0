"""Relation extraction: implements, partOf, issuedBy, locatedIn, supervises, leads, memberOf.

Precision-first patterns over clauses, each relation carrying its evidence clause:
- implements: a trigger verb (实施, 落实, 以…为指导; ``kg/data/relation_triggers.tsv``) before a quoted
  name or a phrase ending in a programme head (工程/计划/制度/项目/规划); the actor is a government
  mention in the clause, else the report's own region.
- partOf: the report region inside its city (南京市鼓楼区), a 《research title》 under the programme
  named just before it (省…重大项目《…》).
- issuedBy: a 《policy》 whose title starts with, or follows, an issuing body (市教育局《…》).
- locatedIn: a school / group name that starts with a region name; supervises: X接受了A…调研/督导;
  leads: 由X牵头; memberOf: a person named right after their school.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from kg.extract.honours import DATA_DIR
from kg.model import Document, EntityType, Mention, Relation, Span
from kg.nlp.spans import normalise_name, title_spans

_CJK = r"[\u4e00-\u9fff]"
_PROGRAM_HEAD = r"(?:工程|计划|制度|项目|规划|品牌|模式|行动)"
_BODY = (
    r"(?:中共)?[\u4e00-\u9fff]{0,14}?(?:人民政府教育督导委员会办公室|人民政府办公厅|人民政府办公室|政府办公厅|"
    r"人民政府|区委、区政府|教育工作委员会|教育工委|教育文体局|教育局|教育厅|教育部|国务院|委员会|政府)"
)
_TITLE_BODY = re.compile(rf"^(?:(?:19|20)\d{{2}}年(?:度)?)?(?P<b>{_BODY})(?=关于|.{{4,}})")
_BODY_BEFORE = re.compile(rf"(?P<b>{_BODY})(?:发布的|印发的|出台的|制定的|下发的)?$")
_QUOTE = re.compile(r"“(?P<q>[^”]{2,30})”(?P<tail>[\u4e00-\u9fff\d]{0,8})")
_UNQUOTED = re.compile(rf"^(?:了)?(?P<o>[\u4e00-\u9fff\d]{{2,18}}?{_PROGRAM_HEAD})(?![\u4e00-\u9fff])")
_GUIDE = re.compile(r"以“(?P<q>[^”]{2,40})”为(?:指导|引领|统领|抓手|核心)")
_PROG_TITLE = re.compile(rf"(?P<p>[\u4e00-\u9fff“”]{{4,30}}?(?:重大项目|重点项目|重点课题|项目|课题))《(?P<t>[^》]+)》")
_LEAD_VERB = re.compile(r"^(?:持续推进|落实|推进|实施|以|开展|承担|依托|聚焦)+")
_SUPERVISE = re.compile(rf"(?P<x>{_CJK}{{2,12}}?(?:学校|小学|中学|幼儿园))接受了?(?P<a>{_CJK}{{2,30}}?)(?:专项)?(?:调研|督导|检查|评估|视导)")
_LEADS = re.compile(rf"由(?P<x>{_CJK}{{2,12}}?)(?:分管领导|主要领导|主要负责同志|负责同志)?牵头")
_SCHOOLISH = r"(?:教育集团|学校|小学|中学|幼儿园|基地|中心)"
_VERB_PREFIX = re.compile(r"^(?:全面|认真|深入|切实|严格)?(?:贯彻落实|贯彻|落实|执行|根据|按照|对照|依据|遵照|依照)+")
_MONTH = re.compile(r"^(?:(?:19|20)\d{2}年)?[\d一二三四五六七八九十]*月(?:份)?(?:\d+日)?")
_SEP = re.compile(r"[，,；;。！？\n]")


@lru_cache(maxsize=None)
def _triggers() -> tuple[tuple[str, str, str], ...]:
    rows: list[tuple[str, str, str]] = []
    for line in (DATA_DIR / "relation_triggers.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            rows.append((parts[0], parts[1], parts[2]))
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), r[0])))


def _clauses(doc: Document) -> list[Span]:
    out: list[Span] = []
    start, depth = 0, 0
    for i, ch in enumerate(doc.text):
        if ch in "“《":
            depth += 1
        elif ch in "”》" and depth:
            depth -= 1
        elif _SEP.match(ch) and (depth == 0 or ch in "。\n"):
            depth = 0
            if i > start:
                out.append(Span(start, i))
            start = i + 1
    if len(doc.text) > start:
        out.append(Span(start, len(doc.text)))
    return out


def _region_parts(region: str | None) -> tuple[str, str] | None:
    for pat in (r"^(?:.+?(?:省|自治区))?(?P<c>[^市省]+?市)(?P<d>.+?(?:区|县|市|旗))$",
                r"^(?:.+?(?:省|自治区))?(?P<c>.+?(?:自治州|州|盟|地区))(?P<d>.+?(?:区|县|市|旗))$"):
        m = re.match(pat, region or "")
        if m:
            return m.group("d"), m.group("c")
    return None


def _actor(doc: Document, clause: Span, before: int, mentions: Sequence[Mention]) -> tuple[str, EntityType] | None:
    govs = [m for m in mentions if m.type == EntityType.GOVERNMENT and clause.start <= m.span.start
            and m.span.end <= before and not m.generic]
    if govs:
        g = max(govs, key=lambda m: m.span.end)
        return g.name, g.type
    m = _BODY_BEFORE.search(doc.text[clause.start:before]) or re.search(rf"(?P<b>{_BODY})", doc.text[clause.start:before])
    if m:
        return m.group("b"), EntityType.GOVERNMENT
    issuer = doc.meta.issuer or ""
    if re.search(r"教育(?:文体|体育)?局$", issuer):  # a bureau's own report: the bureau acts
        return issuer, EntityType.GOVERNMENT
    parts = _region_parts(doc.meta.region)
    if parts:
        return parts[0], EntityType.REGION
    return (doc.meta.region, EntityType.REGION) if doc.meta.region else None


def _program_name(q: str, tail: str) -> str:
    m = re.match(rf"^[\u4e00-\u9fff\d]{{0,6}}?{_PROGRAM_HEAD}", tail)
    return normalise_name(q + m.group(0)) if m else normalise_name(q)


def _implements(doc: Document, clause: Span, mentions: Sequence[Mention]) -> list[Relation]:
    text = doc.text[clause.start:clause.end]
    out: list[Relation] = []
    for g in _GUIDE.finditer(text):
        actor = _actor(doc, clause, clause.start + g.start(), mentions)
        if actor:
            out.append(Relation(clause, "implements", actor[0], actor[1], normalise_name(g.group("q")), EntityType.PROGRAM))
    for word, predicate, pattern in _triggers():
        if pattern != "before" or predicate != "implements":
            continue
        for m in re.finditer(re.escape(word), text):
            rest = text[m.end():]
            q = _QUOTE.match(rest.lstrip("了"))
            if q:
                obj = _program_name(q.group("q"), q.group("tail"))
            else:
                u = _UNQUOTED.match(rest)
                if not u:
                    continue
                obj = normalise_name(u.group("o"))
            actor = _actor(doc, clause, clause.start + m.start(), mentions)
            if actor and len(obj) >= 2:
                out.append(Relation(clause, "implements", actor[0], actor[1], obj, EntityType.PROGRAM))
    return out


def _issued_by(doc: Document) -> list[Relation]:
    out: list[Relation] = []
    for span, name in title_spans(doc.text):
        title = normalise_name(name)
        m = _TITLE_BODY.match(title)
        body = m.group("b") if m else None
        if body is None:
            lead = doc.text[max(0, span.start - 16):span.start]
            b = _BODY_BEFORE.search(lead)
            body = _VERB_PREFIX.sub("", b.group("b")) if b else None
            start = span.start - len(lead) + b.start() if b else span.start
        else:
            start = span.start
        if body and body != title:
            out.append(Relation(Span(start, span.end), "issuedBy", title, EntityType.POLICY_DOCUMENT,
                                body, EntityType.GOVERNMENT))
    return out


def _region_relations(doc: Document, mentions: Sequence[Mention]) -> list[Relation]:
    out: list[Relation] = []
    parts = _region_parts(doc.meta.region)
    if parts and doc.meta.region:
        pos = doc.text.find(doc.meta.region)
        if pos >= 0:
            out.append(Relation(Span(pos, pos + len(doc.meta.region)), "partOf", parts[0], EntityType.REGION,
                                parts[1], EntityType.REGION))
    regions = sorted({m.name for m in mentions if m.type == EntityType.REGION and not m.generic and len(m.name) >= 3}
                     | ({parts[0]} if parts else set()), key=lambda r: (-len(r), r))
    for region in regions:
        for m in re.finditer(rf"{re.escape(region)}(?P<n>(?:“[^”]{{2,12}}”)?{_CJK}{{0,12}}?{_SCHOOLISH})(?!{_CJK})", doc.text):
            name = normalise_name(m.group("n"))
            if len(name) > 4:
                out.append(Relation(Span(m.start(), m.end()), "locatedIn", name, EntityType.SCHOOL
                                    if not name.endswith("集团") else EntityType.EDUCATION_GROUP, region, EntityType.REGION))
    return out


def extract_relations(doc: Document, mentions: Sequence[Mention] = ()) -> list[Relation]:
    """Relations between entities named in the document, each with its evidence clause."""
    out: list[Relation] = _region_relations(doc, mentions) + _issued_by(doc)
    for clause in _clauses(doc):
        text = doc.text[clause.start:clause.end]
        out.extend(_implements(doc, clause, mentions))
        for m in _PROG_TITLE.finditer(text):
            prog = normalise_name(_LEAD_VERB.sub("", m.group("p")))
            out.append(Relation(clause, "partOf", normalise_name(m.group("t")), EntityType.RESEARCH_PROJECT,
                                prog, EntityType.PROGRAM))
        for m in _SUPERVISE.finditer(text):
            for part in re.split(r"和|、|及", m.group("a")):
                organ = re.match(r"^.{1,14}?(?:中心|局|厅|部|政府|委员会|督导室|督导组)", part)
                body = organ.group(0) if organ else ""
                if body:
                    out.append(Relation(clause, "supervises", body, EntityType.GOVERNMENT,
                                        _MONTH.sub("", m.group("x")), EntityType.SCHOOL))
        for m in _LEADS.finditer(text):
            back = doc.text[max(0, clause.start - 60):clause.start + m.start()]
            back = re.split(r"[。！？\n]", back)[-1]  # same sentence only
            q = list(_QUOTE.finditer(back))
            if q:
                obj = _program_name(q[-1].group("q"), q[-1].group("tail"))
                ev = Span(clause.start + m.start() - len(back), clause.end)
                out.append(Relation(ev, "leads", m.group("x"), EntityType.GOVERNMENT, obj, EntityType.PROGRAM))
    for p in (m for m in mentions if m.type == EntityType.PERSON):
        schools = [s for s in mentions if s.type == EntityType.SCHOOL and 0 <= p.span.start - s.span.end <= 1]
        if schools:
            s = schools[0]
            out.append(Relation(Span(s.span.start, p.span.end), "memberOf", p.name, EntityType.PERSON, s.name, EntityType.SCHOOL))
    seen: set[tuple[str, str, str]] = set()
    unique: list[Relation] = []
    for r in sorted(out, key=lambda r: (r.span.start, r.span.end, r.predicate, r.subject, r.object)):
        key = (r.predicate, r.subject, r.object)
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return unique
