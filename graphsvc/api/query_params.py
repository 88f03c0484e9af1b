"""Unknown query parameters are refused with a 422 that names them, never silently ignored.

A misspelt filter (`?topc=hep-th`) or a paging name from another API (`?limit=` where a list
takes `per_page`) would otherwise return an unfiltered default page that looks like an answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import Request

from graphsvc.errors import InvalidParameter

_CACHE_ATTR = "_graphsvc_query_names"  # kept on the route itself (routes are not hashable)


def _declared(dependant: Any) -> Iterator[str]:
    """The query parameter names a route's handler and its dependencies declare (aliases)."""
    for field in dependant.query_params:
        yield field.alias
    for sub in dependant.dependencies:
        yield from _declared(sub)


def known_query_params(route: Any) -> frozenset[str]:
    """The query names `route` takes, worked out once per route."""
    known = getattr(route, _CACHE_ATTR, None)
    if known is None:
        known = frozenset(_declared(route.dependant))
        setattr(route, _CACHE_ATTR, known)
    return known


async def reject_unknown_query_params(request: Request) -> None:
    """Dependency: 422 `invalid_parameter` when the query has a name the route does not take."""
    if not request.query_params:
        return
    route = request.scope.get("route")
    if getattr(route, "dependant", None) is None:
        return
    known = known_query_params(route)
    unknown = sorted(set(request.query_params.keys()) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        raise InvalidParameter(
            f"unknown query parameter{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(u) for u in unknown)}; this endpoint takes: {takes}"
        )
