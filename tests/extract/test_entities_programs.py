"""Tests for the Program finders (kg.extract.entities_programs*) on real snippets of the sample reports."""

from __future__ import annotations

import hashlib
import re

from kg.extract.entities import extract_mentions
from kg.model import Document, DocumentMeta, EntityType, Sentence, Span


def _doc(text: str) -> Document:
    sents = [Sentence(Span(m.start(), m.end()), 0) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    return Document(hashlib.sha1(text.encode()).hexdigest(), "<test>", text, DocumentMeta(), sentences=sents)


def _programs(text: str) -> list[tuple[str, str]]:
    """(name, canonical) of the Program mentions of ``text``, in text order."""
    return [(m.name, m.canonical or m.name) for m in extract_mentions(_doc(text)) if m.type is EntityType.PROGRAM]


def _names(text: str) -> list[str]:
    return [name for name, _ in _programs(text)]


def test_entities_programs_whole_quote_with_head_and_separator() -> None:
    text = "以“发展素质教育·钟楼2025计划”为指导。聚焦“学会思维：钟楼课堂教学改革研究工程”，依托网络召开研讨会。"
    assert _names(text) == ["发展素质教育·钟楼2025计划", "学会思维:钟楼课堂教学改革研究工程"]


def test_entities_programs_whole_quote_counted_group_is_not_a_programme() -> None:
    assert _names("(三)推动“五大项目”,探索优质普惠新路径") == []


def test_entities_programs_quoted_stem_takes_qualifier_on_its_left() -> None:
    text = "实施平安校园“智能前哨”工程,全区中小学全覆盖。继续平稳有序推进绩效工资“1+X”改革。"
    assert _programs(text) == [("智能前哨", "平安校园智能前哨工程"), ("1+X", "绩效工资1+X改革")]


def test_entities_programs_quoted_stem_drops_bare_level_and_particle() -> None:
    text = "5个项目被评为市“五五一二”品牌德育项目。在原“3366”集团化办学的基础上组建教育集团。"
    assert _programs(text) == [("五五一二", "五五一二品牌德育项目"), ("3366", "3366集团化办学")]


def test_entities_programs_period_plan_with_head_glued_to_noun() -> None:
    text = "结题两项省级课题。市“十三五”教育科学规划课题评审中，我区有53个课题立项。"
    assert _names(text) == ["市十三五教育科学规划"]


def test_entities_programs_bare_quote_principles_and_goals_rejected() -> None:
    text = (
        "坚持“立德树人”根本任务。以“发展每一个学生”为发展愿景。聚焦“公平优质普惠”。"
        "在“学思悟践”上下功夫。让年轻教师“脱颖而出”，努力造就队伍。"
    )
    assert _names(text) == []


def test_entities_programs_bare_quote_events_honours_and_media_rejected() -> None:
    text = (
        "组织第九届“韵律钟楼”文化巡演,开展第三届“运河系列”文化艺术活动。鼓励创建省“绿色网吧”。"
        "举行“生命教育月”“童声齐颂建党百年”等主题教育活动。完善“常州钟楼社区教育”微信公众号。"
        "2019年举办3期“衢江·教育大讲坛”。深入开展青少年“学宪法 讲宪法”活动。"
    )
    assert _names(text) == []


def test_entities_programs_bare_quote_programmes_kept() -> None:
    text = "全面推行“阳光招生”,实现零择校。通过“送培上门”“乡村骨干教师培育站”、中青年干部培训班提升能力。"
    assert _names(text) == ["阳光招生", "送培上门", "乡村骨干教师培育站"]


def test_entities_programs_quote_before_participant_school_is_programme() -> None:
    text = "2所学校通过常州市“戏曲进校园”实验学校复评。深入推进“扫黄打非”示范点规范化建设。"
    assert _names(text) == ["戏曲进校园", "扫黄打非"]


def test_entities_programs_long_campaign_left_edge() -> None:
    text = "开展意识形态领域风险隐患集中排查整治专项行动,加强网站宣传。深入开展教育系统安全专项整治三年行动,配合做好创建工作。"
    assert _names(text) == ["意识形态领域风险隐患集中排查整治专项行动", "教育系统安全专项整治三年行动"]


def test_entities_programs_left_edge_joins_yu_and_party() -> None:
    text = "实施家庭与心理教育师资培育计划,组织开展活动。认真做好党的教育方针贯彻落实专项行动、专项督导。"
    assert _names(text) == ["家庭与心理教育师资培育计划", "党的教育方针贯彻落实专项行动"]


def test_entities_programs_left_edge_strips_year_and_keeps_age_range() -> None:
    text = "有2所学校立项2020年省基础教育前瞻性教学改革实验项目。启动钟楼区0-15岁全域家庭教育项目。"
    assert _names(text) == ["省基础教育前瞻性教学改革实验项目", "钟楼区0-15岁全域家庭教育项目"]


def test_entities_programs_head_inside_longer_word() -> None:
    text = "继续开展普通高中优秀毕业生报考师范专业试点工作,与29名优秀高中毕业生签约。申报江苏省特殊教育发展工程项目。"
    assert _names(text) == ["普通高中优秀毕业生报考师范专业试点", "江苏省特殊教育发展工程"]


def test_entities_programs_categories_rejected() -> None:
    text = (
        "《香樟礼韵》等11个德育项目在省立项。打造劳动教育精品项目和课程。重新认定区域新一轮十大重点项目。"
        "落实教师一年一次的健康体检制度和疗休养活动。在师资招聘的政策、薪酬、培养制度等方面加大力度。"
        "将国防教育列入学校教学计划。"
    )
    assert _names(text) == ["香樟礼韵"]


def test_entities_programs_counted_campaign_with_long_stem_kept() -> None:
    assert _names("落实师德专题教育六大行动。") == ["师德专题教育六大行动"]


def test_entities_programs_honour_and_document_contexts_rejected() -> None:
    text = (
        "1人入选省乡村优秀青年教师培养对象培养奖励计划人选。新投入30万元建造2个常州市随班就读试点学校的资源教室。"
        "区教育局将继续深入推进教育三年行动方案。"
    )
    assert _names(text) == []


def test_entities_programs_issuer_level_keeps_qualified_project() -> None:
    assert _names("深入推进江苏省前瞻性教学改革重大项目,教育工作取得明显成效。") == ["江苏省前瞻性教学改革重大项目"]


def test_entities_programs_numbered_heading_names_programme() -> None:
    text = "质量。\n4.学生全面成长工程。整体规划中小学生发展。\n2.教育科研深化工程。以课题为抓手。"
    assert _names(text) == ["学生全面成长工程", "教育科研深化工程"]


def test_entities_programs_campus_campaign_unquoted() -> None:
    text = "开展好戏剧进校园实验区工作。严格把关各类进校园活动,切实减轻负担。"
    assert _names(text) == ["戏剧进校园"]


def test_entities_programs_practice_after_shixing() -> None:
    text = "全面实行责任督学挂牌督导，对18所学校进行督导评估。评先评优中实行师德一票否决制。实行校长、书记述职。"
    assert _names(text) == ["责任督学挂牌督导", "师德一票否决制"]


def test_entities_programs_heading_opening_with_verb_is_a_task() -> None:
    assert _names("工作。\n（一）完善制度。\n2.健全考核机制。\n3.学校主动发展工程。") == ["学校主动发展工程"]
