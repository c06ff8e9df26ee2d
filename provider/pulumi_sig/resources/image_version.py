"""ImageVersion: a gallery image version (target regions, replica counts, exclude-from-latest,
end of life and tags change in place; the source and everything else replaces)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import pulumi

from pulumi_sig.models.image_version import GalleryImageVersion, ReplicationStatus
from pulumi_sig.models.mutability import ResourceKind
from pulumi_sig.models.compatibility import DefinitionFacts, SourceFacts, source_violations
from pulumi_sig.models.defaults import (DEFAULT_HYPER_V_GENERATION, DEFAULT_REPLICA_COUNT,
                                        DEFAULT_STORAGE_ACCOUNT_TYPE, default_target_regions,
                                        target_region_settings)
from pulumi_sig.models.regions import is_known_region, normalize_region
from pulumi_sig.models.rules import Violation, version_violations
from pulumi_sig.resources._base import ArmProvider, ReadOnce, fetch_or_none, progress
from pulumi_sig.resources._fields import (STORAGE_ACCOUNT_TYPE, Field, from_wire, get_path, is_unknown,
                                          region, utc_date)
from pulumi_sig.resources._ids import parse_arm_id
from pulumi_sig.resources._inputs import ResourceArgs, SigResource

_PARENTS = ReadOnce()  # definitions and sources read by preview rules: once per process, not per version
_REGION_KEYS = {"name": "name", "regional_replica_count": "regionalReplicaCount",
                "storage_account_type": "storageAccountType", "exclude_from_latest": "excludeFromLatest"}


def regions_to_wire(regions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{wire: r[key] for key, wire in _REGION_KEYS.items() if r.get(key) is not None} for r in regions]


def regions_from_wire(regions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: r.get(wire) for key, wire in _REGION_KEYS.items()} for r in regions]


class ImageVersionProvider(ArmProvider):
    """Dynamic provider for Microsoft.Compute/galleries/images/versions."""

    kind = ResourceKind.IMAGE_VERSION
    model = GalleryImageVersion
    fields = (
        Field("resource_group_name", None, names_resource=True),
        Field("gallery_name", None, names_resource=True),
        Field("image_name", None, names_resource=True),
        Field("version_name", None, names_resource=True),
        Field("location", "location", to_wire=region, from_wire=region),
        Field("source_id", "properties.storageProfile.source.id"),
        Field("os_disk_vhd_uri", "properties.storageProfile.osDiskImage.source.uri"),
        Field("os_disk_storage_account_id", "properties.storageProfile.osDiskImage.source.storageAccountId"),
        Field("target_regions", "properties.publishingProfile.targetRegions",
              to_wire=regions_to_wire, from_wire=regions_from_wire),
        Field("replica_count", "properties.publishingProfile.replicaCount"),
        Field("storage_account_type", "properties.publishingProfile.storageAccountType", from_wire=STORAGE_ACCOUNT_TYPE),
        Field("exclude_from_latest", "properties.publishingProfile.excludeFromLatest"),
        Field("end_of_life_date", "properties.publishingProfile.endOfLifeDate", from_wire=utc_date),
        Field("tags", "tags"),
        Field("wait_for_replication", None),  # provider-side option: never sent, never a diff
    )
    name_kinds = {"resource_group_name": "resourceGroupName", "gallery_name": "galleryName",
                  "image_name": "galleryImageName", "version_name": "galleryImageVersionName"}
    outputs = ("provisioning_state", "replication", "published_date")

    def normalize(self, inputs: dict[str, Any]) -> dict[str, Any]:
        location = region(inputs.get("location") or self.settings.location)
        # 0 stays 0 (and is refused by check): a default may fill only what the user left out.
        replicas = inputs.get("replica_count")
        replicas = DEFAULT_REPLICA_COUNT if replicas is None else replicas
        storage = STORAGE_ACCOUNT_TYPE(inputs.get("storage_account_type") or DEFAULT_STORAGE_ACCOUNT_TYPE)
        regions = inputs.get("target_regions")
        if regions is None and location is not None:
            regions = default_target_regions(location)
        return {**inputs, "location": location, "replica_count": replicas, "storage_account_type": storage,
                "exclude_from_latest": bool(inputs.get("exclude_from_latest")),
                "end_of_life_date": utc_date(inputs.get("end_of_life_date")),
                "wait_for_replication": inputs.get("wait_for_replication") is not False,
                "target_regions": _resolved_regions(regions, replicas, storage)}

    def rule_violations(self, body: dict[str, Any], inputs: dict[str, Any],
                        olds: dict[str, Any]) -> list[Violation]:
        if not body.get("location"):
            return []
        # A past end-of-life date is refused for a new version, not for one that already has it.
        creating = not olds or olds.get("end_of_life_date") != inputs.get("end_of_life_date")
        return version_violations(body, creating=creating)

    def stack_violations(self, inputs: dict[str, Any]) -> list[Violation]:
        """A known source must fit the definition (OS type and state, generation) and the region."""
        source_id = inputs.get("source_id")
        if not isinstance(source_id, str):
            return []
        names = self._names(inputs)[:3]
        definition = _PARENTS.get((self.settings, "/".join(names).lower()),
                                  lambda: fetch_or_none(lambda: self.client().image_definitions.get(*names)))
        source = _PARENTS.get((self.settings, source_id.lower()), lambda: self._source_body(source_id))
        if definition is None or source is None:
            return []  # created in this same run, or not found: the backend says so at create
        return source_violations(source_facts(source), definition_facts(definition),
                                 location=inputs["location"], target="properties.storageProfile.source.id")

    def _source_body(self, source_id: str) -> dict[str, Any] | None:
        """The body of an image, snapshot, disk or VM source (None for other sources, e.g. a version)."""
        from pulumi_sig.models.image_source import ImageSourceType

        parts = parse_arm_id(source_id)
        if "galleries" in parts or "resourcegroups" not in parts:
            return None
        for kind in ImageSourceType:
            if kind.value.lower() in parts:
                name = parts[kind.value.lower()]
                return fetch_or_none(lambda: self.client().image_sources.get(kind, parts["resourcegroups"], name))
        return None

    def apply(self, inputs: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        versions = self.client().image_versions
        names = self._names(inputs)
        model = GalleryImageVersion.model_validate(body)
        if inputs.get("wait_for_replication", True):
            return versions.create_or_update(*names, model, wait=True, on_progress=_report(names),
                                             expand="ReplicationStatus").to_wire()
        # Return once the source region is done; replication goes on, `pulumi refresh` shows it.
        versions.begin_create_or_update(*names, model)
        versions.wait_for_regions(*names, regions=[inputs["location"]], on_progress=_report(names))
        return versions.get(*names, expand="ReplicationStatus").to_wire()

    def fetch(self, inputs: dict[str, Any]) -> dict[str, Any] | None:
        return fetch_or_none(lambda: self.client().image_versions.get(
            *self._names(inputs), expand="ReplicationStatus"))

    def remove(self, inputs: dict[str, Any]) -> None:
        self.client().image_versions.delete(*self._names(inputs))

    @staticmethod
    def _names(inputs: dict[str, Any]) -> tuple[str, str, str, str]:
        return (inputs["resource_group_name"], inputs["gallery_name"], inputs["image_name"],
                inputs["version_name"])

    def from_body(self, body: dict[str, Any]) -> dict[str, Any]:
        summary = get_path(body, "properties.replicationStatus.summary") or []
        return {**from_wire(self.fields, body),
                "provisioning_state": get_path(body, "properties.provisioningState"),
                "published_date": utc_date(get_path(body, "properties.publishingProfile.publishedDate")),
                "replication": {region(s.get("region")): s.get("state") for s in summary}}


def source_facts(body: dict[str, Any]) -> SourceFacts:
    """What a source's ARM body says of its OS, generation and region."""
    props = body.get("properties") or {}
    location = body.get("location")
    return SourceFacts(os_type=props.get("osType"), os_state=props.get("osState"),
                       generation=props.get("hyperVGeneration") or DEFAULT_HYPER_V_GENERATION,
                       locations=frozenset({normalize_region(location)})
                       if isinstance(location, str) and is_known_region(location) else frozenset())


