"""Pydantic models of the Compute Gallery ARM resources and the rules every layer shares."""
from pulumi_sig.models.gallery import Gallery, GalleryProperties
from pulumi_sig.models.image_definition import GalleryImage, GalleryImageIdentifier, GalleryImageProperties
from pulumi_sig.models.image_source import ImageSource, ImageSourceType, VhdBlob
from pulumi_sig.models.image_version import (GalleryImageVersion, GalleryImageVersionProperties,
                                             ReplicationStatus, TargetRegion)
from pulumi_sig.models.mutability import MUTABLE_PATHS, ResourceKind, immutable_changes, is_mutable
from pulumi_sig.models.regions import Cloud, cloud_of, normalize_region, region_display_name
from pulumi_sig.models.resource_group import ResourceGroup
from pulumi_sig.models.versions import select_latest, version_key

__all__ = [
    "Cloud", "Gallery", "GalleryImage", "GalleryImageIdentifier", "GalleryImageProperties",
    "GalleryImageVersion", "GalleryImageVersionProperties", "GalleryProperties", "ImageSource",
    "ImageSourceType", "MUTABLE_PATHS", "ReplicationStatus", "ResourceGroup", "ResourceKind",
    "TargetRegion", "VhdBlob", "cloud_of", "immutable_changes", "is_mutable", "normalize_region",
    "region_display_name", "select_latest", "version_key",
]
