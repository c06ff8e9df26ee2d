"""Replay every Gallery_/GalleryImage_/GalleryImageVersion_ example of the 2025-03-03 spec.

For each example the prerequisites are derived from the example itself (its request, or the documented
response of a GET/PATCH/DELETE/list), then the example's request is sent; the status must be one of the
documented codes and the documented body's keys must be present (recursively into dicts we produce).
"""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import requests

from pulumi_sig.models.ids import parse_compute_id
from pulumi_sig.emulator.service_common import merge_patch
from tests.emulator.conftest import AZURE_SPEC, SUB, Arm, source_api

SPEC = AZURE_SPEC
EXAMPLES = SPEC / ("specification/compute/resource-manager/Microsoft.Compute/GalleryRP/stable/2025-03-03/"
                   "examples/galleryExamples")
FILES = sorted(p for p in EXAMPLES.glob("*.json")
               if p.name.startswith(("Gallery_", "GalleryImage_", "GalleryImageVersion_")))
RG = "myResourceGroup"
PLACEHOLDERS = {"subscription-id": SUB, "subscriptionId": SUB, "resourceGroup": RG, "versionName": "0.9.0"}
READ_ONLY = ("id", "name", "type")


def _load(path: Path) -> dict[str, Any]:
    text = re.sub(r"\{([A-Za-z-]+)\}", lambda m: PLACEHOLDERS.get(m.group(1), m.group(1)), path.read_text())
    return json.loads(text)


def _assert_shape(documented: Any, actual: Any, where: str = "body") -> None:
    if not isinstance(documented, dict):
        return
    assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
    for key, value in documented.items():
        assert key in actual, f"{where}.{key} missing from {json.dumps(actual)[:400]}"
        if isinstance(value, dict) and isinstance(actual[key], dict):
            _assert_shape(value, actual[key], f"{where}.{key}")


def _creatable(body: dict[str, Any]) -> dict[str, Any]:
    """A documented response body turned into a request body (server-filled fields dropped)."""
    clean = {k: copy.deepcopy(v) for k, v in body.items() if k not in READ_ONLY}
    props = clean.get("properties") or {}
    for key in ("provisioningState", "replicationStatus", "identifier", "sharingStatus"):
        if key != "identifier" or "uniqueName" in (props.get("identifier") or {}):
            props.pop(key, None)
    (props.get("publishingProfile") or {}).pop("publishedDate", None)
    for key in ("reportedForPolicyViolation", "policyViolations"):
        (props.get("safetyProfile") or {}).pop(key, None)
    for disk in [(props.get("storageProfile") or {}).get("osDiskImage") or {}] + \
            list((props.get("storageProfile") or {}).get("dataDiskImages") or []):
        disk.pop("sizeInGB", None)
    identity = clean.get("identity") or {}
    identity.pop("principalId", None)
    identity.pop("tenantId", None)
    for value in (identity.get("userAssignedIdentities") or {}).values():
        value.clear()
    groups = (props.get("sharingProfile") or {}).pop("groups", None)
    clean.setdefault("location", "West US")
    return {"body": clean, "groups": groups}


