"""Loaded at start-up of Pulumi's dynamic-provider host only (pulumi_sig_dynamic_host.pth).

The host registers its servicer with gRPC just before serving; wrapping that registration lets
pulumi-sig adapt the host before its first call, when nothing of pulumi-sig is loaded yet (an
import's Read carries no serialized provider that would load it). The host builds its gRPC server
with a 4-worker pool just before that; grpc.server is wrapped here so the pool serves
SIG_MAX_CONCURRENCY calls at once. Any failure here leaves the host as it is: it must never stop
other dynamic providers from working.
"""
from __future__ import annotations

import sys
from typing import Any


def _wrap_registration() -> None:
    from pulumi.runtime.proto import provider_pb2_grpc

    original = provider_pb2_grpc.add_ResourceProviderServicer_to_server
    if getattr(original, "_pulumi_sig", False):
        return

    def add_servicer(servicer: Any, server: Any) -> Any:
        try:
            from pulumi_sig.resources._registry import install_host_patches

            install_host_patches()
        except Exception as error:  # noqa: BLE001 - the host must start whatever happens here
            print(f"pulumi-sig: could not adapt the dynamic provider host: {error}", file=sys.stderr)
        return original(servicer, server)

    add_servicer._pulumi_sig = True  # type: ignore[attr-defined]
    provider_pb2_grpc.add_ResourceProviderServicer_to_server = add_servicer


def _widen_server_pool() -> None:
    import grpc

    from pulumi_sig.resources._host import widen_server_pool
    from pulumi_sig.resources._settings import DEFAULT_MAX_CONCURRENCY, SettingsError, host_concurrency

    try:
        workers = host_concurrency()
    except SettingsError as error:
        workers = DEFAULT_MAX_CONCURRENCY
        print(f"pulumi-sig: SIG_MAX_CONCURRENCY: {str(error).split(': ', 1)[1]}; serving {workers} calls at once",
              file=sys.stderr, flush=True)
    widen_server_pool(grpc, workers)


for _adapt in (_wrap_registration, _widen_server_pool):
    try:
        _adapt()
    except Exception:  # noqa: BLE001 - e.g. pulumi not installed in this interpreter
        pass
