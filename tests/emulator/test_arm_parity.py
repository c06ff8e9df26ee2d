"""Where the emulator answers as Azure does, not only as the spec reads (issue 11): status and ARM code."""
from __future__ import annotations

from typing import Any

import pytest

from pulumi_sig.models.api_versions import DISK_RP, GALLERY_RP, RESOURCES
from tests.emulator.conftest import Arm, error_code, source_api


def _error(response: Any, status: int, code: str, target: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert error_code(response) == code, response.text
    if target is not None:
        assert response.json()["error"]["target"] == target, response.text
    return dict(response.json()["error"])


# Names -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["bad-name", "名前", "gallery٣", "ends_", "_starts", "a" * 81])
def test_gallery_names_azure_refuses(arm: Arm, name: str) -> None:
    arm.resource_group()
    _error(arm.put(arm.gallery_path(name), {"location": "westus"}), 400, "InvalidResourceName", "galleryName")


@pytest.mark.parametrize("name", ["my_gallery.1", "G", "a" * 80])
def test_gallery_names_azure_accepts(arm: Arm, name: str) -> None:
    arm.resource_group()
    assert arm.put(arm.gallery_path(name), {"location": "westus"}).status_code == 201


@pytest.mark.parametrize("name", ["١.٠.٠", "1.0.٣", "１.0.0"])
def test_version_names_need_ascii_digits(arm: Arm, name: str) -> None:
    arm.stack()
    _error(arm.put(arm.version_path(name), arm.version_body()), 400, "InvalidResourceName",
           "galleryImageVersionName")


def test_resource_group_and_source_names_are_ascii(arm: Arm) -> None:
    _error(arm.put(arm.rg_path("groupé"), {"location": "westus"}, api="2021-04-01"), 400,
           "InvalidResourceName", "resourceGroupName")
    arm.resource_group()
    body = {"location": "westus", "properties": {"osType": "Linux"}}
    _error(arm.put(arm.source_path("snap٣", "snapshots"), body, api=source_api("snapshots")), 400,
           "InvalidResourceName", "sourceName")


# A version's source ----------------------------------------------------------------------------------
def _snapshot_version(arm: Arm) -> dict[str, Any]:
    arm.stack()
    for name in ("os1", "os2", "data1", "data2"):
        arm.source(name, "snapshots")
    return {"location": "westus", "properties": {"storageProfile": {
        "osDiskImage": {"source": {"id": arm.source_path("os1", "snapshots")}},
        "dataDiskImages": [{"lun": 0, "source": {"id": arm.source_path("data1", "snapshots")}}]}}}


def test_os_disk_source_cannot_change(arm: Arm) -> None:
    body = _snapshot_version(arm)
    assert arm.put(arm.version_path(), body).status_code == 201
    body["properties"]["storageProfile"]["osDiskImage"]["source"]["id"] = arm.source_path("os2", "snapshots")
    _error(arm.put(arm.version_path(), body), 409, "PropertyChangeNotAllowed",
           "properties.storageProfile.osDiskImage.source.id")
    stored = arm.get(arm.version_path()).json()["properties"]["storageProfile"]
    assert stored["osDiskImage"]["source"]["id"].endswith("/os1")


def test_data_disk_source_cannot_change(arm: Arm) -> None:
    body = _snapshot_version(arm)
    assert arm.put(arm.version_path(), body).status_code == 201
    disks = [{"lun": 0, "source": {"id": arm.source_path("data2", "snapshots")}}]
    patch = {"properties": {"storageProfile": {"dataDiskImages": disks}}}
    _error(arm.patch(arm.version_path(), patch), 409, "PropertyChangeNotAllowed",
           "properties.storageProfile.dataDiskImages.0.source.id")


def test_vhd_uri_cannot_change(arm: Arm) -> None:
    arm.stack()
    for uri in ("https://acct.blob.core.windows.net/vhds/a.vhd", "https://acct.blob.core.windows.net/vhds/b.vhd"):
        arm.ok(arm.put("/_emulator/vhds", {"uri": uri, "location": "westus", "osType": "Linux"}, api=None))
    body = {"location": "westus", "properties": {"storageProfile": {"osDiskImage": {"source": {
        "uri": "https://acct.blob.core.windows.net/vhds/a.vhd",
        "storageAccountId": f"{arm.rg_path()}/providers/Microsoft.Storage/storageAccounts/acct"}}}}}
    assert arm.put(arm.version_path(), body).status_code == 201
    body["properties"]["storageProfile"]["osDiskImage"]["source"]["uri"] = \
        "https://acct.blob.core.windows.net/vhds/b.vhd"
    _error(arm.put(arm.version_path(), body), 409, "PropertyChangeNotAllowed",
           "properties.storageProfile.osDiskImage.source.uri")


def test_same_source_again_is_no_change(arm: Arm) -> None:
    body = _snapshot_version(arm)
    assert arm.put(arm.version_path(), body).status_code == 201
    assert arm.put(arm.version_path(), body).status_code == 200


# Target regions' storage type ------------------------------------------------------------------------
def test_existing_region_storage_type_is_not_updatable(arm: Arm) -> None:
    arm.stack()
    arm.version(regions=[{"name": "westus", "storageAccountType": "Standard_LRS"}])
    change = [{"name": "West US", "storageAccountType": "Premium_LRS"}]
    patch = {"properties": {"publishingProfile": {"targetRegions": change}}}
    _error(arm.patch(arm.version_path(), patch), 409, "PropertyChangeNotAllowed",
           "properties.publishingProfile.targetRegions[0].storageAccountType")
    _error(arm.put(arm.version_path(), arm.version_body(regions=change)), 409, "PropertyChangeNotAllowed")
    regions = arm.get(arm.version_path()).json()["properties"]["publishingProfile"]["targetRegions"]
    assert [r["storageAccountType"] for r in regions] == ["Standard_LRS"]


def test_a_new_region_may_take_any_storage_type(arm: Arm) -> None:
    arm.stack()
    arm.version(regions=["westus"])
    added = [{"name": "westus"}, {"name": "eastus", "storageAccountType": "Premium_LRS"}]
    assert arm.patch(arm.version_path(), {"properties": {"publishingProfile": {"targetRegions": added}}}) \
        .status_code in (200, 202)
    regions = arm.get(arm.version_path()).json()["properties"]["publishingProfile"]["targetRegions"]
    assert [r["storageAccountType"] for r in regions] == ["Standard_LRS", "Premium_LRS"]


# Locations -------------------------------------------------------------------------------------------
def test_moving_a_gallery_definition_or_version_is_invalid_resource_location(arm: Arm) -> None:
    arm.stack()
    arm.version()
    error = _error(arm.put(arm.gallery_path(), {"location": "eastus"}), 409, "InvalidResourceLocation")
    assert "already exists in location 'westus'" in error["message"]
    moved = {"location": "eastus", "properties": {"osType": "Linux", "osState": "Generalized",
                                                  "identifier": {"publisher": "pub", "offer": "off", "sku": "img"}}}
    _error(arm.put(arm.image_path(), moved), 409, "InvalidResourceLocation")
    arm.source("east", location="eastus")
    _error(arm.put(arm.version_path(), arm.version_body(location="eastus", source="east")), 409,
           "InvalidResourceLocation")


def test_moving_a_resource_group_is_invalid_resource_group_location(arm: Arm) -> None:
    arm.resource_group()
    response = arm.put(arm.rg_path(), {"location": "eastus"}, api="2021-04-01")
    error = _error(response, 409, "InvalidResourceGroupLocation")
    assert error["message"] == "Invalid resource group location 'eastus'. The Resource group already exists in " \
                               "location 'westus'."


def test_definition_and_version_may_be_elsewhere_than_their_parent(arm: Arm) -> None:
    arm.resource_group()
    arm.gallery(location="westus")
    arm.image(location="eastus")
    arm.source("east", location="northeurope")
    created = arm.put(arm.version_path(), arm.version_body(location="northeurope", source="east"))
    assert created.status_code == 201, created.text
    assert arm.get(arm.image_path()).json()["location"] == "eastus"


def test_source_region_rules_still_hold_elsewhere(arm: Arm) -> None:
    arm.stack()
    arm.source("east", location="eastus")
    body = arm.version_body(location="eastus", source="east", regions=["westus"])
    _error(arm.put(arm.version_path(), body), 400, "InvalidParameter",
           "properties.publishingProfile.targetRegions")


# api-versions per resource provider ------------------------------------------------------------------
@pytest.mark.parametrize("version", GALLERY_RP)
def test_every_gallery_rp_version_is_served(arm: Arm, version: str) -> None:
    arm.resource_group()
    assert arm.put(arm.gallery_path(), {"location": "westus"}, api=version).status_code == 201
    assert arm.get(arm.gallery_path(), api=version).status_code == 200


@pytest.mark.parametrize("version", ["2025-01-02", "2026-03-02", DISK_RP[0]])
def test_snapshots_and_disks_take_disk_rp_versions(arm: Arm, version: str) -> None:
    arm.resource_group()
    body = {"location": "westus", "properties": {"osType": "Linux", "diskSizeGB": 4}}
    for kind in ("snapshots", "disks"):
        assert arm.put(arm.source_path("s", kind), body, api=version).status_code == 200  # DiskRP: no 201
        assert arm.get(arm.source_path("s", kind), api=version).status_code == 200


def test_refusals_name_the_resource_type_and_its_versions(arm: Arm) -> None:
    arm.resource_group()
    body = {"location": "westus", "properties": {"osType": "Linux"}}
    write = _error(arm.put(arm.source_path("s", "snapshots"), body, api="2025-03-03"), 400,
                   "NoRegisteredProviderFound")
    assert "'snapshots'" in write["message"] and "2026-03-02" in write["message"]
    assert "galleries" not in write["message"]
    read = _error(arm.get(arm.source_path("s", "virtualMachines"), api="2026-03-02"), 400, "InvalidResourceType")
    assert "'virtualMachines'" in read["message"] and "2026-04-01" in read["message"]
    gallery = _error(arm.get(arm.gallery_path(), api="2026-03-02"), 400, "InvalidResourceType")
    assert "'galleries'" in gallery["message"] and "2018-06-01" in gallery["message"]
    group = _error(arm.get(arm.rg_path(), api="2025-03-03"), 400, "InvalidApiVersionParameter")
    assert RESOURCES[-1] in group["message"]


def test_operations_are_polled_with_the_version_that_started_them(arm: Arm) -> None:
    arm.resource_group()
    created = arm.put(arm.gallery_path(), {"location": "westus"}, api="2018-06-01")
    assert "api-version=2018-06-01" in created.headers["Azure-AsyncOperation"]
    assert arm.http.get(created.headers["Azure-AsyncOperation"], timeout=10).status_code == 200
