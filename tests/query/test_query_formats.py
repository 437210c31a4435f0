"""Output formats: golden strings for a small result with CJK text, quotes and pipes."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.query import QueryResult, format_result
from kg.query.formats import display_width

RESULT = QueryResult(["school", "label", "n"], [
    (URIRef("https://w3id.org/edukg/id/school/0c0c0c0c0c01"), Literal("常州市觅渡桥小学", lang="zh"), Literal(2)),
    (URIRef("http://example.org/a"), Literal('say "hi", | ok'), None),
])


def test_formats_table_aligns_cjk_as_double_width():
    assert format_result(RESULT, "table") == (
        "school                  label             n\n"
        "----------------------  ----------------  -\n"
        "id:school/0c0c0c0c0c01  常州市觅渡桥小学  2\n"
        '<http://example.org/a>  say "hi", | ok\n'
        "(2 rows)\n"
    )


def test_formats_display_width_counts_wide_characters():
    assert display_width("钟楼区") == 6
    assert display_width("ab（1）") == 7  # fullwidth parentheses count 2
    assert display_width("abc") == 3


def test_formats_csv_is_sparql_csv_with_full_iris_and_crlf():
    assert format_result(RESULT, "csv") == (
        "school,label,n\r\n"
        "https://w3id.org/edukg/id/school/0c0c0c0c0c01,常州市觅渡桥小学,2\r\n"
        'http://example.org/a,"say ""hi"", | ok",\r\n'
    )


def test_formats_json_is_sparql_results_json():
    doc = json.loads(format_result(RESULT, "json"))
    assert doc == {
        "head": {"vars": ["school", "label", "n"]},
        "results": {"bindings": [
            {"school": {"type": "uri", "value": "https://w3id.org/edukg/id/school/0c0c0c0c0c01"},
             "label": {"type": "literal", "value": "常州市觅渡桥小学", "xml:lang": "zh"},
             "n": {"type": "literal", "value": "2", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}},
            {"school": {"type": "uri", "value": "http://example.org/a"},
             "label": {"type": "literal", "value": 'say "hi", | ok'}},
        ]},
    }
    assert "常州市觅渡桥小学" in format_result(RESULT, "json")  # not \\u-escaped


def test_formats_markdown_escapes_pipes():
    assert format_result(RESULT, "markdown") == (
        "| school | label | n |\n"
        "|---|---|---|\n"
        "| id:school/0c0c0c0c0c01 | 常州市觅渡桥小学 | 2 |\n"
        '| <http://example.org/a> | say "hi", \\| ok |  |\n'
    )


def test_formats_xml_escapes_markup():
    result = QueryResult(["x"], [(Literal("<b>&</b>"),)])
    assert "<literal>&lt;b&gt;&amp;&lt;/b&gt;</literal>" in format_result(result, "xml")


def test_formats_ask_results():
    ask = QueryResult([], [], boolean=True, kind="ASK")
    assert format_result(ask, "table") == "true\n"
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    assert format_result(ask, "csv") == "boolean\r\ntrue\r\n"


def test_formats_unknown_format_lists_valid_ones():
    with pytest.raises(QueryError, match="No output format 'yaml'. Available: table, csv, json, markdown, xml"):
        format_result(RESULT, "yaml")
