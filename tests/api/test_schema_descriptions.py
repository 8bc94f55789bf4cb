"""The schema explains itself: every type, field, input field, argument and enum value a client
can introspect has a description (no database: the schema is built from the code)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)
from graphql import build_schema as parse_sdl

from ecosystem.api.schema import build_schema

# GraphQL's own scalars, which the specification describes.
BUILT_IN = frozenset({"String", "Int", "Float", "Boolean", "ID"})
KINDS = ("type", "field", "input field", "argument", "enum value")


def described(schema: GraphQLSchema) -> Iterator[tuple[str, str, str | None]]:
    """(kind, schema coordinate, description) of everything a client can read one of."""
    for name, type_ in schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN:
            continue
        yield "type", name, type_.description
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in type_.fields.items():
                yield "field", f"{name}.{field_name}", field.description
                for arg_name, arg in field.args.items():
                    yield "argument", f"{name}.{field_name}({arg_name}:)", arg.description
        elif isinstance(type_, GraphQLInputObjectType):
            for field_name, input_field in type_.fields.items():
                yield "input field", f"{name}.{field_name}", input_field.description
        elif isinstance(type_, GraphQLEnumType):
            for value_name, value in type_.values.items():
                yield "enum value", f"{name}.{value_name}", value.description


# The printed SDL, read back: what clients see, descriptions included.
ITEMS = list(described(parse_sdl(build_schema().as_str())))
DESCRIPTIONS = {coordinate: text or "" for _, coordinate, text in ITEMS}


@pytest.mark.parametrize("kind", KINDS)
def test_everything_is_described(kind: str) -> None:
    items = [(coordinate, text) for k, coordinate, text in ITEMS if k == kind]
    missing = [coordinate for coordinate, text in items if not (text and text.strip())]
    assert items, f"no {kind} found: the check would pass on nothing"
    assert not missing, (
        f"{len(missing)} of {len(items)} {kind}s have no description; the first: {missing[:20]}"
    )


@pytest.mark.parametrize(
    ("coordinate", "chinese"),
    [
        ("Query.dualQualifiedTrainers", "双师型"),
        ("CredentialCategory", "双师型"),
        ("AffiliationType.RECIPROCAL_HIRE", "校企互聘"),
        ("DualQualifiedTrainerEdge.reciprocalHire", "校企互聘"),
        ("TrainingBase", "实训基地"),
        ("Query.sharedTrainingBases", "实训基地"),
        ("Course.credits", "学分银行"),
        ("OrganisationKind.OPEN_UNIVERSITY", "开放大学"),
        ("OrganisationKind.ALLIANCE", "联盟"),
        ("Standard", "标准"),
    ],
)
def test_domain_terms_carry_their_chinese_name(coordinate: str, chinese: str) -> None:
    assert chinese in DESCRIPTIONS[coordinate], DESCRIPTIONS[coordinate]
