"""The client's sharing operations (issue 13) against a real emulator with access control enforced: role
assignments, share, and the consumer's sharedGalleries / communityGalleries reads."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from pulumi_sig.client import ArmClient
from pulumi_sig.client.errors import ForbiddenError, ResourceNotFoundError
from pulumi_sig.emulator import EmulatorServer
from pulumi_sig.models import Gallery, ImageSource, ResourceGroup
from pulumi_sig.models.authorization import READER
from pulumi_sig.models.role_assignment import RoleAssignment
from tests.client.conftest import fast_config

PUBLISHER_SUB = "00000000-0000-0000-0000-00000000aaaa"
CONSUMER_SUB = "00000000-0000-0000-0000-00000000bbbb"


def token(url: str, name: str, role: str, scope: str) -> dict[str, Any]:
    body = {"name": name, "roleAssignments": [{"role": role, "scope": scope}]}
    return dict(requests.post(f"{url}/_emulator/principals", json=body, timeout=10).json())


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[str]:
    server = EmulatorServer(tmp_path / "data", authorization="enforce", retry_after=0)
    yield server.start()
    server.stop()


def client(url: str, grant: dict[str, Any], subscription: str) -> ArmClient:
    return ArmClient(fast_config(url, cloud="emulator", token=grant["accessToken"], subscription_id=subscription))


def test_share_then_read_as_the_consumer(emulator: str) -> None:
    owner = token(emulator, "platform", "Owner", f"/subscriptions/{PUBLISHER_SUB}")
    publisher = client(emulator, owner, PUBLISHER_SUB)
    publisher.resource_groups.create_or_update("rg", ResourceGroup.model_validate({"location": "westus"}))
    publisher.galleries.create_or_update("rg", "gal", Gallery.model_validate(
        {"location": "westus", "properties": {"sharingProfile": {"permissions": "Groups"}}}))
    publisher.image_sources.create_or_update("images", "rg", "base", ImageSource.model_validate(
        {"location": "westus", "properties": {"osType": "Linux", "diskSizeGB": 30}}))
    publisher.galleries.share("rg", "gal", "Add", [{"type": "Subscriptions", "ids": [CONSUMER_SUB]}])

    app = token(emulator, "app", "Reader", f"/subscriptions/{CONSUMER_SUB}")
    consumer = client(emulator, app, CONSUMER_SUB)
    (shared,) = consumer.shared_galleries.list("westus")
    assert shared.name == f"{PUBLISHER_SUB}-GAL" and shared.identifier is not None
    assert consumer.shared_galleries.get("westus", shared.name).name == shared.name
    assert consumer.shared_galleries.list_images("westus", shared.name) == []
    with pytest.raises(ForbiddenError):  # direct sharing is no role on the publisher's gallery itself
        client(emulator, app, PUBLISHER_SUB).galleries.get("rg", "gal")
    publisher.galleries.share("rg", "gal", "Reset")
    with pytest.raises(ResourceNotFoundError):
        consumer.shared_galleries.get("westus", shared.name)


def test_role_assignments_through_the_client(emulator: str) -> None:
    owner = client(emulator, token(emulator, "platform", "Owner", f"/subscriptions/{PUBLISHER_SUB}"), PUBLISHER_SUB)
    owner.resource_groups.create_or_update("rg", ResourceGroup.model_validate({"location": "westus"}))
    gallery = owner.galleries.create_or_update("rg", "gal", Gallery.model_validate({"location": "westus"}))
    assert gallery.id
    name = "6f0f7d3e-0000-4000-8000-000000000001"
    made = owner.role_assignments.create(gallery.id, name, RoleAssignment.model_validate({"properties": {
        "roleDefinitionId": READER.guid, "principalId": "11111111-1111-1111-1111-111111111111"}}))
    assert made.properties.scope == gallery.id
    assert owner.role_assignments.get(gallery.id, name).name == name
    assert name in [a.name for a in owner.role_assignments.list(f"/subscriptions/{PUBLISHER_SUB}")]
    assert name not in [a.name for a in owner.role_assignments.list(f"/subscriptions/{PUBLISHER_SUB}",
                                                                     at_scope=True)]
    owner.role_assignments.delete(gallery.id, name)
    with pytest.raises(ResourceNotFoundError):
        owner.role_assignments.get(gallery.id, name)


def test_the_consumers_latest_shared_version_follows_the_seeds_rule(emulator: str) -> None:
    from pulumi_sig.models import GalleryImage, GalleryImageVersion

    publisher = client(emulator, token(emulator, "platform", "Owner", f"/subscriptions/{PUBLISHER_SUB}"),
                       PUBLISHER_SUB)
    publisher.resource_groups.create_or_update("rg", ResourceGroup.model_validate({"location": "westus"}))
    publisher.galleries.create_or_update("rg", "gal", Gallery.model_validate(
        {"location": "westus", "properties": {"sharingProfile": {"permissions": "Groups"}}}))
    publisher.image_definitions.create_or_update("rg", "gal", "img", GalleryImage.model_validate(
        {"location": "westus", "properties": {"osType": "Linux", "osState": "Generalized",
                                              "identifier": {"publisher": "p", "offer": "o", "sku": "s"}}}))
    source = publisher.image_sources.create_or_update("images", "rg", "base", ImageSource.model_validate(
        {"location": "westus", "properties": {"osType": "Linux", "diskSizeGB": 30}}))
    for name, excluded in (("1.0.9", False), ("1.0.12", False), ("1.1.0", True)):
        publisher.image_versions.create_or_update("rg", "gal", "img", name, GalleryImageVersion.model_validate(
            {"location": "westus", "properties": {"storageProfile": {"source": {"id": source.id}},
                                                  "publishingProfile": {"excludeFromLatest": excluded}}}))
    publisher.galleries.share("rg", "gal", "Add", [{"type": "Subscriptions", "ids": [CONSUMER_SUB]}])
    consumer = client(emulator, token(emulator, "app", "Reader", f"/subscriptions/{CONSUMER_SUB}"), CONSUMER_SUB)
    latest = consumer.shared_galleries.latest_version("westus", f"{PUBLISHER_SUB}-GAL", "img")
    assert latest is not None and latest.name == "1.0.12"
    assert latest.identifier is not None
    assert latest.identifier.unique_id == f"/SharedGalleries/{PUBLISHER_SUB}-GAL/Images/img/Versions/1.0.12"


@pytest.mark.parametrize("scope", [
    f"/subscriptions/{PUBLISHER_SUB}/resourceGroups/rg/../other", f"/subscriptions/{PUBLISHER_SUB}/resourceGroups/rg?x=1",
    f"/subscriptions/{PUBLISHER_SUB}/resourceGroups/rg#", f"/subscriptions/{PUBLISHER_SUB}//resourceGroups/rg",
    f"/subscriptions/{PUBLISHER_SUB}/resourceGroups/rg%2F..", "resourceGroups/rg"])
def test_a_hostile_scope_is_refused_before_anything_is_sent(scope: str) -> None:
    from pulumi_sig.client.errors import InvalidResourceNameError

    never = ArmClient(fast_config("http://127.0.0.1:9", cloud="emulator", token="t", subscription_id=PUBLISHER_SUB))
    name = "6f0f7d3e-0000-4000-8000-000000000001"
    body = RoleAssignment.model_validate({"properties": {"roleDefinitionId": READER.guid,
                                                         "principalId": "11111111-1111-1111-1111-111111111111"}})
    for call in (lambda: never.role_assignments.create(scope, name, body), lambda: never.role_assignments.get(scope, name),
                 lambda: never.role_assignments.delete(scope, name), lambda: never.role_assignments.list(scope)):
        with pytest.raises(InvalidResourceNameError) as refused:  # port 9 is closed: a request would fail otherwise
            call()
        assert refused.value.target == "scope"


def _shared_gallery(emulator: str, groups: list[dict[str, Any]]) -> None:
    owner = token(emulator, "platform", "Owner", f"/subscriptions/{PUBLISHER_SUB}")
    publisher = client(emulator, owner, PUBLISHER_SUB)
    publisher.resource_groups.create_or_update("rg", ResourceGroup.model_validate({"location": "westus"}))
    publisher.galleries.create_or_update("rg", "gal", Gallery.model_validate(
        {"location": "westus", "properties": {"sharingProfile": {"permissions": "Groups"}}}))
    publisher.galleries.share("rg", "gal", "Add", groups)


def test_the_consumer_rejects_and_accepts_a_shared_gallery(emulator: str) -> None:
    _shared_gallery(emulator, [{"type": "Subscriptions", "ids": [CONSUMER_SUB]}])
    reader = client(emulator, token(emulator, "app", "Reader", f"/subscriptions/{CONSUMER_SUB}"), CONSUMER_SUB)
    admin = client(emulator, token(emulator, "lead", "Contributor", f"/subscriptions/{CONSUMER_SUB}"), CONSUMER_SUB)
    with pytest.raises(ForbiddenError) as refused:  # a reader may look, not decide
        reader.shared_galleries.reject("westus", PUBLISHER_SUB, "gal")
    assert refused.value.code == "AuthorizationFailed"
    invite = admin.shared_galleries.reject("westus", PUBLISHER_SUB, "gal")
    assert invite.name == f"{PUBLISHER_SUB}-GAL" and invite.properties is not None
    assert invite.properties.id == PUBLISHER_SUB
    assert reader.shared_galleries.list("westus") == []
    with pytest.raises(ResourceNotFoundError):
        reader.shared_galleries.get("westus", f"{PUBLISHER_SUB}-GAL")
    admin.shared_galleries.accept("westus", PUBLISHER_SUB, f"{PUBLISHER_SUB}-GAL")
    assert [g.name for g in reader.shared_galleries.list("westus")] == [f"{PUBLISHER_SUB}-GAL"]
    with pytest.raises(ResourceNotFoundError) as missing:
        admin.shared_galleries.reject("westus", PUBLISHER_SUB, "other")
    assert missing.value.code == "ResourceNotFound"


def test_tenant_level_answers_follow_the_location_operation(tmp_path: Path) -> None:
    server = EmulatorServer(tmp_path / "timed", replication="time", time_scale=100, retry_after=0)
    url = server.start()
    try:
        tenant = "00000000-0000-0000-0000-0000000000aa"  # the emulator's default tenant (the caller's here)
        _shared_gallery(url, [{"type": "AADTenants", "ids": [tenant]}])
        consumer = client(url, {"accessToken": "any"}, CONSUMER_SUB)
        invite = consumer.shared_galleries.reject("westus", PUBLISHER_SUB, "gal", tenant_level=True)
        assert invite.identifier is not None and invite.identifier.unique_id == f"/SharedGalleries/{PUBLISHER_SUB}-GAL"
        assert consumer.shared_galleries.list("westus", shared_to_tenant=True) == []
        consumer.shared_galleries.accept("westus", PUBLISHER_SUB, "gal", tenant_level=True)
        assert len(consumer.shared_galleries.list("westus", shared_to_tenant=True)) == 1
    finally:
        server.stop()
