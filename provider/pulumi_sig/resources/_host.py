"""Gaps of the Python dynamic-provider host (`python -m pulumi.dynamic`), closed in its process.

1. Property-level diffs: DiffResult carries only `changes` and `replaces`, so `preview --json`
   would list no diffReasons and `preview --diff` could not tell an in-place field from a
   replacing one. We add `diffs` and `detailedDiff` to the host's DiffResponse.
2. Import: the engine's import Read carries no serialized provider, and the host looks one up in
   the properties (KeyError). A `reader_for_id` hook picks the provider from the ARM id and the
   type the engine's URN names (the servicer's Read records it for its thread) instead.
3. Errors: the host reports any provider exception as a Python traceback; an exception the
   `is_refusal` hook accepts is reported as its one-line message.
4. Concurrency: the host serves gRPC from a 4-worker thread pool, so at most four calls run at
   once whatever the engine's --parallel. `widen_server_pool` wraps grpc.server, before the host
   builds its server, to hand it a larger pool (checked: any other call shape passes through).

This module imports nothing of pulumi-sig: the hooks are handed to `install()`. Every SDK
internal it relies on is checked first; on an SDK outside SUPPORTED_SDK, or one whose internals
differ, it warns once and leaves the host unchanged rather than breaking it.
"""
from __future__ import annotations

import sys
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

from pulumi.dynamic import DiffResult

PROVIDER_KEY = "__provider"
SUPPORTED_SDK = ((3, 272), (3, 272))  # the pulumi SDK minor versions CI tests (pyproject pins the same)
_LAST = threading.local()
_INSTALL_LOCK = threading.Lock()
_STATE: dict[str, Any] = {"installed": False, "warned": False, "pool_warned": False}
# What grpc.server accepts besides its thread pool (grpcio 1.x); anything else is a shape we don't know.
_SERVER_KEYWORDS = frozenset({"handlers", "interceptors", "options", "maximum_concurrent_rpcs",
                              "compression", "xds"})


class DetailedDiffResult(DiffResult):
    """A DiffResult that also says, per changed input, add/update/delete and whether it replaces."""

    def __init__(self, *, changed: dict[str, str], replaces: list[str], delete_before_replace: bool) -> None:
        super().__init__(changes=bool(changed), replaces=replaces, delete_before_replace=delete_before_replace)
        self.changed = changed  # input name -> "add" | "update" | "delete"
        _LAST.result = self


@dataclass(frozen=True)
class Hooks:
    """What the host needs from the resources: a provider for an ARM id, and which errors are refusals."""

    # (arm id, config, the resource's type token from its URN or None) -> a configured provider
    reader_for_id: Callable[[str, dict[str, Any], str | None], Any]
    is_refusal: Callable[[BaseException], bool]


def sdk_version() -> tuple[int, int]:
    from importlib.metadata import version

    major, minor = version("pulumi").split(".")[:2]
    return int(major), int(minor)


def unsupported_reason(host: Any) -> str | None:
    """Why the host can't be adapted (None when it can): SDK version or a missing internal."""
    low, high = SUPPORTED_SDK
    found = sdk_version()
    if not low <= found <= high:
        return (f"pulumi SDK {found[0]}.{found[1]} is outside the range pulumi-sig supports "
                f"({low[0]}.{low[1]}..{high[0]}.{high[1]})")
    from pulumi.runtime import proto

    needed = {"get_provider": host, "traceback": host, "DynamicResourceProviderServicer": host,
              "DiffResponse": proto}
    missing = [name for name, owner in needed.items() if getattr(owner, name, None) is None]
    if missing:
        return f"the pulumi SDK's dynamic host lacks {', '.join(missing)}"
    return None


def install(hooks: Hooks, host: Any | None = None) -> bool:
    """Once, in the dynamic provider process: all three patches. False when nothing was patched."""
    host = host if host is not None else sys.modules.get("__main__")
    with _INSTALL_LOCK:
        if _STATE["installed"]:
            return True
        if getattr(host, "DynamicResourceProviderServicer", None) is None:
            return False  # not the dynamic host (a program, a test): nothing to adapt
        reason = unsupported_reason(host)
        if reason is not None:
            _warn_once(f"pulumi-sig: {reason}; property-level diffs, import and one-line errors are "
                       "unavailable (install the pulumi version pulumi-sig pins)")
            return False
        _install_detailed_diff()
        _install_import_lookup(host, hooks.reader_for_id)
        _install_short_errors(host, hooks.is_refusal)
        _STATE["installed"] = True
        return True


def _warn_once(message: str, key: str = "warned") -> None:
    if not _STATE[key]:
        _STATE[key] = True
        print(message, file=sys.stderr, flush=True)


