"""Push the named graphs of a Dataset to a SPARQL 1.1 Graph Store Protocol endpoint, changed ones only.

Each graph is replaced atomically with ``PUT {endpoint}?graph={iri}`` (N-Triples body). What changed
is decided by a content fingerprint: the server keeps a small manifest graph
(``<https://w3id.org/edukg/graph/manifest>``, one ``<g> edu:contentHash "sha256:..."`` triple per
graph this tool pushed); a graph whose hash is unchanged is skipped, and a graph listed in the
manifest but no longer in the Dataset (a report that was removed) is deleted. Graphs on the server
that the manifest does not list are never touched.

Example::

    report = push(ds, "http://localhost:7878/store")
    report.replaced, report.unchanged, report.deleted, report.failed
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

import rdflib
from rdflib import Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import StoreError
from kg.push.http import GraphRefused, GraphStoreClient
from kg.rdf.fingerprint import canonical_ntriples, content_hash
from kg.rdf.namespaces import EDU, MANIFEST_GRAPH

log = logging.getLogger("kg")

__all__ = ["PushReport", "push", "read_manifest", "MANIFEST_GRAPH", "CONTENT_HASH"]

# edu:contentHash (a bookkeeping property of the manifest graph only, not part of the report model).
CONTENT_HASH = EDU.contentHash

# Statuses that concern the whole endpoint (credentials, URL, method, format): stop at once.
ENDPOINT_STATUSES = frozenset({401, 403, 404, 405, 415})

# Server content type -> rdflib parser (N-Triples is also valid Turtle, the fallback).
_PARSERS = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
            "application/rdf+xml": "xml", "application/ld+json": "json-ld"}


@dataclass
class PushReport:
    """What a push did: graph IRIs replaced, skipped as unchanged, deleted, and (IRI, reason) failures."""

    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    retries: int = 0

    @property
    def ok(self) -> bool:
        """True when no graph failed."""
        return not self.failed


def push(ds: rdflib.Dataset, endpoint: str, *, graphs: Sequence[str] | None = None,
         only_changed: bool = True, auth: tuple[str, str] | None = None, retries: int = 3,
         timeout: float = 30.0, content_type: str = "application/n-triples", backoff: float = 0.5,
         graph_param: str = "graph", sleep: Callable[[float], None] = time.sleep) -> PushReport:
    """Replace the changed named graphs of ``ds`` on a Graph Store Protocol endpoint; delete dropped ones.

    ``graphs`` limits the push to those IRIs (then nothing is deleted); ``only_changed=False``
    replaces every graph. Connection errors, 429 and 5xx are retried ``retries`` times with
    exponential backoff (``backoff`` s, doubled each time). A refusal of the endpoint itself
    (401/403/404/405/415) or an unreachable server raises StoreError; other per-graph failures are
    listed in ``PushReport.failed`` and the rest is still pushed. Empty graphs count as absent.
    ``content_type`` may be ``text/turtle`` (the N-Triples body is valid Turtle); ``graph_param`` names
    the query parameter carrying the graph IRI (``graph-uri`` for Virtuoso's older examples).
    """
    local = _local_graphs(ds, graphs)
    client = GraphStoreClient(endpoint, auth=auth, retries=retries, timeout=timeout, backoff=backoff,
                              sleep=sleep, graph_param=graph_param)
    remote = read_manifest(client)
    manifest = dict(remote)
    report = PushReport()

    for iri in sorted(local):
        body = local[iri]
        digest = content_hash(body)
        if only_changed and remote.get(iri) == digest:
            report.unchanged.append(iri)
            continue
        try:
            client.put(iri, body, content_type)
        except GraphRefused as error:
            if error.status in ENDPOINT_STATUSES:
                raise
            manifest.pop(iri, None)  # server state unknown: push it again next time
            report.failed.append((iri, str(error)))
            continue
        manifest[iri] = digest
        report.replaced.append(iri)
        log.info("replaced <%s> (%d triples)", iri, body.count(b"\n"))

    if graphs is None:
        for iri in sorted(set(remote) - set(local)):
            try:
                existed = client.delete(iri)
            except GraphRefused as error:
                if error.status in ENDPOINT_STATUSES:
                    raise
                report.failed.append((iri, str(error)))  # keep its manifest entry: retried next time
                continue
            manifest.pop(iri)
            report.deleted.append(iri)
            log.info("deleted <%s>%s", iri, "" if existed else " (already absent on the server)")

    if manifest != remote:
        client.put(MANIFEST_GRAPH, canonical_ntriples(manifest_graph(manifest)), content_type)
    report.retries = client.retries_used
    log.info("push to %s: %d replaced, %d unchanged, %d deleted, %d failed, %d retries", endpoint,
             len(report.replaced), len(report.unchanged), len(report.deleted), len(report.failed),
             report.retries)
    return report


def read_manifest(client: GraphStoreClient) -> dict[str, str]:
    """Graph IRI -> content hash, from the server's manifest graph (empty when it has none)."""
    answer = client.get(MANIFEST_GRAPH)
    if answer is None or not answer.body.strip():
        return {}
    graph = rdflib.Graph()
    try:
        graph.parse(data=answer.body, format=_PARSERS.get(answer.content_type, "turtle"))
    except Exception as error:  # rdflib raises many parser-specific types
        problem = " ".join(str(error).split())[:200]
        raise StoreError(f"cannot read the push manifest <{MANIFEST_GRAPH}> from {client.endpoint} "
                         f"({answer.content_type}): {problem}; delete that graph to push everything again") from None
    return {str(s): str(o) for s, o in graph.subject_objects(CONTENT_HASH)}


def manifest_graph(manifest: dict[str, str]) -> rdflib.Graph:
    """The manifest as a graph: one ``<g> edu:contentHash "sha256:..."`` triple per graph."""
    graph = rdflib.Graph()
    for iri, digest in sorted(manifest.items()):
        graph.add((URIRef(iri), CONTENT_HASH, Literal(digest)))
    return graph


def _local_graphs(ds: rdflib.Dataset, only: Sequence[str] | None) -> dict[str, bytes]:
    """Graph IRI -> canonical N-Triples of each non-empty named graph of ``ds`` (``only`` those if given)."""
    found: dict[str, bytes] = {}
    for graph in ds.graphs():
        iri = str(graph.identifier)
        if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
            if len(graph):
                log.warning("push: %d triples in the default graph are not pushed (only named graphs are)",
                            len(graph))
            continue
        if iri == MANIFEST_GRAPH:
            log.warning("push: the Dataset holds a graph named <%s>; ignored (the server's manifest)", iri)
            continue
        if len(graph):
            found[iri] = canonical_ntriples(graph)
    if only is None:
        return found
    missing = sorted(set(only) - set(found))
    if missing:
        available = ", ".join(f"<{iri}>" for iri in sorted(found)) or "none"
        raise StoreError(f"no named graph {', '.join(f'<{iri}>' for iri in missing)} in the dataset to push. "
                         f"Available graphs: {available}")
    return {iri: found[iri] for iri in only}
