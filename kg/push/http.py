"""Small SPARQL 1.1 Graph Store Protocol client (stdlib urllib) with retries and actionable errors.

Only what ``kg push`` needs: GET / PUT / DELETE of one graph, addressed as ``{endpoint}?graph={iri}``
(indirect graph identification, which Oxigraph ``/store``, Fuseki ``/ds/data``, Virtuoso
``/sparql-graph-crud-auth`` and GraphDB ``/repositories/X/rdf-graphs/service`` all accept).
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.client import HTTPException
from typing import Callable

from kg.errors import StoreError

log = logging.getLogger("kg")

# Statuses worth retrying: the server is busy or had a transient fault.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Longest wait we honour from a Retry-After header, in seconds.
MAX_RETRY_AFTER = 30.0

_HINTS = {
    401: "check --user/--password (the endpoint needs credentials)",
    403: "check --user/--password or that the endpoint allows writes",
    404: "check the endpoint URL (it should be the Graph Store Protocol path, e.g. "
    "Oxigraph /store, Fuseki /DATASET/data, GraphDB /repositories/REPO/rdf-graphs/service)",
    405: "check the endpoint URL: it does not accept this method (a read-only or query-only URL?)",
    413: "the graph is too large for the server: raise its request-size limit",
    415: "the server does not accept this content type: try --content-type text/turtle",
}


class GraphRefused(StoreError):
    """The server answered a request about one graph with an error status (after any retries)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Response:
    """Status, content type and body of a finished request."""

    status: int
    content_type: str
    body: bytes


@dataclass
class GraphStoreClient:
    """Talks to one Graph Store Protocol endpoint; counts the retries it made."""

    endpoint: str
    auth: tuple[str, str] | None = None
    retries: int = 3
    timeout: float = 30.0
    backoff: float = 0.5
    sleep: Callable[[float], None] = time.sleep
    graph_param: str = "graph"  # older Virtuoso documents "graph-uri"
    retries_used: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        handlers: list[urllib.request.BaseHandler] = []
        if self.auth is not None:
            # Pre-emptive Basic (Fuseki, GraphDB), Digest when challenged (Virtuoso's -auth endpoint).
            # Registered for the server root: urllib matches path prefixes ending in "/", which
            # "/store?graph=..." under "/store" would not.
            parts = urllib.parse.urlsplit(self.endpoint)
            root = f"{parts.scheme}://{parts.netloc}/"
            manager = urllib.request.HTTPPasswordMgrWithPriorAuth()
            manager.add_password(None, root, self.auth[0], self.auth[1], is_authenticated=True)
            handlers += [urllib.request.HTTPBasicAuthHandler(manager),
                         urllib.request.HTTPDigestAuthHandler(manager)]
        self._opener = urllib.request.build_opener(*handlers)

    def graph_url(self, graph: str) -> str:
        """The URL of one graph: the endpoint with ``graph=IRI`` (``graph_param``) added to its query string."""
        parts = urllib.parse.urlsplit(self.endpoint)
        query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True) + [(self.graph_param, graph)]
        return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))

    def get(self, graph: str) -> Response | None:
        """The graph as RDF (N-Triples or Turtle), or None when the server does not have it (404)."""
        accept = "application/n-triples, text/turtle;q=0.9, */*;q=0.1"
        return self._request("GET", graph, headers={"Accept": accept}, missing_ok=True)

    def put(self, graph: str, body: bytes, content_type: str) -> None:
        """Replace the graph on the server with ``body``."""
        self._request("PUT", graph, body=body, headers={"Content-Type": f"{content_type}; charset=utf-8"})

    def delete(self, graph: str) -> bool:
        """Delete the graph; False when the server did not have it (404)."""
        return self._request("DELETE", graph, missing_ok=True) is not None

    def _request(self, method: str, graph: str, *, body: bytes | None = None,
                 headers: dict[str, str] | None = None, missing_ok: bool = False) -> Response | None:
        url = self.graph_url(graph)
        attempt = 0
        while True:
            request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
            wait = self.backoff * (2 ** attempt)
            try:
                with self._opener.open(request, timeout=self.timeout) as answer:
                    return Response(answer.status, answer.headers.get_content_type(), answer.read())
            except urllib.error.HTTPError as error:
                status = error.code
                detail = _error_detail(error)
                if status == 404 and missing_ok:
                    return None
                if status not in RETRY_STATUSES:
                    raise refused(method, status, error.reason, url, graph, detail) from None
                problem = f"{status} {error.reason}"
                wait = max(wait, _retry_after(error))
            except (urllib.error.URLError, HTTPException, OSError) as error:
                status = None
                reason = getattr(error, "reason", error)
                problem = f"connection failed ({reason})"
            if attempt >= self.retries:
                if status is None:
                    raise StoreError(f"cannot reach {self.endpoint}: {problem} after {attempt + 1} attempts; "
                                     f"check the URL and that the server is running") from None
                raise GraphRefused(f"server failed {method} of graph <{graph}> with {problem} at {self.endpoint} "
                                   f"after {attempt + 1} attempts; see the server log or retry later", status)
            attempt += 1
            self.retries_used += 1
            log.warning("%s %s: %s; retry %d/%d in %.1f s", method, graph, problem, attempt, self.retries, wait)
            self.sleep(wait)


def refused(method: str, status: int, reason: str, url: str, graph: str, detail: str = "") -> GraphRefused:
    """The StoreError for a request the server refused: status, endpoint and what to try."""
    endpoint = url.split("?", 1)[0]
    hint = _HINTS.get(status, "check the endpoint URL and the server log")
    if status == 403 and method == "GET":
        hint = "check --user/--password or that the endpoint allows reading graphs"
    said = f" (server said: {detail})" if detail else ""
    return GraphRefused(f"server refused {method} of graph <{graph}> with {status} {reason} at {endpoint}: "
                        f"{hint}{said}", status)


def _error_detail(error: urllib.error.HTTPError, limit: int = 200) -> str:
    """The first line of an error body, shortened: servers often say what was wrong there."""
    try:
        text = error.read().decode("utf-8", "replace").strip()
    except (OSError, HTTPException):
        return ""
    first = text.splitlines()[0] if text else ""
    return first[:limit]


def _retry_after(error: urllib.error.HTTPError) -> float:
    """Seconds from a numeric Retry-After header (capped), else 0."""
    value = error.headers.get("Retry-After", "") if error.headers else ""
    try:
        return min(float(value), MAX_RETRY_AFTER)
    except ValueError:
        return 0.0
