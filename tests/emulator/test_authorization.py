"""Access control (issue 13): principals from bearer tokens, role assignments at any scope, 401/403 as ARM
answers them, and nothing changed by a refused call."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from pulumi_sig.emulator import EmulatorServer
from pulumi_sig.models.authorization import CONTRIBUTOR, OWNER, READER, denial_message

from .conftest import RESOURCES, RG, SUB, Arm, error_code, source_api, start_server

AUTHZ = "2022-04-01"
ASSIGNMENT = "11111111-2222-3333-4444-555555555555"


class Caller(Arm):
    """An Arm client that presents one principal's bearer token."""

    def __init__(self, url: str, grant: dict[str, Any]) -> None:
        super().__init__(url)
        self.object_id: str = grant["objectId"]
        self.http.headers["Authorization"] = f"Bearer {grant['accessToken']}"


def principal(url: str, name: str, *grants: tuple[str, str]) -> Caller:
    """A test principal from the admin route, with role assignments made for it."""
    body = {"name": name, "roleAssignments": [{"role": role, "scope": scope} for role, scope in grants]}
    response = requests.post(f"{url}/_emulator/principals", json=body, timeout=10)
    assert response.status_code == 201, response.text
    return Caller(url, response.json())


@pytest.fixture
def enforced(tmp_path: Path) -> Iterator[EmulatorServer]:
    server = start_server(tmp_path / "enforced", authorization="enforce")
    yield server
    server.stop()


@pytest.fixture
def owner(enforced: EmulatorServer) -> Caller:
    """The subscription's owner, who has built a group, gallery, definition, source and version."""
    assert enforced.url
    caller = principal(enforced.url, "owner", ("Owner", f"/subscriptions/{SUB}"))
    caller.stack()
    caller.version()
    return caller


def assignment_path(scope: str, name: str = ASSIGNMENT) -> str:
    return f"{scope}/providers/Microsoft.Authorization/roleAssignments/{name}"


def grant(caller: Arm, scope: str, principal_id: str, role: str, name: str = ASSIGNMENT) -> requests.Response:
    body = {"properties": {"roleDefinitionId": f"/subscriptions/{SUB}/providers/Microsoft.Authorization/"
                                               f"roleDefinitions/{role}", "principalId": principal_id}}
    return caller.put(assignment_path(scope, name), body, api=AUTHZ)


def test_enforced_mode_needs_a_token_of_ours(enforced: EmulatorServer) -> None:
    arm = Arm(str(enforced.url))
    missing = arm.get(arm.gallery_path())
    assert missing.status_code == 401 and error_code(missing) == "AuthenticationFailed"
    forged = arm.get(arm.gallery_path(), headers={"Authorization": "Bearer a.b.c"})
    assert forged.status_code == 401 and error_code(forged) == "InvalidAuthenticationToken"
    assert arm.get("/_emulator/health", api=None).status_code == 200


def test_a_principal_without_a_role_gets_403_on_every_operation_and_changes_nothing(owner: Caller) -> None:
    nobody = principal(owner.url, "nobody")
    calls = [("GET", owner.rg_path(), None, "Microsoft.Resources/subscriptions/resourceGroups/read"),
             ("GET", owner.gallery_path(), None, "Microsoft.Compute/galleries/read"),
             ("PUT", owner.gallery_path("other"), {"location": "westus"}, "Microsoft.Compute/galleries/write"),
             ("PATCH", owner.gallery_path(), {"tags": {"a": "b"}}, "Microsoft.Compute/galleries/write"),
             ("DELETE", owner.version_path(), None, "Microsoft.Compute/galleries/images/versions/delete"),
             ("POST", owner.gallery_path() + "/share", {"operationType": "Reset"},
              "Microsoft.Compute/galleries/share/action"),
             ("GET", owner.image_path(), None, "Microsoft.Compute/galleries/images/read")]
    for method, path, body, action in calls:
        api = "2021-04-01" if path == owner.rg_path() else "2025-03-03"
        response = nobody.call(method, path, body, api=api)
        assert response.status_code == 403, (method, path, response.text)
        assert error_code(response) == "AuthorizationFailed"
        scope = path.removesuffix("/share").replace("resourceGroups", "resourceGroups")
        assert response.json()["error"]["message"] == denial_message(nobody.object_id, action, scope)
    assert owner.get(owner.gallery_path("other")).status_code == 404
    assert "tags" not in owner.get(owner.gallery_path()).json()
    assert owner.get(owner.version_path()).status_code == 200


