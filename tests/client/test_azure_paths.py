"""Real-Azure paths without Azure: a local HTTPS server (trustme) checking bearer tokens and URL shapes."""
from __future__ import annotations

import ssl
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
import trustme

from pulumi_sig.client import ArmClient, AuthenticationError, ClientConfig
from pulumi_sig.client.auth import CredentialAuth
from pulumi_sig.client.transport import COMPUTE_API_VERSION
from pulumi_sig.models import Gallery
from tests.client.conftest import FAST
from tests.client.fake_arm import FakeArm

SUB = "11111111-2222-3333-4444-555555555555"


class AccessToken:
    def __init__(self, token: str, expires_on: float) -> None:
        self.token, self.expires_on = token, expires_on


class FakeCredential:
    """Has get_token(scope) like azure-identity credentials; records the scopes asked for."""

    def __init__(self, token: str = "azure-token", lifetime: float = 3600) -> None:
        self.token, self.lifetime, self.scopes = token, lifetime, []

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.scopes.append(scopes)
        return AccessToken(self.token, time.time() + self.lifetime)


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, Path]:
    authority = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return authority, path


@pytest.fixture
def https_fake(ca: tuple[trustme.CA, Path]) -> Iterator[FakeArm]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca[0].issue_cert("127.0.0.1").configure_cert(context)
    with FakeArm(lro="async", token="azure-token", tls=context) as fake:
        yield fake


@pytest.mark.parametrize("cloud,scope", [("public", "https://management.azure.com/.default"),
                                         ("china", "https://management.chinacloudapi.cn/.default")])
def test_cloud_calls_with_credential_over_https(https_fake: FakeArm, ca: Any, cloud: str, scope: str) -> None:
    credential = FakeCredential()
    config = ClientConfig(endpoint=https_fake.url, cloud=cloud, subscription_id=SUB, verify=str(ca[1]), **FAST)
    with ArmClient(config, credential=credential) as client:
        client.resource_groups.create_or_update("rg", {"location": "chinaeast2"})
        gallery = client.galleries.create_or_update("rg", "gal", Gallery(location="chinaeast2"))
        assert gallery.id == f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal"
        assert client.galleries.get("rg", "gal").name == "gal"
    assert credential.scopes == [(scope,)]  # one token, cached across calls, for this cloud's scope
    put = [c for c in https_fake.calls("PUT") if "galleries" in c.path][0]
    assert put.path == f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal"
    assert put.query["api-version"] == [COMPUTE_API_VERSION]
    assert all(c.headers["authorization"] == "Bearer azure-token" for c in https_fake.calls())


def test_wrong_token_is_authentication_error(https_fake: FakeArm, ca: Any) -> None:
    config = ClientConfig(endpoint=https_fake.url, cloud="public", verify=str(ca[1]), **FAST)
    with ArmClient(config, credential=FakeCredential(token="stolen")) as client:
        with pytest.raises(AuthenticationError) as caught:
            client.galleries.get("rg", "gal")
    assert caught.value.status == 401 and "stolen" not in str(caught.value)


def test_untrusted_certificate_fails_without_ca(https_fake: FakeArm) -> None:
    from pulumi_sig.client import ServiceUnreachableError

    config = ClientConfig(endpoint=https_fake.url, cloud="public", max_retries=0, **{**FAST})
    with ArmClient(config, credential=FakeCredential()) as client, pytest.raises(ServiceUnreachableError):
        client.galleries.get("rg", "gal")


def test_static_token_for_emulator_over_https(ca: Any) -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca[0].issue_cert("127.0.0.1").configure_cert(context)
    with FakeArm(token="emu-token", tls=context) as fake:
        config = ClientConfig(endpoint=fake.url, token="emu-token", verify=str(ca[1]), **FAST)
        with ArmClient(config) as client:
            client.galleries.create_or_update("rg", "g", Gallery(location="westus"))
    assert fake.calls("PUT")[0].headers["authorization"] == "Bearer emu-token"


def test_token_refreshed_near_expiry() -> None:
    import requests

    credential = FakeCredential(lifetime=10)  # inside the refresh margin: every call refreshes
    auth = CredentialAuth(credential, "https://management.azure.com/.default")
    for _ in range(2):
        auth(requests.Request("GET", "https://x").prepare())
    assert len(credential.scopes) == 2
    assert "azure-token" not in repr(auth)
    long_lived = FakeCredential()
    auth = CredentialAuth(long_lived, "scope")
    for _ in range(3):
        auth(requests.Request("GET", "https://x").prepare())
    assert len(long_lived.scopes) == 1


def test_azure_identity_is_used_for_clouds_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    import pulumi_sig.client.auth as auth_module

    credential = FakeCredential()
    monkeypatch.setattr(auth_module, "default_azure_credential", lambda: credential)
    client = ArmClient(ClientConfig(cloud="china"))
    assert client.base_url == "https://management.chinacloudapi.cn"
    assert isinstance(client.transport.session.auth, CredentialAuth)
    assert client.transport.session.auth.scope == "https://management.chinacloudapi.cn/.default"


def test_missing_azure_identity_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_azure(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("azure.identity"):
            raise ImportError("no azure-identity")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_azure)
    with pytest.raises(RuntimeError, match=r"pulumi-sig\[azure\]"):
        ArmClient(ClientConfig(cloud="public"))
