"""A small entity graph in the shape of docs/MODEL.md, with a hostile label, for the viz tests."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS

EDU = Namespace("https://w3id.org/edukg/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
B = Namespace("https://w3id.org/edukg/id/")
HOSTILE = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>'


def _entity(g, iri, cls, label, report, alt=(), evidence=None):
    g.add((iri, RDF.type, EDU[cls]))
    g.add((iri, RDFS.label, Literal(label, lang="zh")))
    g.add((iri, PROV.wasDerivedFrom, report))
    for a in alt:
        g.add((iri, SKOS.altLabel, Literal(a, lang="zh")))
    if evidence:
        ev = B[f"evidence/{iri.split('/')[-1]}"]
        g.add((iri, EDU.evidence, ev))
        g.add((ev, OA.exact, Literal(evidence, lang="zh")))


@pytest.fixture
def small_dataset() -> Dataset:
    """Two districts, a city, schools, a programme implemented in both districts, one award."""
    ds = Dataset()
    g = ds.graph(URIRef(B["graph/r1"]))
    report = B["report/r1"]
    g.add((report, RDF.type, EDU.Report))
    g.add((report, EDU.sourceFile, Literal("r1.txt")))
    city, d1, d2 = B["region/320400"], B["region/320404"], B["region/320412"]
    _entity(g, city, "Region", "常州市", report)
    _entity(g, d1, "Region", "钟楼区", report, alt=["钟楼"])
    _entity(g, d2, "Region", "武进区", report)
    for d in (d1, d2):
        g.add((d, EDU.partOf, city))
    gov1, gov2 = B["government/g1"], B["government/g2"]
    _entity(g, gov1, "Government", "常州市钟楼区人民政府", report, alt=["区政府"])
    _entity(g, gov2, "Government", "常州市武进区教育局", report)
    g.add((gov1, EDU.locatedIn, d1))
    g.add((gov2, EDU.locatedIn, d2))
    prog = B["program/p1"]
    _entity(g, prog, "Program", "责任督学挂牌督导", report, evidence="全面实行责任督学挂牌督导")
    g.add((gov1, EDU.implements, prog))
    g.add((gov2, EDU.implements, prog))
    school = B["school/s1"]
    _entity(g, school, "PrimarySchool", HOSTILE, report, evidence=HOSTILE)
    g.add((school, EDU.locatedIn, d1))
    award = B["award/a1"]
    _entity(g, award, "Award", "全国文明校园", report)
    conferral = B["conferral/c1"]
    g.add((conferral, RDF.type, EDU.AwardConferral))
    g.add((conferral, EDU.award, award))
    g.add((conferral, EDU.recipient, school))
    obs = B["observation/o1"]
    g.add((obs, RDF.type, EDU.Observation))
    g.add((obs, EDU.subject, d1))
    return ds
