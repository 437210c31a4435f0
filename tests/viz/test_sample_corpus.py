"""``kg viz`` and ``kg stats`` on the real sample build: output/graph.html rendered in headless Chromium
(screenshot output/graph.png), and the stats figures checked against the graph and the report text."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, URIRef

from kg.rdf.namespaces import EDU
from kg.store import open_graph
from kg.viz.page import write_page
from kg.viz.project import NODE_CLASSES, union_graph
from kg.viz.project import to_networkx
from kg.viz.stats import compute_stats

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "output"
QUOTES = str.maketrans("", "", "“”‘’\"'《》「」")
SCHOOL_SUBCLASSES = {"Kindergarten", "PrimarySchool", "JuniorSecondarySchool", "SeniorSecondarySchool",
                     "SecondarySchool", "NineYearSchool", "VocationalSchool", "SpecialSchool", "College"}
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def sample_union(sample_build):
    """All named graphs of the sample build as one rdflib Graph."""
    out, _result = sample_build
    return union_graph(open_graph(out / "kg.trig"))


@pytest.fixture(scope="module")
def sample_net(sample_union):
    """The entity network of the sample build."""
    return to_networkx(sample_union)


@pytest.fixture(scope="module")
def sample_page_net(sample_union):
    """The network ``kg viz`` draws: entities plus their links to the reports that mention them."""
    return to_networkx(sample_union, mentions=True)


@pytest.fixture(scope="module")
def sample_stats(sample_net):
    """``kg stats`` figures of the sample build."""
    return compute_stats(sample_net)


def _region_texts(g) -> dict[str, str]:
    """Region label -> cleaned text of the reports about it (quote marks removed), joined."""
    texts: dict[str, list[str]] = {}
    for report in sorted(g.subjects(RDF.type, EDU.Report)):
        for region in g.objects(report, EDU.aboutRegion):
            for label in g.objects(region, RDFS.label):
                texts.setdefault(str(label), []).extend(str(t).translate(QUOTES) for t in g.objects(report, EDU.text))
    return {label: "\n".join(parts) for label, parts in texts.items()}


def test_stats_sample_class_counts_equal_typed_entities(sample_union, sample_stats):
    expected: Counter = Counter()
    for node in {s for s in sample_union.subjects(RDF.type, None) if isinstance(s, URIRef)}:
        names = {str(t).rsplit("#", 1)[-1] for t in sample_union.objects(node, RDF.type) if str(t).startswith(str(EDU._NS))}
        cls = next((c for c in NODE_CLASSES if c in names), "School" if names & SCHOOL_SUBCLASSES else None)
        if cls is not None:
            expected[cls] += 1
    assert sample_stats.classes == dict(sorted(expected.items()))
    assert sample_stats.classes["Report"] == 4
    # the four districts and cities of the sample, their provinces, and nothing invented
    assert sample_stats.classes["Region"] == len(set(sample_union.subjects(EDU.adminCode, None)))


def test_stats_sample_district_of_two_reports_leads_by_degree(sample_net, sample_stats):
    leaders = [(lead.label, lead.cls) for lead in sample_stats.degree[:3]]
    assert ("钟楼区", "Region") in leaders  # 000 and 003 are both about it
    zhonglou = next(n for n, d in sample_net.nodes(data=True) if d["label"] == "钟楼区" and d["cls"] == "Region")
    lead = next(lead for lead in sample_stats.degree if lead.iri == zhonglou)
    assert lead.score == len(set(sample_net.predecessors(zhonglou)) | set(sample_net.successors(zhonglou)))
    assert lead.score >= max(lead_.score for lead_ in sample_stats.degree if lead_.cls != "Region")


def test_stats_sample_bridging_programmes_are_named_in_each_region(sample_union, sample_stats):
    texts = _region_texts(sample_union)
    for programme in sample_stats.bridging_programs:
        assert len(programme["regions"]) >= 2
        for region in programme["regions"]:
            assert programme["label"].translate(QUOTES) in texts.get(region, ""), (programme, region)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not found (Debian chromium and fonts-noto-cjk)")
def test_viz_sample_page_renders_in_chromium(sample_page_net):
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from test_browser import open_page  # tests/viz is on sys.path (rootdir-relative test modules)

    OUTPUT.mkdir(exist_ok=True)
    sample_net = sample_page_net
    page = write_page(sample_net, OUTPUT / "graph.html", title="edukg: sample reports")
    shot = OUTPUT / "graph.png"
    shot.unlink(missing_ok=True)
    seen = open_page(page, screenshot=shot)
    assert seen["canvas"] == 1
    assert seen["node_count"] == seen["drawn_nodes"] == sample_net.number_of_nodes()
    assert seen["errors"] == [] and seen["dialogs"] == []
    assert [u for u in seen["requests"] if not u.startswith(("file:", "data:"))] == []
    counts = Counter(d["cls"] for _n, d in sample_net.nodes(data=True))
    assert seen["legend"] == [f"{cls} ({counts[cls]})" for cls in NODE_CLASSES if counts[cls]]
    assert seen["title"] == "edukg: sample reports"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
