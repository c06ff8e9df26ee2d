"""The ARM facts declared once in models (issue 11): names, ids, api-versions, mutability, defaults."""
from __future__ import annotations

import pytest

from pulumi_sig.models import ResourceKind, immutable_changes, is_mutable
from pulumi_sig.models.api_versions import API_VERSIONS, is_supported_api_version, supported_api_versions
from pulumi_sig.models.defaults import DEFAULT_STORAGE_ACCOUNT_TYPE, target_region_settings
from pulumi_sig.models.ids import gallery_resource_id, parse_arm_id, parse_compute_id, source_id, version_id
from pulumi_sig.models.mutability import item_changes
from pulumi_sig.models.names import name_violation


@pytest.mark.parametrize(("kind", "name"), [
    ("galleryName", "bad-name"), ("galleryName", "名前"), ("galleryName", "gal١"), ("galleryName", "g_"),
    ("galleryImageVersionName", "١.٠.٠"), ("galleryImageVersionName", "1.0.0\n"),
    ("galleryImageName", "définition"), ("resourceGroupName", "groupé"), ("sourceName", "snap٣"),
])
def test_name_rules_are_ascii_only(kind: str, name: str) -> None:
    assert name_violation(kind, name) is not None


def test_ids_built_and_parsed_in_one_place() -> None:
    vid = version_id("s", "rg", "g", "i", "1.0.0")
    assert vid == gallery_resource_id("s", "rg", "g", "i", "1.0.0")
    assert vid == "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i/versions/1.0.0"
    parsed = parse_compute_id(vid)
    assert parsed is not None and parsed.leaf_type == "galleries/images/versions"
    assert parse_arm_id(source_id("s", "rg", "snapshots", "x"))["snapshots"] == "x"


def test_api_versions_per_resource_provider() -> None:
    assert is_supported_api_version("Microsoft.Compute/snapshots", "2026-03-02")
    assert is_supported_api_version("Microsoft.Compute/galleries", "2021-10-01")
    assert not is_supported_api_version("Microsoft.Compute/galleries", "2026-03-02")
    assert not is_supported_api_version("Microsoft.Compute/snapshots", "2025-03-03")
    assert all(list(versions) == sorted(versions) for _, versions in API_VERSIONS.values())
    assert "2026-04-01" in supported_api_versions("Microsoft.Compute/virtualMachines")


def test_version_sources_are_in_the_table_and_plan_a_replace() -> None:
    for path in ("properties.storageProfile.source.id", "properties.storageProfile.osDiskImage.source.id",
                 "properties.storageProfile.osDiskImage.source.uri"):
        assert not is_mutable(ResourceKind.IMAGE_VERSION, path)
    old = {"properties": {"storageProfile": {"osDiskImage": {"source": {"uri": "a"}, "sizeInGB": 1},
                                             "dataDiskImages": [{"lun": 1, "source": {"id": "d"}, "sizeInGB": 2}]}}}
    new = {"properties": {"storageProfile": {"osDiskImage": {"source": {"uri": "b"}, "sizeInGB": 9},
                                             "dataDiskImages": [{"lun": 1, "source": {"id": "e"}, "sizeInGB": 5}]}}}
    assert immutable_changes(ResourceKind.IMAGE_VERSION, old, new) == [
        "properties.storageProfile.dataDiskImages.1.source.id", "properties.storageProfile.osDiskImage.source.uri"]


def test_existing_target_region_storage_type_is_fixed() -> None:
    path = "properties.publishingProfile.targetRegions"
    old = [{"name": "West US", "storageAccountType": "Standard_LRS"}]
    changed = [{"name": "westus", "storageAccountType": "Premium_LRS"}]
    assert item_changes(ResourceKind.IMAGE_VERSION, path, old, changed) == [f"{path}[0].storageAccountType"]
    added = old + [{"name": "eastus", "storageAccountType": "Premium_LRS"}]
    assert item_changes(ResourceKind.IMAGE_VERSION, path, old, added) == []


def test_definition_features_change_only_with_allow_update_image() -> None:
    old = {"properties": {"features": [{"name": "SecurityType", "value": "TrustedLaunchSupported"}]}}
    new = {"properties": {"features": [{"name": "SecurityType", "value": "TrustedLaunch"}]}}
    assert immutable_changes(ResourceKind.IMAGE_DEFINITION, old, new) == ["properties.features"]
    new["properties"]["allowUpdateImage"] = True
    assert immutable_changes(ResourceKind.IMAGE_DEFINITION, old, new) == []
    for fixed in ("eula", "privacyStatementUri", "releaseNoteUri", "purchasePlan", "disallowed", "architecture"):
        assert not is_mutable(ResourceKind.IMAGE_DEFINITION, f"properties.{fixed}")


def test_target_region_defaults() -> None:
    assert target_region_settings(regional_replica_count=None, storage_account_type=None, replica_count=None,
                                  default_storage_account_type=None) == (1, DEFAULT_STORAGE_ACCOUNT_TYPE)
    assert target_region_settings(regional_replica_count=3, storage_account_type=None, replica_count=2,
                                  default_storage_account_type="Premium_LRS") == (3, "Premium_LRS")
