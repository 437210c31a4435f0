"""Streamed serialisation: Turtle from sorted N-Triples, the k-way union merge, JSON-LD from lines."""

from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.rdf import union as union_module
from kg.rdf.fingerprint import canonical_ntriples
from kg.rdf.jsonld import graph_object
from kg.rdf.namespaces import EDU, PREFIXES, RDF, RDFS, XSD
from kg.rdf.parts import PartRef, PartStore, make_part
from kg.rdf.turtle import TermWriter, prefix_lines, turtle_body
from kg.rdf.union import union_lines

ID = "https://w3id.org/edukg/id/"


def _graph(name: str, triples: list[tuple]) -> Graph:
    g = Graph(identifier=URIRef(ID + "graph/" + name))
    for t in triples:
        g.add(t)
    return g


def _tricky() -> Graph:
    s = URIRef(ID + "school/a")
    return _graph("t", [
        (s, RDF.type, EDU.School),
        (s, RDF.type, EDU.PrimarySchool),
        (s, RDFS.label, Literal('实验"小学"\n第二行 \\ 反斜杠', lang="zh")),
        (s, EDU.value, Literal("68370.3", datatype=XSD.decimal)),
        (s, EDU.rawValue, Literal("3万余人", datatype=XSD.string)),
        (s, EDU.year, Literal("2020", datatype=XSD.gYear)),
        (s, EDU.recipientCount, Literal("12", datatype=XSD.integer)),
        (s, EDU.stage, Literal("tab\there")),
        (URIRef(ID + "x/y#z"), EDU.partOf, s),
    ])


def test_streaming_turtle_from_ntriples_round_trips_escapes_and_datatypes():
    g = _tricky()
    text = prefix_lines(PREFIXES) + "\n" + turtle_body(canonical_ntriples(g).decode().split("\n"), TermWriter(PREFIXES))
    back = Graph().parse(data=text, format="turtle")
    assert isomorphic(back, g)
    assert "edu:value 68370.3" in text and "edu:recipientCount 12" in text  # plain numbers lose their datatype
    assert 'edu:rawValue "3万余人"^^xsd:string' in text  # kept: rdflib tells it from a plain literal
    assert "<https://w3id.org/edukg/id/school/a> a edu:PrimarySchool,\n        edu:School ;" in text  # types first


def test_streaming_jsonld_graph_object_round_trips():
    g = _tricky()
    lines = canonical_ntriples(g).decode().split("\n")
    obj = json.loads(graph_object(str(g.identifier), lines))
    doc = {"@context": {p: ns for p, ns in PREFIXES.items()}, "@graph": [obj]}
    back = Dataset()
    back.parse(data=json.dumps(doc), format="json-ld")
    assert isomorphic(back.graph(g.identifier), g)


@pytest.mark.parametrize("fan_in", [2, 3, 128])
def test_streaming_union_merge_is_sorted_distinct_whatever_the_fan_in(tmp_path, monkeypatch, fan_in):
    monkeypatch.setattr(union_module, "FAN_IN", fan_in)
    shared = (URIRef(ID + "region/320404"), RDFS.label, Literal("钟楼区", lang="zh"))
    store = PartStore(tmp_path / "parts", "fp")
    refs, expected = [], set()
    for i in range(7):
        own = (URIRef(ID + f"school/{i}"), RDF.type, EDU.School)
        g = _graph(str(i), [shared, own])
        expected |= set(canonical_ntriples(g).splitlines(keepends=True))
        refs.append(store.save(f"{i:02d}key", make_part(g)) if i % 2 else PartRef(str(g.identifier), part=make_part(g)))
    merged = list(union_lines(refs, tmp_path))
    assert merged == sorted(expected) and len(merged) == 8  # the shared triple once


def test_streaming_part_store_keeps_parts_until_pruned(tmp_path):
    store = PartStore(tmp_path / "parts", "fp")
    g = _tricky()
    ref = store.save("abc123", make_part(g))
    assert store.has("abc123") and ref.nt() == canonical_ntriples(g)
    assert store.load("abc123").nt is None and store.load("abc123").digest.startswith("sha256:")
    store.prune({"other"})
    assert not store.has("abc123")


@pytest.mark.parametrize("fan_in", [2, 3, 128])
def test_streaming_union_turtle_reuses_part_blocks_and_equals_rendering_the_union(tmp_path, monkeypatch, fan_in):
    import io

    from kg.rdf.export import _write_union
    from kg.rdf.void import VoidStats

    monkeypatch.setattr(union_module, "FAN_IN", fan_in)
    region = URIRef(ID + "region/320404")
    tricky = list(_tricky())  # a label with a newline, quotes and a backslash inside a block
    store = PartStore(tmp_path / "parts", "fp")
    refs, everything = [], set()
    for i in range(6):
        triples = [(region, RDFS.label, Literal("钟楼区", lang="zh")),  # the same lines in every part
                   (region, RDF.type, EDU.Region),
                   (URIRef(ID + "school/shared"), RDFS.label, Literal(f"名称{i % 3}", lang="zh")),  # parts differ
                   (URIRef(ID + f"report/{i}"), EDU.aboutRegion, region),
                   (URIRef(ID + f"report/{i}"), RDFS.comment, Literal(f"第一段 .\n\n<x> a <y> .\n第{i}段"))]
        g = _graph(str(i), triples + (tricky if i in (1, 4) else []))
        everything |= set(canonical_ntriples(g).splitlines(keepends=True))
        part = make_part(g)
        refs.append(store.save(f"{i:02d}key", part) if i % 2 else PartRef(str(g.identifier), part=part))
    refs.sort(key=lambda r: r.iri)
    out, stats = io.BytesIO(), VoidStats()
    _write_union(refs, out, stats, tmp_path)
    expected = turtle_body([line.decode() for line in sorted(everything)], TermWriter(PREFIXES))
    assert out.getvalue().decode() == expected
    assert stats.triples == len(everything) and stats.subjects == 6 + 1 + 1 + 2  # reports, region, shared, the two of _tricky()
    assert stats.classes[str(EDU.Region)] == 1 and stats.classes[str(EDU.School)] == 1
    back = Graph().parse(data=prefix_lines(PREFIXES) + expected, format="turtle")
    assert len(back) == len(everything)
