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

import functools
import io
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
from kg.store import StoreView

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


def push(ds: rdflib.Dataset | StoreView, endpoint: str, *, graphs: Sequence[str] | None = None,
         only_changed: bool = True, auth: tuple[str, str] | None = None, retries: int = 3,
         timeout: float = 30.0, content_type: str = "application/n-triples", backoff: float = 0.5,
         graph_param: str = "graph", sleep: Callable[[float], None] = time.sleep) -> PushReport:
    """Replace the changed named graphs of ``ds`` on a Graph Store Protocol endpoint; delete dropped ones.

    ``ds`` is an rdflib Dataset or a store directory opened with ``kg.store.open_for_query``: a store
    is pushed graph by graph straight from Oxigraph (its manifest gives the hashes), so a corpus of
    any size is pushed without loading it into memory.

    ``graphs`` limits the push to those IRIs (then nothing is deleted); ``only_changed=False``
    replaces every graph. Connection errors, 429 and 5xx are retried ``retries`` times with
    exponential backoff (``backoff`` s, doubled each time). A refusal of the endpoint itself
    (401/403/404/405/415) or an unreachable server raises StoreError; other per-graph failures are
    listed in ``PushReport.failed`` and the rest is still pushed. Empty graphs count as absent.
    ``content_type`` may be ``text/turtle`` (the N-Triples body is valid Turtle); ``graph_param`` names
    the query parameter carrying the graph IRI (``graph-uri`` for Virtuoso's older examples).
    """
    local = _local_graphs(ds, graphs)  # IRI -> (content hash, body loader)
    client = GraphStoreClient(endpoint, auth=auth, retries=retries, timeout=timeout, backoff=backoff,
                              sleep=sleep, graph_param=graph_param)
    remote = read_manifest(client)
    manifest = dict(remote)
    report = PushReport()

    for iri in sorted(local):
        digest, load = local[iri]
        if only_changed and remote.get(iri) == digest:
            report.unchanged.append(iri)
            continue
        body = load()
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


Local = dict[str, tuple[str, Callable[[], bytes]]]


def _local_graphs(ds: rdflib.Dataset | StoreView, only: Sequence[str] | None) -> Local:
    """Graph IRI -> (content hash, N-Triples loader) of each non-empty named graph (``only`` those if given)."""
    found = _store_graphs(ds) if isinstance(ds, StoreView) else _dataset_graphs(ds)
    if only is None:
        return found
    missing = sorted(set(only) - set(found))
    if missing:
        available = ", ".join(f"<{iri}>" for iri in sorted(found)) or "none"
        raise StoreError(f"no named graph {', '.join(f'<{iri}>' for iri in missing)} in the dataset to push. "
                         f"Available graphs: {available}")
    return {iri: found[iri] for iri in only}


def _store_graphs(view: StoreView) -> Local:
    """The graphs a kg build store lists in its manifest, each dumped from Oxigraph when pushed."""
    import pyoxigraph

    store = view.oxigraph
    rows = store.query(f"SELECT ?g ?h WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ ?g <{CONTENT_HASH}> ?h }} }}")
    hashes = {row["g"].value: row["h"].value for row in rows}
    if not hashes:
        raise StoreError(f"{view.path}: the store has no manifest graph <{MANIFEST_GRAPH}>; "
                         "push a store made by `kg build`, or a .trig/.nq file")

    def dump(iri: str) -> bytes:
        buf = io.BytesIO()
        store.dump(buf, format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.NamedNode(iri))
        return buf.getvalue()

    return {iri: (digest, functools.partial(dump, iri)) for iri, digest in hashes.items()}


def _dataset_graphs(ds: rdflib.Dataset) -> Local:
    """Each non-empty named graph of an rdflib Dataset, as canonical N-Triples."""
    found: Local = {}
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
            body = canonical_ntriples(graph)
            found[iri] = (content_hash(body), functools.partial(bytes, body))
    return found