def definition_facts(body: dict[str, Any]) -> DefinitionFacts:
    props = body.get("properties") or {}
    return DefinitionFacts(os_type=props.get("osType", ""), os_state=props.get("osState", ""),
                           generation=props.get("hyperVGeneration") or DEFAULT_HYPER_V_GENERATION)


def _resolved_regions(regions: Any, replicas: Any, storage: Any) -> Any:
    """Each target region with its replica count and storage type resolved as ARM resolves them."""
    if not isinstance(regions, list) or is_unknown(regions):
        return regions
    resolved = []
    for entry in regions:
        entry = dict(entry) if isinstance(entry, dict) else {"name": entry}
        count, storage_type = target_region_settings(
            regional_replica_count=entry.get("regional_replica_count"), replica_count=replicas,
            storage_account_type=entry.get("storage_account_type"), default_storage_account_type=storage)
        resolved.append({"name": region(entry.get("name")), "regional_replica_count": count,
                         "storage_account_type": STORAGE_ACCOUNT_TYPE(storage_type),
                         "exclude_from_latest": bool(entry.get("exclude_from_latest"))})
    return resolved


def _report(names: tuple[str, ...]) -> Any:
    """A progress callback that writes one line per change of state (aggregate or a region's), not
    one per poll: with dozens of versions waiting at once, a line per poll would bury the rest."""
    label = "/".join(names[1:])
    last: list[tuple[Any, ...]] = []

    def on_progress(status: ReplicationStatus) -> None:
        states = (status.aggregated_state, *((s.region, s.state) for s in status.summary or []))
        if last and last[0] == states:
            return
        last[:] = [states]
        regions = ", ".join(f"{s.region}: {s.state} {s.progress or 0}%" for s in status.summary or [])
        progress(f"replicating {label}: {status.aggregated_state} ({regions})")

    return on_progress


