"""build_dataset(): IRIs, evidence, values, resolution and per-report graphs (docs/MODEL.md)."""

from __future__ import annotations

import copy
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, RDFS, BNode, Dataset, Literal, URIRef

from kg.model import Conferral, EntityType, LinkedReport, Relation
from kg.rdf.builder import build_dataset
from kg.rdf import namespaces as ns
from kg.rdf.namespaces import EDU, OA, PROV, SKOS, reference_graph, report_graph
from kg.rdf.report import decimal_literal

from .factory import FakeRegionTable, find_span, load_case

B = "https://w3id.org/edukg/id/"


def _report_graph(ds: Dataset, linked: LinkedReport):
    return ds.graph(report_graph(B, linked.result.document.doc_id))


def test_builder_iris_stable_across_builds(case) -> None:
    linked, table = case
    a = build_dataset([linked], regions=table)
    b = build_dataset([load_case("selfeval_funding_awards")[0]], regions=table)
    assert sorted(set(a.quads())) == sorted(set(b.quads()))


def test_builder_no_blank_nodes_and_ascii_iris(built: Dataset) -> None:
    for s, p, o, _ in built.quads((None, None, None, None)):
        for node in (s, p, o):
            assert not isinstance(node, BNode)
            if isinstance(node, URIRef):
                assert str(node).isascii(), node


def test_builder_evidence_exact_equals_document_text(case, built: Dataset) -> None:
    linked, _ = case
    text = linked.result.document.text
    g = _report_graph(built, linked)
    facts = [s for cls in (EDU.Observation, EDU.AwardConferral, EDU.Statement) for s in g.subjects(RDF.type, cls)]
    assert len(facts) == 4 + 4 + 3
    for fact in facts:
        evidence = list(g.objects(fact, EDU.evidence))
        assert evidence, fact
        for ev in evidence:
            start, end = int(g.value(ev, OA.start)), int(g.value(ev, OA.end))
            assert str(g.value(ev, OA.exact)) == text[start:end]


def test_builder_value_normalised_without_exponent(case, built: Dataset) -> None:
    linked, _ = case
    g = _report_graph(built, linked)
    subsidy = [o for o in g.subjects(EDU.rawValue, Literal("2070万元"))]
    assert len(subsidy) == 1
    value = g.value(subsidy[0], EDU.value)
    assert value.datatype == ns.XSD.decimal and str(value) == "20700000.0"


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**12, max_value=10**12))
def test_report_decimal_literal_round_trips_without_exponent(value: Decimal) -> None:
    lit = decimal_literal(value)
    assert "E" not in str(lit).upper() and "." in str(lit)
    assert Decimal(str(lit)) == value


def test_builder_unresolved_subject_falls_back_to_report_region(case, built: Dataset) -> None:
    linked, _ = case
    g = _report_graph(built, linked)
    subjects = {g.value(o, EDU.subject) for o in g.subjects(RDF.type, EDU.Observation)}
    assert subjects == {URIRef(B + "region/320404")}


def test_builder_named_subject_resolves_through_name_index(case) -> None:
    linked, table = case
    linked.result.observations[0].subject = "钟爱学校"
    linked.result.observations[0].subject_type = EntityType.SCHOOL
    g = _report_graph(build_dataset([linked], regions=table), linked)
    school = g.value(None, RDFS.label, Literal("钟爱学校", lang="zh"))
    assert (school, RDF.type, EDU.SpecialSchool) in g
    measured = [o for o in g.subjects(EDU.subject, school)]
    assert [str(g.value(o, EDU.rawValue)) for o in measured] == ["720元"]


def test_builder_generic_mention_is_not_an_entity(case, built: Dataset) -> None:
    linked, _ = case
    g = _report_graph(built, linked)
    labels = {str(o) for o in g.objects(None, RDFS.label)} | {str(o) for o in g.objects(None, SKOS.altLabel)}
    assert "幼儿园" not in labels
    assert "钟爱学校" in labels and "市局" in labels


def test_builder_region_label_from_table_and_ancestors_in_reference(built: Dataset) -> None:
    ref = built.graph(reference_graph(B))
    county, city, province = (URIRef(B + f"region/{c}") for c in ("320404", "320400", "320000"))
    assert ref.value(county, EDU.partOf) == city and ref.value(city, EDU.partOf) == province
    assert [str(ref.value(r, EDU.level)) for r in (county, city, province)] == ["county", "city", "province"]
    assert ref.value(county, EDU.adminCode) == Literal("320404")
    minted = set(ref.subjects(RDF.type, EDU.Indicator))
    assert {str(ref.value(m, SKOS.prefLabel)) for m in minted} == {
        "学前教育专项补助", "财政性学前教育经费占同级财政性教育经费占比"}


