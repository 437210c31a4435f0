"""A read-only SPARQL 1.1 Protocol endpoint with a small HTML query page (stdlib http.server + rdflib).

    >>> from kg.serve import serve
    >>> serve("output/kg.trig", port=7878)     # http://127.0.0.1:7878/ and /sparql
"""

from kg.serve.app import SparqlApp, make_app, negotiate
from kg.serve.page import render_page
from kg.serve.server import make_server, serve

__all__ = ["SparqlApp", "make_app", "make_server", "negotiate", "render_page", "serve"]