def test_reader_reads_and_cannot_write_contributor_writes_but_cannot_grant_or_share(owner: Caller) -> None:
    reader = principal(owner.url, "reader", ("Reader", owner.rg_path()))
    contributor = principal(owner.url, "contributor", ("Contributor", owner.rg_path()))
    assert reader.get(owner.version_path()).status_code == 200
    refused = reader.patch(owner.gallery_path(), {"tags": {"a": "b"}})
    assert refused.status_code == 403 and error_code(refused) == "AuthorizationFailed"
    assert contributor.patch(owner.gallery_path(), {"tags": {"a": "b"}}).status_code == 200
    share = contributor.call("POST", owner.gallery_path() + "/share", {"operationType": "Reset"})
    assert share.status_code == 403 and "galleries/share/action" in share.json()["error"]["message"]
    assigned = grant(contributor, owner.gallery_path(), reader.object_id, READER.guid)
    assert assigned.status_code == 403
    assert "Microsoft.Authorization/roleAssignments/write" in assigned.json()["error"]["message"]


def test_role_assignments_are_arm_resources_at_any_scope(owner: Caller) -> None:
    reader = principal(owner.url, "reader")
    created = grant(owner, owner.image_path(), reader.object_id, READER.guid)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["id"] == assignment_path(owner.image_path()) and body["name"] == ASSIGNMENT
    assert body["type"] == "Microsoft.Authorization/roleAssignments"
    assert body["properties"]["scope"] == owner.image_path()
    assert body["properties"]["roleDefinitionId"].endswith(f"/roleDefinitions/{READER.guid}")
    assert body["properties"]["createdBy"] == owner.object_id
    assert owner.get(assignment_path(owner.image_path()), api=AUTHZ).json() == body
    assert grant(owner, owner.image_path(), reader.object_id, READER.guid).status_code == 201  # same again
    listed = owner.get(f"{owner.gallery_path()}/providers/Microsoft.Authorization/roleAssignments", api=AUTHZ,
                       params={"$filter": "atScope()"}).json()["value"]
    assert body["id"] not in [a["id"] for a in listed]  # atScope(): at and above, not below
    below = owner.get(f"{owner.gallery_path()}/providers/Microsoft.Authorization/roleAssignments",
                      api=AUTHZ).json()["value"]
    assert body["id"] in [a["id"] for a in below]
    deleted = owner.delete(assignment_path(owner.image_path()), api=AUTHZ)
    assert deleted.status_code == 200 and deleted.json()["id"] == body["id"]
    assert owner.delete(assignment_path(owner.image_path()), api=AUTHZ).status_code == 204
    missing = owner.get(assignment_path(owner.image_path()), api=AUTHZ)
    assert missing.status_code == 404 and error_code(missing) == "RoleAssignmentNotFound"


def test_role_assignment_refusals_carry_authorization_codes(owner: Caller) -> None:
    reader = principal(owner.url, "reader")
    other = principal(owner.url, "other")
    cases = [(grant(owner, owner.gallery_path(), reader.object_id, READER.guid, name="not-a-guid"),
              400, "InvalidRoleAssignmentId"),
             (grant(owner, owner.gallery_path(), reader.object_id, "00000000-0000-0000-0000-00000000beef"),
              400, "RoleDefinitionDoesNotExist"),
             (grant(owner, owner.gallery_path(), "someone", READER.guid), 400, "InvalidPrincipalId")]
    assert grant(owner, owner.gallery_path(), reader.object_id, READER.guid).status_code == 201
    cases += [(grant(owner, owner.gallery_path(), reader.object_id, READER.guid,
                     name="99999999-2222-3333-4444-555555555555"), 409, "RoleAssignmentExists"),
              (grant(owner, owner.gallery_path(), other.object_id, READER.guid), 409,
               "RoleAssignmentUpdateNotPermitted"),
              (owner.get(assignment_path(owner.gallery_path()), api="2099-01-01"), 400, "InvalidResourceType")]
    for response, status, code in cases:
        assert (response.status_code, error_code(response)) == (status, code), response.text


