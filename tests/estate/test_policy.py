"""Replication policy: rank among the definition's versions, the seed's load rule, tiers, pins."""
from __future__ import annotations

import pytest

from pulumi_sig.estate.document import RegionLoad, ReplicationPolicy, SourceRef, Tier, VersionSpec
from pulumi_sig.estate.policy import load_replicas, place_versions, rank_versions, replicas_for_load, tier_of

REGIONS = ["westeurope", "northeurope", "swedencentral"]


def versions(*names: str, **extra: object) -> list[VersionSpec]:
    source = SourceRef(image_source="build")
    return [VersionSpec(name=name, source=source, **extra) for name in names]  # type: ignore[arg-type]


@pytest.mark.parametrize(("load", "replicas"), [
    (RegionLoad(), 0),
    (RegionLoad(concurrent_vms=1), 1),
    (RegionLoad(concurrent_vms=20), 1),
    (RegionLoad(concurrent_vms=21), 2),
    (RegionLoad(concurrent_vms=120), 6),  # the seed's example
    (RegionLoad(scale_sets=5), 5),  # the seed's example: 5 scale sets of 600
    (RegionLoad(scale_sets=2, scale_set_instances=1000), 4),  # a 1,000-instance scale set is two of 600
    (RegionLoad(concurrent_vms=40, scale_sets=3), 3),
])
def test_the_seeds_load_rule(load: RegionLoad, replicas: int) -> None:
    assert replicas_for_load(load) == replicas


def test_load_counts_are_overprovisioned_and_capped_at_ten() -> None:
    policy = ReplicationPolicy(overprovision=1, min_replicas=2)
    assert load_replicas(policy, None) == 2  # no load declared: the policy's minimum
    assert load_replicas(policy, RegionLoad(concurrent_vms=120)) == 7
    assert load_replicas(policy, RegionLoad(concurrent_vms=400)) == 10  # 20 needed: ARM allows 10 per region


def test_rank_is_numeric_and_expired_versions_have_none() -> None:
    assert rank_versions(["1.0.9", "1.0.12", "0.9.0", "1.1.0"], expired={"1.1.0"}) == {
        "1.0.12": 0, "1.0.9": 1, "0.9.0": 2}


def test_tiers_by_rank() -> None:
    policy = ReplicationPolicy()  # newest 2 everywhere, next 3 at home, the rest at one
    assert [tier_of(policy, rank)[0] for rank in range(7)] == ["tier 1"] * 2 + ["tier 2"] * 3 + ["rest"] * 2


def test_newest_two_everywhere_by_load_next_three_at_home_rest_at_one() -> None:
    policy = ReplicationPolicy(tiers=[Tier(newest=2, regions="all", replicas="load"),
                                      Tier(newest=3, regions="home", replicas=2)], overprovision=1)
    load = {"westeurope": RegionLoad(concurrent_vms=120), "northeurope": RegionLoad(scale_sets=2)}
    # listed in no particular order: placement follows the version numbers, not the list
    placed = place_versions(versions("1.0.3", "1.0.10", "1.0.1", "1.0.9", "1.0.2", "1.0.0"), policy=policy,
                            regions=REGIONS, load=load, expired=set())
    assert placed["1.0.10"].replicas == {"westeurope": 7, "northeurope": 3, "swedencentral": 1}
    assert placed["1.0.9"].replicas == placed["1.0.10"].replicas and placed["1.0.9"].tier == "tier 1"
    assert {name: placed[name].replicas for name in ("1.0.3", "1.0.2", "1.0.1")} == {
        name: {"westeurope": 2} for name in ("1.0.3", "1.0.2", "1.0.1")}
    assert placed["1.0.0"].tier == "rest" and placed["1.0.0"].replicas == {"westeurope": 1}


def test_a_new_version_demotes_the_one_that_falls_out_of_the_top_tier() -> None:
    policy = ReplicationPolicy()
    before = place_versions(versions("1.0.0", "1.1.0"), policy=policy, regions=REGIONS, load={}, expired=set())
    after = place_versions(versions("1.0.0", "1.1.0", "1.2.0"), policy=policy, regions=REGIONS, load={},
                           expired=set())
    assert before["1.0.0"].replicas == {region: 1 for region in REGIONS}
    assert after["1.0.0"].replicas == {"westeurope": 1} and after["1.1.0"] == before["1.1.0"].__class__(
        "tier 1", 1, {region: 1 for region in REGIONS})


def test_expired_versions_go_to_the_rest_tier_and_pins_win() -> None:
    policy = ReplicationPolicy()
    pinned = versions("2.0.0", replicas={"northeurope": 3, "westeurope": 2})
    placed = place_versions(versions("1.0.0", "1.1.0") + pinned, policy=policy, regions=REGIONS, load={},
                            expired={"1.1.0"})
    assert placed["1.1.0"].tier == "expired" and placed["1.1.0"].replicas == {"westeurope": 1}
    assert placed["1.0.0"].rank == 1 and placed["1.0.0"].tier == "tier 1"
    assert placed["2.0.0"].tier == "pinned" and list(placed["2.0.0"].replicas) == ["westeurope", "northeurope"]
