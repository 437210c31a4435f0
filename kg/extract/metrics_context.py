"""Context rules for metric extraction: indicator wording and concept, stage, year, modality, unit kind.

Pure functions over one sentence's text; :mod:`kg.extract.metrics` calls them per quantity.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kg.model import Modality

_DATA = Path(__file__).resolve().parent.parent / "data"

# Stage words, longest first so 职业高中 beats 高中 and 中小学 (several stages) beats 小学.
# A value of None marks a word that spans several stages (中小学, 义务教育): it blocks a guess.
_STAGE_WORDS: tuple[tuple[str, str | None], ...] = (
    ("九年一贯制", None), ("十二年一贯制", None), ("中小学幼儿园", None), ("中小学", None),
    ("义务教育", None), ("中学", None), ("职业高中", "职业"), ("职业教育", "职业"), ("职业学校", "职业"),
    ("职业", "职业"), ("中职", "职业"), ("职高", "职业"), ("高职", "职业"), ("技工", "职业"),
    ("中专", "职业"), ("普通高中", "高中"), ("普高", "高中"), ("高中", "高中"), ("初中", "初中"),
    ("小学", "小学"), ("学前", "学前"), ("幼儿园", "学前"), ("幼儿", "学前"), ("在园", "学前"),
    ("园长", "学前"), ("优质园", "学前"), ("托育", "学前"), ("特殊教育", "特殊"), ("特教", "特殊"),
    ("随班就读", "特殊"), ("启智", "特殊"), ("培智", "特殊"), ("残疾", "特殊"),
)
_STAGE_RE = re.compile("|".join(re.escape(w) for w, _ in _STAGE_WORDS))
_STAGE_OF = dict(_STAGE_WORDS)
_VERBISH = re.compile(r"[到至为向于给对成在入]")  # 提高到小学, 建成…小学: the stage word is no counted noun

_TARGET_RE = re.compile(r"力争|计划(?=招聘|新建|完成|投入|新增|实施|开展|建设|举办|培训|招收|安排|在|于|到)|拟|"
                        r"预计|目标|争取(?!资金|经费|到|了)|争创|提倡|力求|预期|(?:年|度|今年|明年)将|"
                        r"将(?:新建|完成|达到|实现|建成|投入|新增)")
_DONE_RE = re.compile(r"已经|已|去年|上年|累计")
_YEAR_RE = re.compile(r"(?<![\d\-—])((?:19|20)\d{2})(?=年)")
_COMPARE_BEFORE = ("比", "较", "与", "同", "于", "对比")

_LEAD_RE = re.compile(r"^(?:(?:19|20)\d{2}年(?:度)?|全年|年内|本年度|今年|明年|目前|其中|另外|此外|同时|共有|现有|"
                      r"共|累计|我区|我县|我市|全区|全县|全市|区域|"
                      r"力争|争取|预计|计划|确保|拟|到|至)+")  # 力争2022年…覆盖率: the modality is recorded apart
_TAIL_RE = re.compile(r"(?:分别为|分别|共计|累计|合计|为|达到|达|是|有|共|约|占|计|超过|超|近|逾|总计|已|了|的|"
                      r"对|各)+$")


def stage_of(text: str, near_end: bool, max_offset: int | None = None) -> tuple[str | None, bool]:
    """The stage a phrase names -> (stage or None, ambiguous); ``near_end``: the word next to the number wins.

    ``max_offset`` (words after a number): only a stage word starting that close counts.
    """
    hits = [(m.start(), m.end(), _STAGE_OF[m.group(0)]) for m in _STAGE_RE.finditer(text)
            if max_offset is None or m.start() <= max_offset and not _VERBISH.search(text[:m.start()])]
    if not hits:
        return None, False
    closest = hits[-1] if near_end else hits[0]
    adjacent = closest[1] == len(text) if near_end else closest[0] == 0
    if adjacent and closest[2] is not None:
        return closest[2], False
    stages = {h[2] for h in hits}
    if len(stages) == 1 and None not in stages:
        return closest[2], False
    return None, True


def stage_list(text: str) -> list[str | None]:
    """Stages of an enumeration of stage words (幼儿园、小学、初中), in order."""
    return [_STAGE_OF[m.group(0)] for m in _STAGE_RE.finditer(text)]


def clean_indicator(prefix: str) -> str:
    """Strip lead-ins (2020年, 全区, 共) and copulas (为, 达) from the words before a number."""
    text = prefix.strip(" “”\"（）()《》")
    for _ in range(3):
        text = _LEAD_RE.sub("", text)
        text = _TAIL_RE.sub("", text)
    return text.strip(" “”\"（）()")


def is_stage_only(words: str) -> bool:
    """True when the words are just a stage label (小学, 学前教育学位 -> no, 初中 -> yes)."""
    rest = _STAGE_RE.sub("", words)
    return bool(words) and rest in ("", "教育", "阶段", "学段", "在校生", "学生")


def modality_of(before: str, clause: str, year: int | None, doc_year: int | None,
                plan_genre: bool) -> Modality:
    """Target for plans (力争, 计划, 拟, 预计, a future year, a work plan), else Actual."""
    if _TARGET_RE.search(before):
        return Modality.TARGET
    if year is not None and doc_year is not None and year > doc_year:
        return Modality.TARGET
    if plan_genre and not _DONE_RE.search(clause):
        return Modality.TARGET
    return Modality.ACTUAL


def year_before(text: str, end: int) -> int | None:
    """The last year (2020年) written before ``end`` that is not a comparison base (比2018年)."""
    year = None
    for m in _YEAR_RE.finditer(text, 0, end):
        if text[max(0, m.start() - 2):m.start()].endswith(_COMPARE_BEFORE):
            continue
        if text[m.end():m.end() + 3].startswith(("年-", "年—", "年至")):
            continue
        year = int(m.group(1))
    return year


@lru_cache(maxsize=1)
def indicator_rules() -> tuple[tuple[str, str, str, str, re.Pattern[str]], ...]:
    """(key, zh label, en label, unit, trigger) rows of kg/data/indicators.tsv, in file order."""
    rows = []
    for line in (_DATA / "indicators.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, zh, en, unit, trigger = line.split("\t")[:5]
        rows.append((key, zh, en, unit, re.compile(trigger)))
    return tuple(rows)


def indicator_id(wording: str, unit: str) -> str | None:
    """The indicator concept whose trigger matches the wording (and whose unit fits), if any."""
    for key, _zh, _en, ind_unit, trigger in indicator_rules():
        if ind_unit not in ("*", unit):
            continue
        if trigger.search(wording):
            return key
    return None


_COUNTED = (
    (re.compile(r"^(?:个)?学位|学位$"), "place"), (re.compile(r"集团"), "group"),
    (re.compile(r"^(?:编制|岗位|专技岗)|(?:编制|岗位)$"), "post"),
    (re.compile(r"^班|班级"), "class"),
    (re.compile(r"^(?:学校|幼儿园|小学|初中|中学|高中|中小学|园|校)"), "school"),
    (re.compile(r"^(?:单位|社区|机构|主体|企业|部门|公司|基地单位)|(?:单位|机构|主体|企业)$"), "organization"),
)


def refine_unit(unit: str, raw_unit: str, prefix: str, after: str, clause: str) -> str:
    """Refine a general count word from the counted noun: 个学位 -> place, 5家幼儿园 -> school, 进步20名 -> rank."""
    if raw_unit in ("个", "家"):
        for pattern, kind in _COUNTED:
            if pattern.search(after) or (kind != "school" and pattern.search(prefix)):
                return kind
        if re.match(r"^[^，、。；]{0,4}?(?:幼儿园|学校|小学|初中|中学|高中)(?!项目|工程|建设|课题)", after) or \
                raw_unit == "家" and re.search(r"(?:幼儿园|学校|园)$", prefix):
            return "school"
    if raw_unit in ("项", "个") and re.search(r"活动$", prefix):
        return "event"
    if raw_unit == "名" and re.search(r"(?:进步|上升|前进|提升|提高|下降|后退|前)$", prefix):
        return "rank"
    if raw_unit == "期":
        return "event" if re.search(r"举办|开展|组织|培训|开设", clause) else "item"
    return unit
