"""Two gaps of the Python dynamic-provider host (python -m pulumi.dynamic), closed in its process.

1. Property-level diffs: DiffResult carries only `changes` and `replaces`, so `preview --json`
   would list no diffReasons and `preview --diff` could not tell an in-place field from a
   replacing one. We add `diffs` and `detailedDiff` to the host's DiffResponse.
2. Import: the engine's import Read carries no serialized provider, and the host looks one up in
   the properties (KeyError). We pick our provider from the ARM id being imported instead.
3. Errors: the host reports any provider exception as a Python traceback; a backend refusal is
   reported as ARM's one-line code, message and target.

Installed once, only where the host's servicer lives in __main__; elsewhere nothing happens.
"""
from __future__ import annotations

import sys
import threading
import traceback
from typing import Any

from pulumi.dynamic import DiffResult
from pulumi.dynamic.dynamic import PROVIDER_KEY

_LAST = threading.local()
_INSTALLED = False


class DetailedDiffResult(DiffResult):
    """A DiffResult that also says, per changed input, add/update/delete and whether it replaces."""

    def __init__(self, *, changed: dict[str, str], replaces: list[str], delete_before_replace: bool) -> None:
        super().__init__(changes=bool(changed), replaces=replaces, delete_before_replace=delete_before_replace)
        self.changed = changed  # input name -> "add" | "update" | "delete"
        _LAST.result = self


def _kind(change: str, replaces: bool) -> int:
    from pulumi.runtime.proto import provider_pb2

    kinds = {"add": provider_pb2.PropertyDiff.ADD, "update": provider_pb2.PropertyDiff.UPDATE,
             "delete": provider_pb2.PropertyDiff.DELETE}
    return kinds[change] + 1 if replaces else kinds[change]  # each *_REPLACE kind follows its kind


def install() -> None:
    """Once, in the dynamic provider process: all three patches."""
    global _INSTALLED
    host = sys.modules.get("__main__")
    if _INSTALLED or getattr(host, "DynamicResourceProviderServicer", None) is None:
        return
    _install_detailed_diff()
    _install_import_lookup(host)
    _install_short_errors(host)
    _INSTALLED = True


class _ShortTracebacks:
    """The host reports every provider exception as traceback.format_exc(); a backend refusal
    (SigProviderError) is told as its one-line ARM message instead. Everything else is unchanged."""

    def format_exc(self, *args: Any, **kwargs: Any) -> str:
        from pulumi_sig.resources._base import SigProviderError

        error = sys.exc_info()[1]
        if isinstance(error, SigProviderError):
            return str(error)
        return traceback.format_exc(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(traceback, name)


def _install_short_errors(host: Any) -> None:
    if getattr(host, "traceback", None) is traceback:
        host.traceback = _ShortTracebacks()


def _install_import_lookup(host: Any) -> None:
    """The host's Read calls the module-level get_provider(props, config): fall back to the id."""
    original = host.get_provider

    def get_provider(props: dict[str, Any], config: dict[str, Any]) -> Any:
        if PROVIDER_KEY in props:
            return original(props, config)
        return _ImportReader(props, config)

    host.get_provider = get_provider


class _ImportReader:
    """Reads a resource being imported with the provider its ARM id calls for."""

    def __init__(self, props: dict[str, Any], config: dict[str, Any]) -> None:
        self.props, self.config = props, config

    def read(self, id_: str, props: dict[str, Any]) -> Any:
        from pulumi.dynamic import ConfigureRequest
        from pulumi.dynamic.config import Config
        from pulumi.dynamic.dynamic import serialize_provider
        from pulumi.metadata import get_project

        provider = provider_for_id(id_)
        provider.configure(ConfigureRequest(Config(raw_config=self.config, project_name=get_project())))
        props[PROVIDER_KEY] = serialize_provider(provider)  # the host copies it into the outputs
        return provider.read(id_, props)


def provider_for_id(arm_id: str) -> Any:
    """The provider of the resource type an ARM id names."""
    from pulumi_sig.resources._ids import parse_arm_id
    from pulumi_sig.resources.gallery import GalleryProvider
    from pulumi_sig.resources.image_definition import ImageDefinitionProvider
    from pulumi_sig.resources.image_source import ImageSourceProvider
    from pulumi_sig.resources.image_version import ImageVersionProvider
    from pulumi_sig.resources.resource_group import ResourceGroupProvider

    parts = parse_arm_id(arm_id)
    if "versions" in parts:
        return ImageVersionProvider()
    if "galleries" in parts:
        return ImageDefinitionProvider() if "images" in parts else GalleryProvider()
    if any(kind in parts for kind in ("images", "snapshots", "disks", "virtualmachines")):
        return ImageSourceProvider()
    if "resourcegroups" in parts:
        return ResourceGroupProvider()
    raise ValueError(f"'{arm_id}' is not the id of a resource pulumi-sig manages")


def _install_detailed_diff() -> None:
    """Make the host's DiffResponse carry our details.

    The host builds its answer as `proto.DiffResponse(**fields)` (pulumi.runtime.proto) after
    calling our diff in the same thread, so a factory there can add what our diff left in _LAST.
    gRPC binds the servicer's methods when it registers them, so the method itself can't be wrapped.
    """
    from pulumi.runtime import proto

    response_class = proto.DiffResponse

    def diff_response(**fields: Any) -> Any:
        response = response_class(**fields)
        result = getattr(_LAST, "result", None)
        _LAST.result = None
        if isinstance(result, DetailedDiffResult) and result.changed:
            response.diffs.extend(result.changed)
            for name, change in result.changed.items():
                response.detailedDiff[name].kind = _kind(change, name in (result.replaces or []))
            response.hasDetailedDiff = True
        return response

    # The host also reads the enum constants (DIFF_NONE, DIFF_SOME, ...) off the same name.
    factory = type("DiffResponseWithDetails", (), {
        **{name: getattr(response_class, name) for name in ("DIFF_NONE", "DIFF_SOME", "DIFF_UNKNOWN")},
        "__call__": staticmethod(diff_response)})()
    proto.DiffResponse = factory  # type: ignore[misc]
