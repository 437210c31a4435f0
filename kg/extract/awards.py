"""Award / conferral extraction: who received which honour, at which level, how many.

Rule-based over clauses (split on ，；： within a sentence). A clause with a trigger verb
(获评, 被评为, 入选, 创成, 通过…验收 ...) yields conferrals for the honours named after it, either to a
counted set of recipients ("3所学校创建市示范学校" -> count 4) or to a named one ("XX小学获评…",
an empty subject -> the report's own region). Lists ("一等奖3个、二等奖4个"), bare prize grades
completed from the contest ("在X比赛中获省一等奖") and continuation clauses ("其中特级校长3位") are
handled; plans (力争, 将 ...) are skipped. Vocabulary lives in ``kg/data/honours.tsv`` and
``kg/data/award_triggers.txt``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.extract import honours as H
from kg.model import Conferral, Document, EntityType, Genre, Level, Mention, Span
from kg.nlp.spans import normalise_name, quoted_spans

log = logging.getLogger("kg")

_NUM = r"(?:\d+|[一二两三四五六七八九十百]+)"
_CLS = r"(?:所|个|名|位|人次|人|项|家|支|枚|篇|件|次)"
_COUNT = re.compile(rf"(?P<each>各)?(?P<num>{_NUM})(?P<more>多|余)?(?P<cls>{_CLS})(?!年|月|日|万|元|%)")
_CLAUSE_SEP = re.compile(r"[，,；;：:]")
_CLAUSE_EVENT = re.compile(r"[“《（(”》）)，,；;：:]")  # brackets and separators: what _clauses reacts to
_PLAN = re.compile(r"力争|争创|争取|争当|计划|拟|将|预计|目标|推荐申报|申报")
_PLAN_SENTENCE = re.compile(r"力争|争创|争取|力求|拟|预计")
_CONTEST_SUFFIX = r"(?:比赛|大赛|竞赛|锦标赛|联赛|评选|评比|活动|展演|省赛|国赛|市赛)"
_CONTEST_IN = re.compile(rf"在(?P<c>[^在，,]{{2,40}}?{_CONTEST_SUFFIX})(?:中|上|里)?")
_CONTEST_SUBJ = re.compile(rf"^(?P<c>.{{2,40}}{_CONTEST_SUFFIX})(?:中|上)?(?P<rest>.*)$")
_TIME_ADV = re.compile(
    r"^(?:(?:19|20)\d{2}年(?:度)?|今年|去年|同年|年内|当年|近年来|两年来|[一二三四五六七八九十\d]+月(?:份)?|"
    r"并|于|在|先后|顺利|成功|高质量|再次|首次|共|均|还|也|已|又|全部|分别|其中|有|今天|本年度|[，,\s])+"
)
_SELF_REGION = re.compile(r"^(?:我区|我县|我市|本区|本县|本市|全区|全县|全市|该区|该县)")
_SCHOOL_NAME = re.compile(r"^(?P<n>[\u4e00-\u9fff]{1,12}?(?:小学|中学|学校|幼儿园|实小|附小|附中|高中|初中|中专|学院))")
_PERSON_NAME = re.compile(r"(?P<n>[\u4e00-\u9fff]{2,3})(?:老师|校长|园长|教师|同志)$")
_TITLE = re.compile(r"《(?P<t>[^》]+)》")
_NAMED_GROUP = re.compile(rf"^(?P<x>.+?)等(?P<num>{_NUM})(?P<cls>{_CLS})")
_MEDALS = re.compile(r"(?P<g>\d+)金(?:牌)?(?:(?P<s>\d+)银(?:牌)?)?(?:(?P<b>\d+)铜(?:牌)?)?")
_CUT = re.compile(r"(?:荣誉称号|称号|荣誉|受到|在人民大会堂|$)")
_ACCEPTANCE = re.compile(r"(?:终期|中期)?(?:督导)?(?:评估)?验收$")
_GOV_SUFFIX = re.compile(r"(?P<g>[\u4e00-\u9fff]{1,10}?(?:教育局|教育文体局|教育厅|人民政府|政府|教育工委|委员会))$")
_COLLECTIVE_NOUNS = ("学校", "幼儿园", "小学", "中学", "教师", "学生", "老师", "单位", "人", "校", "园")
_PERSON_CLS = ("名", "位", "人", "人次")


@dataclass
class _Ctx:
    """What earlier clauses of the same sentence established."""

    contest: str | None = None
    base: str | None = None  # last award minus its prize grade
    base_level: Level | None = None
    triggered: bool = False
    subject_type: EntityType | None = None
    pending: list[tuple[Span, str]] = field(default_factory=list)  # 省级1项 items before 获奖


def _to_int(num: str) -> int | None:
    if num.isdigit():
        return int(num)
    digits = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if num == "十":
        return 10
    if "百" in num:
        head, _, tail = num.partition("百")
        return digits.get(head, 1) * 100 + (_to_int(tail) or 0 if tail else 0)
    if "十" in num:
        head, _, tail = num.partition("十")
        return digits.get(head, 1) * 10 + digits.get(tail, 0)
    return digits.get(num)


def _clauses(doc: Document, span: Span) -> list[Span]:
    """Clause spans of a sentence, splitting on ，；： outside quotes and 《》."""
    text = doc.text
    out: list[Span] = []
    start, depth = span.start, 0
    for hit in _CLAUSE_EVENT.finditer(text, span.start, span.end):  # other characters change nothing
        i, ch = hit.start(), hit.group()
        if ch in "“《（(":
            depth += 1
        elif ch in "”》）)" and depth > 0:
            depth -= 1
        elif depth == 0 and _CLAUSE_SEP.match(ch):
            if i > start:
                out.append(Span(start, i))
            start = i + 1
    if span.end > start:
        out.append(Span(start, span.end))
    trimmed = []
    for c in out:
        a, b = c.start, c.end
        while a < b and text[a] in " \t\u3000":
            a += 1
        while b > a and text[b - 1] in "。！？!?. \t\u3000\n":
            b -= 1
        if b > a:
            trimmed.append(Span(a, b))
    return trimmed


def _find_trigger(clause: str) -> tuple[int, int, bool, str] | None:
    """Leftmost trigger in the clause (longest at a position): (start, end, strong, word).

    A strong trigger anywhere beats a weak one (项目建设上有2所学校立项…).
    """
    for pattern, strong in H.trigger_patterns():
        m = pattern.search(clause)
        if m is not None:
            return m.start(), m.end(), strong, m.group(0)
    return None


def _region_name(doc: Document) -> str | None:
    region = doc.meta.region
    if not region:
        return None
    m = re.search(r"[^省市]+(?:区|县|市|旗)$", region)
    return m.group(0) if m else region


def _clean_label(raw: str) -> str:
    label = normalise_name(raw).strip(" 、和及的了")
    label = re.sub(r"^(?:了|为|共|分别|各|有)+", "", label)
    return label


def _recipient(
    doc: Document, pre: str, pre_span: Span, mentions: Sequence[Mention]
) -> tuple[str | None, EntityType | None, int | None, str]:
    """Recipient of a clause's subject: (name, type, count, leftover subject noun)."""
    text = _TIME_ADV.sub("", pre)
    # count subject: "4所学校", "55位教师", "多所学校"
    counts = [m for m in _COUNT.finditer(text) if m.group("cls") != "次"]
    named = _NAMED_GROUP.match(text)
    if named:
        x = normalise_name(named.group("x"))
        return x, EntityType.PROGRAM, _to_int(named.group("num")), ""
    if counts:
        m = counts[-1]
        noun = text[m.end():]
        noun = re.sub(r"[（(][^）)]*[）)]", "", noun)
        noun = re.split(r"在|被|通过|高质量|分", noun)[0]
        etype = EntityType.PERSON if m.group("cls") in _PERSON_CLS else EntityType.SCHOOL
        if "项目" in noun or "课程" in noun or m.group("cls") == "项":
            etype = EntityType.PROGRAM
        return None, etype, _to_int(m.group("num")), noun
    if re.match(r"^多(?:所|个|名|位)", text):
        return None, EntityType.SCHOOL, None, ""
    title = _TITLE.search(text)
    if title:
        return normalise_name(title.group("t")), EntityType.PROGRAM, None, ""
    hits = [
        mn for mn in mentions
        if pre_span.start <= mn.span.start and mn.span.end <= pre_span.end and not mn.generic
        and mn.type in (EntityType.SCHOOL, EntityType.GOVERNMENT, EntityType.PERSON, EntityType.REGION,
                        EntityType.EDUCATION_GROUP, EntityType.PROGRAM)
    ]
    if hits:
        mn = max(hits, key=lambda x: (x.span.end, -x.span.start))
        return mn.name, mn.type, None, ""
    if not text or _SELF_REGION.match(text):
        return _region_name(doc), EntityType.REGION, None, ""
    person = _PERSON_NAME.search(text)
    if person:
        return person.group("n"), EntityType.PERSON, None, ""
    gov = _GOV_SUFFIX.search(text)
    if gov and len(text) <= 12:
        return gov.group("g"), EntityType.GOVERNMENT, None, ""
    school = _SCHOOL_NAME.match(text)
    if school:
        return school.group("n"), EntityType.SCHOOL, None, ""
    return None, None, None, text


