"""Queries on a store directory run on Oxigraph in place: nothing is loaded into rdflib."""

from __future__ import annotations

from kg.query.run import run_query
from kg.store import StoreView, open_for_query, open_graph
from kg.query.catalog import get_query


def test_store_view_canned_query_with_label_parameter_runs_without_loading_rdflib(sample_build):
    out, _ = sample_build
    view = open_for_query(out / "store")
    assert isinstance(view, StoreView)
    query = get_query("entities-by-type-in-region")
    result = run_query(view, query.text, {"region": "钟楼区"}, query.params)
    assert view._dataset is None  # parameter resolution and the query both ran on Oxigraph
    in_memory = run_query(open_graph(out / "kg.trig"), query.text, {"region": "钟楼区"}, query.params)
    assert result.rows and sorted(result.rows) == sorted(in_memory.rows)


def test_store_view_loads_rdflib_only_for_the_python_api(sample_build):
    out, _ = sample_build
    view = open_for_query(out / "store")
    assert len(view) == len(open_graph(out / "store")) and view._dataset is not None


def test_store_too_large_to_load_is_refused_with_the_way_out(sample_build, monkeypatch):
    import pytest

    from kg.errors import StoreError

    out, _ = sample_build
    monkeypatch.setenv("EDUKG_MAX_LOAD_QUADS", "1000")
    with pytest.raises(StoreError, match=r"quads are too many to load.*`kg query` and `kg serve` query the store in place"):
        open_graph(out / "store")
    view = open_for_query(out / "store")  # querying in place is not limited
    assert run_query(view, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].toPython() > 1000
