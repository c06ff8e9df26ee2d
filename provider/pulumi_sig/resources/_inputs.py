"""Argument classes to resource property dicts (snake_case keys, outputs declared as None)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, is_dataclass
from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import Resource, ResourceProvider
from pulumi.dynamic.dynamic import PROVIDER_KEY, serialize_provider
from pulumi.runtime._serialization import _serialize

from pulumi_sig.resources._registry import LEGACY_TYPE, TYPE_PACKAGE


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


class SigResource(Resource):
    """Base of the pulumi-sig resources: an Args dataclass (or its fields as keyword arguments),
    the ARM name defaulting to the Pulumi resource name, and the provider class."""

    # (prefixed: pulumi.Resource keeps its own `_provider` attribute)
    _sig_provider: ClassVar[type[ResourceProvider]]
    _sig_args: ClassVar[type[ResourceArgs]]
    _sig_name_input: ClassVar[str]  # the input that holds the ARM name

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Each class its own type token (pulumi-python:dynamic/sig:Gallery, ...), so previews,
        # URNs and the state say what a resource is; the SDK default is one type for all.
        super().__init_subclass__(module=TYPE_PACKAGE.split("/", 1)[1], name=cls.__name__, **kwargs)

    def __init__(self, resource_name: str, args: ResourceArgs | None = None,
                 opts: pulumi.ResourceOptions | None = None, **kwargs: Any) -> None:
        props = resource_props(args or self._sig_args(**kwargs), getattr(self._sig_provider, "outputs", ()),
                               default_names={self._sig_name_input: resource_name})
        # Stacks made before each class had its own type keep their resources: the old type is an alias.
        opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(aliases=[pulumi.Alias(type_=LEGACY_TYPE)]))
        # What pulumi.dynamic.Resource.__init__ does, with the provider serialized once per class
        # (serialized_provider) instead of dill-pickled again for every resource. Skipping that frame
        # also makes the SDK's source position (it takes the caller of the third __init__ on the
        # stack) the user's line instead of this one.
        serialized, captured_secret = serialized_provider(self._sig_provider)
        secret = captured_secret or getattr(self._sig_provider, "serialize_as_secret_always", True)
        props[PROVIDER_KEY] = pulumi.Output.secret(serialized) if secret else serialized
        pulumi.CustomResource.__init__(self, f"pulumi-python:{self._resource_type_name}", resource_name, props, opts)


_SERIALIZED: dict[type[ResourceProvider], tuple[str, bool]] = {}


def serialized_provider(provider_class: type[ResourceProvider]) -> tuple[str, bool]:
    """The SDK's serialized form of a provider of this class, and whether a secret was captured.
    The same for every instance: the providers pickle to a class reference and {} (ArmProvider)."""
    found = _SERIALIZED.get(provider_class)
    if found is None:
        found = _SERIALIZED.setdefault(provider_class, _serialize(True, serialize_provider, provider_class()))
    return found


__all__ = ["ResourceArgs", "SigResource", "resource_props", "asdict"]