def _strip_generic(contest: str, label: str) -> str:
    """The contest name to put before a prize: no 各类, no level word when the prize has one."""
    c = re.sub(r"^(?:各级各类|各类|各级|各项)", "", contest)
    if c != contest and len(re.sub(_CONTEST_SUFFIX + "$", "", c)) <= 2:
        return ""
    return H.strip_level(c) if H.level_of(label) is not None else c


def _complete(label: str, ctx: _Ctx, noun: str, from_contest_in: bool) -> str | None:
    """Complete a bare prize grade (二等奖) with its contest or the previous award's base."""
    contest = ctx.contest
    if contest and from_contest_in and H.is_bare_grade(label):
        return _strip_generic(contest, label) + label if _strip_generic(contest, label) else label
    if contest:
        c = re.sub(r"^(?:各级各类|各类|各级|各项)", "", contest)
        generic = c != contest and len(re.sub(_CONTEST_SUFFIX + "$", "", c)) <= 2
        if generic:
            contest = None
        else:
            contest = H.strip_level(c) if H.level_of(label) is not None else c
    if H.is_bare_grade(label):
        if ctx.base is not None and (ctx.base or contest is None):
            if H.level_of(label) is None:
                return ctx.base + label
            return re.sub(r"(?:全国|国家|省|市|区|县)(?:级)?$", "", ctx.base) + label
        if contest:
            return contest + label
        if noun and noun not in _COLLECTIVE_NOUNS and len(noun) >= 2:
            return noun + label
        return label if H.level_of(label) is not None else None
    if contest and from_contest_in and H.level_of(label) is None:
        return contest + label
    return label


