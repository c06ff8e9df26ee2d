"""Loaded at start-up of Pulumi's dynamic-provider host only (pulumi_sig_dynamic_host.pth).

The host registers its servicer with gRPC just before serving; wrapping that registration lets
pulumi-sig adapt the host before its first call, when nothing of pulumi-sig is loaded yet (an
import's Read carries no serialized provider that would load it). Any failure here leaves the
host as it is: it must never stop other dynamic providers from working.
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


try:
    _wrap_registration()
except Exception:  # noqa: BLE001 - e.g. pulumi not installed in this interpreter
    pass
