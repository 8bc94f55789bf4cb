"""Research exports: the graph streamed out as GraphML, CSV (neo4j-admin layout) or JSON.

Rows come from Neo4j as a stream (the driver fetches them in batches), and each writer turns
them into text chunks as they arrive, so a million-node graph is exported in bounded memory.
"""

from ecosystem.graph.export.source import ExportFilter, Item, Kind, Schema, count, items
from ecosystem.graph.export.writers import FORMATS, Format

__all__ = ["FORMATS", "ExportFilter", "Format", "Item", "Kind", "Schema", "count", "items"]