def test_role_definitions_are_the_built_in_roles_with_their_real_ids(owner: Caller) -> None:
    listed = owner.get(f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions",
                       api=AUTHZ).json()["value"]
    by_name = {d["properties"]["roleName"]: d for d in listed}
    assert {"Owner", "Contributor", "Reader", "Compute Gallery Sharing Admin", "Compute Gallery Image Reader",
            "Compute Gallery Artifacts Publisher"} <= set(by_name)
    assert by_name["Owner"]["name"] == OWNER.guid
    assert by_name["Contributor"]["id"] == (f"/subscriptions/{SUB}/providers/Microsoft.Authorization/"
                                            f"roleDefinitions/{CONTRIBUTOR.guid}")
    one = owner.get(f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions",
                    api=AUTHZ, params={"$filter": "roleName eq 'Reader'"}).json()["value"]
    assert [d["name"] for d in one] == [READER.guid]
    assert owner.get(f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{READER.guid}",
                     api=AUTHZ).json()["properties"]["permissions"][0]["actions"] == ["*/read"]


def test_revoking_removes_access(owner: Caller) -> None:
    reader = principal(owner.url, "reader")
    assert grant(owner, owner.gallery_path(), reader.object_id, READER.guid).status_code == 201
    assert reader.get(owner.gallery_path()).status_code == 200
    assert owner.delete(assignment_path(owner.gallery_path()), api=AUTHZ).status_code == 200
    refused = reader.get(owner.gallery_path())
    assert refused.status_code == 403 and error_code(refused) == "AuthorizationFailed"


def test_access_control_off_serves_assignments_and_lets_everyone_through(arm: Arm) -> None:
    arm.resource_group()
    arm.gallery()
    created = grant(arm, arm.gallery_path(), "11111111-1111-1111-1111-111111111111", READER.guid)
    assert created.status_code == 201 and created.json()["properties"]["createdBy"]
    assert arm.get(arm.gallery_path(), headers={"Authorization": "Bearer junk"}).status_code == 200
    assert RG in created.json()["id"]


def test_with_a_static_token_admin_routes_are_the_operators_alone(tmp_path: Path) -> None:
    server = start_server(tmp_path / "guarded", authorization="enforce", auth_token="operator-secret")
    try:
        operator = {"Authorization": "Bearer operator-secret"}
        minted = requests.post(f"{server.url}/_emulator/principals", json={"name": "p"}, headers=operator, timeout=10)
        assert minted.status_code == 201, minted.text
        token = {"Authorization": f"Bearer {minted.json()['accessToken']}"}
        escalate = requests.post(f"{server.url}/_emulator/principals", headers=token, timeout=10,
                                 json={"name": "q", "roleAssignments": [{"role": "Owner", "scope": "/"}]})
        assert escalate.status_code == 403 and error_code(escalate) == "Forbidden"
        reset = requests.post(f"{server.url}/_emulator/reset", json={}, headers=token, timeout=10)
        assert reset.status_code == 403
        arm = Arm(str(server.url))
        arm.http.headers.update(operator)
        arm.resource_group()  # the static token is the operator: allowed everything
        denied = arm.get(arm.rg_path(), api="2021-04-01", headers=token)
        assert denied.status_code == 403 and error_code(denied) == "AuthorizationFailed"
    finally:
        server.stop()


