"""The persistent store: per-graph replacement keeps the union default graph exact; bulk-load recovery."""

from __future__ import annotations

import pyoxigraph
import pytest

from kg.rdf.fingerprint import content_hash
from kg.rdf.namespaces import MANIFEST_GRAPH
from kg.store.oxi import BULK_MARKER, GraphStore

A, B = "http://example.org/graph/a", "http://example.org/graph/b"


def _nt(*objects: str) -> bytes:
    return "".join(sorted(f'<http://example.org/s> <http://example.org/p> "{o}" .\n' for o in objects)).encode()


def _sync(path, graphs: dict[str, bytes]):
    with GraphStore(path) as store:
        return store.sync({g: content_hash(nt) for g, nt in graphs.items()}, graphs.__getitem__)


def _default_and_union(path) -> tuple[set, set]:
    store = pyoxigraph.Store.read_only(str(path))
    default = {q.object.value for q in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())}
    named = {q.object.value for q in store.quads_for_pattern(None, None, None, None)
             if not isinstance(q.graph_name, pyoxigraph.DefaultGraph) and q.graph_name.value != MANIFEST_GRAPH}
    return default, named


def test_store_union_stays_exact_when_graphs_are_replaced_and_removed(tmp_path):
    path = tmp_path / "store"
    assert _sync(path, {A: _nt("shared", "only a"), B: _nt("shared", "only b")}) == ([A, B], [], [])
    assert _default_and_union(path) == ({"shared", "only a", "only b"},) * 2
    assert _sync(path, {A: _nt("shared", "new a"), B: _nt("shared", "only b")}) == ([A], [B], [])
    assert _default_and_union(path) == ({"shared", "new a", "only b"},) * 2  # "only a" left the union
    assert _sync(path, {A: _nt("new a")}) == ([A], [], [B])
    assert _default_and_union(path) == ({"new a"},) * 2  # "shared" went with the last graph stating it


def test_store_interrupted_bulk_load_is_emptied_on_next_open(tmp_path):
    path = tmp_path / "store"
    _sync(path, {A: _nt("x")})
    (path / BULK_MARKER).touch()  # as if the first build died inside the bulk loader
    with GraphStore(path) as store:
        assert len(store) == 0 and store.hashes() == {}
    assert not (path / BULK_MARKER).exists()
    assert _sync(path, {A: _nt("x")}) == ([A], [], [])


def test_store_first_build_loads_in_background_batches_to_the_same_store(tmp_path, monkeypatch):
    graphs = {f"http://example.org/graph/{i}": _nt("shared", f"only {i}", 'two\\nlines .') for i in range(20)}
    _sync(tmp_path / "one-batch", graphs)
    monkeypatch.setattr("kg.store.oxi._BULK_BYTES", 200)  # a load per graph or two, while offering goes on
    with GraphStore(tmp_path / "batched") as store:
        session = store.session()
        assert session.bulk
        for g in sorted(graphs):
            session.offer(g, content_hash(graphs[g]), graphs.__getitem__)
        assert session.finish() == (sorted(graphs), [], [])
    dumps = [sorted(str(q) for q in pyoxigraph.Store.read_only(str(tmp_path / d))) for d in ("one-batch", "batched")]
    assert dumps[0] == dumps[1] and len(dumps[0]) == 20 * 3 + (1 + 20 + 1) + 20  # named, union, manifest
    assert not (tmp_path / "batched" / BULK_MARKER).exists()


def test_store_background_load_error_surfaces_and_next_open_empties_the_store(tmp_path, monkeypatch):
    monkeypatch.setattr("kg.store.oxi._BULK_BYTES", 1)
    bad = {A: _nt("x"), B: b"<http://example.org/s> <http://example.org/p> not-a-term .\n"}
    path = tmp_path / "store"
    with pytest.raises(SyntaxError, match="object of a triple"):  # raised in the loader thread
        _sync(path, bad)
    assert (path / BULK_MARKER).exists()  # the first build did not finish
    with GraphStore(path) as store:
        assert len(store) == 0


def _sst_files(path) -> set[str]:
    return {p.name for p in path.glob("*.sst")}


def test_store_is_compacted_after_bulk_loads_and_large_changes_only(tmp_path, monkeypatch):
    graphs = {f"http://example.org/graph/{i}": _nt("shared", f"only {i}") for i in range(40)}
    monkeypatch.setattr("kg.store.oxi._BULK_BYTES", 200)  # a bulk-loader call per graph or two
    with monkeypatch.context() as m:
        m.setattr(GraphStore, "compact", lambda self: None)
        _sync(tmp_path / "uncompacted", graphs)
    compactions = []
    real = GraphStore.compact
    monkeypatch.setattr(GraphStore, "compact", lambda self: (compactions.append(1), real(self)))
    path = tmp_path / "store"
    _sync(path, graphs)
    # each loader call writes its own files, which every lookup probes until they are compacted
    assert len(compactions) == 1
    assert len(_sst_files(path)) < len(_sst_files(tmp_path / "uncompacted"))
    graphs[A] = _nt("new")
    assert _sync(path, graphs)[0] == [A] and len(compactions) == 1  # 1 graph of 40: left to RocksDB
    replaced = {g: _nt("shared", f"now {i}") for i, g in enumerate(sorted(graphs)[:5])}
    graphs.update(replaced)
    assert _sync(path, graphs)[0] == sorted(replaced) and len(compactions) == 2  # 5 of 41
    expected = {line.split('"')[1] for nt in graphs.values() for line in nt.decode().splitlines()}
    assert len(expected) == 1 + 1 + 5 + 35
    assert _default_and_union(path) == (expected, expected)
