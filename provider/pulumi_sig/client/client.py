"""ArmClient: the transport, auth and operation groups for one subscription and endpoint."""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from pulumi_sig.models.ids import gallery_resource_id, source_id
from pulumi_sig.models.image_version import GalleryImageVersion

from pulumi_sig.client.auth import TokenCredential, build_auth
from pulumi_sig.client.config import ClientConfig
from pulumi_sig.client.embedded import ensure_embedded
from pulumi_sig.client.galleries import GalleryOperations
from pulumi_sig.client.image_definitions import ImageDefinitionOperations
from pulumi_sig.client.image_sources import ImageSourceOperations, SourceKind, source_type
from pulumi_sig.client.image_versions import ImageVersionOperations
from pulumi_sig.client.latest import latest_version
from pulumi_sig.client.lro import PollingSettings
from pulumi_sig.client.operations import ArmContext
from pulumi_sig.client.resource_groups import ResourceGroupOperations
from pulumi_sig.client.role_assignments import RoleAssignmentOperations
from pulumi_sig.client.shared_galleries import SharedGalleryOperations
from pulumi_sig.client.transport import Transport, build_retry

log = logging.getLogger("pulumi_sig.client")


class ArmClient:
    """Typed access to resource groups, galleries, image definitions, versions and image sources."""

    def __init__(self, config: ClientConfig | None = None, *, credential: TokenCredential | None = None) -> None:
        self.config = config or ClientConfig.from_env()
        self.embedded_data_dir: Path | None = None
        self._embedded_token: str | None = None
        self.base_url = self._base_url()
        # The embedded emulator checks its own per-user token; any other endpoint gets the configured one.
        token = self._embedded_token if self.embedded_data_dir is not None else self.config.token
        auth = build_auth(token=token, scope=self.config.scope, credential=credential,
                          use_azure_identity=self.config.wants_azure_identity)
        retry = build_retry(max_retries=self.config.max_retries, total_seconds=self.config.retry_total_seconds,
                            backoff_factor=self.config.retry_backoff_factor)
        self.transport = Transport(self.base_url, auth=auth, retry=retry, timeout=self.config.request_timeout,
                                   verify=self.config.verify, pool_size=self.config.connection_pool_size,
                                   reconnect=self._restart_embedded if self.embedded_data_dir else None)
        polling = PollingSettings(interval=self.config.poll_interval, min_delay=self.config.poll_min_delay,
                                  max_delay=self.config.poll_max_delay)
        context = ArmContext(self.transport, self.config.subscription_id, polling, self.config.operation_deadline)
        self.resource_groups = ResourceGroupOperations(context)
        self.galleries = GalleryOperations(context)
        self.image_definitions = ImageDefinitionOperations(context)
        self.image_versions = ImageVersionOperations(context)
        self.image_sources = ImageSourceOperations(context)
        self.role_assignments = RoleAssignmentOperations(context)
        self.shared_galleries = SharedGalleryOperations(context)

    def _base_url(self) -> str:
        endpoint = self.config.resolved_endpoint()
        if endpoint is not None:
            return endpoint
        # No endpoint and the emulator cloud: use (or start) the embedded emulator.
        server = ensure_embedded(self.config.data_dir)
        self.embedded_data_dir, self._embedded_token = server.data_dir, server.token
        return server.url

    def _restart_embedded(self) -> str:
        """The embedded emulator's URL after it stopped answering: found again, or restarted (same port if free)."""
        server = ensure_embedded(self.embedded_data_dir)
        self.base_url = server.url
        return server.url

    def latest_version(self, resource_group: str, gallery_name: str, image_name: str, *,
                       skip_end_of_life: bool = False, now: datetime | None = None) -> GalleryImageVersion | None:
        """The latest version of a definition (numeric order, excludeFromLatest skipped), or None."""
        return latest_version(self.image_versions, resource_group, gallery_name, image_name,
                              skip_end_of_life=skip_end_of_life, now=now)

    def resource_id(self, resource_group: str, gallery_name: str | None = None, image_name: str | None = None,
                    version_name: str | None = None) -> str:
        """The ARM id of a group, gallery, image definition or version (the deepest one named)."""
        return gallery_resource_id(self.config.subscription_id, resource_group, gallery_name, image_name,
                                   version_name)

    def image_source_id(self, kind: SourceKind, resource_group: str, name: str) -> str:
        """The ARM id of a managed image, snapshot, disk or VM."""
        return source_id(self.config.subscription_id, resource_group, source_type(kind).value, name)

    def health(self) -> dict[str, Any]:
        """The emulator's health answer (GET /_emulator/health); emulator only."""
        return dict(self.transport.request("GET", "/_emulator/health", api_version=None).json())

    def close(self) -> None:
        """Close pooled connections."""
        self.transport.close()

    def __enter__(self) -> "ArmClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ArmClient(cloud={self.config.cloud!r}, base_url={self.base_url!r})"
