"""The seed data set: the source documents' real facts plus a clearly marked synthetic sample.

`Plan(scale).datasets()` yields what to load, in order; `validation.problems` checks records
against the domain; `graph/seed.py` loads them.
"""

from ecosystem.seeding.plan import DEFAULT_SEED, Plan
from ecosystem.seeding.records import Dataset, NodeRecord, RelationshipRecord
from ecosystem.seeding.validation import problems

__all__ = ["DEFAULT_SEED", "Dataset", "NodeRecord", "Plan", "RelationshipRecord", "problems"]
