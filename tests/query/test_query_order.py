"""ORDER BY done in Python for Oxigraph (kg.query.order) gives Oxigraph's own order."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.query import list_queries
from kg.query.oxigraph import _run, run_on_oxigraph
from kg.query.order import sort_rows, split_order_by, term_key

PARAMS = {"region": URIRef("https://w3id.org/edukg/id/region/320404")}  # 钟楼区, in reports 000 and 003


def test_order_split_keeps_the_query_and_reads_the_conditions():
    text = 'SELECT ?a ?b WHERE { ?a ?p "ORDER BY ?x" . ?a ?q ?b } ORDER BY DESC(?b) ?a'
    rest, conditions = split_order_by(text)
    assert rest.rstrip() == 'SELECT ?a ?b WHERE { ?a ?p "ORDER BY ?x" . ?a ?q ?b }'
    assert conditions == [("b", True), ("a", False)]


@pytest.mark.parametrize("text", [
    "SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a LIMIT 5",  # LIMIT depends on the order
    "SELECT ?a WHERE { ?a ?p ?o } ORDER BY DESC(COUNT(?o))",  # an expression
    "SELECT ?a WHERE { ?a ?p ?o } ORDER BY STR(?a)",
    "SELECT ?a WHERE { ?a ?p ?o }",
])
def test_order_split_leaves_other_queries_to_oxigraph(text):
    assert split_order_by(text) is None


def test_order_term_key_follows_sparql_ordering():
    terms = [Literal("b"), Literal(10, datatype=XSD.integer), URIRef("http://e/x"), None,
             Literal("9.5", datatype=XSD.decimal), Literal("a", lang="zh")]
    assert sorted(terms, key=term_key) == [None, URIRef("http://e/x"), Literal("9.5", datatype=XSD.decimal),
                                          Literal(10, datatype=XSD.integer), Literal("a", lang="zh"), Literal("b")]


def test_order_desc_and_unprojected_variables():
    rows = [(Literal(1, datatype=XSD.integer),), (Literal(3, datatype=XSD.integer),), (None,)]
    assert sort_rows(["n"], rows, [("n", True)]) == [rows[1], rows[0], rows[2]]
    assert sort_rows(["n"], rows, [("m", False)]) is None


@pytest.mark.parametrize("query", [q for q in list_queries() if split_order_by(q.text)], ids=lambda q: q.name)
def test_order_python_sort_gives_oxigraphs_order_on_the_sample_graph(sample_build, query):
    out, _ = sample_build
    store = pyoxigraph.Store.read_only(str(out / "store"))
    required = [p.name for p in query.params if not p.optional]
    if any(name not in PARAMS for name in required):
        pytest.skip("needs a parameter value this test does not pick")
    bindings = {name: PARAMS[name] for name in required}
    theirs = _run(store, query.text, bindings)
    ours = run_on_oxigraph(store, query.text, bindings)
    assert ours.vars == theirs.vars and len(ours.rows) == len(theirs.rows)
    if len(ours.rows) < 2:
        pytest.skip("fewer than two rows on the sample graph: nothing to order")
    _, conditions = split_order_by(query.text)
    index = {name: i for i, name in enumerate(ours.vars)}

    def keys(rows):
        return [tuple(term_key(r[index[n]]) for n, _ in conditions) for r in rows]

    assert keys(ours.rows) == keys(theirs.rows)  # same order (rows tied on every key may differ)
    assert sorted(ours.rows, key=lambda r: tuple(map(term_key, r))) == \
        sorted(theirs.rows, key=lambda r: tuple(map(term_key, r)))
