"""What the real az and azurerm send that the emulator used to refuse (issue 15), and api-versions they use."""
from __future__ import annotations

from typing import Any

import pytest

from tests.emulator.conftest import RESOURCES, Arm, error_code


def _stored_version(arm: Arm) -> dict[str, Any]:
    body = arm.get(arm.version_path()).json()
    return {"location": body["location"], "tags": body.get("tags") or {}, "properties": {
        "publishingProfile": body["properties"]["publishingProfile"],
        "storageProfile": {k: v for k, v in body["properties"]["storageProfile"].items() if k != "source"}}}


# (a) az sig image-version update: GET, then PUT without storageProfile.source ------------------------------
def test_a_put_without_the_source_keeps_the_stored_source(arm: Arm) -> None:
    arm.stack()
    arm.version()
    body = _stored_version(arm)
    body["tags"] = {"updated": "yes"}
    answer = arm.put(arm.version_path(), body)
    assert answer.status_code == 200, answer.text
    stored = arm.get(arm.version_path()).json()
    assert stored["tags"] == {"updated": "yes"}
    assert stored["properties"]["storageProfile"]["source"]["id"] == arm.source_path()


def test_a_put_with_another_source_is_still_refused(arm: Arm) -> None:
    arm.stack()
    arm.source("src2")
    arm.version()
    body = _stored_version(arm)
    body["properties"]["storageProfile"]["source"] = {"id": arm.source_path("src2")}
    refused = arm.put(arm.version_path(), body)
    assert refused.status_code == 409 and error_code(refused) == "PropertyChangeNotAllowed"
    assert refused.json()["error"]["target"] == "properties.storageProfile.source.id"


def test_a_new_version_still_needs_a_source(arm: Arm) -> None:
    arm.stack()
    refused = arm.put(arm.version_path(), {"location": "westus", "properties": {"storageProfile": {}}})
    assert refused.status_code == 400 and error_code(refused) == "InvalidParameter"
    assert refused.json()["error"]["target"] == "properties.storageProfile.source.id"


def test_a_kept_os_disk_source_is_kept_too(arm: Arm) -> None:
    arm.stack()
    arm.source("os1", "snapshots")
    body = {"location": "westus", "properties": {"storageProfile": {
        "osDiskImage": {"source": {"id": arm.source_path("os1", "snapshots")}}}}}
    assert arm.put(arm.version_path(), body).status_code == 201
    again = _stored_version(arm)
    again["properties"]["storageProfile"]["osDiskImage"].pop("source")
    assert arm.put(arm.version_path(), again).status_code == 200
    stored = arm.get(arm.version_path()).json()["properties"]["storageProfile"]
    assert stored["osDiskImage"]["source"]["id"].endswith("/os1")


# (b) azurerm: "" for unset URIs -------------------------------------------------------------------------
def test_empty_uris_are_unset(arm: Arm) -> None:
    arm.resource_group()
    arm.gallery()
    created = arm.image(privacyStatementUri="", releaseNoteUri="")
    assert "privacyStatementUri" not in created["properties"]
    assert "releaseNoteUri" not in arm.get(arm.image_path()).json()["properties"]
    # the same body again (azurerm's update) is no change; leaving the fields out is none either
    again = arm.put(arm.image_path(), {"location": "westus", "properties": {
        "osType": "Linux", "osState": "Generalized", "privacyStatementUri": "", "releaseNoteUri": "",
        "identifier": {"publisher": "pub", "offer": "off", "sku": "img"}}})
    assert again.status_code == 200, again.text


def test_a_uri_that_is_not_absolute_is_still_refused(arm: Arm) -> None:
    arm.resource_group()
    arm.gallery()
    refused = arm.put(arm.image_path(), {"location": "westus", "properties": {
        "osType": "Linux", "osState": "Generalized", "releaseNoteUri": "notes.html",
        "identifier": {"publisher": "pub", "offer": "off", "sku": "img"}}})
    assert refused.status_code == 400 and error_code(refused) == "InvalidParameter"
    assert refused.json()["error"]["target"] == "properties.releaseNoteUri"


# (c) az group delete: the group and everything in it ---------------------------------------------------------
def test_deleting_a_group_deletes_its_contents_and_nothing_else(arm: Arm) -> None:
    arm.stack()
    arm.version()
    arm.version("1.0.1")
    arm.source("snap", "snapshots")
    arm.resource_group("other")
    arm.gallery("kept", rg="other")
    deleted = arm.delete(arm.rg_path(), api=RESOURCES)
    assert deleted.status_code == 200
    for path, api in ((arm.version_path(), None), (arm.image_path(), None), (arm.gallery_path(), None),
                      (arm.source_path(), "2024-11-01"), (arm.rg_path(), RESOURCES)):
        gone = arm.get(path, **({"api": api} if api else {}))
        assert gone.status_code == 404 and error_code(gone) == "ResourceGroupNotFound", path
    assert arm.get(arm.gallery_path("kept", rg="other")).status_code == 200
    # quotas count what is left: the group's galleries no longer count
    assert arm.resource_group()["name"] == "rg1"
    assert arm.put(arm.gallery_path(), {"location": "westus"}).status_code == 201


def test_a_version_outlives_its_source_in_another_group(arm: Arm) -> None:
    arm.stack()
    arm.resource_group("sources")
    arm.source("elsewhere", rg="sources")
    body = arm.version_body()
    body["properties"]["storageProfile"]["source"]["id"] = arm.source_path("elsewhere", rg="sources")
    assert arm.put(arm.version_path(), body).status_code == 201
    assert arm.delete(arm.rg_path("sources"), api=RESOURCES).status_code == 200
    assert arm.get(arm.version_path()).status_code == 200


# api-versions the clients send -------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["2021-10-01", "2022-03-03", "2023-07-03", "2024-03-03", "2026-03-03"])
def test_gallery_versions_az_and_azurerm_send(arm: Arm, version: str) -> None:
    arm.ok(arm.put("/subscriptions/00000000-0000-0000-0000-00000000aaaa/resourcegroups/rg1",
                   {"location": "westus"}, api="2024-11-01"))
    created = arm.put(arm.gallery_path(), {"location": "westus"}, api=version)
    assert created.status_code == 201
    operation = created.headers["Azure-AsyncOperation"]
    assert f"api-version={version}" in operation
    polled = arm.http.get(operation, timeout=10)
    assert polled.status_code == 200 and polled.json()["status"] == "Succeeded"
    assert arm.get(arm.gallery_path(), api=version).status_code == 200
    assert arm.get(f"{arm.gallery_path()}/images", api=version).status_code == 200
    assert arm.delete(arm.gallery_path(), api=version).status_code == 202


@pytest.mark.parametrize("version", ["2023-07-01", "2024-11-01"])
def test_resource_group_versions_with_lowercase_segment(arm: Arm, version: str) -> None:
    path = "/subscriptions/00000000-0000-0000-0000-00000000aaaa/resourcegroups/rg1"
    assert arm.put(path, {"location": "westus"}, api=version).status_code == 201
    assert arm.get(path, api=version).json()["name"] == "rg1"
    assert arm.delete(path, api=version).status_code == 200
