"""Shared helpers of relation extraction: trigger lexicon, clause bounds, mention lookup, the report's voice.

Relations link entity *mentions* (kg.extract.entities.extract_mentions), so that both endpoints can be
resolved to graph nodes; the only endpoint that may be implicit is the actor of a clause without a
subject (扎实推进“十百千教师发展工程”), which is the report's author: its region (我区, a 自评报告 of a
district government) or its bureau (我局, a 教育局 work plan).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from kg.extract.honours import DATA_DIR
from kg.model import Document, EntityType, Mention

CJK = "\u4e00-\u9fff"
SENTENCE_END = "。！？!?\n"
CLAUSE_END = SENTENCE_END + "，,；;：:"
# heads that make a programme name complete (“123”优质教育工程 names 123优质教育工程)
STRONG_HEADS = ("工程", "计划", "项目")
NAME_HEADS = STRONG_HEADS + ("规划", "制度", "行动")
_TIME = re.compile(r"(?:(?:19|20)\d{2}年(?:度)?|[\d一二三四五六七八九十]+月(?:份)?|本年度|今年|明年|年内)")
# 三大工程, 四大行动: a counted group closing an enumeration, not part of the last item's name
COUNTED_GROUP = re.compile(r"^[一二三四五六七八九十两]大(?:工程|行动|项目|计划|任务|建设|品牌)")
ACTORS = (EntityType.GOVERNMENT, EntityType.SCHOOL, EntityType.EDUCATION_GROUP, EntityType.REGION)


@lru_cache(maxsize=1)
def trigger_roles() -> dict[str, frozenset[str]]:
    """``kg/data/relation_triggers.tsv``: word -> its roles (strong, medium, policy, adverb ...)."""
    roles: dict[str, frozenset[str]] = {}
    for line in (DATA_DIR / "relation_triggers.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        word, _, kinds = line.partition("\t")
        roles[word.strip()] = frozenset(k.strip() for k in kinds.split(",") if k.strip())
    return roles


def words_with(role: str) -> tuple[str, ...]:
    """Trigger words having ``role``, longest first (so 启动实施 wins over 实施)."""
    return tuple(sorted((w for w, r in trigger_roles().items() if role in r), key=lambda w: (-len(w), w)))


def alternation(role: str) -> str:
    """A regex alternation of the words having ``role``."""
    return "|".join(re.escape(w) for w in words_with(role))


def sentence_start(text: str, pos: int) -> int:
    """Offset just after the sentence end mark before ``pos``."""
    return max(text.rfind(ch, 0, pos) for ch in SENTENCE_END) + 1


def clause_start(text: str, pos: int) -> int:
    """Offset just after the clause separator before ``pos`` (ignores separators inside quotes)."""
    i = pos - 1
    depth = 0
    while i >= 0:
        ch = text[i]
        if ch in "”》":
            depth += 1
        elif ch in "“《":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in CLAUSE_END:
            return i + 1
        i -= 1
    return 0


@dataclass
class MentionIndex:
    """Non-generic mentions of a document, searchable by position."""

    text: str
    mentions: list[Mention]  # sorted by start offset

    @cached_property
    def _starts(self) -> list[int]:
        return [m.span.start for m in self.mentions]

    def _from(self, start: int, end: int) -> list[Mention]:
        """Mentions whose span starts in [start, end), by position (binary search, not a scan)."""
        return self.mentions[bisect_left(self._starts, start) : bisect_left(self._starts, end)]

    def starting_in(self, start: int, end: int, types: Sequence[EntityType]) -> list[Mention]:
        """Mentions of ``types`` whose span starts in [start, end), by position."""
        return [m for m in self._from(start, end) if m.type in types]

    def inside(self, start: int, end: int, types: Sequence[EntityType]) -> list[Mention]:
        """Mentions of ``types`` lying wholly in [start, end)."""
        return [m for m in self._from(start, end) if m.type in types and m.span.end <= end]

    def at(self, start: int, types: Sequence[EntityType]) -> Mention | None:
        """The longest mention of ``types`` starting at ``start`` (after an opening quote if any)."""
        hits = [m for m in self._from(start, start + 2) if m.type in types
                and (m.span.start == start or self.text[start] in "“《")]
        return max(hits, key=lambda m: (len(m.span), m.name)) if hits else None


def index_mentions(doc: Document, mentions: Sequence[Mention]) -> MentionIndex:
    """Index the non-generic mentions of ``doc`` in text order."""
    kept = sorted((m for m in mentions if not m.generic), key=lambda m: (m.span.start, m.span.end, m.type.value))
    return MentionIndex(doc.text, kept)


def outer_start(text: str, m: Mention) -> int:
    """Start of a mention including its opening quote or 《."""
    return m.span.start - 1 if m.span.start > 0 and text[m.span.start - 1] in "“《" else m.span.start


def outer_end(text: str, m: Mention) -> int:
    """End of a mention including its closing quote or 》 and the head its canonical name adds."""
    end = m.span.end
    if end < len(text) and text[end] in "”》":
        end += 1
        canonical = m.canonical or ""
        cut = canonical.rfind(m.name)
        tail = canonical[cut + len(m.name):] if cut >= 0 else ""  # the head the canonical adds
        if tail and text.startswith(tail, end) and not COUNTED_GROUP.match(tail):
            end += len(tail)
    return end


def program_name(m: Mention) -> str:
    """The name a programme relation uses: with its head when that head names it (123优质教育工程)."""
    canonical = m.canonical or m.name
    if COUNTED_GROUP.match(canonical[len(m.name):]) and canonical.startswith(m.name):
        return m.name
    if m.type is EntityType.PROGRAM and canonical != m.name and not canonical.endswith(NAME_HEADS):
        return m.name  # “全融合”模式, “区管校聘”人事制度改革: the quoted words are the name
    return canonical


def strip_time(text: str) -> str:
    """``text`` without dates and time words (2020年, 9月, 今年)."""
    return _TIME.sub("", text)


def is_adverbial(text: str) -> bool:
    """True when ``text`` is only time words and adverbs (继续, 扎实, 今年起), i.e. no subject."""
    rest = strip_time(text)
    words = words_with("adverb")
    while rest:
        w = next((w for w in words if rest.startswith(w)), None)
        if w is None:
            return False
        rest = rest[len(w):]
    return True


def _district(region: str | None) -> str | None:
    """The last level of a region name: 南京市玄武区 -> 玄武区."""
    if not region:
        return None
    m = re.search(r"(?:省|自治区|市|州|盟|地区)(?P<d>[^省市州盟]{1,8}?(?:区|县|市|旗))$", region)
    return m.group("d") if m else region


def default_actor(doc: Document, idx: MentionIndex) -> tuple[str, EntityType] | None:
    """The report's author as actor of subject-less clauses: its bureau when it speaks as 我局, else its region."""
    text = doc.text
    bureau_voice = len(re.findall(r"我局|本局", text))
    region_voice = len(re.findall(r"我区|本区|我县|本县|我市|本市|我旗", text))
    issuer = doc.meta.issuer or ""
    if bureau_voice > region_voice and issuer.endswith("局"):
        govs = sorted({m.name for m in idx.mentions if m.type is EntityType.GOVERNMENT and issuer.endswith(m.name)
                       and m.name.endswith("局") and len(m.name) >= 4}, key=lambda n: (-len(n), n))
        return (govs[0] if govs else issuer), EntityType.GOVERNMENT
    district = _district(doc.meta.region)
    return (district, EntityType.REGION) if district else None


def region_parts(region: str | None) -> tuple[str, str] | None:
    """(district, city) of a two-level region name: 南京市玄武区 -> (玄武区, 南京市)."""
    for pat in (r"^(?:.+?(?:省|自治区))?(?P<c>[^市省]+?市)(?P<d>.+?(?:区|县|市|旗))$",
                r"^(?:.+?(?:省|自治区))?(?P<c>.+?(?:自治州|州|盟|地区))(?P<d>.+?(?:区|县|市|旗))$"):
        m = re.match(pat, region or "")
        if m:
            return m.group("d"), m.group("c")
    return None
