"""Azure's own SDK (azure-mgmt-compute) as a conformance peer, over TLS, through its LRO pollers."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests
import trustme
from azure.core.credentials import AccessToken
from azure.core.exceptions import ResourceNotFoundError
from azure.mgmt.compute import ComputeManagementClient
from azure.mgmt.compute import models as m

from pulumi_sig.emulator import EmulatorServer
from tests.emulator.conftest import RESOURCES, SUB, Arm, start_server

RG = "sdk-rg"


class FakeCredential:
    """Any token will do: the emulator accepts every bearer token."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken("fake", int(time.time()) + 365 * 24 * 3600)


def start_tls_server(tmp_path: Path, **kwargs: Any) -> tuple[EmulatorServer, str]:
    """An emulator over HTTPS (the SDK sends bearer tokens over TLS only) and its CA bundle."""
    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1", "localhost")
    ca_pem, cert_pem, key_pem = tmp_path / "ca.pem", tmp_path / "cert.pem", tmp_path / "key.pem"
    authority.cert_pem.write_to_path(str(ca_pem))
    cert_pem.write_bytes(b"".join(blob.bytes() for blob in certificate.cert_chain_pems))
    certificate.private_key_pem.write_to_path(str(key_pem))
    return start_server(tmp_path / "data", tls_cert=cert_pem, tls_key=key_pem, **kwargs), str(ca_pem)


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[EmulatorServer, str]]:
    server, ca_pem = start_tls_server(tmp_path)
    yield server, ca_pem
    server.stop()


@pytest.mark.timeout(120)
def test_azure_sdk_drives_galleries_definitions_and_versions(tls_server: tuple[EmulatorServer, str]) -> None:
    server, ca_pem = tls_server
    assert server.url and server.url.startswith("https://")
    arm = Arm(server.url)
    arm.verify = ca_pem
    arm.resource_group(RG)
    arm.source("sdk-image", rg=RG, os_type="Linux", size=30, dataDisks=[{"lun": 0, "diskSizeGB": 8}])
    client = ComputeManagementClient(FakeCredential(), SUB, base_url=server.url, connection_verify=ca_pem,
                                     polling_interval=0)
    fast = {"polling_interval": 0}

    gallery = client.galleries.begin_create_or_update(
        RG, "sdkGallery", m.Gallery(location="West US", description="made by the SDK"), **fast).result()
    assert gallery.provisioning_state == "Succeeded" and gallery.identifier.unique_name == f"{SUB}-SDKGALLERY"
    updated = client.galleries.begin_update(RG, "sdkGallery", m.GalleryUpdate(description="updated"),
                                            **fast).result()
    assert updated.description == "updated"
    assert [g.name for g in client.galleries.list_by_resource_group(RG)] == ["sdkGallery"]
    assert [g.name for g in client.galleries.list()] == ["sdkGallery"]

    image = client.gallery_images.begin_create_or_update(RG, "sdkGallery", "sdkImage", m.GalleryImage(
        location="westus", os_type="Linux", os_state="Generalized",
        identifier=m.GalleryImageIdentifier(publisher="Pub", offer="Off", sku="Sku")), **fast).result()
    assert image.hyper_v_generation == "V1" and image.provisioning_state == "Succeeded"
    image = client.gallery_images.begin_update(RG, "sdkGallery", "sdkImage", m.GalleryImageUpdate(
        os_type="Linux", os_state="Generalized", description="described",
        identifier=m.GalleryImageIdentifier(publisher="Pub", offer="Off", sku="Sku")), **fast).result()
    assert image.description == "described"
    assert [i.name for i in client.gallery_images.list_by_gallery(RG, "sdkGallery")] == ["sdkImage"]

    source_id = f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Compute/images/sdk-image"
    version = client.gallery_image_versions.begin_create_or_update(
        RG, "sdkGallery", "sdkImage", "1.0.0", m.GalleryImageVersion(
            location="westus",
            publishing_profile=m.GalleryImageVersionPublishingProfile(
                target_regions=[m.TargetRegion(name="West US"), m.TargetRegion(name="eastus",
                                                                               regional_replica_count=2)]),
            storage_profile=m.GalleryImageVersionStorageProfile(source=m.GalleryArtifactVersionFullSource(
                id=source_id))), **fast).result()
    assert version.provisioning_state == "Succeeded"
    assert version.storage_profile.os_disk_image.size_in_gb == 30
    assert version.storage_profile.data_disk_images[0].size_in_gb == 8
    assert [r.regional_replica_count for r in version.publishing_profile.target_regions] == [1, 2]
    version = client.gallery_image_versions.begin_update(
        RG, "sdkGallery", "sdkImage", "1.0.0", m.GalleryImageVersionUpdate(
            publishing_profile=m.GalleryImageVersionPublishingProfile(exclude_from_latest=True),
            storage_profile=m.GalleryImageVersionStorageProfile()), **fast).result()
    assert version.publishing_profile.exclude_from_latest is True
    expanded = client.gallery_image_versions.get(RG, "sdkGallery", "sdkImage", "1.0.0", expand="ReplicationStatus")
    assert expanded.replication_status.aggregated_state == "Completed"
    assert {s.region for s in expanded.replication_status.summary} == {"West US", "East US"}
    assert [v.name for v in client.gallery_image_versions.list_by_gallery_image(RG, "sdkGallery", "sdkImage")] \
        == ["1.0.0"]

    client.gallery_image_versions.begin_delete(RG, "sdkGallery", "sdkImage", "1.0.0", **fast).result()
    client.gallery_images.begin_delete(RG, "sdkGallery", "sdkImage", **fast).result()
    client.galleries.begin_delete(RG, "sdkGallery", **fast).result()
    assert list(client.galleries.list()) == []
    assert requests.get(f"{server.url}/subscriptions/{SUB}/resourcegroups/{RG}", params={"api-version": RESOURCES},
                        verify=ca_pem).status_code == 200


