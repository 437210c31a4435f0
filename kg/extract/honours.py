"""Honour vocabulary for award extraction: head-words, prize grades, triggers and level detection.

Loads ``kg/data/honours.tsv`` and ``kg/data/award_triggers.txt`` once; decides whether a phrase
names an honour (省优质幼儿园, 全国文明校园, 一等奖) and at which administrative level it sits.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kg.model import Level
from kg.nlp.spans import normalise_name

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_CJK = "\u4e00-\u9fff"
# leading decorations that come before the level word: 2020年 / 2017-2019年度 / 十三五 / 第二届 / 首批 / 32届
_LEAD = re.compile(
    rf"^(?:(?:19|20)\d{{2}}(?:[-－—至~](?:19|20)?\d{{2}})?(?:年度|年)?|十[一二三四五六七八九]五|"
    rf"第?[\d一二三四五六七八九十]+(?:届|批|轮)|首批|首届|新一轮|本年度|年度)"
)
_LEVEL_WORD = re.compile(r"^(?:全国|国家|中国|中华|省|市|区|县)(?:级)?(?:以上)?")
_MULTI_LEVEL = re.compile(r"^(?:省|市|区|县|国家|全国)(?:级)?[、和及与]?(?:省|市|区|县)")


def _read_tsv(name: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.rstrip("\n").split("\t"))
    return rows


@lru_cache(maxsize=None)
def honour_terms() -> dict[str, tuple[str, ...]]:
    """Honour terms by kind (head, weak-head, grade, name), longest first."""
    kinds: dict[str, list[str]] = {}
    for row in _read_tsv("honours.tsv"):
        if len(row) >= 2:
            kinds.setdefault(row[1].strip(), []).append(row[0].strip())
    return {k: tuple(sorted(set(v), key=lambda t: (-len(t), t))) for k, v in sorted(kinds.items())}


@lru_cache(maxsize=None)
def award_triggers() -> tuple[tuple[str, bool], ...]:
    """(trigger, is_strong) pairs, longest trigger first."""
    out: list[tuple[str, bool]] = []
    for row in _read_tsv("award_triggers.txt"):
        if len(row) >= 2:
            out.append((row[0].strip(), row[1].strip() == "strong"))
    return tuple(sorted(out, key=lambda p: (-len(p[0]), p[0])))


@lru_cache(maxsize=None)
def trigger_patterns() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """One alternation regex per strength, strong first, alternatives longest first.

    ``search`` then finds the leftmost trigger of that strength, the longest one at that offset,
    in a single pass (one search per trigger word made award extraction the slowest stage).
    """
    out = []
    for strong in (True, False):
        words = [w for w, s in award_triggers() if s is strong and w]
        if words:
            out.append((re.compile("|".join(map(re.escape, words))), strong))
    return tuple(out)


@lru_cache(maxsize=None)
def _region_levels() -> dict[str, Level]:
    """Province / city names (full and short) from the national division table -> award level."""
    out: dict[str, Level] = {}
    path = DATA_DIR / "regions.tsv"
    if not path.is_file():
        return out
    for row in _read_tsv("regions.tsv"):
        if len(row) < 4 or row[0] == "code":
            continue
        level = {"province": Level.PROVINCIAL, "city": Level.MUNICIPAL}.get(row[3])
        if level is None:
            continue
        for name in (row[1], row[2]):
            if len(name) >= 2:
                out.setdefault(name, level)
    return out


def strip_lead(label: str) -> str:
    """The label without leading year / plan-period / batch decorations (2020年, 十三五, 第八批)."""
    prev = None
    while prev != label:
        prev = label
        label = _LEAD.sub("", label)
    return label


def level_of(label: str) -> Level | None:
    """Administrative level named at the start of an honour or body (省优质幼儿园 -> provincial)."""
    s = strip_lead(normalise_name(label))
    if not s or _MULTI_LEVEL.match(s):
        return None  # 省市优质幼儿园, 省、市级: several levels at once
    if s.startswith(("全国", "国家", "中国", "中华", "教育部", "国务院")):
        return Level.NATIONAL
    if s.startswith(("全省", "省")):
        return Level.PROVINCIAL
    if s.startswith(("全市", "大市", "市")):
        return Level.MUNICIPAL
    if s.startswith(("全区", "全县", "区", "县")):
        return Level.DISTRICT
    regions = _region_levels()
    for n in range(min(8, len(s)), 1, -1):
        if s[:n] in regions:
            return regions[s[:n]]
    if s.startswith(("省级", "市级", "区级", "县级")):
        return level_of(s[0])
    return None


def strip_level(label: str) -> str:
    """The label without a leading level word (省、市级优质课 -> 优质课)."""
    s = label
    while True:
        m = re.match(r"^(?:全国|国家|省|市|区|县)(?:级)?(?:以上)?[、和及与]?", s)
        if not m or m.end() == 0:
            return s
        s = s[m.end():]


def grade_of(label: str) -> str | None:
    """The prize grade a label ends with (一等奖, 金牌, 冠军), else None."""
    for g in honour_terms().get("grade", ()):
        if label.endswith(g):
            return g
    return None


def is_bare_grade(label: str) -> bool:
    """True when the label is only a prize grade, possibly after a level word (省一等奖, 二等奖)."""
    s = strip_level(strip_lead(label))
    return s in honour_terms().get("grade", ()) or s in ("奖", "奖项")


def is_honour(label: str) -> bool:
    """True when the phrase names an honour: a known name, or ends with an honour head-word."""
    s = normalise_name(label)
    if len(s) < 2 or len(s) > 60:
        return False
    terms = honour_terms()
    if s in terms.get("name", ()):
        return True
    core = strip_level(strip_lead(s))
    for head in terms.get("head", ()) + terms.get("grade", ()):
        if s.endswith(head):
            # a bare generic word (奖, 班主任) needs something in front of it
            return len(core) > len(head) or head in terms.get("grade", ()) or len(head) >= 3
    for head in terms.get("weak-head", ()):
        if s.endswith(head) and len(core) > len(head) and level_of(s) is not None:
            return True
        if s.endswith(head) and _MULTI_LEVEL.match(strip_lead(s)) and len(core) > len(head):
            return True
    return False
