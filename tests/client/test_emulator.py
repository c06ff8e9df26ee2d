"""Every client operation against the real emulator on port 0 (immediate and manual replication)."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from pulumi_sig.client import (ArmClient, OperationFailedError, PropertyChangeNotAllowedError,
                               ResourceNotFoundError)
from pulumi_sig.client.lro import AsyncOperationStrategy
from pulumi_sig.models import (Gallery, GalleryImage, GalleryImageVersion, ImageSource, ImageSourceType,
                               ReplicationStatus, ResourceGroup, VhdBlob)
from tests.client.conftest import fast_config

emulator = pytest.importorskip("pulumi_sig.emulator.server")
RG, LOCATION = "rg-client", "westus"


def start(data_dir: Path, **kwargs: Any) -> Any:
    server = emulator.EmulatorServer(data_dir, retry_after=0, **kwargs)
    server.start()
    return server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    srv = start(tmp_path_factory.mktemp("emulator"), replication="immediate")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def arm(server: Any) -> Iterator[ArmClient]:
    with ArmClient(fast_config(server.url)) as client:
        client.resource_groups.create_or_update(RG, ResourceGroup(location=LOCATION))
        yield client


def definition(publisher: str = "pub", sku: str = "sku") -> GalleryImage:
    return GalleryImage.model_validate({"location": LOCATION, "properties": {
        "osType": "Linux", "osState": "Generalized", "identifier": {"publisher": publisher, "offer": "off", "sku": sku}}})


def version_body(client: ArmClient, *, regions: list[str] = [LOCATION], **profile: Any) -> GalleryImageVersion:
    source = client.image_source_id(ImageSourceType.MANAGED_IMAGE, RG, "src")
    return GalleryImageVersion.model_validate({"location": LOCATION, "properties": {
        "publishingProfile": {"targetRegions": [{"name": r} for r in regions], **profile},
        "storageProfile": {"source": {"id": source}}}})


def make_image(client: ArmClient, gallery: str, image: str = "img") -> None:
    client.galleries.create_or_update(RG, gallery, Gallery(location=LOCATION))
    client.image_definitions.create_or_update(RG, gallery, image, definition(sku=f"{gallery}-{image}"))
    client.image_sources.create_or_update(ImageSourceType.MANAGED_IMAGE, RG, "src", ImageSource.model_validate(
        {"location": LOCATION, "properties": {"osType": "Linux", "diskSizeGB": 30}}))


def test_resource_group_operations(arm: ArmClient) -> None:
    group = arm.resource_groups.create_or_update("rg-ops", ResourceGroup(location="eastus"))
    assert isinstance(group, ResourceGroup) and group.name == "rg-ops"
    arm.resource_groups.create_or_update("rg-ops", ResourceGroup(location="eastus", tags={"team": "images"}))
    assert arm.resource_groups.get("rg-ops").tags == {"team": "images"}
    patched = arm.resource_groups.update("rg-ops", {"tags": {"team": "platform"}})
    assert patched.tags == {"team": "platform"} and patched.location == "eastus"
    assert "rg-ops" in [g.name for g in arm.resource_groups.list()]
    assert arm.resource_groups.exists("rg-ops")
    arm.resource_groups.delete("rg-ops")
    assert not arm.resource_groups.exists("rg-ops")
    arm.resource_groups.delete("rg-ops")  # already gone: fine


def test_gallery_operations(arm: ArmClient) -> None:
    poller = arm.galleries.begin_create_or_update(RG, "galops", Gallery(location=LOCATION))
    assert isinstance(poller.strategy, AsyncOperationStrategy)
    gallery = poller.result()
    assert gallery is not None and gallery.properties.provisioning_state == "Succeeded"
    updated = arm.galleries.update(RG, "galops", {"properties": {"description": "new"}})
    assert updated.properties.description == "new"
    assert arm.galleries.get(RG, "galops").properties.description == "new"
    assert "galops" in [g.name for g in arm.galleries.list_by_resource_group(RG)]
    assert "galops" in [g.name for g in arm.galleries.list()]
    arm.galleries.delete(RG, "galops")
    with pytest.raises(ResourceNotFoundError) as caught:
        arm.galleries.get(RG, "galops")
    assert caught.value.code and caught.value.request_id
    arm.galleries.delete(RG, "galops")


def test_image_definition_operations(arm: ArmClient) -> None:
    arm.galleries.create_or_update(RG, "galdef", Gallery(location=LOCATION))
    image = arm.image_definitions.create_or_update(RG, "galdef", "def", definition())
    assert image.properties.identifier.publisher == "pub"
    patched = arm.image_definitions.update(RG, "galdef", "def", {"properties": {"description": "d2"}})
    assert patched.properties.description == "d2"
    assert arm.image_definitions.get(RG, "galdef", "def").properties.description == "d2"
    assert [i.name for i in arm.image_definitions.list_by_gallery(RG, "galdef")] == ["def"]
    with pytest.raises(PropertyChangeNotAllowedError) as caught:
        arm.image_definitions.create_or_update(RG, "galdef", "def", definition(publisher="other"))
    assert caught.value.status == 409 and "publisher" in (caught.value.target or "")
    arm.image_definitions.delete(RG, "galdef", "def")
    assert arm.image_definitions.list_by_gallery(RG, "galdef") == []



def test_a_finished_version_reports_its_last_progress_from_the_final_read(arm: ArmClient, server: Any) -> None:
    make_image(arm, "galprog")
    body = version_body(arm)
    gets = lambda: requests.get(f"{server.url}/_emulator/stats", timeout=10).json()["requests"]["GET"]  # noqa: E731
    before, seen = gets(), []
    version = arm.image_versions.create_or_update(RG, "galprog", "img", "1.0.0", body, on_progress=seen.append,
                                                  expand="ReplicationStatus")
    sent = gets() - before  # (admin routes are not counted)
    assert seen[-1] == version.properties.replication_status and seen[-1].aggregated_state == "Completed"
    # per report a poll, plus a probe for each unfinished one; the final read answers the last report
    assert sent == 2 * len(seen)

def test_image_source_operations(arm: ArmClient) -> None:
    body = ImageSource.model_validate({"location": LOCATION, "properties": {"osType": "Linux", "diskSizeGB": 8}})
    for kind in ImageSourceType:
        created = arm.image_sources.create_or_update(kind, RG, f"s-{kind.value}", body)
        assert created.id == arm.image_source_id(kind, RG, f"s-{kind.value}")
        assert arm.image_sources.get(kind.value.upper(), RG, f"s-{kind.value}").properties.disk_size_gb == 8
        arm.image_sources.delete(kind, RG, f"s-{kind.value}")
        with pytest.raises(ResourceNotFoundError):
            arm.image_sources.get(kind, RG, f"s-{kind.value}")
    blob = arm.image_sources.register_vhd(VhdBlob(uri="https://acct.blob.core.windows.net/vhds/os.vhd",
                                                  location=LOCATION, os_type="Linux"))
    assert blob.uri.endswith("/os.vhd")


def test_image_version_operations(arm: ArmClient) -> None:
    make_image(arm, "galver")
    seen: list[Any] = []
    version = arm.image_versions.create_or_update(RG, "galver", "img", "1.0.0", version_body(arm),
                                                  on_progress=seen.append)
    assert version.properties.provisioning_state == "Succeeded"
    assert seen and all(isinstance(status, ReplicationStatus) for status in seen)
    expanded = arm.image_versions.get(RG, "galver", "img", "1.0.0", expand="ReplicationStatus")
    assert expanded.properties.replication_status.aggregated_state == "Completed"
    patched = arm.image_versions.update(RG, "galver", "img", "1.0.0",
                                        {"properties": {"publishingProfile": {"excludeFromLatest": True}}})
    assert patched.exclude_from_latest
    assert [v.name for v in arm.image_versions.list_by_image(RG, "galver", "img")] == ["1.0.0"]
    status = arm.image_versions.wait_for_regions(RG, "galver", "img", "1.0.0", regions=["West US"], deadline=5)
    assert status.aggregated_state == "Completed"
    arm.image_versions.delete(RG, "galver", "img", "1.0.0")
    arm.image_versions.delete(RG, "galver", "img", "1.0.0")
    assert arm.image_versions.list_by_image(RG, "galver", "img") == []


def test_latest_version_numeric_exclude_and_end_of_life(arm: ArmClient) -> None:
    make_image(arm, "gallatest")
    assert arm.latest_version(RG, "gallatest", "img") is None
    create = arm.image_versions.create_or_update
    create(RG, "gallatest", "img", "1.0.9", version_body(arm))
    create(RG, "gallatest", "img", "1.0.12", version_body(arm, endOfLifeDate="2099-01-01T00:00:00Z"))
    create(RG, "gallatest", "img", "1.0.13", version_body(arm, excludeFromLatest=True))
    assert arm.latest_version(RG, "gallatest", "img").name == "1.0.12"
    from datetime import datetime, timezone
    after_eol = datetime(2100, 1, 1, tzinfo=timezone.utc)
    assert arm.latest_version(RG, "gallatest", "img", skip_end_of_life=True, now=after_eol).name == "1.0.9"
    assert arm.latest_version(RG, "gallatest", "img", now=after_eol).name == "1.0.12"


def test_paging_follows_next_link(arm: ArmClient, server: Any) -> None:
    for index in range(5):
        arm.galleries.create_or_update(RG, f"galpage{index}", Gallery(location=LOCATION))
    pages: list[str] = []
    hook = lambda response, *args, **kwargs: pages.append(response.url)  # noqa: E731
    arm.transport.session.hooks["response"].append(hook)
    try:
        names = [g.name for g in arm.galleries.list_by_resource_group(RG, top=2)]
    finally:
        arm.transport.session.hooks["response"].remove(hook)
    assert {f"galpage{i}" for i in range(5)} <= set(names)
    assert len(names) == len(set(names)) and len(pages) >= 3


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ArmClient, str]]:
    srv = start(tmp_path_factory.mktemp("manual"), replication="manual")
    with ArmClient(fast_config(srv.url)) as client:
        client.resource_groups.create_or_update(RG, ResourceGroup(location=LOCATION))
        make_image(client, "galman")
        yield client, srv.url
    srv.stop()


def advance(url: str, version_id: str, **body: Any) -> None:
    requests.post(f"{url}/_emulator/replication/advance", json={"versionId": version_id, **body},
                  timeout=10).raise_for_status()


def test_wait_for_source_region_only(manual: tuple[ArmClient, str]) -> None:
    client, url = manual
    body = version_body(client, regions=[LOCATION, "East US"])
    accepted = client.image_versions.create_or_update(RG, "galman", "img", "2.0.0", body, wait=False)
    assert accepted.name == "2.0.0"
    advance(url, accepted.id, region=LOCATION, complete=True)
    seen: list[ReplicationStatus] = []
    status = client.image_versions.wait_for_regions(RG, "galman", "img", "2.0.0", regions=["westus"],
                                                    on_progress=seen.append, deadline=5)
    states = {entry.region: entry.state for entry in status.summary}
    assert states == {"West US": "Completed", "East US": "Replicating"} and seen
    with pytest.raises(Exception) as caught:
        client.image_versions.wait_for_regions(RG, "galman", "img", "2.0.0", deadline=0.2)
    assert type(caught.value).__name__ == "OperationDeadlineExceeded"


def test_replication_failure_raises(manual: tuple[ArmClient, str]) -> None:
    client, url = manual
    body = version_body(client, regions=[LOCATION, "East US"])
    poller = client.image_versions.begin_create_or_update(RG, "galman", "img", "3.0.0", body)
    version_id = client.resource_id(RG, "galman", "img", "3.0.0")
    advance(url, version_id, region=LOCATION, complete=True)
    advance(url, version_id, region="East US", fail="disk copy failed")
    with pytest.raises(OperationFailedError) as caught:
        client.image_versions.wait_for_regions(RG, "galman", "img", "3.0.0", deadline=5)
    assert "East US" in caught.value.message
    with pytest.raises(OperationFailedError):
        poller.result(deadline=5)


def test_version_lro_reports_progress_until_complete(manual: tuple[ArmClient, str]) -> None:
    client, url = manual
    body = version_body(client, regions=[LOCATION])
    poller = client.image_versions.begin_create_or_update(RG, "galman", "img", "4.0.0", body)
    seen: list[ReplicationStatus] = []
    timer = threading.Timer(0.3, advance, args=(url, client.resource_id(RG, "galman", "img", "4.0.0")),
                            kwargs={"complete": True})
    timer.start()
    try:
        version = poller.result(deadline=10, on_progress=seen.append)
    finally:
        timer.join()
    assert version is not None and version.name == "4.0.0"
    assert seen[-1].aggregated_state == "Completed"


def test_quota_exceeded_is_typed(tmp_path: Path) -> None:
    from pulumi_sig.client import QuotaExceededError
    from pulumi_sig.emulator.service_common import Limits

    srv = start(tmp_path / "quota", limits=Limits(galleries=1))
    try:
        with ArmClient(fast_config(srv.url)) as client:
            client.resource_groups.create_or_update(RG, ResourceGroup(location=LOCATION))
            client.galleries.create_or_update(RG, "first", Gallery(location=LOCATION))
            with pytest.raises(QuotaExceededError) as caught:
                client.galleries.create_or_update(RG, "second", Gallery(location=LOCATION))
            assert caught.value.status == 409 and caught.value.request_id
    finally:
        srv.stop()


def test_version_create_can_return_replication_status_with_the_result(tmp_path) -> None:
    """expand="ReplicationStatus" on create: the final read carries per-region state (no extra GET)."""
    from pulumi_sig.client import ArmClient, ClientConfig
    from pulumi_sig.emulator.server import EmulatorServer
    from pulumi_sig.models import Gallery, GalleryImage, GalleryImageVersion, ImageSource, ImageSourceType, ResourceGroup

    with EmulatorServer(tmp_path, port=0, retry_after=0) as server:
        client = ArmClient(ClientConfig(endpoint=server.url))
        client.resource_groups.create_or_update("rg", ResourceGroup(location="westus"))
        client.galleries.create_or_update("rg", "g", Gallery(location="westus"))
        client.image_definitions.create_or_update("rg", "g", "i", GalleryImage.model_validate({
            "location": "westus", "properties": {"osType": "Linux", "osState": "Generalized",
                                                 "identifier": {"publisher": "p", "offer": "o", "sku": "s"}}}))
        source = client.image_sources.create_or_update(ImageSourceType.MANAGED_IMAGE, "rg", "img", ImageSource.model_validate(
            {"location": "westus", "properties": {"osType": "Linux"}}))
        body = GalleryImageVersion.model_validate({"location": "westus", "properties": {
            "storageProfile": {"source": {"id": source.id}},
            "publishingProfile": {"targetRegions": [{"name": "westus"}, {"name": "eastus", "regionalReplicaCount": 2}]}}})
        version = client.image_versions.create_or_update("rg", "g", "i", "1.0.0", body, expand="ReplicationStatus")
        status = version.properties.replication_status
        assert status is not None and status.aggregated_state == "Completed"
        assert {s.region for s in status.summary} == {"West US", "East US"}
        assert client.image_versions.create_or_update("rg", "g", "i", "1.0.0", body).properties.replication_status is None
