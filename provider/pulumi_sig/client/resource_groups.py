"""Resource groups (Microsoft.Resources/resourceGroups, api-version 2021-04-01)."""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.resource_group import ResourceGroup

from pulumi_sig.client.errors import ResourceNotFoundError
from pulumi_sig.client.lro import LroPoller
from pulumi_sig.client.operations import ResourceOperations, complete, wire_body
from pulumi_sig.client.transport import RESOURCES_API_VERSION


class ResourceGroupOperations(ResourceOperations):
    """Create, read, update, delete and list resource groups."""

    api_version = RESOURCES_API_VERSION

    def _path(self, resource_group: str) -> str:
        # ARM's spec spells this path "resourcegroups"; ARM matches it case-insensitively, and
        # "resourceGroups" is the casing of the ids it returns.
        return self.ctx.group_path(resource_group)

    def begin_create_or_update(self, resource_group: str, group: ResourceGroup | dict[str, Any]
                               ) -> LroPoller[ResourceGroup]:
        """PUT the group; returns a poller (groups are usually created synchronously)."""
        return self._begin("PUT", self._path(resource_group), ResourceGroup, body=wire_body(group))

    def create_or_update(self, resource_group: str, group: ResourceGroup | dict[str, Any], *,
                         deadline: float | None = None) -> ResourceGroup:
        """Create or replace the group and return it."""
        return complete(self.begin_create_or_update(resource_group, group), wait=True, deadline=deadline)

    def update(self, resource_group: str, patch: ResourceGroup | dict[str, Any], *,
               deadline: float | None = None) -> ResourceGroup:
        """PATCH the group (tags) and return it."""
        poller = self._begin("PATCH", self._path(resource_group), ResourceGroup, body=wire_body(patch))
        return complete(poller, wait=True, deadline=deadline)

    def get(self, resource_group: str) -> ResourceGroup:
        """The group, or ResourceNotFoundError."""
        return self._get(self._path(resource_group), ResourceGroup)

    def exists(self, resource_group: str) -> bool:
        """Whether the group exists."""
        try:
            self.get(resource_group)
        except ResourceNotFoundError:
            return False
        return True

    def begin_delete(self, resource_group: str) -> LroPoller[None]:
        """Start deleting the group and everything in it."""
        return self._begin_delete(self._path(resource_group))

    def delete(self, resource_group: str, *, deadline: float | None = None) -> None:
        """Delete the group and wait; a group that does not exist is fine."""
        self._delete(self._path(resource_group), deadline=deadline)

    def list(self, *, top: int | None = None) -> list[ResourceGroup]:
        """All groups of the subscription, across pages."""
        params = {"$top": top} if top else None
        return self._list(f"{self.ctx.subscription_path}/resourceGroups", ResourceGroup, params=params)
