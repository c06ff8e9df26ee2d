"""Direct sharing and community galleries (issue 13): what a consumer sees under its own subscription is exactly
what was shared, to whom, and nothing else."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from pulumi_sig.emulator import EmulatorServer

from .conftest import SUB, Arm, error_code, start_server
from .test_authorization import Caller, principal

CONSUMER_SUB = "00000000-0000-0000-0000-0000000000bb"
OTHER_SUB = "00000000-0000-0000-0000-0000000000cc"
PARTNER_TENANT = "22222222-0000-0000-0000-000000000022"


def shared(arm: Arm, sub: str, tail: str = "", location: str = "westus", **params: str) -> requests.Response:
    return arm.get(f"/subscriptions/{sub}/providers/Microsoft.Compute/locations/{location}/sharedGalleries{tail}",
                   params=params)


def community(arm: Arm, name: str, tail: str = "", sub: str = OTHER_SUB) -> requests.Response:
    return arm.get(f"/subscriptions/{sub}/providers/Microsoft.Compute/locations/westus/communityGalleries/"
                   f"{name}{tail}")


def share(arm: Arm, operation: str, groups: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"operationType": operation}
    if groups is not None:
        body["groups"] = groups
    return arm.ok(arm.call("POST", arm.gallery_path() + "/share", body), 200)


@pytest.fixture
def publisher(arm: Arm) -> Arm:
    """A gallery open to direct sharing, with a definition and a version."""
    arm.resource_group()
    arm.gallery(sharingProfile={"permissions": "Groups"})
    arm.image()
    arm.source()
    arm.version()
    return arm


def unique_name(arm: Arm) -> str:
    return str(arm.get(arm.gallery_path()).json()["properties"]["identifier"]["uniqueName"])


def test_a_gallery_shared_with_a_subscription_shows_there_and_nowhere_else(publisher: Arm) -> None:
    share(publisher, "Add", [{"type": "Subscriptions", "ids": [CONSUMER_SUB]}])
    name = unique_name(publisher)
    listed = shared(publisher, CONSUMER_SUB).json()["value"]
    assert listed == [{"name": name, "location": "westus", "identifier": {"uniqueId": f"/SharedGalleries/{name}"},
                       "properties": {"artifactTags": {}}}]
    images = shared(publisher, CONSUMER_SUB, f"/{name}/images").json()["value"]
    assert [i["name"] for i in images] == ["img"]
    assert images[0]["properties"]["identifier"] == {"publisher": "pub", "offer": "off", "sku": "img"}
    assert images[0]["identifier"]["uniqueId"] == f"/SharedGalleries/{name}/Images/img"
    version = shared(publisher, CONSUMER_SUB, f"/{name}/images/img/versions/1.0.0").json()
    assert version["name"] == "1.0.0" and version["properties"]["excludeFromLatest"] is False
    assert [v["name"] for v in shared(publisher, CONSUMER_SUB, f"/{name}/images/img/versions").json()["value"]] \
        == ["1.0.0"]
    assert shared(publisher, OTHER_SUB).json()["value"] == []
    hidden = shared(publisher, OTHER_SUB, f"/{name}")
    assert hidden.status_code == 404 and error_code(hidden) == "ResourceNotFound"
    elsewhere = shared(publisher, CONSUMER_SUB, f"/{name}", location="eastus")
    assert elsewhere.status_code == 404  # a shared gallery is served in its own region


def test_a_gallery_shared_with_a_tenant_shows_to_callers_of_that_tenant(publisher: Arm) -> None:
    share(publisher, "Add", [{"type": "AADTenants", "ids": [PARTNER_TENANT]}])
    name = unique_name(publisher)
    grant = requests.post(f"{publisher.url}/_emulator/principals", json={"name": "partner",
                                                                          "tenantId": PARTNER_TENANT}, timeout=10)
    partner = Caller(publisher.url, grant.json())
    assert [g["name"] for g in shared(partner, OTHER_SUB, sharedTo="tenant").json()["value"]] == [name]
    assert shared(partner, OTHER_SUB, f"/{name}").status_code == 200
    stranger = principal(publisher.url, "stranger")  # the emulator's default tenant
    assert shared(stranger, OTHER_SUB, sharedTo="tenant").json()["value"] == []
    assert shared(stranger, OTHER_SUB, f"/{name}").status_code == 404
    assert shared(partner, OTHER_SUB).json()["value"] == []  # without sharedTo: the subscription's shares


def test_removing_or_resetting_takes_the_share_back(publisher: Arm) -> None:
    groups = [{"type": "Subscriptions", "ids": [CONSUMER_SUB, OTHER_SUB]}]
    share(publisher, "Add", groups)
    expand = {"$expand": "SharingProfile/Groups"}  # without it ARM leaves groups out
    profile = publisher.get(publisher.gallery_path(), params=expand).json()["properties"]["sharingProfile"]
    assert profile == {"permissions": "Groups", "groups": groups}
    share(publisher, "Remove", [{"type": "Subscriptions", "ids": [OTHER_SUB]}])
    assert shared(publisher, OTHER_SUB).json()["value"] == []
    assert len(shared(publisher, CONSUMER_SUB).json()["value"]) == 1
    share(publisher, "Reset")
    assert shared(publisher, CONSUMER_SUB).json()["value"] == []
    refused = publisher.call("POST", publisher.gallery_path() + "/share", {"operationType": "Add", "groups": groups})
    assert refused.status_code == 409 and error_code(refused) == "OperationNotAllowed"  # Private after Reset


def test_community_gallery_shows_for_everyone_once_enabled(arm: Arm) -> None:
    arm.resource_group()
    info = {"publisherUri": "https://contoso.example", "publisherContact": "images@contoso.example",
            "eula": "https://contoso.example/eula", "publicNamePrefix": "contoso"}
    arm.gallery(sharingProfile={"permissions": "Community", "communityGalleryInfo": info})
    arm.image()
    arm.source()
    arm.version()
    assert share(arm, "EnableCommunity") == {"operationType": "EnableCommunity"}
    stored = arm.get(arm.gallery_path()).json()["properties"]["sharingProfile"]["communityGalleryInfo"]
    assert stored["communityGalleryEnabled"] is True
    (public,) = stored["publicNames"]
    assert public.startswith("contoso-")
    gallery = community(arm, public).json()
    assert gallery["identifier"] == {"uniqueId": f"/CommunityGalleries/{public}"}
    assert gallery["properties"]["communityMetadata"]["publisherContact"] == "images@contoso.example"
    assert gallery["properties"]["communityMetadata"]["publicNames"] == [public]
    assert [i["name"] for i in community(arm, public, "/images").json()["value"]] == ["img"]
    assert community(arm, public, "/images/img/versions/1.0.0", sub=CONSUMER_SUB).json()["name"] == "1.0.0"
    arm.ok(arm.put(arm.gallery_path(), {"location": "westus", "properties": {  # a replace keeps the public name
        "sharingProfile": {"permissions": "Community", "communityGalleryInfo": info}}}))
    assert community(arm, public).status_code == 200
    share(arm, "Reset")
    gone = community(arm, public)
    assert gone.status_code == 404 and error_code(gone) == "ResourceNotFound"


@pytest.fixture
def enforced(tmp_path: Path) -> Iterator[EmulatorServer]:
    server = start_server(tmp_path / "enforced", authorization="enforce")
    yield server
    server.stop()


def test_with_access_control_the_consumer_reads_shares_with_a_role_on_its_own_subscription(
        enforced: EmulatorServer) -> None:
    assert enforced.url
    owner = principal(enforced.url, "publisher", ("Owner", f"/subscriptions/{SUB}"))
    owner.resource_group()
    owner.gallery(sharingProfile={"permissions": "Groups"})
    contributor = principal(enforced.url, "builder", ("Contributor", f"/subscriptions/{SUB}"))
    refused = contributor.call("POST", owner.gallery_path() + "/share",
                               {"operationType": "Add", "groups": [{"type": "Subscriptions", "ids": [CONSUMER_SUB]}]})
    assert refused.status_code == 403 and error_code(refused) == "AuthorizationFailed"
    sharer = principal(enforced.url, "sharer", ("Compute Gallery Sharing Admin", owner.gallery_path()))
    share(sharer, "Add", [{"type": "Subscriptions", "ids": [CONSUMER_SUB]}])
    consumer = principal(enforced.url, "app-team", ("Reader", f"/subscriptions/{CONSUMER_SUB}"))
    assert len(shared(consumer, CONSUMER_SUB).json()["value"]) == 1
    assert consumer.get(owner.gallery_path()).status_code == 403  # direct sharing is not RBAC on the gallery
    outsider = principal(enforced.url, "outsider")
    denied = shared(outsider, CONSUMER_SUB)
    assert denied.status_code == 403
    assert "'Microsoft.Compute/locations/sharedGalleries/read'" in denied.json()["error"]["message"]
