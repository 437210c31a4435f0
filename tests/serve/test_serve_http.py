"""The SPARQL endpoint over real HTTP on a free loopback port: protocol, negotiation, refusals, page."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.serve import make_app, make_server, negotiate
from kg.store import open_graph

FIXTURE = Path(__file__).parents[1] / "query" / "fixtures" / "mini.trig"
SCHOOL = URIRef("https://w3id.org/edukg/id/school/0c0c0c0c0c01")
EVIL = "<script>alert('x')</script>"
SCHOOLS = ("SELECT ?s ?l WHERE { ?s a edu:PrimarySchool ; rdfs:label ?l } ORDER BY ?l")


@pytest.fixture(scope="module")
def ds():
    ds = open_graph(FIXTURE)
    ds.graph(URIRef("https://w3id.org/edukg/id/graph/evil")).add((SCHOOL, RDFS.comment, Literal(EVIL)))
    return ds


@pytest.fixture(scope="module")
def base(ds):
    server = make_server(make_app(ds), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, str]:
    """(status, content type, body) of one request, HTTP errors included."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read().decode("utf-8")


def labels(body: str) -> list[str]:
    return [b["l"]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_serve_get_returns_sparql_json_by_default(base):
    status, ctype, body = fetch(f"{base}/sparql?" + urllib.parse.urlencode({"query": SCHOOLS}))
    assert status == 200
    assert ctype == "application/sparql-results+json; charset=utf-8"
    assert labels(body) == ["常州市局前街小学", "常州市觅渡桥小学"]


def test_serve_post_form_and_csv_negotiation(base):
    data = urllib.parse.urlencode({"query": SCHOOLS}).encode()
    status, ctype, body = fetch(f"{base}/sparql", data, {"Content-Type": "application/x-www-form-urlencoded",
                                                         "Accept": "text/csv"})
    assert status == 200 and ctype.startswith("text/csv")
    assert body == ("s,l\r\nhttps://w3id.org/edukg/id/school/0c0c0c0c0c03,常州市局前街小学\r\n"
                    "https://w3id.org/edukg/id/school/0c0c0c0c0c01,常州市觅渡桥小学\r\n")


def test_serve_post_sparql_query_body_and_xml(base):
    status, ctype, body = fetch(f"{base}/sparql", SCHOOLS.encode(), {
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+xml"})
    assert status == 200 and ctype.startswith("application/sparql-results+xml")
    assert '<literal xml:lang="zh">常州市觅渡桥小学</literal>' in body


def test_serve_ask_and_construct(base):
    status, _, body = fetch(f"{base}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?r a edu:Report }"}))
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    construct = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a edu:Award ; rdfs:label ?l }"
    status, ctype, body = fetch(f"{base}/sparql?" + urllib.parse.urlencode({"query": construct}),
                                headers={"Accept": "application/n-triples"})
    assert status == 200 and ctype.startswith("application/n-triples")
    assert sorted(body.strip().splitlines()) == sorted([
        '<https://w3id.org/edukg/id/award/0d0d0d0d0d01> <http://www.w3.org/2000/01/rdf-schema#label> "全国文明校园"@zh .',
        '<https://w3id.org/edukg/id/award/0d0d0d0d0d02> <http://www.w3.org/2000/01/rdf-schema#label> "江苏省科普教育综合示范学校"@zh .',
        '<https://w3id.org/edukg/id/award/0d0d0d0d0d03> <http://www.w3.org/2000/01/rdf-schema#label> "省健康促进学校"@zh .',
    ])


def test_serve_bad_query_is_400_with_position(base):
    status, ctype, body = fetch(f"{base}/sparql?" + urllib.parse.urlencode({"query": "SELECT ?s WHERE {\n ?s ?p"}))
    assert status == 400 and ctype.startswith("text/plain")
    assert "SPARQL syntax error at line 2" in body
    status, _, body = fetch(f"{base}/sparql")
    assert status == 400 and "exactly one 'query'" in body


@pytest.mark.parametrize("data,ctype", [
    (b"DROP ALL", "application/sparql-update"),
    (urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(), "application/x-www-form-urlencoded"),
    (urllib.parse.urlencode({"query": "DELETE WHERE { ?s ?p ?o }"}).encode(), "application/x-www-form-urlencoded"),
])
def test_serve_refuses_updates(base, ds, data, ctype):
    before = len(ds)
    status, _, body = fetch(f"{base}/sparql", data, {"Content-Type": ctype})
    assert status == 403 and "read-only" in body
    assert len(ds) == before


def test_serve_page_escapes_labels_and_runs_canned_query(base):
    query = "SELECT ?c WHERE { ?s rdfs:comment ?c }"
    request = urllib.request.Request(f"{base}/?" + urllib.parse.urlencode({"query": query}))
    with urllib.request.urlopen(request, timeout=20) as response:
        assert "script-src" not in response.headers["Content-Security-Policy"]
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    status, ctype, body = fetch(f"{base}/?" + urllib.parse.urlencode({"query": query}))
    assert status == 200 and ctype.startswith("text/html")
    assert "<script>" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert "cdn" not in body.lower() and "http://" not in body and "https://" not in body.split("<h2>Results")[0]
    status, _, body = fetch(f"{base}/?" + urllib.parse.urlencode({"canned": "schools-with-awards",
                                                                 "p.region": "钟楼区", "p.year": "2019"}))
    assert status == 200
    assert "<td>常州市钟爱学校</td>" in body and "<p>2 rows</p>" in body
    assert 'value="钟楼区"' in body


def test_serve_page_shows_parameter_error_escaped(base):
    status, _, body = fetch(f"{base}/?" + urllib.parse.urlencode({"canned": "schools-with-awards",
                                                                 "p.region": "<b>钟楼</b>"}))
    assert status == 400
    assert "no region labelled &#x27;&lt;b&gt;钟楼&lt;/b&gt;&#x27;" in body
    assert "<b>钟楼</b>" not in body


def test_serve_unknown_path_is_404(base):
    assert fetch(f"{base}/update")[0] == 404


def test_serve_negotiate_honours_q_values():
    offered = {"application/sparql-results+json": "json", "text/csv": "csv"}
    default = "application/sparql-results+json"
    assert negotiate("text/csv;q=0.5, application/sparql-results+json", offered, default) == default
    assert negotiate("text/html, */*;q=0.1, text/csv;q=0.9", offered, default) == "text/csv"
    assert negotiate("*/*", offered, default) == default
    assert negotiate("", offered, default) == default


def test_serve_writable_endpoint_applies_update():
    ds = open_graph(FIXTURE)
    app = make_app(ds, read_only=False)
    status, _, _ = app.handle("POST", "/sparql", "", {"Content-Type": "application/sparql-update"},
                              b"INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    assert status == 200
    assert (URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")) in ds


def test_serve_page_refuses_update_typed_as_query(base, ds):
    before = len(ds)
    status, _, body = fetch(f"{base}/?" + urllib.parse.urlencode({"query": "DELETE WHERE { ?s ?p ?o }"}))
    assert status == 400 and "read-only queries only" in body
    assert len(ds) == before


def test_serve_syntax_error_names_line_and_column(base):
    query = "SELECT ?s\nWHERE {\n  ?s ?p\n}"
    status, _, body = fetch(f"{base}/sparql?" + urllib.parse.urlencode({"query": query}))
    assert status == 400
    assert body.startswith("SPARQL syntax error at line 3, column ")
