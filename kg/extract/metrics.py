"""Metric extraction: every number with a unit that measures the education system -> Observation.

For each sentence, :func:`kg.nlp.numbers.find_quantities` finds the amounts; rules here decide which
are measurements (not inside quoted names, not set phrases) and fill the indicator as worded, its
concept (``kg/data/indicators.tsv``), stage, year, modality, subject and growth links. Enumerations
share their head: ``生均公用经费学前720元、小学845元`` gives two observations of 生均公用经费.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from kg.extract.metrics_context import (
    clean_indicator,
    indicator_id,
    is_stage_only,
    modality_of,
    refine_unit,
    stage_list,
    stage_of,
    year_before,
)
from kg.model import Document, EntityType, Genre, Mention, Observation, Quantity, Span
from kg.nlp.numbers import find_quantities, parse_number

log = logging.getLogger("kg")

_CLAUSE_DELIMS = "，,；;。！？!?：:\n"
_SEGMENT_DELIMS = _CLAUSE_DELIMS + "、（(）)"
_NON_METRIC_UNITS = {"year"}  # durations (连续3年) describe a period, not a measurement
_QUOTES = (("“", "”"), ("《", "》"), ("「", "」"), ("【", "】"), ('"', '"'), ("‘", "’"))
_YEAR_HEAD = re.compile(r"^\W{0,3}(?:在|截至|截止)?((?:19|20)\d{2})年")
_KIND_END = re.compile(r"(?:学校|幼儿园|小学|初中|中学|高中|中小学|学前|职高|普高|中职|特教|园|校)$")
_CHANGE_INDICATORS = frozenset({"growth", "decline"})  # figures that qualify the one before them
_RELATIONAL = re.compile(r"^(?:占比|比例|占|比上年|比去年|较上年|同比|增长|提高|提升|分别|其中)")
_RESPECTIVELY = re.compile(
    r"((?:幼儿园|学前|小学|初中|普高|高中|中职|职高|特殊教育|特教)"
    r"(?:[、和及](?:幼儿园|学前|小学|初中|普高|高中|中职|职高|特殊教育|特教))+)[^，。；]{0,30}?分别")
# Chinese-numeral counts are mostly rhetoric (一个中心, 三个维度); keep them only where they count
# concrete outputs: a qualified amount (千余人次) or a count of events/awards/projects/lessons.
_CN_COUNT_OK = re.compile(r"^(?:[两二三四五六七八九十]+(?:个(?:项目|作品|课题|节目|案例|基地)|项|次|场|节|所)|一节)"
                          r"(?!工作|任务|措施|举措|制度|机制|目标|原则|要求|方面|重点|行动|内容|环节)")


def _short_region(region: str | None) -> str | None:
    """某市某某区 -> 某某区 (the county-level part), else the name as written."""
    if not region:
        return None
    m = re.search(r"[^省市]{1,8}(?:区|县|旗)$", region)
    if m and len(m.group(0)) < len(region):
        return m.group(0).lstrip("市省")
    return region


def _quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside paired quote marks or title marks of one sentence."""
    regions = []
    for left, right in _QUOTES:
        pos = 0
        while True:
            a = text.find(left, pos)
            if a < 0:
                break
            b = text.find(right, a + 1)
            if b < 0 or b - a > 40:
                pos = a + 1
                continue
            regions.append((a, b + 1))
            pos = b + 1
    return sorted(regions)


def _section_stage(doc: Document, section: int | None) -> str | None:
    """The one stage a section heading names (（一）学前教育… -> 学前), else None."""
    if section is None or not 0 <= section < len(doc.headings):
        return None
    stages = set(stage_list(doc.headings[section].title))
    return stages.pop() if len(stages) == 1 and None not in stages else None


