"""Government, School and EducationGroup mentions, found from name suffixes with rule-based left edges.

Government: an organ head (人民政府, 教育局, 区委 ...) preceded by a region chain (南京市玄武区) or an
elliptical level character (区政府, 市教育局), optionally followed by subordinate bodies (区委教育工委,
省人民政府教育督导委员会办公室). School: a school-type suffix (实验小学, 幼儿园, 实小) whose left edge is
found over jieba tokens, stopping at punctuation, function words, prose verbs and counts; generic
categories (各中小学, 公办幼儿园, 4所学校) are dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.entities_common import (
    AffixMatcher,
    Context,
    boundary_words,
    extend_left,
    is_name_token,
    matcher,
    suffixes,
)
from kg.extract.entities_school_abbrev import find_school_abbreviations
from kg.model import EntityType, Mention, Span
from kg.nlp.lexicon import load_list, load_set

_LEVEL_CHARS = "省市区县州旗"
_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _school_subtypes() -> dict[str, str]:
    """School suffix -> subtype."""
    out: dict[str, str] = {}
    for line in load_list("school_suffixes"):
        suffix, _, subtype = line.partition("\t")
        out[suffix] = subtype.strip() or "school"
    return out


def _region_chain_start(ctx: Context, pos: int, region_ends: dict[int, Mention]) -> int:
    """Start of the contiguous run of region mentions ending at ``pos`` (pos itself if none)."""
    start = pos
    while start in region_ends:
        start = region_ends[start].span.start
    if start >= 2 and ctx.text[start - 2 : start] == "中共":
        start -= 2
    return start


def _elliptical_level(ctx: Context, pos: int) -> bool:
    """True when ``text[pos-1]`` is a lone level character (区 in 区政府, 市 in 市教育局).

    jieba glues a one-character preposition or verb to the level character (由区 人民政府, 以市 环保局,
    获省 教育工会): a one-character boundary word just before the level character counts as an edge.
    """
    if pos < 1 or ctx.text[pos - 1] not in _LEVEL_CHARS:
        return False
    if (pos - 1) in ctx.starts or (pos - 1) == 0 or not _CJK.match(ctx.text[pos - 2]):
        return True
    return (pos - 2) in ctx.starts and ctx.text[pos - 2] in boundary_words()


def _region_inside_token(ctx: Context, pos: int) -> int:
    """Start of a full region name ending at ``pos`` inside a jieba token (浙江省|人民政府), else ``pos``.

    Only names the region table knows that end in an admin suffix and start on a token edge.
    """
    from kg.extract.entities_places import region_names

    names = region_names()
    if not names or pos < 1 or ctx.text[pos - 1] not in _LEVEL_CHARS + "盟":
        return pos
    for k in range(min(12, pos), 1, -1):
        if ctx.text[pos - k : pos] in names and ctx.is_boundary(pos - k):
            return pos - k
    return pos


def find_governments(ctx: Context, regions: list[Mention]) -> list[Mention]:
    """Government / Party organ mentions with their region prefix or elliptical level."""
    text = ctx.text
    region_ends = {m.span.end: m for m in regions if not m.generic}
    organs = matcher("gov_organs")
    national = matcher("gov_national")
    out: list[Mention] = []
    i = 0
    while (i := _next_organ_candidate(text, i, national, organs)) < len(text):
        nat = national.prefix_at(text, i)
        if nat and ctx.is_boundary(i) and text.startswith("总书记", i + len(nat)):
            i += len(nat)  # 中共中央总书记: part of a person's title, not a mention of the organ
            continue
        if nat and ctx.is_boundary(i):
            end = _extend_tail(text, i + len(nat), organs)
            out.append(Mention(Span(i, end), EntityType.GOVERNMENT, text[i:end]))
            i = end
            continue
        organ = _organ_at(text, i, organs)
        if organ is None:
            i += 1
            continue
        end = i + len(organ)
        start = _region_chain_start(ctx, i, region_ends)
        if start == i and organ not in ("委", "局"):
            inner = _region_inside_token(ctx, i)
            start = _region_chain_start(ctx, inner, region_ends) if inner < i else i
        if start == i and _elliptical_level(ctx, i):
            start = i - 1
        elif start == i and organ in ("委", "局"):
            i += 1
            continue
        if start == i:  # bare organ without any region: generic (人民政府, 教育局 in 市县级人民政府)
            i = end
            continue
        end = _extend_tail(text, end, organs)
        out.append(Mention(Span(start, end), EntityType.GOVERNMENT, text[start:end]))
        i = end
    return out + find_topic_bodies(ctx, regions)


def find_topic_bodies(ctx: Context, regions: list[Mention]) -> list[Mention]:
    """Coordinating bodies named after a topic: {region}{topic}领导小组(办公室), region required."""
    text = ctx.text
    region_ends = {m.span.end: m for m in regions if not m.generic}
    out: list[Mention] = []
    for head in suffixes("gov_topic_heads"):
        for hit in re.finditer(re.escape(head), text):
            a, b = hit.start(), hit.end()
            if any(m.span.start <= a < m.span.end for m in out):
                continue  # a shorter head inside a longer one already taken
            pos = a
            while pos not in region_ends and not _elliptical_level(ctx, pos) and a - pos <= _TOPIC_MAX:
                idx = ctx.ends.get(pos)
                if idx is None or not is_name_token(ctx.tokens[idx][0]):
                    break
                pos = ctx.tokens[idx][1]
            if a - pos < 2 or a - pos > _TOPIC_MAX:
                continue
            if pos in region_ends:
                start = _region_chain_start(ctx, pos, region_ends)
            elif _elliptical_level(ctx, pos):
                start = pos - 1
            else:
                continue
            out.append(Mention(Span(start, b), EntityType.GOVERNMENT, text[start:b]))
    out.sort(key=lambda m: (m.span.start, m.span.end))
    return out


_TOPIC_MAX = 10


_LONE_ORGAN = re.compile(f"(?<=[{_LEVEL_CHARS}])[委局]")


def _next_organ_candidate(text: str, i: int, national: AffixMatcher, organs: AffixMatcher) -> int:
    """The first offset at or after ``i`` where a national organ, an organ head or a lone 委/局 after
    a level character starts (``len(text)`` when none): every other offset yields no mention."""
    lone = _LONE_ORGAN.search(text, i)
    return min(national.next_start(text, i), organs.next_start(text, i), lone.start() if lone else len(text))


def _organ_at(text: str, i: int, organs: AffixMatcher) -> str | None:
    """The longest organ head starting at ``i``; single 委/局 only right after a level char."""
    organ = organs.prefix_at(text, i)
    if organ is not None:
        return organ
    if i > 0 and text[i - 1] in _LEVEL_CHARS and text[i : i + 1] in ("委", "局"):
        nxt = text[i + 1 : i + 2]
        # 区委 / 市局 but not 区委员 (委员), 市局限 ...
        if nxt not in ("员", "会", "限", "部", "面", "势"):
            return text[i]
    return None


def _extend_tail(text: str, end: int, organs: AffixMatcher) -> int:
    """Extend an organ over subordinate bodies: 区委 + 教育工委, 人民政府 + 教育督导委员会办公室."""
    while True:
        nxt = organs.prefix_at(text, end)
        if nxt is None:
            for tail in ("办公室", "办公厅", "教育工作领导小组"):
                if text.startswith(tail, end):
                    nxt = tail
                    break
        if nxt is None:
            return end
        end += len(nxt)


def _school_generic(stem: str) -> bool:
    """True when a school-name stem is a category or an honour (各, 公办, 新优质, 特色 ...)."""
    generic = load_set("school_generic")
    if not stem or stem in generic:
        return True
    if any(len(g) >= 2 and g in stem for g in generic):
        return True
    if re.search(r"[0-9０-９]|[一二三四五六七八九十两几多]所|级$", stem):
        return True
    return False


def _strip_regions(ctx: Context, start: int, end: int, region_ends: dict[int, Mention]) -> int:
    """Offset after the region names at the start of [start, end)."""
    region_starts = {m.span.start: m for m in region_ends.values()}
    pos = start
    while pos in region_starts and region_starts[pos].span.end <= end:
        pos = region_starts[pos].span.end
    return pos


def find_schools(ctx: Context, regions: list[Mention]) -> list[Mention]:
    """Named school mentions (subtype = school stage); generic categories are skipped."""
    text = ctx.text
    region_ends = {m.span.end: m for m in regions if not m.generic}
    subtypes = _school_subtypes()
    sufs = matcher("school_suffixes")
    out: list[Mention] = []
    seen_end = -1
    i = 0
    while (i := sufs.next_start(text, i)) < len(text):
        suffix = sufs.prefix_at(text, i)
        if suffix is None:
            i += 1
            continue
        a, b = i, i + len(suffix)
        if text.startswith("分校", b) or text.startswith("校区", b):
            b += 2
        if not ctx.is_boundary(b) and not (b < len(text) and not _CJK.match(text[b])):
            i += 1
            continue
        if ctx.in_title(a, b) or _inside_quote(ctx, a):
            i = b
            continue
        start = _school_left(ctx, a, suffix, region_ends)
        if start >= a and suffix in _LEVEL_NAMED_SUFFIXES and _bare_level_before(text, a):
            # 县实验小学 / 市实验中学: the level's own experimental school (the linker expands 县)
            out.append(Mention(Span(a - 1, b), EntityType.SCHOOL, text[a - 1 : b], subtype=subtypes.get(suffix)))
            seen_end = b
            i = b
            continue
        if start >= a:
            i = b
            continue
        stem_start = _strip_regions(ctx, start, a, region_ends)
        stem = text[stem_start:a]
        if stem_start == a and suffix in _REGION_ONLY_GENERIC and subtypes.get(suffix) != "college":
            i = b  # 玄武学校: a region's schools, not a named school (but 岳西中学 is one: the county's)
            continue
        subtype = subtypes.get(suffix, "school")
        if subtype == "college" and stem_start == start and not _place_stem(text[start:a]):
            i = b  # colleges/universities only with a place name (南京大学体育学院)
            continue
        if subtype == "college" and suffix == "大学" and re.match(r"[\u4e00-\u9fff]{2}学院", text[b : b + 4]):
            b += 4  # 南京大学体育学院: a faculty of a named university
        county_school = stem == "" and suffix in _COUNTY_SCHOOL_SUFFIXES and _short_region_at(ctx, start, a, region_ends)
        if (not _school_generic(stem) or (subtype == "college" and stem == "") or county_school) and start > seen_end:
            out.append(Mention(Span(start, b), EntityType.SCHOOL, text[start:b], subtype=subtype))
            seen_end = b
        i = b
    out += _ordinal_schools(ctx, region_ends, out)
    return out + find_school_abbreviations(ctx, out)


_ORDINAL_SCHOOL = re.compile(r"[一二三四五六七八九十]{1,3}(中学|小学|学校|中|小)")


def _ordinal_schools(ctx: Context, region_ends: dict[int, Mention], found: list[Mention]) -> list[Mention]:
    """A region name + an ordinal + 中/小 (仁寿一中, 长沙二中学): the region's numbered school."""
    text = ctx.text
    taken = [(m.span.start, m.span.end) for m in found]
    out = []
    for end, region in sorted(region_ends.items()):
        m = _ORDINAL_SCHOOL.match(text, end)
        if m is None or not ctx.is_boundary(m.end()) or any(a < m.end() and end < b for a, b in taken):
            continue
        kind = {"中": "secondary", "小": "primary"}.get(m.group(1)[0], "school")
        start = region.span.start
        out.append(Mention(Span(start, m.end()), EntityType.SCHOOL, text[start : m.end()], subtype=kind))
    return out


