"""RDF stage: namespaces, builder (model -> one named graph per report), exports, SHACL validation."""

from kg.rdf.builder import build_dataset
from kg.rdf.export import write_exports
from kg.rdf.validate import ValidationReport, check_ontology, format_report, validate

__all__ = ["build_dataset", "write_exports", "validate", "format_report", "check_ontology", "ValidationReport"]
