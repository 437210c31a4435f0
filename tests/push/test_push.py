"""kg.push against a real `oxigraph serve`: exact graph contents, change detection, deletion."""

from __future__ import annotations

import urllib.request
from decimal import Decimal

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, URIRef

from kg.errors import StoreError
from kg.push import CONTENT_HASH, MANIFEST_GRAPH, push
from kg.rdf.fingerprint import canonical_ntriples, content_hash

B = "https://w3id.org/edukg/id/"
EDU = "https://w3id.org/edukg/ontology#"
REPORT_A = f"{B}graph/8ea2f4150da8d5c9"
REPORT_B = f"{B}graph/ba64dab0c6df14d1"
REFERENCE = f"{B}graph/reference"
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def _dataset() -> rdflib.Dataset:
    """Three named graphs holding real labels and figures from the sample reports."""
    ds = rdflib.Dataset(default_union=True)
    a = ds.graph(URIRef(REPORT_A))
    school = URIRef(f"{B}school/0a1b2c3d4e5f")
    a.add((school, RDF.type, URIRef(f"{EDU}School")))
    a.add((school, RDFS.label, Literal("常州市觅渡桥小学", lang="zh")))
    a.add((URIRef(f"{B}observation/8ea2f4150da8d5c9-10-20-0"), URIRef(f"{EDU}value"),
           Literal(Decimal("68370.3"), datatype=XSD_DECIMAL)))
    b = ds.graph(URIRef(REPORT_B))
    b.add((URIRef(f"{B}report/ba64dab0c6df14d1"), RDFS.label,
           Literal("立足公平、优质、普惠,发展钟楼教育文体事业", lang="zh")))
    b.add((URIRef(f"{B}report/ba64dab0c6df14d1"), RDFS.comment, Literal('引号"与\n换行')))
    ref = ds.graph(URIRef(REFERENCE))
    ref.add((URIRef(f"{B}region/320404"), RDFS.label, Literal("钟楼区", lang="zh")))
    return ds


def _expected(ds: rdflib.Dataset) -> set:
    return {(s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None))
            if g is not None and str(g) != str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)}


def _report_quads(server) -> set:
    return {q for q in server.quads() if str(q[3]) != MANIFEST_GRAPH}


def test_push_first_push_loads_exact_triples_and_manifest(oxigraph) -> None:
    ds = _dataset()
    report = push(ds, oxigraph.store)
    assert report.replaced == sorted([REPORT_A, REPORT_B, REFERENCE])
    assert report.unchanged == [] and report.deleted == [] and report.failed == []
    assert _report_quads(oxigraph) == _expected(ds)
    rows = oxigraph.select(f"SELECT ?g ?h WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ ?g <{CONTENT_HASH}> ?h }} }}")
    manifest = {str(r["g"]): str(r["h"]) for r in rows}
    assert manifest == {iri: content_hash(canonical_ntriples(ds.graph(URIRef(iri))))
                        for iri in (REPORT_A, REPORT_B, REFERENCE)}
    assert all(h.startswith("sha256:") and len(h) == 7 + 64 for h in manifest.values())


def test_push_second_push_unchanged_replaces_nothing(oxigraph) -> None:
    ds = _dataset()
    push(ds, oxigraph.store)
    report = push(_dataset(), oxigraph.store)
    assert report.replaced == []
    assert report.unchanged == sorted([REPORT_A, REPORT_B, REFERENCE])
    assert _report_quads(oxigraph) == _expected(ds)


def test_push_changed_graph_only_that_one_replaced(oxigraph) -> None:
    push(_dataset(), oxigraph.store)
    ds = _dataset()
    graph = ds.graph(URIRef(REPORT_B))
    graph.remove((None, RDFS.comment, None))
    graph.add((URIRef(f"{B}report/ba64dab0c6df14d1"), RDFS.comment, Literal("改过的", lang="zh")))
    report = push(ds, oxigraph.store)
    assert report.replaced == [REPORT_B]
    assert report.unchanged == sorted([REPORT_A, REFERENCE])
    server = _report_quads(oxigraph)
    assert server == _expected(ds)
    assert not any(q[2] == Literal('引号"与\n换行') for q in server)  # old triple gone: replaced, not merged


