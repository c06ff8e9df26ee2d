"""Fixtures: a real emulator on port 0 over a real SQLite file, and a small ARM client for it."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from pulumi_sig.emulator import EmulatorServer, Limits
from pulumi_sig.models.api_versions import CLIENT_API_VERSIONS, source_resource_type
from pulumi_sig.models.image_source import canonical_source_type

# The official REST API spec (GalleryRP 2025-03-03 and its examples), kept with the tests (tests/azure-spec)
# so a clone anywhere has it; $SIG_AZURE_SPEC points at another copy. Tests that read it fail when it is missing.
AZURE_SPEC = Path(os.environ.get("SIG_AZURE_SPEC") or Path(__file__).resolve().parents[1] / "azure-spec")
SUB = "00000000-0000-0000-0000-00000000aaaa"
RG = "rg1"
COMPUTE = "2025-03-03"
RESOURCES = "2021-04-01"


class Arm:
    """Thin ARM calls against one emulator, with the paths and bodies tests need most."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()
        # per request, because REQUESTS_CA_BUNDLE in the environment overrides Session.verify
        self.verify: bool | str = True

    def call(self, method: str, path: str, body: Any = None, *, api: str | None = COMPUTE,
             params: dict[str, str] | None = None, **kwargs: Any) -> requests.Response:
        query = dict(params or {})
        if api:
            query["api-version"] = api
        target = path if path.startswith("http") else self.url + path
        kwargs.setdefault("verify", self.verify)
        return self.http.request(method, target, json=body, params=query, timeout=30, **kwargs)

    def put(self, path: str, body: Any, **kw: Any) -> requests.Response:
        return self.call("PUT", path, body, **kw)

    def patch(self, path: str, body: Any, **kw: Any) -> requests.Response:
        return self.call("PATCH", path, body, **kw)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.call("GET", path, **kw)

    def delete(self, path: str, **kw: Any) -> requests.Response:
        return self.call("DELETE", path, **kw)

    # Paths ----------------------------------------------------------------------------------------
    @staticmethod
    def rg_path(rg: str = RG, sub: str = SUB) -> str:
        return f"/subscriptions/{sub}/resourceGroups/{rg}"

    def gallery_path(self, gallery: str = "gal", rg: str = RG, sub: str = SUB) -> str:
        return f"{self.rg_path(rg, sub)}/providers/Microsoft.Compute/galleries/{gallery}"

    def image_path(self, image: str = "img", gallery: str = "gal", rg: str = RG, sub: str = SUB) -> str:
        return f"{self.gallery_path(gallery, rg, sub)}/images/{image}"

    def version_path(self, version: str = "1.0.0", image: str = "img", gallery: str = "gal", rg: str = RG,
                     sub: str = SUB) -> str:
        return f"{self.image_path(image, gallery, rg, sub)}/versions/{version}"

    def source_path(self, name: str = "src", kind: str = "images", rg: str = RG, sub: str = SUB) -> str:
        return f"{self.rg_path(rg, sub)}/providers/Microsoft.Compute/{kind}/{name}"

    # Resources ------------------------------------------------------------------------------------
    def ok(self, response: requests.Response, *codes: int) -> dict[str, Any]:
        assert response.status_code in (codes or (200, 201, 202)), response.text
        return response.json() if response.content else {}

    def resource_group(self, rg: str = RG, location: str = "westus", sub: str = SUB) -> dict[str, Any]:
        return self.ok(self.put(self.rg_path(rg, sub), {"location": location}, api=RESOURCES))

    def gallery(self, gallery: str = "gal", location: str = "westus", rg: str = RG, sub: str = SUB,
                **props: Any) -> dict[str, Any]:
        return self.ok(self.put(self.gallery_path(gallery, rg, sub), {"location": location, "properties": props}))

    def image(self, image: str = "img", gallery: str = "gal", *, location: str = "westus", os_type: str = "Linux",
              publisher: str = "pub", offer: str = "off", sku: str | None = None, **props: Any) -> dict[str, Any]:
        body = {"location": location, "properties": {
            "osType": os_type, "osState": "Generalized",
            "identifier": {"publisher": publisher, "offer": offer, "sku": sku or image}, **props}}
        return self.ok(self.put(self.image_path(image, gallery), body))

    def source(self, name: str = "src", kind: str = "images", *, location: str = "westus", os_type: str = "Linux",
               size: int = 30, rg: str = RG, **props: Any) -> dict[str, Any]:
        body = {"location": location, "properties": {"osType": os_type, "diskSizeGB": size, **props}}
        return self.ok(self.put(self.source_path(name, kind, rg), body, api=source_api(kind)))

    def version_body(self, *, location: str = "westus", source: str = "src", regions: list[Any] | None = None,
                     **profile: Any) -> dict[str, Any]:
        publishing: dict[str, Any] = dict(profile)
        if regions is not None:
            publishing["targetRegions"] = [r if isinstance(r, dict) else {"name": r} for r in regions]
        return {"location": location, "properties": {
            "publishingProfile": publishing,
            "storageProfile": {"source": {"id": self.source_path(source)}}}}

    def version(self, version: str = "1.0.0", image: str = "img", gallery: str = "gal",
                **kwargs: Any) -> dict[str, Any]:
        return self.ok(self.put(self.version_path(version, image, gallery), self.version_body(**kwargs)))

    def stack(self, *, os_type: str = "Linux") -> None:
        """Resource group, gallery, definition and a managed-image source, all in West US."""
        self.resource_group()
        self.gallery()
        self.image(os_type=os_type)
        self.source(os_type=os_type)


def source_api(kind: str) -> str:
    """The api-version a source type is served under (DiskRP, ComputeRP), as the client sends it."""
    return CLIENT_API_VERSIONS[source_resource_type(canonical_source_type(kind) or kind)]


def error_code(response: requests.Response) -> str:
    """The ARM error code of a reply."""
    return response.json()["error"]["code"]


def start_server(data_dir: Path, **kwargs: Any) -> EmulatorServer:
    kwargs.setdefault("retry_after", 0)
    server = EmulatorServer(data_dir, **kwargs)
    server.start()
    return server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmulatorServer]:
    """An emulator in immediate replication mode with small limits left at their defaults."""
    srv = start_server(tmp_path / "data")
    yield srv
    srv.stop()


@pytest.fixture
def arm(server: EmulatorServer) -> Arm:
    assert server.url
    return Arm(server.url)


@pytest.fixture
def small_limits_arm(tmp_path: Path) -> Iterator[Arm]:
    """An emulator with tiny per-region limits (3 galleries, 3 definitions, 3 versions)."""
    srv = start_server(tmp_path / "small", limits=Limits(galleries=3, definitions=3, versions=3))
    assert srv.url
    yield Arm(srv.url)
    srv.stop()
