"""Cleaning: normalisation, page chrome, metadata tables, repeated bodies and summaries."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kg.ingest import document_from_text, load_document
from kg.ingest.clean import clean, normalise_lines
from kg.ingest.html import html_to_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"

REPORT_TEXT = """南湖区人民政府2020年度履行教育职责自评报告
青溪市南湖区人民政府
2020年12月8日

一、基本情况
全区现有学校52所，其中幼儿园20所。“十三五”期间新建学校6所！
（一）加大投入。2020年教育经费3.5亿元，比上年增长8%；生均经费1.2万元。
1.学前教育。实施《南湖区学前教育三年行动计划（2020—2022年）》。他说：“要办好教育。我们做到了！”
二、存在问题
优质资源仍显不足？"""

GOV_PAGE_TEXT = """南湖区教育局2021年工作要点
2021年，南湖区教育局将坚持立德树人根本任务，推进教育高质量发展。
一、总体目标
新建学校3所，新增学位2700个。
二、重点工作
（一）推进集团化办学。组建教育集团4个。"""


def test_clean_messy_export_gives_the_plain_report_text() -> None:
    # CRLF, indentation, zero-width and control characters, blank-line runs, a Word bookmark.
    assert load_document(FIXTURES / "report_messy.txt").text == REPORT_TEXT
    assert load_document(FIXTURES / "report_utf8.txt").text == REPORT_TEXT


def test_clean_gov_page_keeps_only_the_article() -> None:
    doc = load_document(FIXTURES / "gov_page.html")
    assert doc.text == GOV_PAGE_TEXT
    for chrome in ("网站首页", "当前位置", "信息名称", "索", "打印本页", "关闭窗口", "相关链接", "分享到", "ICP备", "公网安备", "地址", "主办单位", "menu"):
        assert chrome not in doc.text


def test_clean_gov_page_metadata_table_is_parsed_before_it_is_dropped() -> None:
    lines, _ = html_to_text((FIXTURES / "gov_page.html").read_text(encoding="utf-8"))
    assert clean(lines).fields == {
        "title": "南湖区教育局2021年工作要点",
        "index": "001122/2021-00003",
        "issuer": "区教育局",
        "published": "2021-02-03",
        "category": "计划总结",
        "summary": "2021年，南湖区教育局将坚持立德树人根本任务……",
    }


def test_clean_several_fields_on_one_line_with_spaced_labels() -> None:
    cleaned = clean("索 引 号:014/2019-00001\n文件编号: 发布机构:教文局\n产生日期: 2019-01-07 发布日期: 2019-01-08 废止日期: 有效\n正文一句。")
    assert cleaned.text == "正文一句。"
    assert cleaned.fields == {"index": "014/2019-00001", "issuer": "教文局", "created": "2019-01-07", "published": "2019-01-08", "expires": "有效"}


def test_clean_duplicated_body_appears_once() -> None:
    doc = load_document(FIXTURES / "duplicated_body.txt")
    assert doc.text == (
        "南湖区2019年教育工作总结\n2019年，南湖区教育工作取得新进展。全年新建学校2所。\n一、主要成效\n"
        "学前教育普及率达到98%。\n二、存在不足\n优质资源总量不足。"
    )


def test_clean_summary_that_repeats_the_body_is_dropped() -> None:
    doc = load_document(FIXTURES / "summary_page.txt")
    assert doc.text == (
        "南湖区教育局2022年工作计划\n一、推进学校建设\n新建学校3所，改扩建学校2所，新增学位2700个，确保秋季按时开学。\n"
        "二、提升教师素质\n开展全员培训，培训教师3000人次。"
    )


def test_clean_bulleted_navigation_menu_is_dropped() -> None:
    text = "• 繁体版\n  • 无障碍\n  • 网站首页\n  • 新闻中心\n南湖区2020年教育工作总结\n全年新建学校2所。"
    assert clean(text).text == "南湖区2020年教育工作总结\n全年新建学校2所。"


def test_clean_trailing_widgets_and_search_blocks_are_dropped() -> None:
    text = "正文最后一段，内容完整。\n招标\n|\n- 关注我们可获得更多信息 |\n关注 |\n最近搜索\n无\n热门搜索\n无"
    assert clean(text).text == "正文最后一段，内容完整。"


def test_clean_footer_lines_are_dropped_but_signature_lines_kept() -> None:
    text = (
        "正文一句。\n南湖区教育局\n2021年3月1日\n【打印】【关闭】\n联系我们 | 网站地图\n"
        "主办单位：南湖区人民政府办公室\n联系电话：0123-4567890\n版权所有 南湖区人民政府\n浙ICP备12345678号-1"
    )
    assert clean(text).text == "正文一句。\n南湖区教育局\n2021年3月1日"


def test_clean_short_lines_inside_the_body_are_kept() -> None:
    text = "前言\n全区现有学校52所。\n基本情况\n学生三万人。\n结语\n继续努力。"
    assert clean(text).text == text


def test_clean_keeps_full_width_characters_as_written() -> None:
    assert clean("全区学校５２所，增长１０％。").text == "全区学校５２所，增长１０％。"


def test_clean_collapses_blank_lines_and_strips_control_and_zero_width_characters() -> None:
    assert clean("\ufeff甲\u200b乙。\x00\r\n\r\n\r\n\u3000丙\x1f丁。\u2028戊。\n\n").text == "甲乙。\n\n丙丁。\n戊。"


def test_normalise_lines_removes_word_bookmark_artefacts() -> None:
    assert normalise_lines("[bookmark: _GoBack]2020年，正文。[bookmark: OLE_LINK1]") == ["2020年，正文。"]


def test_document_from_text_html_media_type_renders_markup() -> None:
    doc = document_from_text("<p>第一段。</p><p>第二段。<br>第三行。</p>", media_type="text/html")
    assert doc.text == "第一段。\n第二段。\n第三行。"


_LINES = st.lists(
    st.sampled_from([
        "", "网站首页", "• 新闻中心", "打印本页", "苏ICP备05028197号", "信息名称:南湖区工作要点", "|",
        "相关链接", "一、总体情况", "全区现有学校52所。", "新建学校2所，改扩建学校1所。", "南湖区教育局", "2020年12月",
        "基本情况", "南湖区2020年工作总结",
    ]),
    max_size=25,
)


@given(_LINES)
def test_clean_only_deletes_lines_and_is_idempotent(lines: list[str]) -> None:
    text = "\n".join(lines)
    cleaned = clean(text).text
    source_lines = set(normalise_lines(text))
    assert all(line in source_lines for line in cleaned.split("\n") if line)
    assert clean(cleaned).text == cleaned
