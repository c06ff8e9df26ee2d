"""Gallery image definition (Microsoft.Compute/galleries/images)."""
from __future__ import annotations

from pydantic import Field

from pulumi_sig.models.base import (Architecture, ArmModel, DateTime, HyperVGeneration, Int32,
                                    OsState, OsType, StrictBool, StrictStr, TrackedResource)


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
    """Marketplace purchase plan (plan, publisher and product ids)."""

    name: StrictStr | None = None
    publisher: StrictStr | None = None
    product: StrictStr | None = None


class Disallowed(ArmModel):
    """Disk types a VM made from this image should not use (e.g. Standard_LRS)."""

    disk_types: list[StrictStr] | None = None


class GalleryImageFeature(ArmModel):
    """A feature of the image, e.g. SecurityType=TrustedLaunch, from a version on."""

    name: StrictStr | None = None
    value: StrictStr | None = None
    starts_at_version: StrictStr | None = None


class GalleryImageProperties(ArmModel):
    """Properties of an image definition."""

    description: StrictStr | None = None
    eula: StrictStr | None = None
    privacy_statement_uri: StrictStr | None = None
    release_note_uri: StrictStr | None = None
    os_type: OsType
    os_state: OsState
    hyper_v_generation: HyperVGeneration | None = None
    end_of_life_date: DateTime | None = None
    identifier: GalleryImageIdentifier
    recommended: RecommendedMachineConfiguration | None = None
    disallowed: Disallowed | None = None
    purchase_plan: ImagePurchasePlan | None = None
    provisioning_state: str | None = None
    features: list[GalleryImageFeature] | None = None
    architecture: Architecture | None = None
    allow_update_image: StrictBool | None = None


class GalleryImage(TrackedResource):
    """An image definition."""

    properties: GalleryImageProperties
