"""One backend client per provider process and settings; never part of any pickled object."""
from __future__ import annotations

import sys
import threading
from typing import Any

from pulumi_sig.resources._settings import Settings

_CLIENTS: dict[Settings, Any] = {}
_LOCK = threading.Lock()


def client_for(settings: Settings) -> Any:
    """The ArmClient for these settings, built on first use."""
    from pulumi_sig.client import ArmClient, ClientConfig

    with _LOCK:
        if settings not in _CLIENTS:
            config = ClientConfig(endpoint=settings.endpoint, cloud=settings.cloud,  # type: ignore[arg-type]
                                  subscription_id=settings.subscription_id, token=settings.token,
                                  data_dir=settings.data_dir, verify=settings.ca_bundle or True,
                                  connection_pool_size=settings.max_concurrency)
            client = ArmClient(config)
            if client.embedded_data_dir:
                print(f"pulumi-sig: embedded emulator at {client.base_url}, state in {client.embedded_data_dir} "
                      f"(keeps running after this run; `sig-emulator status` / `sig-emulator stop`)",
                      file=sys.stderr, flush=True)
            _CLIENTS[settings] = client
        return _CLIENTS[settings]
