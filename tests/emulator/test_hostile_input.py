"""Hostile requests get ARM's 4xx with a code, and store nothing: encoded separators, bad shares, deep JSON."""
from __future__ import annotations

import json

import pytest
import requests

from tests.emulator.conftest import COMPUTE, Arm, error_code


def _raw(arm: Arm, method: str, path: str, body: bytes | None = None) -> requests.Response:
    """A request whose path is sent byte for byte (requests would not re-encode '%2F')."""
    url = f"{arm.url}{path}?api-version={COMPUTE}"
    headers = {"Content-Type": "application/json"} if body is not None else {}
    return requests.request(method, url, data=body, headers=headers, timeout=30)


@pytest.mark.parametrize("method", ["GET", "DELETE", "PUT"])
def test_an_encoded_slash_in_a_name_never_reaches_another_resource(arm: Arm, method: str) -> None:
    arm.stack()
    body = json.dumps({"location": "westus"}).encode() if method == "PUT" else None
    response = _raw(arm, method, arm.gallery_path("gal%2Fimages%2Fimg"), body)
    assert response.status_code == 400 and error_code(response) == "InvalidResourceName"
    assert response.json()["error"]["target"] == "path"
    assert arm.get(arm.image_path()).status_code == 200  # the image is still there


@pytest.mark.parametrize("encoded", ["g%5Cx", "g%3Fx", "g%23x", "g%2541", "g%00x", "g%0Ax", "%2E%2E", "%2E",
                                     "g%FFx"])
def test_path_breaking_characters_in_a_segment_are_refused(arm: Arm, encoded: str) -> None:
    arm.resource_group()
    response = _raw(arm, "PUT", arm.gallery_path(encoded), json.dumps({"location": "westus"}).encode())
    assert response.status_code == 400 and error_code(response) == "InvalidResourceName", response.text
    assert arm.get(arm.rg_path() + "/providers/Microsoft.Compute/galleries").json()["value"] == []


def test_percent_encoded_ordinary_characters_still_route(arm: Arm) -> None:
    arm.resource_group()
    response = _raw(arm, "PUT", arm.gallery_path("g%61l"), json.dumps({"location": "westus"}).encode())
    assert response.status_code in (200, 201) and response.json()["name"] == "gal"


@pytest.mark.parametrize(("groups", "target"), [
    ("abc", "groups"), ([1], "groups[0]"), ([{"ids": True}], "groups[0].type"),
    ([{"type": "Nope", "ids": ["x"]}], "groups[0].type"),
    ([{"type": "Subscriptions", "ids": [1]}], "groups[0].ids"),
    ([{"type": "Subscriptions", "ids": "abc"}], "groups[0].ids"),
])
def test_malformed_share_groups_are_a_400_naming_the_field(arm: Arm, groups: object, target: str) -> None:
    arm.resource_group()
    arm.gallery(sharingProfile={"permissions": "Groups"})
    before = arm.get(arm.gallery_path()).json()
    response = arm.call("POST", arm.gallery_path() + "/share", {"operationType": "Add", "groups": groups})
    assert response.status_code == 400 and error_code(response) == "InvalidParameter", response.text
    assert response.json()["error"]["target"] == target
    assert arm.get(arm.gallery_path()).json() == before


def test_share_answers_the_sharing_update_it_applied_not_unknown_fields(arm: Arm) -> None:
    arm.resource_group()
    arm.gallery(sharingProfile={"permissions": "Groups"})
    response = arm.call("POST", arm.gallery_path() + "/share", {
        "operationType": "Add", "type": "Nope", "groups": [{"type": "subscriptions", "ids": ["s1"]}]})
    assert response.status_code == 200
    assert response.json() == {"operationType": "Add", "groups": [{"type": "Subscriptions", "ids": ["s1"]}]}
    expand = {"$expand": "SharingProfile/Groups"}
    profile = arm.get(arm.gallery_path(), params=expand).json()["properties"]["sharingProfile"]
    assert profile["groups"] == [{"type": "Subscriptions", "ids": ["s1"]}]


def test_a_resource_type_in_the_body_is_ignored_as_arm_does(arm: Arm) -> None:
    arm.resource_group()
    response = arm.put(arm.gallery_path(), {"location": "westus", "type": "Nope", "properties": {}})
    assert response.status_code in (200, 201) and response.json()["type"] == "Microsoft.Compute/galleries"
    assert arm.get(arm.gallery_path()).json()["type"] == "Microsoft.Compute/galleries"


@pytest.mark.parametrize("depth", [65, 500, 5000])
def test_deeply_nested_json_is_a_400_and_stores_nothing(arm: Arm, depth: int) -> None:
    arm.resource_group()
    nested = "[" * depth + "]" * depth
    body = ('{"location": "westus", "properties": {"description": ' + nested + "}}").encode()
    response = _raw(arm, "PUT", arm.gallery_path(), body)
    assert response.status_code == 400 and error_code(response) == "InvalidRequestContent", response.text
    assert arm.get(arm.gallery_path()).status_code == 404


def test_nesting_within_the_limit_is_accepted(arm: Arm) -> None:
    arm.resource_group()
    tags_deep = {"location": "westus", "properties": {"description": "ok"}, "tags": {"a": "b"}}
    assert arm.put(arm.gallery_path(), tags_deep).status_code in (200, 201)
