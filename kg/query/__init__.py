"""Canned SPARQL queries: load ``queries/*.rq``, bind parameters safely, run, format results.

    >>> from kg.store import open_graph
    >>> from kg.query import get_query, run_query, format_result
    >>> q = get_query("schools-with-awards")
    >>> print(format_result(run_query(open_graph("output/kg.trig"), q.text, {"region": "钟楼区"}, q.params)))
"""

from kg.query.catalog import CannedQuery, Param, default_query_dir, get_query, list_queries
from kg.query.formats import FORMATS, format_result
from kg.query.params import PREFIXES, resolve_param
from kg.query.run import QueryResult, check_syntax, run_query
from kg.query.values import bind_values

__all__ = [
    "FORMATS",
    "PREFIXES",
    "CannedQuery",
    "Param",
    "QueryResult",
    "bind_values",
    "check_syntax",
    "default_query_dir",
    "format_result",
    "get_query",
    "list_queries",
    "resolve_param",
    "run_query",
]
