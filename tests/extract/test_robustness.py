"""Bad input to extraction: nothing to find, odd characters, a very long report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from kg.errors import InputError
from kg.extract import extract
from kg.ingest import document_from_text
from kg.pipeline import build

REPO = Path(__file__).resolve().parents[2]

# Pieces real reports are made of, plus the odd characters scraped pages and Word exports carry.
PIECES = st.sampled_from([
    "全区", "新增学位", "1800个", "６８３７０.３万元", "比上年增长10%", "“", "”", "《", "》", "（", "）", "、", "，",
    "。", "\n", "\t", "\x0b", "\u200b", "\ufeff", "😀", "🏫", "①", "Ⅲ", "钟楼区实验小学", "获评", "全国文明校园",
    "三千余人", "1至2所", "近百所", "教育局", "十四五", "〔2020〕30号", "·", "•", "—", "％", "¥", "\x00", "\u3000",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join))
def test_robustness_odd_text_extracts_consistent_spans(text: str) -> None:
    try:
        doc = document_from_text(text, source="odd.txt")
    except InputError:
        return  # empty after cleaning: reported as a bad input, not a crash
    result = extract(doc)
    for m in result.mentions:
        assert 0 <= m.span.start < m.span.end <= len(doc.text)
    for o in result.observations:
        assert doc.text[o.value_span.start : o.value_span.end] == o.quantity.raw
        assert o.span.start <= o.value_span.start and o.value_span.end <= o.span.end
    for c in result.conferrals:
        assert 0 <= c.span.start < c.span.end <= len(doc.text)


def test_robustness_text_without_entities_gives_only_the_report_node(tmp_path: Path) -> None:
    source = tmp_path / "plain.txt"
    source.write_text("今天天气很好，大家一起去公园散步，心情愉快。\n", encoding="utf-8")
    result = build([source], None, workers=1)
    (linked,) = result.reports
    doc_id = linked.result.document.doc_id
    graph = result.dataset.graph(URIRef(f"https://w3id.org/edukg/id/graph/{doc_id}"))
    assert {str(s) for s in graph.subjects()} == {f"https://w3id.org/edukg/id/report/{doc_id}"}
    assert linked.result.observations == [] and linked.result.conferrals == [] and linked.entities == {}


_LONG_REPORT = """
import resource, sys
from pathlib import Path
from kg.extract import extract
from kg.ingest import document_from_text
paras = [p for p in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines() if p.strip()]
text = "\\n".join(f"{p}（{i}）" for i, p in enumerate(paras * 400))[:1_000_000]
doc = document_from_text(text, source="long.txt")
result = extract(doc)
assert all(doc.text[o.value_span.start:o.value_span.end] == o.quantity.raw for o in result.observations)
print(len(doc.text), len(result.mentions), len(result.observations),
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def test_robustness_one_megabyte_report_in_bounded_memory() -> None:
    sample = REPO / "data" / "reports" / "002_d382b9e04268887b.txt"
    proc = subprocess.run([sys.executable, "-c", _LONG_REPORT, str(sample)], capture_output=True, text=True,
                          cwd=REPO, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    chars, mentions, observations, peak_mb = map(int, proc.stdout.split())
    assert chars > 900_000
    assert mentions > 1000 and observations > 1000
    assert peak_mb < 1024  # about 390 MB measured, jieba's dictionary included
