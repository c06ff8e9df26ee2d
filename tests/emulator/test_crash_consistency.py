"""kill -9 under concurrent writers: every write acknowledged before the kill is there after a restart."""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.emulator.conftest import COMPUTE, Arm
from tests.emulator.test_durability import _spawn

WRITERS, CYCLES = 6, 3
REGIONS = ("westus", "eastus", "westeurope", "northeurope", "eastasia", "japaneast")  # 100 galleries each


def _writer(url: str, arm: Arm, writer: int, stop: threading.Event, acknowledged: list[str]) -> None:
    session = requests.Session()
    index = 0
    while not stop.is_set():
        name = f"w{writer}_{len(acknowledged)}_{index}"
        index += 1
        try:
            response = session.put(url + arm.gallery_path(name), json={"location": REGIONS[index % len(REGIONS)]},
                                   params={"api-version": COMPUTE}, timeout=10)
        except requests.RequestException:
            return  # the server died mid-request: this write was never acknowledged
        if response.status_code in (200, 201):
            acknowledged.append(name)


@pytest.mark.timeout(120)
def test_kill_minus_nine_under_concurrent_writers_loses_no_acknowledged_write(tmp_path: Path) -> None:
    acknowledged: list[str] = []
    process, url = _spawn(tmp_path)
    Arm(url).resource_group()
    for _ in range(CYCLES):
        arm, stop = Arm(url), threading.Event()
        threads = [threading.Thread(target=_writer, args=(url, arm, n, stop, acknowledged)) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        os.kill(process.pid, signal.SIGKILL)  # mid-flight: writers are blocked in PUTs right now
        process.wait(timeout=10)
        stop.set()
        for thread in threads:
            thread.join(timeout=20)
        process, url = _spawn(tmp_path)
    try:
        arm = Arm(url)
        present = set()
        link: str | None = url + arm.rg_path() + "/providers/Microsoft.Compute/galleries"
        params: dict[str, str] | None = {"api-version": COMPUTE}
        while link:
            page = requests.get(link, params=params, timeout=30).json()
            present.update(item["name"] for item in page["value"])
            link, params = page.get("nextLink"), None
        print(f"{len(acknowledged)} acknowledged writes across {CYCLES} kill -9 cycles")
        assert len(acknowledged) > WRITERS and set(acknowledged) <= present, len(acknowledged)
    finally:
        process.terminate()
        process.wait(timeout=10)
