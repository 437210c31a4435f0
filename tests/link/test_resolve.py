"""Tests for kg.link.resolve / organs / merge: linking mentions to keyed entities."""

from __future__ import annotations

import hashlib

import pytest

from link_helpers import make_result

from kg.link import entity_key, link_corpus, link_report
from kg.model import EntityType as T

# Real snippets from a 钟楼区 self-evaluation report (000) and a 武进区 work summary (001).
ZHONGLOU = (
    "在年终述职中将履行教育职责作为重要内容。区委教育工委重点构建“五色种子，五心家园”党建品牌，"
    "区政府、区委高度重视教育。和市特教中心融合教育专项调研，市局领导对建设钟爱学校的“钟楼速度”"
    "给予肯定。省教育厅、教育部专家来钟楼调研。"
)
WUJIN = "区委教育工委两次在全区党史学习教育推进会上交流发言。星实小劳动课程入选2020中国基础教育。"


def _by_surface(report, surface):
    for mention, key in zip(report.result.mentions, report.mention_keys):
        if mention.name == surface:
            return report.entities[key]
    raise AssertionError(surface)


def test_resolve_elliptical_organs_in_district_report():
    result = make_result(
        ZHONGLOU,
        [(T.GOVERNMENT, "区委教育工委"), (T.GOVERNMENT, "区政府"), (T.GOVERNMENT, "区委"),
         (T.GOVERNMENT, "市局"), (T.GOVERNMENT, "省教育厅"), (T.GOVERNMENT, "教育部")],
        region="常州市钟楼区",
    )
    report = link_report(result)
    assert report.region_code == "320404"
    expected = {
        "区委教育工委": ("中共常州市钟楼区委教育工作委员会", "320404"),
        "区政府": ("常州市钟楼区人民政府", "320404"),
        "区委": ("中共常州市钟楼区委员会", "320404"),
        "市局": ("常州市教育局", "320400"),
        "省教育厅": ("江苏省教育厅", "320000"),
        "教育部": ("中华人民共和国教育部", None),
    }
    for surface, (label, code) in expected.items():
        entity = _by_surface(report, surface)
        assert (entity.label, entity.region_code) == (label, code)
        assert surface in entity.alt_labels
        assert entity.key == entity_key(T.GOVERNMENT, label, code)


def test_resolve_elliptical_organs_follow_the_report_region():
    # the same words in a 武进区 report name 武进区's organs, not 钟楼区's
    report = link_report(make_result(WUJIN, [(T.GOVERNMENT, "区委教育工委")], issuer="常州市武进区教育局"))
    assert report.region_code == "320412"
    assert _by_surface(report, "区委教育工委").label == "中共常州市武进区委教育工作委员会"


def test_resolve_region_report_from_issuer_and_unknown_region():
    report = link_report(make_result("衢江区人民政府2019年度履行教育职责自评报告", [], issuer="衢州市衢江区人民政府"))
    assert report.region_code == "330803"
    assert sorted(report.entities) == ["region/330000", "region/330800", "region/330803"]
    nowhere = link_report(make_result("区政府高度重视教育。", [(T.GOVERNMENT, "区政府")]))
    assert nowhere.region_code is None
    entity = _by_surface(nowhere, "区政府")
    assert (entity.label, entity.region_code) == ("区政府", None)


def test_resolve_region_mentions_keyed_by_code():
    text = "2020年钟楼区深入学习。省教育厅、教育部专家来钟楼调研。鼓楼区也来交流。全市推进。"
    mentions = [(T.REGION, "钟楼区"), (T.REGION, "钟楼"), (T.REGION, "鼓楼区"), (T.REGION, "全市")]
    report = link_report(make_result(text, mentions, region="常州市钟楼区"))
    assert report.mention_keys[3] == "region/320400"  # 全市 in a district report: the parent city
    zl = report.entities["region/320404"]
    assert (zl.label, zl.parent_code, zl.alt_labels) == ("钟楼区", "320400", {"钟楼"})
    assert len(zl.mentions) == 2
    # 鼓楼区 exists in four cities, none in 常州: no guess, a name-keyed region
    gl = _by_surface(report, "鼓楼区")
    assert gl.key.startswith("region/x-") and gl.region_code is None


def test_resolve_name_index_covers_surface_canonical_and_deictic():
    report = link_report(make_result(ZHONGLOU, [(T.GOVERNMENT, "区政府"), (T.REGION, "钟楼")],
                                     region="常州市钟楼区"))
    gov = entity_key(T.GOVERNMENT, "常州市钟楼区人民政府", "320404")
    assert report.name_index[("Government", "区政府")] == gov
    assert report.name_index[("Government", "常州市钟楼区人民政府")] == gov
    assert report.name_index[("Region", "钟楼")] == "region/320404"
    assert report.name_index[("Region", "全区")] == "region/320404"
    assert report.name_index[("Region", "全市")] == "region/320400"
    assert ("Region", "全县") not in report.name_index


