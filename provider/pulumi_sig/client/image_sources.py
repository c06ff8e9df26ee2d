"""Image sources: managed images, snapshots, disks, VMs (Microsoft.Compute) and emulator VHD blobs."""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.api_versions import CLIENT_API_VERSIONS, source_resource_type
from pulumi_sig.models.image_source import ImageSource, ImageSourceType, VhdBlob

from pulumi_sig.client.operations import ResourceOperations, segment, wire_body

SourceKind = ImageSourceType | str


def source_type(kind: SourceKind) -> ImageSourceType:
    """The source type of a kind given as the enum, its path segment, or its name, in any case."""
    if isinstance(kind, ImageSourceType):
        return kind
    for known in ImageSourceType:
        if kind.lower() in (known.value.lower(), known.name.lower()):
            return known
    raise ValueError(f"{kind!r} is not an image source type: one of {', '.join(k.value for k in ImageSourceType)}")


class ImageSourceOperations(ResourceOperations):
    """Create, read, delete and list the resources a version can be made from."""

    # ARM serves each source type under its own resource provider's api-versions (DiskRP for snapshots
    # and disks, ComputeRP for images and VMs): each call goes out with its type's version.

    def _of(self, kind: SourceKind) -> ResourceOperations:
        """Operations that send the api-version of this source type."""
        operations = ResourceOperations(self.ctx)
        operations.api_version = CLIENT_API_VERSIONS[source_resource_type(source_type(kind).value)]
        return operations

    def _path(self, kind: SourceKind, resource_group: str, name: str) -> str:
        return self.ctx.compute_path(resource_group, source_type(kind).value, segment(name))

    def create_or_update(self, kind: SourceKind, resource_group: str, name: str, source: ImageSource | dict[str, Any],
                         *, deadline: float | None = None) -> ImageSource:
        """Create or replace a source and return it."""
        path = self._path(kind, resource_group, name)
        poller = self._of(kind)._begin("PUT", path, ImageSource, body=wire_body(source))
        result = poller.result(deadline)
        assert result is not None
        return result

    def get(self, kind: SourceKind, resource_group: str, name: str) -> ImageSource:
        """The source, or ResourceNotFoundError."""
        return self._of(kind)._get(self._path(kind, resource_group, name), ImageSource)

    def delete(self, kind: SourceKind, resource_group: str, name: str, *, deadline: float | None = None) -> None:
        """Delete the source and wait; one that does not exist is fine."""
        self._of(kind)._delete(self._path(kind, resource_group, name), deadline=deadline)

    def list_by_resource_group(self, kind: SourceKind, resource_group: str) -> list[ImageSource]:
        """The sources of one type in a resource group, across pages."""
        return self._of(kind)._list(self.ctx.compute_path(resource_group, source_type(kind).value), ImageSource)

    def register_vhd(self, blob: VhdBlob | dict[str, Any]) -> VhdBlob:
        """Register a VHD blob with the emulator (PUT /_emulator/vhds); not an Azure API."""
        body = wire_body(blob)
        response = self.ctx.transport.request("PUT", "/_emulator/vhds", api_version=None, json=body)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        return VhdBlob.model_validate(answer if isinstance(answer, dict) and answer.get("uri") else body)
