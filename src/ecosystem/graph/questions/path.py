"""`connectionPath`: the shortest paths between two nodes, each step with its relationship."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ecosystem.graph import ids
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.shapes import (
    AnyNodeRef,
    Leaf,
    ListOf,
    Obj,
    Required,
    Shape,
    ShapeRenderer,
)
from ecosystem.graph.errors import BadInput
from ecosystem.graph.questions.base import EnumSpec, InputSpec

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
    "message": Leaf("CASE WHEN size(paths) = 0 THEN 'No path of at most {hops} hops between "
                    "them.' END", "str | None", "Why nothing was found."),
    "paths": ListOf("paths", "path", PATH, "The shortest paths (at most `first`)."),
}, "The shortest paths between two nodes.")  # fmt: skip


class ConnectionPath:
    name: str = "connectionPath"
    description: str = (
        "The shortest paths (up to `first`) between two nodes within `maxHops` (default 4, at "
        "most 8), optionally only through the relationship types in `via`."
    )
    arguments: Mapping[str, str] = {
        "from_id": "strawberry.ID", "to_id": "strawberry.ID", "max_hops": "int | None",
        "via": "list[RelationshipType] | None", "first": "int | None",
    }  # fmt: skip
    returns: str = "ConnectionPaths"
    answer: Sequence[Obj] = (ANSWER, PATH, STEP)
    inputs: Sequence[InputSpec] = ()

    def __init__(self, relationship_types: Sequence[str]) -> None:
        self.enums: Sequence[EnumSpec] = (
            EnumSpec("RelationshipType", tuple(relationship_types), "A kind of relationship."),
        )

    def compile(self, field: Field, shapes: ShapeRenderer) -> tuple[str, Shape | None]:
        args, r = field.arguments, shapes.renderer
        nodes = {n.name for n in shapes.domain.nodes}
        ends = [self._end(args[name], name, nodes) for name in ("fromId", "toId")]
        if ends[0] == ends[1]:
            raise BadInput("fromId and toId are the same node", (self.name, "toId"),
                           "two different nodes")  # fmt: skip
        limits, path = shapes.builder.limits, (self.name,)
        hops = shapes.builder.first(args, path, limits.path_hops, "maxHops")
        first = shapes.builder.first(args, path, limits.paths)
        known = {rel.type for rel in shapes.domain.relationships}
        types = "|".join(t for t in args.get("via") or () if t in known)
        rel = f":{types}" if types else ""
        a, b = r.variable("from"), r.variable("to")
        answer, shape = shapes.render(ANSWER, field, {"hops": str(hops)}, (self.name,))
        # The hop bound is part of the pattern, so it is a literal: a validated integer.
        cypher = (
            f"OPTIONAL MATCH ({a}:{ends[0][0]} {{id: {r.param(ends[0][1])}}}) "
            f"OPTIONAL MATCH ({b}:{ends[1][0]} {{id: {r.param(ends[1][1])}}}) "
            f"WITH {a}, {b}, CASE WHEN {a} IS NULL OR {b} IS NULL THEN null ELSE "
            f"COLLECT {{ MATCH p = allShortestPaths(({a})-[{rel}*..{hops}]-({b})) RETURN p "
            f"LIMIT {r.param(first)} }} END AS paths "
            f"RETURN CASE WHEN paths IS NULL THEN null ELSE {answer} END AS data"
        )
        return cypher, Required(shape, "fromId or toId names no node", (self.name,))

    def _end(self, value: str, argument: str, nodes: set[str]) -> tuple[str, str]:
        return ids.expect(value, nodes, (self.name, argument))
