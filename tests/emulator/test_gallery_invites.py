"""The consumer's accept / reject of direct sharing (GallerySharing_Accept/_Reject and their tenant-level twins):
a reject hides the gallery from exactly that consumer, durably; accept undoes it."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
import requests

from pulumi_sig.emulator import EmulatorServer

from .conftest import SUB, Arm, error_code, start_server
from .test_authorization import Caller, principal
from .test_direct_sharing import CONSUMER_SUB, OTHER_SUB, PARTNER_TENANT, share, shared, unique_name

LOCATION_PATH = "/providers/Microsoft.Compute/locations/westus"


def answer(arm: Arm, verb: str, gallery: str = "gal", *, consumer: str | None = CONSUMER_SUB,
           publisher: str = SUB, location: str = "westus", api: str = "2025-03-03") -> requests.Response:
    """POST accept|reject for the consumer subscription, or tenant-level when consumer is None."""
    within = f"/subscriptions/{consumer}" if consumer else ""
    level = "sharedGallerySubscriptions" if consumer else "tenantLevelSharedGallerySubscriptions"
    return arm.call("POST", f"{within}/providers/Microsoft.Compute/locations/{location}/{level}/{publisher}/"
                            f"sharedGalleries/{gallery}/{verb}", api=api)


def names(arm: Arm, sub: str, **params: str) -> list[str]:
    return [g["name"] for g in shared(arm, sub, **params).json()["value"]]


@pytest.fixture
def publisher(arm: Arm) -> Arm:
    """A gallery with a definition and a version, shared with two subscriptions."""
    arm.resource_group()
    arm.gallery(sharingProfile={"permissions": "Groups"})
    arm.image()
    arm.source()
    arm.version()
    share(arm, "Add", [{"type": "Subscriptions", "ids": [CONSUMER_SUB, OTHER_SUB]}])
    return arm


def test_reject_hides_the_gallery_from_that_subscription_only_and_accept_brings_it_back(publisher: Arm) -> None:
    name = unique_name(publisher)
    rejected = answer(publisher, "reject")
    assert rejected.status_code == 200
    assert rejected.json() == {"name": name, "location": "westus",
                               "identifier": {"uniqueId": f"/SharedGalleries/{name}"}, "properties": {"id": SUB}}
    assert names(publisher, CONSUMER_SUB) == []
    for tail in (f"/{name}", f"/{name}/images", f"/{name}/images/img/versions/1.0.0"):
        hidden = shared(publisher, CONSUMER_SUB, tail)
        assert hidden.status_code == 404 and error_code(hidden) == "ResourceNotFound"
    assert names(publisher, OTHER_SUB) == [name]  # the other consumer still sees it
    assert answer(publisher, "reject").status_code == 200  # idempotent
    assert answer(publisher, "accept").status_code == 200
    assert names(publisher, CONSUMER_SUB) == [name]
    assert shared(publisher, CONSUMER_SUB, f"/{name}/images/img/versions/1.0.0").status_code == 200
    assert answer(publisher, "accept").status_code == 200  # harmless without a reject


def test_the_gallery_is_named_by_its_name_or_its_unique_name(publisher: Arm) -> None:
    assert answer(publisher, "reject", unique_name(publisher).lower()).status_code == 200
    assert names(publisher, CONSUMER_SUB) == []
    assert answer(publisher, "accept", "GAL").status_code == 200
    assert len(names(publisher, CONSUMER_SUB)) == 1


def test_a_gallery_not_shared_with_the_consumer_answers_as_the_consumers_get(publisher: Arm) -> None:
    stranger, name = "00000000-0000-0000-0000-0000000000dd", unique_name(publisher)
    get = shared(publisher, stranger, f"/{name}")
    refused = answer(publisher, "reject", name, consumer=stranger)
    assert refused.status_code == get.status_code == 404 and refused.json() == get.json()
    for refused in (answer(publisher, "accept", "nosuchgallery"),
                    answer(publisher, "reject", publisher=OTHER_SUB),
                    answer(publisher, "reject", location="eastus"),
                    answer(publisher, "reject", consumer=None)):  # not shared with any tenant
        assert refused.status_code == 404 and error_code(refused) == "ResourceNotFound"
        assert refused.json()["error"]["target"] == "sharedGalleries"
    assert len(names(publisher, CONSUMER_SUB)) == 1  # nothing changed


def test_reject_and_accept_are_long_running_operations_outside_immediate_mode(tmp_path: Path) -> None:
    server = start_server(tmp_path / "timed", replication="time")
    try:
        assert server.url
        arm = Arm(server.url)
        arm.resource_group()
        arm.gallery(sharingProfile={"permissions": "Groups"})
        arm.ok(arm.call("POST", arm.gallery_path() + "/share", {
            "operationType": "Add", "groups": [{"type": "Subscriptions", "ids": [CONSUMER_SUB]}]}), 202)
        accepted = answer(arm, "reject")
        assert accepted.status_code == 202 and "Azure-AsyncOperation" not in accepted.headers
        location = accepted.headers["Location"]
        assert f"/subscriptions/{CONSUMER_SUB}{LOCATION_PATH}/operationResults/" in location
        assert names(arm, CONSUMER_SUB) == []  # stored at once
        final = arm.get(location, api=None)
        assert final.status_code == 200 and final.json()["properties"] == {"id": SUB}
        assert final.json() == accepted.json()
    finally:
        server.stop()


def test_newer_api_versions_answer_204_as_the_sdk_expects(publisher: Arm) -> None:
    done = answer(publisher, "reject", api="2026-03-03")
    assert done.status_code == 204 and not done.content
    assert names(publisher, CONSUMER_SUB) == []
    unknown = answer(publisher, "accept", api="2019-01-01")
    assert unknown.status_code == 400 and error_code(unknown) == "InvalidResourceType"


def test_a_reject_survives_a_restart_and_a_gallery_put(tmp_path: Path) -> None:
    data = tmp_path / "durable"
    server = start_server(data)
    assert server.url
    arm = Arm(server.url)
    arm.resource_group()
    arm.gallery(sharingProfile={"permissions": "Groups"})
    share(arm, "Add", [{"type": "Subscriptions", "ids": [CONSUMER_SUB, OTHER_SUB]}])
    arm.ok(answer(arm, "reject"), 200)
    server.stop()
    server = start_server(data)
    try:
        assert server.url
        arm = Arm(server.url)
        assert names(arm, CONSUMER_SUB) == [] and len(names(arm, OTHER_SUB)) == 1
        arm.gallery(sharingProfile={"permissions": "Groups"}, description="replaced")  # a PUT keeps it
        assert names(arm, CONSUMER_SUB) == []
    finally:
        server.stop()


def test_removing_and_re_adding_the_consumer_is_a_new_invitation(publisher: Arm) -> None:
    arm = publisher
    arm.ok(answer(arm, "reject"), 200)
    arm.ok(answer(arm, "reject", consumer=OTHER_SUB), 200)
    share(arm, "Add", [{"type": "Subscriptions", "ids": [CONSUMER_SUB]}])  # already there: the reject stands
    assert names(arm, CONSUMER_SUB) == []
    share(arm, "Remove", [{"type": "Subscriptions", "ids": [CONSUMER_SUB]}])
    share(arm, "Add", [{"type": "Subscriptions", "ids": [CONSUMER_SUB]}])
    assert len(names(arm, CONSUMER_SUB)) == 1  # shown again
    assert names(arm, OTHER_SUB) == []  # the other consumer's reject was not touched
    share(arm, "Reset")  # forgets every reject too (the gallery is Private from then on: nothing to see)
    assert names(arm, CONSUMER_SUB) == [] and names(arm, OTHER_SUB) == []
    gone = answer(arm, "accept", consumer=OTHER_SUB)
    assert gone.status_code == 404 and error_code(gone) == "ResourceNotFound"


@pytest.fixture
def enforced(tmp_path: Path) -> Iterator[EmulatorServer]:
    server = start_server(tmp_path / "enforced", authorization="enforce")
    yield server
    server.stop()


def _tenant_principal(url: str, name: str, tenant: str, *grants: tuple[str, str]) -> Caller:
    body = {"name": name, "tenantId": tenant,
            "roleAssignments": [{"role": role, "scope": scope} for role, scope in grants]}
    response = requests.post(f"{url}/_emulator/principals", json=body, timeout=10)
    assert response.status_code == 201, response.text
    return Caller(url, response.json())


def test_with_access_control_only_the_consumer_may_answer(enforced: EmulatorServer) -> None:
    assert enforced.url
    owner = principal(enforced.url, "publisher", ("Owner", f"/subscriptions/{SUB}"))
    owner.resource_group()
    owner.gallery(sharingProfile={"permissions": "Groups"})
    share(owner, "Add", [{"type": "Subscriptions", "ids": [CONSUMER_SUB]}])
    reader = principal(enforced.url, "app-team", ("Reader", f"/subscriptions/{CONSUMER_SUB}"))
    stranger = principal(enforced.url, "stranger", ("Contributor", f"/subscriptions/{OTHER_SUB}"))
    for refused in (answer(reader, "reject"), answer(stranger, "reject"), answer(owner, "reject")):
        assert refused.status_code == 403 and error_code(refused) == "AuthorizationFailed"
        assert ("'Microsoft.Compute/locations/sharedGallerySubscriptions/sharedGalleries/reject/action'"
                in refused.json()["error"]["message"])
    assert len(names(reader, CONSUMER_SUB)) == 1  # nothing changed
    admin = principal(enforced.url, "platform", ("Contributor", f"/subscriptions/{CONSUMER_SUB}"))
    assert answer(admin, "reject").status_code == 200
    assert names(reader, CONSUMER_SUB) == []
    not_shared = answer(stranger, "reject", consumer=OTHER_SUB)  # may act there, but nothing is shared there
    assert not_shared.status_code == 404 and error_code(not_shared) == "ResourceNotFound"


def test_tenant_level_reject_hides_the_gallery_from_that_tenant(enforced: EmulatorServer) -> None:
    assert enforced.url
    owner = principal(enforced.url, "publisher", ("Owner", f"/subscriptions/{SUB}"))
    owner.resource_group()
    owner.gallery(sharingProfile={"permissions": "Groups"})
    share(owner, "Add", [{"type": "AADTenants", "ids": [PARTNER_TENANT]},
                         {"type": "Subscriptions", "ids": [CONSUMER_SUB]}])
    partner = _tenant_principal(enforced.url, "partner", PARTNER_TENANT, ("Reader", f"/subscriptions/{OTHER_SUB}"))
    partner_admin = _tenant_principal(enforced.url, "partner-admin", PARTNER_TENANT, ("Contributor", "/"))
    outsider_admin = principal(enforced.url, "outsider-admin", ("Contributor", "/"))  # another tenant
    denied = answer(partner, "reject", consumer=None)  # a decision for the whole tenant needs a role at "/"
    assert denied.status_code == 403 and error_code(denied) == "AuthorizationFailed"
    elsewhere = answer(outsider_admin, "reject", consumer=None)
    assert elsewhere.status_code == 404 and error_code(elsewhere) == "ResourceNotFound"
    name = unique_name(owner)
    assert names(partner, OTHER_SUB, sharedTo="tenant") == [name]
    assert answer(partner_admin, "reject", consumer=None).status_code == 200
    assert names(partner, OTHER_SUB, sharedTo="tenant") == []
    assert shared(partner, OTHER_SUB, f"/{name}").status_code == 404
    consumer = principal(enforced.url, "consumer", ("Reader", f"/subscriptions/{CONSUMER_SUB}"))
    assert names(consumer, CONSUMER_SUB) == [name]  # the subscription share is another consumer
    assert answer(partner_admin, "accept", consumer=None).status_code == 200
    assert names(partner, OTHER_SUB, sharedTo="tenant") == [name]


def test_tenant_level_operations_are_polled_without_a_subscription(tmp_path: Path) -> None:
    server = start_server(tmp_path / "manual", replication="manual")
    try:
        assert server.url
        arm = Arm(server.url)
        arm.resource_group()
        arm.gallery(sharingProfile={"permissions": "Groups"})
        default_tenant = "00000000-0000-0000-0000-0000000000aa"
        arm.ok(arm.call("POST", arm.gallery_path() + "/share", {
            "operationType": "Add", "groups": [{"type": "AADTenants", "ids": [default_tenant]}]}))
        accepted = answer(arm, "reject", consumer=None)  # the operator acts in the emulator's default tenant
        assert accepted.status_code == 202, accepted.text
        location = accepted.headers["Location"]
        assert location.startswith(f"{server.url}{LOCATION_PATH}/operationResults/")
        final = arm.get(location, api=None)
        assert final.status_code == 200 and final.json()["name"] == unique_name(arm)
    finally:
        server.stop()
