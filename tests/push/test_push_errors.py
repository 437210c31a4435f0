"""kg.push against a scripted loopback server: retries with backoff, refusals, per-graph failures."""

from __future__ import annotations

import base64
import socket
import urllib.parse

import pytest
import rdflib
from rdflib import RDFS, Literal, URIRef

from kg.errors import StoreError
from kg.push import MANIFEST_GRAPH, push

A = "https://w3id.org/edukg/id/graph/000a"
B = "https://w3id.org/edukg/id/graph/000b"


def _dataset() -> rdflib.Dataset:
    ds = rdflib.Dataset(default_union=True)
    ds.graph(URIRef(A)).add((URIRef("https://w3id.org/edukg/id/region/320404"), RDFS.label,
                             Literal("钟楼区", lang="zh")))
    ds.graph(URIRef(B)).add((URIRef("https://w3id.org/edukg/id/region/320400"), RDFS.label,
                             Literal("常州市", lang="zh")))
    return ds


def _graph_of(path: str) -> str:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["graph"][0]


def test_push_retries_5xx_with_exponential_backoff(scripted_server) -> None:
    server = scripted_server([500, 503, 200, 204])
    slept: list[float] = []
    report = push(_dataset(), server.url, retries=3, backoff=0.5, sleep=slept.append)
    assert slept == [0.5, 1.0]
    assert report.retries == 2
    assert report.replaced == [A, B]
    methods = [(m, _graph_of(p)) for m, p, _, _ in server.requests]
    assert methods == [("GET", MANIFEST_GRAPH)] * 3 + [("PUT", A), ("PUT", B), ("PUT", MANIFEST_GRAPH)]


def test_push_gives_up_after_retries_with_clear_error(scripted_server) -> None:
    server = scripted_server([500])
    slept: list[float] = []
    with pytest.raises(StoreError, match=r"server failed GET .* with 500 Internal Server Error .* after 3 attempts"):
        push(_dataset(), server.url, retries=2, sleep=slept.append)
    assert len(server.requests) == 3
    assert slept == [0.5, 1.0]


def test_push_honours_retry_after_on_429(scripted_server) -> None:
    server = scripted_server([429, 404, 204])
    slept: list[float] = []
    report = push(_dataset(), server.url, backoff=0.1, sleep=slept.append)
    assert slept == [2.0]
    assert report.replaced == [A, B] and report.retries == 1


def test_push_403_refusal_names_status_endpoint_and_fix(scripted_server) -> None:
    server = scripted_server([404, 403])
    with pytest.raises(StoreError) as caught:
        push(_dataset(), server.url, sleep=lambda s: None)
    message = str(caught.value)
    assert message.startswith(f"server refused PUT of graph <{A}> with 403 Forbidden at {server.url}: "
                              "check --user/--password or that the endpoint allows writes")
    assert "(server said: scripted error 403)" in message
    assert len(server.requests) == 2  # a refusal is not retried


def test_push_401_without_credentials_points_to_user_option(scripted_server) -> None:
    server = scripted_server([401])
    with pytest.raises(StoreError, match=r"refused GET .* 401 Unauthorized .*check --user/--password"):
        push(_dataset(), server.url, sleep=lambda s: None)


def test_push_sends_basic_credentials(scripted_server) -> None:
    server = scripted_server([404, 204])
    push(_dataset(), server.url, auth=("dba", "秘密"), sleep=lambda s: None)
    expected = "Basic " + base64.b64encode("dba:秘密".encode()).decode()
    assert all(headers.get("Authorization") == expected for _, _, headers, _ in server.requests)


def test_push_graph_failing_after_retries_is_reported_and_left_out_of_manifest(scripted_server) -> None:
    server = scripted_server([404, 500, 500, 204, 204])
    report = push(_dataset(), server.url, retries=1, sleep=lambda s: None)
    assert report.replaced == [B]
    assert [iri for iri, _ in report.failed] == [A]
    assert "500 Internal Server Error" in report.failed[0][1] and not report.ok
    method, path, _, body = server.requests[-1]
    assert (method, _graph_of(path)) == ("PUT", MANIFEST_GRAPH)
    assert body.decode().count("contentHash") == 1 and f"<{B}>" in body.decode() and f"<{A}>" not in body.decode()


def test_push_unreachable_server_says_so(scripted_server) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connections are refused
        slept: list[float] = []
        with pytest.raises(StoreError, match=rf"cannot reach http://127\.0\.0\.1:{port}/store: connection failed"
                                             r".*after 2 attempts; check the URL and that the server is running"):
            push(_dataset(), f"http://127.0.0.1:{port}/store", retries=1, sleep=slept.append)
    assert slept == [0.5]


def test_push_unreadable_manifest_is_store_error(scripted_server) -> None:
    server = scripted_server([200])
    server.get_body = "这不是 Turtle <<<".encode()
    with pytest.raises(StoreError, match=r"cannot read the push manifest .* delete that graph"):
        push(_dataset(), server.url, sleep=lambda s: None)


def test_push_manifest_hash_skips_unchanged_graph(scripted_server) -> None:
    first = scripted_server([404, 204])
    push(_dataset(), first.url, sleep=lambda s: None)
    manifest = first.requests[-1][3]
    second = scripted_server([200, 204])
    second.get_body = manifest
    ds = _dataset()
    ds.graph(URIRef(B)).add((URIRef("https://w3id.org/edukg/id/region/320400"), RDFS.label, Literal("常州")))
    report = push(ds, second.url, sleep=lambda s: None)
    assert report.unchanged == [A] and report.replaced == [B]
    assert [(m, _graph_of(p)) for m, p, _, _ in second.requests] == [
        ("GET", MANIFEST_GRAPH), ("PUT", B), ("PUT", MANIFEST_GRAPH)]
