"""Input fields of the resources and their ARM wire paths: one table per resource."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timezone
from typing import Any, Callable

from pulumi.dynamic.dynamic import PROVIDER_KEY
from pulumi.output import Unknown

from pulumi_sig.models.base import (ARCHITECTURES, HYPER_V_GENERATIONS, OS_STATES, OS_TYPES,
                                    STORAGE_ACCOUNT_TYPES)
from pulumi_sig.models.regions import is_known_region, normalize_region
from pulumi_sig.models.rules import parse_datetime

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # the engine's marker for a value not known in preview


def identity(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Field:
    """One input: its snake_case name, its ARM wire path, and how it behaves."""

    name: str
    wire: str | None  # None: provider-only, never sent to ARM and never a diff
    names_resource: bool = False  # part of the ARM id: a change replaces, and the replacement collides
    to_wire: Callable[[Any], Any] = identity
    from_wire: Callable[[Any], Any] = identity


def is_unknown(value: Any) -> bool:
    """Whether a value (or anything inside it) is unknown during preview."""
    if isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN):
        return True
    if isinstance(value, dict):
        return any(is_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(is_unknown(v) for v in value)
    return False


def set_path(body: dict[str, Any], path: str, value: Any) -> None:
    """Set body[a][b][c] for path "a.b.c", creating dicts on the way."""
    *parents, leaf = path.split(".")
    for key in parents:
        body = body.setdefault(key, {})
    body[leaf] = value


def get_path(body: Any, path: str) -> Any:
    """body[a][b][c] for path "a.b.c", or None."""
    for key in path.split("."):
        if not isinstance(body, dict):
            return None
        body = body.get(key)
    return body


def integral(value: Any) -> Any:
    """Whole floats as ints, recursively: Pulumi's wire carries every number as a double."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: integral(v) for k, v in value.items()}
    if isinstance(value, list):
        return [integral(v) for v in value]
    return value


def to_wire(fields: tuple[Field, ...], inputs: dict[str, Any]) -> dict[str, Any]:
    """The ARM body for known, non-null inputs."""
    body: dict[str, Any] = {}
    for field in fields:
        value = integral(inputs.get(field.name))
        if field.wire and value is not None and not is_unknown(value):
            set_path(body, field.wire, field.to_wire(value))
    return body


def from_wire(fields: tuple[Field, ...], body: dict[str, Any]) -> dict[str, Any]:
    """Inputs as an ARM body states them (fields with no wire path are left out)."""
    values = {}
    for field in fields:
        if field.wire and not field.names_resource:
            raw = get_path(body, field.wire)
            values[field.name] = None if raw is None else field.from_wire(raw)
    return values


def field_for_target(fields: tuple[Field, ...], target: str) -> str:
    """The input that a wire path (e.g. "properties.identifier.publisher") belongs to."""
    best = None
    for field in fields:
        if field.wire and (target == field.wire or target.startswith(field.wire + ".")
                           or target.startswith(field.wire + "[")):
            if best is None or len(field.wire) > len(best.wire or ""):
                best = field
    return best.name if best else target


def strip_provider(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k != PROVIDER_KEY}


def region(value: Any) -> Any:
    """A region in canonical short form when known (so both name forms are one value)."""
    return normalize_region(value) if isinstance(value, str) and is_known_region(value) else value


def utc_date(value: Any) -> Any:
    """An ISO date-time in one canonical UTC form (so equal instants never show as a diff)."""
    if value is None or is_unknown(value):
        return value
    try:
        return parse_datetime(value).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return value


def canonical(*options: str) -> Callable[[Any], Any]:
    """A normaliser to the canonical casing of an enum value ("linux" -> "Linux")."""
    by_lower = {option.lower(): option for option in options}

    def normalise(value: Any) -> Any:
        return by_lower.get(value.lower(), value) if isinstance(value, str) else value

    return normalise


OS_TYPE = canonical(*OS_TYPES)
OS_STATE = canonical(*OS_STATES)
HYPER_V_GENERATION = canonical(*HYPER_V_GENERATIONS)
ARCHITECTURE = canonical(*ARCHITECTURES)
STORAGE_ACCOUNT_TYPE = canonical(*STORAGE_ACCOUNT_TYPES)
