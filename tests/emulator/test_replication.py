"""Replication computed from timestamps: time mode, manual mode, and re-replication of changed regions."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from pulumi_sig.emulator import replication
from tests.emulator.conftest import Arm, error_code, start_server


def _status(arm: Arm, version: str = "1.0.0") -> dict[str, Any]:
    body = arm.get(arm.version_path(version), params={"$expand": "ReplicationStatus"}).json()
    return body["properties"]


@pytest.fixture
def manual(tmp_path: Path) -> Iterator[Arm]:
    server = start_server(tmp_path / "manual", replication="manual")
    yield Arm(server.url or "")
    server.stop()


def test_pure_functions() -> None:
    fast = replication.region_duration(occupied_gb=10, region_count=1, replicas=1, time_scale=1)
    assert replication.region_duration(occupied_gb=100, region_count=1, replicas=1, time_scale=1) > fast
    assert replication.region_duration(occupied_gb=10, region_count=1, replicas=5, time_scale=1) > fast
    assert replication.region_duration(occupied_gb=10, region_count=4, replicas=1, time_scale=1) > fast
    assert replication.region_duration(occupied_gb=10, region_count=1, replicas=1, time_scale=10) == fast / 10
    plan = replication.plan_regions({}, {"westus": 1}, now=0, occupied_gb=10, time_scale=1)
    entry = plan["westus"]
    assert replication.region_state_at(entry, now=0, mode="time") == ("Replicating", 0)
    assert replication.region_state_at(entry, now=entry["duration"], mode="time") == ("Completed", 100)
    assert replication.region_state_at(entry, now=0, mode="immediate") == ("Completed", 100)
    assert replication.region_state_at(entry, now=1e9, mode="manual") == ("Replicating", 0)
    replanned = replication.plan_regions(plan, {"westus": 1, "eastus": 2}, now=5, occupied_gb=10, time_scale=1)
    assert replanned["westus"] is entry and replanned["eastus"]["started_at"] == 5


@pytest.mark.timeout(60)
def test_time_mode_shows_in_progress_then_completed(tmp_path: Path) -> None:
    # 10 GB, one region, one replica: (20 s + 2 s/GB x 10 GB) / 40 = 1 s
    server = start_server(tmp_path, replication="time", time_scale=40)
    try:
        arm = Arm(server.url or "")
        arm.stack()
        arm.source(size=10)
        created = arm.put(arm.version_path(), arm.version_body())
        assert created.status_code == 201 and created.json()["properties"]["provisioningState"] == "Creating"
        props = _status(arm)
        assert props["provisioningState"] == "Creating"
        assert props["replicationStatus"]["aggregatedState"] == "InProgress"
        assert props["replicationStatus"]["summary"][0]["state"] == "Replicating"
        assert arm.http.get(created.headers["Azure-AsyncOperation"]).json()["status"] == "InProgress"
        assert arm.http.get(created.headers["Location"]).status_code == 202
        assert arm.get(arm.version_path()).json()["properties"]["provisioningState"] == "Creating"
        deadline = time.time() + 10
        while _status(arm)["replicationStatus"]["aggregatedState"] != "Completed":
            assert time.time() < deadline
            time.sleep(0.1)
        props = _status(arm)
        assert props["provisioningState"] == "Succeeded"
        assert props["replicationStatus"]["summary"] == [
            {"region": "West US", "state": "Completed", "details": "", "progress": 100}]
        operation = arm.http.get(created.headers["Azure-AsyncOperation"]).json()
        assert operation["status"] == "Succeeded" and operation["endTime"]
        assert arm.http.get(created.headers["Location"]).status_code == 200
    finally:
        server.stop()


def test_manual_mode_advance_complete_and_fail(manual: Arm) -> None:
    arm = manual
    arm.stack()
    created = arm.put(arm.version_path(), arm.version_body(regions=["westus", "eastus"]))
    version_id = created.json()["id"]
    assert _status(arm)["replicationStatus"]["aggregatedState"] == "InProgress"
    advanced = arm.call("POST", "/_emulator/replication/advance", {"versionId": version_id, "region": "westus",
                                                                   "progress": 50}, api=None)
    assert advanced.status_code == 200
    summary = {s["region"]: s for s in advanced.json()["summary"]}
    assert summary["West US"]["progress"] == 50 and summary["West US"]["state"] == "Replicating"
    arm.call("POST", "/_emulator/replication/advance", {"versionId": version_id, "region": "West US",
                                                        "complete": True}, api=None)
    arm.call("POST", "/_emulator/replication/advance", {"versionId": version_id, "region": "eastus",
                                                        "fail": "disk copy failed"}, api=None)
    props = _status(arm)
    assert props["replicationStatus"]["aggregatedState"] == "Failed"
    assert props["provisioningState"] == "Failed"
    states = {s["region"]: (s["state"], s["details"]) for s in props["replicationStatus"]["summary"]}
    assert states == {"West US": ("Completed", ""), "East US": ("Failed", "disk copy failed")}
    operation = arm.http.get(created.headers["Azure-AsyncOperation"]).json()
    assert operation["status"] == "Failed" and "disk copy failed" in operation["error"]["message"]
    wrong = arm.call("POST", "/_emulator/replication/advance", {"versionId": version_id, "region": "japaneast",
                                                                "complete": True}, api=None)
    assert wrong.status_code == 400 and error_code(wrong) == "InvalidParameter"
    missing = arm.call("POST", "/_emulator/replication/advance", {"versionId": version_id + "9"}, api=None)
    assert missing.status_code == 404 and error_code(missing) == "ResourceNotFound"


def test_patch_re_replicates_only_changed_regions(manual: Arm) -> None:
    arm = manual
    arm.stack()
    body = arm.version_body(regions=["westus", "eastus", {"name": "westeurope", "regionalReplicaCount": 2}])
    version_id = arm.put(arm.version_path(), body).json()["id"]
    arm.call("POST", "/_emulator/replication/advance", {"versionId": version_id, "complete": True}, api=None)
    assert _status(arm)["provisioningState"] == "Succeeded"
    patch = {"properties": {"publishingProfile": {"targetRegions": [
        {"name": "West US"}, {"name": "westeurope", "regionalReplicaCount": 3}, {"name": "northeurope"}]}}}
    patched = arm.patch(arm.version_path(), patch)
    assert patched.status_code in (200, 202) and patched.json()["properties"]["provisioningState"] == "Updating"
    props = _status(arm)
    states = {s["region"]: s["state"] for s in props["replicationStatus"]["summary"]}
    assert states == {"West US": "Completed", "West Europe": "Replicating", "North Europe": "Replicating"}
    assert props["provisioningState"] == "Updating"
    arm.call("POST", "/_emulator/replication/advance", {"versionId": version_id, "complete": True}, api=None)
    assert _status(arm)["provisioningState"] == "Succeeded"
