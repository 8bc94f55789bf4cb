"""What `ecosystem seed` loads, in order: the real facts, the vocabulary, then the copies.

Copies are generated a few at a time and handed over in chunks of about `CHUNK_NODES` nodes, so
memory stays flat however large the scale, while each chunk still fills whole batches.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from ecosystem.seeding import facts as facts_file
from ecosystem.seeding.records import Dataset, NodeRecord
from ecosystem.seeding.sample import copy as sample_copy
from ecosystem.seeding.sample import world

DEFAULT_SEED = 20250718  # the alliance's founding day
CHUNK_NODES = 10_000


@dataclass(frozen=True)
class Plan:
    scale: int = 1
    seed: int = DEFAULT_SEED

    def __post_init__(self) -> None:
        if self.scale < 1:
            raise ValueError(f"scale must be at least 1, not {self.scale}")

    @cached_property
    def facts(self) -> Dataset:
        return facts_file.load()

    @cached_property
    def _world(self) -> tuple[world.World, Dataset]:
        return world.build(self.facts)

    @property
    def vocabulary(self) -> Dataset:
        return self._world[1]

    @property
    def nodes(self) -> int:
        """How many nodes the plan loads, known before generating any copy."""
        return (
            len(self.facts.nodes)
            + len(self.vocabulary.nodes)
            + self.scale * sample_copy.NODES_PER_COPY
        )

    def landmarks(self) -> list[NodeRecord]:
        """Records whose presence says the plan is loaded: the first real fact, the first
        vocabulary record, and the first and last records of the last copy (its last is a
        training outcome: a sample made before them is not today's)."""
        last = self.copy(self.scale).nodes
        return [self.facts.nodes[0], self.vocabulary.nodes[0], last[0], last[-1]]

    def copy(self, number: int) -> Dataset:
        return sample_copy.generate(self._world[0], number, self.seed)

    def datasets(self) -> Iterator[Dataset]:
        """The facts, the vocabulary, then the copies in chunks (each loads after the last)."""
        yield self.facts
        yield self.vocabulary
        per_chunk = max(1, CHUNK_NODES // sample_copy.NODES_PER_COPY)
        for first in range(1, self.scale + 1, per_chunk):
            chunk = Dataset()
            for number in range(first, min(first + per_chunk, self.scale + 1)):
                chunk.extend(self.copy(number))
            yield chunk
