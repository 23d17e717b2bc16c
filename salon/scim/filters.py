"""SCIM filters (RFC 7644 §3.4.2.2) as database queries, for the attributes Salon keeps in
its own columns. A filter on anything else raises ``Unmapped``, and the storage evaluates
it over the directory's documents instead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F, Q
from django.db.models.functions import Lower
from scim2_models import InvalidFilterException, SearchRequest
from scim2_models.path import (
    AttrPath,
    CompareOperator,
    Comparison,
    FilterVisitor,
    LogicalExpr,
    LogicalOperator,
    Not,
    Present,
    ValuePath,
)


class Unmapped(Exception):
    """The filter or order names an attribute that has no column of its own."""


@dataclass(frozen=True)
class Column:
    lookup: str
    case_exact: bool = False
    kind: str = "text"  # text, bool, id, uuid, date


USER_FIELDS: dict[tuple[str, str | None], Column] = {
    ("username", None): Column("scim_user_name"),
    ("id", None): Column("pk", kind="id"),
    ("externalid", None): Column("scim__external_id", case_exact=True),
    ("active", None): Column("is_active", kind="bool"),
    ("meta", "created"): Column("date_joined", kind="date"),
}

GROUP_FIELDS: dict[tuple[str, str | None], Column] = {
    ("displayname", None): Column("display_name"),
    ("id", None): Column("scim_id", kind="uuid"),
    ("externalid", None): Column("external_id", case_exact=True),
    ("members", None): Column("memberships__user_id", kind="id"),
    ("members", "value"): Column("memberships__user_id", kind="id"),
    ("meta", "created"): Column("created_at", kind="date"),
    ("meta", "lastmodified"): Column("updated_at", kind="date"),
}

_TEXT = {
    CompareOperator.eq: "exact",
    CompareOperator.co: "contains",
    CompareOperator.sw: "startswith",
    CompareOperator.ew: "endswith",
    CompareOperator.gt: "gt",
    CompareOperator.ge: "gte",
    CompareOperator.lt: "lt",
    CompareOperator.le: "lte",
}


def _column(path: AttrPath, fields: dict[tuple[str, str | None], Column]) -> Column:
    if path.uri and not path.uri.endswith((":User", ":Group")):
        raise Unmapped
    key = (path.attr.lower(), path.sub_attr.lower() if path.sub_attr else None)
    column = fields.get(key)
    if column is None:
        raise Unmapped
    return column


def _value(column: Column, value: Any) -> Any:
    if column.kind == "id":
        text = str(value)
        if not text.isdigit():
            return None
        return int(text)
    if column.kind == "uuid":
        from uuid import UUID

        try:
            return UUID(str(value))
        except ValueError:
            return None
    if column.kind == "bool":
        if not isinstance(value, bool):
            raise InvalidFilterException(
                detail="Compare a true/false attribute with true or false."
            )
        return value
    if column.kind == "date":
        try:
            return datetime.fromisoformat(str(value))
        except ValueError:
            raise InvalidFilterException(detail=f"{value!r} is not a date.") from None
    if not isinstance(value, str):
        raise Unmapped
    return value


class _ToQ(FilterVisitor[Q]):
    def __init__(self, fields: dict[tuple[str, str | None], Column]) -> None:
        self.fields = fields

    def visit_comparison(self, node: Comparison) -> Q:
        column = _column(node.attr_path, self.fields)
        value = _value(column, node.value)
        if value is None:
            return Q(pk__in=[]) if node.op != CompareOperator.ne else Q()
        if column.kind in ("bool", "id", "uuid") and node.op not in (
            CompareOperator.eq,
            CompareOperator.ne,
        ):
            raise Unmapped
        if node.op == CompareOperator.ne:
            return ~Q(**{column.lookup: value})
        lookup = _TEXT[node.op]
        if (
            column.kind == "text"
            and not column.case_exact
            and lookup
            in (
                "exact",
                "contains",
                "startswith",
                "endswith",
            )
        ):
            lookup = "i" + lookup
        return Q(**{f"{column.lookup}__{lookup}": value})

    def visit_present(self, node: Present) -> Q:
        column = _column(node.attr_path, self.fields)
        if column.kind == "text":
            return Q(**{f"{column.lookup}__isnull": False}) & ~Q(**{column.lookup: ""})
        return Q(**{f"{column.lookup}__isnull": False})

    def visit_not(self, node: Not) -> Q:
        return ~self.visit(node.expr)

    def visit_logical_expr(self, node: LogicalExpr) -> Q:
        parts = [self.visit(term) for term in node.terms]
        combined = parts[0]
        for part in parts[1:]:
            combined = combined & part if node.op == LogicalOperator.and_ else combined | part
        return combined

    def visit_value_path(self, node: ValuePath) -> Q:
        raise Unmapped


def to_q(node: Any, fields: dict[tuple[str, str | None], Column]) -> Q:
    return _ToQ(fields).visit(node)


def order_by(search: SearchRequest[Any], fields: dict[tuple[str, str | None], Column]) -> list[Any]:
    """The database order of a search: its ``sortBy`` (when it has a column, case-blind
    for text as SCIM compares it), then the id, so that pages never overlap."""
    if search.sort_by is None:
        return ["pk"]
    path = str(search.sort_by)
    attr, _, sub = path.rpartition(":")[2].partition(".")
    column = fields.get((attr.lower(), sub.lower() or None))
    if column is None or attr.lower() == "members":
        raise Unmapped
    descending = search.sort_order == SearchRequest.SortOrder.descending
    value = (
        Lower(column.lookup)
        if column.kind == "text" and not column.case_exact
        else F(column.lookup)
    )
    return [
        value.desc(nulls_last=True) if descending else value.asc(nulls_last=True),
        "-pk" if descending else "pk",
    ]
