"""Sharing a gallery, the publisher's side (issue 13): sharingStatus and the share LRO, $expand/$select on GET,
and the rule that a gallery still shared cannot be deleted or made Private until its sharing is reset."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests
from azure.mgmt.compute import ComputeManagementClient
from azure.mgmt.compute import models as m

from pulumi_sig.emulator import EmulatorServer
from pulumi_sig.emulator.gallery_sharing_status import SHARING_SECONDS, sharing_status, start_sharing
from pulumi_sig.emulator.store import Record

from .conftest import SUB, Arm, error_code, start_server
from .test_azure_sdk import FakeCredential, start_tls_server

CONSUMER_SUB = "00000000-0000-0000-0000-0000000000bb"
GROUPS = [{"type": "Subscriptions", "ids": [CONSUMER_SUB]}]
INFO = {"publisherUri": "https://contoso.example", "publisherContact": "images@contoso.example",
        "eula": "https://contoso.example/eula", "publicNamePrefix": "contoso"}


def post_share(arm: Arm, operation: str, groups: list[dict[str, Any]] | None = None) -> requests.Response:
    body: dict[str, Any] = {"operationType": operation}
    if groups:
        body["groups"] = groups
    return arm.call("POST", arm.gallery_path() + "/share", body)


def gallery(arm: Arm, **params: str) -> dict[str, Any]:
    return arm.ok(arm.get(arm.gallery_path(), params=params), 200)


def shared_gallery(arm: Arm, permissions: str = "Groups", **profile: Any) -> None:
    arm.resource_group()
    arm.gallery(sharingProfile={"permissions": permissions, **profile})


@pytest.fixture
def manual(tmp_path: Path) -> Iterator[Arm]:
    server = start_server(tmp_path / "manual", replication="manual")
    yield Arm(server.url or "")
    server.stop()


def advance(arm: Arm, **body: Any) -> requests.Response:
    gallery_id = f"{arm.gallery_path()}"
    return arm.call("POST", "/_emulator/replication/advance", {"galleryId": gallery_id, **body}, api=None)


# sharingStatus and the share operation ---------------------------------------------------------------------
def test_a_private_gallery_has_no_sharing_status_and_a_shared_one_reports_succeeded(arm: Arm) -> None:
    arm.resource_group()
    arm.gallery()
    assert "sharingStatus" not in gallery(arm)["properties"]
    arm.gallery("open", sharingProfile={"permissions": "Groups"})
    opened = arm.ok(arm.get(arm.gallery_path("open")), 200)["properties"]
    assert opened["sharingStatus"] == {"aggregatedState": "Succeeded",
                                       "summary": [{"region": "West US", "state": "Succeeded"}]}
    arm.gallery("pub", sharingProfile={"permissions": "Groups"})
    done = arm.call("POST", arm.gallery_path("pub") + "/share", {"operationType": "Add", "groups": GROUPS})
    assert done.status_code == 200 and done.json() == {"operationType": "Add", "groups": GROUPS}
    assert arm.ok(arm.get(arm.gallery_path("pub")), 200)["properties"]["sharingStatus"]["aggregatedState"] \
        == "Succeeded"


def test_the_share_operation_and_sharing_status_agree_while_in_progress_and_after(manual: Arm) -> None:
    shared_gallery(manual)
    accepted = post_share(manual, "Add", GROUPS)
    assert accepted.status_code == 202 and accepted.json() == {"operationType": "Add", "groups": GROUPS}
    status_url, result_url = accepted.headers["Azure-AsyncOperation"], accepted.headers["Location"]
    assert gallery(manual)["properties"]["sharingStatus"] == {
        "aggregatedState": "InProgress", "summary": [{"region": "West US", "state": "InProgress"}]}
    assert manual.get(status_url, api=None).json()["status"] == "InProgress"
    assert manual.get(result_url, api=None).status_code == 202
    assert advance(manual, complete=True).json()["aggregatedState"] == "Succeeded"
    assert gallery(manual)["properties"]["sharingStatus"]["aggregatedState"] == "Succeeded"
    assert manual.get(status_url, api=None).json()["status"] == "Succeeded"
    final = manual.get(result_url, api=None)
    assert final.status_code == 200 and final.json() == {"operationType": "Add", "groups": GROUPS}


def test_a_failed_share_says_failed_with_its_reason_in_both_places(manual: Arm) -> None:
    shared_gallery(manual)
    accepted = post_share(manual, "Add", GROUPS)
    advance(manual, fail="region westus unavailable")
    status = gallery(manual)["properties"]["sharingStatus"]
    assert status == {"aggregatedState": "Failed", "summary": [
        {"region": "West US", "state": "Failed", "details": "region westus unavailable"}]}
    operation = manual.get(accepted.headers["Azure-AsyncOperation"], api=None).json()
    assert operation["status"] == "Failed" and operation["error"]["code"] == "GallerySharingFailed"
    assert "region westus unavailable" in operation["error"]["message"]


def test_time_mode_sharing_finishes_after_its_scaled_duration() -> None:
    record = Record(key="g", kind="gallery", parent=None, subscription=SUB, location="westus",
                    body={"properties": {"sharingProfile": {"permissions": "Groups"}}}, created_at=0, updated_at=0)
    start_sharing(record, {"operationType": "Add"}, now=100.0, time_scale=2.0)
    half = 100.0 + SHARING_SECONDS / 2
    assert sharing_status(record, now=half - 0.1, mode="time")["aggregatedState"] == "InProgress"  # type: ignore[index]
    assert sharing_status(record, now=half, mode="time")["aggregatedState"] == "Succeeded"  # type: ignore[index]
    assert sharing_status(record, now=100.0, mode="immediate")["aggregatedState"] == "Succeeded"  # type: ignore[index]


def test_sharing_status_is_read_only_a_put_carrying_it_stores_nothing_of_it(manual: Arm) -> None:
    shared_gallery(manual)
    post_share(manual, "Add", GROUPS)
    body = gallery(manual)
    body["properties"]["sharingStatus"] = {"aggregatedState": "Succeeded", "summary": []}
    manual.ok(manual.put(manual.gallery_path(), {"location": "westus", "properties": body["properties"]}), 200)
    assert gallery(manual)["properties"]["sharingStatus"]["aggregatedState"] == "InProgress"


# $expand / $select ---------------------------------------------------------------------------------------
def test_groups_are_returned_only_with_expand_sharing_profile_groups(arm: Arm) -> None:
    shared_gallery(arm)
    assert post_share(arm, "Add", GROUPS).status_code == 200
    plain = gallery(arm)["properties"]["sharingProfile"]
    assert plain == {"permissions": "Groups"}
    for params in ({"$expand": "SharingProfile/Groups"}, {"$expand": "sharingprofile/groups"},
                   {"$select": "Permissions"}):
        assert gallery(arm, **params)["properties"]["sharingProfile"] == {"permissions": "Groups", "groups": GROUPS}
    listed = arm.ok(arm.get(arm.rg_path() + "/providers/Microsoft.Compute/galleries"), 200)["value"]
    assert "groups" not in listed[0]["properties"]["sharingProfile"]


@pytest.mark.parametrize("name", ["$expand", "$select"])
def test_an_unknown_expand_or_select_value_is_400_naming_the_parameter(arm: Arm, name: str) -> None:
    shared_gallery(arm)
    refused = arm.get(arm.gallery_path(), params={name: "Everything"})
    assert refused.status_code == 400 and error_code(refused) == "InvalidParameter"
    assert refused.json()["error"]["target"] == name and name in refused.json()["error"]["message"]


# deleting or making Private a gallery that is still shared -------------------------------------------------
def _everything(arm: Arm) -> dict[str, Any]:
    return gallery(arm, **{"$expand": "SharingProfile/Groups"})


def test_a_gallery_shared_with_groups_cannot_be_deleted_until_they_are_gone(arm: Arm) -> None:
    shared_gallery(arm)
    post_share(arm, "Add", GROUPS)
    before = _everything(arm)
    refused = arm.delete(arm.gallery_path())
    assert refused.status_code == 409 and error_code(refused) == "OperationNotAllowed"
    message = refused.json()["error"]["message"]
    assert "cannot be deleted while it is shared" in message and CONSUMER_SUB in message and "Reset" in message
    assert refused.json()["error"]["target"] == "properties.sharingProfile"
    assert _everything(arm)["properties"]["sharingProfile"] == before["properties"]["sharingProfile"]
    group_refused = arm.delete(arm.rg_path(), api="2021-04-01")
    assert group_refused.status_code == 409 and error_code(group_refused) == "OperationNotAllowed"
    assert arm.get(arm.gallery_path()).status_code == 200  # the group and its gallery are all still there
    post_share(arm, "Remove", GROUPS)
    assert arm.delete(arm.gallery_path()).status_code in (200, 202)
    assert arm.get(arm.gallery_path()).status_code == 404


def test_a_community_gallery_cannot_be_deleted_until_sharing_is_reset(arm: Arm) -> None:
    shared_gallery(arm, "Community", communityGalleryInfo=INFO)
    post_share(arm, "EnableCommunity")
    refused = arm.delete(arm.gallery_path())
    assert refused.status_code == 409 and error_code(refused) == "OperationNotAllowed"
    assert "shared to the community as contoso-" in refused.json()["error"]["message"]
    post_share(arm, "Reset")
    assert arm.delete(arm.gallery_path()).status_code in (200, 202)


def test_making_a_shared_gallery_private_is_refused_and_changes_nothing(arm: Arm) -> None:
    shared_gallery(arm)
    post_share(arm, "Add", GROUPS)
    before = _everything(arm)
    for method, body in (("PUT", {"location": "westus", "properties": {"sharingProfile": {"permissions": "Private"}}}),
                         ("PUT", {"location": "westus", "properties": {"description": "no profile"}}),
                         ("PATCH", {"properties": {"sharingProfile": {"permissions": "Private"}}})):
        refused = arm.call(method, arm.gallery_path(), body)
        assert refused.status_code == 409 and error_code(refused) == "OperationNotAllowed", (method, body)
        assert refused.json()["error"]["target"] == "properties.sharingProfile.permissions"
        assert "cannot be made Private while it is shared" in refused.json()["error"]["message"]
    after = _everything(arm)
    assert after["properties"] == before["properties"]
    post_share(arm, "Remove", GROUPS)  # no longer shared: the permission is still fixed by PUT, as Azure says
    fixed = arm.put(arm.gallery_path(), {"location": "westus", "properties": {"sharingProfile": {"permissions": "Private"}}})
    assert fixed.status_code == 409 and error_code(fixed) == "PropertyChangeNotAllowed"


def test_community_info_can_be_staged_before_enabling_and_is_fixed_once_enabled(arm: Arm) -> None:
    shared_gallery(arm, "Community")
    staged = arm.patch(arm.gallery_path(), {"properties": {"sharingProfile": {"communityGalleryInfo": INFO}}})
    assert arm.ok(staged, 200)["properties"]["sharingProfile"]["communityGalleryInfo"] == INFO
    post_share(arm, "EnableCommunity")
    info = gallery(arm)["properties"]["sharingProfile"]["communityGalleryInfo"]
    assert info["communityGalleryEnabled"] is True and info["publicNames"][0].startswith("contoso-")
    changed = arm.patch(arm.gallery_path(), {"properties": {"sharingProfile": {"communityGalleryInfo": {
        **INFO, "eula": "changed"}}}})
    assert changed.status_code == 409 and error_code(changed) == "PropertyChangeNotAllowed"
    assert "eula" in changed.json()["error"]["target"]
    # a PUT that leaves communityGalleryInfo out (az's GET-then-PUT) keeps it, public name included
    arm.ok(arm.put(arm.gallery_path(), {"location": "westus", "properties": {
        "description": "d", "sharingProfile": {"permissions": "Community"}}}), 200)
    assert gallery(arm)["properties"]["sharingProfile"]["communityGalleryInfo"] == info


# Azure's own SDK -----------------------------------------------------------------------------------------
@pytest.fixture
def tls_manual(tmp_path: Path) -> Iterator[tuple[EmulatorServer, str]]:
    server, ca_bundle = start_tls_server(tmp_path, replication="manual")
    yield server, ca_bundle
    server.stop()


@pytest.mark.timeout(120)
def test_azure_sdk_polls_the_share_lro_and_reads_sharing_status_and_expand(
        tls_manual: tuple[EmulatorServer, str]) -> None:
    server, ca_pem = tls_manual
    assert server.url
    arm = Arm(server.url)
    arm.verify = ca_pem
    arm.resource_group()
    client = ComputeManagementClient(FakeCredential(), SUB, base_url=server.url, connection_verify=ca_pem,
                                     polling_interval=0)
    client.galleries.begin_create_or_update("rg1", "gal", m.Gallery(
        location="westus", sharing_profile=m.SharingProfile(permissions="Groups")), polling_interval=0).result()
    poller = client.gallery_sharing_profile.begin_update("rg1", "gal", m.SharingUpdate(
        operation_type="Add", groups=[m.SharingProfileGroup(type="Subscriptions", ids=[CONSUMER_SUB])]),
        polling_interval=0)
    time.sleep(0.2)
    assert not poller.done()
    assert client.galleries.get("rg1", "gal").sharing_status.aggregated_state == "InProgress"
    advance(arm, complete=True)
    applied = poller.result(timeout=30)
    assert applied.operation_type == "Add" and applied.groups[0].ids == [CONSUMER_SUB]
    plain = client.galleries.get("rg1", "gal")
    assert plain.sharing_status.aggregated_state == "Succeeded"
    assert plain.sharing_status.summary[0].region == "West US" and plain.sharing_profile.groups is None
    expanded = client.galleries.get("rg1", "gal", expand="SharingProfile/Groups")
    assert expanded.sharing_profile.groups[0].ids == [CONSUMER_SUB]
    with pytest.raises(Exception) as refused:
        client.galleries.begin_delete("rg1", "gal", polling_interval=0).result()
    assert "OperationNotAllowed" in str(refused.value)


def test_with_access_control_any_signed_in_caller_reads_a_community_gallery(tmp_path: Path) -> None:
    from .test_authorization import principal

    server = start_server(tmp_path / "enforced", authorization="enforce")
    try:
        assert server.url
        owner = principal(server.url, "publisher", ("Owner", f"/subscriptions/{SUB}"))
        shared_gallery(owner, "Community", communityGalleryInfo=INFO)
        assert post_share(owner, "EnableCommunity").status_code == 200
        public = gallery(owner)["properties"]["sharingProfile"]["communityGalleryInfo"]["publicNames"][0]
        path = f"/subscriptions/{CONSUMER_SUB}/providers/Microsoft.Compute/locations/westus/communityGalleries/{public}"
        grant = requests.post(f"{server.url}/_emulator/principals", timeout=10, json={
            "name": "stranger", "tenantId": "33333333-0000-0000-0000-000000000033"}).json()
        stranger = requests.get(server.url + path, params={"api-version": "2025-03-03"}, timeout=10,
                                headers={"Authorization": f"Bearer {grant['accessToken']}"})
        assert stranger.status_code == 200 and stranger.json()["name"] == public
        anonymous = requests.get(server.url + path, params={"api-version": "2025-03-03"}, timeout=10)
        assert anonymous.status_code == 401  # public, but ARM still needs a signed-in caller
        private = requests.get(f"{server.url}/subscriptions/{CONSUMER_SUB}/providers/Microsoft.Compute/locations/"
                               "westus/sharedGalleries", params={"api-version": "2025-03-03"}, timeout=10,
                               headers={"Authorization": f"Bearer {grant['accessToken']}"})
        assert private.status_code == 403  # direct shares still need a role on the consumer's subscription
    finally:
        server.stop()


def test_the_public_name_survives_a_reset_and_follows_a_new_prefix(arm: Arm) -> None:
    shared_gallery(arm, "Community", communityGalleryInfo=INFO)
    post_share(arm, "EnableCommunity")
    first = gallery(arm)["properties"]["sharingProfile"]["communityGalleryInfo"]["publicNames"]
    post_share(arm, "Reset")
    assert gallery(arm)["properties"]["sharingProfile"]["permissions"] == "Private"
    post_share(arm, "EnableCommunity")
    assert gallery(arm)["properties"]["sharingProfile"]["communityGalleryInfo"]["publicNames"] == first
    post_share(arm, "Reset")
    arm.ok(arm.patch(arm.gallery_path(), {"properties": {"sharingProfile": {"communityGalleryInfo": {
        "publicNamePrefix": "fabrikam"}}}}), 200)
    post_share(arm, "EnableCommunity")
    (renamed,) = gallery(arm)["properties"]["sharingProfile"]["communityGalleryInfo"]["publicNames"]
    assert renamed.startswith("fabrikam-") and [renamed] != first


def test_community_sharing_is_refused_on_a_gallery_shared_directly(arm: Arm) -> None:
    shared_gallery(arm)
    post_share(arm, "Add", GROUPS)
    before = _everything(arm)
    refused = post_share(arm, "EnableCommunity")
    assert refused.status_code == 409 and error_code(refused) == "OperationNotAllowed"
    assert "permissions" in refused.json()["error"]["target"] and "'Groups'" in refused.json()["error"]["message"]
    assert _everything(arm) == before
