"""Region and Person mentions.

Regions come from the national admin-division table (``kg.link.regions.region_table``) when it is
available; otherwise a suffix rule over jieba tokens (南京市, 玄武区, 西湖区) is used. A short
name (玄武) is taken only when the table knows it, or when the same document names the full form
(玄武区) — a document-internal derivation, not a list of names.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from functools import lru_cache

from kg.extract.entities_common import Context, boundary_words
from kg.model import EntityType, Mention, Span
from kg.nlp.lexicon import load_list, load_set

log = logging.getLogger("kg")

_MAX_REGION = 12


@lru_cache(maxsize=1)
def _table_names() -> frozenset[str] | None:
    """All names the region table knows, or None when kg.link.regions is not available yet."""
    try:
        from kg.link.regions import region_table
    except ImportError:
        log.debug("kg.link.regions not available; using the region suffix rule")
        return None
    try:
        return frozenset(region_table().names())
    except Exception as exc:  # the table is another stage's data; degrade to the suffix rule
        log.warning("region table unusable (%s); using the region suffix rule", exc)
        return None


def region_names() -> frozenset[str]:
    """All region names the admin-division table knows (empty when the table is unavailable)."""
    return _table_names() or frozenset()


def _suffix_region(word: str) -> bool:
    """Fallback: a token like 南京市 / 玄武区 / 浙江省 (stem of 2+ chars + admin suffix)."""
    if word in load_set("region_generic") or not 3 <= len(word) <= 8:
        return False
    if not re.fullmatch(r"[\u4e00-\u9fff]+", word):
        return False
    for suf in load_list("region_suffixes"):
        if word.endswith(suf) and len(word) - len(suf) >= 2:
            stem = word[: -len(suf)]
            return not any(b in stem for b in ("的", "和", "与", "及"))
    return False


def find_regions(ctx: Context) -> list[Mention]:
    """Region mentions: full names, short names, and generic elliptical ones (我区, 全市)."""
    text = ctx.text
    out: list[Mention] = []
    names = _table_names()
    generic = load_set("region_generic")
    if names is not None:
        from kg.link.regions import region_table

        table = region_table()
        found = _table_regions(ctx, names, generic)
        full_used = {name for _, _, name in found if any(r.name == name for r in table.candidates(name))}
        for s, e, name in found:
            cands = table.candidates(name)
            if name in full_used:
                out.append(Mention(Span(s, e), EntityType.REGION, name))
                continue
            if _glued_region(text, e):
                continue
            full = [r.name for r in cands if r.name in full_used]
            if full:
                out.append(Mention(Span(s, e), EntityType.REGION, name, canonical=full[0]))
            elif any(r.level == "province" for r in cands):
                prov = [r.name for r in cands if r.level == "province"][0]
                out.append(Mention(Span(s, e), EntityType.REGION, name, canonical=prov))
    else:
        for word, s, e in ctx.tokens:
            if _suffix_region(word):
                out.append(Mention(Span(s, e), EntityType.REGION, word))
        # short forms of full names this document uses (玄武 for 玄武区)
        shorts: dict[str, str] = {}
        for m in out:
            for suf in ("区", "县", "市"):
                if m.name.endswith(suf) and len(m.name) >= 3:
                    shorts.setdefault(m.name[:-1], m.name)
        taken = {(m.span.start, m.span.end) for m in out}
        for word, s, e in ctx.tokens:
            if word in shorts and (s, e) not in taken and not _glued_region(text, e):
                out.append(Mention(Span(s, e), EntityType.REGION, word, canonical=shorts[word]))
    elliptical = load_set("elliptical_regions")
    for word, s, e in ctx.tokens:
        if word in elliptical:
            out.append(Mention(Span(s, e), EntityType.REGION, word, generic=True))
    return out


def _table_regions(ctx: Context, names: frozenset[str], generic: frozenset[str]) -> list[tuple[int, int, str]]:
    """Longest known region names from token edge to token edge, left to right, non-overlapping.

    Only token edges are tried (as starts and as ends): a scan of every offset and every length
    was the slowest part of entity extraction.
    """
    text = ctx.text
    bounds = ctx.boundaries
    heads = _name_heads(names)
    found: list[tuple[int, int, str]] = []
    free = 0  # offsets before this lie inside a region already found
    for k, start in enumerate(bounds):
        if start < free or text[start : start + 2] not in heads:
            continue
        for end in reversed(bounds[k + 1 : bisect_right(bounds, start + _MAX_REGION, k + 1)]):
            if end - start < 2:
                break
            cand = text[start:end]
            if cand in names and cand not in generic:
                found.append((start, end, cand))
                free = end
                break
    return found


@lru_cache(maxsize=2)
def _name_heads(names: frozenset[str]) -> frozenset[str]:
    """The first two characters of every name (most offsets start no region name at all)."""
    return frozenset(n[:2] for n in names if len(n) >= 2)


def _glued_region(text: str, end: int) -> bool:
    """True when a short name is immediately followed by an admin suffix (then it is not short)."""
    return end < len(text) and text[end] in "省市区县"


_TITLE_RE_CACHE: dict[str, re.Pattern[str]] = {}


def _person_pattern() -> re.Pattern[str]:
    """Surname + 1-2 given-name chars, followed by a title word."""
    pat = _TITLE_RE_CACHE.get("p")
    if pat is None:
        surnames = sorted(load_list("surnames"), key=len, reverse=True)
        titles = sorted(load_list("person_titles"), key=len, reverse=True)
        pat = re.compile(
            "(?P<name>(?:" + "|".join(map(re.escape, surnames)) + r")[\u4e00-\u9fff]{1,2}?)"
            "(?P<title>" + "|".join(map(re.escape, titles)) + ")"
        )
        _TITLE_RE_CACHE["p"] = pat
    return pat


def find_persons(ctx: Context) -> list[Mention]:
    """Person mentions: surname + given name before a title (习近平总书记, 童淑芳老师, 成岳冲副省长),
    or in an enumeration of such names ending in 等 (邀请A、B、C等专家); jieba must tag them nr."""
    text = ctx.text
    out: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for m in _person_pattern().finditer(text):
        s, e = m.span("name")
        if _is_person_name(ctx, s, e):
            out.append(Mention(Span(s, e), EntityType.PERSON, m.group("name")))
            seen.add((s, e))
    for m in _enum_pattern().finditer(text):
        pos = m.start()
        items = m.group(0).rstrip("等").split("、")
        for k, item in enumerate(items):
            s, e = pos, pos + len(item)
            pos = e + 1
            if k == 0 and s > 0 and _CJK_CHAR.match(text[s - 1]):
                s = _enum_first_start(ctx, s, e)  # 邀请郜晏中、...: the first name follows a verb
            if s < e and (s, e) not in seen and _is_person_name(ctx, s, e, enumeration=True):
                out.append(Mention(Span(s, e), EntityType.PERSON, text[s:e]))
                seen.add((s, e))
    for s, e in _titled_after(ctx) + _cued_names(ctx):
        if (s, e) not in seen:
            out.append(Mention(Span(s, e), EntityType.PERSON, text[s:e]))
            seen.add((s, e))
    out.sort(key=lambda m: (m.span.start, m.span.end))
    return out


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _enum_first_start(ctx: Context, s: int, e: int) -> int:
    """Start of the first name of an enumeration glued to a preceding word (``e`` if none fits)."""
    single = load_set("surnames")
    for start in (e - 3, e - 2):
        if start >= s and ctx.text[start] in single and ctx.is_boundary(start):
            return start
    return e


# Position titles written before a name (国家主席习近平, 校长王某某); general vocabulary.
_TITLES_BEFORE = ("总书记", "主席", "总理", "部长", "厅长", "局长", "省长", "市长", "区长", "县长", "书记", "校长", "园长", "院士", "教授")


def _titled_after(ctx: Context) -> list[tuple[int, int]]:
    """Names right after a position title (国家主席习近平接见), tagged nr by jieba, 2-3 characters."""
    out: list[tuple[int, int]] = []
    pat = _TITLE_RE_CACHE.get("t")
    if pat is None:
        pat = re.compile("(?:" + "|".join(_TITLES_BEFORE) + ")(?=[\u4e00-\u9fff]{2})")
        _TITLE_RE_CACHE["t"] = pat
    for m in pat.finditer(ctx.text):
        span = _nr_token_at(ctx, m.end())
        if span:
            out.append(span)
    return out


def _cued_names(ctx: Context) -> list[tuple[int, int]]:
    """Names after a commemorating / emulating cue: 纪念X诞辰, 学习(模范)X, 向X学习."""
    out: list[tuple[int, int]] = []
    pat = _TITLE_RE_CACHE.get("c")
    if pat is None:
        pat = re.compile(r"(?:纪念|缅怀|学习(?:模范|榜样|楷模|英模|先进人物)?|弘扬|追忆|向)(?=[\u4e00-\u9fff]{2})")
        _TITLE_RE_CACHE["c"] = pat
    for m in pat.finditer(ctx.text):
        span = _nr_token_at(ctx, m.end())
        if span is None:
            continue
        after = ctx.text[span[1] : span[1] + 2]
        if after[:1] in _CUE_END_CHARS or after in _CUE_END_WORDS:
            out.append(span)
    return out


_CUE_END_CHARS = "，,、。；;“”\"》"
_CUE_END_WORDS = ("诞辰", "逝世", "同志", "精神", "事迹", "学习", "先进")


def _nr_token_at(ctx: Context, s: int) -> tuple[int, int] | None:
    """[s, e) when jieba tags a 2-3 character personal name (nr*) starting at ``s`` with a surname."""
    from kg.nlp.lang import pos_tag

    text = ctx.text
    if text[s : s + 1] not in load_set("surnames") and text[s : s + 2] not in load_set("surnames"):
        return None
    tagged = pos_tag(text[s : s + 8])
    if not tagged:
        return None
    word, flag, a, b = tagged[0]
    if not flag.startswith("nr") or not 2 <= len(word) <= 3 or word in boundary_words():
        return None
    if text[s + b : s + b + 3] == "新时代":
        return None  # 习近平新时代中国特色社会主义思想: a doctrine named after a person
    names = _table_names()
    if names is not None and word in names:
        return None
    return s, s + b


def _enum_pattern() -> re.Pattern[str]:
    """Three or more 2-3 character names starting with a surname, separated by 、 and ending in 等."""
    pat = _TITLE_RE_CACHE.get("e")
    if pat is None:
        single = "".join(sorted(x for x in load_list("surnames") if len(x) == 1))
        item = f"[{single}][\u4e00-\u9fff]{{1,2}}"
        pat = re.compile(f"{item}(?:、{item}){{2,}}等")
        _TITLE_RE_CACHE["e"] = pat
    return pat


def _is_person_name(ctx: Context, s: int, e: int, enumeration: bool = False) -> bool:
    """True when jieba POS-tags [s, e) as a personal name (nr) in its local context."""
    from kg.nlp.lang import pos_tag

    text = ctx.text
    lo = max(0, s - 6)
    tagged = pos_tag(text[lo : min(len(text), e + 4)])
    words = [(w, f, lo + a, lo + b) for w, f, a, b in tagged]
    inside = [(w, f) for w, f, a, b in words if a >= s and b <= e]
    starts_ok = any(a == s for _, _, a, _ in words) and any(b == e for _, _, _, b in words)
    if not starts_ok and s > 0 and text[s - 1] in boundary_words():
        # jieba glued a one-character verb to the name (获成|岳冲副省长): tag from the name on
        words = [(w, f, s + a, s + b) for w, f, a, b in pos_tag(text[s : min(len(text), e + 4)])]
        inside = [(w, f) for w, f, a, b in words if a >= s and b <= e]
        starts_ok = any(b == e for _, _, _, b in words)
    if not starts_ok or not inside:
        return False
    names = _table_names()
    if names is not None and text[s:e] in names:
        return False
    if any(w in boundary_words() for w, _ in inside):
        return False
    if enumeration:
        return all(f.startswith("nr") or len(w) == 1 for w, f in inside)
    return any(f.startswith("nr") for w, f in inside) and not all(len(w) == 1 for w, _ in inside)
