"""Abbreviated school names (X小, X实中, X高职, 省X中, 省X高), taken only with a context cue.

Reports shorten well-known schools to a one- or two-character stem plus an abbreviated ending. Such
strings are ambiguous on their own, so a candidate is kept only when

* it stands at a clause edge (after punctuation or a boundary word such as 推进) and ends on a jieba
  token edge, its stem has no function, level or event character and it is no dictionary word; and
* the context shows a school: an enumeration with a named school (X小、Y小学), an action or honour
  cue right after it (省X高被推荐..., X高职以...为核心), or a school-category phrase being built
  (推进省X中高品质示范学校建设).

Single-character endings (小, 中, 高) need the enumeration, or the provincial form 省X中 / 省X高.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.entities_common import Context, boundary_words, suffixes
from kg.model import EntityType, Mention, Span
from kg.nlp.lexicon import load_list

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CATEGORY_BUILD = re.compile(r"^[\u4e00-\u9fff]{0,6}(?:学校|高中|初中|小学|校园)(?:建设|创建)")
_ENUM_SEP = ("、", "和", "与", "及")
_ORDINALS = "一二三四五六七八九十"


@lru_cache(maxsize=1)
def _endings() -> dict[str, tuple[str, bool]]:
    """Abbreviated ending -> (subtype, strong)."""
    out: dict[str, tuple[str, bool]] = {}
    for line in load_list("school_abbrev_endings"):
        ending, subtype, strength = (line.split("\t") + ["", ""])[:3]
        out[ending] = (subtype.strip() or "school", strength.strip() == "strong")
    return out


@lru_cache(maxsize=1)
def _stop_chars() -> frozenset[str]:
    """Characters that cannot be an abbreviation stem."""
    return frozenset(ch for line in load_list("school_abbrev_stop") for ch in line.split())


def _dictionary_word(word: str) -> bool:
    """True when jieba's dictionary knows ``word`` (其中, 高中, 集中 are words, not schools)."""
    from kg.nlp.lang import is_dictionary_word

    return is_dictionary_word(word)


def find_school_abbreviations(ctx: Context, schools: list[Mention]) -> list[Mention]:
    """Abbreviated school mentions with a context cue; ``schools`` are the named ones already found."""
    text = ctx.text
    school_starts = {m.span.start for m in schools}
    school_ends = {m.span.end for m in schools}
    taken = [(m.span.start, m.span.end) for m in schools]
    endings = _endings()
    out: list[Mention] = []
    for ending in suffixes("school_abbrev_endings"):
        subtype, strong = endings[ending]
        for hit in re.finditer(re.escape(ending), text):
            a, b = hit.start(), hit.end()
            if any(s < b and a < e for s, e in taken) or not _edge_after(ctx, b):
                continue
            for start in _stem_starts(ctx, a, b, strong):
                provincial = a - start == 2 and (text[start] == "省" or text[start + 1] in _ORDINALS)
                enum = _in_enumeration(text, start, b, school_starts, school_ends)
                cue = _cue_after(text, b)
                if enum or ((strong or provincial) and cue):
                    out.append(Mention(Span(start, b), EntityType.SCHOOL, text[start:b], subtype=subtype))
                    taken.append((start, b))
                    break
    out.sort(key=lambda m: (m.span.start, m.span.end))
    return out


def _stem_starts(ctx: Context, a: int, b: int, strong: bool) -> list[int]:
    """Possible starts of a stem ending at ``a``: 省+1 char, then 1 or 2 characters, at a clause edge."""
    text = ctx.text
    stop = _stop_chars()
    out: list[int] = []
    for n in (2, 1):
        start = a - n
        if start < 0:
            continue
        stem = text[start:a]
        provincial = n == 2 and stem[0] == "省"
        ordinal = n == 2 and stem[0] in "市县" and stem[1] in _ORDINALS  # 市一中, 县二中
        core = stem[1:] if provincial else stem
        if not ordinal and not all(_CJK.match(ch) and ch not in stop for ch in core):
            continue
        if not _edge_before(ctx, start) or _dictionary_word(text[start:b]):
            continue
        if n == 2 and not (provincial or ordinal) and not strong:
            continue  # two-character stems only with school-specific endings (X实中, X高职)
        out.append(start)
    return out


def _edge_before(ctx: Context, start: int) -> bool:
    """True at a clause edge: text start, after punctuation, or after a boundary word (推进, 以)."""
    if start == 0 or not _CJK.match(ctx.text[start - 1]):
        return True
    idx = ctx.ends.get(start)
    if idx is not None and ctx.tokens[idx][0] in boundary_words():
        return True
    # jieba may glue the stem's first character to a preceding one-character word (在省 ...)
    return ctx.text[start - 1] in boundary_words() and (start - 1) in ctx.starts


def _edge_after(ctx: Context, b: int) -> bool:
    """True when the abbreviation ends on a token edge or before non-CJK text."""
    return b >= len(ctx.text) or not _CJK.match(ctx.text[b]) or b in ctx.starts or _cue_after(ctx.text, b)


def _cue_after(text: str, b: int) -> bool:
    """An action or honour word, or a school-category phrase being built, right after ``b``."""
    if any(text.startswith(c, b) for c in suffixes("school_abbrev_cues")):
        return True
    return bool(_CATEGORY_BUILD.match(text[b : b + 12]))


def _in_enumeration(text: str, start: int, end: int, school_starts: set[int], school_ends: set[int]) -> bool:
    """True when a named school follows or precedes [start, end) across 、/和/与/及."""
    nxt = text[end : end + 1]
    if nxt in _ENUM_SEP and end + 1 in school_starts:
        return True
    prev = text[start - 1 : start] if start > 0 else ""
    return prev in _ENUM_SEP and start - 1 in school_ends
