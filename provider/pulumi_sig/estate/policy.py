"""Replication policy: a version's regions and replica counts from its rank and the declared load."""
from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Callable, Literal

from pulumi_sig.estate.document import RegionLoad, ReplicationPolicy, VersionSpec
from pulumi_sig.models.limits import REPLICAS_PER_REGION
from pulumi_sig.models.versions import version_key

# The seed: "For every 20 VMs that you create concurrently, we recommend you keep one replica",
# and "for every scale set deployment with up to 600 instances ... at least one replica".
VMS_PER_REPLICA = 20
SCALE_SET_INSTANCES_PER_REPLICA = 600

CountFor = Callable[[str], int]


def replicas_for_load(load: RegionLoad | None) -> int:
    """Replicas the seed's rule asks for this load (0 for none; not capped)."""
    if load is None:
        return 0
    for_vms = ceil(load.concurrent_vms / VMS_PER_REPLICA)
    for_scale_sets = load.scale_sets * ceil(load.scale_set_instances / SCALE_SET_INSTANCES_PER_REPLICA)
    return max(for_vms, for_scale_sets)


@dataclass(frozen=True)
class Placement:
    """Where one version goes: its tier ('tier 1', 'rest', 'expired', 'pinned'), rank and replicas per region."""

    tier: str
    rank: int | None
    replicas: dict[str, int]


def rank_versions(names: list[str], *, expired: set[str]) -> dict[str, int]:
    """Rank 0 is the newest by MAJOR.MINOR.PATCH; expired versions have no rank."""
    live = sorted((name for name in names if name not in expired), key=version_key, reverse=True)
    return {name: rank for rank, name in enumerate(live)}


def load_replicas(policy: ReplicationPolicy, load: RegionLoad | None) -> int:
    """A 'load' tier's count in one region: the rule plus overprovision, capped at the ARM limit."""
    needed = replicas_for_load(load)
    if needed == 0:
        return policy.min_replicas
    return min(REPLICAS_PER_REGION, max(policy.min_replicas, needed + policy.overprovision))


def tier_of(policy: ReplicationPolicy, rank: int) -> tuple[str, int | None]:
    """('tier N', index) for a rank, or ('rest', None) below every tier."""
    start = 0
    for index, tier in enumerate(policy.tiers):
        if rank < start + tier.newest:
            return f"tier {index + 1}", index
        start += tier.newest
    return "rest", None


def place_versions(versions: list[VersionSpec], *, policy: ReplicationPolicy, regions: list[str],
                   load: dict[str, RegionLoad], expired: set[str]) -> dict[str, Placement]:
    """Each version's placement. `regions` starts with the home region."""
    ranks = rank_versions([version.name for version in versions], expired=expired)
    placements = {}
    for version in versions:
        rank = ranks.get(version.name)
        if version.replicas is not None:
            placements[version.name] = Placement("pinned", rank, _home_first(version.replicas, regions[0]))
            continue
        tier_name, index = ("expired", None) if rank is None else tier_of(policy, rank)
        if index is None:
            counts = _spread(policy.rest.regions, regions, lambda region: policy.rest.replicas)
        else:
            tier = policy.tiers[index]
            replicas = tier.replicas
            counts = _spread(tier.regions, regions, lambda region: load_replicas(policy, load.get(region))
                             if replicas == "load" else int(replicas))
        placements[version.name] = Placement(tier_name, rank, counts)
    return placements


def _spread(scope: Literal["all", "home"], regions: list[str], count: CountFor) -> dict[str, int]:
    chosen = regions if scope == "all" else regions[:1]
    return {region: count(region) for region in chosen}


def _home_first(replicas: dict[str, int], home: str) -> dict[str, int]:
    return {home: replicas[home], **{r: n for r, n in replicas.items() if r != home}}
