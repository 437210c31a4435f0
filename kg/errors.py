"""One exception hierarchy; every message says what went wrong and what the user can do."""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error edukg raises on purpose."""


class InputError(KgError):
    """An input file cannot be read, decoded or understood (the file is skipped)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ExtractionError(KgError):
    """Extraction failed on a document that was read correctly."""


class ModelError(KgError):
    """The RDF model, ontology or shapes are inconsistent, or a graph fails validation."""


class StoreError(KgError):
    """A graph store cannot be opened, read or written."""


class QueryError(KgError):
    """A query is unknown, malformed, or given bad parameters."""


class UpdateNotAllowed(QueryError):
    """A SPARQL update was given where only a read-only query is accepted."""


class EvalError(KgError):
    """Gold annotations cannot be read or do not match the graph's reports."""
