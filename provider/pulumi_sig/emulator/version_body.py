"""The stored form of an image version: ARM's defaults filled in, regions in display form."""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.defaults import (DEFAULT_DATA_DISK_HOST_CACHING, DEFAULT_OS_DISK_HOST_CACHING,
                                        DEFAULT_REPLICA_COUNT, DEFAULT_STORAGE_ACCOUNT_TYPE, default_target_regions,
                                        target_region_settings)
from pulumi_sig.models.regions import normalize_region, region_display_name
from pulumi_sig.emulator.service_common import json_copy
from pulumi_sig.emulator.version_sources import SourceInfo

SAFETY_DEFAULTS = {"allowDeletionOfReplicatedLocations": True, "blockDeletionBeforeEndOfLife": False,
                   "reportedForPolicyViolation": False, "policyViolations": []}


def publishing_profile(profile: dict[str, Any] | None, *, location: str, published_date: str) -> dict[str, Any]:
    """Resolved replicaCount, storageAccountType and targetRegions (each with its own count and type)."""
    resolved = json_copy(profile or {})
    replicas = resolved.get("replicaCount") or DEFAULT_REPLICA_COUNT
    storage_type = resolved.get("storageAccountType") or DEFAULT_STORAGE_ACCOUNT_TYPE
    filled = []
    for region in resolved.get("targetRegions") or default_target_regions(location):  # our own copies
        entry = dict(region)
        entry["name"] = region_display_name(region["name"])
        entry["regionalReplicaCount"], entry["storageAccountType"] = target_region_settings(
            regional_replica_count=region.get("regionalReplicaCount"),
            storage_account_type=region.get("storageAccountType"), replica_count=replicas,
            default_storage_account_type=storage_type)
        entry.setdefault("excludeFromLatest", False)
        filled.append(entry)
    resolved.update(targetRegions=filled, replicaCount=replicas, storageAccountType=storage_type,
                    excludeFromLatest=bool(resolved.get("excludeFromLatest", False)),
                    publishedDate=published_date)
    return resolved


def target_counts(profile: dict[str, Any]) -> dict[str, int]:
    """Replica count per target region (short names), from a resolved publishing profile."""
    return {normalize_region(r["name"]): int(r["regionalReplicaCount"]) for r in profile["targetRegions"]}


def storage_profile(storage: dict[str, Any], info: SourceInfo) -> dict[str, Any]:
    """The storage profile with each disk's size (from the source) and host caching defaulted."""
    resolved = json_copy(storage)
    os_image = resolved.get("osDiskImage") or {}
    if info.os_disk is not None:
        os_image["sizeInGB"] = info.os_disk.size_gb
    os_image.setdefault("hostCaching", DEFAULT_OS_DISK_HOST_CACHING)
    resolved["osDiskImage"] = os_image
    given = {int(d.get("lun", i)): d for i, d in enumerate(resolved.get("dataDiskImages") or [])}  # own copies
    for lun, disk in info.data_disks.items():
        image = given.setdefault(lun, {"lun": lun})
        image["sizeInGB"] = disk.size_gb
    for image in given.values():
        image.setdefault("hostCaching", DEFAULT_DATA_DISK_HOST_CACHING)
    if given:
        resolved["dataDiskImages"] = [given[lun] for lun in sorted(given)]
    return resolved


def safety_profile(profile: dict[str, Any] | None) -> dict[str, Any]:
    """The safety profile with the service's defaults."""
    resolved = json_copy(SAFETY_DEFAULTS)
    resolved.update(json_copy(profile or {}))
    return resolved
