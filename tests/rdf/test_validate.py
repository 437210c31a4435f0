"""validate(): the fixture conforms; deliberately broken graphs are caught with readable messages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import RDF, RDFS, Dataset, Literal, URIRef

from kg.rdf.namespaces import EDU, report_graph
from kg.rdf.validate import ValidationReport, format_report, validate

B = "https://w3id.org/edukg/id/"


def _copy(ds: Dataset) -> Dataset:
    out = Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        out.graph(g.identifier if hasattr(g, "identifier") else g).add((s, p, o))
    return out


def test_validate_fixture_conforms(built: Dataset) -> None:
    report = validate(built)
    assert report.conforms, format_report(report)
    assert report.violations == []


def _graph_of(ds: Dataset, s: URIRef, p: URIRef):
    ctx = next(c for _, _, _, c in ds.quads((s, p, None, None)))
    return ds.graph(getattr(ctx, "identifier", ctx))


def _first(ds: Dataset, cls: URIRef) -> URIRef:
    return sorted(s for s, _, _, _ in ds.quads((None, RDF.type, cls, None)))[0]


def _drop_unit(ds: Dataset) -> str:
    obs = _first(ds, EDU.Observation)
    ds.remove((obs, EDU.unit, None, None))
    return "edu:unit"


def _unknown_unit(ds: Dataset) -> str:
    obs = _first(ds, EDU.Observation)
    g = _graph_of(ds, obs, EDU.unit)
    ds.remove((obs, EDU.unit, None, None))
    g.add((obs, EDU.unit, URIRef("https://w3id.org/edukg/unit/furlong")))
    return "edu:unit"


def _no_recipient_nor_count(ds: Dataset) -> str:
    c = _first(ds, EDU.AwardConferral)
    ds.remove((c, EDU.recipient, None, None))
    ds.remove((c, EDU.recipientCount, None, None))
    return ""


def _bad_admin_code(ds: Dataset) -> str:
    region = URIRef(B + "region/320404")
    g = _graph_of(ds, region, EDU.adminCode)
    ds.remove((region, EDU.adminCode, None, None))
    g.add((region, EDU.adminCode, Literal("32040")))
    return "edu:adminCode"


def _wrong_award_level(ds: Dataset) -> str:
    award = _first(ds, EDU.Award)
    g = _graph_of(ds, award, EDU.level)
    ds.remove((award, EDU.level, None, None))
    g.add((award, EDU.level, EDU.Actual))
    return "edu:level"


def _missing_label(ds: Dataset) -> str:
    school = _first(ds, EDU.School)
    ds.remove((school, RDFS.label, None, None))
    return "rdfs:label"


def _value_not_decimal(ds: Dataset) -> str:
    obs = _first(ds, EDU.Observation)
    g = _graph_of(ds, obs, EDU.value)
    ds.remove((obs, EDU.value, None, None))
    g.add((obs, EDU.value, Literal("720元")))
    return "edu:value"


@pytest.mark.parametrize("breakage", [_drop_unit, _unknown_unit, _no_recipient_nor_count, _bad_admin_code,
                                      _wrong_award_level, _missing_label, _value_not_decimal])
def test_validate_catches_broken_graph(built: Dataset, breakage: Callable[[Dataset], str]) -> None:
    ds = _copy(built)
    path = breakage(ds)
    report = validate(ds)
    assert not report.conforms
    assert len(report.violations) == 1, format_report(report)
    assert report.violations[0].path == path
    assert report.violations[0].severity == "Violation"


def test_validate_format_report_names_focus_and_path(built: Dataset) -> None:
    ds = _copy(built)
    _drop_unit(ds)
    text = format_report(validate(ds))
    lines = text.splitlines()
    assert lines[0] == "does not conform: 1 results"
    assert lines[1].startswith(f"<{B}observation/") and " edu:unit: " in lines[1]
    assert format_report(ValidationReport(conforms=True)) == "conforms: 0 violations"
