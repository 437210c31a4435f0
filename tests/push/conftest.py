"""Fixtures for push tests: a real `oxigraph serve` on a free loopback port, and a scripted HTTP server."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node


def _oxigraph_binary() -> str | None:
    here = Path(sys.executable).with_name("oxigraph")
    return str(here) if here.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Oxigraph:
    """A running oxigraph server: its base URL and SPARQL helpers."""

    base: str

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    def select(self, query: str) -> list[dict[str, Node]]:
        """Run a SELECT over HTTP (/query); rows of variable -> rdflib term."""
        url = f"{self.base}/query?" + urllib.parse.urlencode({"query": query})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            results = json.loads(answer.read())
        return [{k: _term(v) for k, v in row.items()} for row in results["results"]["bindings"]]

    def quads(self) -> set[tuple[Node, Node, Node, Node]]:
        """Every (s, p, o, graph) in the store's named graphs, as rdflib terms."""
        rows = self.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        return {(r["s"], r["p"], r["o"], r["g"]) for r in rows}


def _term(binding: dict[str, str]) -> Node:
    """SPARQL JSON result binding -> rdflib term."""
    if binding["type"] == "uri":
        return URIRef(binding["value"])
    if binding["type"] == "bnode":
        return BNode(binding["value"])
    datatype = binding.get("datatype")
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        datatype = None  # a simple literal, as rdflib parses it
    return Literal(binding["value"], lang=binding.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)


@pytest.fixture()
def oxigraph(tmp_path: Path) -> Iterator[Oxigraph]:
    """Start `oxigraph serve` on 127.0.0.1:<free port> with a fresh store; kill it at teardown."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("oxigraph binary not installed (pip install oxigraph)")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # bounded: at most ~10 s
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph exited: {process.stderr.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            raise RuntimeError("oxigraph did not answer within 10 s")
        yield Oxigraph(base)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stderr:
            process.stderr.close()


@dataclass
class Scripted:
    """A loopback HTTP server answering each request with the next scripted status (then the last one)."""

    url: str
    statuses: list[int]
    get_body: bytes = b""
    requests: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture()
def scripted_server() -> Iterator[Callable[[list[int]], Scripted]]:
    """Factory: scripted_server([500, 500, 200]) -> Scripted, served on a free loopback port."""
    servers: list[ThreadingHTTPServer] = []

    def start(statuses: list[int]) -> Scripted:
        state = Scripted("", list(statuses))

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else b""
                state.requests.append((self.command, self.path, dict(self.headers), data))
                status = state.statuses.pop(0) if len(state.statuses) > 1 else state.statuses[0]
                body = f"scripted error {status}\ndetails".encode() if status >= 400 else b""
                if status == 200 and self.command == "GET":
                    body = state.get_body
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "2")
                self.send_header("Content-Type", "text/turtle" if status == 200 else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_PUT = do_DELETE = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        state.url = f"http://127.0.0.1:{server.server_address[1]}/store"
        return state

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
