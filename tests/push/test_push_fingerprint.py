"""kg.push.fingerprint and GSP URL building: canonical, order-independent hashes; safe graph URLs."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.rdf.fingerprint import canonical_ntriples, content_hash
from kg.push.http import GraphStoreClient

S = URIRef("https://w3id.org/edukg/id/school/0a1b2c3d4e5f")


def test_fingerprint_independent_of_insertion_order() -> None:
    triples = [(S, RDFS.label, Literal("常州市觅渡桥小学", lang="zh")), (S, RDFS.comment, Literal("觅小")),
               (S, RDFS.seeAlso, URIRef("https://w3id.org/edukg/id/region/320404"))]
    one, two = Graph(), Graph()
    for t in triples:
        one.add(t)
    for t in reversed(triples):
        two.add(t)
    assert canonical_ntriples(one) == canonical_ntriples(two)
    lines = canonical_ntriples(one).decode().splitlines()
    assert lines == sorted(lines) and len(lines) == 3


def test_fingerprint_changes_with_language_tag() -> None:
    zh, plain = Graph(), Graph()
    zh.add((S, RDFS.label, Literal("觅小", lang="zh")))
    plain.add((S, RDFS.label, Literal("觅小")))
    assert content_hash(canonical_ntriples(zh)) != content_hash(canonical_ntriples(plain))


def test_fingerprint_blank_node_labels_do_not_matter() -> None:
    one, two = Graph(), Graph()
    one.add((S, RDFS.seeAlso, BNode("x1")))
    two.add((S, RDFS.seeAlso, BNode("y2")))
    assert canonical_ntriples(one) == canonical_ntriples(two)


def test_push_graph_url_encodes_iri_and_keeps_endpoint_query() -> None:
    client = GraphStoreClient("http://127.0.0.1:8890/sparql-graph-crud-auth?x=1")
    assert client.graph_url("https://w3id.org/edukg/id/graph/a b#c") == (
        "http://127.0.0.1:8890/sparql-graph-crud-auth?x=1&graph=https%3A%2F%2Fw3id.org%2Fedukg%2Fid%2Fgraph%2Fa+b%23c")


def test_push_graph_url_uses_configured_parameter_name() -> None:
    client = GraphStoreClient("http://127.0.0.1:8890/sparql-graph-crud-auth", graph_param="graph-uri")
    assert client.graph_url("urn:g") == "http://127.0.0.1:8890/sparql-graph-crud-auth?graph-uri=urn%3Ag"
