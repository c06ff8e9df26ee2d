"""The consumer's read-only views of shared galleries (sharedGalleries, communityGalleries; GalleryRP 2025-03-03)."""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.base import ArmModel


class SharedIdentifier(ArmModel):
    """identifier.uniqueId: /SharedGalleries/{uniqueName}[/Images/{image}[/Versions/{version}]] (or
    /CommunityGalleries/{publicName}/...)."""

    unique_id: str | None = None


class SharedGalleryResource(ArmModel):
    """A shared or community gallery, image definition or version as a consumer sees it (PirResource)."""

    name: str | None = None
    location: str | None = None
    type: str | None = None
    identifier: SharedIdentifier | None = None
    properties: dict[str, Any] | None = None


class SharedGalleryInviteProperties(ArmModel):
    """properties.id: the subscription that hosts (publishes) the shared gallery."""

    id: str | None = None


class SharedGalleryInvite(ArmModel):
    """The answer to a consumer's accept / reject (SharedGalleryInvite, TenantLevelSharedGalleryInvite): the
    shared gallery's unique name, location and identifier, and the publisher's subscription."""

    name: str | None = None
    location: str | None = None
    identifier: SharedIdentifier | None = None
    properties: SharedGalleryInviteProperties | None = None
