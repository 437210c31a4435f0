"""Parameters are bound as RDF terms, labels resolve to IRIs, hostile values never become syntax."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import QueryError, UpdateNotAllowed
from kg.query import bind_values, get_query, run_query
from kg.query.params import close_matches, parse_iri, resolve_param
from kg.query.values import where_brace
from kg.store import open_graph

FIXTURE = Path(__file__).parent / "fixtures" / "mini.trig"
ZL = URIRef("https://w3id.org/edukg/id/region/320404")


@pytest.fixture(scope="module")
def ds():
    return open_graph(FIXTURE)


@pytest.mark.parametrize("value", ["钟楼区", "钟楼", "320404", "https://w3id.org/edukg/id/region/320404",
                                   "id:region/320404", "<https://w3id.org/edukg/id/region/320404>"])
def test_params_region_label_code_or_iri_resolves_to_region_iri(ds, value):
    assert resolve_param(ds, "region", value) == ZL


def test_params_school_resolves_by_alt_label(ds):
    assert resolve_param(ds, "school", "觅小") == URIRef("https://w3id.org/edukg/id/school/0c0c0c0c0c01")


def test_params_school_label_of_government_is_not_a_school(ds):
    with pytest.raises(QueryError, match="no school labelled '钟楼区教育文体局'"):
        resolve_param(ds, "school", "钟楼区教育文体局")


def test_params_indicator_resolves_by_observation_label(ds):
    assert resolve_param(ds, "indicator", "学前三年毛入园率") == URIRef("https://w3id.org/edukg/indicator/x-5f1e2d3c4b5a")


def test_params_unknown_region_lists_close_matches(ds):
    with pytest.raises(QueryError) as err:
        resolve_param(ds, "region", "天宁")
    assert "no region labelled '天宁'" in str(err.value)
    assert "Close matches: 天宁区" in str(err.value)


def test_params_year_and_type_become_typed_terms(ds):
    assert resolve_param(ds, "year", "2019") == Literal("2019", datatype=XSD.gYear)
    assert resolve_param(ds, "type", "School") == URIRef("https://w3id.org/edukg/ontology#School")
    assert resolve_param(ds, "type", "edu:PrimarySchool") == URIRef("https://w3id.org/edukg/ontology#PrimarySchool")
    with pytest.raises(QueryError, match="four digits"):
        resolve_param(ds, "year", "二〇一九")
    with pytest.raises(QueryError, match="expected an IRI"):
        resolve_param(ds, "type", "School } ; DROP ALL")


@pytest.mark.parametrize("value", ['钟楼区" } ; DROP ALL ; #', '钟楼区"} UNION {?s ?p ?o', "钟楼区'}#",
                                   "http://x/a> } DROP ALL { <b", "{ ?school ?p ?o }"])
def test_params_injection_attempt_is_a_clean_error_and_text_unchanged(ds, value):
    query = get_query("schools-with-awards")
    before = query.text
    with pytest.raises(QueryError, match="no region labelled"):
        run_query(ds, query.text, {"region": value}, query.params)
    assert query.text == before
    assert len(ds) == len(open_graph(FIXTURE))  # nothing dropped


def test_params_injection_into_plain_literal_returns_no_rows(ds):
    text = "SELECT ?s WHERE { ?s ?p ?name }"
    result = run_query(ds, text, {"name": '钟楼区" } ; DROP ALL ; #'})
    assert result.rows == []
    result = run_query(ds, "SELECT ?s WHERE { ?s skos:altLabel ?o . FILTER(STR(?o) = ?name) }", {"name": "觅小"})
    assert result.rows == [(URIRef("https://w3id.org/edukg/id/school/0c0c0c0c0c01"),)]


def test_params_unknown_parameter_is_rejected(ds):
    query = get_query("schools-with-awards")
    with pytest.raises(QueryError, match="Unknown parameter 'regoin'. Parameters of this query: region, year"):
        run_query(ds, query.text, {"regoin": "钟楼区"}, query.params)
    with pytest.raises(QueryError, match="Unknown parameter 'nope'"):
        run_query(ds, "SELECT ?s WHERE { ?s a ?type }", {"nope": "x"})


def test_params_missing_required_parameter_is_named(ds):
    query = get_query("indicator-time-series")
    with pytest.raises(QueryError, match="Missing parameter.*indicator"):
        run_query(ds, query.text, {"region": "钟楼区"}, query.params)


def test_params_empty_optional_parameter_stays_unbound(ds):
    query = get_query("schools-with-awards")
    with_empty = run_query(ds, query.text, {"region": "钟楼区", "year": ""}, query.params)
    assert len(with_empty.rows) == 2


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def engines(request, ds):
    """The fixture graph queried through Oxigraph (the OxiDataset) and through rdflib's own engine."""
    if request.param == "oxigraph":
        return ds
    plain = Dataset(default_union=True)
    plain.parse(FIXTURE, format="trig")
    return plain


def test_params_syntax_error_reports_line_and_column(engines):
    with pytest.raises(QueryError, match=r"line 3, column \d+"):
        run_query(engines, "SELECT ?s\nWHERE {\n  ?s ?p\n}")


@pytest.mark.parametrize("text", ["DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "CLEAR DEFAULT"])
def test_params_run_query_refuses_updates(engines, text):
    before = len(engines)
    with pytest.raises(UpdateNotAllowed, match="read-only"):
        run_query(engines, text)
    assert len(engines) == before


def test_params_both_engines_give_the_same_rows(engines):
    query = get_query("schools-with-awards")
    result = run_query(engines, query.text, {"region": "钟楼区"}, query.params)
    assert [str(r[result.vars.index("schoolLabel")]) for r in result.rows] == ["常州市觅渡桥小学", "常州市钟爱学校"]


def test_params_bind_values_escapes_quotes_and_keeps_original():
    text = 'SELECT ?s WHERE { ?s ?p "}" . # { comment\n ?s <urn:x> ?name }'
    bound = bind_values(text, {"name": Literal('a" } ; DROP ALL ; #')})
    assert bound == ('SELECT ?s WHERE { VALUES (?name) { ("a\\" } ; DROP ALL ; #") }  ?s ?p "}" . # { comment\n'
                     ' ?s <urn:x> ?name }')


def test_params_where_brace_skips_construct_template_and_prologue():
    text = "PREFIX e: <http://e/{x}>\nCONSTRUCT { ?s a e:T } WHERE { ?s ?p ?o }"
    assert text[where_brace(text):].startswith("{ ?s ?p ?o }")


def test_params_parse_iri_rejects_syntax_characters():
    assert parse_iri("https://w3id.org/edukg/id/region/320404") == ZL
    assert parse_iri("http://x/a> } DROP ALL { <b") is None
    assert parse_iri("钟楼区") is None
    assert parse_iri("edu:School") == URIRef("https://w3id.org/edukg/ontology#School")


def test_params_close_matches_prefers_containment():
    assert close_matches("钟楼", ["常州市", "钟楼区", "天宁区"]) == ["钟楼区"]
    assert close_matches("xyz", ["常州市"]) == []
