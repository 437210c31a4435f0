"""Every canned query on the hand-made fixture (tests/query/fixtures/mini.trig): exact rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.query import bind_values, get_query, list_queries, run_query
from kg.query.formats import short_term
from kg.query.run import resolve_params
from kg.store import open_graph

FIXTURE = Path(__file__).parent / "fixtures" / "mini.trig"
ZL_PLAN = "id:report/a0a0a0a0a0a0a0a1"
ZL_EVAL = "id:report/b0b0b0b0b0b0b0b2"
TN_EVAL = "id:report/c0c0c0c0c0c0c0c3"


@pytest.fixture(scope="module")
def ds():
    return open_graph(FIXTURE)


def shown(result) -> list[tuple[str, ...]]:
    """Rows as compact strings ('' for unbound)."""
    return [tuple(short_term(t) for t in row) for row in result.rows]


CASES = [
    ("entities-by-type-in-region", {"region": "钟楼区"}, [
        ("id:government/0b0b0b0b0b01", "常州市钟楼区人民政府", "edu:Government", "钟楼区"),
        ("id:government/0b0b0b0b0b03", "钟楼区教育文体局", "edu:Government", "钟楼区"),
        ("id:school/0c0c0c0c0c01", "常州市觅渡桥小学", "edu:PrimarySchool", "钟楼区"),
        ("id:school/0c0c0c0c0c02", "常州市钟爱学校", "edu:School", "钟楼区"),
    ]),
    ("entities-by-type-in-region", {"region": "320400", "type": "School"}, [
        ("id:school/0c0c0c0c0c03", "常州市局前街小学", "edu:PrimarySchool", "天宁区"),
        ("id:school/0c0c0c0c0c01", "常州市觅渡桥小学", "edu:PrimarySchool", "钟楼区"),
        ("id:school/0c0c0c0c0c02", "常州市钟爱学校", "edu:School", "钟楼区"),
    ]),
    ("schools-with-awards", {"region": "常州市"}, [
        ("id:school/0c0c0c0c0c03", "常州市局前街小学", "全国文明校园", "edu:National", "2020", TN_EVAL),
        ("id:school/0c0c0c0c0c01", "常州市觅渡桥小学", "全国文明校园", "edu:National", "2019", ZL_EVAL),
        ("id:school/0c0c0c0c0c02", "常州市钟爱学校", "江苏省科普教育综合示范学校", "edu:Provincial", "2019", ZL_EVAL),
    ]),
    ("schools-with-awards", {"region": "常州市", "year": "2020"}, [
        ("id:school/0c0c0c0c0c03", "常州市局前街小学", "全国文明校园", "edu:National", "2020", TN_EVAL),
    ]),
    ("awards-by-level-and-year", {}, [
        ("edu:National", "2019", "1", "1"),
        ("edu:National", "2020", "1", "1"),
        ("edu:Provincial", "2019", "1", "1"),
        ("edu:Provincial", "2020", "1", "4"),
    ]),
    ("awards-by-level-and-year", {"region": "天宁区"}, [
        ("edu:National", "2020", "1", "1"),
        ("edu:Provincial", "2020", "1", "4"),
    ]),
    ("indicator-comparison", {"indicator": "学前三年毛入园率"}, [
        ("天宁区", "2020", "", "99.1", "unit:percent", "edu:Actual", TN_EVAL),
        ("钟楼区", "2019", "", "98.6", "unit:percent", "edu:Actual", ZL_EVAL),
        ("钟楼区", "2019", "", "98.0", "unit:percent", "edu:Target", ZL_PLAN),
    ]),
    ("indicator-time-series", {"region": "钟楼区", "indicator": "ind:per-student-public-funds"}, [
        ("2019", "学前", "edu:Actual", "", "720.0", "unit:CNY", ZL_EVAL),
        ("2019", "学前", "edu:Target", "", "700.0", "unit:CNY", ZL_PLAN),
    ]),
    ("indicator-time-series", {"region": "天宁区", "indicator": "生均公用经费"}, [
        ("2020", "学前", "edu:Actual", "edu:Over", "800.0", "unit:CNY", TN_EVAL),
    ]),
    ("targets-vs-actuals", {}, [
        ("钟楼区", "学前三年毛入园率", "", "2019", "98.0", "98.6", "unit:percent", ZL_PLAN, ZL_EVAL),
        ("钟楼区", "生均公用经费", "学前", "2019", "700.0", "720.0", "unit:CNY", ZL_PLAN, ZL_EVAL),
    ]),
    ("targets-vs-actuals", {"region": "天宁区"}, []),
    ("targets-vs-actuals", {"year": "2020"}, []),
    ("programmes-and-implementers", {}, [
        ("发展素质教育·钟楼2025计划", "常州市钟楼区人民政府", "钟楼区", ZL_EVAL, "id:program/0e0e0e0e0e02"),
        ("责任督学挂牌督导", "常州市天宁区人民政府", "天宁区", TN_EVAL, "id:program/0e0e0e0e0e01"),
        ("责任督学挂牌督导", "常州市钟楼区人民政府", "钟楼区", ZL_EVAL, "id:program/0e0e0e0e0e01"),
    ]),
    ("programmes-and-implementers", {"region": "天宁区"}, [
        ("责任督学挂牌督导", "常州市天宁区人民政府", "天宁区", TN_EVAL, "id:program/0e0e0e0e0e01"),
    ]),
    ("shared-programmes", {}, [
        ("责任督学挂牌督导", "2", "天宁区", "常州市天宁区人民政府", "id:program/0e0e0e0e0e01"),
        ("责任督学挂牌督导", "2", "钟楼区", "常州市钟楼区人民政府", "id:program/0e0e0e0e0e01"),
    ]),
    ("evidence", {"fact": "https://w3id.org/edukg/id/conferral/c0c0c0c0c0c0c0c3-520-533-0"}, [
        (TN_EVAL, "2020年度天宁区人民政府履行教育职责自评报告", "104_0123456789abcdef.txt", "520", "533",
         "4所学校被评为省健康促进学校"),
    ]),
    ("evidence", {"fact": "id:region/320404"}, [
        (ZL_PLAN, "2019年钟楼教育文体局工作思路", "003_6ec6c73d85554b96.txt", "10", "12", "钟楼"),
        (ZL_EVAL, "2019年度钟楼区人民政府履行教育职责自评报告", "000_8ea2f4150da8d5c9.txt", "40", "43", "钟楼区"),
    ]),
    ("region-hierarchy-with-counts", {}, [
        ("320000", "江苏省", "province", "", "0", "0", "0"),
        ("320400", "常州市", "city", "320000", "0", "0", "0"),
        ("320402", "天宁区", "county", "320400", "2", "1", "2"),
        ("320404", "钟楼区", "county", "320400", "4", "2", "4"),
    ]),
]


@pytest.mark.parametrize("name,params,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_canned_query_returns_expected_rows(ds, name, params, expected):
    query = get_query(name)
    assert shown(run_query(ds, query.text, params, query.params)) == expected


def test_canned_most_connected_entities_ranks_district_first(ds):
    query = get_query("most-connected-entities")
    rows = shown(run_query(ds, query.text, {}, query.params))
    assert rows[:4] == [
        ("id:region/320404", "钟楼区", "11"),
        ("id:region/320402", "天宁区", "6"),
        ("id:government/0b0b0b0b0b01", "常州市钟楼区人民政府", "4"),
        ("id:award/0d0d0d0d0d01", "全国文明校园", "3"),
    ]
    assert rows[-1] == ("id:program/0e0e0e0e0e02", "发展素质教育·钟楼2025计划", "1")
    assert len(rows) == 14  # labelled entities with provenance; the province has none


@pytest.mark.parametrize("report", ["c0c0c0c0c0c0c0c3", "104_0123456789abcdef.txt",
                                    "https://w3id.org/edukg/id/report/c0c0c0c0c0c0c0c3"])
def test_canned_report_facts_is_exactly_the_named_graph(ds, report):
    query = get_query("report-facts")
    result = run_query(ds, query.text, {"report": report}, query.params)
    graph = ds.graph(__import__("rdflib").URIRef("https://w3id.org/edukg/id/graph/c0c0c0c0c0c0c0c3"))
    assert sorted(result.rows) == sorted(graph.triples((None, None, None)))
    assert len(result.rows) == 122


@pytest.mark.parametrize("name,params,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_canned_query_values_binding_matches_init_bindings(ds, name, params, expected):
    """The VALUES form (what Oxigraph and remote endpoints get) gives the rows initBindings gives.

    Run on the Oxigraph twin: rdflib's own VALUES evaluation is order-dependent (it varied with the
    hash seed), which is one reason queries run on Oxigraph.
    """
    from kg.query.oxigraph import run_on_oxigraph

    query = get_query(name)
    bindings = resolve_params(ds, query.text, params, query.params)
    assert shown(run_on_oxigraph(ds.oxigraph, query.text, bindings)) == expected


def test_canned_queries_all_declare_title_and_bound_params():
    names = [q.name for q in list_queries()]
    assert names == sorted(names)
    assert {"entities-by-type-in-region", "schools-with-awards", "awards-by-level-and-year",
            "indicator-comparison", "indicator-time-series", "targets-vs-actuals",
            "programmes-and-implementers", "shared-programmes", "report-facts", "evidence",
            "region-hierarchy-with-counts", "most-connected-entities"} <= set(names)
    for query in list_queries():
        assert query.title and query.description, query.name
        for param in query.params:
            assert f"?{param.name}" in query.text, (query.name, param.name)


def test_canned_entities_by_type_without_ontology_graph_keeps_most_specific_class():
    """Exports without the ontology graph still show one row per school, with its subclass."""
    ds = open_graph(FIXTURE)
    ds.remove_graph(ds.graph(__import__("rdflib").URIRef("https://w3id.org/edukg/graph/ontology")))
    query = get_query("entities-by-type-in-region")
    rows = shown(run_query(ds, query.text, {"region": "常州市", "type": "edu:School"}, query.params))
    assert rows == [
        ("id:school/0c0c0c0c0c03", "常州市局前街小学", "edu:PrimarySchool", "天宁区"),
        ("id:school/0c0c0c0c0c01", "常州市觅渡桥小学", "edu:PrimarySchool", "钟楼区"),
        ("id:school/0c0c0c0c0c02", "常州市钟爱学校", "edu:School", "钟楼区"),
    ]


def _oxigraph_term(term):
    """A pyoxigraph term as an rdflib term (for comparing rows)."""
    import pyoxigraph
    from rdflib import Literal, URIRef

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    return Literal(term.value, lang=term.language, datatype=None if term.language else URIRef(term.datatype.value))


def _numeric(cell: str) -> object:
    """Oxigraph writes decimals canonically (98 for 98.0): compare numbers by value."""
    try:
        return float(cell)
    except ValueError:
        return cell


@pytest.mark.parametrize("name,params,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_canned_query_runs_on_oxigraph_with_values_binding(ds, name, params, expected):
    """Portable to Oxigraph, whose union default graph repeats a triple stated in several graphs."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TRIG)
    query = get_query(name)
    text = bind_values(query.text, resolve_params(ds, query.text, params, query.params))
    solutions = store.query(text, use_default_graph_as_union=True)
    names = solutions.variables
    rows = [tuple(_numeric(short_term(_oxigraph_term(s[v]))) for v in names) for s in solutions]
    assert rows == [tuple(_numeric(c) for c in row) for row in expected]