def _items(post: str) -> list[tuple[str, int | None, bool]]:
    """Award items in the text after a trigger: (label, count, has_count)."""
    medals = _MEDALS.search(post)
    if medals and medals.start() <= 2:
        out = []
        for key, grade in (("g", "金牌"), ("s", "银牌"), ("b", "铜牌")):
            if medals.group(key):
                out.append((grade, int(medals.group(key)), True))
        return out
    counts = list(_COUNT.finditer(post))
    if not counts:
        return [(post, None, False)]
    out = []
    start = 0
    for m in counts:
        name = post[start:m.start()]
        start = m.end()
        if not name.strip(" 、，,和及"):
            continue
        n = _to_int(m.group("num"))
        parts = re.split(r"、", name) if m.group("each") else [name]
        out.extend((p, n, True) for p in parts)
    return out


def _emit(
    doc: Document, ctx: _Ctx, clause: Span, label_raw: str, count: int | None, recipient: str | None,
    rtype: EntityType | None, noun: str, sent: Span, from_contest_in: bool, awarded_by: str | None,
) -> Conferral | None:
    label = _clean_label(label_raw)
    own_level = H.level_of(label) if label else None
    bare = bool(label) and H.is_bare_grade(label)
    label = _complete(label, ctx, noun, from_contest_in) if label else None
    if not label or re.match(r"^(?:获|评|被|荣获)", label) or not H.is_honour(label):
        return None
    level = H.level_of(label) or own_level
    if level is None and awarded_by:
        level = H.level_of(awarded_by)
    if level is None and bare:
        level = ctx.base_level
    grade = H.grade_of(label)
    if grade:
        ctx.base = label[: -len(grade)]
        ctx.base_level = level
    year = _year(doc, sent)
    pos = doc.text.find(label_raw.strip(), clause.start, clause.end)
    award_span = Span(pos, pos + len(label_raw.strip())) if pos >= 0 else None
    return Conferral(
        span=clause, award=label, level=level, recipient=recipient,
        recipient_type=rtype, count=count if recipient is None or count else None,
        year=year, awarded_by=awarded_by, award_span=award_span,
    )


