"""pulumi-sig: Azure Compute Gallery as code: Pulumi resources, an ARM client, a local emulator.

`from pulumi_sig import Gallery, ImageDefinition, ImageVersion, ...` loads the Pulumi resources
lazily, so the emulator and the client never import Pulumi.
"""
from __future__ import annotations

from typing import Any

_RESOURCES = {
    "Gallery", "GalleryArgs", "GallerySharing", "GallerySharingArgs", "ImageDefinition", "ImageDefinitionArgs",
    "ImageSource", "ImageSourceArgs", "ImageVersion", "ImageVersionArgs", "ResourceGroup", "ResourceGroupArgs",
    "RoleAssignment", "RoleAssignmentArgs", "TargetRegionArgs", "get_community_image_version",
    "get_latest_image_version", "get_shared_image_version", "lookup_community_image_version",
    "lookup_latest_image_version", "lookup_shared_image_version",
}
__all__ = sorted(_RESOURCES)


def __getattr__(name: str) -> Any:
    if name in _RESOURCES:
        from pulumi_sig import resources

        return getattr(resources, name)
    raise AttributeError(f"module 'pulumi_sig' has no attribute {name!r}")