def _stage_for(text: str, prefix: str, after: str, s0: int, wording: str,
               prev: Observation | None) -> str | None:
    """The stage of a figure: the words before it, else the counted noun, else its head figure's."""
    stage, ambiguous = stage_of(_stage_scope(prefix), near_end=True)
    if stage and (_ends_list(prefix) or _follows_list(text, s0)):
        return None  # 学校、幼儿园8所 / 小学、幼儿园600元: a list of kinds shares the figure
    if stage is None and not ambiguous:  # the counted noun: 4所幼儿园, 3家简易幼儿园 (not 提高到小学)
        stage, ambiguous = stage_of(_stage_scope(after[:8]), near_end=False, max_offset=5)
    if stage is not None or ambiguous or prev is None:
        return stage
    # a figure that only continues its head (占比达93.6%, (民办2所), 比上年增长10%) shares its stage
    continues = (not wording and not clean_indicator(re.split(r"\d", after)[0]) or bool(_RELATIONAL.match(wording))
                 or is_stage_only(wording) or s0 > 0 and text[s0 - 1] in "（(")
    return prev.stage if continues else None


def _indicator_for(wording: str, after: str, q: Quantity, prev: Observation | None) -> str:
    """The indicator as worded; enumerations (小学845元) and relations (比上年增长) extend the head's."""
    noun = clean_indicator(re.split(r"\d", after[:20])[0])
    if prev is not None and (is_stage_only(wording) and q.unit != "school" or not wording and not noun):
        return prev.indicator
    if prev is not None and _RELATIONAL.match(wording):
        return prev.indicator + wording
    if not wording:  # 4所幼儿园高质量通过...: the counted noun and what it did
        return noun or q.raw_unit
    if len(wording) <= 2 and noun:  # 招聘1名园长: the verb and the counted noun
        return wording + noun
    if prev is not None:
        distributed = _distributed_verb(wording, prev.indicator)
        if distributed:
            return distributed + wording  # 新增初中学位1800个、小学学位2000个: 新增 applies to both
    head = re.sub(r"(?:学前|小学|初中|高中|普高|职高|中职)$", "", wording)
    return head if len(head) >= 4 else wording  # 生均公用经费学前720元: the stage is kept apart


_LEADING_VERB = re.compile(r"^(新增|新建|改扩建|增加|累计|招聘|引进|培训|创建|创成)")
_LEADING_STAGE = re.compile(r"^(学前教育|学前|幼儿园|小学|初中|高中|普高|职高|中职|特殊教育|特教)")


def _distributed_verb(wording: str, prev_indicator: str) -> str | None:
    """The verb of the previous figure when this one repeats its noun for another stage, else None."""
    verb = _LEADING_VERB.match(prev_indicator)
    if verb is None or _LEADING_VERB.match(wording):
        return None
    prev_rest = prev_indicator[verb.end():]
    stage_prev, stage_here = _LEADING_STAGE.match(prev_rest), _LEADING_STAGE.match(wording)
    if stage_prev is None or stage_here is None:
        return None
    noun = wording[stage_here.end():]
    return verb.group(1) if noun and noun == prev_rest[stage_prev.end():] else None


def _bounds(text: str, start: int, end: int, delims: str) -> tuple[int, int]:
    """The delimited piece of ``text`` around [start, end)."""
    lo = start
    while lo > 0 and text[lo - 1] not in delims:
        lo -= 1
    hi = end
    while hi < len(text) and text[hi] not in delims:
        hi += 1
    return lo, hi


def _is_measurement(text: str, span: Span, q: Quantity, quoted: list[tuple[int, int]]) -> str | None:
    """None when the amount is a measurement, else the reason to skip it (logged)."""
    if q.unit in _NON_METRIC_UNITS:
        return "duration"
    if any(a < span.start and span.end <= b for a, b in quoted):
        return "inside a quoted name"
    if not q.raw[:1].isdigit() and not q.raw.startswith(("近", "超", "约", "逾", "将近", "超过")):
        head = text[span.start:span.end + 3]
        if q.qualifier is None and not _CN_COUNT_OK.match(head):
            return "rhetorical Chinese-numeral count"
    return None


def _mask_ratio_colons(text: str, quantities: Sequence[tuple[Span, Quantity]]) -> str:
    """``text`` with the colon of each ratio (1:16.5) hidden, so it does not split clauses."""
    chars = list(text)
    for span, q in quantities:
        if q.unit == "ratio":
            for i in range(span.start, span.end):
                if chars[i] in ":：∶":
                    chars[i] = "比"
    return "".join(chars)


