"""What exists: a definition's versions with their replication state, read through the ARM client
at program time (so preview already knows which versions replicated successfully)."""
from __future__ import annotations

from typing import Any

from pulumi_sig.estate.retention import LiveVersion
from pulumi_sig.models.defaults import DEFAULT_REPLICA_COUNT
from pulumi_sig.models.image_version import GalleryImageVersion
from pulumi_sig.models.regions import is_known_region, normalize_region


def live_version(version: GalleryImageVersion) -> LiveVersion:
    """The facts retention and cost need, from a version read with $expand=ReplicationStatus."""
    profile = version.properties.publishing_profile
    status = version.properties.replication_status
    common = profile.replica_count if profile and profile.replica_count else DEFAULT_REPLICA_COUNT
    regions = {}
    for target in (profile.target_regions if profile else None) or []:
        if is_known_region(target.name):
            regions[normalize_region(target.name)] = target.regional_replica_count or common
    state = status.aggregated_state if status else None
    if state is None and (version.properties.provisioning_state or "").lower() == "failed":
        state = "Failed"
    return LiveVersion(name=version.name or "", replication=state,
                       published=profile.published_date if profile else None, regions=regions)


class ClientReader:
    """A LiveReader over an ArmClient: one list per definition, one read per version found."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.failures: list[str] = []

    def __call__(self, resource_group: str, gallery: str, image: str) -> dict[str, LiveVersion]:
        from pulumi_sig.client.errors import ArmHttpError, ResourceNotFoundError

        versions = self.client.image_versions
        try:
            found = versions.list_by_image(resource_group, gallery, image)
            return {v.name: live_version(versions.get(resource_group, gallery, image, v.name,
                                                      expand="ReplicationStatus"))
                    for v in found if v.name}
        except ResourceNotFoundError:
            return {}  # nothing made yet
        except (ArmHttpError, OSError) as error:
            # Unreadable: retention then removes nothing by count or age (it counts no version).
            self.failures.append(f"{resource_group}/{gallery}/{image}: {error}")
            return {}
