"""The estate's plan, without Pulumi: placements, retirements, costs, advice and quota headroom."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from pulumi_sig.estate.checks import definition_regions, home_region, version_reference
from pulumi_sig.estate.cost import VersionCost, change_egress, estate_totals, replica_advice, version_cost
from pulumi_sig.estate.document import DefinitionSpec, Estate, GallerySpec, ReplicationPolicy, VersionSpec
from pulumi_sig.estate.policy import Placement, place_versions
from pulumi_sig.estate.retention import LiveVersion, RetentionPlan, as_instant, plan_retention
from pulumi_sig.models.limits import VERSIONS_PER_REGION

# (resource group, gallery, definition) ARM names -> the versions that exist, by name.
LiveReader = Callable[[str, str, str], dict[str, LiveVersion]]


@dataclass
class VersionPlan:
    """One version the estate deploys."""

    label: str  # gallery/definition/version keys: also the Pulumi resource name
    spec: VersionSpec
    placement: Placement
    expired: bool
    cost: VersionCost

    @property
    def exclude_from_latest(self) -> bool:
        return self.spec.exclude_from_latest or self.expired


@dataclass
class DefinitionPlan:
    """One definition: kept or retired, its versions and what retention decided."""

    gallery_key: str
    key: str
    spec: DefinitionSpec
    home: str
    retention: RetentionPlan
    policy: ReplicationPolicy
    versions: list[VersionPlan] = field(default_factory=list)
    retired: str | None = None  # why the whole definition goes

    @property
    def label(self) -> str:
        return f"{self.gallery_key}/{self.key}"


@dataclass
class EstatePlan:
    definitions: list[DefinitionPlan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # info lines for preview
    warnings: list[str] = field(default_factory=list)  # what goes, advice, quota
    advice: list[str] = field(default_factory=list)
    quota: dict[str, dict[str, int]] = field(default_factory=dict)
    before: dict[str, object] = field(default_factory=dict)
    after: dict[str, object] = field(default_factory=dict)
    change_egress_gb: float = 0.0

    def versions(self) -> list[VersionPlan]:
        return [version for definition in self.definitions for version in definition.versions]


def arm_names(estate: Estate, gallery_key: str, definition_key: str) -> tuple[str, str, str]:
    """The (resource group, gallery, definition) ARM names of a definition."""
    gallery = estate.galleries[gallery_key]
    group = estate.resource_groups[gallery.resource_group]
    definition = gallery.definitions[definition_key]
    return group.name or gallery.resource_group, gallery.name or gallery_key, definition.name or definition_key


def plan_estate(estate: Estate, *, live: LiveReader, now: datetime) -> EstatePlan:
    """What the estate deploys at `now`, given what exists."""
    plan = EstatePlan()
    sources = sources_in_use(estate)
    live_by_definition: dict[str, dict[str, LiveVersion]] = {}
    for gallery_key, gallery in estate.galleries.items():
        for key, definition in gallery.definitions.items():
            found = live(*arm_names(estate, gallery_key, key))
            live_by_definition[f"{gallery_key}/{key}"] = found
            plan.definitions.append(_plan_definition(estate, gallery_key, gallery, key, definition, found=found,
                                                     now=now, sources=sources.get((gallery_key, key), {})))
    for planned in plan.definitions:
        _explain(plan, planned)
    _summarise(plan, estate, live_by_definition)
    return plan


def sources_in_use(estate: Estate) -> dict[tuple[str, str], dict[str, str]]:
    """(gallery, definition) keys -> {version name: the version that uses it as its source}."""
    used: dict[tuple[str, str], dict[str, str]] = {}
    for gallery_key, gallery in estate.galleries.items():
        for key, definition in gallery.definitions.items():
            for version in definition.versions:
                target = _source_version(estate, gallery_key, key, version)
                if target is not None:
                    used.setdefault(target[:2], {})[target[2]] = f"{gallery_key}/{key}/{version.name}"
    return used


def _source_version(estate: Estate, gallery_key: str, key: str, version: VersionSpec) -> tuple[str, str, str] | None:
    if version.source.version is not None:
        return version_reference(estate, gallery_key, key, version.source.version)
    source_id = (version.source.id or "").lower()
    for other_gallery, gallery in estate.galleries.items():
        for other_key in gallery.definitions:
            _, gallery_name, image_name = arm_names(estate, other_gallery, other_key)
            marker = f"/galleries/{gallery_name}/images/{image_name}/versions/".lower()
            if marker in source_id:
                return other_gallery, other_key, source_id.rsplit("/", 1)[-1]
    return None


def _plan_definition(estate: Estate, gallery_key: str, gallery: GallerySpec, key: str, spec: DefinitionSpec, *,
                     found: dict[str, LiveVersion], now: datetime, sources: dict[str, str]) -> DefinitionPlan:
    retention = spec.retention or estate.retention
    regions = definition_regions(estate, gallery, spec)
    outcome = plan_retention(spec.versions, live=found, retention=retention,
                             definition_end_of_life=spec.end_of_life_date, now=now, sources_in_use=sources)
    policy = spec.replication or estate.replication
    plan = DefinitionPlan(gallery_key, key, spec, regions[0], outcome, policy)
    definition_end = as_instant(spec.end_of_life_date)
    if definition_end is not None and definition_end <= now and retention.remove_expired and not outcome.kept:
        plan.retired = f"its end of life {spec.end_of_life_date} has passed (retention.remove_expired)"
        outcome.removed = {v.name: plan.retired for v in spec.versions}
        return plan
    staying = [v for v in spec.versions if v.name not in outcome.removed]
    placements = place_versions(staying, policy=policy, regions=regions,
                                load=spec.load, expired=outcome.expired)
    for version in staying:
        if version.name in outcome.expired and version.name not in found:
            outcome.kept[version.name] = "not created: its end of life has passed"
            continue
        size = occupied_size(estate, spec, version)
        cost = version_cost(placements[version.name].replicas, occupied_size_gb=size or 0.0,
                            source_region=regions[0], prices=estate.prices)
        plan.versions.append(VersionPlan(f"{gallery_key}/{key}/{version.name}", version,
                                         placements[version.name], version.name in outcome.expired, cost))
    return plan


def occupied_size(estate: Estate, definition: DefinitionSpec, version: VersionSpec) -> float | None:
    """The billed size: declared, else the definition's, else the estate source's disks (an upper bound)."""
    if version.occupied_size_gb or definition.occupied_size_gb:
        return version.occupied_size_gb or definition.occupied_size_gb
    source = estate.image_sources.get(version.source.image_source or "")
    return float(source.disk_size_gb + sum(source.data_disk_sizes_gb)) if source else None


def _explain(plan: EstatePlan, definition: DefinitionPlan) -> None:
    label = definition.label
    if definition.retired:
        plan.warnings.append(f"retiring definition {label} and its versions: {definition.retired}")
    for name, why in definition.retention.removed.items():
        plan.warnings.append(f"removing {label}/{name}: {why}")
    for name, why in definition.retention.kept.items():
        plan.notes.append(f"keeping {label}/{name}: {why}")
    for version in definition.versions:
        regions = ", ".join(f"{region}={count}" for region, count in version.placement.replicas.items())
        rank = "" if version.placement.rank is None else f" (rank {version.placement.rank + 1})"
        plan.notes.append(f"{version.label}: {version.placement.tier}{rank}: {regions}"
                          + (", excluded from latest (expired)" if version.expired else ""))
        if version.spec.name == definition.retention.latest and definition.spec.load:
            advice = replica_advice(version.label, version.placement.replicas, load=definition.spec.load,
                                    policy=definition.policy)
            plan.advice += advice


def _summarise(plan: EstatePlan, estate: Estate, live: dict[str, dict[str, LiveVersion]]) -> None:
    costs = [version.cost for version in plan.versions()]
    plan.after = estate_totals(costs, currency=estate.prices.currency)
    before_costs = []
    for definition in plan.definitions:
        sizes = {v.name: occupied_size(estate, definition.spec, v) or 0.0 for v in definition.spec.versions}
        found = live.get(definition.label, {})
        for name, existing in found.items():
            before_costs.append(version_cost(existing.regions, occupied_size_gb=sizes.get(name, 0.0),
                                             source_region=definition.home, prices=estate.prices))
        for version in definition.versions:
            before = found.get(version.spec.name)
            plan.change_egress_gb += change_egress(before.regions if before else None, version.placement.replicas,
                                                   occupied_size_gb=version.cost.occupied_size_gb,
                                                   source_region=definition.home)
    plan.before = estate_totals(before_costs, currency=estate.prices.currency)
    plan.quota = quota_headroom(plan, live)
    for region, numbers in plan.quota.items():
        if numbers["headroom"] < VERSIONS_PER_REGION // 10:
            plan.warnings.append(f"quota: {numbers['versions']} versions in {region}, {numbers['headroom']} left "
                                 f"of the {VERSIONS_PER_REGION} per subscription and region")


def quota_headroom(plan: EstatePlan, live: dict[str, dict[str, LiveVersion]]) -> dict[str, dict[str, int]]:
    """Versions per region (planned, plus those found that the plan does not name) against the quota.

    Counts only the estate's own definitions: other versions of the subscription are not read."""
    counts: dict[str, int] = {}
    for definition in plan.definitions:
        planned = {version.spec.name: version.placement.replicas for version in definition.versions}
        found = {name: version.regions for name, version in live.get(definition.label, {}).items()
                 if name not in planned and name not in definition.retention.removed}
        for regions in [*planned.values(), *found.values()]:
            for region in regions:
                counts[region] = counts.get(region, 0) + 1
    return {region: {"versions": count, "limit": VERSIONS_PER_REGION, "headroom": VERSIONS_PER_REGION - count}
            for region, count in sorted(counts.items())}
