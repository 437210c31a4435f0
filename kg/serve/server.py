"""Put a SparqlApp behind the stdlib ThreadingHTTPServer (loopback by default)."""

from __future__ import annotations

import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rdflib import Dataset

from kg.serve.app import MAX_BODY, SparqlApp, make_app

log = logging.getLogger("kg")

__all__ = ["make_server", "serve"]


def _handler_class(app: SparqlApp) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to ``app``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "edukg"

        def _respond(self, method: str) -> None:
            path, _, query_string = self.path.partition("?")
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                status, headers, body = 413, {"Content-Type": "text/plain; charset=utf-8"}, b"Request body too large\n"
            else:
                data = self.rfile.read(length) if length > 0 else b""
                status, headers, body = app.handle(method, path, query_string, dict(self.headers.items()), data)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - stdlib naming
            self._respond("GET")

        def do_HEAD(self) -> None:  # noqa: N802
            self._respond("HEAD")

        def do_POST(self) -> None:  # noqa: N802
            self._respond("POST")

        def do_PUT(self) -> None:  # noqa: N802
            self._respond("PUT")

        def do_DELETE(self) -> None:  # noqa: N802
            self._respond("DELETE")

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
            log.debug("serve: " + format, *args)

    return Handler


def make_server(app: SparqlApp, host: str = "127.0.0.1", port: int = 7878) -> ThreadingHTTPServer:
    """A bound (not yet serving) HTTP server for ``app``; port 0 picks a free port."""
    server = ThreadingHTTPServer((host, port), _handler_class(app))
    server.daemon_threads = True
    return server


def serve(ds_or_path: Dataset | Path | str, host: str = "127.0.0.1", port: int = 7878, read_only: bool = True,
          query_dir: Path | None = None) -> None:
    """Serve a Dataset (or a graph file / store directory) until interrupted; blocking."""
    if isinstance(ds_or_path, (str, Path)):
        from kg.store import open_graph

        ds_or_path = open_graph(Path(ds_or_path))
    server = make_server(make_app(ds_or_path, query_dir=query_dir, read_only=read_only), host, port)
    log.info("SPARQL endpoint on http://%s:%d/sparql (page at /; Ctrl-C to stop)", *server.server_address[:2])
    try:
        server.serve_forever()
    finally:
        server.server_close()
