"""A city education bureau's work plan as a GB18030 portal page: navigation links, a 来源 line and a
footer address in another district must not mislead cleaning or metadata."""

from __future__ import annotations

from pathlib import Path

from kg.ingest import load_document
from kg.model import Genre

PAGE = Path(__file__).parents[1] / "fixtures" / "ingest" / "city_plan_gb18030.html"


def test_ingest_portal_page_drops_link_lists_and_footer():
    doc = load_document(PAGE)
    assert doc.text.splitlines()[0] == "遵义市教育局2022年工作要点"
    assert "首页" not in doc.text and "ICP" not in doc.text and "打印本页" not in doc.text
    assert "新增学位9000个" in doc.text


def test_ingest_portal_page_metadata_from_title_and_source_line():
    meta = load_document(PAGE).meta
    assert meta.issuer == "遵义市教育局"  # from 来源：…
    assert meta.region == "遵义市"  # the issuer's city, not the footer address's district
    assert (meta.published, meta.year, meta.genre) == ("2022-02-18", 2022, Genre.WORK_PLAN)
