"""Format dispatch by magic bytes: DOCX, PDF, HTML, Markdown, and files whose extension lies."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import load_document
from kg.ingest.read import DOCX, HTML, MARKDOWN, PDF, TEXT, reflow_pdf_page

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"

DOCX_TEXT = """南湖区教育局2020年工作总结
青溪市南湖区教育局
2020年，全区教育事业稳步发展。
一、主要工作
项目 数量
新建学校 2所
（一）学校建设。新建学校2所，新增学位1800个。"""


def test_load_document_docx_drops_bookmark_artefact_and_keeps_table_rows() -> None:
    doc = load_document(FIXTURES / "report.docx")
    assert doc.media_type == DOCX
    assert doc.text == DOCX_TEXT
    assert "bookmark" not in doc.text and "_GoBack" not in doc.text
    assert (doc.meta.title, doc.meta.issuer, doc.meta.region) == ("南湖区教育局2020年工作总结", "青溪市南湖区教育局", "青溪市南湖区")


def test_load_document_pdf_reflows_wrapped_lines_and_drops_page_numbers() -> None:
    doc = load_document(FIXTURES / "report.pdf")
    assert doc.media_type == PDF
    assert doc.text == (
        "Annual Education Report 2020\n1. Overview\n"
        "The district opened three new schools and enrolled five thousand new pupils in 2020."
    )
    assert [h.title for h in doc.headings] == ["Overview"]


def test_reflow_pdf_page_keeps_breaks_after_full_stops_and_before_headings() -> None:
    page = "一、总体情况\n全区共有学校五十二所其中幼儿园二十所小学\n二十所初中十二所。\n二、主要做法"
    assert reflow_pdf_page(page) == "一、总体情况\n全区共有学校五十二所其中幼儿园二十所小学二十所初中十二所。\n二、主要做法"


def test_load_document_markdown_markup_is_removed() -> None:
    doc = load_document(FIXTURES / "news.md")
    assert doc.media_type == MARKDOWN
    assert doc.text == (
        "南湖区举行2021年教育工作会议\n\n本报讯（记者 王明）2月3日，南湖区召开2021年教育工作会议。\n\n"
        "会议总结了2020年工作。\n会议部署了2021年重点任务。"
    )
    assert doc.meta.genre is not None and doc.meta.genre.value == "news"


@pytest.mark.parametrize(
    ("name", "media_type", "same_as"),
    [
        ("docx_really.txt", DOCX, "report.docx"),
        ("text_really.docx", TEXT, "report_utf8.txt"),
        ("gov_page_really.txt", HTML, "gov_page.html"),
    ],
)
def test_load_document_reads_a_file_by_its_real_format_and_warns(
    name: str, media_type: str, same_as: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="kg"):
        doc = load_document(FIXTURES / name)
    assert doc.media_type == media_type
    assert doc.doc_id == load_document(FIXTURES / same_as).doc_id
    assert any(name in record.getMessage() and "the content is" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("legacy_really.docx", "a legacy Word/Excel (OLE2) file, not supported: save it as .docx"),
        ("archive_really.docx", "an Excel workbook, not a Word .docx document"),
        ("broken.pdf", "corrupt PDF file"),
    ],
)
def test_load_document_unreadable_formats_are_reported_with_the_file_name(name: str, problem: str) -> None:
    path = FIXTURES / name
    with pytest.raises(InputError) as caught:
        load_document(path)
    assert caught.value.path == str(path)
    assert caught.value.problem.startswith(problem)


def test_load_document_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nowhere.txt: no such file"):
        load_document(tmp_path / "nowhere.txt")


def test_load_document_page_of_only_chrome_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "chrome.html"
    path.write_text("<html><body><div>【打印本页】【关闭窗口】</div><p>苏ICP备05028197号</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="no text left after removing page chrome"):
        load_document(path)
