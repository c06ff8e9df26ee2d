"""Argument classes to resource property dicts (snake_case keys, outputs declared as None)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, is_dataclass
from typing import Any


@dataclass
class ResourceArgs:
    """Base of the documented argument classes."""


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def resource_props(args: ResourceArgs, outputs: tuple[str, ...], *,
                   default_names: dict[str, str]) -> dict[str, Any]:
    """The property dict of a dynamic resource: inputs, defaults for ARM names, output slots."""
    props = {f.name: _plain(getattr(args, f.name)) for f in fields(args)}
    for key, default in default_names.items():
        if props.get(key) is None:
            props[key] = default
    for name in outputs:
        props.setdefault(name, None)
    return props


__all__ = ["ResourceArgs", "resource_props", "asdict"]