_DEICTIC = frozenset("我本全该各此")  # 我区第一初中: "our district's", not part of the name
# Last characters of street, village and landmark names that schools are named after (书院路中学).
_PLACE_END = frozenset("路街巷桥村镇乡山湖河江塘庄湾港门坊岗岭坝营寺洲堡屯")
_LEVEL_NAMED_SUFFIXES = frozenset({"实验小学", "实验中学", "实验学校", "实验幼儿园", "实验初级中学", "实验高级中学"})


def _bare_level_before(text: str, a: int) -> bool:
    """True when one level character (县, 市, 区...) stands right before ``a`` on its own (not 全县, 我区)."""
    return a > 0 and text[a - 1] in _LEVEL_CHARS and (a == 1 or not re.match(r"[\u4e00-\u9fff]", text[a - 2])
                                                       or text[a - 2] in "，。、；：")


_COUNTY_SCHOOL_SUFFIXES = frozenset({"中学", "小学", "高级中学", "实验小学", "实验中学"})


def _short_region_at(ctx: Context, start: int, end: int, region_ends: dict[int, Mention]) -> bool:
    """True when [start, end) is exactly one region named without its suffix (岳西 of 岳西中学)."""
    region = region_ends.get(end)
    return region is not None and region.span.start == start and region.name[-1:] not in "省市区县旗州盟"


