"""write_exports(): byte-identical, atomic, round-trippable files and a VoID description."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.errors import StoreError
from kg.rdf.export import atomic_write, union_graph, write_exports
from kg.rdf.namespaces import EDU, VOID

from .conftest import CASE

REPO = Path(__file__).resolve().parents[2]
NAMES = ["context.jsonld", "kg.jsonld", "kg.nq", "kg.trig", "kg.ttl", "void.ttl"]
_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from rdf.factory import load_case
from kg.rdf.builder import build_dataset
from kg.rdf.export import write_exports
linked, table = load_case({case!r})
write_exports(build_dataset([linked], regions=table), Path(sys.argv[1]))
"""


def _export_in_subprocess(out: Path, seed: str) -> None:
    script = _SCRIPT.format(tests=str(REPO / "tests"), case=CASE)
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env, cwd=REPO)


def test_export_byte_identical_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    """Two runs with different hash seeds (set iteration order) write the same bytes."""
    _export_in_subprocess(tmp_path / "a", "1")
    _export_in_subprocess(tmp_path / "b", "2")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == NAMES
    for name in NAMES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_export_atomic_write_keeps_old_file_when_serialisation_raises(tmp_path: Path) -> None:
    target = tmp_path / "kg.ttl"
    target.write_text("old content\n", encoding="utf-8")

    def broken() -> bytes:
        raise ValueError("serialiser failed")

    with pytest.raises(ValueError):
        atomic_write(target, broken)
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]  # no temp file left behind


def test_export_files_round_trip_to_the_same_graphs(built: Dataset, tmp_path: Path) -> None:
    paths = write_exports(built, tmp_path)
    assert isomorphic(Graph().parse(paths["ttl"], format="turtle"), union_graph(built))
    for fmt, parser in (("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")):
        back = Dataset()
        back.parse(paths[fmt], format=parser)
        for graph in built.graphs():
            if len(graph):
                assert isomorphic(back.graph(graph.identifier), graph), (fmt, graph.identifier)


def test_export_nquads_grouped_by_graph_and_sorted_and_jsonld_references_context(built: Dataset, tmp_path: Path) -> None:
    paths = write_exports(built, tmp_path, formats=("nq", "jsonld"))
    lines = paths["nq"].read_text(encoding="utf-8").splitlines()
    graphs = [line.rsplit(" ", 2)[1] for line in lines]
    assert graphs == sorted(graphs)  # graph after graph, in IRI order
    for graph in set(graphs):  # each graph's lines sorted and distinct
        mine = [line for line in lines if line.endswith(f" {graph} .")]
        assert mine == sorted(set(mine))
    doc = json.loads(paths["jsonld"].read_text(encoding="utf-8"))
    assert doc["@context"] == "context.jsonld"
    assert json.loads(paths["context"].read_text(encoding="utf-8"))["@context"]["edu"] == str(EDU._NS)
    assert not (tmp_path / "kg.ttl").exists()


def test_export_void_counts_triples_classes_and_sources(built: Dataset, tmp_path: Path) -> None:
    void = Graph().parse(write_exports(built, tmp_path, formats=())["void"], format="turtle")
    root = URIRef("https://w3id.org/edukg/id/void/dataset")
    assert int(void.value(root, VOID.triples)) == len(union_graph(built))
    counts = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities))
              for p in void.objects(root, VOID.classPartition)}
    assert counts[EDU.Observation] == 4 and counts[EDU.AwardConferral] == 4 and counts[EDU.Region] == 3
    sources = list(void.objects(root, URIRef("http://purl.org/dc/terms/source")))
    assert len(sources) == 1
    assert void.value(sources[0], EDU.sourceFile) == Literal("000_8ea2f4150da8d5c9.txt")
    graph_sizes = sorted(int(void.value(p, VOID.triples)) for p in void.objects(root, VOID.subset))
    assert graph_sizes == sorted(len(g) for g in built.graphs() if len(g))


def test_export_unknown_format_names_valid_ones(built: Dataset, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="valid: ttl, trig, nq, jsonld"):
        write_exports(built, tmp_path, formats=("ttl", "rdfxml"))
