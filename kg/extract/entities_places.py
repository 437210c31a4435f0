"""Region and Person mentions.

Regions come from the national admin-division table (``kg.link.regions.region_table``) when it is
available; otherwise a suffix rule over jieba tokens (南京市, 玄武区, 西湖区) is used. A short
name (玄武) is taken only when the table knows it, or when the same document names the full form
(玄武区) — a document-internal derivation, not a list of names.
"""

from __future__ import annotations

import logging
import re
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
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(text):
            hit = 0
            for n in range(min(_MAX_REGION, len(text) - i), 1, -1):
                cand = text[i : i + n]
                if cand in names and cand not in generic and ctx.is_boundary(i) and ctx.is_boundary(i + n):
                    hit = n
                    break
            if hit:
                found.append((i, i + hit, text[i : i + hit]))
                i += hit
            else:
                i += 1
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
        for item in m.group(0).rstrip("等").split("、"):
            s, e = pos, pos + len(item)
            pos = e + 1
            if (s, e) not in seen and _is_person_name(ctx, s, e, enumeration=True):
                out.append(Mention(Span(s, e), EntityType.PERSON, item))
    return out


def _enum_pattern() -> re.Pattern[str]:
    """Three or more 2-3 character names starting with a surname, separated by 、 and ending in 等."""
    pat = _TITLE_RE_CACHE.get("e")
    if pat is None:
        single = "".join(sorted(x for x in load_list("surnames") if len(x) == 1))
        item = f"[{single}][\u4e00-\u9fff]{{1,2}}"
        pat = re.compile(f"(?<![\u4e00-\u9fff]){item}(?:、{item}){{2,}}等")
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
