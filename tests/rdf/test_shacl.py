"""kg.rdf.shacl: the compiled validator agrees with pySHACL (kg.rdf.validate) and refuses what it cannot do."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, URIRef

from kg.errors import ModelError
from kg.rdf import shacl
from kg.rdf.namespaces import EDU, OA, ONTOLOGY_GRAPH, SKOS, UNIT
from kg.rdf.ontology import EDU_TTL, SHAPES_TTL
from kg.rdf.shacl import check, compile_shapes, default_shapes
from kg.rdf.validate import Violation, validate

REPO = Path(__file__).resolve().parents[2]
REPORTS = REPO / "data" / "reports"

Pairs = set[tuple[str, str]]


def _pairs(violations: list[Violation]) -> Pairs:
    return {(v.focus, v.path) for v in violations}


def _plain(ds: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@pytest.fixture(scope="session")
def sample_dataset() -> Dataset:
    """The four sample reports extracted, linked and built (the current code, not a stale export)."""
    from kg.extract import extract
    from kg.ingest import load_document
    from kg.link import link_corpus
    from kg.rdf.builder import build_dataset

    results = [extract(load_document(p)) for p in sorted(REPORTS.glob("*.txt"))]
    return build_dataset(link_corpus(results))


def test_shacl_sample_build_conformance_agrees_with_pyshacl(sample_dataset: Dataset) -> None:
    union = _plain(sample_dataset)
    reference = validate(union)
    assert check(union, default_shapes()) == reference.violations
    assert (check(union, default_shapes()) == []) == reference.conforms


def test_shacl_report_graph_alone_agrees_with_pyshacl(sample_dataset: Dataset) -> None:
    graph = max((g for g in sample_dataset.graphs() if "/id/graph/" in str(g.identifier)
                 and "reference" not in str(g.identifier)), key=len)
    assert len(graph) > 1000
    assert _pairs(check(graph, default_shapes())) == _pairs(validate(graph).violations)


def test_shacl_dataset_is_checked_as_union(sample_dataset: Dataset) -> None:
    broken = _plain(sample_dataset)
    school = sorted(broken.subjects(RDF.type, EDU.School))[0]
    broken.remove((school, RDFS.label, None))
    ds = Dataset()
    for s, p, o in broken:
        ds.graph(URIRef("urn:test:g")).add((s, p, o))
    assert _pairs(check(ds, default_shapes())) == {(f"<{school}>", "rdfs:label")}


# --- crafted breakages on the golden case (tests/cases/selfeval_funding_awards) -------------------

def _first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef))[0]


def _replace(g: Graph, s: URIRef, p: URIRef, o: object) -> None:
    g.remove((s, p, None))
    if o is not None:
        g.add((s, p, o))  # type: ignore[arg-type]


def _missing_label(g: Graph) -> tuple[URIRef, str]:
    school = _first(g, EDU.School)
    _replace(g, school, RDFS.label, None)
    return school, "rdfs:label"


def _two_labels(g: Graph) -> tuple[URIRef, str]:
    award = _first(g, EDU.Award)
    g.add((award, RDFS.label, Literal("另一个名称", lang="zh")))
    return award, "rdfs:label"


def _label_without_zh(g: Graph) -> tuple[URIRef, str]:
    gov = _first(g, EDU.Government)
    label = g.value(gov, RDFS.label)
    _replace(g, gov, RDFS.label, Literal(str(label)))
    return gov, "rdfs:label"


def _bad_admin_code(g: Graph) -> tuple[URIRef, str]:
    region = _first(g, EDU.Region)
    _replace(g, region, EDU.adminCode, Literal("32040"))
    return region, "edu:adminCode"


def _level_not_in_list(g: Graph) -> tuple[URIRef, str]:
    region = _first(g, EDU.Region)
    _replace(g, region, EDU.level, Literal("town"))
    return region, "edu:level"


def _observation_without_value(g: Graph) -> tuple[URIRef, str]:
    obs = _first(g, EDU.Observation)
    _replace(g, obs, EDU.value, None)
    return obs, "edu:value"


def _value_as_string(g: Graph) -> tuple[URIRef, str]:
    obs = _first(g, EDU.Observation)
    _replace(g, obs, EDU.value, Literal("720", datatype=XSD.string))
    return obs, "edu:value"


def _ill_typed_integer(g: Graph) -> tuple[URIRef, str]:
    evidence = _first(g, EDU.Evidence)
    _replace(g, evidence, OA.end, Literal("x", datatype=XSD.integer))
    return evidence, "oa:end"


def _unit_not_in_scheme(g: Graph) -> tuple[URIRef, str]:
    obs = _first(g, EDU.Observation)
    _replace(g, obs, EDU.unit, UNIT["furlong"])
    return obs, "edu:unit"


def _conferral_without_recipient_or_count(g: Graph) -> tuple[URIRef, str]:
    conferral = _first(g, EDU.AwardConferral)
    _replace(g, conferral, EDU.recipient, None)
    _replace(g, conferral, EDU.recipientCount, None)
    return conferral, ""


def _recipient_count_zero(g: Graph) -> tuple[URIRef, str]:
    conferral = _first(g, EDU.AwardConferral)
    _replace(g, conferral, EDU.recipientCount, Literal(0))
    return conferral, "edu:recipientCount"


def _evidence_start_negative(g: Graph) -> tuple[URIRef, str]:
    evidence = _first(g, EDU.Evidence)
    _replace(g, evidence, OA.start, Literal(-1))
    return evidence, "oa:start"


def _class_target_untyped(g: Graph) -> tuple[URIRef, str]:
    report = _first(g, EDU.Report)
    g.remove((report, RDF.type, None))
    award = _first(g, EDU.Award)
    return award, "prov:wasDerivedFrom"


def _subclass_instance_without_label(g: Graph) -> tuple[URIRef, str]:
    school = _first(g, EDU.SpecialSchool)
    g.remove((school, RDF.type, EDU.School))  # now reached through rdfs:subClassOf only
    _replace(g, school, RDFS.label, None)
    return school, "rdfs:label"


def _entity_as_blank_node(g: Graph) -> tuple[URIRef, str]:
    program = _first(g, EDU.Program)
    node = BNode("b1")
    for p, o in list(g.predicate_objects(program)):
        g.add((node, p, o))
    g.remove((program, None, None))
    g.add((program, RDFS.comment, Literal("keeps the IRI in the graph")))
    return node, ""  # type: ignore[return-value]


def _subject_literal(g: Graph) -> tuple[URIRef, str]:
    obs = _first(g, EDU.Observation)
    _replace(g, obs, EDU.subject, Literal("某区"))
    return obs, "edu:subject"


BREAKAGES: list[Callable[[Graph], tuple[URIRef, str]]] = [
    _missing_label, _two_labels, _label_without_zh, _bad_admin_code, _level_not_in_list,
    _observation_without_value, _value_as_string, _ill_typed_integer, _unit_not_in_scheme,
    _conferral_without_recipient_or_count, _recipient_count_zero, _evidence_start_negative,
    _class_target_untyped, _subclass_instance_without_label, _entity_as_blank_node, _subject_literal,
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__.strip("_"))
def test_shacl_broken_graph_flags_same_pairs_as_pyshacl(built: Dataset, breakage: Callable) -> None:
    graph = _plain(built)
    assert check(graph, default_shapes()) == []
    focus, path = breakage(graph)
    ours = check(graph, default_shapes())
    theirs = validate(graph).violations
    assert _pairs(ours) == _pairs(theirs)
    expected = (f"<{focus}>" if isinstance(focus, URIRef) else str(focus), path)
    assert expected in _pairs(ours)
    assert all(v.severity == "Violation" for v in ours)


def test_shacl_messages_match_pyshacl_where_the_shape_has_one(built: Dataset) -> None:
    graph = _plain(built)
    _bad_admin_code(graph)
    _conferral_without_recipient_or_count(graph)
    _unit_not_in_scheme(graph)
    ours = check(graph, default_shapes())
    assert ours == validate(graph).violations
    assert {v.message for v in ours} == {
        "edu:adminCode is a six-digit GB/T 2260 code",
        "a conferral needs edu:recipient or edu:recipientCount",
        "edu:unit is one of the unit concepts of ontology/units.ttl (skos:inScheme unit:scheme)",
    }


def test_shacl_generic_message_names_focus_and_path(built: Dataset) -> None:
    graph = _plain(built)
    obs, _ = _observation_without_value(graph)
    (violation,) = check(graph, default_shapes())
    assert violation == Violation(f"<{obs}>", "edu:value", f"Less than 1 values on <{obs}>->edu:value",
                                  "Violation")


def test_shacl_unit_concepts_come_from_the_ontology(built: Dataset) -> None:
    graph = Graph()
    for s, p, o, g in built.quads((None, None, None, None)):
        if g != ONTOLOGY_GRAPH:  # the data no longer holds units.ttl
            graph.add((s, p, o))
    assert not list(graph.triples((None, SKOS.inScheme, UNIT["scheme"])))
    assert check(graph, default_shapes()) == []
    without_units = compile_shapes(SHAPES_TTL, Graph().parse(EDU_TTL, format="turtle"))
    flagged = _pairs(check(graph, without_units))
    observations = {f"<{o}>" for o in graph.subjects(RDF.type, EDU.Observation)}
    assert flagged == {(o, "edu:unit") for o in observations}


def test_shacl_compiled_shapes_survive_pickling(built: Dataset) -> None:
    graph = _plain(built)
    _recipient_count_zero(graph)
    copy = pickle.loads(pickle.dumps(default_shapes()))
    assert check(graph, copy) == check(graph, default_shapes())
    assert len(check(graph, copy)) == 1


def test_shacl_large_graph_path_gives_same_results(built: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = _plain(built)
    _unit_not_in_scheme(graph)
    _class_target_untyped(graph)
    indexed = check(graph, default_shapes())
    monkeypatch.setattr(shacl, "INDEX_LIMIT", 0)
    assert check(graph, default_shapes()) == indexed
    assert len(indexed) > 5


# --- refusing what is not implemented -----------------------------------------------------------

HEADER = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.mark.parametrize(("body", "named"), [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select \"SELECT $this WHERE {}\" ] .",
     "sh:sparql"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
     "sh:qualifiedValueShape [ sh:datatype xsd:string ] ; sh:qualifiedMinCount 1 ] .", "sh:qualifiedValueShape"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .",
     "complex sh:path"),
    ("ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:nodeKind sh:IRI .", "sh:targetNode"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .", "sh:closed"),
])
def test_shacl_compile_refuses_unsupported_construct(tmp_path: Path, body: str, named: str) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(ModelError, match=named) as info:
        compile_shapes(shapes, Graph())
    assert "ex:S" in str(info.value) or "_:" in str(info.value)


def test_shacl_compile_accepts_supported_subset(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(HEADER + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
                      "sh:minCount 1 ; sh:datatype xsd:integer ; sh:minInclusive 1 ] .", encoding="utf-8")
    compiled = compile_shapes(shapes, Graph())
    ex = "http://example.org/"
    data = Graph()
    data.add((URIRef(ex + "a"), RDF.type, URIRef(ex + "C")))
    data.add((URIRef(ex + "a"), URIRef(ex + "p"), Literal(2)))
    data.add((URIRef(ex + "b"), RDF.type, URIRef(ex + "C")))
    data.add((URIRef(ex + "b"), URIRef(ex + "p"), Literal(0)))
    assert _pairs(check(data, compiled)) == {(f"<{ex}b>", f"<{ex}p>")}
