"""deploy(): an estate document turned into pulumi-sig resources, with the plan said at preview."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

import pulumi

from pulumi_sig.estate.document import Estate, Prices, ReplicationPolicy
from pulumi_sig.estate.live import ClientReader
from pulumi_sig.estate.loader import EstateError, load_estate, load_estate_text
from pulumi_sig.estate.plan import EstatePlan, LiveReader, VersionPlan, arm_names, plan_estate
from pulumi_sig.resources import (Gallery, ImageDefinition, ImageSource, ImageVersion, ResourceGroup,
                                  TargetRegionArgs)


@dataclass
class EstateResources:
    """What deploy() made, by the document's keys (versions by 'gallery/definition/version')."""

    plan: EstatePlan
    resource_groups: dict[str, ResourceGroup] = field(default_factory=dict)
    image_sources: dict[str, ImageSource] = field(default_factory=dict)
    galleries: dict[str, Gallery] = field(default_factory=dict)
    definitions: dict[str, ImageDefinition] = field(default_factory=dict)
    versions: dict[str, ImageVersion] = field(default_factory=dict)


def deploy(path: str | Path = "estate.yaml", *, stack: str | None = None, now: datetime | None = None,
           replication: ReplicationPolicy | None = None, prices: Prices | None = None,
           live: LiveReader | None = None) -> EstateResources:
    """Declare every resource of the estate at `path` (or in the stack config value
    `estate:document`, when set) for this stack, its overlays merged.

    A bad document fails here, at preview, naming file, line and path. `now` (default: config
    `estate:asOf`, else the current time) decides end of life and age; `replication` and `prices`
    replace the document's; `live` reads what exists (default: the stack's backend)."""
    stack = stack or pulumi.get_stack()
    document = pulumi.Config("estate").get("document")
    try:
        estate = load_estate_text(document, label="estate:document", stack=stack) if document \
            else load_estate(path, stack=stack)
    except EstateError as error:
        raise pulumi.RunError("estate: the document can't be deployed:\n" + str(error)) from None
    estate = estate.model_copy(update={key: value for key, value in
                                       (("replication", replication), ("prices", prices)) if value is not None})
    reader = live or _backend_reader()
    plan = plan_estate(estate, live=reader, now=now or as_of())
    for failure in getattr(reader, "failures", []):
        pulumi.log.warn(f"estate: could not read what exists ({failure}); retention counts no version there")
    _say(plan)
    made = _declare(estate, plan)
    _export(plan)
    return made


