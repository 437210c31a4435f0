"""Metadata: title, issuer, published date, period/year, region, genre by general rules."""

from __future__ import annotations

import pytest

from kg.ingest import document_from_text
from kg.ingest.names import cn_number, first_year, is_date_line, name_before, organ_name, parse_date, qualified_region
from kg.model import Genre


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2020年12月8日", "2020-12-08"),
        ("二〇二〇年十二月", "2020-12"),
        ("二〇一九年十月二十八日", "2019-10-28"),
        ("产生日期: 2019-01-07 发布日期: 2019-01-07", "2019-01-07"),
        ("2021/3/5", "2021-03-05"),
        ("2020年12月", "2020-12"),
        ("索引号 014119491/2019-00001", None),
        ("2020年度", None),
        ("2020年13月", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_is_date_line_only_for_a_bare_date() -> None:
    assert is_date_line("二〇二〇年十二月") and is_date_line("2021年3月1日")
    assert not is_date_line("2020年12月8日召开会议") and not is_date_line("2020年度")


@pytest.mark.parametrize(("text", "value"), [("十二", 12), ("二十八", 28), ("三十一", 31), ("十", 10), ("二〇二〇", 2020), ("07", 7), ("X", None)])
def test_cn_number(text: str, value: int | None) -> None:
    assert cn_number(text) == value


def test_first_year_keeps_the_period_as_written() -> None:
    assert first_year("——2020年度钟楼区人民政府履行教育职责自评报告") == ("2020年度", 2020)
    assert first_year("2021年武进区教育工作总结及2022年工作打算") == ("2021年", 2021)
    assert first_year("二〇一九年工作要点") == ("二〇一九年", 2019)
    assert first_year("第1850年") is None


def test_organ_name_splits_region_and_organ() -> None:
    assert organ_name("青溪市南湖区人民政府") == ("青溪市南湖区", "人民政府")
    assert organ_name("临江县教育体育局") == ("临江县", "教育体育局")
    assert organ_name("阿拉善盟教育局") == ("阿拉善盟", "教育局")
    assert organ_name("区教育局") is None
    assert organ_name("南湖区人民政府2020年度履行教育职责自评报告") is None


def test_name_before_chooses_the_left_edge_the_text_uses() -> None:
    text = "中共青溪市南湖区委。青溪市教育局。青溪市南湖区。"
    assert name_before(text, text.index("市"), "市", text) == "青溪市"
    text = "在石家庄市长安区"
    assert name_before(text, text.index("市"), "市", text) == "石家庄市"


def test_name_before_prefers_the_admin_table_name_over_a_function_word_rule() -> None:
    # 和 is a function word, so without the table 呼和浩特市 would be cut to 浩特市
    text = "品牌获评呼和浩特市一校一品项目。中共呼和浩特市武川县委"
    assert name_before(text, text.index("市"), "市", text) == "呼和浩特市"
    assert qualified_region("武川县", text) == "呼和浩特市武川县"
    doc = document_from_text("2021年武川县教育工作总结\n全县获评呼和浩特市项目。呼和浩特市武川县教育局。")
    assert doc.meta.region == "呼和浩特市武川县"


def test_qualified_region_adds_the_city_the_text_names() -> None:
    assert qualified_region("南湖区", "地址：江苏省青溪市南湖区湖滨路1号") == "青溪市南湖区"
    assert qualified_region("南湖区", "南湖区教育局") == "南湖区"


def test_meta_title_joins_a_dash_subtitle_line() -> None:
    doc = document_from_text("办好人民满意的教育\n——南湖区2020年度履行教育职责自评报告\n青溪市南湖区人民政府\n正文一句。")
    assert doc.meta.title == "办好人民满意的教育——南湖区2020年度履行教育职责自评报告"
    assert (doc.meta.issuer, doc.meta.region, doc.meta.period, doc.meta.year) == ("青溪市南湖区人民政府", "青溪市南湖区", "2020年度", 2020)
    assert doc.meta.genre is Genre.SELF_EVALUATION


def test_meta_title_is_none_when_the_report_starts_with_prose() -> None:
    doc = document_from_text("2021年，全区教育工作稳步推进。现将工作总结如下：\n一、主要成效\n新建学校2所。")
    assert doc.meta.title is None
    assert (doc.meta.period, doc.meta.year, doc.meta.genre) == ("2021年", 2021, Genre.WORK_SUMMARY)


def test_meta_issuer_abbreviation_is_expanded_with_the_report_region() -> None:
    text = "发布机构:教文局\n发布日期:2019-01-07\n南湖区2019年工作思路\n2019年，南湖区教育文体局将深化改革。\n主办单位:青溪市南湖区人民政府办公室"
    doc = document_from_text(text)
    assert doc.text == "南湖区2019年工作思路\n2019年，南湖区教育文体局将深化改革。"
    assert (doc.meta.issuer, doc.meta.region, doc.meta.published) == ("青溪市南湖区教育文体局", "青溪市南湖区", "2019-01-07")
    assert doc.meta.genre is Genre.WORK_PLAN


def test_meta_issuer_abbreviation_stays_as_written_without_a_full_form() -> None:
    doc = document_from_text("发布机构:教文局\n南湖区2019年工作思路\n全区学校52所。\n地址:青溪市南湖区湖滨路1号")
    assert doc.meta.issuer == "青溪市南湖区教文局"


def test_meta_issuer_from_the_reports_own_clause_initial_reference() -> None:
    text = "2021年，全区教育稳步发展，现将工作总结如下。\n中共青溪市南湖区委教育工委召开会议。\n2022年，区教育局将继续推进南湖区教育发展。区教育局获评先进。"
    doc = document_from_text(text)
    assert (doc.meta.issuer, doc.meta.region) == ("青溪市南湖区教育局", "青溪市南湖区")


def test_meta_no_issuer_or_region_is_invented() -> None:
    doc = document_from_text("关于做好春季开学工作的说明\n各校要做好准备。")
    assert (doc.meta.issuer, doc.meta.region, doc.meta.published, doc.meta.year, doc.meta.genre) == (None, None, None, None, None)


def test_meta_published_from_a_signature_date_line() -> None:
    doc = document_from_text("南湖区2020年工作总结\n正文一句。\n青溪市南湖区教育局\n二〇二一年一月五日")
    assert (doc.meta.published, doc.meta.issuer) == ("2021-01-05", "青溪市南湖区教育局")


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("南湖区2021年教育工作总结及2022年工作打算", Genre.WORK_SUMMARY),
        ("南湖区教育局2021年工作要点", Genre.WORK_PLAN),
        ("南湖区人民政府2019年度履行教育职责自评报告", Genre.SELF_EVALUATION),
        ("南湖区教育局关于开展读书月活动的说明", None),
    ],
)
def test_meta_genre_from_the_title(title: str, genre: Genre | None) -> None:
    assert document_from_text(f"{title}\n各校要做好准备。").meta.genre is genre


def test_meta_news_only_with_a_dateline() -> None:
    news = document_from_text("南湖区召开教育工作会议\n本报讯（记者 王明）3月1日，南湖区召开会议。")
    assert news.meta.genre is Genre.NEWS


def test_meta_html_hints_give_title_and_date() -> None:
    html = (
        '<html><head><title>南湖区教育局2021年工作要点_青溪市南湖区人民政府</title>'
        '<meta name="PubDate" content="2021-02-03 09:30"></head><body><p>全区学校52所。</p></body></html>'
    )
    doc = document_from_text(html, media_type="text/html")
    assert (doc.meta.title, doc.meta.published, doc.meta.genre) == ("南湖区教育局2021年工作要点", "2021-02-03", Genre.WORK_PLAN)


def test_meta_site_name_in_the_page_header_is_not_the_title() -> None:
    html = (
        "<html><body><header><h1>青溪市南湖区人民政府门户网站</h1></header>"
        "<article><h1>南湖区2021年教育工作总结</h1><p>全区学校52所。</p></article></body></html>"
    )
    doc = document_from_text(html, media_type="text/html")
    assert doc.text == "南湖区2021年教育工作总结\n全区学校52所。"
    assert doc.meta.title == "南湖区2021年教育工作总结"