def _strip_region(wording: str, region_names: Sequence[str], unit_names: Sequence[str] = ()) -> str:
    """The indicator without a leading region name (海淀区投入…经费 -> 投入…经费): the region is the
    subject. A region that begins a school's or group's name (海淀区中关村第一小学…) stays."""
    if any(wording.startswith(u) for u in unit_names):
        return wording
    for name in region_names:
        if len(name) >= 2 and wording.startswith(name) and len(wording) - len(name) >= 2:
            return wording[len(name):]
    return wording


def extract_observations(doc: Document, mentions: Sequence[Mention] = ()) -> list[Observation]:
    """Every number with a unit that measures the education system, as Observations (in text order)."""
    region = _short_region(doc.meta.region)
    plan = doc.meta.genre == Genre.WORK_PLAN
    units = [m for m in mentions
             if m.type in (EntityType.SCHOOL, EntityType.EDUCATION_GROUP) and not m.generic]
    region_names = sorted({n for m in mentions if m.type is EntityType.REGION and not m.generic
                           for n in (m.name, m.canonical or "")} | {doc.meta.region or "", region or ""},
                          key=lambda n: (-len(n), n))
    unit_names = sorted({m.name for m in units})
    unit_starts = sorted((m.span.start, i) for i, m in enumerate(units))
    out: list[Observation] = []
    para_year: dict[int, int] = {}
    for sent in doc.sentences:
        text = doc.text[sent.span.start:sent.span.end]
        base = sent.span.start
        quoted = _quoted_regions(text)
        respectively = [(m.end(), stage_list(m.group(1))) for m in _RESPECTIVELY.finditer(text)]
        in_sentence: list[int] = []  # indices into out
        clause_seen: set[tuple[int, int]] = set()
        last_end = 0
        section_stage = _section_stage(doc, sent.section)
        quantities = _quantities(text)
        masked = _mask_ratio_colons(text, quantities)
        for span, q in quantities:
            reason = _is_measurement(text, span, q, quoted)
            if reason:
                log.debug("metric skipped (%s): %s", reason, q.raw)
                continue
            c0, c1 = _bounds(masked, span.start, span.end, _CLAUSE_DELIMS)
            s0, s1 = _bounds(masked, span.start, span.end, _SEGMENT_DELIMS)
            first_in_clause = (c0, c1) not in clause_seen
            clause_seen.add((c0, c1))
            prefix = text[c0:span.start] if first_in_clause else text[max(s0, last_end):span.start]
            last_end = span.end
            prefix = re.sub(r"^[和及与或]", "", prefix)
            prefix = prefix.split("）")[-1].split(")")[-1]
            if s0 > 0 and text[s0 - 1] in "（(":
                prefix = text[s0:span.start]
            after = text[span.end:s1]
            wording = _strip_region(clean_indicator(prefix), region_names, unit_names)
            prev = out[in_sentence[-1]] if in_sentence else None
            resp = next((r for r in respectively if r[0] <= span.start and r[1]), None)
            if resp is not None:  # 幼儿园、小学、初中分别...: stages in order of the figures
                stage: str | None = resp[1].pop(0)
            else:
                stage = _stage_for(text, prefix, after, s0, wording, prev)
                if stage is None and section_stage and not stage_of(_stage_scope(prefix + after[:8]), False)[1]:
                    stage = section_stage  # under a heading such as （三）特殊教育…: figures of that stage
            indicator = _indicator_for(wording, after, q, prev)
            unit = refine_unit(q.unit, q.raw_unit, wording, after, text[c0:c1])
            if unit != q.unit:
                q = Quantity(raw=q.raw, value=q.value, unit=unit, raw_unit=q.raw_unit,
                             upper=q.upper, qualifier=q.qualifier)
            year = year_before(text, span.start) or para_year.get(sent.paragraph) or doc.meta.year
            ind_id = indicator_id(indicator, q.unit)
            growth_of = None
            if ind_id in _CHANGE_INDICATORS and in_sentence:
                growth_of = next((i for i in reversed(in_sentence) if out[i].indicator_id not in _CHANGE_INDICATORS),
                                 None)
            parts = _shared_by(text, span.start, wording)
            subject, subject_type = region, (EntityType.REGION if region else None)
            for m in _units_between(units, unit_starts, base + c0, base + span.start):
                # 某学校投入300万元 (but not 某小学等6个品牌: examples of a total)
                if base + c0 <= m.span.start and m.span.end <= base + span.start and \
                        not clean_indicator(doc.text[base + c0:m.span.start]) and \
                        "等" not in doc.text[m.span.end:base + span.start]:
                    subject, subject_type = m.canonical, m.type
            modality = modality_of(text[c0:span.start], text[c0:c1], year, doc.meta.year, plan)
            for part, quantity in _bounds_of(parts or [indicator], q):
                out.append(Observation(
                    span=Span(base + c0, base + c1), quantity=quantity,
                    value_span=Span(base + span.start, base + span.end), indicator=part,
                    indicator_id=indicator_id(part, q.unit) if parts else ind_id, subject=subject,
                    subject_type=subject_type, year=year, stage=stage, modality=modality,
                    growth_of=growth_of))
                in_sentence.append(len(out) - 1)
        head_year = _YEAR_HEAD.match(text)
        if head_year:  # 2021年，... sets the year of what follows in its paragraph
            para_year[sent.paragraph] = int(head_year.group(1))
    return out


