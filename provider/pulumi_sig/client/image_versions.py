"""Gallery image versions (Microsoft.Compute/galleries/images/versions) and their replication."""
from __future__ import annotations

import time
from typing import Any, Callable

from pulumi_sig.models.image_version import GalleryImageVersion, ReplicationStatus
from pulumi_sig.models.regions import same_region

from pulumi_sig.client.errors import OperationDeadlineExceeded, OperationFailedError, ResourceNotFoundError
from pulumi_sig.client.lro import LroPoller, canonical_status
from pulumi_sig.client.operations import ProgressCallback, ResourceOperations, complete, segment, wire_body

REPLICATION_STATUS = "ReplicationStatus"
VersionBody = GalleryImageVersion | dict[str, Any]


class ImageVersionOperations(ResourceOperations):
    """Create, read, update, delete and list versions, and wait for their replication."""

    def _path(self, resource_group: str, gallery_name: str, image_name: str, version_name: str) -> str:
        return self.ctx.compute_path(resource_group, "galleries", segment(gallery_name, "galleryName"), "images",
                                     segment(image_name, "galleryImageName"), "versions",
                                     segment(version_name, "galleryImageVersionName"))

    def _probe(self, *names: str) -> Callable[[], ReplicationStatus]:
        def replication() -> ReplicationStatus:
            try:
                return self.replication_status(*names)
            except ResourceNotFoundError:  # not readable yet right after the PUT
                return ReplicationStatus()
        return replication

    def begin_create_or_update(self, resource_group: str, gallery_name: str, image_name: str,
                               version_name: str, version: VersionBody, *,
                               expand: str | None = None) -> LroPoller[GalleryImageVersion]:
        """PUT the version; the poller's on_progress receives ReplicationStatus; `expand` applies to
        the final read (expand="ReplicationStatus" returns the per-region state with the result)."""
        names = (resource_group, gallery_name, image_name, version_name)
        carries_status = (expand or "").lower() == REPLICATION_STATUS.lower()
        return self._begin("PUT", self._path(*names), GalleryImageVersion, body=wire_body(version),
                           progress_probe=self._probe(*names),
                           final_params={"$expand": expand} if expand else None,
                           progress_of_result=_replication_of if carries_status else None)

    def create_or_update(self, resource_group: str, gallery_name: str, image_name: str, version_name: str,
                         version: VersionBody, *, wait: bool = True, on_progress: ProgressCallback | None = None,
                         deadline: float | None = None, expand: str | None = None) -> GalleryImageVersion:
        """Create or replace the version; wait=True waits for replication to every target region."""
        poller = self.begin_create_or_update(resource_group, gallery_name, image_name, version_name, version,
                                             expand=expand)
        return complete(poller, wait=wait, deadline=deadline, on_progress=on_progress)

    def begin_update(self, resource_group: str, gallery_name: str, image_name: str, version_name: str,
                     patch: VersionBody) -> LroPoller[GalleryImageVersion]:
        """PATCH the version (target regions, replica counts, exclude from latest, end of life)."""
        names = (resource_group, gallery_name, image_name, version_name)
        return self._begin("PATCH", self._path(*names), GalleryImageVersion, body=wire_body(patch),
                           progress_probe=self._probe(*names))

    def update(self, resource_group: str, gallery_name: str, image_name: str, version_name: str,
               patch: VersionBody, *, wait: bool = True, on_progress: ProgressCallback | None = None,
               deadline: float | None = None) -> GalleryImageVersion:
        """PATCH the version and return it."""
        poller = self.begin_update(resource_group, gallery_name, image_name, version_name, patch)
        return complete(poller, wait=wait, deadline=deadline, on_progress=on_progress)

    def get(self, resource_group: str, gallery_name: str, image_name: str, version_name: str, *,
            expand: str | None = None) -> GalleryImageVersion:
        """The version; expand="ReplicationStatus" adds per-region replication state."""
        params = {"$expand": expand} if expand else None
        path = self._path(resource_group, gallery_name, image_name, version_name)
        return self._get(path, GalleryImageVersion, params=params)

    def replication_status(self, resource_group: str, gallery_name: str, image_name: str,
                           version_name: str) -> ReplicationStatus:
        """Aggregated and per-region replication state of the version."""
        version = self.get(resource_group, gallery_name, image_name, version_name, expand=REPLICATION_STATUS)
        return version.properties.replication_status or ReplicationStatus()

    def begin_delete(self, resource_group: str, gallery_name: str, image_name: str,
                     version_name: str) -> LroPoller[None]:
        """Start deleting the version."""
        return self._begin_delete(self._path(resource_group, gallery_name, image_name, version_name))

    def delete(self, resource_group: str, gallery_name: str, image_name: str, version_name: str, *,
               deadline: float | None = None) -> None:
        """Delete the version and wait; one that does not exist is fine."""
        self._delete(self._path(resource_group, gallery_name, image_name, version_name), deadline=deadline)

    def list_by_image(self, resource_group: str, gallery_name: str, image_name: str, *,
                      top: int | None = None) -> list[GalleryImageVersion]:
        """The versions of an image definition, across pages."""
        path = self.ctx.compute_path(resource_group, "galleries", segment(gallery_name, "galleryName"), "images",
                                     segment(image_name, "galleryImageName"), "versions")
        return self._list(path, GalleryImageVersion, params={"$top": top} if top else None)

    def wait_for_regions(self, resource_group: str, gallery_name: str, image_name: str, version_name: str, *,
                         regions: list[str] | None = None, on_progress: ProgressCallback | None = None,
                         deadline: float | None = None) -> ReplicationStatus:
        """Poll until `regions` (None: all target regions) are Completed; a Failed one raises."""
        names = (resource_group, gallery_name, image_name, version_name)
        budget = self.ctx.operation_deadline if deadline is None else deadline
        ends_at = time.monotonic() + budget
        polls = 0
        while True:
            version = self.get(*names, expand=REPLICATION_STATUS)
            status = version.properties.replication_status or ReplicationStatus()
            if on_progress is not None:
                on_progress(status)
            if regions_completed(version, status, regions):
                return status
            remaining = ends_at - time.monotonic()
            if remaining <= 0:
                raise OperationDeadlineExceeded(
                    "OperationDeadlineExceeded",
                    f"replication of {'/'.join(names)} to {', '.join(regions or ['all regions'])} "
                    f"not complete after {budget:g}s (now {status.aggregated_state})")
            time.sleep(min(self.ctx.polling.delay_after(None, polls), remaining))
            polls += 1


def _replication_of(version: GalleryImageVersion) -> ReplicationStatus:
    return version.properties.replication_status or ReplicationStatus()


def regions_completed(version: GalleryImageVersion, status: ReplicationStatus, regions: list[str] | None) -> bool:
    """Whether the wanted regions are Completed; raises OperationFailedError if one failed."""
    summary = status.summary or []
    wanted = [entry for entry in summary if regions is None or any(same_region(entry.region or "", r) for r in regions)]
    for entry in wanted:
        if (entry.state or "").lower() == "failed":
            raise OperationFailedError("ReplicationFailed",
                                       f"replication to {entry.region} failed: {entry.details or 'no details'}",
                                       target=entry.region)
    if canonical_status(version.properties.provisioning_state) == "Failed" and regions is None:
        raise OperationFailedError("ProvisioningFailed", f"version {version.name} ended in provisioningState Failed")
    if regions is None:
        return bool(summary) and all((entry.state or "").lower() == "completed" for entry in summary)
    found = {r for r in regions if any(same_region(entry.region or "", r) for entry in wanted)}
    return len(found) == len(set(regions)) and all((e.state or "").lower() == "completed" for e in wanted)
