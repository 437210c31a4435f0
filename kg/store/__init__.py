"""Open a knowledge graph for querying: an RDF file or a pyoxigraph store directory -> rdflib Dataset.

One interface for every consumer (query, serve, viz): whatever the source, the caller gets an
``rdflib.Dataset`` whose default graph is the union of its named graphs, so canned queries can
match across reports without ``GRAPH`` and still ask ``GRAPH ?g`` for provenance.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import rdflib

from kg.errors import StoreError

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

__all__ = ["FORMATS", "open_graph", "new_dataset"]


def new_dataset() -> rdflib.Dataset:
    """An empty Dataset whose default graph is the union of its named graphs."""
    ds = rdflib.Dataset(default_union=True)
    return ds


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
            ds.graph(rdflib.URIRef(path.resolve().as_uri())).parse(path, format=fmt)
        else:
            ds.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise StoreError(f"{path}: cannot parse as {fmt}: {exc}") from exc
    log.debug("loaded %d quads from %s", len(ds), path)
    return ds


def _open_oxigraph_dir(path: Path) -> rdflib.Dataset:
    """Dump a pyoxigraph store directory as N-Quads and parse it into a Dataset."""
    try:
        import pyoxigraph
    except ImportError as exc:  # pragma: no cover - pyoxigraph is a dependency
        raise StoreError(f"{path}: pyoxigraph is not installed") from exc
    try:
        store = pyoxigraph.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: not a readable pyoxigraph store: {exc}") from exc
    buf = io.BytesIO()
    store.dump(buf, format=pyoxigraph.RdfFormat.N_QUADS)
    ds = new_dataset()
    try:
        ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
    except Exception as exc:
        raise StoreError(f"{path}: store content cannot be read: {exc}") from exc
    log.debug("loaded %d quads from pyoxigraph store %s", len(ds), path)
    return ds