class Replay:
    """Build what an example needs, then send its request."""

    def __init__(self, arm: Arm, example: dict[str, Any], name: str) -> None:
        self.arm, self.example, self.name = arm, example, name
        self.params = example["parameters"]
        self.api = self.params.get("api-version") or self.params.get("version")
        self.gallery = self.params.get("galleryName", "myGalleryName")
        self.image = self.params.get("galleryImageName", "myGalleryImageName")
        self.version = self.params.get("galleryImageVersionName", "1.0.0")

    def put(self, path: str, body: Any) -> dict[str, Any]:
        return self.arm.ok(self.arm.put(path, body, api=self.api))

    def ensure_sources(self, body: Any) -> None:
        """Create every managed image, snapshot, disk, VM, version or VHD the body points at."""
        storage = ((body or {}).get("properties") or {}).get("storageProfile") or {}
        refs = [storage.get("source") or {}, (storage.get("osDiskImage") or {}).get("source") or {}]
        refs += [(d.get("source") or {}) for d in storage.get("dataDiskImages") or []]
        for ref in refs:
            for key in ("id", "virtualMachineId"):
                if ref.get(key):
                    self.ensure_source_id(ref[key])
            if ref.get("uri"):
                self.arm.ok(self.arm.put("/_emulator/vhds", {"uri": ref["uri"], "location": "westus",
                                                             "osType": "Windows", "diskSizeGB": 127,
                                                             "storageAccountId": ref.get("storageAccountId")},
                                         api=None))

    def ensure_source_id(self, resource_id: str) -> None:
        parsed = parse_compute_id(resource_id)
        assert parsed is not None, resource_id
        if parsed.leaf_type == "galleries/images/versions":
            gallery, image, version = (name for _, name in parsed.types)
            self.put(self.arm.gallery_path(gallery, RG), {"location": "westus"})
            self.put(self.arm.image_path(image, gallery, RG), {"location": "westus", "properties": {
                "osType": "Windows", "osState": "Generalized",
                "identifier": {"publisher": "src", "offer": "src", "sku": image}}})
            self.ensure_source_id(self.arm.source_path("seedImage", rg=RG))
            self.put(self.arm.version_path(version, image, gallery, RG), {"location": "westus", "properties": {
                "storageProfile": {"source": {"id": self.arm.source_path("seedImage", rg=RG)}}}})
            return
        kind, name = parsed.types[0]
        props: dict[str, Any] = {"osType": "Windows", "diskSizeGB": 10}
        if kind in ("images", "virtualmachines"):
            props["dataDisks"] = [{"lun": 1, "diskSizeGB": 10}]
        self.arm.ok(self.arm.put(resource_id, {"location": "westus", "properties": props}, api=source_api(kind)))

    def prerequisites(self, kind: str, operation: str) -> None:
        self.arm.ok(self.arm.put(self.arm.rg_path(RG), {"location": "westus"}, api="2021-04-01"))
        if kind != "gallery":
            self.put(self.arm.gallery_path(self.gallery, RG), {"location": "West US"})
        if kind == "version":
            self.put(self.arm.image_path(self.image, self.gallery, RG), {"location": "West US", "properties": {
                "osType": "Windows", "osState": "Generalized",
                "identifier": {"publisher": "myPublisherName", "offer": "myOfferName", "sku": "mySkuName"}}})
        if operation == "PUT":
            self.ensure_sources(self.request_body(kind))
        elif operation == "POST":
            # EnableCommunity needs a gallery made for community sharing; the others direct sharing.
            community = self.params["sharingUpdate"].get("operationType") == "EnableCommunity"
            self.put(self.arm.gallery_path(self.gallery, RG), {"location": "West US", "properties": {
                "sharingProfile": {"permissions": "Community" if community else "Groups"}}})
        else:
            self.existing(kind, operation)

    def existing(self, kind: str, operation: str) -> None:
        """The resource a GET/PATCH/DELETE/list acts on, made from the documented response."""
        documented = self.documented_body(200)
        items = documented.get("value") or [documented] if documented else [{}]
        made = _creatable(items[0])
        body = made["body"]
        if operation == "PATCH":
            body = merge_patch(body, self.request_body(kind))
        body = self.fill_required(kind, body)
        self.ensure_sources(body)
        names = [self.path(kind)]
        if operation == "LIST":  # two items, so the first page (with $top=1) has a nextLink
            names.append(self.path(kind, second=True))
        for index, path in enumerate(names):
            item = copy.deepcopy(body)
            if kind == "image" and index:
                item["properties"]["identifier"]["sku"] += "2"
            self.put(path, item)
        if made["groups"]:
            self.arm.ok(self.arm.call("POST", self.path(kind) + "/share",
                                      {"operationType": "Add", "groups": made["groups"]}, api=self.api))

    def fill_required(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        props = body.setdefault("properties", {})
        if kind == "image":
            props.setdefault("osType", "Windows")
            props.setdefault("osState", "Generalized")
            props.setdefault("identifier", {"publisher": "myPublisherName", "offer": "myOfferName",
                                            "sku": "mySkuName"})
        if kind == "version" and not (props.get("storageProfile") or {}).get("source"):
            storage = props.setdefault("storageProfile", {})
            if not (storage.get("osDiskImage") or {}).get("source"):
                storage["source"] = {"id": self.arm.source_path("imageName", rg=RG)}
        return body

    def path(self, kind: str, *, second: bool = False) -> str:
        suffix = "2" if second else ""
        if kind == "gallery":
            return self.arm.gallery_path(self.gallery + suffix, RG)
        if kind == "image":
            return self.arm.image_path(self.image + suffix, self.gallery, RG)
        version = "1.0.1" if second else self.version
        return self.arm.version_path(version, self.image, self.gallery, RG)

    def request_body(self, kind: str) -> Any:
        key = {"gallery": "gallery", "image": "galleryImage", "version": "galleryImageVersion"}[kind]
        return copy.deepcopy(self.params.get(key))

    def documented_body(self, status: int) -> Any:
        return (self.example["responses"].get(str(status)) or {}).get("body")

    def send(self, kind: str, operation: str) -> requests.Response:
        if operation == "POST":
            return self.arm.call("POST", self.path(kind) + "/share", self.params["sharingUpdate"], api=self.api)
        if operation == "LIST":
            parent = self.path(kind).rsplit("/", 1)[0]
            if self.name == "Gallery_ListBySubscription":
                parent = f"/subscriptions/{SUB}/providers/Microsoft.Compute/galleries"
            return self.arm.get(parent, api=self.api, params={"$top": "1"})
        params = {k: v for k, v in self.params.items() if k in ("$expand", "$select")}
        return self.arm.call(operation, self.path(kind), self.request_body(kind) if operation in ("PUT", "PATCH")
                             else None, api=self.api, params=params)


def _kind(name: str) -> str:
    return "version" if name.startswith("GalleryImageVersion_") else (
        "image" if name.startswith("GalleryImage_") else "gallery")


def _operation(name: str, params: dict[str, Any]) -> str:
    if "sharingUpdate" in params:
        return "POST"
    for marker, operation in (("_List", "LIST"), ("_Delete", "DELETE"), ("_Get", "GET"), ("_Update", "PATCH")):
        if marker in name:
            return operation
    return "PUT"


def test_every_example_is_covered() -> None:
    assert len(FILES) >= 35, f"examples not found under {EXAMPLES}"


@pytest.mark.parametrize("example_file", FILES, ids=[p.stem for p in FILES])
def test_example(arm: Arm, example_file: Path) -> None:
    example = _load(example_file)
    name = example_file.stem
    kind, operation = _kind(name), _operation(name, example["parameters"])
    replay = Replay(arm, example, name)
    replay.prerequisites(kind, operation)
    response = replay.send(kind, operation)
    documented = example["responses"]
    assert str(response.status_code) in documented, (response.status_code, response.text)
    body = replay.documented_body(response.status_code)
    if body:
        _assert_shape(body, response.json())
    if operation in ("PUT", "PATCH", "DELETE") and response.status_code in (201, 202):
        assert response.headers["Azure-AsyncOperation"] and response.headers["Location"]
