"""A SPARQL 1.1 Protocol endpoint over an rdflib Dataset, as a socket-free request handler.

``SparqlApp.handle(method, path, query_string, headers, body)`` returns ``(status, headers, body)``;
``kg.serve.server`` puts it behind the stdlib ``ThreadingHTTPServer``. Routes:

- ``GET/POST /sparql``: ``query=`` (URL or form encoded) or an ``application/sparql-query`` body;
  results as SPARQL JSON (default), CSV or XML by ``Accept`` (or ``format=json|csv|xml``);
  CONSTRUCT/DESCRIBE as Turtle or N-Triples. Updates (``update=`` or ``application/sparql-update``)
  get 403 on a read-only endpoint.
- ``GET /``: the HTML query page (``kg.serve.page``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs

from rdflib import Dataset, Graph

from kg.errors import KgError, QueryError, UpdateNotAllowed
from kg.query.catalog import get_query, list_queries
from kg.query.formats import format_result
from kg.query.params import PREFIXES
from kg.query.run import QueryResult, run_query, run_update
from kg.serve.page import render_page

log = logging.getLogger("kg")

__all__ = ["MAX_BODY", "SparqlApp", "make_app", "negotiate"]

MAX_BODY = 1_000_000
Response = tuple[int, dict[str, str], bytes]

_RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
}
_FORMAT_TYPES = {"json": "application/sparql-results+json", "csv": "text/csv", "xml": "application/sparql-results+xml"}
# The page needs no script and no outside resource: forbid both (defence in depth behind escaping).
_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
_GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "text/plain": "nt"}


def negotiate(accept: str, offered: Mapping[str, str], default: str) -> str:
    """The offered media type the Accept header prefers most (q-values honoured), else ``default``."""
    best, best_q = default, 0.0
    for item in accept.split(","):
        parts = [p.strip() for p in item.split(";")]
        media, q = parts[0].lower(), 1.0
        for param in parts[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if media in offered and q > best_q:
            best, best_q = media, q
        elif media in ("*/*", "application/*") and q > best_q:
            best, best_q = default, q - 1e-6  # a concrete type of equal q wins over a wildcard
    return best


class SparqlApp:
    """Answers SPARQL Protocol and HTML page requests over one Dataset."""

    def __init__(self, ds: Dataset, query_dir: Path | None = None, read_only: bool = True) -> None:
        """Wrap ``ds``; canned queries come from ``query_dir`` (default: the repository's queries/)."""
        self.ds = ds
        self.query_dir = query_dir
        self.read_only = read_only
        self._lock = threading.Lock()  # rdflib's memory store is not safe for concurrent use

    def handle(self, method: str, path: str, query_string: str, headers: Mapping[str, str], body: bytes) -> Response:
        """Route one request; every failure becomes an HTTP status with a plain-text message."""
        headers = {k.lower(): v for k, v in headers.items()}
        try:
            if path in ("/", "/index.html") and method in ("GET", "HEAD"):
                return self._page(parse_qs(query_string))
            if path == "/sparql":
                return self._sparql(method, query_string, headers, body)
            return _text(404, f"Not found: {path}. Try / or /sparql")
        except QueryError as exc:
            return _text(400, str(exc))
        except KgError as exc:
            return _text(500, str(exc))

    def _sparql(self, method: str, query_string: str, headers: Mapping[str, str], body: bytes) -> Response:
        """SPARQL 1.1 Protocol: query via GET or POST, updates refused when read-only."""
        args = parse_qs(query_string)
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if method == "POST":
            if ctype == "application/x-www-form-urlencoded":
                for key, values in parse_qs(body.decode("utf-8", errors="replace")).items():
                    args.setdefault(key, []).extend(values)
            elif ctype == "application/sparql-query":
                args.setdefault("query", []).append(body.decode("utf-8", errors="replace"))
            elif ctype == "application/sparql-update":
                args.setdefault("update", []).append(body.decode("utf-8", errors="replace"))
            else:
                return _text(415, f"Unsupported content type {ctype!r} (use application/sparql-query or a form)")
        elif method not in ("GET", "HEAD"):
            return _text(405, f"Method {method} not allowed", {"Allow": "GET, POST"})
        if "update" in args:
            return self._update(args["update"], method)
        queries = args.get("query", [])
        if len(queries) != 1:
            return _text(400, "Give exactly one 'query' parameter (or an application/sparql-query body)")
        try:
            with self._lock:
                result = run_query(self.ds, queries[0])
        except UpdateNotAllowed:
            return _text(403 if self.read_only else 400, "Updates are not accepted as 'query'; this endpoint is read-only" if self.read_only else "Send updates as 'update'")
        return self._result_response(result, headers.get("accept", ""), (args.get("format") or [""])[0])

    def _update(self, updates: list[str], method: str) -> Response:
        """Apply an update (POST only) unless the endpoint is read-only."""
        if self.read_only:
            return _text(403, "This endpoint is read-only: SPARQL updates are refused")
        if method != "POST" or len(updates) != 1:
            return _text(400, "Send exactly one update with POST")
        with self._lock:
            run_update(self.ds, updates[0])
        return _text(200, "Update applied")

    def _result_response(self, result: QueryResult, accept: str, fmt: str) -> Response:
        """Serialise results by ``format=`` or content negotiation."""
        if result.kind in ("CONSTRUCT", "DESCRIBE"):
            media = negotiate(accept, _GRAPH_TYPES, "text/turtle")
            graph = Graph()
            for prefix, ns in PREFIXES.items():
                graph.bind(prefix, ns)
            for triple in result.rows:
                graph.add(triple)
            data = graph.serialize(format=_GRAPH_TYPES[media])
            return 200, {"Content-Type": f"{media}; charset=utf-8"}, data.encode("utf-8")
        if fmt:
            if fmt not in _FORMAT_TYPES:
                return _text(400, f"No result format {fmt!r}. Available: {', '.join(_FORMAT_TYPES)}")
            media = _FORMAT_TYPES[fmt]
        else:
            media = negotiate(accept, _RESULT_TYPES, "application/sparql-results+json")
        data = format_result(result, _RESULT_TYPES[media])
        return 200, {"Content-Type": f"{media}; charset=utf-8"}, data.encode("utf-8")

    def _page(self, args: Mapping[str, list[str]]) -> Response:
        """The HTML page, with the results of a typed or canned query when one was submitted."""
        canned = list_queries(self.query_dir)
        text = (args.get("query") or [""])[0]
        name = (args.get("canned") or [""])[0]
        values = {k[2:]: v[0] for k, v in args.items() if k.startswith("p.")}
        result, error = None, ""
        try:
            if name:
                query = get_query(name, self.query_dir)
                text = query.text
                with self._lock:
                    result = run_query(self.ds, query.text, values, query.params)
            elif text.strip():
                with self._lock:
                    result = run_query(self.ds, text)
        except UpdateNotAllowed:
            error = "This page runs read-only queries only"
        except QueryError as exc:
            error = str(exc)
        html = render_page(canned, text, name, values, result, error)
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": _PAGE_CSP}
        return (200 if not error else 400), headers, html.encode("utf-8")


def _text(status: int, message: str, extra: Mapping[str, str] | None = None) -> Response:
    """A plain-text response."""
    headers = {"Content-Type": "text/plain; charset=utf-8", **(extra or {})}
    return status, headers, (message.rstrip("\n") + "\n").encode("utf-8")


def make_app(ds: Dataset, query_dir: Path | None = None, read_only: bool = True) -> SparqlApp:
    """A SparqlApp over ``ds``: SPARQL Protocol at /sparql, HTML query page at /."""
    return SparqlApp(ds, query_dir=query_dir, read_only=read_only)
