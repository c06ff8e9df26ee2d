"""After creation: only the mutability table may change; limits per region; no delete with children."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.emulator.conftest import SUB, Arm, error_code


def _refused(response, target: str) -> None:
    assert response.status_code == 409, response.text
    assert error_code(response) == "PropertyChangeNotAllowed"
    assert response.json()["error"]["target"] == target


def test_gallery_only_description_and_tags_change(arm: Arm) -> None:
    arm.resource_group()
    arm.gallery(description="a")
    assert arm.patch(arm.gallery_path(), {"properties": {"description": "b"}, "tags": {"t": "1"}}).status_code == 200
    moved = arm.put(arm.gallery_path(), {"location": "eastus"})
    assert moved.status_code == 409 and error_code(moved) == "InvalidResourceLocation", moved.text
    _refused(arm.patch(arm.gallery_path(), {"properties": {"softDeletePolicy": {"isSoftDeleteEnabled": True}}}),
             "properties.softDeletePolicy.isSoftDeleteEnabled")
    stored = arm.get(arm.gallery_path()).json()
    assert stored["properties"]["description"] == "b" and stored["tags"] == {"t": "1"}
    assert stored["properties"]["softDeletePolicy"] == {"isSoftDeleteEnabled": False}


def test_definition_identifier_cannot_change_and_nothing_is_stored(arm: Arm) -> None:
    arm.resource_group()
    arm.gallery()
    arm.image(publisher="pub")
    body = {"location": "westus", "properties": {"osType": "Linux", "osState": "Generalized",
                                                 "identifier": {"publisher": "other", "offer": "off", "sku": "img"},
                                                 "description": "changed too"}}
    _refused(arm.put(arm.image_path(), body), "properties.identifier.publisher")
    stored = arm.get(arm.image_path()).json()["properties"]
    assert stored["identifier"]["publisher"] == "pub" and "description" not in stored
    _refused(arm.patch(arm.image_path(), {"properties": {"osType": "Windows"}}), "properties.osType")
    _refused(arm.patch(arm.image_path(), {"properties": {"hyperVGeneration": "V2"}}), "properties.hyperVGeneration")


def test_definition_mutable_fields_change_by_patch_and_put(arm: Arm) -> None:
    arm.resource_group()
    arm.gallery()
    arm.image()
    eol = (datetime.now(timezone.utc) + timedelta(days=90)).isoformat()
    patch = {"properties": {"description": "d", "endOfLifeDate": eol,
                            "recommended": {"vCPUs": {"min": 2, "max": 8}, "memory": {"min": 4, "max": 32}}}}
    patched = arm.patch(arm.image_path(), patch)
    assert patched.status_code == 200 and patched.json()["properties"]["recommended"]["vCPUs"]["max"] == 8
    # a PUT that omits hyperVGeneration is not a change: the default V1 is filled on both sides
    replaced = arm.image(description="e")
    assert replaced["properties"]["description"] == "e" and replaced["properties"]["hyperVGeneration"] == "V1"


def test_version_mutable_and_immutable_fields(arm: Arm) -> None:
    arm.stack()
    arm.source("other")
    arm.version(regions=["westus"])
    patch = {"properties": {"publishingProfile": {"targetRegions": [{"name": "westus"}, {"name": "eastus2"}],
                                                  "replicaCount": 2, "excludeFromLatest": True}}}
    patched = arm.patch(arm.version_path(), patch)
    assert patched.status_code in (200, 202), patched.text
    profile = arm.get(arm.version_path()).json()["properties"]["publishingProfile"]
    assert [r["regionalReplicaCount"] for r in profile["targetRegions"]] == [2, 2] and profile["excludeFromLatest"]
    other = {"properties": {"storageProfile": {"source": {"id": arm.source_path("other")}}}}
    _refused(arm.patch(arm.version_path(), other), "properties.storageProfile.source.id")
    _refused(arm.patch(arm.version_path(), {"properties": {"publishingProfile": {"storageAccountType": "Premium_LRS"}}}),
             "properties.publishingProfile.storageAccountType")
    _refused(arm.patch(arm.version_path(), {"properties": {"safetyProfile": {"blockDeletionBeforeEndOfLife": True}}}),
             "properties.safetyProfile.blockDeletionBeforeEndOfLife")
    assert arm.get(arm.version_path()).json()["properties"]["storageProfile"]["source"]["id"].endswith("/src")


def test_quota_of_galleries_per_region_at_the_real_default(arm: Arm) -> None:
    arm.resource_group()
    for index in range(100):
        assert arm.put(arm.gallery_path(f"g{index}"), {"location": "westus"}).status_code == 201
    refused = arm.put(arm.gallery_path("g100"), {"location": "westus"})
    assert refused.status_code == 409 and error_code(refused) == "QuotaExceeded"
    assert "100 galleries" in refused.json()["error"]["message"]
    assert arm.put(arm.gallery_path("g100"), {"location": "eastus"}).status_code == 201  # another region


def test_quota_of_definitions_and_versions(small_limits_arm: Arm) -> None:
    arm = small_limits_arm
    arm.resource_group()
    arm.gallery()
    arm.gallery("second")
    arm.image("a")
    arm.image("b")
    arm.image("c", gallery="second")
    refused = arm.put(arm.image_path("d"), {"location": "westus", "properties": {
        "osType": "Linux", "osState": "Generalized", "identifier": {"publisher": "p", "offer": "o", "sku": "d"}}})
    assert refused.status_code == 409 and error_code(refused) == "QuotaExceeded"
    assert "image definitions" in refused.json()["error"]["message"]
    arm.source()
    for name in ("1.0.0", "1.0.1", "1.0.2"):
        arm.version(name, image="a")
    refused = arm.put(arm.version_path("1.0.3", image="b"), arm.version_body())
    assert refused.status_code == 409 and error_code(refused) == "QuotaExceeded"
    assert arm.put(arm.version_path("1.0.2", image="a"), arm.version_body()).status_code == 200  # replace is fine
    arm.delete(arm.version_path("1.0.0", image="a"))
    assert arm.put(arm.version_path("1.0.3", image="b"), arm.version_body()).status_code == 201


def test_quota_of_galleries_counts_per_subscription(small_limits_arm: Arm) -> None:
    arm = small_limits_arm
    other = "11111111-0000-0000-0000-000000000000"
    arm.resource_group()
    arm.resource_group(sub=other)
    for index in range(3):
        arm.gallery(f"g{index}")
    assert error_code(arm.put(arm.gallery_path("g3"), {"location": "westus"})) == "QuotaExceeded"
    assert arm.put(arm.gallery_path("g3", sub=other), {"location": "westus"}).status_code == 201


def test_cannot_delete_gallery_with_definitions_or_definition_with_versions(arm: Arm) -> None:
    arm.stack()
    arm.version()
    refused = arm.delete(arm.gallery_path())
    assert refused.status_code == 409 and error_code(refused) == "CannotDeleteResource"
    refused = arm.delete(arm.image_path())
    assert refused.status_code == 409 and error_code(refused) == "CannotDeleteResource"
    assert arm.get(arm.gallery_path()).status_code == 200
    assert arm.get(arm.image_path()).status_code == 200
    assert arm.get(arm.version_path()).status_code == 200
    assert arm.delete(arm.version_path()).status_code == 202
    assert arm.delete(arm.image_path()).status_code == 202
    assert arm.delete(arm.gallery_path()).status_code == 202
    assert arm.get(f"/subscriptions/{SUB}/providers/Microsoft.Compute/galleries").json()["value"] == []
