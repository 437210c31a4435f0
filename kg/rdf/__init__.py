"""RDF stage: namespaces, builder (model -> one named graph per report), exports, SHACL validation.

The names below are imported on first use (PEP 562), so importing one light submodule (say
``kg.rdf.export`` for its file names, on an up-to-date rebuild) does not load pySHACL and the builder.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "build_dataset": "kg.rdf.builder",
    "write_exports": "kg.rdf.export",
    "validate": "kg.rdf.validate",
    "format_report": "kg.rdf.validate",
    "check_ontology": "kg.rdf.validate",
    "ValidationReport": "kg.rdf.validate",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kg.rdf' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
