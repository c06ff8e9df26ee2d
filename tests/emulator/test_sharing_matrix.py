"""The seed's sharing matrix, every cell, with access control enforced.

  Shared with user     | Gallery | Image definition | Image version
  Shared image gallery | Yes     | Yes              | Yes
  Image definition     | No      | Yes              | Yes

A grant reaches its scope and everything below it, never what is above it. A version-level grant (the
seed advises against it) reaches only that version. Reading is not writing.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from pulumi_sig.emulator import EmulatorServer

from .conftest import SUB, Arm, error_code, start_server
from .test_authorization import Caller, principal

LEVELS = ("gallery", "definition", "version")
MATRIX = {  # grant level -> what the grantee can read
    "gallery": {"gallery": True, "definition": True, "version": True},
    "definition": {"gallery": False, "definition": True, "version": True},
    "version": {"gallery": False, "definition": False, "version": True},
}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Caller]:
    """One enforced emulator for the module: the publisher's gallery, definition and version."""
    server: EmulatorServer = start_server(tmp_path_factory.mktemp("matrix"), authorization="enforce")
    assert server.url
    owner = principal(server.url, "publisher", ("Owner", f"/subscriptions/{SUB}"))
    owner.stack()
    owner.version()
    yield owner
    server.stop()


def path_of(arm: Arm, level: str) -> str:
    return {"gallery": arm.gallery_path(), "definition": arm.image_path(), "version": arm.version_path()}[level]


@pytest.mark.parametrize("granted", LEVELS)
def test_a_reader_grant_reaches_its_scope_and_below_never_above(published: Caller, granted: str) -> None:
    consumer = principal(published.url, f"consumer-{granted}", ("Reader", path_of(published, granted)))
    for level in LEVELS:
        response = consumer.get(path_of(published, level))
        expected = MATRIX[granted][level]
        assert (response.status_code == 200) is expected, (granted, level, response.text)
        if not expected:
            assert response.status_code == 403 and error_code(response) == "AuthorizationFailed"
            assert f"over scope '{path_of(published, level)}'" in response.json()["error"]["message"]


@pytest.mark.parametrize("granted", LEVELS)
def test_lists_follow_the_matrix(published: Caller, granted: str) -> None:
    consumer = principal(published.url, f"lister-{granted}", ("Reader", path_of(published, granted)))
    definitions = consumer.get(published.gallery_path() + "/images")
    versions = consumer.get(published.image_path() + "/versions")
    assert (definitions.status_code == 200) is MATRIX[granted]["gallery"]
    assert (versions.status_code == 200) is MATRIX[granted]["definition"]
    if versions.status_code == 200:
        assert [v["name"] for v in versions.json()["value"]] == ["1.0.0"]


@pytest.mark.parametrize("granted", LEVELS)
def test_reading_is_not_writing(published: Caller, granted: str) -> None:
    consumer = principal(published.url, f"reader-{granted}", ("Reader", path_of(published, granted)))
    attempts = [consumer.patch(published.version_path(), {"properties": {"publishingProfile": {
                    "excludeFromLatest": True}}}),
                consumer.put(published.version_path("2.0.0"), published.version_body()),
                consumer.delete(published.version_path()),
                consumer.patch(published.image_path(), {"properties": {"description": "mine now"}})]
    for response in attempts:
        assert response.status_code == 403 and error_code(response) == "AuthorizationFailed", response.text
    version = published.get(published.version_path()).json()
    assert version["properties"]["publishingProfile"].get("excludeFromLatest") is not True
    assert published.get(published.version_path("2.0.0")).status_code == 404


def test_gallery_image_reader_reaches_definitions_and_versions_but_not_the_gallery(published: Caller) -> None:
    """Compute Gallery Image Reader grants galleries/images/read and .../versions/read only."""
    consumer = principal(published.url, "image-reader", ("Compute Gallery Image Reader", published.gallery_path()))
    assert consumer.get(published.version_path()).status_code == 200
    assert consumer.get(published.image_path()).status_code == 200
    assert consumer.get(published.gallery_path()).status_code == 403


def test_a_principal_of_another_tenant_is_granted_like_any_other(published: Caller) -> None:
    """The seed: 'You can even share access to individuals outside of the tenant'."""
    import requests

    body = {"name": "partner", "tenantId": "22222222-0000-0000-0000-000000000022",
            "roleAssignments": [{"role": "Reader", "scope": published.gallery_path()}]}
    grant = requests.post(f"{published.url}/_emulator/principals", json=body, timeout=10).json()
    partner = Caller(published.url, grant)
    assert partner.get(published.version_path()).status_code == 200
    assert partner.get(published.rg_path(), api="2021-04-01").status_code == 403
