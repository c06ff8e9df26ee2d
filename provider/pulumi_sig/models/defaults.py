"""The values ARM fills in when a request leaves them out: declared once, used by emulator and provider."""
from __future__ import annotations

from typing import Any

# The seed: "Hyper-V generation ... Default is generation 1."
DEFAULT_HYPER_V_GENERATION = "V1"
# GalleryArtifactPublishingProfileBase.replicaCount: "would take effect for a region when
# regionalReplicaCount is not specified"; ARM fills 1 when both are absent.
DEFAULT_REPLICA_COUNT = 1
# ARM returns Standard_LRS for a version (and each of its regions) created without a storage type.
DEFAULT_STORAGE_ACCOUNT_TYPE = "Standard_LRS"
# What ARM answers for hostCaching when a version's disks were created without one.
DEFAULT_OS_DISK_HOST_CACHING = "ReadOnly"
DEFAULT_DATA_DISK_HOST_CACHING = "None"


def default_target_regions(location: str) -> list[dict[str, Any]]:
    """Omitted target regions mean "replicate to the source region only"."""
    return [{"name": location}]


def target_region_settings(*, regional_replica_count: Any, storage_account_type: Any, replica_count: Any,
                           default_storage_account_type: Any) -> tuple[Any, Any]:
    """A region's (replica count, storage type): its own values, else the version's, else ARM's defaults.

    Only a missing count is filled: 0 stays 0, for the 1..10 rule to refuse, never raised to 1.
    """
    replicas = next((count for count in (regional_replica_count, replica_count) if count is not None),
                    DEFAULT_REPLICA_COUNT)
    storage = storage_account_type or default_storage_account_type or DEFAULT_STORAGE_ACCOUNT_TYPE
    return replicas, storage