_YEAR = re.compile(r"(?<![\d\-－—~～至])((?:19|20)\d{2})年(?!\d)")


def _year(doc: Document, sent: Span) -> int | None:
    """The year a sentence dates its conferrals by, else the report's year.

    Years inside a quoted honour (“江苏省2017-2019年度体育特色学校”) and the ends of year ranges name
    the honour's period, not when it was conferred, and are skipped.
    """
    text = doc.text[sent.start:sent.end]
    quoted = [span for span, _ in quoted_spans(text)]
    for m in _YEAR.finditer(text):
        if not any(q.start <= m.start() < q.end for q in quoted):
            return int(m.group(1))
    return doc.meta.year


def _sentence_conferrals(doc: Document, sent: Span, mentions: Sequence[Mention]) -> list[Conferral]:
    if not any(pattern.search(doc.text, sent.start, sent.end) for pattern, _ in H.trigger_patterns()):
        return []  # every conferral needs a trigger verb in its clause (two sentences in three have none)
    out: list[Conferral] = []
    ctx = _Ctx()
    text = doc.text
    quoted_before: list[str] = []
    for clause in _clauses(doc, sent):
        ctext = text[clause.start:clause.end]
        prev_quotes = list(quoted_before)
        quoted_before.extend(re.findall(r"“([^”]+)”", ctext))
        trig = _find_trigger(ctext)
        contest_in = list(_CONTEST_IN.finditer(ctext[: trig[0]] if trig else ctext))
        if contest_in:
            ctx.contest = contest_in[-1].group("c")
        if trig is None:
            if ctx.triggered:
                for label, n, has in _items(re.sub(r"^(?:其中|另有|以及|及|和)", "", ctext)):
                    if has:
                        c = _emit(doc, ctx, clause, label, n, None, ctx.subject_type, "", sent, False, None)
                        if c:
                            out.append(c)
            else:
                for m in re.finditer(rf"(?P<lv>省级|市级|区级|县级|国家级)(?P<num>{_NUM})(?P<cls>项|个)", ctext):
                    ctx.pending.append((clause, m.group(0)))
            if _CONTEST_SUBJ.match(ctext) and not contest_in:
                ctx.contest = _CONTEST_SUBJ.match(ctext).group("c")
            continue
        start, end, strong, word = trig
        pre, post = ctext[:start], ctext[end:]
        plan_scope = pre
        if doc.meta.genre == Genre.WORK_PLAN:  # a plan's default modality is "target"
            plan_scope = text[sent.start:clause.start] + pre
        if _PLAN.search(plan_scope) or _PLAN_SENTENCE.search(text[sent.start:clause.start]):
            continue
        awarded_by = None
        bym = re.search(r"被(?P<b>[\u4e00-\u9fff]{2,12}?)$", pre)
        if bym and word in ("评为", "授予", "认定为", "命名为", "确定为"):
            awarded_by, pre = bym.group("b"), pre[: bym.start()]
        pre_clean = _CONTEST_IN.sub("", pre)
        subj = _CONTEST_SUBJ.match(_TIME_ADV.sub("", pre_clean))
        if subj and not contest_in:
            ctx.contest = subj.group("c")
            pre_clean = subj.group("rest")
        pre_span = Span(clause.start, clause.start + start)
        recipient, rtype, count, noun = _recipient(doc, pre_clean, pre_span, mentions)
        ctx.triggered = True
        ctx.subject_type = rtype
        post = _CUT.split(post, maxsplit=1)[0]
        if word.startswith("获") and post.startswith("奖"):  # 在X竞赛中获奖 / 省级1项…获奖
            if ctx.pending and ctx.contest:
                base = _clean_label(re.sub(r"(?:评比|评选)$", "", re.sub(r"^(?:19|20)\d{2}年(?:度)?", "", ctx.contest)))
                for cl, item in ctx.pending + [(clause, m.group(0)) for m in re.finditer(
                        rf"(?:省级|市级|区级|县级|国家级){_NUM}(?:项|个)", pre)]:
                    lv = H.level_of(item)
                    n = _to_int(re.search(_NUM, item).group(0))
                    out.append(Conferral(span=Span(cl.start, clause.end), award=base, level=lv,
                                         recipient_type=EntityType.PROGRAM, count=n, year=_year(doc, sent)))
                ctx.pending = []
            elif ctx.contest:
                c = _emit(doc, ctx, clause, _clean_label(ctx.contest) + "奖项", count, recipient, rtype,
                          "", sent, False, None)
                if c:
                    out.append(c)
            continue
        if word in ("通过",) and (not post or re.match(r"^(?:评估|验收|督导|复审|认定|复评)", post)):
            if prev_quotes:
                post = "“" + prev_quotes[-1] + "”"
            else:
                continue
        if word in ("认定", "评选"):
            m = re.match(rf"^(?P<num>{_NUM})(?:个|所|名)[\u4e00-\u9fff]{{0,4}}?为(?P<a>.+)$", post)
            if m:
                count, post = _to_int(m.group("num")), m.group("a")
        if word == "通过":
            parts = re.split(r"(?<=[”\w])(?:和|、|及|以及)(?=“)", post)
            post_items = [(_ACCEPTANCE.sub("", p), None, False) for p in parts]
        else:
            post_items = _items(post)
        if not strong and count is None and not any(has for _, _, has in post_items):
            continue
        for label, n, has in post_items:
            for who in _co_recipients(doc.text, pre_span, mentions, recipient, rtype) if not has else [recipient]:
                c = _emit(doc, ctx, clause, label, n if has else count, who if not has else None,
                          rtype, noun, sent, bool(contest_in) or bool(subj), awarded_by)
                if c:
                    out.append(c)
    return out


