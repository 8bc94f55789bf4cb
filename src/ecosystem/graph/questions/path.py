"""`connectionPath`: the shortest paths between two nodes, each step with its relationship."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ecosystem.domain import RelationshipType
from ecosystem.graph import ids
from ecosystem.graph.compiler import answers
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import Ask, Cypher, Root
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import AnyNodeRef, EnumSpec, InputSpec, Leaf, ListOf, Obj
from ecosystem.graph.errors import BadInput
from ecosystem.graph.questions.base import NOT_SAMPLE, SAMPLE_ARGUMENT, as_of, current
from ecosystem.limits import Limits

# Fixed, not settings: the descriptions can say them.
HOPS, PATHS = Limits().path_hops, Limits().paths

REL = "relationships({path})[{i} - 1]"
STEP = Obj("PathStep", {
    "node": AnyNodeRef("nodes({path})[{i}]", "The node reached at this step."),
    "relationshipType": Leaf(f"CASE WHEN {{i}} = 0 THEN null ELSE type({REL}) END",
                             "RelationshipType | None", "How it was reached (null at the start)."),
    "relationshipId": Leaf(f"CASE WHEN {{i}} = 0 THEN null ELSE type({REL}) + ':' + {REL}.id END",
                           "strawberry.ID | None", "The relationship's global id."),
    "forward": Leaf(f"CASE WHEN {{i}} = 0 THEN null ELSE startNode({REL}) = "
                    "nodes({path})[{i} - 1] END",
                    "bool | None", "Whether the relationship points along the path."),
}, "One node of a path and the relationship that reached it.")  # fmt: skip
PATH = Obj("ConnectionPath", {
    "hops": Leaf("length({path})", "int", "Relationships along the path."),
    "steps": ListOf("range(0, length({path}))", "i", STEP, "From the first node to the last."),
}, "One shortest path.")  # fmt: skip
ANSWER = Obj("ConnectionPaths", {
    "found": Leaf("size(paths) > 0", "bool", "Whether a path exists within maxHops."),
    "hops": Leaf("CASE WHEN size(paths) > 0 THEN length(paths[0]) END", "int | None",
                 "Length of the shortest paths."),
    "message": Leaf("CASE WHEN size(paths) = 0 THEN 'No path of at most ' + toString({hops}) "
                    "+ ' hops between them.' END", "str | None", "Why nothing was found."),
    "paths": ListOf("paths", "path", PATH, "The shortest paths (at most `first`)."),
}, "The shortest paths between two nodes.")  # fmt: skip


class ConnectionPath:
    name: str = "connectionPath"
    description: str = (
        "The shortest paths (up to `first`) between two nodes within `maxHops` (default "
        f"{HOPS.default}, at most {HOPS.maximum}), optionally only through the relationship "
        "types in `via`. Only relationships that hold on `asOf` (default today) are steps: an "
        "ended affiliation or membership, or one not begun yet, is none."
    )
    arguments: Mapping[str, str] = {
        "from_id": "strawberry.ID", "to_id": "strawberry.ID", "max_hops": "int | None",
        "via": "list[RelationshipType] | None", "first": "int | None",
        "as_of": "datetime.date | None", **SAMPLE_ARGUMENT,
    }  # fmt: skip
    argument_descriptions: Mapping[str, str] = {
        "from_id": "Global id of the node to start from.",
        "to_id": "Global id of the node to reach.",
        "max_hops": f"The longest path to look for, in relationships (default {HOPS.default}, at "
        f"most {HOPS.maximum}).",
        "via": "Only through relationships of these types (default: every type).",
        "first": f"At most this many shortest paths (default {PATHS.default}, at most "
        f"{PATHS.maximum}).",
        "as_of": "The day asked about (default today): a relationship with a term (`since`, "
        "`until`) is a step only on the days it holds.",
    }
    returns: str = "ConnectionPaths"
    answer: Sequence[Obj] = (ANSWER, PATH, STEP)
    inputs: Sequence[InputSpec] = ()
    requires: str | None = None

    def __init__(self, relationships: Sequence[RelationshipType]) -> None:
        types = {r.type: f"{r.source} → {r.target}: {r.description}" for r in relationships}
        self.enums: Sequence[EnumSpec] = (
            EnumSpec.described("RelationshipType", "A kind of relationship.", types),
        )

    def plan(self, field: Field, build: Builder) -> Root:
        args, path = field.arguments, (self.name,)
        nodes = {n.name for n in build.domain.nodes}
        ends = [ids.expect(args[name], nodes, (self.name, name)) for name in ("fromId", "toId")]
        if ends[0] == ends[1]:
            raise BadInput("fromId and toId are the same node", (self.name, "toId"),
                           "two different nodes")  # fmt: skip
        hops = build.first(args, path, build.limits.path_hops, "maxHops")
        first = build.first(args, path, build.limits.paths)
        known = {rel.type for rel in build.domain.relationships}
        # Only the domain's types, never a derived relationship (COLLABORATES is no step).
        types = "|".join(t for t in args.get("via") or sorted(known) if t in known)
        rel = f":{types}"
        held = [f"all(r IN relationships(p) WHERE {current('r')})"]
        if not build.sample_included(args):
            held.append(f"all(n IN nodes(p) WHERE {NOT_SAMPLE.replace('{node}', 'n')})")
        # The hop bound is part of the pattern, so it is a literal there: a checked integer.
        prelude = Cypher(
            f"OPTIONAL MATCH ({{from}}:{ends[0][0]} {{{{id: {{fromId}}}}}}) "
            f"OPTIONAL MATCH ({{to}}:{ends[1][0]} {{{{id: {{toId}}}}}}) "
            "WITH {from}, {to}, CASE WHEN {from} IS NULL OR {to} IS NULL THEN null ELSE "
            f"COLLECT {{{{ MATCH p = allShortestPaths(({{from}})-[{rel}*..{hops}]-({{to}})) "
            f"WHERE {' AND '.join(held)} RETURN p LIMIT {{first}} }}}} END AS paths",
            {"fromId": ends[0][1], "toId": ends[1][1], "first": first},
        )
        return Ask(
            answers.entry(build, ANSWER, field, path),
            prelude=prelude,
            values={"hops": hops, "today": as_of(args)},
            exists=Cypher("paths IS NOT NULL"),
            missing=("fromId or toId names no node", path),
        )
