"""`ecosystemStats`: counts by type, kind and province; the shares users report; the network.

Whole-label counts come from Neo4j's count store (constant time at any size); the shares and
the network's edges and density read the derived facts (graph/derived/). The largest connected
component needs a graph algorithm Community Neo4j lacks, so networkx computes it from the
collaborating pairs, once per version of the pairs and day: every write that moves a pair gives
the pairs a new version (aggregates.py), and a statement whose version this process has already
measured sends no pairs at all.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from ecosystem.domain import Domain
from ecosystem.graph import derived
from ecosystem.graph.compiler import answers
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import Ask, Cypher, Live, Root
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import (
    Computed,
    EnumSpec,
    InputSpec,
    Leaf,
    ListOf,
    Obj,
    literal,
)
from ecosystem.graph.questions.base import as_of
from ecosystem.graph.questions.channels import collaborating_pair
from ecosystem.graph.questions.network import DEFAULT_CHANNELS


def summary(value: Mapping[str, Any]) -> dict[str, int]:
    """The network's pairs, organisations with a collaborator, and largest component."""
    graph = nx.Graph()
    graph.add_edges_from(tuple(pair) for pair in value["pairs"])
    largest = max((len(c) for c in nx.connected_components(graph)), default=0)
    return {
        "edges": graph.number_of_edges(),
        "collaborating": graph.number_of_nodes(),
        # Without a pair, one organisation alone is the largest component.
        "largest": largest or (1 if value["organisations"] else 0),
    }


class Components:
    """The network's summary this process measured, by version of the pairs and day."""

    def __init__(self, kept: int = 32) -> None:
        self.kept = kept
        self.measured: OrderedDict[tuple[str, str], dict[str, int]] = OrderedDict()

    def known(self) -> dict[str, dict[str, dict[str, int]]]:
        """{version: {day: summary}}: a parameter of the statement, read when it runs."""
        out: dict[str, dict[str, dict[str, int]]] = {}
        for (version, day), measured in self.measured.items():
            out.setdefault(version, {})[day] = measured
        return out

    def largest(self, value: Mapping[str, Any]) -> int:
        if value["known"] is not None:
            return int(value["known"]["largest"])
        measured = summary(value)
        if value["version"]:  # none before the first derived write: nothing to key it by
            self.measured[(value["version"], value["day"])] = measured
            while len(self.measured) > self.kept:
                self.measured.popitem(last=False)
        return measured["largest"]


# The counters are derived facts kept by every write (graph/derived/): read, not counted.
COUNTER = "{counters}"
DUAL = f"coalesce({COUNTER}.dualQualifiedTrainers, 0)"
SHARED = f"coalesce({COUNTER}.sharedTrainingBases, 0)"
RECIPROCAL = derived.reading.measure(COUNTER, "reciprocalHires")


def share(part: str, whole: str) -> str:
    return f"CASE WHEN {whole} = 0 THEN 0.0 ELSE toFloat({part}) / {whole} END"


COUNT = Obj("TypeCount", {
    "type": Leaf("{item}.type", "str", "A node label or relationship type."),
    "count": Leaf("{item}.count", "int"),
}, "How many of one type.")  # fmt: skip
KIND = Obj("KindCount", {
    "kind": Leaf("{item}.kind", "OrganisationKind"), "count": Leaf("{item}.count", "int"),
}, "How many organisations of one kind.")  # fmt: skip
PROVINCE = Obj("ProvinceCount", {
    "province": Leaf("{item}.province", "str | None", "Null for organisations with none."),
    "count": Leaf("{item}.count", "int"),
}, "How many organisations in one province.")  # fmt: skip
VERSION = f"coalesce({COUNTER}.{derived.aggregates.PAIRS_VERSION}, '')"
KNOWN = f"{{components}}[{VERSION}][toString({{today}})]"
NET = (
    literal("{organisations: COUNT { MATCH (:Organisation) }, pairs: pairs, ")
    + f"version: {VERSION}, day: toString({{today}}), known: {KNOWN}}}}}"
)
ORGANISATIONS = "COUNT {{ MATCH (:Organisation) }}"
EDGES = f"coalesce({KNOWN}.edges, size(pairs))"
# Only the largest component needs the pairs in Python (Community Neo4j has no algorithm
# library); the rest is counted in the statement, so the pairs travel once, not three times,
# and not at all once this process has measured their version.
NETWORK = Obj("NetworkStats", {
    "organisations": Leaf(ORGANISATIONS, "int", "All organisations."),
    "collaboratingOrganisations": Leaf(
        f"coalesce({KNOWN}.collaborating, "
        "size(COLLECT {{ UNWIND pairs AS pair UNWIND pair AS id RETURN DISTINCT id }}))", "int",
        "Organisations with a collaborator."),
    "edges": Leaf(EDGES, "int", "Collaborating pairs (alliance membership aside)."),
    "density": Leaf(f"CASE WHEN {ORGANISATIONS} < 2 THEN 0.0 ELSE 2.0 * {EDGES} / "
                    f"({ORGANISATIONS} * ({ORGANISATIONS} - 1)) END", "float",
                    "Edges over possible edges among all organisations."),
}, "The collaboration network (channels as in collaborationNetwork's default).")  # fmt: skip


