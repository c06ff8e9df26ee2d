"""Gallery image definitions (Microsoft.Compute/galleries/images)."""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.image_definition import GalleryImage

from pulumi_sig.client.lro import LroPoller
from pulumi_sig.client.operations import ResourceOperations, complete, segment, wire_body


class ImageDefinitionOperations(ResourceOperations):
    """Create, read, update, delete and list image definitions of a gallery."""

    def _path(self, resource_group: str, gallery_name: str, image_name: str) -> str:
        return self.ctx.compute_path(resource_group, "galleries", segment(gallery_name, "galleryName"),
                                     "images", segment(image_name, "galleryImageName"))

    def begin_create_or_update(self, resource_group: str, gallery_name: str, image_name: str,
                               image: GalleryImage | dict[str, Any]) -> LroPoller[GalleryImage]:
        """PUT the definition; returns the poller once ARM accepted it."""
        path = self._path(resource_group, gallery_name, image_name)
        return self._begin("PUT", path, GalleryImage, body=wire_body(image))

    def create_or_update(self, resource_group: str, gallery_name: str, image_name: str,
                         image: GalleryImage | dict[str, Any], *, wait: bool = True,
                         deadline: float | None = None) -> GalleryImage:
        """Create or replace the definition; with wait=False return it as accepted."""
        poller = self.begin_create_or_update(resource_group, gallery_name, image_name, image)
        return complete(poller, wait=wait, deadline=deadline)

    def begin_update(self, resource_group: str, gallery_name: str, image_name: str,
                     patch: GalleryImage | dict[str, Any]) -> LroPoller[GalleryImage]:
        """PATCH the definition (description, recommended, end of life, tags)."""
        path = self._path(resource_group, gallery_name, image_name)
        return self._begin("PATCH", path, GalleryImage, body=wire_body(patch))

    def update(self, resource_group: str, gallery_name: str, image_name: str,
               patch: GalleryImage | dict[str, Any], *, wait: bool = True,
               deadline: float | None = None) -> GalleryImage:
        """PATCH the definition and return it."""
        poller = self.begin_update(resource_group, gallery_name, image_name, patch)
        return complete(poller, wait=wait, deadline=deadline)

    def get(self, resource_group: str, gallery_name: str, image_name: str) -> GalleryImage:
        """The definition, or ResourceNotFoundError."""
        return self._get(self._path(resource_group, gallery_name, image_name), GalleryImage)

    def begin_delete(self, resource_group: str, gallery_name: str, image_name: str) -> LroPoller[None]:
        """Start deleting the definition (ARM refuses while it has versions)."""
        return self._begin_delete(self._path(resource_group, gallery_name, image_name))

    def delete(self, resource_group: str, gallery_name: str, image_name: str, *,
               deadline: float | None = None) -> None:
        """Delete the definition and wait; one that does not exist is fine."""
        self._delete(self._path(resource_group, gallery_name, image_name), deadline=deadline)

    def list_by_gallery(self, resource_group: str, gallery_name: str, *,
                        top: int | None = None) -> list[GalleryImage]:
        """The definitions of a gallery, across pages."""
        path = self.ctx.compute_path(resource_group, "galleries", segment(gallery_name, "galleryName"), "images")
        return self._list(path, GalleryImage, params={"$top": top} if top else None)
