"""Quoted Program mentions: “...” with or without a programme head.

Three shapes of Chinese education-governance writing:
- the quote holds the whole name, head included (“发展素质教育·玄武2025计划”, “十百千教师发展工程”);
- the quote is the stem and a head follows (“123”优质教育工程, 平安校园“智能前哨”工程): name = the
  quoted stem, canonical = what precedes (平安校园) + stem + head;
- a bare quoted term (“双减”, “一校一品”), which is a coin-flip between programme, slogan, honour and
  event: context words decide (坚持“立德树人”根本任务 is a principle, 举办第三届“...” an event, 获评
  “...” an honour, “...”实验学校 a programme with its participating school).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.entities_common import Context, extend_left, is_name_token, suffixes
from kg.model import EntityType, Mention, Span
from kg.nlp.lexicon import load_list
from kg.nlp.spans import normalise_name

# heads too generic to close an unquoted name (教育治理体系, 考评机制); fine after a quoted name
QUOTED_ONLY_HEADS = frozenset({"体系", "机制", "改革", "模式", "品牌", "工作室", "创建", "示范区创建", "学堂", "工作法"})
_SHORT_OK = re.compile(r"^(?:[一二三四五六七八九十两双]个[一二三四五六七八九十]|[双两][\u4e00-\u9fff])$")
_PERIOD = re.compile(r"^[十]?[一二三四五六七八九十]五$")
_LEVEL = r"(?:[省市区县]|国家|全国)?级?"
_SESSION = r"(?:第?[0-9一二三四五六七八九十]+[届期])?"
# a programme whose participants are named after it: “戏曲进校园”实验学校, “扫黄打非”示范点
_PARTICIPANT = re.compile(r"(?:实验|试点)(?:学校|校|园|区|点|基地|单位)|示范点")
_HEAD_TAILS = ("课题", "项目", "工作", "学校")
_WHOLE_HEADS = ("工程", "计划", "行动", "项目", "制度", "机制", "模式", "品牌", "规划", "试点", "改革")


@lru_cache(maxsize=1)
def _before_cue() -> re.Pattern[str]:
    words = "|".join(sorted(load_list("quote_before_non_program"), key=lambda w: (-len(w), w)))
    return re.compile(rf"(?:(?:{words}){_LEVEL}{_SESSION}|第[0-9一二三四五六七八九十]+[届期]{_LEVEL})$")


@lru_cache(maxsize=1)
def _after_cue() -> re.Pattern[str]:
    words = "|".join(sorted(load_list("quote_after_non_program"), key=lambda w: (-len(w), w)))
    return re.compile(rf"^(?:为发展|为)?(?:{words})")


def head_after(ctx: Context, pos: int, max_chars: int = 10) -> int | None:
    """End offset of the first programme head reached from ``pos`` over name tokens, if any."""
    heads, glued = _heads_after()
    idx = ctx.starts.get(pos)
    last: int | None = None
    while idx is not None and idx < len(ctx.tokens):
        word, s, e = ctx.tokens[idx]
        if e - pos > max_chars or not is_name_token(word):
            break
        if word.endswith(heads):
            last = e
        else:
            tail = next((t for t, ends in glued if word.endswith(ends)), None)
            if tail is not None:  # “十三五”教育科学规划课题: the head is glued to the noun it qualifies
                return e - len(tail)
        idx += 1
    return last


@lru_cache(maxsize=1)
def _heads_after() -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """Programme heads for :func:`head_after`, and per tail (课题 ...) every head + that tail."""
    heads = suffixes("program_heads") + ("办学",)
    return heads, tuple((t, tuple(h + t for h in heads)) for t in _HEAD_TAILS)


def run_start(ctx: Context, span: Span) -> int:
    """Offset of the opening mark of the first quote in the run “A”“B”、“C” that ends with ``span``."""
    text = ctx.text
    open_pos = span.start - 1
    for prev, _ in reversed(ctx.quotes):
        if prev.end >= open_pos:
            continue
        gap = text[prev.end + 1 : open_pos]
        if gap in ("", "、", "，", ","):
            open_pos = prev.start - 1
        else:
            break
    return open_pos


def non_program_quote(ctx: Context, span: Span, inner: str) -> bool:
    """True when a bare quoted term is a slogan, principle, honour, event or period, not a programme."""
    if _PERIOD.match(inner) or not 2 <= len(inner) <= 12:
        return True
    if len(inner) < 4 and not _SHORT_OK.match(inner):
        return True
    if re.search(r"[，,。；;：:！？、\s]", inner) or re.match(r"[一二三四五六七八九十]大", inner):
        return True  # slogans (人人尚德，处处学堂; 学宪法 讲宪法) and counted groups (四大建设)
    if inner.endswith(load_list("quote_non_program")):
        return True
    if re.fullmatch(r"[0-9０-９+＋NnXx\-]+", inner):
        return True
    before = ctx.text[max(0, run_start(ctx, span) - 8) : run_start(ctx, span)]
    if _before_cue().search(before):
        return True
    after = ctx.text[span.end + 1 : span.end + 8]
    if _after_cue().match(after):
        return True
    return _is_idiom(inner)


def _is_idiom(inner: str) -> bool:
    """A four-character set phrase (脱颖而出, 德才兼备) is prose, not a programme name."""
    from kg.nlp.lang import pos_tag

    tags = pos_tag(inner)
    return len(tags) == 1 and tags[0][1] in ("i", "l") and len(inner) == 4


def _quote_left(ctx: Context, open_pos: int) -> int:
    """Start of the qualifier before a quoted stem (平安校园“智能前哨”工程), or ``open_pos`` if none."""
    left = extend_left(ctx, open_pos, max_chars=8, max_tokens=3)
    prefix = ctx.text[left:open_pos]
    level = re.match(r"[省市区县]级?", prefix)
    if len(prefix) < 2 or (level and level.end() == len(prefix)):
        return open_pos  # 市“五五一二”品牌德育项目, 原“3366”: a bare level or particle is not part of the name
    if re.match(r"(全|各|我|本|该|其|第)", prefix) or re.search(r"[0-9]", prefix):
        return open_pos
    return left


def _whole_quote_program(ctx: Context, span: Span, inner: str) -> bool:
    """A quote that is a full programme name, head included (“学会思维：...研究工程”)."""
    if not 4 <= len(inner) <= 30 or re.search(r"[、，,；;。]", inner) or re.match(r"[一二三四五六七八九十]大", inner):
        return False
    if not inner.endswith(_WHOLE_HEADS) or inner.endswith(load_list("quote_non_program")):
        return False
    before = ctx.text[max(0, span.start - 9) : span.start - 1]
    return not re.search(r"(获评|评为|荣获|授予|入选)" + _LEVEL + "$", before)


def find_quoted_programs(ctx: Context) -> tuple[list[Mention], list[tuple[int, int]]]:
    """Program mentions from quotes, and the text ranges they cover (quote marks and head included)."""
    text = ctx.text
    out: list[Mention] = []
    covered: list[tuple[int, int]] = []
    for span, inner in ctx.quotes:
        if ctx.in_title(span.start, span.end):
            continue
        close = span.end + 1
        head_end = head_after(ctx, close) if close < len(text) else None
        if head_end is not None and _PERIOD.match(inner):
            # 全国教育科学“十三五”规划: a period is named only with what precedes it
            left = extend_left(ctx, span.start - 1, max_chars=10, max_tokens=4)
            if left < span.start - 1:
                out.append(Mention(Span(left, head_end), EntityType.PROGRAM, normalise_name(text[left:head_end])))
                covered.append((left, head_end))
            continue
        if head_end is not None:
            left = _quote_left(ctx, span.start - 1)
            full = normalise_name(text[left : span.start - 1] + inner + text[close:head_end])
            out.append(Mention(span, EntityType.PROGRAM, normalise_name(inner), canonical=full))
            covered.append((span.start - 1, head_end))
        elif _whole_quote_program(ctx, span, inner):
            out.append(Mention(span, EntityType.PROGRAM, normalise_name(inner)))
            covered.append((span.start - 1, close))
        elif _PARTICIPANT.match(text[close : close + 4]) and 2 <= len(inner) <= 12 and not re.search(r"[，,、]", inner):
            out.append(Mention(span, EntityType.PROGRAM, normalise_name(inner)))
            covered.append((span.start - 1, close))
        elif not non_program_quote(ctx, span, inner) and not _followed_by_other_head(text, close):
            out.append(Mention(span, EntityType.PROGRAM, normalise_name(inner)))
            covered.append((span.start - 1, close))
    return out, covered


def _followed_by_other_head(text: str, pos: int) -> bool:
    """True when a quote is followed by a school / group / research head (handled elsewhere)."""
    return bool(re.match(r"(社区)?(教育集团|集团|课题)", text[pos : pos + 6]))
