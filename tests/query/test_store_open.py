"""kg.store.open_graph: RDF files and pyoxigraph store directories into one Dataset interface."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import URIRef

from kg.errors import StoreError
from kg.query import run_query
from kg.store import open_graph

FIXTURE = Path(__file__).parent / "fixtures" / "mini.trig"
COUNT_REPORTS = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { GRAPH ?g { ?r a edu:Report } }"
ZL_LABEL = "SELECT ?l WHERE { <https://w3id.org/edukg/id/region/320404> rdfs:label ?l }"


def test_store_trig_keeps_named_graphs_and_union_default():
    ds = open_graph(FIXTURE)
    graphs = sorted(str(g.identifier) for g in ds.graphs() if len(g))
    assert "https://w3id.org/edukg/id/graph/b0b0b0b0b0b0b0b2" in graphs
    assert len(graphs) == 5
    assert int(run_query(ds, COUNT_REPORTS).rows[0][0]) == 3
    # default graph is the union: the label is stated in 3 graphs and found once
    assert [str(r[0]) for r in run_query(ds, ZL_LABEL).rows] == ["钟楼区"]


def test_store_nquads_and_turtle_files(tmp_path):
    ds = open_graph(FIXTURE)
    nq = tmp_path / "kg.nq"
    nq.write_text(ds.serialize(format="nquads"), encoding="utf-8")
    assert int(run_query(open_graph(nq), COUNT_REPORTS).rows[0][0]) == 3
    ttl = tmp_path / "kg.ttl"
    ttl.write_text('<https://w3id.org/edukg/id/region/320404> <http://www.w3.org/2000/01/rdf-schema#label> "钟楼区"@zh .\n',
                   encoding="utf-8")
    assert [str(r[0]) for r in run_query(open_graph(ttl), ZL_LABEL).rows] == ["钟楼区"]


def test_store_pyoxigraph_directory(tmp_path):
    store = pyoxigraph.Store(str(tmp_path / "store"))
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TRIG)
    store.flush()
    del store
    ds = open_graph(tmp_path / "store")
    assert int(run_query(ds, COUNT_REPORTS).rows[0][0]) == 3
    assert (URIRef("https://w3id.org/edukg/id/region/320404"), None, None) in ds


def test_store_missing_unknown_and_broken_files(tmp_path):
    with pytest.raises(StoreError, match="no such file"):
        open_graph(tmp_path / "nope.trig")
    (tmp_path / "kg.xlsx").write_text("x")
    with pytest.raises(StoreError, match="unknown RDF file type '.xlsx'"):
        open_graph(tmp_path / "kg.xlsx")
    (tmp_path / "bad.trig").write_text("<a> <b> { oops", encoding="utf-8")
    with pytest.raises(StoreError, match="bad.trig: cannot parse as trig"):
        open_graph(tmp_path / "bad.trig")
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError):
        open_graph(tmp_path / "empty")