def test_push_dropped_report_graph_deleted_on_server(oxigraph) -> None:
    push(_dataset(), oxigraph.store)
    ds = _dataset()
    ds.remove_graph(ds.graph(URIRef(REPORT_A)))
    report = push(ds, oxigraph.store)
    assert report.deleted == [REPORT_A]
    assert report.replaced == []
    assert {str(q[3]) for q in _report_quads(oxigraph)} == {REPORT_B, REFERENCE}
    again = push(ds, oxigraph.store)  # the manifest forgot it: nothing more to delete
    assert again.deleted == [] and again.unchanged == sorted([REPORT_B, REFERENCE])


def test_push_leaves_graphs_it_did_not_push(oxigraph) -> None:
    foreign = "http://example.org/graph/someone-else"
    body = '<http://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n'.encode()
    request = urllib.request.Request(f"{oxigraph.store}?graph={foreign}", data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=10):
        pass
    push(_dataset(), oxigraph.store)
    ds = _dataset()
    ds.remove_graph(ds.graph(URIRef(REPORT_B)))
    report = push(ds, oxigraph.store)
    assert report.deleted == [REPORT_B]  # only what the manifest lists is ever deleted
    assert {str(q[3]) for q in _report_quads(oxigraph)} == {foreign, REPORT_A, REFERENCE}


def test_push_subset_of_graphs_deletes_nothing(oxigraph) -> None:
    push(_dataset(), oxigraph.store)
    ds = _dataset()
    ds.graph(URIRef(REPORT_A)).add((URIRef(f"{B}school/0a1b2c3d4e5f"), RDFS.comment, Literal("新")))
    report = push(ds, oxigraph.store, graphs=[REPORT_A])
    assert report.replaced == [REPORT_A] and report.unchanged == [] and report.deleted == []
    assert {str(q[3]) for q in _report_quads(oxigraph)} == {REPORT_A, REPORT_B, REFERENCE}
    assert push(ds, oxigraph.store).unchanged == sorted([REPORT_A, REPORT_B, REFERENCE])


def test_push_only_changed_false_replaces_everything(oxigraph) -> None:
    push(_dataset(), oxigraph.store)
    report = push(_dataset(), oxigraph.store, only_changed=False)
    assert report.replaced == sorted([REPORT_A, REPORT_B, REFERENCE]) and report.unchanged == []


def test_push_turtle_content_type_accepted(oxigraph) -> None:
    ds = _dataset()
    report = push(ds, oxigraph.store, content_type="text/turtle")
    assert len(report.replaced) == 3
    assert _report_quads(oxigraph) == _expected(ds)


def test_push_unknown_graph_names_available_ones(oxigraph) -> None:
    with pytest.raises(StoreError, match=r"no named graph <http://example.org/nope>.*Available graphs: <"):
        push(_dataset(), oxigraph.store, graphs=["http://example.org/nope"])


def test_push_wrong_gsp_path_is_clear_store_error(oxigraph) -> None:
    with pytest.raises(StoreError, match=r"404 Not Found at http://127\.0\.0\.1:\d+/nope: check the endpoint URL"):
        push(_dataset(), f"{oxigraph.base}/nope", retries=0)


def test_push_store_directory_graph_by_graph_from_oxigraph(oxigraph, sample_build) -> None:
    from kg.store import open_for_query, open_graph

    out, _ = sample_build
    report = push(open_for_query(out / "store"), oxigraph.store)
    built = open_graph(out / "kg.trig")
    graphs = sorted(str(g.identifier) for g in built.graphs() if len(g) and "/graph/" in str(g.identifier))
    assert report.replaced == graphs and report.failed == []
    def same_value(quads: set) -> set:  # Oxigraph writes decimals canonically ("98", not "98.0")
        return {tuple(Decimal(str(t)) if isinstance(t, Literal) and t.datatype == XSD_DECIMAL else t for t in q)
                for q in quads}

    assert same_value(_report_quads(oxigraph)) == same_value(_expected(built))
    again = push(open_for_query(out / "store"), oxigraph.store)
    assert again.replaced == [] and again.unchanged == graphs  # the store's manifest hashes match
