"""`ecosystemStats`: counts by type, kind and province; the shares users report; the network.

Whole-label counts come from Neo4j's count store (constant time at any size), organisations by
kind and province from those properties' indexes (entries, not nodes); the shares and the
network's edges and density read the derived facts (graph/derived/). The largest connected
component needs a graph algorithm Community Neo4j lacks, so networkx computes it from the
collaborating pairs, once per version of the pairs and day: every write that moves a pair gives
the pairs a new version (aggregates.py), and a statement whose version this process has already
measured sends no pairs at all.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ecosystem.domain import Domain, EnumType
from ecosystem.domain.definitions import SYNTHETIC_SOURCE
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
from ecosystem.graph.questions.base import NOT_SAMPLE, SAMPLE_ARGUMENT, as_of, real
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
SAMPLE_COUNTER = "{sampleCounters}"
# Whether the graph holds any sample node (index seeks): a graph without one subtracts nothing.
SAMPLED = "{sampled}"
SAMPLE = f"'{SYNTHETIC_SOURCE}'"


def share(part: str, whole: str) -> str:
    return f"CASE WHEN {whole} = 0 THEN 0.0 ELSE toFloat({part}) / {whole} END"


@dataclass(frozen=True)
class Scope:
    """What ecosystemStats counts: the whole graph, or the graph less the sample (its nodes
    and every relationship with one: the sample never links a real body, docs/data.md)."""

    sample: bool = True

    def less(self, whole: str, sample: str) -> str:
        return whole if self.sample else f"({whole} - CASE WHEN {SAMPLED} THEN {sample} ELSE 0 END)"

    def nodes(self, label: str) -> str:
        whole = f"COUNT {{{{ MATCH (:{label}) }}}}"
        return self.less(whole, f"COUNT {{{{ MATCH (n:{label}) WHERE n.source = {SAMPLE} }}}}")

    def relationships(self, type_: str) -> str:
        whole = f"COUNT {{{{ MATCH ()-[:{type_}]->() }}}}"
        return self.less(
            whole, f"COUNT {{{{ MATCH ()-[r:{type_}]->() WHERE r.source = {SAMPLE} }}}}"
        )

    def counter(self, name: str, timeline: bool = False) -> str:
        def read(counters: str) -> str:
            if timeline:
                return derived.reading.measure(counters, name)
            return f"coalesce({counters}.{name}, 0)"

        return read(COUNTER) if self.sample else f"({read(COUNTER)} - {read(SAMPLE_COUNTER)})"

    def real(self, variable: str, placeholder: bool = True) -> str:
        """Cypher: `variable` (a placeholder, or a plain variable) is in scope."""
        if self.sample:
            return "true"
        return real(variable) if placeholder else NOT_SAMPLE.replace("{node}", variable)

    @property
    def day(self) -> str:
        """The key a measured network summary is kept by: the day, and the scope."""
        return "toString({today})" + ("" if self.sample else " + '|without sample'")


# How organisations are counted: by kind and by province, each a column with its choices.
BY_COLUMN = (
    ("kind", "byKind", "organisationsByKind"),
    ("province", "byProvince", "organisationsByProvince"),
)

COUNT = Obj("TypeCount", {
    "type": Leaf("{item}.type", "str", "A node label or relationship type."),
    "count": Leaf("{item}.count", "int", "How many there are."),
}, "How many of one type.")  # fmt: skip
KIND = Obj("KindCount", {
    "kind": Leaf("{item}.kind", "OrganisationKind", "The kind."),
    "count": Leaf("{item}.count", "int", "Organisations of this kind."),
}, "How many organisations of one kind.")  # fmt: skip
PROVINCE = Obj("ProvinceCount", {
    "province": Leaf("{item}.province", "str | None", "Null for organisations with none."),
    "count": Leaf("{item}.count", "int", "Organisations in this province."),
}, "How many organisations in one province.")  # fmt: skip
VERSION = f"coalesce({COUNTER}.{derived.aggregates.PAIRS_VERSION}, '')"


def known(scope: Scope) -> str:
    return f"{{components}}[{VERSION}][{scope.day}]"


def network_spec(components: Components, scope: Scope) -> Obj:
    """The network's figures: only the largest component needs the pairs in Python
    (Community Neo4j has no algorithm library); the rest is counted in the statement, so the
    pairs travel once, not three times, and not at all once this process has measured their
    version."""
    organisations, found = scope.nodes("Organisation"), known(scope)
    edges = f"coalesce({found}.edges, size(pairs))"
    net = (
        literal("{organisations: ") + organisations + ", pairs: pairs, "
        f"version: {VERSION}, day: {scope.day}, known: {found}}}}}"
    )
    return Obj("NetworkStats", {
        "organisations": Leaf(organisations, "int", "All organisations."),
        "collaboratingOrganisations": Leaf(
            f"coalesce({found}.collaborating, "
            "size(COLLECT {{ UNWIND pairs AS pair UNWIND pair AS id RETURN DISTINCT id }}))",
            "int", "Organisations with a collaborator."),
        "edges": Leaf(edges, "int", "Collaborating pairs (alliance membership aside)."),
        "density": Leaf(f"CASE WHEN {organisations} < 2 THEN 0.0 ELSE 2.0 * {edges} / "
                        f"({organisations} * ({organisations} - 1)) END", "float",
                        "Edges over possible edges among all organisations."),
        "largestComponent": Computed(net, "int", components.largest,
                                     "Organisations in the largest connected component."),
    }, "The collaboration network (channels as in collaborationNetwork's default).")  # fmt: skip


def stats_spec(domain: Domain, network: Obj, scope: Scope) -> Obj:
    def by_type(items: Sequence[tuple[str, str]]) -> str:
        entries = [f"{{{{type: '{name}', count: {count}}}}}" for name, count in items]
        return "[" + ", ".join(entries) + "]"

    labels = [(n.label, scope.nodes(n.label)) for n in domain.nodes]
    types = [(r.type, scope.relationships(r.type)) for r in domain.relationships]
    trainers, bases = scope.nodes("Trainer"), scope.nodes("TrainingBase")
    dual = scope.counter("dualQualifiedTrainers", timeline=True)
    shared = scope.counter("sharedTrainingBases")
    return Obj("EcosystemStats", {
        # Domain labels only: migration bookkeeping and the audit trail are not the ecosystem.
        "nodeCount": Leaf(" + ".join(c for _, c in labels), "int", "Nodes in the graph."),
        # Domain types only: derived relationships (COLLABORATES…) are not facts of their own.
        "relationshipCount": Leaf(" + ".join(c for _, c in types), "int",
                                  "Relationships in the graph."),
        "nodesByType": ListOf(by_type(labels), "item", COUNT, "Nodes by label."),
        "relationshipsByType": ListOf(by_type(types), "item", COUNT, "Relationships by type."),
        "organisationsByKind": ListOf("byKind", "item", KIND, "Most common first."),
        "organisationsByProvince": ListOf("byProvince", "item", PROVINCE, "Most common first."),
        "trainers": Leaf(trainers, "int", "All trainers."),
        "dualQualifiedTrainers": Leaf(dual, "int", "Dual-qualified (双师型) trainers on the day, "
                                      "as dualQualifiedTrainers defines them."),
        "dualQualifiedShare": Leaf(share(dual, trainers), "float", "Of all trainers (0–1)."),
        "reciprocalHires": Leaf(scope.counter("reciprocalHires", timeline=True), "int",
                                "Reciprocal hires (校企互聘) on the day, as "
                                "dualQualifiedTrainers' reciprocalHire defines them."),
        "trainingBases": Leaf(bases, "int", "All training bases."),
        "sharedTrainingBases": Leaf(shared, "int", "As sharedTrainingBases defines them."),
        "sharedBaseShare": Leaf(share(shared, bases), "float", "Of all training bases (0–1)."),
        "network": network,
    }, "Counts and shares over the whole graph (or the graph less the sample).")  # fmt: skip


class EcosystemStatsQuestion:
    name: str = "ecosystemStats"
    description: str = (
        "Counts by type, organisation kind and province; the shares of dual-qualified trainers "
        "and shared bases; the collaboration network's density and largest component."
    )
    arguments: Mapping[str, str] = {"as_of": "datetime.date | None", **SAMPLE_ARGUMENT}
    argument_descriptions: Mapping[str, str] = {}
    returns: str = "EcosystemStats"
    inputs: Sequence[InputSpec] = ()
    enums: Sequence[EnumSpec] = ()
    requires: str | None = None

    def __init__(self, domain: Domain) -> None:
        self.components = Components()
        self.choices = _choices(domain)
        self.specs = {
            included: stats_spec(domain, network_spec(self.components, scope), scope)
            for included in (True, False)
            if (scope := Scope(included))
        }
        network = self.specs[True].fields["network"]
        assert isinstance(network, Obj)
        self.answer: Sequence[Obj] = (self.specs[True], COUNT, KIND, PROVINCE, network)

    def plan(self, field: Field, build: Builder) -> Root:
        scope = Scope(build.sample_included(field.arguments))
        # Without the sample: whether there is one, and its own counters, to subtract.
        parts = [] if scope.sample else [_sampled(build.domain)]
        parts += [
            _counted_by(column, name, scope)
            if field.child(selected)
            else f"CALL () {{{{ RETURN [] AS {name} }}}}"  # not asked: not counted
            for column, name, selected in BY_COLUMN
        ]
        parts.append(_counters(COUNTER, derived.aggregates.COUNTERS_ID))
        if not scope.sample:
            parts.append(_counters(SAMPLE_COUNTER, derived.aggregates.SAMPLE_COUNTERS_ID))
        parts.append("WITH *")
        pairs = "[] AS pairs"
        if field.child("network"):  # the pairs, for networkx: only when not measured yet
            parts.append(f"CALL ({COUNTER}) {{{{ {_only_if(f'{known(scope)} IS NULL')}"
                         "MATCH ({a}:Organisation)-[{c}:COLLABORATES]->({b}) "
                         f"WHERE {scope.real('a')} AND {scope.real('b')} AND "
                         f"{collaborating_pair('{c}', DEFAULT_CHANNELS)} "
                         "RETURN collect([{a}.id, {b}.id]) AS pairs }}")  # fmt: skip
            pairs = "pairs"
        less = [] if scope.sample else [SAMPLE_COUNTER, SAMPLED]
        kept = ", ".join(["byKind", "byProvince", COUNTER, *less, pairs])
        answer = answers.entry(build, self.specs[scope.sample], field, (self.name,))
        prelude = Cypher(f"{' '.join(parts)} WITH {kept}")
        values = {
            "today": as_of(field.arguments),
            "components": Live(self.components.known),
            **self.choices,
        }
        return Ask(answer, prelude=prelude, values=values)


def _only_if(condition: str) -> str:
    """Cypher opening a subquery that runs only when `condition` holds: an UNWIND of one row or
    none. As a WHERE on the imported variables, Neo4j scanned the subquery's label first and
    filtered after (63,000 organisations, 50 ms on every ecosystemStats at scale 500)."""
    return f"UNWIND CASE WHEN {condition} THEN [true] ELSE [] END AS gate "


def _counted_by(column: str, name: str, scope: Scope) -> str:
    """Cypher binding `name`: the organisations in scope by `column`, most common first.
    Each of the column's values (`{<column>Values}`: its choices) is counted from the column's
    index, entries rather than nodes; the rest (no value, or one outside the choices, which only
    a graph written around the API holds) is counted by a scan that runs only when there is a
    rest (`_only_if`). At scale 500 the scan of 63,000 organisations took most of
    ecosystemStats' 196 ms."""
    real, values = scope.real("o", placeholder=False), f"{{{column}Values}}"
    rest = (
        f"COLLECT {{{{ {_only_if('rest > 0')}MATCH (o:Organisation) WHERE {real} AND "
        f"NOT coalesce(o.{column} IN {values}, false) WITH o.{column} AS value, count(*) AS n "
        f"RETURN {{{{{column}: value, count: n}}}} AS x }}}}"
    )
    return (
        f"CALL ({'' if scope.sample else SAMPLED}) {{{{ UNWIND {values} AS value "
        f"WITH value, COUNT {{{{ MATCH (o:Organisation) WHERE o.{column} = value AND {real} }}}} "
        f"AS n WITH collect(CASE WHEN n > 0 THEN {{{{{column}: value, count: n}}}} END) AS listed "
        f"WITH listed, {scope.nodes('Organisation')} - "
        "reduce(s = 0, x IN listed | s + x.count) AS rest "
        f"WITH listed, {rest} AS others "
        f"UNWIND listed + others AS x WITH x ORDER BY x.count DESC, x.{column} "
        f"RETURN collect(x) AS {name} }}}}"
    )


def _choices(domain: Domain) -> dict[str, list[str]]:
    """`{<column>Values}`: the values each counted column of Organisation may take."""
    organisation = domain.node("Organisation")
    found = {}
    for column, *_ in BY_COLUMN:
        kept = organisation.property(column)
        choices = kept.type.values if isinstance(kept.type, EnumType) else kept.choices
        found[f"{column}Values"] = list(choices or ())
    return found


def _counters(variable: str, stored_id: str) -> str:
    return f"OPTIONAL MATCH ({variable}:EcosystemCounters {{{{id: '{stored_id}'}}}})"


def _sampled(domain: Domain) -> str:
    """Cypher: `{sampled}`, whether any node is sample data (one index seek per label)."""
    checks = " OR ".join(
        f"EXISTS {{{{ MATCH (n:{n.label}) WHERE n.source = {SAMPLE} }}}}" for n in domain.nodes
    )
    return f"WITH {checks} AS {SAMPLED}"