def test_builder_each_report_graph_has_only_its_own_mentions(case) -> None:
    linked, table = case
    other = copy.deepcopy(linked)
    doc = other.result.document
    doc.text = "钟爱学校" + doc.text  # a second report: same school, shifted offsets
    doc.doc_id = "0" * 16
    key = "School|钟爱学校|320404"
    other.result.mentions = [m for m, k in zip(other.result.mentions, other.mention_keys) if k == key][:1]
    other.result.mentions[0].span = find_span(doc.text, "钟爱学校")
    other.mention_keys = [key]
    other.entities = {key: other.entities[key]}
    other.entities[key].mentions = [(doc.doc_id, other.result.mentions[0].span)]
    other.result.observations, other.result.conferrals, other.result.relations = [], [], []
    ds = build_dataset([linked, other], regions=table)
    g2 = ds.graph(report_graph(B, doc.doc_id))
    school = URIRef(B + "school/" + __import__("hashlib").sha1(key.encode()).hexdigest()[:12])
    assert [str(e) for e in g2.objects(school, EDU.evidence)] == [f"{B}evidence/{doc.doc_id}-0-4"]
    assert len(list(_report_graph(ds, linked).objects(school, EDU.evidence))) == 2
    assert g2.value(school, PROV.wasDerivedFrom) == URIRef(f"{B}report/{doc.doc_id}")


def test_builder_drops_conferral_without_recipient_or_count(case) -> None:
    linked, table = case
    span = find_span(linked.result.document.text, "1所学校获评全国文明校园")
    linked.result.conferrals = [Conferral(span=span, award="全国文明校园")]
    g = _report_graph(build_dataset([linked], regions=table), linked)
    assert list(g.subjects(RDF.type, EDU.AwardConferral)) == []


def test_builder_relation_direct_triple_and_unknown_predicate_dropped(case) -> None:
    linked, table = case
    span = find_span(linked.result.document.text, "9月钟爱学校接受了市教育局")
    linked.result.relations.append(Relation(span, "inspects", "市教育局", EntityType.GOVERNMENT,
                                            "钟爱学校", EntityType.SCHOOL))
    g = _report_graph(build_dataset([linked], regions=table), linked)
    gov = g.value(None, RDFS.label, Literal("常州市教育局", lang="zh"))
    school = g.value(None, RDFS.label, Literal("钟爱学校", lang="zh"))
    assert (gov, EDU.supervises, school) in g
    assert len(list(g.subjects(RDF.type, EDU.Statement))) == 3


def test_builder_unlinked_recipient_gets_named_node(case) -> None:
    linked, table = case
    span = find_span(linked.result.document.text, "1所学校获评全国文明校园")
    linked.result.conferrals = [Conferral(span=span, award="全国文明校园", recipient="某某小学",
                                          recipient_type=EntityType.SCHOOL)]
    g = _report_graph(build_dataset([linked], regions=table), linked)
    conferral = next(iter(g.subjects(RDF.type, EDU.AwardConferral)))
    recipient = g.value(conferral, EDU.recipient)
    assert str(recipient).startswith(B + "school/")
    assert g.value(recipient, RDFS.label) == Literal("某某小学", lang="zh")


def test_builder_without_region_table_still_names_regions_by_code(case) -> None:
    linked, _ = case
    ds = build_dataset([linked], regions=FakeRegionTable([]))
    g = _report_graph(ds, linked)
    assert g.value(URIRef(B + "region/320404"), RDFS.label) == Literal("钟楼区", lang="zh")
    assert len(ds.graph(reference_graph(B))) == 8  # only the two minted indicators


def test_builder_uses_linker_key_as_iri_path(case) -> None:
    linked, table = case
    key = "School|钟爱学校|320404"
    entity = linked.entities.pop(key)
    entity.key = "school/0123456789ab"
    linked.entities[entity.key] = entity
    linked.mention_keys = [entity.key if k == key else k for k in linked.mention_keys]
    linked.name_index = {n: (entity.key if k == key else k) for n, k in linked.name_index.items()}
    g = _report_graph(build_dataset([linked], regions=table), linked)
    assert g.value(URIRef(B + "school/0123456789ab"), RDFS.label) == Literal("钟爱学校", lang="zh")
