"""Tests for kg.link.regions: the national admin-division table and its lookups."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.link.regions import region_table, short_name


@pytest.fixture(scope="module")
def table():
    return region_table()


@pytest.mark.parametrize(
    ("code", "name", "level", "parent"),
    [
        ("110000", "北京市", "province", None),
        ("320000", "江苏省", "province", None),
        ("320400", "常州市", "city", "320000"),
        ("320404", "钟楼区", "county", "320400"),
        ("330800", "衢州市", "city", "330000"),
        ("330803", "衢江区", "county", "330800"),
        ("110105", "朝阳区", "county", "110000"),  # municipality districts hang on the province code
        ("419001", "济源市", "county", "410000"),  # province-administered county-level city
    ],
)
def test_regions_known_codes_and_parents(table, code, name, level, parent):
    region = table.by_code(code)
    assert region is not None
    assert (region.name, region.level, region.parent) == (name, level, parent)


def test_regions_table_size_and_levels(table):
    levels = sorted({table.by_code(c).level for c in ("110000", "320400", "320404")})
    assert levels == ["city", "county", "province"]
    assert 3000 <= len(table) <= 3600
    assert table.by_code("999999") is None


def test_regions_candidates_of_ambiguous_names(table):
    assert [r.code for r in table.candidates("鼓楼区")] == ["320106", "320302", "350102", "410204"]
    assert [r.code for r in table.candidates("朝阳区")] == ["110105", "220104"]
    # short name: 朝阳 also names 朝阳市 and 朝阳县
    assert {"110105", "220104", "211300"} <= {r.code for r in table.candidates("朝阳")}


def test_regions_ambiguous_name_without_context_is_none(table):
    assert table.resolve("鼓楼区") is None
    assert table.resolve("朝阳区") is None
    assert table.resolve("鼓楼") is None


def test_regions_ambiguous_name_resolved_by_context(table):
    assert table.resolve("鼓楼区", ["350100"]).code == "350102"  # 福州市
    assert table.resolve("鼓楼区", ["南京市"]).code == "320106"
    assert table.resolve("朝阳区", ["110000"]).code == "110105"
    assert table.resolve("朝阳区", ["长春市"]).code == "220104"
    # a report from a sibling district: context expands to its ancestors
    assert table.resolve("新北区", ["320404"]).code == "320411"
    # context that still leaves two candidates stays honest
    assert table.resolve("鼓楼区", ["320400"]) is None


def test_regions_unique_names_resolve_without_context(table):
    assert table.resolve("钟楼区").code == "320404"
    assert table.resolve("钟楼").code == "320404"
    assert table.resolve("衢州").code == "330800"
    assert table.resolve("常州市钟楼区").code == "320404"
    assert table.resolve("没有这个地方") is None


def test_regions_ancestors_nearest_first(table):
    assert [r.code for r in table.ancestors("320404")] == ["320400", "320000"]
    assert [r.code for r in table.ancestors("110105")] == ["110000"]
    assert table.ancestors("320000") == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("江苏省常州市钟楼区", ["320000", "320400", "320404"]),
        ("常州市钟楼区", ["320400", "320404"]),
        ("衢州市衢江区", ["330800", "330803"]),
        ("常州市钟楼区人民政府", ["320400", "320404"]),
        ("北京市朝阳区教育委员会", ["110000", "110105"]),
        ("南京市鼓楼区", ["320100", "320106"]),
        ("江苏常州", ["320000", "320400"]),
        ("常州市鼓楼区", ["320400"]),  # 常州 has no 鼓楼区: stop, never jump to another city
        ("鼓楼区", []),
        ("教育局", []),
    ],
)
def test_regions_parse_path(table, text, codes):
    assert [r.code for r in table.parse_path(text)] == codes


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("江苏省", "江苏"),
        ("常州市", "常州"),
        ("钟楼区", "钟楼"),
        ("浦东新区", "浦东"),
        ("内蒙古自治区", "内蒙古"),
        ("广西壮族自治区", "广西"),
        ("新疆维吾尔自治区", "新疆"),
        ("香港特别行政区", "香港"),
        ("大理白族自治州", "大理"),
        ("伊犁哈萨克自治州", "伊犁"),
        ("双江拉祜族佤族布朗族傣族自治县", "双江"),
        ("长白朝鲜族自治县", "长白"),
        ("阿拉善盟", "阿拉善"),
        ("神农架林区", "神农架"),
        ("大兴安岭地区", "大兴安岭"),
        ("云县", "云县"),  # one character would remain: keep the full name
        ("城区", "城区"),
        ("阿拉善左旗", "阿拉善左旗"),
    ],
)
def test_regions_short_name_rules(name, short):
    assert short_name(name) == short


def test_regions_names_include_full_and_short(table):
    names = table.names()
    assert {"江苏省", "江苏", "钟楼区", "钟楼", "大理白族自治州", "大理"} <= names
    assert "云" not in names and all(len(n) >= 2 for n in names)


def test_regions_stored_short_names_match_rules(table):
    for code in ("320000", "532900", "530925", "152900"):
        region = table.by_code(code)
        assert region.short_name == short_name(region.name)


@given(st.text(max_size=30))
@settings(max_examples=200, deadline=None)
def test_regions_lookups_total_on_arbitrary_text(text):
    table = region_table()
    short = short_name(text) if text else text
    assert len(short) >= min(2, len(text)) and text.startswith(short)
    region = table.resolve(text)
    assert region is None or text in (region.name, region.short_name) or text.endswith(region.name) or text.endswith(region.short_name)
    path = table.parse_path(text)
    assert all(b.parent is not None for b in path[1:])
