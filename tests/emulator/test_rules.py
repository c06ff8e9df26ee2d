"""The seed's rules, each asserting the HTTP status and the ARM error code."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.emulator.conftest import Arm, error_code


def _error(response, status: int, code: str, target: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert error_code(response) == code, response.text
    if target is not None:
        assert response.json()["error"]["target"] == target, response.text


@pytest.mark.parametrize("kind,path_name", [
    ("galleryName", "bad name!"), ("galleryName", "-starts-with-dash"), ("galleryName", "x" * 81)])
def test_gallery_name_rules(arm: Arm, kind: str, path_name: str) -> None:
    arm.resource_group()
    _error(arm.put(arm.gallery_path(path_name), {"location": "westus"}), 400, "InvalidResourceName", kind)


def test_resource_group_and_definition_name_rules(arm: Arm) -> None:
    _error(arm.put(arm.rg_path("ends."), {"location": "westus"}, api="2021-04-01"), 400, "InvalidResourceName",
           "resourceGroupName")
    arm.resource_group()
    arm.gallery()
    body = {"location": "westus", "properties": {"osType": "Linux", "osState": "Generalized",
                                                 "identifier": {"publisher": "a", "offer": "b", "sku": "c"}}}
    _error(arm.put(arm.image_path("bad_"), body), 400, "InvalidResourceName", "galleryImageName")


@pytest.mark.parametrize("name", ["1.0", "1.0.0.0", "a.b.c", "-1.0.0", "1.0.2147483648", "latest"])
def test_version_name_must_be_major_minor_patch_int32(arm: Arm, name: str) -> None:
    arm.stack()
    _error(arm.put(arm.version_path(name), arm.version_body()), 400, "InvalidResourceName",
           "galleryImageVersionName")


def test_version_name_at_int32_max_is_fine(arm: Arm) -> None:
    arm.stack()
    assert arm.version("2147483647.0.2147483647")["name"] == "2147483647.0.2147483647"


def test_publisher_offer_sku_unique_per_gallery_case_insensitive(arm: Arm) -> None:
    arm.resource_group()
    arm.gallery()
    arm.gallery("other")
    arm.image("one", publisher="Contoso", offer="Finance", sku="Backend")
    clash = arm.put(arm.image_path("two"), {"location": "westus", "properties": {
        "osType": "Linux", "osState": "Generalized",
        "identifier": {"publisher": "CONTOSO", "offer": "finance", "sku": "backend"}}})
    _error(clash, 409, "Conflict", "properties.identifier")
    assert arm.image("two", publisher="Contoso", offer="Finance", sku="Frontend")  # two of three repeat
    assert arm.image("three", publisher="Testing", offer="Finance", sku="Frontend")
    assert arm.image("one", gallery="other", publisher="Contoso", offer="Finance", sku="Backend")  # other gallery
    # replacing a definition with its own triple is not a clash
    assert arm.image("one", publisher="Contoso", offer="Finance", sku="Backend", description="d")


@pytest.mark.parametrize("missing", ["osType", "osState"])
def test_os_type_and_state_are_required(arm: Arm, missing: str) -> None:
    arm.resource_group()
    arm.gallery()
    props = {"osType": "Linux", "osState": "Generalized", "identifier": {"publisher": "a", "offer": "b", "sku": "c"}}
    props.pop(missing)
    _error(arm.put(arm.image_path(), {"location": "westus", "properties": props}), 400, "InvalidParameter",
           f"properties.{missing}")


def test_hyper_v_generation_defaults_to_v1(arm: Arm) -> None:
    arm.resource_group()
    arm.gallery()
    created = arm.image()
    assert created["properties"]["hyperVGeneration"] == "V1"
    assert arm.get(arm.image_path()).json()["properties"]["hyperVGeneration"] == "V1"


def test_version_source_must_exist(arm: Arm) -> None:
    arm.stack()
    response = arm.put(arm.version_path(), arm.version_body(source="nope"))
    _error(response, 400, "InvalidParameter", "properties.storageProfile.source.id")
    assert "not found" in response.json()["error"]["message"]
    no_source = {"location": "westus", "properties": {"storageProfile": {}}}
    _error(arm.put(arm.version_path(), no_source), 400, "InvalidParameter", "properties.storageProfile.source.id")


def test_version_source_must_be_in_the_version_region(arm: Arm) -> None:
    arm.stack()
    arm.source("east", location="eastus")
    _error(arm.put(arm.version_path(), arm.version_body(source="east")), 400, "InvalidParameter",
           "properties.storageProfile.source.id")


def test_version_source_os_type_and_generation_must_match(arm: Arm) -> None:
    arm.stack()
    arm.source("win", os_type="Windows")
    _error(arm.put(arm.version_path(), arm.version_body(source="win")), 400, "InvalidParameter",
           "properties.storageProfile.source.id")
    arm.source("gen2", hyperVGeneration="V2")
    response = arm.put(arm.version_path(), arm.version_body(source="gen2"))
    _error(response, 400, "InvalidParameter", "properties.storageProfile.source.id")
    assert "generation" in response.json()["error"]["message"]


def test_every_disk_at_most_one_terabyte(arm: Arm) -> None:
    arm.stack()
    arm.source("huge-os", size=1025)
    _error(arm.put(arm.version_path(), arm.version_body(source="huge-os")), 400, "InvalidParameter",
           "properties.storageProfile.source.id")
    arm.source("huge-data", size=30, dataDisks=[{"lun": 0, "diskSizeGB": 2048}])
    response = arm.put(arm.version_path(), arm.version_body(source="huge-data"))
    assert response.status_code == 400 and "2048 GB" in response.json()["error"]["message"]
    arm.source("max", size=1024, dataDisks=[{"lun": 0, "diskSizeGB": 1024}])
    assert arm.version(source="max")["properties"]["storageProfile"]["osDiskImage"]["sizeInGB"] == 1024


def test_source_region_must_be_a_target_region(arm: Arm) -> None:
    arm.stack()
    _error(arm.put(arm.version_path(), arm.version_body(regions=["eastus"])), 400, "InvalidParameter",
           "properties.publishingProfile.targetRegions")


def test_target_regions_default_to_the_version_location(arm: Arm) -> None:
    arm.stack()
    profile = arm.version()["properties"]["publishingProfile"]
    assert profile["targetRegions"] == [{"name": "West US", "regionalReplicaCount": 1,
                                         "storageAccountType": "Standard_LRS", "excludeFromLatest": False}]
    assert profile["replicaCount"] == 1 and profile["storageAccountType"] == "Standard_LRS"
    assert profile["publishedDate"]


def test_replica_counts_between_one_and_ten(arm: Arm) -> None:
    arm.stack()
    _error(arm.put(arm.version_path(), arm.version_body(replicaCount=11)), 400, "InvalidParameter",
           "properties.publishingProfile.replicaCount")
    _error(arm.put(arm.version_path(), arm.version_body(regions=[{"name": "westus", "regionalReplicaCount": 0}])),
           400, "InvalidParameter", "properties.publishingProfile.targetRegions[0].regionalReplicaCount")
    _error(arm.put(arm.version_path(), arm.version_body(regions=[{"name": "westus", "regionalReplicaCount": 11}])),
           400, "InvalidParameter", "properties.publishingProfile.targetRegions[0].regionalReplicaCount")
    created = arm.version(replicaCount=3, regions=[{"name": "westus", "regionalReplicaCount": 10}, "eastus"])
    regions = created["properties"]["publishingProfile"]["targetRegions"]
    assert [(r["name"], r["regionalReplicaCount"]) for r in regions] == [("West US", 10), ("East US", 3)]


def test_storage_account_types_for_versions(arm: Arm) -> None:
    arm.stack()
    _error(arm.put(arm.version_path(), arm.version_body(storageAccountType="PremiumV2_LRS")), 400,
           "InvalidParameter", "properties.publishingProfile.storageAccountType")
    bad_region = arm.version_body(regions=[{"name": "westus", "storageAccountType": "PremiumV2_LRS"}])
    _error(arm.put(arm.version_path(), bad_region), 400, "InvalidParameter",
           "properties.publishingProfile.targetRegions[0].storageAccountType")
    created = arm.version(storageAccountType="Premium_LRS", regions=["westus", {"name": "eastus",
                                                                                "storageAccountType": "Standard_ZRS"}])
    types = [r["storageAccountType"] for r in created["properties"]["publishingProfile"]["targetRegions"]]
    assert types == ["Premium_LRS", "Standard_ZRS"]


def test_end_of_life_date_valid_and_not_past_on_create(arm: Arm) -> None:
    arm.stack()
    past = (datetime.now(timezone.utc) - timedelta(days=1)).isoformat()
    _error(arm.put(arm.version_path(), arm.version_body(endOfLifeDate=past)), 400, "InvalidParameter",
           "properties.publishingProfile.endOfLifeDate")
    _error(arm.put(arm.version_path(), arm.version_body(endOfLifeDate="soon")), 400, "InvalidParameter",
           "properties.publishingProfile.endOfLifeDate")
    future = (datetime.now(timezone.utc) + timedelta(days=30)).isoformat()
    assert arm.version(endOfLifeDate=future)["properties"]["publishingProfile"]["endOfLifeDate"] == future


def test_exclude_from_latest_and_latest_route(arm: Arm) -> None:
    arm.stack()
    for name in ("1.0.9", "1.0.12", "1.2.0", "0.9.99"):
        arm.version(name)
    arm.version("2.0.0", excludeFromLatest=True)
    assert arm.get(arm.version_path("latest")).json()["name"] == "1.2.0"
    assert arm.patch(arm.version_path("1.2.0"),
                     {"properties": {"publishingProfile": {"excludeFromLatest": True}}}).status_code == 200
    assert arm.get(arm.version_path("LATEST")).json()["name"] == "1.0.12"
    arm.image("empty", sku="empty")
    _error(arm.get(arm.version_path("latest", image="empty")), 404, "ResourceNotFound")


def test_duplicate_target_regions_refused(arm: Arm) -> None:
    arm.stack()
    _error(arm.put(arm.version_path(), arm.version_body(regions=["westus", "West US"])), 400, "InvalidParameter",
           "properties.publishingProfile.targetRegions[1].name")


def test_unknown_region_refused(arm: Arm) -> None:
    _error(arm.put(arm.rg_path(), {"location": "moon"}, api="2021-04-01"), 400,
           "LocationNotAvailableForResourceType", "location")
    arm.resource_group()
    _error(arm.put(arm.gallery_path(), {"location": "atlantis"}), 400, "LocationNotAvailableForResourceType",
           "location")
    arm.gallery()
    arm.image()
    arm.source()
    _error(arm.put(arm.version_path(), arm.version_body(regions=["westus", "narnia"])), 400, "InvalidParameter",
           "properties.publishingProfile.targetRegions[1].name")


def test_no_replication_across_clouds(arm: Arm) -> None:
    arm.resource_group()
    arm.gallery(location="China East 2")
    arm.image(location="chinaeast2")
    arm.source(location="China East 2")
    response = arm.put(arm.version_path(), arm.version_body(location="chinaeast2", regions=["chinaeast2", "westus"]))
    _error(response, 400, "InvalidParameter", "properties.publishingProfile.targetRegions[1].name")
    created = arm.version(location="chinaeast2", regions=["China East 2", "chinanorth2"])
    assert [r["name"] for r in created["properties"]["publishingProfile"]["targetRegions"]] == \
        ["China East 2", "China North 2"]


def test_region_name_forms_are_the_same_region(arm: Arm) -> None:
    arm.resource_group(location="China East 2")
    created = arm.gallery(location="China East 2", description="d")
    assert created["location"] == "chinaeast2"
    replaced = arm.put(arm.gallery_path(), {"location": "chinaeast2", "properties": {"description": "e"}})
    assert replaced.status_code == 200, replaced.text
    arm.image(location="chinaeast2")
    arm.source(location="China East 2")
    arm.version(location="China East 2", regions=["China East 2"])
    body = arm.version_body(location="chinaeast2", regions=[{"name": "chinaeast2", "regionalReplicaCount": 1}])
    again = arm.put(arm.version_path(), body)
    assert again.status_code == 200, again.text
    assert again.json()["properties"]["publishingProfile"]["targetRegions"][0]["name"] == "China East 2"


def test_numerically_equal_versions_pick_one_latest_deterministically(arm: Arm) -> None:
    """01.0.0 beside 1.0.0: the emulator's store and the shared rule (client, provider) agree."""
    from dataclasses import dataclass
    from datetime import datetime

    from pulumi_sig.models.versions import select_latest

    @dataclass
    class Named:
        name: str
        exclude_from_latest: bool = False
        end_of_life: datetime | None = None

    arm.stack()
    for name in ("01.0.0", "1.0.0", "0.9.0"):
        arm.version(name)
    assert arm.get(arm.version_path("latest")).json()["name"] == "1.0.0"
    for order in (["01.0.0", "1.0.0"], ["1.0.0", "01.0.0"]):
        chosen = select_latest([Named(name) for name in order])
        assert chosen is not None and chosen.name == "1.0.0"