def as_of() -> datetime:
    """Config `estate:asOf` (a date or date-time: preview the estate as of then), else now."""
    value = pulumi.Config("estate").get("asOf")
    if not value:
        return datetime.now(timezone.utc)
    try:
        parsed = datetime.fromisoformat(value) if "T" in value else datetime.combine(date.fromisoformat(value), time())
    except ValueError:
        raise pulumi.RunError(f"estate:asOf: '{value}' is not a date (YYYY-MM-DD) or date-time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _backend_reader() -> ClientReader:
    from pulumi_sig.resources._client_cache import client_for
    from pulumi_sig.resources._settings import program_settings

    return ClientReader(client_for(program_settings()))


def _say(plan: EstatePlan) -> None:
    for line in plan.notes:
        pulumi.log.info(f"estate: {line}")
    for line in plan.warnings + [f"advice: {line}" for line in plan.advice]:
        pulumi.log.warn(f"estate: {line}")
    before, after = plan.before, plan.after
    pulumi.log.info(
        f"estate: snapshots {before['snapshots']} -> {after['snapshots']}, storage {before['storage_gb']} -> "
        f"{after['storage_gb']} GB ({before['storage_per_month']} -> {after['storage_per_month']} "
        f"{after['currency']}/month); this change copies {round(plan.change_egress_gb, 4)} GB to new regions")


def _declare(estate: Estate, plan: EstatePlan) -> EstateResources:
    made = EstateResources(plan)
    for key, group in estate.resource_groups.items():
        made.resource_groups[key] = ResourceGroup(key, resource_group_name=group.name or key,
                                                  location=group.location, tags=group.tags or None)
    for key, source in estate.image_sources.items():
        group = estate.resource_groups[source.resource_group]
        made.image_sources[key] = ImageSource(
            key, resource_group_name=made.resource_groups[source.resource_group].resource_group_name,
            source_name=source.name or key, source_type=source.source_type,
            location=source.location or group.location, os_type=source.os_type, os_state=source.os_state,
            hyper_v_generation=source.hyper_v_generation, disk_size_gb=source.disk_size_gb,
            data_disk_sizes_gb=source.data_disk_sizes_gb or None)
    for key, gallery in estate.galleries.items():
        made.galleries[key] = Gallery(
            key, resource_group_name=made.resource_groups[gallery.resource_group].resource_group_name,
            gallery_name=gallery.name or key, location=_gallery_location(estate, key),
            description=gallery.description, tags=gallery.tags or None)
    for definition in plan.definitions:
        if definition.retired is None:
            _declare_definition(estate, made, definition.gallery_key, definition.key)
    _declare_versions(estate, made, plan.versions())
    return made


def _gallery_location(estate: Estate, key: str) -> str:
    gallery = estate.galleries[key]
    return gallery.location or estate.resource_groups[gallery.resource_group].location


def _declare_definition(estate: Estate, made: EstateResources, gallery_key: str, key: str) -> None:
    spec = estate.galleries[gallery_key].definitions[key]
    gallery = made.galleries[gallery_key]
    made.definitions[f"{gallery_key}/{key}"] = ImageDefinition(
        f"{gallery_key}/{key}", resource_group_name=gallery.resource_group_name, gallery_name=gallery.gallery_name,
        image_name=arm_names(estate, gallery_key, key)[2], location=_gallery_location(estate, gallery_key),
        os_type=spec.os_type, os_state=spec.os_state, hyper_v_generation=spec.hyper_v_generation,
        publisher=spec.publisher, offer=spec.offer, sku=spec.sku, description=spec.description,
        end_of_life_date=_instant(spec.end_of_life_date), tags=spec.tags or None)


def _declare_versions(estate: Estate, made: EstateResources, versions: list[VersionPlan]) -> None:
    """Versions whose source is another estate version come after that version."""
    pending = list(versions)
    while pending:
        ready = [v for v in pending if _source_id(estate, made, v) is not None]
        if not ready:
            raise pulumi.RunError("estate: versions whose sources form a cycle: "
                                  + ", ".join(v.label for v in pending))
        for version in ready:
            _declare_version(estate, made, version)
        pending = [v for v in pending if v not in ready]


def _source_id(estate: Estate, made: EstateResources, version: VersionPlan) -> Any:
    source = version.spec.source
    if source.image_source is not None:
        return made.image_sources[source.image_source].id
    if source.id is not None:
        return source.id
    gallery_key, definition_key, _ = version.label.split("/")
    reference = source.version or ""
    label = reference if "/" in reference else f"{gallery_key}/{definition_key}/{reference}"
    target = made.versions.get(label)
    return target.id if target is not None else None


def _declare_version(estate: Estate, made: EstateResources, version: VersionPlan) -> None:
    gallery_key, definition_key, name = version.label.split("/")
    definition = made.definitions[f"{gallery_key}/{definition_key}"]
    spec = version.spec
    home = next(iter(version.placement.replicas))
    made.versions[version.label] = ImageVersion(
        version.label, resource_group_name=definition.resource_group_name, gallery_name=definition.gallery_name,
        image_name=definition.image_name, version_name=name, location=home,
        source_id=_source_id(estate, made, version),
        target_regions=[TargetRegionArgs(region, regional_replica_count=count,
                                         storage_account_type=spec.storage_account_type)
                        for region, count in version.placement.replicas.items()],
        storage_account_type=spec.storage_account_type, exclude_from_latest=version.exclude_from_latest,
        end_of_life_date=_instant(spec.end_of_life_date), tags=spec.tags or None)


def _instant(day: date | None) -> str | None:
    return None if day is None else f"{day.isoformat()}T00:00:00Z"


def _export(plan: EstatePlan) -> None:
    pulumi.export("versions", {v.label: {"tier": v.placement.tier, "rank": _rank(v),
                                         "excluded_from_latest": v.exclude_from_latest, **v.cost.as_output()}
                               for v in plan.versions()})
    pulumi.export("estate", plan.after)
    pulumi.export("quota", plan.quota)
    pulumi.export("advice", plan.advice)
    pulumi.export("removed", {f"{d.label}/{name}": why for d in plan.definitions
                              for name, why in d.retention.removed.items()})


def _rank(version: VersionPlan) -> int | None:
    """1 is the newest (expired versions have no rank)."""
    return None if version.placement.rank is None else version.placement.rank + 1