def _co_recipients(text: str, pre_span: Span, mentions: Sequence[Mention], recipient: str | None,
                   rtype: EntityType | None) -> list[str | None]:
    """The recipient and those enumerated with it (甲中学、乙中学被评为…): one conferral each."""
    if recipient is None or rtype is None:
        return [recipient]
    same = sorted((m for m in mentions if m.type is rtype and not m.generic
                   and pre_span.start <= m.span.start and m.span.end <= pre_span.end), key=lambda m: m.span.start)
    names = [m for m in same if m.name == recipient]
    if not names:
        return [recipient]
    chain = [names[-1]]
    for m in reversed(same):
        if m.span.end <= chain[0].span.start and re.fullmatch(r"[、和与及,，]|以及", text[m.span.end:chain[0].span.start]):
            chain.insert(0, m)
    return [m.name for m in chain]


def extract_conferrals(doc: Document, mentions: Sequence[Mention] = ()) -> list[Conferral]:
    """Conferrals (honours received or created) found in the document, in text order."""
    out: list[Conferral] = []
    sentences = [s.span for s in doc.sentences] or [Span(0, len(doc.text))]
    for sent in sentences:
        try:
            out.extend(_sentence_conferrals(doc, sent, mentions))
        except (ValueError, IndexError) as exc:  # a malformed span must not sink the document
            log.warning("%s: award extraction skipped a sentence at %d: %s", doc.source, sent.start, exc)
    out.sort(key=lambda c: (c.span.start, c.span.end, c.award, c.recipient or "", c.count or 0))
    return out