@dataclass
class TargetRegionArgs:
    """A region to replicate to. regional_replica_count: 1..10 (default: the version's
    replica_count); storage_account_type: Standard_LRS, Standard_ZRS or Premium_LRS."""

    name: pulumi.Input[str]
    regional_replica_count: pulumi.Input[int] | None = None
    storage_account_type: pulumi.Input[str] | None = None
    exclude_from_latest: pulumi.Input[bool] | None = None


@dataclass
class ImageVersionArgs(ResourceArgs):
    """Arguments of an ImageVersion (version_name is MAJOR.MINOR.PATCH).

    In place: target_regions (with their replica counts), replica_count, exclude_from_latest,
    end_of_life_date, tags. Everything else (source, location, storage type) replaces, deleting
    first since the version name stays. The source region (location) must be a target region.
    wait_for_replication: True (default) waits for every region; False returns once the source
    region is done, and replication state shows in outputs after `pulumi refresh`.
    """

    resource_group_name: pulumi.Input[str] | None = None
    gallery_name: pulumi.Input[str] | None = None
    image_name: pulumi.Input[str] | None = None
    version_name: pulumi.Input[str] | None = None
    location: pulumi.Input[str] | None = None
    source_id: pulumi.Input[str] | None = None
    os_disk_vhd_uri: pulumi.Input[str] | None = None
    os_disk_storage_account_id: pulumi.Input[str] | None = None
    target_regions: list[TargetRegionArgs] | None = None
    replica_count: pulumi.Input[int] | None = None
    storage_account_type: pulumi.Input[str] | None = None
    exclude_from_latest: pulumi.Input[bool] | None = None
    end_of_life_date: pulumi.Input[str] | None = None
    tags: pulumi.Input[dict[str, str]] | None = None
    wait_for_replication: bool = field(default=True)


class ImageVersion(SigResource):
    """A gallery image version."""

    _sig_provider = ImageVersionProvider
    _sig_args = ImageVersionArgs
    _sig_name_input = "version_name"

    resource_group_name: pulumi.Output[str]
    gallery_name: pulumi.Output[str]
    image_name: pulumi.Output[str]
    version_name: pulumi.Output[str]
    location: pulumi.Output[str]
    target_regions: pulumi.Output[list[dict[str, Any]]]
    exclude_from_latest: pulumi.Output[bool]
    end_of_life_date: pulumi.Output[Optional[str]]
    provisioning_state: pulumi.Output[str]
    replication: pulumi.Output[dict[str, str]]
    published_date: pulumi.Output[str]
