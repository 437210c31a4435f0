"""Open a knowledge graph for querying: an RDF file or a pyoxigraph store directory -> rdflib Dataset.

One interface for every consumer (query, serve, viz): whatever the source, the caller gets an
``rdflib.Dataset`` whose default graph is the union of its named graphs, so canned queries can
match across reports without ``GRAPH`` and still ask ``GRAPH ?g`` for provenance.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

import rdflib

from kg.errors import StoreError
from kg.rdf.namespaces import MANIFEST_GRAPH

log = logging.getLogger("kg")

# File suffix -> rdflib parser name.
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}

__all__ = ["FORMATS", "OxiDataset", "StoreView", "open_graph", "open_for_query", "new_dataset"]

# Quads (named graphs + their union + manifest) a command may load from a store into rdflib by default.
DEFAULT_MAX_LOAD_QUADS = 5_000_000

# rdflib parser name -> pyoxigraph format, for loading the same file into the query engine.
_OXI_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "trig": "TRIG", "nquads": "N_QUADS", "json-ld": "JSON_LD"}


class OxiDataset(rdflib.Dataset):
    """An rdflib Dataset (default graph = union of the named graphs) with an Oxigraph twin.

    rdflib serves the Python API (viz, eval, stats); SPARQL runs on :attr:`oxigraph`, a pyoxigraph
    store with the same quads (read-only store directory, or an in-memory copy loaded from the same
    file by Oxigraph's own parser), which answers the canned queries tens of times faster.
    """

    def __init__(self) -> None:
        super().__init__(default_union=True)
        # (file, rdflib format, target graph, len(self) right after reading it)
        self._oxigraph_source: tuple[Path, str, str | None, int] | None = None
        self._oxigraph = None
        self._oxigraph_size = -1  # len(self) when the twin was made: a change means it is stale

    @property
    def oxigraph(self):  # -> pyoxigraph.Store
        """An in-memory pyoxigraph store with the same quads, plus their union as its default graph.

        Made on first use (from the file this Dataset was read from, else from the rdflib quads) and
        made again when the rdflib side has changed size since.
        """
        size = len(self)
        if self._oxigraph is None or size != self._oxigraph_size:
            self._oxigraph = self._make_oxigraph(size)
            self._oxigraph_size = size
        return self._oxigraph

    def invalidate_oxigraph(self) -> None:
        """Forget the twin after the rdflib side changed (it is made again from rdflib on next use)."""
        self._oxigraph = None
        self._oxigraph_source = None

    def _make_oxigraph(self, size: int):
        import pyoxigraph

        store = pyoxigraph.Store()
        if self._oxigraph_source is not None and self._oxigraph_source[3] == size:  # unchanged since read
            path, fmt, graph, _ = self._oxigraph_source
            target = pyoxigraph.NamedNode(graph) if graph else None
            store.load(path=str(path), format=getattr(pyoxigraph.RdfFormat, _OXI_FORMATS[fmt]), to_graph=target)
        else:
            store.load(self.serialize(format="nquads", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
        # The default graph holds the union (as a set, like rdflib's default_union), so a plain
        # SELECT sees each triple once while GRAPH ?g still reaches the named graphs.
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return store


def new_dataset() -> OxiDataset:
    """An empty Dataset whose default graph is the union of its named graphs."""
    return OxiDataset()


def open_graph(path: Path | str) -> rdflib.Dataset:
    """Load a .ttl/.trig/.nq/.nt/.jsonld file or a pyoxigraph store directory into a Dataset."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"{path}: no such file or directory")
    if path.is_dir():
        return _open_oxigraph_dir(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise StoreError(f"{path}: unknown RDF file type {path.suffix!r}; expected one of {known}")
    ds = new_dataset()
    try:
        if fmt in ("turtle", "nt"):
            # Triples-only formats: keep them in one named graph so GRAPH ?g still finds them.
            graph = path.resolve().as_uri()
            ds.graph(rdflib.URIRef(graph)).parse(path, format=fmt)
        else:
            graph = None
            ds.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise StoreError(f"{path}: cannot parse as {fmt}: {exc}") from exc
    if fmt in _OXI_FORMATS:
        ds._oxigraph_source = (path, fmt, graph, len(ds))
    log.debug("loaded %d quads from %s", len(ds), path)
    return ds


class StoreView:
    """A store directory opened for SPARQL: queries run on the read-only Oxigraph store as it is.

    Nothing is copied into memory, so a store of millions of quads opens at once; its default graph
    is already the union of the report graphs (kg build keeps it so). Anything else a caller asks
    of it (rdflib's Python API: graphs, quads, len ...) loads the store into an rdflib Dataset
    first, on demand, once.
    """

    def __init__(self, path: Path) -> None:
        import pyoxigraph

        self.path = path
        try:
            self.oxigraph = pyoxigraph.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"{path}: not a readable pyoxigraph store: {exc}") from exc
        self._dataset: rdflib.Dataset | None = None

    def dataset(self) -> rdflib.Dataset:
        """The store's named graphs in an rdflib Dataset (loaded on first call)."""
        if self._dataset is None:
            self._dataset = _open_oxigraph_dir(self.path)
        return self._dataset

    def __getattr__(self, name: str):
        return getattr(self.dataset(), name)

    def __len__(self) -> int:
        return len(self.dataset())

    def __iter__(self):
        return iter(self.dataset())

    def __contains__(self, item: object) -> bool:
        return item in self.dataset()


def open_for_query(path: Path | str) -> rdflib.Dataset | StoreView:
    """Like :func:`open_graph`, but a store directory is queried in place (:class:`StoreView`)."""
    path = Path(path)
    if path.is_dir():
        return StoreView(path)
    return open_graph(path)


def max_load_quads() -> int:
    """How many quads a command may load into rdflib (env EDUKG_MAX_LOAD_QUADS; rdflib needs ~1.4 GB per million)."""
    try:
        return int(os.environ.get("EDUKG_MAX_LOAD_QUADS", DEFAULT_MAX_LOAD_QUADS))
    except ValueError as exc:
        raise StoreError(f"EDUKG_MAX_LOAD_QUADS must be a number of quads, got {os.environ['EDUKG_MAX_LOAD_QUADS']!r}") from exc


def _open_oxigraph_dir(path: Path) -> rdflib.Dataset:
    """Read the named graphs of a pyoxigraph store directory into a Dataset."""
    try:
        import pyoxigraph
    except ImportError as exc:  # pragma: no cover - pyoxigraph is a dependency
        raise StoreError(f"{path}: pyoxigraph is not installed") from exc
    try:
        store = pyoxigraph.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: not a readable pyoxigraph store: {exc}") from exc
    size = len(store)
    if size > max_load_quads():
        raise StoreError(
            f"{path}: {size:,} quads are too many to load into memory (about 1.4 GB per million; limit "
            f"{max_load_quads():,}, set EDUKG_MAX_LOAD_QUADS to change it). `kg query` and `kg serve` query "
            "the store in place; for the network view or statistics, build a smaller corpus.")
    ds = new_dataset()
    try:
        # the named graphs only: the default graph is their union (derived) and the manifest is bookkeeping
        for name in sorted(store.named_graphs(), key=lambda n: n.value):
            if name.value == MANIFEST_GRAPH:
                continue
            buf = io.BytesIO()
            store.dump(buf, format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=name)
            ds.graph(rdflib.URIRef(name.value)).parse(data=buf.getvalue().decode("utf-8"), format="nt")
    except Exception as exc:
        raise StoreError(f"{path}: store content cannot be read: {exc}") from exc
    log.debug("loaded %d quads from pyoxigraph store %s", len(ds), path)
    return ds
