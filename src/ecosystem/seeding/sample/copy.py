"""One copy of the synthetic sample: 2,780 nodes (fixed) and about 17,400 relationships."""

from __future__ import annotations

import random

from ecosystem.seeding.records import Dataset
from ecosystem.seeding.sample import (
    agreements,
    bases,
    courses,
    organisations,
    outcomes,
    standards,
    trainers,
)
from ecosystem.seeding.sample.builder import Builder
from ecosystem.seeding.sample.world import World

NODES_PER_COPY = (
    organisations.ORGANISATIONS
    + standards.STANDARDS
    + courses.COURSES
    + bases.BASES
    + trainers.TRAINERS
    + agreements.AGREEMENTS
    + outcomes.OUTCOMES
)


def generate(world: World, number: int, seed: int) -> Dataset:
    """Copy `number` (1, 2, …): the same seed and number always give the same records."""
    # A string seed is hashed with SHA-512, so it does not depend on PYTHONHASHSEED. Sample
    # data needs reproducibility, not unpredictability.
    rng = random.Random(f"ecosystem-sample:{seed}:{number}")  # noqa: S311
    b = Builder(rng, number)
    orgs = organisations.generate(b, world)
    organisations.issue(b, world, orgs)
    published = standards.generate(b, world, orgs)
    offered = courses.generate(b, world, orgs, published)
    sites = bases.generate(b, world, orgs)
    trainers.generate(b, world, orgs, offered)
    programmes = agreements.generate(b, world, orgs, offered)
    outcomes.generate(b, offered, sites, programmes)
    outcomes.recognise(b, orgs, offered)
    return b.data