def widen_server_pool(grpc_module: Any, workers: int) -> bool:
    """Wrap `grpc_module.server` so the thread pool the host hands it is replaced by one of `workers`.

    The host looks up grpc.server when it builds its server, after this runs. A call of another
    shape than the host's (one positional, unstarted ThreadPoolExecutor) passes through unchanged,
    with one warning. False when there is nothing to wrap."""
    original = getattr(grpc_module, "server", None)
    if not callable(original):
        _warn_once("pulumi-sig: grpc has no server() to adapt; the dynamic host serves 4 calls at once",
                   "pool_warned")
        return False
    if getattr(original, "_pulumi_sig", False):
        return True

    def server(*args: Any, **kwargs: Any) -> Any:
        problem = _pool_call_problem(args, kwargs)
        if problem is not None:
            _warn_once(f"pulumi-sig: {problem}; the dynamic host keeps its own thread pool", "pool_warned")
            return original(*args, **kwargs)
        pool: ThreadPoolExecutor = args[0]
        if pool._max_workers >= workers:
            return original(*args, **kwargs)
        pool.shutdown(wait=False)  # never started: no thread to stop
        return original(ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pulumi-sig-host"), **kwargs)

    server._pulumi_sig = True  # type: ignore[attr-defined]
    server.__wrapped__ = original  # type: ignore[attr-defined]
    grpc_module.server = server
    return True


def _pool_call_problem(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    """Why a grpc.server call is not the host's known shape (None when it is)."""
    if len(args) != 1 or "thread_pool" in kwargs:
        return "grpc.server was not called with one positional thread pool"
    pool = args[0]
    if type(pool) is not ThreadPoolExecutor or not isinstance(getattr(pool, "_max_workers", None), int):
        return f"grpc.server was handed a {type(pool).__name__}, not a ThreadPoolExecutor"
    if getattr(pool, "_threads", None):
        return "grpc.server was handed a thread pool that already runs"
    unknown = set(kwargs) - _SERVER_KEYWORDS
    if unknown:
        return f"grpc.server was called with unknown arguments ({', '.join(sorted(unknown))})"
    return None


class _ShortTracebacks:
    """traceback.format_exc() for the host, one line for a refusal. Everything else is unchanged."""

    def __init__(self, is_refusal: Callable[[BaseException], bool]) -> None:
        self._is_refusal = is_refusal

    def format_exc(self, *args: Any, **kwargs: Any) -> str:
        error = sys.exc_info()[1]
        if error is not None and self._is_refusal(error):
            return str(error)
        return traceback.format_exc(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(traceback, name)


def _install_short_errors(host: Any, is_refusal: Callable[[BaseException], bool]) -> None:
    if getattr(host, "traceback", None) is traceback:
        host.traceback = _ShortTracebacks(is_refusal)


def type_of_urn(urn: str) -> str | None:
    """The resource's own type token in 'urn:pulumi:stack::project::[parent$]type::name', or None."""
    parts = urn.split("::", 3)
    if len(parts) != 4:
        return None
    return parts[2].split("$")[-1] or None


def _install_import_lookup(host: Any, reader_for_id: Callable[[str, dict[str, Any], str | None], Any]) -> None:
    """The host's Read calls the module-level get_provider(props, config): fall back to the id and type.

    The servicer class's Read is wrapped (before gRPC binds it at registration) to record the
    request's URN for this thread, so the fallback also knows which type is being imported."""
    original = host.get_provider
    servicer = host.DynamicResourceProviderServicer
    original_read = servicer.Read

    def get_provider(props: dict[str, Any], config: dict[str, Any]) -> Any:
        if PROVIDER_KEY in props:
            return original(props, config)
        return _ImportReader(reader_for_id, config, type_of_urn(getattr(_LAST, "urn", "") or ""))

    def read(self: Any, request: Any, context: Any) -> Any:
        _LAST.urn = getattr(request, "urn", "")
        try:
            return original_read(self, request, context)
        finally:
            _LAST.urn = ""

    host.get_provider = get_provider
    servicer.Read = read


class _ImportReader:
    """Reads a resource being imported with the provider its ARM id and type call for."""

    def __init__(self, reader_for_id: Callable[[str, dict[str, Any], str | None], Any], config: dict[str, Any],
                 type_token: str | None) -> None:
        self._reader_for_id, self._config, self._type = reader_for_id, config, type_token

    def read(self, id_: str, props: dict[str, Any]) -> Any:
        from pulumi.dynamic.dynamic import serialize_provider

        provider = self._reader_for_id(id_, self._config, self._type)
        props[PROVIDER_KEY] = serialize_provider(provider)  # the host copies it into the outputs
        return provider.read(id_, props)


def _kind(change: str, replaces: bool) -> int:
    from pulumi.runtime.proto import provider_pb2

    kinds = {"add": provider_pb2.PropertyDiff.ADD, "update": provider_pb2.PropertyDiff.UPDATE,
             "delete": provider_pb2.PropertyDiff.DELETE}
    return kinds[change] + 1 if replaces else kinds[change]  # each *_REPLACE kind follows its kind


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