def _place_stem(stem: str) -> bool:
    """True when a college stem is one place-name token (jieba ns) of 2-3 characters (南京|大学)."""
    from kg.nlp.lang import pos_tag

    if not 2 <= len(stem) <= 3:
        return False
    tagged = pos_tag(stem)
    return len(tagged) == 1 and tagged[0][1] == "ns"


_PROPER_FLAGS = frozenset({"ns", "nr", "nrfg", "nrt", "nz", "s", "j", "nt"})
_NAME_FLAGS = _PROPER_FLAGS | {"n", "a", "an", "ng", "b", "eng", "m", "x", "vn"}
_PLAIN_SUFFIXES = frozenset({"学校", "小学", "中学", "初中", "幼儿园", "中小学", "学院", "大学"})
# Suffixes that, after a bare region name, speak of the region's schools in general. 中学 and 小学
# are not among them: a county name + 中学 is that county's named school (the 县中).
_REGION_ONLY_GENERIC = frozenset({"学校", "初中", "幼儿园", "中小学", "学院", "大学"})
_WINDOW = 14


def _school_left(ctx: Context, a: int, suffix: str, region_ends: dict[int, Mention]) -> int:
    """Left edge of a school name whose suffix starts at ``a`` (POS-tagged window, rules below).

    Walks back over name-like tokens (proper nouns, nouns, ordinals 第一); stops at verbs, adverbs,
    function words, punctuation and counts. With a plain suffix (学校, 小学 ...) the leftmost token
    must be a proper noun, a region or an ordinal; specific suffixes (实验小学) also accept a noun.
    """
    from kg.nlp.lang import pos_tag

    text = ctx.text
    lo = max(0, a - _WINDOW)
    cut = max((text.rfind(p, lo, a) for p in "，。；：、！？,;:()（）“”《》\n 　"), default=-1)
    lo = max(lo, cut + 1)
    if lo >= a:
        return a
    tagged = pos_tag(text[lo:a])
    start = a
    anchor_ok = False
    best = a
    for word, flag, s, e in reversed(tagged):
        abs_s = lo + s
        if word in boundary_words() or (flag not in _NAME_FLAGS and not _is_region_at(abs_s, lo + e, region_ends)):
            break
        if flag == "m" and not re.fullmatch(r"第[一二三四五六七八九十0-9]+", word):
            break
        if flag in ("vn", "x") and start == a and suffix in _PLAIN_SUFFIXES:
            break
        start = abs_s
        anchor_ok = (
            flag in _PROPER_FLAGS
            or _is_region_at(abs_s, lo + e, region_ends)
            or flag == "m"
            or (suffix not in _PLAIN_SUFFIXES and flag in ("n", "v", "a", "b"))
        )
        anchor_ok = anchor_ok or (flag == "n" and suffix in ("小学", "中学") and text[a - 1] in _PLACE_END
                                  and a - start >= 2)
        if anchor_ok:
            best = start
        if a - start >= 10:
            break
    if start == a and suffix not in _PLAIN_SUFFIXES and tagged:
        word, flag, s, e = tagged[-1]
        if len(word) == 2 and word not in boundary_words() and lo + s >= lo:
            return lo + s  # 淹城实验小学: jieba tags the place name as a verb
    if (0 < best < a and text[best - 1] in _LEVEL_CHARS and text[best - 2 : best - 1] not in _DEICTIC
            and re.match(r"第[一二三四五六七八九十0-9]", text[best:a])):
        return best - 1  # 县第一小学: the county's first primary school (the linker expands 县)
    return best


