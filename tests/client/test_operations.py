"""Operation groups against the fake server: PATCH bodies, paging, idempotent delete, replication waits."""
from __future__ import annotations

from typing import Any

import pytest

from pulumi_sig.client import ArmClient, OperationDeadlineExceeded, OperationFailedError
from pulumi_sig.models import ResourceGroup
from tests.client.fake_arm import FakeArm

VERSION_KEY = ("/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/"
               "microsoft.compute/galleries/g/images/i/versions/1.0.0")
VERSION = {"location": "westus", "properties": {
    "publishingProfile": {"targetRegions": [{"name": "West US"}, {"name": "East US"}]},
    "storageProfile": {"source": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/x"}}}}


def summary(**states: str) -> dict[str, Any]:
    entries = [{"region": region.replace("_", " "), "state": state, "progress": 100 if state == "Completed" else 10}
               for region, state in states.items()]
    return {"aggregatedState": "InProgress", "summary": entries}


def test_resource_group_update_patches(fake: FakeArm, client: ArmClient) -> None:
    client.resource_groups.create_or_update("rg", ResourceGroup(location="westus"))
    group = client.resource_groups.update("rg", {"tags": {"a": "b"}})
    assert group.tags == {"a": "b"} and fake.calls("PATCH")[0].body == {"tags": {"a": "b"}}


def test_list_follows_next_link_across_pages(make_fake: Any) -> None:
    fake = make_fake(page_size=2)
    from tests.client.conftest import fast_config

    with ArmClient(fast_config(fake.url)) as client:
        for index in range(5):
            client.galleries.create_or_update("rg", f"g{index}", {"location": "westus"})
        names = [g.name for g in client.galleries.list_by_resource_group("rg")]
    assert names == [f"g{index}" for index in range(5)]
    lists = [c for c in fake.calls("GET") if c.path.endswith("/galleries")]
    assert len(lists) == 3 and lists[1].query["$skiptoken"] == ["2"]


def test_top_is_sent(fake: FakeArm, client: ArmClient) -> None:
    for index in range(3):
        client.galleries.create_or_update("rg", f"g{index}", {"location": "westus"})
    assert len(client.galleries.list_by_resource_group("rg", top=1)) == 3
    assert [c.query.get("$top") for c in fake.calls("GET")][0] == ["1"]


def test_delete_of_missing_resource_returns(fake: FakeArm, client: ArmClient) -> None:
    fake.script("DELETE", "/galleries/gone", 404, {"error": {"code": "ResourceNotFound", "message": "gone"}})
    client.galleries.delete("rg", "gone")
    assert client.galleries.begin_delete("rg", "also-gone").done()


def test_wait_for_source_region_then_all(fake: FakeArm, client: ArmClient) -> None:
    client.image_versions.create_or_update("rg", "g", "i", "1.0.0", VERSION)
    fake.replication[VERSION_KEY] = [summary(West_US="Replicating", East_US="Replicating"),
                                     summary(West_US="Completed", East_US="Replicating"),
                                     summary(West_US="Completed", East_US="Completed")]
    seen: list[Any] = []
    status = client.image_versions.wait_for_regions("rg", "g", "i", "1.0.0", regions=["westus"],
                                                    on_progress=seen.append)
    assert len(seen) == 2 and {e.region: e.state for e in status.summary}["East US"] == "Replicating"
    status = client.image_versions.wait_for_regions("rg", "g", "i", "1.0.0")
    assert all(entry.state == "Completed" for entry in status.summary)


def test_wait_for_regions_failure_and_deadline(fake: FakeArm, client: ArmClient) -> None:
    client.image_versions.create_or_update("rg", "g", "i", "1.0.0", VERSION)
    fake.replication[VERSION_KEY] = [summary(West_US="Completed", East_US="Failed")]
    with pytest.raises(OperationFailedError) as caught:
        client.image_versions.wait_for_regions("rg", "g", "i", "1.0.0")
    assert caught.value.code == "ReplicationFailed" and caught.value.target == "East US"
    assert client.image_versions.wait_for_regions("rg", "g", "i", "1.0.0", regions=["West US"])
    fake.replication[VERSION_KEY] = [summary(West_US="Replicating")]
    with pytest.raises(OperationDeadlineExceeded):
        client.image_versions.wait_for_regions("rg", "g", "i", "1.0.0", regions=["West US"], deadline=0.1)


def test_latest_version_on_fake(fake: FakeArm, client: ArmClient) -> None:
    for name, profile in [("1.0.9", {}), ("1.0.12", {}), ("2.0.0", {"excludeFromLatest": True})]:
        body = {**VERSION, "properties": {**VERSION["properties"], "publishingProfile": profile}}
        client.image_versions.create_or_update("rg", "g", "i", name, body)
    assert client.latest_version("rg", "g", "i").name == "1.0.12"
    assert client.latest_version("rg", "g", "other") is None