def test_resolve_generic_mentions_are_not_entities():
    text = "各中小学认真落实。觅小、荆川小学分别承办了市区级开放活动。"
    report = link_report(make_result(text, [(T.SCHOOL, "各中小学"), (T.SCHOOL, "荆川小学")],
                                     region="常州市钟楼区", generic=("各中小学",)))
    assert report.mention_keys[0] is None
    assert report.mention_keys[1] == entity_key(T.SCHOOL, "荆川小学", "320404")


def test_resolve_same_school_in_two_reports_gets_one_key():
    a = make_result("觅小、荆川小学分别承办了市区级开放活动。", [(T.SCHOOL, "荆川小学")], region="常州市钟楼区")
    b = make_result("常州市钟楼区荆川小学获评省文明校园。", [(T.SCHOOL, "常州市钟楼区荆川小学")],
                    issuer="常州市钟楼区教育文体局")
    ra, rb = link_corpus([a, b])
    ka, kb = ra.mention_keys[0], rb.mention_keys[0]
    assert ka == kb == entity_key(T.SCHOOL, "常州市钟楼区荆川小学", "320404")
    assert ra.entities[ka].label == "常州市钟楼区荆川小学"
    assert ra.entities[ka].alt_labels == {"荆川小学"}


def test_resolve_prefixed_and_bare_group_names_merge_in_same_region():
    text = "钟楼区运河记忆社区教育集团成立。运河记忆社区教育集团开展活动。"
    report = link_report(make_result(text, [(T.EDUCATION_GROUP, "钟楼区运河记忆社区教育集团"),
                                            (T.EDUCATION_GROUP, "运河记忆社区教育集团")], region="常州市钟楼区"))
    assert report.mention_keys[0] == report.mention_keys[1]
    assert report.entities[report.mention_keys[0]].label == "钟楼区运河记忆社区教育集团"


def test_resolve_abbreviation_merges_with_full_name_in_same_region():
    a = make_result(WUJIN, [(T.SCHOOL, "星实小")], issuer="常州市武进区教育局")
    b = make_result("武进区星河实验小学开展劳动教育。", [(T.SCHOOL, "武进区星河实验小学")], region="常州市武进区")
    ra, rb = link_corpus([a, b])
    assert ra.mention_keys[0] == rb.mention_keys[0]
    assert ra.entities[ra.mention_keys[0]].label == "武进区星河实验小学"


def test_resolve_initial_abbreviation_merges_only_when_unique():
    text = "觅小、荆川小学分别承办了市区级开放活动。觅渡桥小学获评先进。"
    report = link_report(make_result(text, [(T.SCHOOL, "觅小"), (T.SCHOOL, "荆川小学"), (T.SCHOOL, "觅渡桥小学")],
                                     region="常州市钟楼区"))
    assert report.mention_keys[0] == report.mention_keys[2] != report.mention_keys[1]
    text2 = text + "觅园小学也参加。"
    ambiguous = link_report(make_result(text2, [(T.SCHOOL, "觅小"), (T.SCHOOL, "觅渡桥小学"), (T.SCHOOL, "觅园小学")],
                                        region="常州市钟楼区"))
    assert len(set(ambiguous.mention_keys)) == 3


def test_resolve_abbreviation_not_merged_across_regions():
    a = make_result(WUJIN, [(T.SCHOOL, "星实小")], issuer="常州市武进区教育局")
    b = make_result("星河实验小学开展劳动教育。", [(T.SCHOOL, "星河实验小学")], region="衢州市衢江区")
    ra, rb = link_corpus([a, b])
    assert ra.mention_keys[0] != rb.mention_keys[0]
    assert rb.entities[rb.mention_keys[0]].region_code == "330803"


def test_resolve_bare_school_names_in_different_districts_stay_apart():
    a = make_result("觅小、荆川小学分别承办了活动。", [(T.SCHOOL, "荆川小学")], region="常州市钟楼区")
    b = make_result("荆川小学开展活动。", [(T.SCHOOL, "荆川小学")], region="常州市武进区")
    ra, rb = link_corpus([a, b])
    assert ra.mention_keys[0] != rb.mention_keys[0]


def test_resolve_keys_are_stable_golden_values():
    assert entity_key(T.GOVERNMENT, "常州市钟楼区人民政府", "320404") == "government/0f705ef22d72"
    assert entity_key(T.EDUCATION_GROUP, "钟楼区运河记忆社区教育集团", "320404") == "education-group/543471d1f850"
    # the docs/MODEL.md formula: first 12 hex of sha1("{Type}|{canonical}|{region code}")
    digest = hashlib.sha1("School|荆川小学|320404".encode("utf-8")).hexdigest()[:12]
    assert entity_key(T.SCHOOL, "荆川小学", "320404") == f"school/{digest}"
    assert entity_key(T.REGION, "钟楼区", "320404") == "region/320404"
    assert entity_key(T.REGION, "鼓楼区", None).startswith("region/x-")


