"""Image sources a version can be made from: managed images, snapshots, disks, VMs, VHD blobs."""
from __future__ import annotations

from enum import Enum

from pydantic import Field

from pulumi_sig.models.base import (ArmModel, HyperVGeneration, Int32, OsState, OsType,
                                    TrackedResource)


class ImageSourceType(str, Enum):
    """ARM types of the resources that can be a version's source (with the path segment)."""

    MANAGED_IMAGE = "images"
    SNAPSHOT = "snapshots"
    DISK = "disks"
    VIRTUAL_MACHINE = "virtualMachines"


# The path segments of the source types, in the casing ARM uses: the one list every layer reads.
SOURCE_TYPES: tuple[str, ...] = tuple(kind.value for kind in ImageSourceType)


# What a PUT that creates a source answers: DiskRP's snapshots and disks document 200 or 202 (no 201, and
# azure-mgmt-compute refuses a 201 for them); ComputeRP's images and VMs document 200 or 201.
CREATED_STATUS: dict[str, int] = {"images": 201, "virtualMachines": 201, "snapshots": 200, "disks": 200}


def canonical_source_type(segment: str) -> str | None:
    """The source type segment in ARM's casing ('virtualmachines' -> 'virtualMachines'), or None."""
    return next((known for known in SOURCE_TYPES if known.lower() == segment.lower()), None)


class DataDisk(ArmModel):
    """A data disk attached to a source."""

    lun: Int32
    disk_size_gb: Int32 = Field(default=0, alias="diskSizeGB")  # ARM spells GB in capitals


class ImageSourceProperties(ArmModel):
    """The minimal properties the emulator keeps of a source."""

    os_type: OsType
    os_state: OsState | None = None
    hyper_v_generation: HyperVGeneration | None = None
    disk_size_gb: Int32 = Field(default=30, alias="diskSizeGB")  # ARM spells GB in capitals
    occupied_size_gb: Int32 | None = Field(default=None, alias="occupiedSizeGB")
    data_disks: list[DataDisk] | None = None
    provisioning_state: str | None = None


class ImageSource(TrackedResource):
    """A managed image, snapshot, managed disk or VM."""

    properties: ImageSourceProperties


class VhdBlob(ArmModel):
    """A VHD blob registered with the emulator: its URI, location and size."""

    uri: str
    location: str
    os_type: OsType
    os_state: OsState | None = None
    hyper_v_generation: HyperVGeneration | None = None
    disk_size_gb: Int32 = Field(default=30, alias="diskSizeGB")
    storage_account_id: str | None = None
