"""Program, PolicyDocument and ResearchProject mentions.

PolicyDocument: 《...》 titles ending in a document head (方案, 意见, 办法, 法 ...), name = the text
inside 《》 (canonical adds a trailing (试行)), and unquoted titles after issuing verbs (出台区聘用教师
管理办法). ResearchProject: titles after 课题/项目 or ending in 研究/探索. Program: a quoted name with
or without a programme head (“一校一品”, “889”优质教育工程 -> name 889, canonical 889优质教育工程), and
unquoted noun phrases closed by a head (工程, 计划, 行动, 制度, 项目 ...), left edge over jieba tokens.
"""

from __future__ import annotations

import re

from kg.extract.entities_common import Context, extend_left, is_name_token, suffixes
from kg.model import EntityType, Mention, Span
from kg.nlp.lexicon import load_list, load_set
from kg.nlp.spans import normalise_name

# heads too generic to close an unquoted name (教育治理体系, 考评机制); fine after a quoted name
_QUOTED_ONLY_HEADS = frozenset({"体系", "机制", "改革", "模式", "品牌", "工作室", "创建", "示范区创建", "学堂", "工作法"})
_SHORT_OK = re.compile(r"^(?:[一二三四五六七八九十两双]个[一二三四五六七八九十]|[双两][\u4e00-\u9fff])$")
_PERIOD = re.compile(r"^[十]?[一二三四五六七八九十]五$")
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


def _head_after(ctx: Context, pos: int, max_chars: int = 10) -> int | None:
    """End offset of the first programme head reached from ``pos`` over name tokens, if any."""
    heads = suffixes("program_heads") + ("办学",)
    idx = ctx.starts.get(pos)
    last: int | None = None
    while idx is not None and idx < len(ctx.tokens):
        word, s, e = ctx.tokens[idx]
        if e - pos > max_chars or not is_name_token(word):
            break
        if any(word.endswith(h) for h in heads):
            last = e
        idx += 1
    return last


def _non_program_quote(ctx: Context, span: Span, inner: str) -> bool:
    """True when a bare quoted term is an honour, a title, an event or a period, not a programme."""
    if _PERIOD.match(inner) or not 2 <= len(inner) <= 12:
        return True
    if len(inner) < 4 and not _SHORT_OK.match(inner):
        return True
    if re.search(r"[，,。；;：:！？、]", inner) or re.match(r"[一二三四五六七八九十]大", inner):
        return True  # slogans (人人尚德，处处学堂) and counted groups (四大建设)
    if inner.endswith(load_list("quote_non_program")):
        return True
    if re.fullmatch(r"[0-9０-９+＋NnXx\-]+", inner):
        return True
    before = ctx.text[max(0, span.start - 4) : span.start - 1]
    if re.search(r"(获评|评为|荣获|获得|称号|创建|创成|获|授予)$", before):
        return True
    after = ctx.text[span.end + 1 : span.end + 3]
    return bool(re.match(r"(称号|荣誉|奖|等奖|示范|先进|号召|精神|要求|理念|的)", after))


def find_programs(ctx: Context) -> list[Mention]:
    """Program mentions: quoted names (with an optional head) and unquoted head noun phrases."""
    text = ctx.text
    out: list[Mention] = []
    covered: list[tuple[int, int]] = []
    for span, inner in ctx.quotes:
        if ctx.in_title(span.start, span.end):
            continue
        close = span.end + 1
        head_end = _head_after(ctx, close) if close < len(text) else None
        if head_end is not None and _PERIOD.match(inner):
            # 全国教育科学“十三五”规划: a period is named only with what precedes it
            left = extend_left(ctx, span.start - 1, max_chars=10, max_tokens=4)
            if left < span.start - 1:
                full = normalise_name(text[left:head_end])
                out.append(Mention(Span(left, head_end), EntityType.PROGRAM, full))
                covered.append((left, head_end))
            continue
        if head_end is not None:
            full = normalise_name(text[span.start : head_end])
            out.append(Mention(span, EntityType.PROGRAM, normalise_name(inner), canonical=full))
            covered.append((span.start - 1, head_end))
        elif not _non_program_quote(ctx, span, inner) and not _followed_by_other_head(text, close):
            out.append(Mention(span, EntityType.PROGRAM, normalise_name(inner)))
            covered.append((span.start - 1, close))
    generic = load_set("program_generic")
    heads = [h for h in suffixes("program_heads") if h not in _QUOTED_ONLY_HEADS]
    for idx, (word, s, e) in enumerate(ctx.tokens):
        head = next((h for h in heads if word.endswith(h)), None)
        if head is None:
            continue
        if ctx.in_title(s, e) or any(a <= s < b for a, b in covered):
            continue
        if word.endswith("项目") and text[s:e - 2].endswith(("工程", "计划")) and len(word) > 2:
            e -= 2  # 品格提升工程项目: the programme is the 工程
        start = extend_left(ctx, e, max_chars=14, max_tokens=6)
        level = re.match(r"(?:[省市区县]级)", text[start:e])
        if level:
            start += level.end()
        name = text[start:e]
        if len(name) < 4 or name in generic or _generic_program(name, generic):
            continue
        if head == "规划" and "五" not in name:  # only period plans (十四五教育发展规划) are named ones
            continue
        out.append(Mention(Span(start, e), EntityType.PROGRAM, normalise_name(name)))
    return out


def _followed_by_other_head(text: str, pos: int) -> bool:
    """True when a quote is followed by a school / group / research head (handled elsewhere)."""
    return bool(re.match(r"(社区)?(教育集团|集团|课题)", text[pos : pos + 6]))


def _generic_program(name: str, generic: frozenset[str]) -> bool:
    """True when a head phrase is a category (各类项目, 民生工程) rather than a named programme."""
    for g in generic:
        if len(g) >= 2 and name.endswith(g) and len(name) - len(g) <= 1:
            return True
    if re.search(r"[一二三四五六七八九十两几]大(项目|工程|行动|建设|计划)$|级(项目|工程|计划)$", name):
        return True
    return bool(re.match(r"^(各|全|本|该|此|这|那|相关|有关|其他|其它|多|若干|新|大|小)", name))
