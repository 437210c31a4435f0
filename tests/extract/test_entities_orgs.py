"""Tests for School / Government / Person rules (entities_orgs, entities_school_abbrev, entities_places)
on real snippets of the sample reports, with negative cases from general report prose."""

from __future__ import annotations

import hashlib
import re

import pytest

from kg.extract.entities import extract_mentions
from kg.model import Document, DocumentMeta, EntityType, Sentence, Span


def _doc(text: str) -> Document:
    """A Document with naive sentence splitting."""
    sents = [Sentence(Span(m.start(), m.end()), 0) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    return Document(hashlib.sha1(text.encode()).hexdigest(), "<test>", text, DocumentMeta(), sentences=sents)


def _names(text: str, etype: EntityType) -> list[str]:
    return [m.name for m in extract_mentions(_doc(text)) if m.type is etype and not m.generic]


# --- School abbreviations -----------------------------------------------------------------------


def test_entities_orgs_abbreviation_in_enumeration_with_named_school() -> None:
    text = "等活动，觅小、荆川小学分别承办了市区级开放示范活动，全区各校开展各类相关"
    assert _names(text, EntityType.SCHOOL) == ["觅小", "荆川小学"]


def test_entities_orgs_vocational_abbreviation_before_action_cue() -> None:
    text = "省政府出台批复同意设立常州幼儿师范高等专科学校。常高职以中等职业教育领航计划建设工作为核心,扎实推进"
    schools = _names(text, EntityType.SCHOOL)
    assert "常高职" in schools
    assert "常州幼儿师范高等专科学校" in schools


def test_entities_orgs_provincial_abbreviation_before_passive_cue() -> None:
    text = "十四岁青春仪式在我区举办,省武高被推荐申报2021年全国文明校园。"
    assert _names(text, EntityType.SCHOOL) == ["省武高"]


def test_entities_orgs_provincial_abbreviation_before_category_building() -> None:
    text = "探索多种合作人才培养模式。推进省前中高品质示范学校建设。新增省课程基地"
    assert _names(text, EntityType.SCHOOL) == ["省前中"]


def test_entities_orgs_ordinal_abbreviation_with_cue() -> None:
    assert _names("县二中获评省文明校园。", EntityType.SCHOOL) == ["县二中"]


@pytest.mark.parametrize(
    "text",
    [
        "在省赛中获一等奖。",
        "全省高度重视教育工作。",
        "其中，高中阶段毛入学率达99%。",
        "推进普通高中高品质示范学校建设。",
        "今年高职以扩招为重点。",
        "初中、高中、职高以及特殊教育学校",
        "省内中小学全面开展活动。",
        "统一中考",
    ],
)
def test_entities_orgs_abbreviation_negatives(text: str) -> None:
    assert _names(text, EntityType.SCHOOL) == []


def test_entities_orgs_university_faculty_with_place_stem() -> None:
    text = "深化学校体育改革“六个一”,与常州大学体育学院结对合作,推进课程开发和队伍建设。"
    assert _names(text, EntityType.SCHOOL) == ["常州大学体育学院"]


def test_entities_orgs_no_university_in_college_students() -> None:
    assert _names("在杭州大学生创业园", EntityType.SCHOOL) == []


# --- Government ---------------------------------------------------------------------------------


def test_entities_orgs_topic_leading_group_office_with_region() -> None:
    text = "进一步加强党史学习教育。根据武进区党史学习教育领导小组办公室统一部署,结合教育工作实际"
    assert "武进区党史学习教育领导小组办公室" in _names(text, EntityType.GOVERNMENT)


def test_entities_orgs_leading_group_without_region_is_not_an_organ() -> None:
    assert _names("成立学校安全工作领导小组。", EntityType.GOVERNMENT) == []


@pytest.mark.parametrize(
    ("text", "organ"),
    [
        ("具体创建以市环保局、市、区科协分配给我局的名额为准", "市环保局"),
        ("由区人民政府教育督导委员会办公室牵头,围绕教育发展建立定期督查机制", "区人民政府教育督导委员会办公室"),
        ("落实教师一年一次的健康体检制度和疗休养活动,获省教育工会先进集体。", "省教育工会"),
    ],
)
def test_entities_orgs_elliptical_organ_after_one_character_word(text: str, organ: str) -> None:
    assert organ in _names(text, EntityType.GOVERNMENT)


def test_entities_orgs_region_inside_organ_token_in_title() -> None:
    text = "根据《浙江省人民政府教育督导委员会办公室关于开展对市县级人民政府2019年度履行教育职责评价工作的通知》"
    assert "浙江省人民政府教育督导委员会办公室" in _names(text, EntityType.GOVERNMENT)


def test_entities_orgs_party_committee_full_chain_in_title() -> None:
    text = "制定《中共常州市武进区委教育工作委员会巡查工作方案》,启动对中小学及有关学校的巡查。"
    organs = _names(text, EntityType.GOVERNMENT)
    assert "中共常州市武进区委教育工作委员会" in organs
    assert "区委教育工作委员会" not in organs


def test_entities_orgs_central_committee_in_person_title_is_not_an_organ() -> None:
    text = "在人民大会堂受到中共中央总书记、国家主席习近平接见,自评加1分。"
    assert _names(text, EntityType.GOVERNMENT) == []
    assert _names(text, EntityType.PERSON) == ["习近平"]


# --- Person -------------------------------------------------------------------------------------


def test_entities_orgs_person_glued_to_preceding_verb() -> None:
    text = "(《衢江区全力打响教育脱贫攻坚战》)获成岳冲副省长批示肯定,自评加1分;"
    assert _names(text, EntityType.PERSON) == ["成岳冲"]


def test_entities_orgs_person_enumeration_first_name_after_verb() -> None:
    text = "邀请郜晏中、徐建平、马骉、刘大春等国内知名教育专家讲座培训"
    assert _names(text, EntityType.PERSON) == ["郜晏中", "徐建平", "马骉", "刘大春"]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("开展“学习模范张桂梅,我为党旗争光辉”系列活动", "张桂梅"),
        ("围绕纪念瞿秋白诞辰120周年和中华人民共和国成立70周年主题活动", "瞿秋白"),
    ],
)
def test_entities_orgs_person_after_commemorating_cue(text: str, person: str) -> None:
    assert _names(text, EntityType.PERSON) == [person]


