"""Parallel requests keep every invariant: one winner per identifier, quotas never exceeded."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from tests.emulator.conftest import COMPUTE, SUB, Arm, error_code


def _put(url: str, body: dict[str, Any]) -> requests.Response:
    return requests.put(url, json=body, params={"api-version": COMPUTE}, timeout=30)


@pytest.mark.timeout(60)
def test_racing_definitions_with_one_identifier_one_wins(arm: Arm) -> None:
    arm.resource_group()
    arm.gallery()
    for round_number in range(5):
        body = {"location": "westus", "properties": {
            "osType": "Linux", "osState": "Generalized",
            "identifier": {"publisher": "Race", "offer": f"offer{round_number}", "sku": "sku"}}}
        urls = [arm.url + arm.image_path(f"r{round_number}-{i}") for i in range(8)]
        with ThreadPoolExecutor(8) as pool:
            responses = list(pool.map(lambda u: _put(u, body), urls))
        codes = sorted(r.status_code for r in responses)
        assert codes == [201] + [409] * 7, [r.text for r in responses]
        assert all(error_code(r) == "Conflict" for r in responses if r.status_code == 409)
    listed = arm.get(arm.gallery_path() + "/images").json()["value"]
    assert len(listed) == 5


@pytest.mark.timeout(60)
def test_racing_gallery_creates_never_exceed_the_quota(small_limits_arm: Arm) -> None:
    arm = small_limits_arm
    arm.resource_group()
    urls = [arm.url + arm.gallery_path(f"g{i}") for i in range(16)]
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda u: _put(u, {"location": "westus"}), urls))
    codes = [r.status_code for r in responses]
    assert codes.count(201) == 3 and codes.count(409) == 13
    assert all(error_code(r) == "QuotaExceeded" for r in responses if r.status_code == 409)
    listed = arm.get(f"/subscriptions/{SUB}/providers/Microsoft.Compute/galleries").json()["value"]
    assert len(listed) == 3


@pytest.mark.timeout(60)
def test_parallel_versions_and_reads(arm: Arm) -> None:
    arm.stack()

    def work(index: int) -> tuple[int, int]:
        created = _put(arm.url + arm.version_path(f"1.{index}.0"), arm.version_body())
        read = requests.get(arm.url + arm.version_path("latest"), params={"api-version": COMPUTE}, timeout=30)
        return created.status_code, read.status_code

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(32)))
    assert all(result == (201, 200) for result in results)
    assert arm.get(arm.version_path("latest")).json()["name"] == "1.31.0"
