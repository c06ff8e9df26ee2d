"""The seed's cost model (snapshot storage per replica per region, egress of the first copy to each
extra region) and replica advice against the seed's load rule."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Iterable

from pulumi_sig.estate.document import Prices, RegionLoad, ReplicationPolicy
from pulumi_sig.estate.policy import replicas_for_load
from pulumi_sig.models.limits import REPLICAS_PER_REGION


@dataclass(frozen=True)
class VersionCost:
    """What one version costs where it is replicated."""

    replicas: dict[str, int]
    occupied_size_gb: float
    snapshots: int  # one per replica per region
    storage_gb: float  # occupied size x replicas, summed over regions
    storage_per_month: float
    egress_gb: float  # the first copy to each region other than the source region
    egress_cost: float  # once, when the version is replicated
    currency: str

    def as_output(self) -> dict[str, Any]:
        return {key: round(value, 4) if isinstance(value, float) else value for key, value in asdict(self).items()}


def version_cost(replicas: dict[str, int], *, occupied_size_gb: float, source_region: str,
                 prices: Prices) -> VersionCost:
    """Snapshot storage billed on the occupied size for every replica in every region, and egress
    for the first copy out of the source region (later replicas are made inside the region)."""
    snapshots = sum(replicas.values())
    monthly = sum(occupied_size_gb * count * prices.snapshot_price(region) for region, count in replicas.items())
    extra_regions = [region for region in replicas if region != source_region]
    egress_gb = occupied_size_gb * len(extra_regions)
    return VersionCost(replicas=dict(replicas), occupied_size_gb=occupied_size_gb, snapshots=snapshots,
                       storage_gb=occupied_size_gb * snapshots, storage_per_month=monthly, egress_gb=egress_gb,
                       egress_cost=egress_gb * prices.egress_price(source_region), currency=prices.currency)


def estate_totals(costs: Iterable[VersionCost], *, currency: str) -> dict[str, Any]:
    """The estate's replicas per region and totals."""
    per_region: dict[str, int] = {}
    totals = {"snapshots": 0, "storage_gb": 0.0, "storage_per_month": 0.0, "egress_gb": 0.0, "egress_cost": 0.0}
    for cost in costs:
        for region, count in cost.replicas.items():
            per_region[region] = per_region.get(region, 0) + count
        totals["snapshots"] += cost.snapshots
        for key in ("storage_gb", "storage_per_month", "egress_gb", "egress_cost"):
            totals[key] += getattr(cost, key)
    return {"replicas": per_region, **{k: round(v, 4) for k, v in totals.items()}, "currency": currency}


def change_egress(before: dict[str, int] | None, after: dict[str, int], *, occupied_size_gb: float,
                  source_region: str) -> float:
    """GB copied out of the source region by this change: one first copy per newly added region."""
    added = [region for region in after if region != source_region and region not in (before or {})]
    return occupied_size_gb * len(added)


def replica_advice(label: str, replicas: dict[str, int], *, load: dict[str, RegionLoad],
                   policy: ReplicationPolicy) -> list[str]:
    """Advice for the version new VMs are created from: under the seed's rule, over what the load
    needs (beyond the policy's overprovision), or a load no count within ARM's limit can serve."""
    advice = []
    for region, declared in load.items():
        needed = replicas_for_load(declared)
        if needed == 0:
            continue
        have = replicas.get(region, 0)
        rule = (f"{declared.concurrent_vms} VMs at once and {declared.scale_sets} scale-set deployments "
                f"need {needed} (one per {20} VMs, one per scale set of up to 600)")
        if needed > REPLICAS_PER_REGION:
            advice.append(f"{label}: {region}: {rule}, more than the {REPLICAS_PER_REGION} replicas a region "
                          f"allows; spread the load over more regions or versions")
        elif have < needed:
            advice.append(f"{label}: {region}: {have} replica(s) is under the seed's rule: {rule}")
        elif have > needed + policy.overprovision:
            advice.append(f"{label}: {region}: {have} replicas is more than the load needs: {rule}, "
                          f"+{policy.overprovision} overprovision; {have - needed - policy.overprovision} "
                          f"snapshot(s) could go")
    return advice