def _units_between(units: Sequence[Mention], starts: list[tuple[int, int]], lo: int, hi: int) -> list[Mention]:
    """The units starting in [lo, hi], in their original order (``starts``: sorted (start, index))."""
    found = starts[bisect_left(starts, (lo, -1)) : bisect_right(starts, (hi, len(units)))]
    return [units[i] for i in sorted(i for _, i in found)]


_BARE_SCORE = re.compile(r"(?:得分|评分|分数|总分)(?:为|是|达到|达|:|：)?(\d+(?:\.\d+)?)(?![\d.%％分])")


def _bounds_of(indicators: list[str], q: Quantity) -> list[tuple[str, Quantity]]:
    """One figure per indicator; a range (1至2所) gives its lower bound (with the range) and its upper bound."""
    if q.upper is None:
        return [(ind, q) for ind in indicators]
    low = Quantity(raw=q.raw, value=q.value, unit=q.unit, raw_unit=q.raw_unit, upper=q.upper,
                   qualifier=q.qualifier or "atLeast")
    high = Quantity(raw=q.raw, value=q.upper, unit=q.unit, raw_unit=q.raw_unit, qualifier="atMost")
    return [(ind, b) for ind in indicators for b in (low, high)]


def _quantities(text: str) -> list[tuple[Span, Quantity]]:
    """The amounts of one sentence, with bare scores that no unit-bearing amount overlaps, in order."""
    found = find_quantities(text)
    extra = [h for h in _bare_scores(text)
             if not any(s.start < h[0].end and h[0].start < s.end for s, _ in found)]
    return sorted(found + extra, key=lambda h: h[0])


def _bare_scores(text: str) -> list[tuple[Span, Quantity]]:
    """Scores written without 分 after a score word: 综合得分为92.97."""
    hits = []
    for m in _BARE_SCORE.finditer(text):
        value = parse_number(m.group(1))
        if value is not None:
            hits.append((Span(m.start(1), m.end(1)),
                         Quantity(raw=m.group(1), value=value, unit="score", raw_unit="")))
    return hits


def _shared_by(text: str, start: int, wording: str) -> list[str]:
    """Indicators sharing one figure: 国家一般课题和教育部重点课题各1项 -> both课题 wordings."""
    if not text[:start].endswith("各"):
        return []
    parts = [p for p in re.split(r"[、和与及]", wording.removesuffix("各")) if p]
    return parts if len(parts) > 1 else []


def _stage_scope(words: str) -> str:
    """The words that can name a stage: drop 其中 (its 中小 is no 中小学) and examples before 等."""
    words = words.replace("其中", "，")
    return words.rsplit("等", 1)[-1] if "等" in words else words


def _ends_list(prefix: str) -> bool:
    """True when the words before the number end in a list of kinds (学校、幼儿园)."""
    parts = re.split(r"[、和及与]", prefix)
    return len(parts) > 1 and len(parts[-1]) <= 6 and bool(_KIND_END.search(parts[-2]))


def _follows_list(text: str, s0: int) -> bool:
    """True when the segment continues a list of words without numbers (小学、幼儿园600元)."""
    if s0 == 0 or text[s0 - 1] != "、":
        return False
    return bool(_KIND_END.search(text[max(0, s0 - 8):s0 - 1]))