def network_spec(components: Components) -> Obj:
    largest = Computed(NET, "int", components.largest,
                       "Organisations in the largest connected component.")  # fmt: skip
    fields = {**NETWORK.fields, "largestComponent": largest}
    return Obj(NETWORK.type_name, fields, NETWORK.description)


def stats_spec(domain: Domain, network: Obj) -> Obj:
    def by_type(items: Sequence[tuple[str, str]]) -> str:
        entries = [f"{{{{type: '{name}', count: COUNT {{{{ MATCH {pattern} }}}}}}}}"
                   for name, pattern in items]  # fmt: skip
        return "[" + ", ".join(entries) + "]"

    labels = [(n.label, f"(:{n.label})") for n in domain.nodes]
    types = [(r.type, f"()-[:{r.type}]->()") for r in domain.relationships]
    trainers, bases = "COUNT {{ MATCH (:Trainer) }}", "COUNT {{ MATCH (:TrainingBase) }}"
    dual, shared = DUAL, SHARED
    return Obj("EcosystemStats", {
        # Domain labels only: migration bookkeeping and the audit trail are not the ecosystem.
        "nodeCount": Leaf(" + ".join(f"COUNT {{{{ MATCH (:{n.label}) }}}}" for n in domain.nodes),
                          "int", "Nodes in the graph."),
        # Domain types only: derived relationships (COLLABORATES…) are not facts of their own.
        "relationshipCount": Leaf(" + ".join(f"COUNT {{{{ MATCH ()-[:{r.type}]->() }}}}"
                                             for r in domain.relationships),
                                  "int", "Relationships in the graph."),
        "nodesByType": ListOf(by_type(labels), "item", COUNT, "Nodes by label."),
        "relationshipsByType": ListOf(by_type(types), "item", COUNT, "Relationships by type."),
        "organisationsByKind": ListOf("byKind", "item", KIND, "Most common first."),
        "organisationsByProvince": ListOf("byProvince", "item", PROVINCE, "Most common first."),
        "trainers": Leaf(trainers, "int"),
        "dualQualifiedTrainers": Leaf(dual, "int", "As dualQualifiedTrainers defines them."),
        "dualQualifiedShare": Leaf(share(dual, trainers), "float", "Of all trainers (0–1)."),
        "reciprocalHires": Leaf(RECIPROCAL, "int",
                                "Trainers currently at an enterprise and a school."),
        "trainingBases": Leaf(bases, "int"),
        "sharedTrainingBases": Leaf(shared, "int", "As sharedTrainingBases defines them."),
        "sharedBaseShare": Leaf(share(shared, bases), "float", "Of all training bases (0–1)."),
        "network": network,
    }, "Counts and shares over the whole graph.")  # fmt: skip


class EcosystemStatsQuestion:
    name: str = "ecosystemStats"
    description: str = (
        "Counts by type, organisation kind and province; the shares of dual-qualified trainers "
        "and shared bases; the collaboration network's density and largest component."
    )
    arguments: Mapping[str, str] = {"as_of": "datetime.date | None"}
    returns: str = "EcosystemStats"
    inputs: Sequence[InputSpec] = ()
    enums: Sequence[EnumSpec] = ()
    requires: str | None = None

    def __init__(self, domain: Domain) -> None:
        self.components = Components()
        network = network_spec(self.components)
        self.spec = stats_spec(domain, network)
        self.answer: Sequence[Obj] = (self.spec, COUNT, KIND, PROVINCE, network)

    def plan(self, field: Field, build: Builder) -> Root:
        parts = [
            "CALL () {{ MATCH (o:Organisation) WITH o.kind AS kind, count(*) AS n "
            "ORDER BY n DESC, kind RETURN collect({{kind: kind, count: n}}) AS byKind }}",
            "CALL () {{ MATCH (o:Organisation) WITH o.province AS province, count(*) AS n "
            "ORDER BY n DESC, province "
            "RETURN collect({{province: province, count: n}}) AS byProvince }}",
        ]
        parts.append(f"OPTIONAL MATCH ({COUNTER}:EcosystemCounters) WITH *")
        pairs = "[] AS pairs"
        if field.child("network"):  # the pairs, for networkx: only when not measured yet
            parts.append(f"CALL ({COUNTER}) {{{{ WITH {COUNTER} WHERE {KNOWN} IS NULL "
                         "MATCH ({a}:Organisation)-[{c}:COLLABORATES]->({b}) "
                         f"WHERE {collaborating_pair('{c}', DEFAULT_CHANNELS)} "
                         "RETURN collect([{a}.id, {b}.id]) AS pairs }}")  # fmt: skip
            pairs = "pairs"
        kept = ", ".join(["byKind", "byProvince", COUNTER, pairs])
        answer = answers.entry(build, self.spec, field, (self.name,))
        prelude = Cypher(f"{' '.join(parts)} WITH {kept}")
        values = {"today": as_of(field.arguments), "components": Live(self.components.known)}
        return Ask(answer, prelude=prelude, values=values)
