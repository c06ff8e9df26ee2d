"""The seed's cost model and replica advice."""
from __future__ import annotations

import pytest

from pulumi_sig.estate.cost import change_egress, estate_totals, replica_advice, version_cost
from pulumi_sig.estate.document import Prices, RegionLoad, RegionPrices, ReplicationPolicy


def test_the_seeds_example_six_snapshots_of_ten_gb_and_egress_to_two_extra_regions() -> None:
    # "127 GB OS disk that only occupies 10 GB ... replicated to 3 regions, two replicas each"
    cost = version_cost({"westeurope": 2, "northeurope": 2, "swedencentral": 2}, occupied_size_gb=10,
                        source_region="westeurope", prices=Prices(snapshot_gb_month=0.05, egress_gb=0.1))
    assert (cost.snapshots, cost.storage_gb, cost.egress_gb) == (6, 60, 20)
    assert cost.storage_per_month == pytest.approx(3.0) and cost.egress_cost == pytest.approx(2.0)


def test_prices_per_region_override_the_table() -> None:
    prices = Prices(currency="CNY", snapshot_gb_month=0.3, egress_gb=0.5,
                    regions={"China North 2": RegionPrices(snapshot_gb_month=0.2),
                             "chinaeast2": RegionPrices(egress_gb=0.7)})
    cost = version_cost({"chinaeast2": 1, "chinanorth2": 3}, occupied_size_gb=10, source_region="chinaeast2",
                        prices=prices)
    assert cost.storage_per_month == pytest.approx(10 * 0.3 + 30 * 0.2)
    assert cost.egress_cost == pytest.approx(10 * 0.7) and cost.as_output()["currency"] == "CNY"


def test_estate_totals_sum_replicas_per_region() -> None:
    prices = Prices()
    costs = [version_cost({"westeurope": 3, "northeurope": 2}, occupied_size_gb=10, source_region="westeurope",
                          prices=prices),
             version_cost({"westeurope": 1}, occupied_size_gb=5, source_region="westeurope", prices=prices)]
    totals = estate_totals(costs, currency="USD")
    assert totals["replicas"] == {"westeurope": 4, "northeurope": 2}
    assert (totals["snapshots"], totals["storage_gb"], totals["egress_gb"]) == (6, 55, 10)


def test_a_change_pays_egress_only_for_regions_it_adds() -> None:
    assert change_egress(None, {"westeurope": 2, "northeurope": 1}, occupied_size_gb=10,
                         source_region="westeurope") == 10
    assert change_egress({"westeurope": 2, "northeurope": 1}, {"westeurope": 5, "northeurope": 3},
                         occupied_size_gb=10, source_region="westeurope") == 0  # more replicas: copied in-region


def test_advice_under_over_and_beyond_the_limit() -> None:
    policy = ReplicationPolicy(overprovision=1)
    load = {"westeurope": RegionLoad(concurrent_vms=120), "northeurope": RegionLoad(scale_sets=2),
            "swedencentral": RegionLoad(concurrent_vms=300)}
    advice = replica_advice("platform/ubuntu/1.2.0", {"westeurope": 2, "northeurope": 9, "swedencentral": 10},
                            load=load, policy=policy)
    assert len(advice) == 3
    assert advice[0].startswith("platform/ubuntu/1.2.0: westeurope: 2 replica(s) is under the seed's rule: "
                                "120 VMs at once and 0 scale-set deployments need 6")
    assert advice[1].startswith("platform/ubuntu/1.2.0: northeurope: 9 replicas is more than the load needs")
    assert advice[1].endswith("+1 overprovision; 6 snapshot(s) could go")
    assert "need 15" in advice[2] and "more than the 10 replicas a region allows" in advice[2]
    assert replica_advice("v", {"westeurope": 7}, load={"westeurope": RegionLoad(concurrent_vms=120)},
                          policy=policy) == []
