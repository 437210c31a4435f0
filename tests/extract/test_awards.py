"""Award / conferral extraction on real snippets of the sample reports."""

from __future__ import annotations

import re

from kg.ingest import document_from_text
from kg.extract.awards import extract_conferrals
from kg.model import Document, DocumentMeta, EntityType, Genre, Level, Sentence, Span


def make_doc(text: str, region: str = "常州市钟楼区", year: int = 2020, genre: Genre | None = None) -> Document:
    """A Document with sentences split on 。！？ and newlines."""
    sents = [Sentence(Span(m.start(), m.end()), 0) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    return Document("t", "test", text, DocumentMeta(region=region, year=year, genre=genre), sentences=sents)


def awards(text: str, **kw: object) -> list[tuple[str, str | None, int | None, Level | None]]:
    doc = make_doc(text, **kw)  # type: ignore[arg-type]
    return [(c.award, c.recipient, c.count, c.level) for c in extract_conferrals(doc)]


def test_awards_count_recipient_with_quoted_honour() -> None:
    got = awards("全区2020年度有4所学校创建市“新优质学校”；1所学校获评全国文明校园。")
    assert ("市新优质学校", None, 4, Level.MUNICIPAL) in got
    assert ("全国文明校园", None, 1, Level.NATIONAL) in got


def test_awards_list_after_trigger_gives_two_conferrals() -> None:
    got = awards("持续推进省、市优质园创建，创成省优质幼儿园1所，市优质幼儿园2所，4所幼儿园高质量通过省优质园复审。")
    assert ("省优质幼儿园", None, 1, Level.PROVINCIAL) in got
    assert ("市优质幼儿园", None, 2, Level.MUNICIPAL) in got
    assert ("省优质园复审", None, 4, Level.PROVINCIAL) in got
    assert not any(a.startswith("省、市优质园") for a, *_ in got)


def test_awards_empty_subject_is_report_region() -> None:
    doc = make_doc("获评江苏省教科研工作先进集体。")
    (c,) = extract_conferrals(doc)
    assert (c.award, c.recipient, c.recipient_type, c.level) == (
        "江苏省教科研工作先进集体", "钟楼区", EntityType.REGION, Level.PROVINCIAL)
    assert c.year == 2020


def test_awards_passed_acceptance_refers_back_to_quoted_honour() -> None:
    got = awards("2020年度大力推进“省义务教育均衡区”的创建，并于今天六月份顺利通过评估验收。")
    assert got == [("省义务教育均衡区", "钟楼区", None, Level.PROVINCIAL)]


def test_awards_two_quoted_honours_passed_drop_acceptance_suffix() -> None:
    got = awards("2019年通过“省基础教育重点县”终期督导验收和“省教育基本现代化预评估”。", region="衢州市衢江区")
    assert [(a, r) for a, r, _, _ in got] == [("省基础教育重点县", "衢江区"), ("省教育基本现代化预评估", "衢江区")]


def test_awards_named_school_recipient() -> None:
    doc = make_doc("武实小获评“十三五”省科学教育综合示范学校。", region="常州市武进区")
    (c,) = extract_conferrals(doc)
    assert (c.award, c.recipient, c.recipient_type, c.count) == ("十三五省科学教育综合示范学校", "武实小", EntityType.SCHOOL, None)


def test_awards_awarding_body_gives_level() -> None:
    doc = make_doc("我区2所学校被教育部评为国家国防教育特色学校。", region="衢州市衢江区")
    (c,) = extract_conferrals(doc)
    assert (c.award, c.count, c.level, c.awarded_by) == ("国家国防教育特色学校", 2, Level.NATIONAL, "教育部")


def test_awards_contest_completes_bare_prize_grades() -> None:
    got = awards("在各类教学基本功和评优课比赛中获省一等奖10人,二等奖5人,省班主任基本功大赛一等奖、二等奖各1人。")
    assert ("教学基本功和评优课比赛省一等奖", None, 10, Level.PROVINCIAL) in got
    assert ("教学基本功和评优课比赛省二等奖", None, 5, Level.PROVINCIAL) in got
    assert ("省班主任基本功大赛一等奖", None, 1, Level.PROVINCIAL) in got
    assert ("省班主任基本功大赛二等奖", None, 1, Level.PROVINCIAL) in got


def test_awards_medal_tally() -> None:
    got = awards("省职业技能大赛省赛获得8金19银19铜,在全国大赛中获得金牌1枚。")
    assert ("省职业技能大赛省赛金牌", None, 8, Level.PROVINCIAL) in got
    assert ("省职业技能大赛省赛铜牌", None, 19, Level.PROVINCIAL) in got
    assert ("全国大赛金牌", None, 1, Level.NATIONAL) in got


def test_awards_continuation_clause_with_qizhong() -> None:
    got = awards("获评名校长10人，其中特级校长3位。")
    assert [(a, n) for a, _, n, _ in got] == [("名校长", 10), ("特级校长", 3)]


def test_awards_title_recipient_and_honour_suffix_removed() -> None:
    got = awards("1人获省苏教名家称号，《“永远的儿童号”课程游戏化武进行动》被确认为 省幼儿园课程游戏化项目。")
    assert ("省苏教名家", None, 1, Level.PROVINCIAL) in got
    assert ("省幼儿园课程游戏化项目", "永远的儿童号课程游戏化武进行动", None, Level.PROVINCIAL) in got


def test_awards_non_honours_after_trigger_are_skipped() -> None:
    text = ("教育现代化建设监测，我区综合得分为92.97，获大市第一。10月进行的结题成果公报会获省、市专家高度评价。"
            "第三次获得省轮岗交流奖补资金209万。69人成为培育站学员。")
    assert awards(text) == []


def test_awards_targets_are_not_conferrals() -> None:
    text = "2022年力争新增5名左右正高、特级教师，争创建市“四有”好教师重点培育团队8个。积极创建“市书法教育示范区”。"
    assert awards(text) == []


def test_awards_work_plan_future_sentence_skipped() -> None:
    text = "本年度将提出钟楼儿童核心价值与必备品格指标体系，创成“尚德学堂”10家。"
    assert awards(text, genre=Genre.WORK_PLAN) == []


def test_awards_year_from_sentence_over_meta() -> None:
    doc = make_doc("1所学校获评2020年常州市“四有”好教师团队。", year=2021)
    (c,) = extract_conferrals(doc)
    assert (c.award, c.year, c.level) == ("2020年常州市四有好教师团队", 2020, Level.MUNICIPAL)
    assert doc.text[c.span.start:c.span.end].startswith("1所学校获评")


def test_awards_year_in_a_quoted_honour_is_not_the_conferral_year():
    doc = document_from_text(
        "2020年度履行教育职责自评报告\n"
        "2所学校入选“江苏省2017-2019年度体育特色学校”，4所幼儿园入选“江苏省2017-2019年度体育特色幼儿园”。\n"
    )
    doc.meta.year = 2020
    years = {c.award: c.year for c in extract_conferrals(doc)}
    assert years == {"江苏省2017-2019年度体育特色学校": 2020, "江苏省2017-2019年度体育特色幼儿园": 2020}


def test_awards_enumerated_recipients_get_one_conferral_each():
    text = "遵义市第四中学、遵义市第一中学被评为“全国文明校园”。"
    doc = document_from_text(text)
    from kg.extract.entities import extract_mentions

    found = sorted((c.recipient, c.award, c.level) for c in extract_conferrals(doc, extract_mentions(doc)))
    assert found == [("遵义市第一中学", "全国文明校园", Level.NATIONAL), ("遵义市第四中学", "全国文明校园", Level.NATIONAL)]


def test_awards_model_high_school_designation_for_enumerated_schools():
    from kg.extract.entities import extract_mentions

    doc = document_from_text("四川省眉山市仁寿县。仁寿一中、仁寿二中被评为四川省一级示范性普通高中。")
    found = sorted((c.recipient, c.award, c.level) for c in extract_conferrals(doc, extract_mentions(doc)))
    assert found == [("仁寿一中", "四川省一级示范性普通高中", Level.PROVINCIAL),
                     ("仁寿二中", "四川省一级示范性普通高中", Level.PROVINCIAL)]