def _is_region_at(s: int, e: int, region_ends: dict[int, Mention]) -> bool:
    """True when a region mention spans exactly [s, e)."""
    m = region_ends.get(e)
    return m is not None and m.span.start == s


def _inside_quote(ctx: Context, pos: int) -> bool:
    """True when ``pos`` lies inside a quoted span (honours such as “新优质学校”)."""
    return ctx.in_quote(pos)


def find_groups(ctx: Context, regions: list[Mention]) -> list[Mention]:
    """Education-group mentions (社区教育集团, X教育集团, X联盟), quoted stems included."""
    text = ctx.text
    sufs = matcher("group_suffixes")
    region_ends = {m.span.end: m for m in regions if not m.generic}
    out: list[Mention] = []
    i = 0
    while (i := sufs.next_start(text, i)) < len(text):
        suffix = sufs.prefix_at(text, i)
        if suffix is None:
            i += 1
            continue
        a, b = i, i + len(suffix)
        stem_end = a
        # a quoted stem: “运河记忆”社区教育集团
        if a > 0 and text[a - 1] in "”’」』\"":
            q = next((sp for sp, _ in ctx.quotes if sp.end == a - 1), None)
            start = q.start - 1 if q else a
            stem_end = q.start - 1 if q else a
        else:
            start = extend_left(ctx, a, max_chars=8, max_tokens=3) if a in ctx.ends else a
        stem = text[_strip_regions(ctx, start, a, region_ends) : a]
        if stem_end == start and start in region_ends:
            start = region_ends[start].span.start
        quoted = stem_end != a
        if start < a and not _group_generic(stem) and (quoted or _proper_stem(stem, suffix)):
            out.append(Mention(Span(start, b), EntityType.EDUCATION_GROUP, text[start:b]))
        i = b
    return out


def _proper_stem(stem: str, suffix: str) -> bool:
    """True when an unquoted group stem is a name: two characters or more, no nested 集团 (长江, 实小),
    and, before a bare 集团, not a lone verb (催化和促进集团: 集团 as a common noun after 促进)."""
    if len(stem) < 2 or "集团" in stem:
        return False
    if suffix != "集团":
        return True
    from kg.nlp.lang import pos_tag

    tags = pos_tag(stem)
    return not (len(tags) == 1 and tags[0][1].startswith("v"))


def _group_generic(stem: str) -> bool:
    """True for category stems (学前教育集团, 8个小学教育集团)."""
    core = stem.strip("“”‘’\"")
    if not core or re.search(r"[0-9０-９]|[一二三四五六七八九十两]大?$", core):
        return True
    return core in {"学前", "小学", "初中", "高中", "中学", "幼儿园", "学前教育", "社区", "各", "各个"} or _school_generic_group(core)


def _school_generic_group(core: str) -> bool:
    """Category words that make a group name generic."""
    return any(w in core for w in ("各", "全区", "全市", "所有", "紧密型", "松散型", "名校", "城乡"))
