"""The four sample reports in data/reports against the gold headers in tests/gold."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from kg.ingest import document_from_text, load_document
from kg.model import Document

ROOT = Path(__file__).parents[2]
REPORTS = sorted((ROOT / "data" / "reports").glob("*.txt"))


def _gold(report: Path) -> dict:
    return json.loads((ROOT / "tests" / "gold" / f"{report.name[:3]}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=REPORTS, ids=lambda p: p.name[:3])
def sample(request: pytest.FixtureRequest) -> tuple[Path, Document]:
    return request.param, load_document(request.param)


def test_samples_are_present() -> None:
    assert [p.name[:3] for p in REPORTS] == ["000", "001", "002", "003"]


def test_sample_metadata_matches_gold_header(sample: tuple[Path, Document]) -> None:
    report, doc = sample
    gold = _gold(report)
    found = {"issuer": doc.meta.issuer, "region": doc.meta.region, "year": doc.meta.year, "genre": doc.meta.genre and doc.meta.genre.value}
    assert found == {key: gold[key] for key in found}
    if report.name.startswith("001"):
        # 001 has no title line: it opens with prose. The gold title was named by the annotator
        # from outside the text; metadata never invents one.
        assert doc.meta.title is None
        assert gold["title"] not in doc.text
    else:
        assert doc.meta.title == gold["title"]


def test_sample_spans_round_trip(sample: tuple[Path, Document]) -> None:
    _, doc = sample
    assert doc.sentences and doc.paragraphs
    for sentence in doc.sentences:
        piece = doc.text[sentence.span.start : sentence.span.end]
        assert piece == piece.strip() and piece
    for heading in doc.headings:
        assert doc.text[heading.span.start : heading.span.end] == heading.marker + doc.text[heading.span.start + len(heading.marker) : heading.span.end]
        assert doc.text[heading.span.start : heading.span.end].endswith(heading.title)
    covered = "".join(doc.text[s.span.start : s.span.end] for s in doc.sentences)
    assert "".join(doc.text.split()) == "".join(covered.split())


def test_sample_doc_id_is_the_hash_of_the_cleaned_text(sample: tuple[Path, Document]) -> None:
    _, doc = sample
    assert doc.doc_id == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:16]


def test_sample_reencoded_as_gb18030_keeps_its_doc_id(sample: tuple[Path, Document], tmp_path: Path) -> None:
    report, doc = sample
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(report.read_text(encoding="utf-8").encode("gb18030"))
    assert load_document(copy).doc_id == doc.doc_id


def test_sample_chrome_never_reaches_the_text(sample: tuple[Path, Document]) -> None:
    _, doc = sample
    for chrome in ("[bookmark", "网站首页", "繁体版", "信息名称", "索 引 号", "组配分类", "发布机构", "内容概述", "打印本页", "关闭窗口",
                   "网站地图", "主办单位", "ICP备", "公网安备", "联系电话", "最近搜索", "热门搜索", "关注我们", "招标"):  # fmt: skip
        assert chrome not in doc.text, chrome


def test_sample_000_heading_with_body_after_the_stop() -> None:
    doc = load_document(REPORTS[0])
    heading = next(h for h in doc.headings if h.marker == "（一）")
    assert doc.text[heading.span.start : heading.span.end] == "（一）强化责任，突出党的全面领导"
    assert heading.level == 2 and doc.headings[0].level == 1
    text = doc.text.split("\n")
    assert text[:3] == ["聚焦优质均衡普惠，全力推动钟楼教育高质量发展", "——2020年度钟楼区人民政府履行教育职责自评报告", "常州市钟楼区人民政府"]


def test_sample_002_title_and_tail_appear_once() -> None:
    doc = load_document(REPORTS[2])
    assert doc.text.count("衢江区人民政府2019年度履行教育职责自评报告") == 1
    assert doc.meta.published == "2020-12"
    assert doc.text.split("\n")[-1].startswith("(四)加强中小学教师队伍建设。")


def test_sample_003_metadata_table_and_summary_gone_title_once() -> None:
    doc = load_document(REPORTS[3])
    assert doc.text.count("立足公平、优质、普惠,发展钟楼教育文体事业——2019年钟楼教育文体局工作思路") == 1
    assert doc.text.startswith("立足公平、优质、普惠,发展钟楼教育文体事业")
    assert doc.text.count("2019年,钟楼区教育文体局将认真贯彻落实") == 1  # the 内容概述 copy is gone
    assert doc.meta.published == "2019-01-07"
    assert doc.text.endswith("向中华人民共和国成立70周年献礼!")


def test_sample_cleaned_text_ingested_again_is_unchanged(sample: tuple[Path, Document]) -> None:
    _, doc = sample
    again = document_from_text(doc.text, source="again")
    assert (again.text, again.doc_id) == (doc.text, doc.doc_id)
