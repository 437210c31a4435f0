"""The persistent graph store: a pyoxigraph (RocksDB) database with one named graph per report.

A manifest graph records a content hash per named graph, so a rebuild replaces only the graphs
whose content changed; the default graph holds the union of the others, for plain SPARQL. Every replacement is one SPARQL Update request, which Oxigraph applies as one
transaction: a crash or Ctrl-C leaves each graph either entirely old or entirely new.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kg.errors import StoreError
from kg.rdf.fingerprint import content_hash
from kg.rdf.namespaces import EDU, MANIFEST_GRAPH

log = logging.getLogger("kg")

CONTENT_HASH = str(EDU.contentHash)


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

    def hashes(self) -> dict[str, str]:
        """Content hash of each named graph, from the manifest."""
        query = f"SELECT ?g ?h WHERE {{ GRAPH {_iri(MANIFEST_GRAPH)} {{ ?g {_iri(CONTENT_HASH)} ?h }} }}"
        return {sol["g"].value: sol["h"].value for sol in self._store.query(query)}

    def replace_graph(self, graph: str, ntriples: bytes, digest: str | None = None) -> None:
        """Replace ``graph`` with the given N-Triples and record its hash, in one transaction."""
        digest = digest or content_hash(ntriples)
        g, m, h = _iri(graph), _iri(MANIFEST_GRAPH), _iri(CONTENT_HASH)
        update = (
            f"DROP SILENT GRAPH {g} ;\n"
            f"DELETE WHERE {{ GRAPH {m} {{ {g} {h} ?old }} }} ;\n"
            f"INSERT DATA {{ GRAPH {m} {{ {g} {h} \"{digest}\" }} GRAPH {g} {{\n{ntriples.decode('utf-8')}}} }}"
        )
        try:
            self._store.update(update)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path}: cannot replace graph {graph}: {exc}") from exc

    def remove_graph(self, graph: str) -> None:
        """Drop ``graph`` and its manifest entry, in one transaction."""
        g, m, h = _iri(graph), _iri(MANIFEST_GRAPH), _iri(CONTENT_HASH)
        self._store.update(f"DROP SILENT GRAPH {g} ;\nDELETE WHERE {{ GRAPH {m} {{ {g} {h} ?old }} }}")

    def changed(self, graphs: dict[str, bytes]) -> dict[str, str]:
        """IRI -> content hash of the ``graphs`` whose content differs from what the store holds."""
        current = self.hashes()
        digests = {graph: content_hash(nt) for graph, nt in graphs.items()}
        return {graph: d for graph, d in digests.items() if current.get(graph) != d}

    def sync(self, graphs: dict[str, bytes]) -> tuple[list[str], list[str], list[str]]:
        """Make the store hold exactly ``graphs`` (IRI -> canonical N-Triples, see kg.rdf.fingerprint).

        Returns (replaced, unchanged, removed) graph IRIs, each sorted.
        """
        changed = self.changed(graphs)
        for graph in sorted(changed):
            self.replace_graph(graph, graphs[graph], changed[graph])
        replaced = sorted(changed)
        unchanged = sorted(set(graphs) - set(changed))
        removed = sorted(set(self.hashes()) - set(graphs))
        for graph in removed:
            self.remove_graph(graph)
        if replaced or removed or not self._has_union():
            self._refresh_union()
        self._store.flush()
        return replaced, unchanged, removed

    def _has_union(self) -> bool:
        return bool(self._store.query("ASK { ?s ?p ?o }"))

    def _refresh_union(self) -> None:
        """Make the default graph the union (a set) of the named report, reference and ontology graphs.

        SPARQL over the store then sees each triple once without ``use_default_graph_as_union`` (which
        repeats a triple once per graph stating it, and is slower on aggregates).
        """
        m = _iri(MANIFEST_GRAPH)
        self._store.update(
            "DROP SILENT DEFAULT ;\n"
            f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {m}) }}"
        )

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        """Flush and release the database lock."""
        self._store.flush()
        del self._store

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
