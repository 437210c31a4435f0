"""Golden cases: tests/cases/<name>/input.json built and compared with expected.trig, graph by graph.

Regenerate with ``EDUKG_REGEN_GOLDEN=1 pytest tests/rdf/test_golden.py`` and READ the diff before
keeping it. The ontology graph is not stored in the golden files (it is edu.ttl itself).
"""

from __future__ import annotations

import os

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.rdf.builder import build_dataset
from kg.rdf.export import to_trig
from kg.rdf.namespaces import ONTOLOGY_GRAPH
from .factory import CASES, load_case

CASE_NAMES = sorted(p.name for p in CASES.iterdir() if (p / "input.json").is_file())


def _without_ontology(ds: Dataset) -> Dataset:
    out = Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = g.identifier if hasattr(g, "identifier") else g
        if name != ONTOLOGY_GRAPH:
            out.graph(name).add((s, p, o))
    return out


def _dump(graph: Graph) -> str:
    return "\n".join(sorted(t.n3() if hasattr(t, "n3") else " ".join(x.n3() for x in t) for t in graph))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_builder_matches_golden_case(name: str) -> None:
    """Every named graph built from input.json is isomorphic to the one in expected.trig."""
    linked, table = load_case(name)
    got = _without_ontology(build_dataset([linked], regions=table))
    expected_path = CASES / name / "expected.trig"
    if os.environ.get("EDUKG_REGEN_GOLDEN") == "1":
        expected_path.write_bytes(to_trig(got))
        pytest.skip(f"regenerated {expected_path}: read it before keeping it")
    expected = Dataset()
    expected.parse(expected_path, format="trig")
    names = {g.identifier for g in got.graphs() if len(g)}
    assert names == {g.identifier for g in expected.graphs() if len(g)}
    for graph_name in sorted(names):
        a, b = got.graph(graph_name), expected.graph(graph_name)
        if not isomorphic(a, b):
            _, only_got, only_expected = graph_diff(to_isomorphic(a), to_isomorphic(b))
            pytest.fail(f"graph {graph_name} differs\nonly built:\n{_dump(only_got)}\n"
                        f"only expected:\n{_dump(only_expected)}")