@pytest.mark.parametrize(
    "text",
    [
        "武进教育坚持以习近平新时代中国特色社会主义思想为指导",
        "学习贯彻党的二十大精神。",
        "纪念建党100周年。",
        "书记强调，要加强领导。",
        "主席台就座",
    ],
)
def test_entities_orgs_person_negatives(text: str) -> None:
    assert _names(text, EntityType.PERSON) == []


def test_entities_group_after_a_verb_is_not_a_group():
    assert _names("发挥名校引领作用，催化和促进集团、联盟核心校辐射带动。", EntityType.EDUCATION_GROUP) == []
    assert _names("成立星河教育集团，推进集团化办学。", EntityType.EDUCATION_GROUP) == ["星河教育集团"]


def test_entities_county_name_plus_zhongxue_is_a_named_school():
    text = "岳西县人民政府。岳西中学获评“全国文明校园”。全区小学和初中均达标，岳西县小学教研活跃。"
    assert _names(text, EntityType.SCHOOL) == ["岳西中学"]


def test_entities_school_named_after_a_street_or_place():
    assert _names("投入资金新建文林小学、书院路中学。", EntityType.SCHOOL) == ["书院路中学"]
    assert _names("农村小学和城区中学均达标，统筹城乡学校布局，推进乡镇中学建设。", EntityType.SCHOOL) == []


def test_entities_county_ordinal_school_keeps_its_level_but_not_a_deictic():
    assert _names("县第一小学获评省级文明校园。", EntityType.SCHOOL) == ["县第一小学"]
    assert _names("我区第一初中一名教师获奖。", EntityType.SCHOOL) == ["第一初中"]


def test_entities_region_plus_ordinal_is_a_numbered_school():
    text = "四川省眉山市仁寿县。仁寿一中、仁寿二中被评为省一级示范性普通高中。全区一中队。"
    assert _names(text, EntityType.SCHOOL) == ["仁寿一中", "仁寿二中"]


def test_entities_region_plus_ordinal_school():
    text = "北京市海淀区。海淀区中关村第一小学、北京市十一学校等10所学校入选。"
    assert _names(text, EntityType.SCHOOL) == ["海淀区中关村第一小学", "北京市十一学校"]


def test_entities_level_experimental_school():
    assert _names("县实验小学入选省智慧学校建设试点。", EntityType.SCHOOL) == ["县实验小学"]
    assert _names("全县实验小学均达标。", EntityType.SCHOOL) == []
