"""Unquoted Program mentions: noun phrases closed by a programme head (工程, 计划, 专项行动, 制度 ...).

The left edge runs over jieba name tokens up to a verb or particle (实施 | 学前教育提升工程), allowing
the joins of official names (家庭与心理教育师资培育计划, 党的教育方针贯彻落实专项行动, 0-15岁) and long
campaign names (up to 24 characters). Phrases that name a category are dropped: generic heads (管理制度),
counted groups (11个德育项目, 十大重点项目), category qualifiers without an issuing level (劳动教育
精品项目), modified nouns (一年一次的健康体检制度), honours (获评...项目, ...计划人选, ...试点学校).
Numbered headings of work plans (4.学生全面成长工程。) name a programme whatever their words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.entities_common import AffixMatcher, Context, SpanIndex, is_name_token, suffixes
from kg.extract.entities_programs_quoted import QUOTED_ONLY_HEADS
from kg.model import EntityType, Mention, Span
from kg.nlp.lexicon import load_list, load_set
from kg.nlp.spans import normalise_name

_MAX_CHARS = 24
_COUNT_BEFORE = re.compile(r"(?:[0-9]+|[一二三四五六七八九十两几多]+)[个项批类]$")
_ISSUER = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}省|国家|全国|教育部|省|市)")
_HONOUR_BEFORE = re.compile(r"(?:获评|评为|荣获|授予|入选)(?:[省市区县]|国家|全国)?级?$")
_HEADING = re.compile(
    r"(?:^|\n)[ \t\u3000]*(?:[0-9]+[.．、]|[（(][0-9一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)"
    r"[ \t\u3000]*([\u4e00-\u9fff0-9A-Za-z+·]{3,20})[。；;\n]"
)
# 全面实行责任督学挂牌督导。: an institutional practice introduced by 实行 / 推行, up to the clause end
_PRACTICE = re.compile(r"(?:实行|推行)([\u4e00-\u9fff]{4,12})(?=[，。；,;])")
_CAMPUS = re.compile(r"进(?:校园|课堂)(?=实验|示范|特色|试点|工作|活动|项目|行动)")


def program_heads() -> list[str]:
    """Heads that may close an unquoted programme name (longest first)."""
    return [h for h in suffixes("program_heads") if h not in QUOTED_ONLY_HEADS]


@lru_cache(maxsize=1)
def _head_matcher() -> AffixMatcher:
    return AffixMatcher(program_heads())


@lru_cache(maxsize=1)
def _left_stops() -> frozenset[str]:
    return load_set("program_left_stops")


def program_left_edge(ctx: Context, end: int, max_chars: int = _MAX_CHARS) -> int:
    """Start of the programme name ending at ``end``: name tokens, plus 与 / 党的 / age ranges inside."""
    text = ctx.text
    idx = ctx.ends.get(end)
    start = end
    while idx is not None and idx >= 0:
        word, s, e = ctx.tokens[idx]
        if e != start or end - s > max_chars:
            break
        if is_name_token(word) and word not in _left_stops():
            start = s
        elif word == "与" and start < end and idx > 0 and _joinable(ctx.tokens[idx - 1][0]):
            start = s  # 家庭与心理教育师资培育计划
        elif word == "的" and idx > 0 and ctx.tokens[idx - 1][0] == "党":
            start = ctx.tokens[idx - 1][1]  # 党的教育方针贯彻落实专项行动
            idx -= 1
        else:
            earlier = _age_start(text, start)
            if earlier is None:
                break
            start = earlier  # 0-15岁全域家庭教育项目
            idx = ctx.ends.get(start)
            continue
        idx -= 1
    return start


def _joinable(word: str) -> bool:
    """A word of two or more characters that may stand inside a programme name."""
    return is_name_token(word) and word not in _left_stops() and len(word) >= 2


@lru_cache(maxsize=1)
def _owners() -> frozenset[str]:
    """Owners that turn a generic head phrase into a category (学校教学计划)."""
    return load_set("program_generic_owners")


def _age_start(text: str, start: int) -> int | None:
    """Start of an age range (0-15岁) ending at or just after ``start``, if it is earlier."""
    stop = start + 1 if text[start : start + 1] == "岁" else start
    lo = max(0, stop - 10)
    m = re.search(r"[0-9]+[-－~～至][0-9]+岁$", text[lo:stop])
    return lo + m.start() if m and lo + m.start() < start else None


def _generic_program(name: str, generic: frozenset[str], qualifiers: bool = True) -> bool:
    """True when a head phrase is a category (各类项目, 民生工程, 学校教学计划) rather than a name."""
    for k in range(len(name) - 1):  # the generic heads the name ends with (a set lookup per suffix)
        g = name[k:]
        if g not in generic:
            continue
        if len(g) >= 2 and len(name) - len(g) <= 1:
            return True
        if len(g) >= 4 and (len(name) - len(g) <= 2 or name[: -len(g)] in _owners()):
            return True
    counted = re.search(r"^(.*?)[一二三四五六七八九十两几]大[\u4e00-\u9fff]{0,4}(项目|工程|行动|建设|计划)$", name)
    if counted and len(counted.group(1)) < 4:
        return True  # 十大重点项目; but 师德专题教育六大行动 is a name
    if re.search(r"级(项目|工程|计划)$|(方案|规划|意见)建设项目$", name):
        return True
    if qualifiers and name.endswith(load_list("program_qualifiers")) and not _ISSUER.match(name):
        return True  # 劳动教育精品项目; but 江苏省前瞻性教学改革重大项目
    return bool(re.match(r"^(各|全[区市县省体部面]|本|该|此|这|那|相关|有关|其他|其它|多|若干|新[增建]|大|小)", name))


def _rejected(ctx: Context, start: int, end: int, head: str) -> bool:
    """True when the head phrase text[start:end] is not a named programme in its context."""
    text = ctx.text
    name = text[start:end]
    generic = load_set("program_generic")
    if len(name) < 4 or name in generic or _generic_program(name, generic):
        return True
    if head == "规划" and "五" not in name:  # only period plans (十四五教育发展规划) are named ones
        return True
    if head in ("制度", "机制") and len(name) < 6:  # 培养制度, 蓝色制度: too short to be a named system
        return True
    before = text[max(0, start - 6) : start]
    after = text[end : end + 4]
    if before.endswith("的") and not before.endswith("党的") and len(name) <= 6:
        return True  # 一年一次的健康体检制度: a described noun, not a name
    if _COUNT_BEFORE.search(before) or _HONOUR_BEFORE.search(before):
        return True
    if re.match(r"人选|称号|培养对象|(实施)?方案|意见|办法|纲要|细则", after):
        return True  # ...计划人选: an honour; 三年行动方案: part of a document title
    if re.match(r"(获评|获|评为|省市|市区)", name):
        return True
    if head == "试点" and re.match(r"(学校|校|园|单位|地区|县|区)", after):
        return True  # 随班就读试点学校: a school's label
    return head.endswith("项目") and bool(re.match(r"(推进)?问题|资金|经费|库", after))


def find_head_programs(ctx: Context, covered: list[tuple[int, int]]) -> list[Mention]:
    """Program mentions from unquoted noun phrases closed by a programme head."""
    text = ctx.text
    heads = _head_matcher()
    covered_index = SpanIndex(covered)
    out: list[Mention] = []
    last_chars = heads.last_chars
    for word, s, e in ctx.tokens:
        if text[e - 1] not in last_chars and (len(word) <= 2 or text[e - 3] not in last_chars):
            continue  # no head can end at e, nor at e - 2 (where 工作 / 项目 is cut off below)
        end = e
        if len(word) > 2 and (word.endswith("工作") or re.search(r"(工程|计划)项目$", text[max(0, e - 4) : e])):
            end = e - 2  # 师范专业试点工作, 品格提升工程项目: the programme ends before the last word
        head = heads.suffix_before(text, end)
        if head is None or ctx.in_title(s, e) or covered_index.covers(s):
            continue
        head_start = end - len(head)
        if head_start in ctx.ends:  # 三年|行动, 培育|站: the head may span tokens; extend from its start
            start = program_left_edge(ctx, head_start)
        elif end == e:
            start = program_left_edge(ctx, e)
        else:
            continue
        start += _leading_noise(text, start, end)
        e = end
        if _rejected(ctx, start, e, head):
            continue
        out.append(Mention(Span(start, e), EntityType.PROGRAM, normalise_name(text[start:e])))
    return out


def _leading_noise(text: str, start: int, end: int) -> int:
    """Characters to drop from the left of a head phrase: 省级 / 市级, a year's 年 (2020年省...), 开展好's 好."""
    name = text[start:end]
    prev = text[start - 1 : start]
    m = re.match(r"[省市区县]级", name)
    if not m and prev.isdigit():
        m = re.match(r"年度?(?=[\u4e00-\u9fff]{4})", name)
    if not m and prev.isdigit():
        m = re.match(r"[个人名所项批次位家](?=[\u4e00-\u9fff]{4})", name)  # 2|个区...: a token glued to a count
    if not m and re.match(r"[\u4e00-\u9fff]", prev):
        m = re.match(r"好(?=[\u4e00-\u9fff]{3})", name)
    return m.end() if m else 0


def find_heading_programs(ctx: Context) -> list[Mention]:
    """Programmes named by a numbered heading of a work plan (2.教育科研深化工程。)."""
    heads = program_heads()
    generic = load_set("program_generic")
    out: list[Mention] = []
    for m in _HEADING.finditer(ctx.text):
        name = m.group(1)
        if not name.endswith(tuple(heads)) or name in generic or _generic_program(name, generic, qualifiers=False):
            continue
        first = ctx.starts.get(m.start(1))
        if first is None or not _joinable(ctx.tokens[first][0]):
            continue  # 1.完善制度。: a heading that opens with a verb is a task, not a programme
        out.append(Mention(Span(m.start(1), m.end(1)), EntityType.PROGRAM, normalise_name(name)))
    return out


def find_campus_programs(ctx: Context) -> list[Mention]:
    """“X进校园” campaigns named without quotes (戏剧进校园实验区, 法治进校园活动)."""
    out: list[Mention] = []
    for m in _CAMPUS.finditer(ctx.text):
        start = program_left_edge(ctx, m.start(), max_chars=4)
        start += _leading_noise(ctx.text, start, m.end())
        stem = ctx.text[start : m.start()]
        if len(stem) >= 2 and not re.match(r"[各全本该这此]", stem) and not ctx.in_title(start, m.end()):
            out.append(Mention(Span(start, m.end()), EntityType.PROGRAM, normalise_name(ctx.text[start : m.end()])))
    return out


def find_practice_programs(ctx: Context) -> list[Mention]:
    """Practices introduced by 实行 / 推行 up to the clause end (全面实行责任督学挂牌督导，)."""
    generic = load_set("program_generic")
    out: list[Mention] = []
    for m in _PRACTICE.finditer(ctx.text):
        start, end = m.start(1), m.end(1)
        if program_left_edge(ctx, end, max_chars=12) != start or ctx.in_title(start, end):
            continue  # every word must be a name word: 实行校长负责, 推行...的... are prose
        name = m.group(1)
        if name in generic or _generic_program(name, generic):
            continue
        out.append(Mention(Span(start, end), EntityType.PROGRAM, normalise_name(name)))
    return out
