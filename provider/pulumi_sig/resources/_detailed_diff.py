"""Property-level diffs for the engine: which input changed, and whether it updates or replaces.

pulumi.dynamic's DiffResult carries only `changes` and `replaces`, so `preview --json` would
list no diffReasons and `preview --diff` could not tell an in-place field from a replacing one.
The dynamic provider host's Diff answers with whatever the provider returned; we add `diffs` and
`detailedDiff` to that answer. The patch is installed in the provider process only (where the
host's servicer class lives in __main__), once, and falls back silently if the host changes.
"""
from __future__ import annotations

import sys
import threading
from typing import Any

from pulumi.dynamic import DiffResult

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
    """Once, in the dynamic provider process: make the host's DiffResponse carry our details.

    The host builds its answer as `proto.DiffResponse(**fields)` (pulumi.runtime.proto) after
    calling our diff in the same thread, so a factory there can add what our diff left in _LAST.
    gRPC binds the servicer's methods when it registers them, so the method itself can't be wrapped.
    """
    global _INSTALLED
    host = sys.modules.get("__main__")
    if _INSTALLED or getattr(host, "DynamicResourceProviderServicer", None) is None:
        return
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
    proto.DiffResponse = factory
    _INSTALLED = True
