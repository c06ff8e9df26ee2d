"""Compute gallery (Microsoft.Compute/galleries)."""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.base import ArmModel, TrackedResource


class GalleryIdentifier(ArmModel):
    """The gallery's unique name, filled by the service."""

    unique_name: str | None = None


class GalleryProperties(ArmModel):
    """Properties of a gallery."""

    description: str | None = None
    identifier: GalleryIdentifier | None = None
    provisioning_state: str | None = None
    sharing_profile: dict[str, Any] | None = None
    soft_delete_policy: dict[str, Any] | None = None
    sharing_status: dict[str, Any] | None = None


class Gallery(TrackedResource):
    """A compute gallery."""

    properties: GalleryProperties | None = None
    identity: dict[str, Any] | None = None
