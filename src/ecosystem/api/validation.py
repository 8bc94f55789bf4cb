"""The limits on what one document may ask (ecosystem/limits.py), checked before anything of it
runs.

Strawberry's own validators bound depth and aliases, and graphql-core's parser the tokens;
one small rule here bounds the root fields of an operation, and `cost.py` what the operation
would read. Each refusal is coded `LIMIT_EXCEEDED` with `extensions.limit` and
`extensions.max`, so a client can tell "ask for less" from "this does not fit the schema"
(`GRAPHQL_VALIDATION_FAILED`). With introspection switched off, `__schema` and `__type` are
refused as `INTROSPECTION_DISABLED`. The rule classes are built once per schema, so the
validation cache keeps hitting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

from ecosystem.api.cost import CostLimit, Pages
from ecosystem.api.errors import ErrorCode
from ecosystem.limits import Limits
from ecosystem.settings import Settings

Extension = Callable[[], SchemaExtension]


def exceeded(limit: str, maximum: int, **details: Any) -> dict[str, Any]:
    """`extensions` of a refusal for going over `limit`."""
    return {"code": ErrorCode.LIMIT_EXCEEDED.value, "limit": limit, "max": maximum, **details}


class _Tagging:
    """A validation context whose errors carry the given extensions; the rest is delegated."""

    def __init__(self, context: ValidationContext, extensions: dict[str, Any]) -> None:
        self._context = context
        self._extensions = extensions

    def report_error(self, error: GraphQLError) -> None:
        tagged = GraphQLError(error.message, error.nodes, extensions=self._extensions)
        self._context.report_error(tagged)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


def coded(rule: type[ASTValidationRule], extensions: dict[str, Any]) -> type[ValidationRule]:
    """`rule`, with our code on its errors (Strawberry's validators report bare messages)."""

    class Coded(rule):  # type: ignore[valid-type,misc]  # a class made at run time
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(cast("ValidationContext", _Tagging(context, extensions)))

    Coded.__name__ = f"Coded{rule.__name__}"
    return Coded


def root_field_limit(maximum: int) -> type[ValidationRule]:
    class RootFieldLimit(ValidationRule):
        """Each root field is a statement of its own: an operation may ask for so many."""

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            keys = self._response_keys(node.selection_set, set())
            if len(keys) > maximum:
                message = f"{len(keys)} root fields in one operation; at most {maximum}"
                extensions = exceeded("rootFields", maximum, rootFields=len(keys))
                self.report_error(GraphQLError(message, node, extensions=extensions))

        def _response_keys(self, selection_set: SelectionSetNode, seen: set[str]) -> set[str]:
            keys: set[str] = set()
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    keys.add((selection.alias or selection.name).value)
                elif isinstance(selection, InlineFragmentNode):
                    keys |= self._response_keys(selection.selection_set, seen)
                elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                    seen.add(selection.name.value)  # cycles are refused by another rule
                    fragment = self.context.get_fragment(selection.name.value)
                    if fragment is not None:
                        keys |= self._response_keys(fragment.selection_set, seen)
            return keys

    return RootFieldLimit


def validation_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    limits = Limits.from_settings(settings)
    rules: list[type[ASTValidationRule]] = [
        coded(depth_validator(limits.depth, None), exceeded("depth", limits.depth)),
        coded(alias_validator(limits.aliases), exceeded("aliases", limits.aliases)),
        root_field_limit(limits.root_fields),
    ]
    if not settings.introspection:
        disabled = {"code": ErrorCode.INTROSPECTION_DISABLED.value}
        rules.append(coded(NoSchemaIntrospectionCustomRule, disabled))
    return rules


def extensions(settings: Settings) -> list[Extension]:
    """The schema extensions that enforce the limits, one instance per operation."""
    rules, limits = validation_rules(settings), Limits.from_settings(settings)
    pages = Pages(limits)

    def cost() -> SchemaExtension:
        return CostLimit(limits.cost, pages)

    def tokens() -> SchemaExtension:
        return MaxTokensLimiter(max_token_count=limits.tokens)

    def shape() -> SchemaExtension:
        return AddValidationRules(rules)

    return [tokens, shape, cost]


__all__ = ["coded", "exceeded", "extensions", "root_field_limit", "validation_rules"]
