"""Compute galleries (Microsoft.Compute/galleries)."""
from __future__ import annotations

import builtins
from typing import Any

from pulumi_sig.models.gallery import Gallery

from pulumi_sig.client.lro import LroPoller
from pulumi_sig.client.operations import ResourceOperations, complete, segment, wire_body


class GalleryOperations(ResourceOperations):
    """Create, read, update, delete and list galleries."""

    def _path(self, resource_group: str, gallery_name: str) -> str:
        return self.ctx.compute_path(resource_group, "galleries", segment(gallery_name, "galleryName"))

    def begin_create_or_update(self, resource_group: str, gallery_name: str,
                               gallery: Gallery | dict[str, Any]) -> LroPoller[Gallery]:
        """PUT the gallery; returns the poller once ARM accepted it."""
        return self._begin("PUT", self._path(resource_group, gallery_name), Gallery, body=wire_body(gallery))

    def create_or_update(self, resource_group: str, gallery_name: str, gallery: Gallery | dict[str, Any], *,
                         wait: bool = True, deadline: float | None = None) -> Gallery:
        """Create or replace the gallery; with wait=False return it as accepted."""
        poller = self.begin_create_or_update(resource_group, gallery_name, gallery)
        return complete(poller, wait=wait, deadline=deadline)

    def begin_update(self, resource_group: str, gallery_name: str,
                     patch: Gallery | dict[str, Any]) -> LroPoller[Gallery]:
        """PATCH the gallery (description, tags, sharing)."""
        return self._begin("PATCH", self._path(resource_group, gallery_name), Gallery, body=wire_body(patch))

    def update(self, resource_group: str, gallery_name: str, patch: Gallery | dict[str, Any], *,
               wait: bool = True, deadline: float | None = None) -> Gallery:
        """PATCH the gallery and return it."""
        return complete(self.begin_update(resource_group, gallery_name, patch), wait=wait, deadline=deadline)

    def get(self, resource_group: str, gallery_name: str, *, expand: str | None = None) -> Gallery:
        """The gallery, or ResourceNotFoundError."""
        params = {"$expand": expand} if expand else None
        return self._get(self._path(resource_group, gallery_name), Gallery, params=params)

    def begin_delete(self, resource_group: str, gallery_name: str) -> LroPoller[None]:
        """Start deleting the gallery."""
        return self._begin_delete(self._path(resource_group, gallery_name))

    def delete(self, resource_group: str, gallery_name: str, *, deadline: float | None = None) -> None:
        """Delete the gallery and wait; one that does not exist is fine."""
        self._delete(self._path(resource_group, gallery_name), deadline=deadline)

    def list_by_resource_group(self, resource_group: str, *, top: int | None = None) -> list[Gallery]:
        """The galleries of one resource group, across pages."""
        path = self.ctx.compute_path(resource_group, "galleries")
        return self._list(path, Gallery, params={"$top": top} if top else None)

    def list(self, *, top: int | None = None) -> list[Gallery]:
        """The galleries of the subscription, across pages."""
        path = f"{self.ctx.subscription_path}/providers/Microsoft.Compute/galleries"
        return self._list(path, Gallery, params={"$top": top} if top else None)

    def share(self, resource_group: str, gallery_name: str, operation: str,
              groups: builtins.list[dict[str, Any]] | None = None, *, deadline: float | None = None) -> None:
        """POST .../share: Add or Remove groups ([{"type": "Subscriptions"|"AADTenants", "ids": [...]}]),
        Reset to private, or EnableCommunity; waits for the update when ARM answers 202."""
        body: dict[str, Any] = {"operationType": operation}
        if groups:
            body["groups"] = groups
        self._begin("POST", self._path(resource_group, gallery_name) + "/share", None, body=body).result(deadline)
