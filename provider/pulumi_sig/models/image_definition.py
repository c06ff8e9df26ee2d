"""Gallery image definition (Microsoft.Compute/galleries/images)."""
from __future__ import annotations

from typing import Any

from pydantic import Field

from pulumi_sig.models.base import (Architecture, ArmModel, DateTime, HyperVGeneration, Int32,
                                    OsState, OsType, TrackedResource)


class GalleryImageIdentifier(ArmModel):
    """Publisher, offer and SKU: unique as a triple among a gallery's definitions."""

    publisher: str
    offer: str
    sku: str


class ResourceRange(ArmModel):
    """A min/max recommendation."""

    min: Int32 | None = None
    max: Int32 | None = None


class RecommendedMachineConfiguration(ArmModel):
    """Recommended vCPUs and memory (GB)."""

    v_cpus: ResourceRange | None = Field(default=None, alias="vCPUs")
    memory: ResourceRange | None = None


class ImagePurchasePlan(ArmModel):
    """Marketplace purchase plan."""

    name: str | None = None
    publisher: str | None = None
    product: str | None = None


class GalleryImageProperties(ArmModel):
    """Properties of an image definition."""

    description: str | None = None
    eula: str | None = None
    privacy_statement_uri: str | None = None
    release_note_uri: str | None = None
    os_type: OsType
    os_state: OsState
    hyper_v_generation: HyperVGeneration | None = None
    end_of_life_date: DateTime | None = None
    identifier: GalleryImageIdentifier
    recommended: RecommendedMachineConfiguration | None = None
    disallowed: dict[str, Any] | None = None
    purchase_plan: ImagePurchasePlan | None = None
    provisioning_state: str | None = None
    features: list[dict[str, Any]] | None = None
    architecture: Architecture | None = None
    allow_update_image: bool | None = None


class GalleryImage(TrackedResource):
    """An image definition."""

    properties: GalleryImageProperties
