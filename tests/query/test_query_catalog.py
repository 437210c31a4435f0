"""Loading canned .rq files: header metadata, listing, lookup errors."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.query import Param, get_query, list_queries
from kg.query.catalog import parse_header


def test_catalog_parse_header_reads_title_description_params():
    text = ("# title: Schools of a region with their awards\n# description: Which schools\n"
            "# description: got which awards.\n# param: region  Region label (e.g. 钟楼区) or IRI\n"
            "# param: year    (optional) Award year\n\nSELECT * WHERE { ?s ?p ?o }\n# param: late  ignored\n")
    query = parse_header("x", text)
    assert query.title == "Schools of a region with their awards"
    assert query.description == "Which schools got which awards."
    assert query.params == [Param("region", "Region label (e.g. 钟楼区) or IRI", False),
                            Param("year", "Award year", True)]
    assert query.text == text


def test_catalog_header_without_title_is_an_error():
    with pytest.raises(QueryError, match="no '# title:' line"):
        parse_header("bad", "# description: x\nSELECT * WHERE { ?s ?p ?o }")


def test_catalog_get_query_unknown_lists_available():
    with pytest.raises(QueryError) as err:
        get_query("school-awards")
    assert str(err.value).startswith("No query 'school-awards'. Available: awards-by-level-and-year, ")
    assert "schools-with-awards" in str(err.value)


def test_catalog_list_queries_from_other_folder(tmp_path):
    (tmp_path / "b.rq").write_text("# title: B\nASK { ?s ?p ?o }\n", encoding="utf-8")
    (tmp_path / "a.rq").write_text("# title: A\n# param: x  (optional) X\nASK { ?s ?p ?x }\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a query", encoding="utf-8")
    queries = list_queries(tmp_path)
    assert [(q.name, q.title) for q in queries] == [("a", "A"), ("b", "B")]
    assert queries[0].params == [Param("x", "X", True)]


def test_catalog_schools_with_awards_declares_region_and_optional_year():
    query = get_query("schools-with-awards")
    assert [(p.name, p.optional) for p in query.params] == [("region", False), ("year", True)]
