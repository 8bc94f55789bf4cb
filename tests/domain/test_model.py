"""The domain declaration is consistent: what everything else is derived from."""

from __future__ import annotations

import pytest

from ecosystem.domain import ECOSYSTEM, NodeType
from ecosystem.domain.provinces import PROVINCES
from ecosystem.graph.export.writers import RESERVED


@pytest.mark.parametrize("node", ECOSYSTEM.nodes, ids=lambda n: n.name)
def test_field_names_are_unique_per_type(node: NodeType) -> None:
    names = [p.name for p in node.properties] + [e.field for e in ECOSYSTEM.ends(node.name)]
    assert len(names) == len(set(names))


def test_every_node_and_relationship_has_id_and_provenance() -> None:
    for props in [n.properties for n in ECOSYSTEM.nodes] + [
        r.properties for r in ECOSYSTEM.relationships
    ]:
        assert {"id", "source", "updatedAt"} <= {p.name for p in props}


def test_natural_keys_are_properties() -> None:
    for node in ECOSYSTEM.nodes:
        assert node.natural_key
        for name in node.natural_key:
            node.property(name)


def test_contact_data_is_private() -> None:
    trainer = ECOSYSTEM.node("Trainer")
    assert trainer.property("phone").private
    assert trainer.property("email").private
    assert not any(p.private for n in ECOSYSTEM.nodes if n.name != "Trainer" for p in n.properties)


def test_export_names_stay_free() -> None:
    every = {p.name for n in ECOSYSTEM.nodes for p in n.properties}
    every |= {p.name for r in ECOSYSTEM.relationships for p in r.properties}
    assert not every & set(RESERVED)


def test_thirty_four_provincial_divisions() -> None:
    assert len(PROVINCES) == 34