@pytest.mark.timeout(120)
def test_azure_sdk_default_api_versions_for_sources_and_galleries(tls_server: tuple[EmulatorServer, str]) -> None:
    """azure-mgmt-compute 39 with its defaults: DiskRP 2026-03-02, ComputeRP 2026-04-01, GalleryRP 2026-03-03."""
    server, ca_pem = tls_server
    _group(server.url or "", ca_pem)
    client = ComputeManagementClient(FakeCredential(), SUB, base_url=server.url, connection_verify=ca_pem,
                                     polling_interval=0)
    fast = {"polling_interval": 0}
    body: Any = {"location": "westus", "properties": {"osType": "Linux", "diskSizeGB": 16}}
    snapshot = client.snapshots.begin_create_or_update(RG, "snap", body, **fast).result()
    assert snapshot.name == "snap" and client.snapshots.get(RG, "snap").location == "westus"
    disk = client.disks.begin_create_or_update(RG, "disk", body, **fast).result()
    assert disk.name == "disk" and client.disks.get(RG, "disk").name == "disk"
    image = client.images.begin_create_or_update(RG, "img", body, **fast).result()
    assert image.name == "img" and client.images.get(RG, "img").name == "img"
    client.galleries.begin_create_or_update(RG, "gal", m.Gallery(location="westus"), **fast).result()
    client.gallery_images.begin_create_or_update(RG, "gal", "def", m.GalleryImage(
        location="westus", os_type="Linux", os_state="Generalized",
        identifier=m.GalleryImageIdentifier(publisher="p", offer="o", sku="s")), **fast).result()
    snapshot_id = f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Compute/snapshots/snap"
    version = client.gallery_image_versions.begin_create_or_update(RG, "gal", "def", "1.0.0", m.GalleryImageVersion(
        location="westus", storage_profile=m.GalleryImageVersionStorageProfile(
            os_disk_image=m.GalleryOSDiskImage(source=m.GalleryDiskImageSource(id=snapshot_id)))), **fast).result()
    assert version.provisioning_state == "Succeeded" and version.storage_profile.os_disk_image.size_in_gb == 16
    client.gallery_image_versions.begin_delete(RG, "gal", "def", "1.0.0", **fast).result()
    client.snapshots.begin_delete(RG, "snap", **fast).result()
    client.disks.begin_delete(RG, "disk", **fast).result()
    client.images.begin_delete(RG, "img", **fast).result()


