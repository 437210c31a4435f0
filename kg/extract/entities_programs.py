"""Program, PolicyDocument and ResearchProject mentions.

PolicyDocument: 《...》 titles ending in a document head (方案, 意见, 办法, 法 ...), name = the text
inside 《》 (canonical adds a trailing (试行)), and unquoted titles after issuing verbs (出台区聘用教师
管理办法). ResearchProject: titles after 课题/项目 or ending in 研究/探索. Program: :func:`find_programs`
joins the quoted finder (entities_programs_quoted: “一校一品”, “123”优质教育工程 -> name 123, canonical
123优质教育工程) and the unquoted ones (entities_programs_heads: head noun phrases, numbered headings,
“X进校园” campaigns, practices after 实行 / 推行).
"""

from __future__ import annotations

import re

from kg.extract.entities_common import Context, suffixes
from kg.extract.entities_programs_heads import (
    find_campus_programs,
    find_head_programs,
    find_heading_programs,
    find_practice_programs,
)
from kg.extract.entities_programs_quoted import find_quoted_programs
from kg.model import EntityType, Mention, Span
from kg.nlp.spans import normalise_name

_RESEARCH_END = ("研究", "探索", "实践研究", "的实践", "行动研究")
_TITLE_PROGRAM_HEADS = ("行动", "工程", "项目", "计划")
_ISSUE_VERBS = re.compile(r"(出台|制定|印发|下发|修订|修订完善|颁布|发布|编制)(并完善|了)?")


def find_titles(ctx: Context) -> list[Mention]:
    """PolicyDocument and ResearchProject mentions from 《...》 titles."""
    text = ctx.text
    heads = suffixes("policy_heads")
    research_heads = suffixes("research_heads")
    out: list[Mention] = []
    for span, name in ctx.titles:
        inner_start = span.start + 1
        inner_end = text.index("》", inner_start) if "》" in text[inner_start : span.end] else span.end
        inner = text[inner_start:inner_end]
        canonical = normalise_name(name)
        before = text[max(0, span.start - 12) : span.start]
        if any(before.endswith(h) or before.endswith(h + "：") for h in research_heads) or re.search(
            r"(课题|项目)$", before
        ) or inner.endswith(_RESEARCH_END):
            out.append(Mention(Span(inner_start, inner_end), EntityType.RESEARCH_PROJECT, normalise_name(inner),
                               canonical=canonical))
        elif any(inner.endswith(h) or canonical.endswith(h) for h in heads) or re.search(r"[（(][^）)]*[）)]$", inner):
            out.append(Mention(Span(inner_start, inner_end), EntityType.POLICY_DOCUMENT, normalise_name(inner),
                               canonical=canonical))
        elif inner.endswith(_TITLE_PROGRAM_HEADS) or re.match(
            r"等[0-9一二三四五六七八九十]+个[\u4e00-\u9fff]{0,4}(项目|工程|品牌)", text[span.end : span.end + 12]
        ):
            # 《香樟礼韵》等11个德育项目, 《...课程游戏化行动》: a programme named as a title
            out.append(Mention(Span(inner_start, inner_end), EntityType.PROGRAM, normalise_name(inner),
                               canonical=canonical))
    return out


def find_unquoted_policies(ctx: Context) -> list[Mention]:
    """Policy titles without 《》 right after an issuing verb (出台区聘用教师管理办法)."""
    text = ctx.text
    heads = [h for h in suffixes("policy_heads") if len(h) >= 2 and h not in ("制度", "体系", "报告", "计划", "规划")]
    out: list[Mention] = []
    for m in _ISSUE_VERBS.finditer(text):
        start = m.end()
        if start < len(text) and text[start] in "《“":
            continue
        clause = re.match(r"[^，。；、：！？,;《》“”\n]{2,30}", text[start:])
        if not clause:
            continue
        piece = clause.group(0)
        best = None
        for h in heads:
            idx = piece.find(h)
            if idx >= 2 and (best is None or idx + len(h) < best):
                best = idx + len(h)
        if best is None:
            continue
        end = start + best
        if not ctx.is_boundary(end):
            continue
        out.append(Mention(Span(start, end), EntityType.POLICY_DOCUMENT, normalise_name(text[start:end])))
    return out


def find_programs(ctx: Context) -> list[Mention]:
    """Program mentions: quoted names, numbered headings, “X进校园”, 实行 practices, head noun phrases."""
    quoted, covered = find_quoted_programs(ctx)
    headings = find_heading_programs(ctx)
    campus = find_campus_programs(ctx) + find_practice_programs(ctx)
    covered += [(m.span.start, m.span.end) for m in headings + campus]
    return quoted + headings + campus + find_head_programs(ctx, covered)
