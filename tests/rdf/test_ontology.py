"""The ontology (edu.ttl), its generated DefinedNamespace and check_ontology()."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from kg.rdf import _edu
from kg.rdf.namespaces import EDU
from kg.rdf.nsgen import GENERATED, render_module
from kg.rdf.ontology import EDU_TTL
from kg.rdf.validate import check_ontology

REQUIRED = [
    "Report", "Region", "Government", "School", "EducationGroup", "Program", "PolicyDocument",
    "ResearchProject", "Person", "Award", "AwardConferral", "Observation", "Indicator",
    "adminCode", "partOf", "locatedIn", "memberOf", "implements", "issuedBy", "aboutRegion", "period",
    "genre", "subject", "indicator", "value", "unit", "rawValue", "year", "stage", "modality",
    "qualifier", "award", "level", "recipient", "recipientCount", "awardedBy",
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(EDU_TTL, format="turtle")


@pytest.mark.parametrize("name", REQUIRED)
def test_ontology_declares_term_with_zh_en_label_and_comment(onto: Graph, name: str) -> None:
    term = URIRef(str(EDU._NS) + name)
    assert set(onto.objects(term, RDF.type)) & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property}
    langs = {lit.language for lit in onto.objects(term, RDFS.label)}
    assert {"zh", "en"} <= langs
    assert onto.value(term, RDFS.comment) is not None


def test_ontology_aligns_with_standard_vocabularies(onto: Graph) -> None:
    sub = lambda c: set(onto.objects(c, RDFS.subClassOf))  # noqa: E731
    assert URIRef("https://schema.org/EducationalOrganization") in sub(EDU.School)
    assert URIRef("http://www.w3.org/ns/org#Organization") in sub(EDU.Government)
    assert URIRef("http://purl.org/linked-data/cube#Observation") in sub(EDU.Observation)
    assert URIRef("http://www.w3.org/ns/oa#TextQuoteSelector") in sub(EDU.Evidence)
    assert EDU.School in sub(EDU.PrimarySchool)
    assert onto.value(EDU.year, RDFS.range) == URIRef("http://www.w3.org/2001/XMLSchema#gYear")
    assert onto.value(EDU.value, RDFS.range) == URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def test_ontology_has_version_and_licence(onto: Graph) -> None:
    ontology = URIRef("https://w3id.org/edukg/ontology")
    assert onto.value(ontology, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(ontology, URIRef("http://purl.org/dc/terms/license")) is not None


def test_namespaces_defined_namespace_rejects_misspelt_term() -> None:
    assert EDU.School == URIRef("https://w3id.org/edukg/ontology#School")
    with pytest.raises(AttributeError):
        EDU.Scool  # noqa: B018


def test_nsgen_generated_module_matches_edu_ttl(onto: Graph) -> None:
    """kg/rdf/_edu.py is exactly what `python -m kg.rdf.nsgen` renders from edu.ttl today."""
    assert GENERATED.read_text(encoding="utf-8") == render_module(onto)
    declared = {str(s)[len(str(EDU._NS)):] for s in onto.subjects() if str(s).startswith(str(EDU._NS))}
    assert set(_edu.EDU.__annotations__) == declared


def test_validate_check_ontology_finds_no_problem_in_edu_ttl() -> None:
    assert check_ontology() == []


def test_validate_check_ontology_reports_undeclared_term_in_data() -> None:
    data = Graph()
    data.add((URIRef("https://w3id.org/edukg/id/school/x"), RDF.type, URIRef(str(EDU._NS) + "Scool")))
    problems = check_ontology(data)
    assert problems == ["https://w3id.org/edukg/ontology#Scool: used but not declared in edu.ttl"]
