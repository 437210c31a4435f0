"""The persistent graph store: a pyoxigraph (RocksDB) database with one named graph per report.

A manifest graph records a content hash per named graph, so a rebuild replaces only the graphs
whose content changed; the default graph holds the union of the others (each triple once), for
plain SPARQL, and is kept up to date graph by graph. Every replacement is one SPARQL Update request,
which Oxigraph applies as one transaction: a crash or Ctrl-C leaves each graph, its manifest entry
and its share of the union either entirely old or entirely new.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from kg.errors import StoreError
from kg.rdf.fingerprint import content_hash
from kg.rdf.namespaces import EDU, MANIFEST_GRAPH

log = logging.getLogger("kg")

CONTENT_HASH = str(EDU.contentHash)
BULK_MARKER = "KG-BULK-LOAD-INCOMPLETE"
_FLUSH_EVERY = 32  # graphs replaced between flushes (bounds the memory of an incremental sync)
# A sync compacts the store when it changed at least 1/_COMPACT_SHARE of the graphs it held, so always
# after a first build's bulk loads (each loader call adds files that overlap the others); a small
# change is left to RocksDB's own background compaction: `kg remove` of one report does not rewrite
# a 10k-report store.
_COMPACT_SHARE = 10
_BULK_BYTES = 8 << 20  # N-Quads per bulk-loader call (its memory grows ~12x this)


def _iri(value: str) -> str:
    if any(c in value for c in '<>"{}|^`\\ \n') or not value.isascii():
        raise StoreError(f"not a plain ASCII IRI: {value!r}")
    return f"<{value}>"


class GraphStore:
    """A read-write pyoxigraph store directory (one writer at a time)."""

    def __init__(self, path: Path | str) -> None:
        import pyoxigraph

        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            self._store = pyoxigraph.Store(str(self.path))
        except OSError as exc:
            raise StoreError(
                f"{self.path}: cannot open the graph store ({exc}); is another `kg build` or `kg remove` running?"
            ) from exc
        self._marker = self.path / BULK_MARKER
        self._loader: ThreadPoolExecutor | None = None
        self._loading: Future | None = None
        if self._marker.exists():
            log.warning("%s: a build was interrupted while loading the empty store; emptying it again", self.path)
            self._store.clear()
            self._store.flush()
            self._marker.unlink()

    def hashes(self) -> dict[str, str]:
        """Content hash of each named graph, from the manifest."""
        query = f"SELECT ?g ?h WHERE {{ GRAPH {_iri(MANIFEST_GRAPH)} {{ ?g {_iri(CONTENT_HASH)} ?h }} }}"
        return {sol["g"].value: sol["h"].value for sol in self._store.query(query)}

    def _drop(self, g: str) -> str:
        """Update operations that drop graph ``g``, its manifest entry and its triples no other graph has."""
        m, h = _iri(MANIFEST_GRAPH), _iri(CONTENT_HASH)
        return (
            f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g} && ?other != {m}) }} }} ;\n"
            f"DROP SILENT GRAPH {g} ;\n"
            f"DELETE WHERE {{ GRAPH {m} {{ {g} {h} ?old }} }} ;\n"
        )

    def replace_graph(self, graph: str, ntriples: bytes, digest: str | None = None, existed: bool = True,
                      supersedes: str | None = None) -> None:
        """Replace ``graph`` with the given N-Triples, record its hash and update the union, in one transaction.

        ``supersedes`` names a graph dropped in the same transaction: the previous graph of the same
        report (a changed report gets a new graph IRI), so the store never holds both or neither.
        """
        digest = digest or content_hash(ntriples)
        g, m, h = _iri(graph), _iri(MANIFEST_GRAPH), _iri(CONTENT_HASH)
        text = ntriples.decode("utf-8")
        update = (
            (self._drop(_iri(supersedes)) if supersedes else "")
            + (self._drop(g) if existed else "")
            + f"INSERT DATA {{ GRAPH {m} {{ {g} {h} \"{digest}\" }} GRAPH {g} {{\n{text}}}\n{text}}}"
        )
        try:
            self._store.update(update)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path}: cannot replace graph {graph}: {exc}") from exc

    def remove_graph(self, graph: str) -> None:
        """Drop ``graph``, its manifest entry and the union triples only it stated, in one transaction."""
        self._store.update(self._drop(_iri(graph)).rstrip(" ;\n"))

    def changed(self, digests: dict[str, str]) -> dict[str, str]:
        """IRI -> content hash of the graphs whose hash differs from what the store holds."""
        current = self.hashes()
        return {graph: d for graph, d in digests.items() if current.get(graph) != d}

    def sync(self, digests: dict[str, str], ntriples: Callable[[str], bytes]) -> tuple[list[str], list[str], list[str]]:
        """Make the store hold exactly the graphs of ``digests`` (IRI -> content hash).

        ``ntriples(iri)`` gives a graph's canonical N-Triples (see kg.rdf.fingerprint); it is called
        only for graphs that changed. Returns (replaced, unchanged, removed) graph IRIs, each sorted.
        """
        session = self.session()
        for graph in sorted(digests):
            session.offer(graph, digests[graph], ntriples)
        return session.finish()

    def session(self) -> SyncSession:
        """A sync that takes graphs one at a time, as a build produces them (see :class:`SyncSession`)."""
        return SyncSession(self)

    def bulk_load(self, nquads: bytes) -> None:
        """Oxigraph's (non-transactional) bulk loader; only for a store marked as being bulk-loaded."""
        import pyoxigraph

        self._store.bulk_load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)

    def bulk_load_in_background(self, nquads: bytes) -> None:
        """:meth:`bulk_load` in a loader thread, so the build goes on meanwhile (pyoxigraph releases
        the GIL while it parses and writes); waits for the previous load first (one in flight)."""
        self.wait_for_loads()
        if self._loader is None:
            self._loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-store-load")
        self._loading = self._loader.submit(self.bulk_load, nquads)

    def wait_for_loads(self) -> None:
        """Wait for the background load, if any; re-raises its error."""
        loading, self._loading = self._loading, None
        if loading is not None:
            loading.result()

    def write_manifest(self, entries: list[tuple[str, str]]) -> None:
        """Add (graph, hash) entries to the manifest in one transaction."""
        m, h = _iri(MANIFEST_GRAPH), _iri(CONTENT_HASH)
        lines = "\n".join(f"{_iri(g)} {h} \"{d}\" ." for g, d in entries)
        self._store.update(f"INSERT DATA {{ GRAPH {m} {{\n{lines}\n}} }}")

    def is_empty(self) -> bool:
        """True when the store holds no quad at all."""
        return len(self._store) == 0

    def flush(self) -> None:
        """Write buffered changes to disk."""
        self._store.flush()

    def compact(self) -> None:
        """Compact the database (RocksDB's full compaction, ``Store.optimize``).

        A first build leaves its quads spread over many overlapping sorted files (each bulk-loader
        call adds some), and every lookup of a query probes them all: on a 1,000-report store the
        canned queries ran 2-3x faster after compaction, which took 4.6 s (the build: 97 s).
        """
        try:
            self._store.optimize()
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot compact the graph store: {exc}") from exc

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        """Wait for a background load, flush and release the database lock."""
        try:
            self.wait_for_loads()
        finally:
            if self._loader is not None:
                self._loader.shutdown()
            self._store.flush()
            del self._store

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SyncSession:
    """Graphs offered one at a time (as workers finish them) until :meth:`finish` drops the rest.

    A store with content replaces each changed graph at once, in its own transaction. An empty
    store (a first build) is bulk-loaded instead, several times faster: quads are batched to
    Oxigraph's bulk loader (in a loader thread, overlapping the build) and the manifest is written
    at the end; a marker file stays in the store directory meanwhile, and a store opened with the
    marker present is emptied again (it was empty before the interrupted build), so an interrupted
    first build leaves no half graph.
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.current = store.hashes()
        self.bulk = not self.current and store.is_empty()
        self.replaced: list[str] = []
        self.unchanged: list[str] = []
        self._seen: set[str] = set()
        self._batch: list[bytes] = []
        self._size = 0
        self._loaded: list[tuple[str, str]] = []
        self._dropped: set[str] = set()  # superseded graphs already dropped
        if self.bulk:
            store._marker.touch()

    def offer(self, graph: str, digest: str, ntriples: Callable[[str], bytes], supersedes: str | None = None) -> None:
        """The build's version of ``graph``; ``ntriples(graph)`` is read only if it changed.

        ``supersedes``: the graph the same report had in the store (dropped in the same transaction).
        """
        if graph in self._seen:
            raise StoreError(f"graph {graph} offered twice in one build")
        self._seen.add(graph)
        if self.current.get(graph) == digest:
            self.unchanged.append(graph)
            return
        self.replaced.append(graph)
        if not self.bulk:
            old = supersedes if supersedes in self.current and supersedes != graph and supersedes not in self._seen \
                and supersedes not in self._dropped else None
            self.store.replace_graph(graph, ntriples(graph), digest, existed=graph in self.current, supersedes=old)
            if old is not None:
                self._dropped.add(old)
            if len(self.replaced) % _FLUSH_EVERY == 0:
                self.store.flush()  # RocksDB keeps transactional writes in memtables until flushed
            return
        nt = ntriples(graph)
        if nt and not nt.endswith(b"\n"):
            nt += b"\n"
        # Canonical N-Triples end every line in " .\n" and escape newlines inside literals, so
        # that sequence only ends lines: the named graph's quads are the lines with its IRI added.
        self._batch.append(nt)  # the default graph holds the union
        self._batch.append(nt.replace(b" .\n", f" {_iri(graph)} .\n".encode("utf-8")))
        self._size += 2 * len(nt)
        self._loaded.append((graph, digest))
        if self._size > _BULK_BYTES:
            self._flush_batch()

    def _flush_batch(self) -> None:
        if self._batch:
            self.store.bulk_load_in_background(b"".join(self._batch))
        self._batch, self._size = [], 0

    def finish(self) -> tuple[list[str], list[str], list[str]]:
        """Drop graphs not offered; returns (replaced, unchanged, removed) graph IRIs, each sorted."""
        removed = sorted(set(self.current) - self._seen)
        if self.bulk:
            self._flush_batch()
            self.store.wait_for_loads()
            if self._loaded:
                self.store.write_manifest(self._loaded)
            self.store.flush()
            self.store._marker.unlink(missing_ok=True)
        else:
            for graph in removed:
                if graph not in self._dropped:
                    self.store.remove_graph(graph)
            self.store.flush()
        changes = len(self.replaced) + len(removed)
        if changes * _COMPACT_SHARE >= max(len(self.current), 1):  # a first build: any graph loaded
            self.store.compact()
        return sorted(self.replaced), sorted(self.unchanged), removed
