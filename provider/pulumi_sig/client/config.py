"""Client configuration: plain data only, read from arguments or SIG_* environment variables."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

CloudName = Literal["public", "china", "emulator"]

DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000"

# Management endpoint and the token scope ARM expects, per cloud. The scope stays fixed per cloud
# even when the endpoint is overridden (tests point "public" at a local HTTPS server).
CLOUD_ENDPOINTS: dict[str, str] = {
    "public": "https://management.azure.com",
    "china": "https://management.chinacloudapi.cn",
}
CLOUD_SCOPES: dict[str, str] = {
    "public": "https://management.azure.com/.default",
    "china": "https://management.chinacloudapi.cn/.default",
}

ENVIRONMENT_VARIABLES: dict[str, str] = {
    "SIG_ENDPOINT": "base URL of an emulator (http or https); overrides the cloud's endpoint",
    "SIG_CLOUD": "public | china | emulator (default emulator)",
    "SIG_SUBSCRIPTION_ID": f"subscription id (default {DEFAULT_SUBSCRIPTION_ID})",
    "SIG_TOKEN": "static bearer token for an emulator (never logged)",
    "SIG_DATA_DIR": "state directory of the embedded emulator",
    "SIG_CA_BUNDLE": "CA bundle path used to verify TLS",
}


@dataclass(frozen=True)
class ClientConfig:
    """Where the ARM API is, how to authenticate, and how long to wait and retry."""

    endpoint: str | None = None
    cloud: CloudName = "emulator"
    subscription_id: str = DEFAULT_SUBSCRIPTION_ID
    token: str | None = field(default=None, repr=False)
    use_azure_identity: bool | None = None  # None: only for the public and china clouds
    request_timeout: float = 60.0
    operation_deadline: float = 3600.0
    max_retries: int = 5
    retry_total_seconds: float = 120.0
    retry_backoff_factor: float = 0.5
    poll_interval: float = 2.0  # when an operation answers without Retry-After
    poll_min_delay: float = 0.05  # floor on Retry-After, so "Retry-After: 0" is not a busy loop
    poll_max_delay: float = 30.0  # cap on Retry-After
    data_dir: str | None = None
    verify: str | bool = True
    connection_pool_size: int = 10  # connections kept alive per host: as many as threads sending at once

    def __post_init__(self) -> None:
        if self.cloud not in ("public", "china", "emulator"):
            raise ValueError(f"cloud must be public, china or emulator, not {self.cloud!r}")

    @classmethod
    def from_env(cls, **overrides: object) -> "ClientConfig":
        """A config from SIG_* environment variables; keyword arguments win over them."""
        values: dict[str, object] = {
            "endpoint": os.environ.get("SIG_ENDPOINT") or None,
            "cloud": os.environ.get("SIG_CLOUD") or "emulator",
            "subscription_id": os.environ.get("SIG_SUBSCRIPTION_ID") or DEFAULT_SUBSCRIPTION_ID,
            "token": os.environ.get("SIG_TOKEN") or None,
            "data_dir": os.environ.get("SIG_DATA_DIR") or None,
            "verify": os.environ.get("SIG_CA_BUNDLE") or True,
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def is_azure(self) -> bool:
        """Whether this talks to a real Azure cloud (public or China)."""
        return self.cloud in CLOUD_ENDPOINTS

    @property
    def wants_azure_identity(self) -> bool:
        """Whether tokens come from azure-identity rather than a static token."""
        if self.use_azure_identity is not None:
            return self.use_azure_identity
        return self.is_azure and self.token is None

    @property
    def scope(self) -> str | None:
        """The OAuth scope of this cloud's management plane, or None for the emulator."""
        return CLOUD_SCOPES.get(self.cloud)

    def resolved_endpoint(self) -> str | None:
        """The base URL without a trailing slash; None means "use the embedded emulator"."""
        endpoint = self.endpoint or CLOUD_ENDPOINTS.get(self.cloud)
        return endpoint.rstrip("/") if endpoint else None
