"""Acknowledged writes survive a restart and a kill -9; replication state survives too."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.emulator.conftest import RESOURCES, Arm, start_server


def test_restart_on_the_same_data_dir_keeps_everything(tmp_path: Path) -> None:
    server = start_server(tmp_path, replication="manual")
    arm = Arm(server.url or "")
    arm.stack()
    version_id = arm.version(regions=["westus", "eastus"])["id"]
    arm.call("POST", "/_emulator/replication/advance", {"versionId": version_id, "region": "westus",
                                                        "complete": True}, api=None)
    arm.call("POST", "/_emulator/replication/advance", {"versionId": version_id, "region": "eastus",
                                                        "progress": 40}, api=None)
    before = arm.get(arm.version_path(), params={"$expand": "ReplicationStatus"}).json()
    server.stop()
    again = start_server(tmp_path, replication="manual")
    try:
        arm = Arm(again.url or "")
        assert arm.get(arm.rg_path(), api=RESOURCES).status_code == 200
        assert arm.get(arm.gallery_path()).status_code == 200
        assert arm.get(arm.image_path()).status_code == 200
        after = arm.get(arm.version_path(), params={"$expand": "ReplicationStatus"}).json()
        assert after == before
        summary = {s["region"]: s["progress"] for s in after["properties"]["replicationStatus"]["summary"]}
        assert summary == {"West US": 100, "East US": 40}
    finally:
        again.stop()


def _spawn(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([sys.executable, "-m", "pulumi_sig.emulator", "--data-dir", str(data_dir),
                                "--port", "0", "--retry-after", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), url
    return process, url


@pytest.mark.timeout(60)
def test_kill_minus_nine_loses_nothing_acknowledged(tmp_path: Path) -> None:
    process, url = _spawn(tmp_path)
    try:
        arm = Arm(url)
        arm.stack()
        acknowledged = []
        for index in range(40):
            response = arm.put(arm.version_path(f"1.0.{index}"), arm.version_body())
            assert response.status_code == 201
            acknowledged.append(response.json()["name"])
        arm.patch(arm.gallery_path(), {"properties": {"description": "last write"}})
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    process, url = _spawn(tmp_path)
    try:
        arm = Arm(url)
        names = [v["name"] for v in arm.get(arm.image_path() + "/versions").json()["value"]]
        assert sorted(names) == sorted(acknowledged)
        assert arm.get(arm.gallery_path()).json()["properties"]["description"] == "last write"
        assert arm.get(arm.version_path("latest")).json()["name"] == "1.0.39"
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0  # SIGTERM is a clean shutdown
