"""Image versions (Microsoft.Compute/galleries/images/versions): sources, rules, replication, latest."""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.errors import InvalidParameter
from pulumi_sig.models.image_version import GalleryImageVersion
from pulumi_sig.models.mutability import ResourceKind
from pulumi_sig.models.names import parse_version_name
from pulumi_sig.models.regions import region_display_name
from pulumi_sig.models.compatibility import DefinitionFacts, SourceFacts, source_violations
from pulumi_sig.models.defaults import DEFAULT_HYPER_V_GENERATION
from pulumi_sig.models.rules import version_violations
from pulumi_sig.emulator import replication
from pulumi_sig.models.ids import image_id, version_id
from pulumi_sig.emulator.ids import key_of
from pulumi_sig.emulator.service_base import ResourcePath, TrackedService, parent_not_found
from pulumi_sig.emulator.service_common import (check_quota, iso, json_copy, new_record, raise_violations,
                                                short_location)
from pulumi_sig.emulator.service_images import require_gallery
from pulumi_sig.emulator.store import Record, StoreReader
from pulumi_sig.emulator.version_body import publishing_profile, safety_profile, storage_profile, target_counts
from pulumi_sig.emulator.version_sources import SourceInfo, disk_violations, resolve_source, with_stored_source

LATEST = "latest"


def require_definition(reader: StoreReader, path: ResourcePath) -> Record:
    """The image definition at path.names[:2], or the error for the first missing ancestor."""
    record = reader.get(key_of(image_id(path.subscription, path.resource_group, *path.names[:2])))
    if record is None:
        require_gallery(reader, path)
        raise parent_not_found("Microsoft.Compute/galleries/images", path.names[1])
    return record


class ImageVersionService(TrackedService):
    """Versions of an image definition."""

    kind = "version"
    mutability = ResourceKind.IMAGE_VERSION
    model = GalleryImageVersion
    resource_type = "Microsoft.Compute/galleries/images/versions"
    name_kinds = ("galleryName", "galleryImageName", "galleryImageVersionName")

    def resource_id(self, path: ResourcePath) -> str:
        return version_id(path.subscription, path.resource_group, *path.names[:3])

    def require_parent(self, reader: StoreReader, path: ResourcePath) -> Record:
        return require_definition(reader, path)

    def build(self, reader: StoreReader, path: ResourcePath, body: dict[str, Any], *,
              stored: Record | None, parent: Record) -> Record:
        # The seed's FAQ: a version may be in another location than its definition ("Yes, it is possible");
        # what Azure enforces is the source in the version's region and the region among the targets.
        location = short_location(body.get("location"))
        raise_violations(version_violations(body, creating=stored is None, now=None))
        props = json_copy(body["properties"])
        if stored is not None:
            props["storageProfile"] = with_stored_source(props.get("storageProfile") or {},
                                                         stored.body["properties"].get("storageProfile") or {})
        info = resolve_source(reader, props.get("storageProfile") or {})
        self._check_source(info, location=location, definition=parent)
        now = self.ctx.clock()
        published = (((stored.body.get("properties") or {}).get("publishingProfile") or {}).get("publishedDate")
                     if stored else None) or iso(now)
        # restore (undelete a soft-deleted version) is an action, not state: nothing to keep
        for read_only in ("provisioningState", "replicationStatus", "restore"):
            props.pop(read_only, None)
        props["publishingProfile"] = publishing_profile(props.get("publishingProfile"), location=location,
                                                        published_date=published)
        props["storageProfile"] = storage_profile(props.get("storageProfile") or {}, info)
        props["safetyProfile"] = safety_profile(props.get("safetyProfile"))
        name = stored.body["name"] if stored else path.names[2]
        wire: dict[str, Any] = {"id": stored.body["id"] if stored else self.resource_id(path), "name": name,
                                "type": self.resource_type, "location": location}
        if body.get("tags") is not None:
            wire["tags"] = body["tags"]
        wire["properties"] = props
        record = new_record(key=key_of(wire["id"]), kind=self.kind, parent=parent.key,
                            subscription=path.subscription, location=location, body=wire, stored=stored, now=now)
        record.version = parse_version_name(name)
        record.exclude_from_latest = props["publishingProfile"]["excludeFromLatest"]
        record.state = self._replication_plan(props["publishingProfile"], info, stored=stored, now=now)
        return record

    def _check_source(self, info: SourceInfo, *, location: str, definition: Record) -> None:
        dprops = definition.body["properties"]
        facts = SourceFacts(os_type=info.os_type, os_state=info.os_state, generation=info.generation,
                            locations=info.locations)
        wanted = DefinitionFacts(os_type=dprops["osType"], os_state=dprops["osState"],
                                 generation=dprops.get("hyperVGeneration") or DEFAULT_HYPER_V_GENERATION)
        found = source_violations(facts, wanted, location=location, target=info.target)
        if found:
            raise InvalidParameter(found[0][1], target=found[0][0])
        raise_violations(disk_violations(info))

    def _replication_plan(self, profile: dict[str, Any], info: SourceInfo, *, stored: Record | None,
                          now: float) -> dict[str, Any]:
        previous = (stored.state or {}).get("regions", {}) if stored else {}
        occupied = info.occupied()
        regions = replication.plan_regions(previous, target_counts(profile), now=now, occupied_gb=occupied,
                                           time_scale=self.ctx.settings.time_scale)
        return {"action": "update" if stored else "create", "occupiedGB": occupied, "regions": regions}

    def before_create(self, reader: StoreReader, record: Record) -> None:
        check_quota(reader, subscription=record.subscription, kind=self.kind, location=record.location or "",
                    limit=self.ctx.settings.limits.versions, label="image versions")

    def replication_status(self, record: Record) -> dict[str, Any]:
        """ARM's replicationStatus of the version, now."""
        return replication.replication_status_at((record.state or {}).get("regions", {}), now=self.ctx.clock(),
                                                 mode=self.ctx.settings.replication, display=region_display_name)

    def state_of(self, record: Record) -> str:
        aggregated = self.replication_status(record)["aggregatedState"]
        if aggregated == "Completed":
            return "Succeeded"
        if aggregated == "Failed":
            return "Failed"
        return "Updating" if (record.state or {}).get("action") == "update" else "Creating"

    def present(self, record: Record, *, provisioning_state: str | None = None,
                expand: str | None = None) -> dict[str, Any]:
        body = super().present(record, provisioning_state=provisioning_state)
        if expand and expand.lower() == "replicationstatus":
            body["properties"]["replicationStatus"] = self.replication_status(record)
        return body

    def get(self, path: ResourcePath, *, expand: str | None = None) -> dict[str, Any]:
        """A version by name; 'latest' (emulator-only) is the seed's latest version, one indexed query."""
        if path.names[2].lower() != LATEST:
            return super().get(path, expand=expand)
        definition = require_definition(self.ctx.store, path)
        record = self.ctx.store.latest_version(definition.key)
        if record is None:
            raise self.not_found(path)
        return self.present(record, expand=expand)
