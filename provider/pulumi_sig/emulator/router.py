"""Route tables: ARM path templates matched segment by segment, compiled once, tried in declaration order."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Awaitable, Callable

if TYPE_CHECKING:
    from pulumi_sig.emulator.http_support import ArmRequest, ArmResponse

Handler = Callable[["ArmRequest"], Awaitable["ArmResponse"]]
# A route's `api` is the ARM resource type whose api-versions it serves (models/api_versions.py).
SOURCE = "Microsoft.Compute/{source_type}"  # a source route: the type is its {source_type} segment
ADMIN = None                                # emulator-only routes take no api-version


@dataclass(frozen=True)
class Route:
    """One method on one path template, e.g. GET /subscriptions/{subscription}/resourcegroups/{resource_group}."""

    method: str
    template: str
    handler: Handler
    api: str | None

    @property
    def segments(self) -> tuple[str, ...]:
        """The template's segments (the leading '' of the absolute path included)."""
        return tuple(self.template.split("/"))


class RouteTable:
    """The routes of one resource type, declared with @table.get(PATH, api=GALLERY_TYPE) and friends."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def route(self, method: str, template: str, *, api: str | None) -> Callable[[Handler], Handler]:
        """Register `handler` for `method` on `template`."""
        def register(handler: Handler) -> Handler:
            self.routes.append(Route(method, template, handler, api))
            return handler
        return register

    def get(self, template: str, *, api: str | None) -> Callable[[Handler], Handler]:
        return self.route("GET", template, api=api)

    def head(self, template: str, *, api: str | None) -> Callable[[Handler], Handler]:
        return self.route("HEAD", template, api=api)

    def put(self, template: str, *, api: str | None) -> Callable[[Handler], Handler]:
        return self.route("PUT", template, api=api)

    def patch(self, template: str, *, api: str | None) -> Callable[[Handler], Handler]:
        return self.route("PATCH", template, api=api)

    def delete(self, template: str, *, api: str | None) -> Callable[[Handler], Handler]:
        return self.route("DELETE", template, api=api)

    def post(self, template: str, *, api: str | None) -> Callable[[Handler], Handler]:
        return self.route("POST", template, api=api)


class _Pattern:
    """One path template: its literal segments to compare and where its parameters sit."""

    __slots__ = ("literals", "names", "methods")

    def __init__(self, segments: tuple[str, ...]) -> None:
        self.literals = tuple((i, s) for i, s in enumerate(segments) if not s.startswith("{"))
        self.names = tuple((i, s[1:-1]) for i, s in enumerate(segments) if s.startswith("{"))
        self.methods: dict[str, Route] = {}

    def match(self, parts: list[str]) -> dict[str, str] | None:
        for index, literal in self.literals:
            if parts[index] != literal:
                return None
        params = {name: parts[index] for index, name in self.names}
        # A parameter is one non-empty segment, as in Starlette's default "{name}" converter.
        return params if all(params.values()) else None


@dataclass(frozen=True)
class Match:
    """What a path resolved to: the route (None when only other methods exist) and the path parameters."""

    route: Route | None
    params: dict[str, str]
    allowed: tuple[str, ...] = ()


class Router:
    """Resolves (method, canonical path) to a route; the first template that matches the path wins."""

    def __init__(self, tables: list[RouteTable]) -> None:
        self._by_length: dict[int, list[_Pattern]] = {}
        patterns: dict[str, _Pattern] = {}
        for route in (route for table in tables for route in table.routes):
            pattern = patterns.get(route.template)
            if pattern is None:
                pattern = patterns[route.template] = _Pattern(route.segments)
                self._by_length.setdefault(len(route.segments), []).append(pattern)
            pattern.methods.setdefault(route.method, route)

    def resolve(self, method: str, path: str) -> Match | None:
        """The route for `method` on `path`; a Match without a route (405) or None (404) otherwise."""
        parts = path.split("/")
        refused: Match | None = None
        for pattern in self._by_length.get(len(parts), ()):
            params = pattern.match(parts)
            if params is None:
                continue
            route = pattern.methods.get(method)
            if route is not None:
                return Match(route, params)
            refused = refused or Match(None, params, tuple(pattern.methods))
        return refused
