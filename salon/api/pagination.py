"""Pagination shared by every list in the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

T = TypeVar("T")


MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 200


class Pagination(PageNumberPagination):
    """``?page=`` (from 1) and ``?page_size=`` (default 50, at most 200). Both are bounded
    in the schema: a page beyond any list is an empty page, a larger one a 422."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=50, max_page_size=MAX_PAGE_SIZE, **kwargs)


class ShapedPage(Generic[T]):
    """A queryset that ninja paginates in SQL; only the rows of the page returned are
    turned into output schemas (``shape``), so a page costs the same at any size."""

    def __init__(self, qs: Any, shape: Callable[[Any], T]) -> None:
        self.qs = qs
        self.shape = shape

    def count(self) -> int:
        return int(self.qs.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[T]:
        return [self.shape(row) for row in self.qs[item]]
