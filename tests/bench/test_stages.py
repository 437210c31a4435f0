"""bench/stages.py: every stage names a function the pipeline really calls, and the clock sees it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

import kg.rdf.parts as parts
from kg.rdf.namespaces import EDU

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "stages.py"
_spec = importlib.util.spec_from_file_location("bench_stages", SCRIPT)
stages = importlib.util.module_from_spec(_spec)
sys.modules["bench_stages"] = stages
_spec.loader.exec_module(stages)


def test_stages_every_function_exists_and_the_clock_times_part_making():
    g = Graph(identifier=URIRef("https://w3id.org/edukg/id/graph/t"))
    school = URIRef("https://w3id.org/edukg/id/school/a")
    g.add((school, RDF.type, EDU.School))
    g.add((school, RDFS.label, Literal("实验小学", lang="zh")))
    with stages.timed_stages() as clock:  # raises AttributeError if a stage's function was renamed
        part = parts.make_part(g)  # through the module: the clock patches module attributes
    assert part.triples == 2
    for label in ("part: canonical N-Triples", "part: TriG block", "part: JSON-LD object", "part: other"):
        assert clock.calls.get(label) == 1, label
    assert not hasattr(parts.trig_block, "__wrapped__")  # restored after the block, not left wrapped
