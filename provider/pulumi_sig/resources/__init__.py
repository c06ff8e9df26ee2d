"""Pulumi dynamic resources for Azure Compute Gallery."""
from pulumi_sig.resources.gallery import Gallery, GalleryArgs
from pulumi_sig.resources.gallery_sharing import GallerySharing, GallerySharingArgs
from pulumi_sig.resources.image_definition import ImageDefinition, ImageDefinitionArgs
from pulumi_sig.resources.image_source import ImageSource, ImageSourceArgs
from pulumi_sig.resources.image_version import ImageVersion, ImageVersionArgs, TargetRegionArgs
from pulumi_sig.resources.latest import (get_community_image_version, get_latest_image_version,
                                         get_shared_image_version, lookup_community_image_version,
                                         lookup_latest_image_version, lookup_shared_image_version)
from pulumi_sig.resources.resource_group import ResourceGroup, ResourceGroupArgs
from pulumi_sig.resources.role_assignment import RoleAssignment, RoleAssignmentArgs

__all__ = [
    "Gallery", "GalleryArgs", "GallerySharing", "GallerySharingArgs", "ImageDefinition", "ImageDefinitionArgs",
    "ImageSource", "ImageSourceArgs", "ImageVersion", "ImageVersionArgs", "ResourceGroup", "ResourceGroupArgs",
    "RoleAssignment", "RoleAssignmentArgs", "TargetRegionArgs", "get_community_image_version",
    "get_latest_image_version", "get_shared_image_version", "lookup_community_image_version",
    "lookup_latest_image_version", "lookup_shared_image_version",
]