def test_creating_a_version_needs_read_on_its_source_linked_authorization(owner: Caller) -> None:
    """A publisher on the gallery alone may not turn someone else's image into a version."""
    owner.resource_group("sources")
    owner.source("private", rg="sources")
    publisher = principal(owner.url, "publisher", ("Compute Gallery Artifacts Publisher", owner.gallery_path()))
    body = owner.version_body()
    body["properties"]["storageProfile"]["source"]["id"] = owner.source_path("private", rg="sources")
    refused = publisher.put(owner.version_path("2.0.0"), body)
    assert refused.status_code == 403 and error_code(refused) == "LinkedAuthorizationFailed", refused.text
    message = refused.json()["error"]["message"]
    assert "'Microsoft.Compute/images/read' on the linked scope(s) '" in message
    assert "has permission to perform action 'Microsoft.Compute/galleries/images/versions/write'" in message
    assert owner.get(owner.version_path("2.0.0")).status_code == 404
    assert grant(owner, owner.source_path("private", rg="sources"), publisher.object_id, READER.guid).status_code == 201
    assert publisher.put(owner.version_path("2.0.0"), body).status_code == 201


def test_listing_subscriptions_and_tenants_needs_only_a_signed_in_caller(enforced: EmulatorServer) -> None:
    nobody = principal(str(enforced.url), "nobody")
    assert nobody.get("/subscriptions", api="2022-12-01").status_code == 200
    assert nobody.get("/tenants", api="2022-12-01").status_code == 200
    anonymous = Arm(str(enforced.url)).get("/subscriptions", api="2022-12-01")
    assert anonymous.status_code == 401 and error_code(anonymous) == "AuthenticationFailed"


def _assignment_ids(caller: Arm, scope: str) -> set[str]:
    listed = caller.get(f"{scope}/providers/Microsoft.Authorization/roleAssignments", api=AUTHZ)
    assert listed.status_code == 200, listed.text
    return {a["id"].lower() for a in listed.json()["value"]}


@pytest.mark.parametrize("deleted", ["version", "image", "gallery", "source", "group"])
def test_assignments_go_with_their_scope_and_grant_nothing_to_a_new_resource_of_the_same_name(
        owner: Caller, deleted: str) -> None:
    """ARM removes the role assignments at a deleted resource and below it; a gallery re-created under the
    same name is not readable by whoever could read the old one."""
    reader = principal(owner.url, "reader")
    scopes = {"version": owner.version_path(), "image": owner.image_path(), "gallery": owner.gallery_path(),
              "source": owner.source_path(), "group": owner.rg_path()}
    names = {scope: f"{index:08d}-2222-3333-4444-555555555555" for index, scope in enumerate(scopes)}
    for kind, scope in scopes.items():
        assert grant(owner, scope, reader.object_id, READER.guid, names[kind]).status_code == 201
    kept = {"version": {"image", "gallery", "source", "group"}, "image": {"gallery", "source", "group"},
            "gallery": {"source", "group"}, "source": {"version", "image", "gallery", "group"}, "group": set()}[deleted]
    gone = set(scopes) - kept
    subscription = f"/subscriptions/{SUB}"
    before = _assignment_ids(owner, subscription)
    if deleted in ("image", "gallery", "group"):  # children first, as ARM requires (a group takes all)
        if deleted != "group":
            assert owner.delete(owner.version_path()).status_code in (200, 202)
        if deleted == "gallery":
            assert owner.delete(owner.image_path()).status_code in (200, 202)
    path = scopes[deleted]
    api = {"source": source_api("images"), "group": RESOURCES}.get(deleted)
    response = owner.delete(path, api=api) if api else owner.delete(path)
    assert response.status_code in (200, 202), response.text
    after = _assignment_ids(owner, subscription)
    assert after == before - {assignment_path(scopes[k], names[k]).lower() for k in gone}
    for kind in kept:
        assert assignment_path(scopes[kind], names[kind]).lower() in after
    if deleted == "gallery":  # the same name again: the old grant does not come back with it
        owner.gallery()
        refused = reader.get(owner.gallery_path())
        assert reader.get(owner.rg_path(), api=RESOURCES).status_code == 200  # the group's grant stays
        assert refused.status_code == 200  # ... and covers the gallery: remove it to see the gallery's own
        assert owner.delete(assignment_path(scopes["group"], names["group"]), api=AUTHZ).status_code == 200
        refused = reader.get(owner.gallery_path())
        assert refused.status_code == 403 and error_code(refused) == "AuthorizationFailed"