def _group(url: str, ca_pem: str) -> None:
    arm = Arm(url)
    arm.verify = ca_pem
    arm.resource_group(RG)


CONSUMER = "00000000-0000-0000-0000-0000000000bb"


def _shared_gallery(arm: Arm, groups: list[dict[str, Any]]) -> str:
    """A gallery shared directly with `groups`; its unique name."""
    arm.resource_group(RG)
    arm.gallery("sharedGal", rg=RG, sharingProfile={"permissions": "Groups"})
    arm.ok(arm.call("POST", arm.gallery_path("sharedGal", RG) + "/share", {"operationType": "Add", "groups": groups}))
    return f"{SUB}-SHAREDGAL"


def _visible(arm: Arm, sub: str, **params: str) -> list[str]:
    response = arm.get(f"/subscriptions/{sub}/providers/Microsoft.Compute/locations/westus/sharedGalleries",
                       params=params)
    return [g["name"] for g in arm.ok(response)["value"]]


@pytest.mark.timeout(120)
def test_azure_sdk_accepts_and_rejects_shared_galleries(tls_server: tuple[EmulatorServer, str]) -> None:
    server, ca_pem = tls_server
    assert server.url
    arm = Arm(server.url)
    arm.verify = ca_pem
    tenant = "00000000-0000-0000-0000-0000000000aa"  # the emulator's default tenant: the SDK's caller's
    name = _shared_gallery(arm, [{"type": "Subscriptions", "ids": [CONSUMER]}, {"type": "AADTenants", "ids": [tenant]}])
    client = ComputeManagementClient(FakeCredential(), CONSUMER, base_url=server.url, connection_verify=ca_pem,
                                     polling_interval=0)
    invites, tenant_invites = client.shared_gallery_invites, client.tenant_level_shared_gallery_invites

    assert invites.begin_gallery_sharing_reject("westus", SUB, "sharedGal", polling_interval=0).result() is None
    assert _visible(arm, CONSUMER) == [] and _visible(arm, CONSUMER, sharedTo="tenant") == [name]
    tenant_invites.begin_tenant_level_gallery_sharing_reject("westus", SUB, name, polling_interval=0).result()
    assert _visible(arm, CONSUMER, sharedTo="tenant") == []
    invites.begin_gallery_sharing_accept("westus", SUB, "sharedGal", polling_interval=0).result()
    tenant_invites.begin_tenant_level_gallery_sharing_accept("westus", SUB, name, polling_interval=0).result()
    assert _visible(arm, CONSUMER) == [name] and _visible(arm, CONSUMER, sharedTo="tenant") == [name]
    with pytest.raises(ResourceNotFoundError):
        invites.begin_gallery_sharing_reject("westus", SUB, "noSuchGallery", polling_interval=0).result()


@pytest.mark.timeout(120)
def test_azure_sdk_polls_a_pending_reject_through_location(tmp_path: Path) -> None:
    server, ca_pem = start_tls_server(tmp_path, replication="time", time_scale=100)
    try:
        assert server.url
        arm = Arm(server.url)
        arm.verify = ca_pem
        name = _shared_gallery(arm, [{"type": "Subscriptions", "ids": [CONSUMER]}])
        client = ComputeManagementClient(FakeCredential(), CONSUMER, base_url=server.url, connection_verify=ca_pem,
                                         polling_interval=0)
        poller = client.shared_gallery_invites.begin_gallery_sharing_reject("westus", SUB, name, polling_interval=0)
        assert poller.result() is None and poller.status() == "Succeeded"
        assert _visible(arm, CONSUMER) == []
    finally:
        server.stop()
