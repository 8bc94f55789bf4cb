"""Bulk import: records in the export's layouts, checked like mutation inputs, upserted in
one transaction (`ecosystem import` and the `importRecords` mutation)."""

from ecosystem.graph.importing.pipeline import BATCH, Outcome, run
from ecosystem.graph.importing.records import Problem, Record, node_link, read

__all__ = ["BATCH", "Outcome", "Problem", "Record", "node_link", "read", "run"]
