"""Gallery image version (Microsoft.Compute/galleries/images/versions)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from pulumi_sig.models.base import (ArmModel, DateTime, HostCaching, Int32, ReplicationMode,
                                    StorageAccountType, StrictBool, TrackedResource)


class TargetRegion(ArmModel):
    """A region a version is replicated to, with its replica count."""

    name: str
    regional_replica_count: Int32 | None = None
    storage_account_type: StorageAccountType | None = None
    encryption: dict[str, Any] | None = None
    exclude_from_latest: StrictBool | None = None
    additional_replica_sets: list[dict[str, Any]] | None = None


class GalleryImageVersionPublishingProfile(ArmModel):
    """Where and how a version is published."""

    target_regions: list[TargetRegion] | None = None
    replica_count: Int32 | None = None
    exclude_from_latest: StrictBool | None = None
    published_date: DateTime | None = None
    end_of_life_date: DateTime | None = None
    storage_account_type: StorageAccountType | None = None
    replication_mode: ReplicationMode | None = None
    target_extended_locations: list[dict[str, Any]] | None = None
    storage_account_strategy: str | None = None


class GalleryArtifactVersionFullSource(ArmModel):
    """The source of a version: a managed image, snapshot, disk, VM or another version."""

    id: str | None = None
    virtual_machine_id: str | None = None
    community_gallery_image_id: str | None = None


class GalleryDiskImageSource(ArmModel):
    """The source of one disk image: a resource id or a VHD blob."""

    id: str | None = None
    uri: str | None = None
    storage_account_id: str | None = None


class GalleryDiskImage(ArmModel):
    """One disk of a version."""

    size_in_gb: Int32 | None = Field(default=None, alias="sizeInGB")
    host_caching: HostCaching | None = None
    source: GalleryDiskImageSource | None = None


class GalleryDataDiskImage(GalleryDiskImage):
    """A data disk of a version."""

    lun: Int32


class GalleryImageVersionStorageProfile(ArmModel):
    """The disks of a version and where they come from."""

    source: GalleryArtifactVersionFullSource | None = None
    os_disk_image: GalleryDiskImage | None = None
    data_disk_images: list[GalleryDataDiskImage] | None = None


class RegionalReplicationStatus(ArmModel):
    """Replication state of one region."""

    region: str | None = None
    state: str | None = None
    details: str | None = None
    progress: int | None = None


class ReplicationStatus(ArmModel):
    """Replication state of a version: aggregated and per region."""

    aggregated_state: str | None = None
    summary: list[RegionalReplicationStatus] | None = None


class GalleryImageVersionProperties(ArmModel):
    """Properties of an image version."""

    publishing_profile: GalleryImageVersionPublishingProfile | None = None
    provisioning_state: str | None = None
    storage_profile: GalleryImageVersionStorageProfile
    safety_profile: dict[str, Any] | None = None
    replication_status: ReplicationStatus | None = None
    security_profile: dict[str, Any] | None = None
    restore: bool | None = None
    validations_profile: dict[str, Any] | None = None


class GalleryImageVersion(TrackedResource):
    """An image version; its name is MAJOR.MINOR.PATCH."""

    properties: GalleryImageVersionProperties

    @property
    def exclude_from_latest(self) -> bool:
        """Whether the version is kept from being chosen as latest."""
        profile = self.properties.publishing_profile
        return bool(profile and profile.exclude_from_latest)

    @property
    def end_of_life(self) -> datetime | None:
        """The end-of-life date, when set."""
        profile = self.properties.publishing_profile
        return profile.end_of_life_date if profile else None