def test_resolve_link_corpus_is_deterministic_and_order_independent():
    a = make_result(ZHONGLOU, [(T.GOVERNMENT, "区政府"), (T.GOVERNMENT, "市局")], region="常州市钟楼区")
    b = make_result(WUJIN, [(T.GOVERNMENT, "区委教育工委"), (T.SCHOOL, "星实小")], issuer="常州市武进区教育局")
    first = link_corpus([a, b])
    second = link_corpus([b, a])
    assert first[0].mention_keys == second[1].mention_keys
    assert first[1].mention_keys == second[0].mention_keys
    assert list(first[0].entities) == sorted(first[0].entities)


def test_resolve_integration_with_entity_extractor():
    entities = pytest.importorskip("kg.extract.entities")
    result = make_result(ZHONGLOU, [], issuer="常州市钟楼区人民政府")
    result.mentions = entities.extract_mentions(result.document)
    report = link_report(result)
    labels = {report.entities[k].label for k in report.mention_keys if k}
    assert "中共常州市钟楼区委教育工作委员会" in labels
    assert "常州市教育局" in labels
    assert report.name_index[("Government", "区政府")] == entity_key(T.GOVERNMENT, "常州市钟楼区人民政府", "320404")


def test_resolve_short_organ_ending_joins_the_full_form_in_the_same_region():
    text = "常州市钟楼区教育文体局工作思路。钟楼区教文局牵头。钟楼区教育文体局负责。"
    result = make_result(text, [(T.GOVERNMENT, "钟楼区教文局"), (T.GOVERNMENT, "钟楼区教育文体局")],
                         region="常州市钟楼区")
    (report,) = link_corpus([result])
    short, full = _by_surface(report, "钟楼区教文局"), _by_surface(report, "钟楼区教育文体局")
    assert short is full
    assert full.label == "常州市钟楼区教育文体局" and "钟楼区教文局" in full.alt_labels


def test_resolve_short_organ_ending_alone_stays_as_written():
    result = make_result("钟楼区教文局牵头。", [(T.GOVERNMENT, "钟楼区教文局")], region="常州市钟楼区")
    (report,) = link_corpus([result])
    assert _by_surface(report, "钟楼区教文局").label == "常州市钟楼区教文局"


def test_resolve_school_named_with_a_higher_level_lies_in_the_report_region():
    result = make_result("省前中、省武高两校获评。江苏省前黄高级中学。",
                         [(T.SCHOOL, "江苏省前黄高级中学")], region="常州市武进区")
    (report,) = link_corpus([result])
    school = _by_surface(report, "江苏省前黄高级中学")
    assert school.region_code == "320412"  # 武进区, not 江苏省


def test_resolve_distinct_protos_give_the_keys_of_every_mention():
    """Resolution over distinct protos equals resolving each mention (equal protos share a key)."""
    from kg.link.merge import merge
    from kg.link.regions import region_table
    from kg.link.resolve import LinkInput, Resolution, intern_protos
    from kg.link.merge import Proto
    from kg.model import EntityType

    table = region_table()
    a = Proto(EntityType.SCHOOL, "南京市玄武区实验小学", "实验小学", "320102")
    b = Proto(EntityType.SCHOOL, "实验小学", "实验小学", None)
    c = Proto(EntityType.SCHOOL, "玄武实小", "实小", "320102")
    first = LinkInput("r1", ("320102",), ((0, a), (1, b), (2, a)))
    second = LinkInput("r2", ("320102",), ((0, Proto(*a.__dict__.values())), (3, c)))
    seen: dict = {}
    first, second = intern_protos(first, seen), intern_protos(second, seen)
    assert second.protos[0][1] is first.protos[0][1]  # one object per distinct proto
    keys = Resolution([first, second], table)
    one, two = keys.for_report(first), keys.for_report(second)
    uf = merge([a, b, a, a, c], table)  # every mention, as before the dedup
    same = {(i, j) for i in range(5) for j in range(5) if uf.find(i) == uf.find(j)}
    mention_keys = [one.keys[0][2], one.keys[1][2], one.keys[2][2], two.keys[0][2], two.keys[1][2]]
    assert {(i, j) for i in range(5) for j in range(5) if mention_keys[i] == mention_keys[j]} == same
    assert [k[0] for k in two.keys] == [0, 3] and one.keys[0][1] == "南京市玄武区实验小学"
