"""What az and azurerm need before their first ARM call: cloud metadata, a token service, subscriptions."""
from __future__ import annotations

import base64
from pathlib import Path
from typing import Iterator

import pytest
import requests

from pulumi_sig.emulator import EmulatorServer
from pulumi_sig.emulator.identity import DEFAULT_TENANT, principal_of, read_token
from pulumi_sig.emulator.service_cloud import DEFAULT_SUBSCRIPTION
from pulumi_sig.emulator.service_login import application_principal, load_signing_key
from tests.emulator.conftest import RESOURCES, SUB, Arm, error_code, start_server

TOKEN = "s3cret-token"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def login(url: str, *, secret: str = TOKEN, tenant: str = DEFAULT_TENANT, scope: str | None = None,
          **extra: str) -> requests.Response:
    form = {"grant_type": "client_credentials", "client_id": "ci-app", "client_secret": secret,
            "scope": scope or f"{url}/.default", **extra}
    return requests.post(f"{url}/{tenant}/oauth2/v2.0/token", data=form, timeout=10)


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[EmulatorServer]:
    server = start_server(tmp_path / "data", auth_token=TOKEN)
    yield server
    server.stop()


def test_metadata_endpoints_describe_the_emulator_as_a_cloud(arm: Arm) -> None:
    answer = requests.get(f"{arm.url}/metadata/endpoints", params={"api-version": "2022-09-01"}, timeout=10)
    assert answer.status_code == 200
    cloud = answer.json()
    assert cloud["name"] and cloud["resourceManager"] == f"{arm.url}/"
    assert cloud["authentication"]["loginEndpoint"] == arm.url
    assert cloud["authentication"]["audiences"] == [f"{arm.url}/"]
    assert cloud["microsoftGraphResourceId"] and cloud["suffixes"]["storage"]


def test_openid_configuration_tenant_and_adfs_style(arm: Arm) -> None:
    tenant = requests.get(f"{arm.url}/{DEFAULT_TENANT}/v2.0/.well-known/openid-configuration", timeout=10)
    assert tenant.status_code == 200
    assert tenant.json()["token_endpoint"] == f"{arm.url}/{DEFAULT_TENANT}/oauth2/v2.0/token"
    adfs = requests.get(f"{arm.url}/adfs/.well-known/openid-configuration", timeout=10).json()
    assert adfs["token_endpoint"] == f"{arm.url}/adfs/oauth2/token"


def test_client_credentials_give_a_signed_token_naming_the_application(guarded: EmulatorServer) -> None:
    url = guarded.url or ""
    answer = login(url)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 3000
    claims = read_token(body["access_token"], key=load_signing_key(guarded.data_dir))
    assert claims is not None and claims["aud"] == f"{url}/" and claims["appid"] == "ci-app"
    assert principal_of(claims) == application_principal("ci-app")
    assert claims["tid"] == DEFAULT_TENANT and claims["iss"] == f"{url}/{DEFAULT_TENANT}/v2.0"


def test_the_issued_token_opens_arm_calls_in_auth_mode(guarded: EmulatorServer) -> None:
    arm = Arm(guarded.url or "")
    token = login(arm.url).json()["access_token"]
    anonymous = arm.get(arm.rg_path(), api=RESOURCES)
    assert anonymous.status_code == 401 and error_code(anonymous) == "AuthenticationFailed"
    arm.http.headers["Authorization"] = f"Bearer {token}"
    assert arm.put(arm.rg_path(), {"location": "westus"}, api=RESOURCES).status_code == 201
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    refused = arm.get(arm.rg_path(), api=RESOURCES, headers={"Authorization": f"Bearer {forged}"})
    assert refused.status_code == 401 and error_code(refused) == "AuthenticationFailed"


def test_tokens_survive_a_restart(tmp_path: Path) -> None:
    first = start_server(tmp_path / "data", auth_token=TOKEN)
    token = login(first.url or "").json()["access_token"]
    first.stop()
    second = start_server(tmp_path / "data", auth_token=TOKEN)
    try:
        arm = Arm(second.url or "")
        listed = arm.get("/subscriptions", api="2022-12-01", headers={"Authorization": f"Bearer {token}"})
        assert listed.status_code == 200
    finally:
        second.stop()


def test_wrong_secret_grant_or_missing_fields_are_oauth_errors(guarded: EmulatorServer) -> None:
    url = guarded.url or ""
    wrong = login(url, secret="nope")
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    assert wrong.json()["error_description"].startswith("AADSTS7000215")
    grant = login(url, grant_type="password")
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"
    no_scope = requests.post(f"{url}/{DEFAULT_TENANT}/oauth2/v2.0/token", timeout=10, data={
        "grant_type": "client_credentials", "client_id": "a", "client_secret": TOKEN})
    assert no_scope.status_code == 400 and no_scope.json()["error"] == "invalid_request"
    as_json = requests.post(f"{url}/{DEFAULT_TENANT}/oauth2/v2.0/token", json={"grant_type": "x"}, timeout=10)
    assert as_json.status_code == 400 and as_json.json()["error"] == "invalid_request"


def test_graph_v1_adfs_and_basic_auth_requests_are_answered(guarded: EmulatorServer) -> None:
    url = guarded.url or ""
    graph = login(url, scope="https://graph.microsoft.com/.default")
    assert graph.status_code == 200
    key = load_signing_key(guarded.data_dir)
    assert (read_token(graph.json()["access_token"], key=key) or {})["aud"] == "https://graph.microsoft.com/"
    v1 = requests.post(f"{url}/adfs/oauth2/token", timeout=10, data={
        "grant_type": "client_credentials", "client_id": "a", "client_secret": TOKEN, "resource": f"{url}/"})
    assert v1.status_code == 200 and (read_token(v1.json()["access_token"], key=key) or {})["iss"] == f"{url}/adfs"
    basic = base64.b64encode(f"a:{TOKEN}".encode()).decode()
    with_basic = requests.post(f"{url}/common/oauth2/v2.0/token", timeout=10, headers={
        "Authorization": f"Basic {basic}"}, data={"grant_type": "client_credentials", "scope": "x/.default"})
    assert with_basic.status_code == 200


def test_without_auth_mode_any_secret_logs_in(arm: Arm) -> None:
    assert login(arm.url, secret="anything").status_code == 200
    empty = login(arm.url, secret="")
    assert empty.status_code == 401 and empty.json()["error"] == "invalid_client"


def test_subscriptions_and_tenants(arm: Arm) -> None:
    listed = arm.get("/subscriptions", api="2022-12-01")
    assert listed.status_code == 200
    assert [s["subscriptionId"] for s in listed.json()["value"]] == [DEFAULT_SUBSCRIPTION]
    arm.resource_group()
    subscriptions = arm.get("/subscriptions", api="2022-12-01").json()["value"]
    assert [s["subscriptionId"] for s in subscriptions] == [DEFAULT_SUBSCRIPTION, SUB]
    first = subscriptions[1]
    assert first == {**first, "id": f"/subscriptions/{SUB}", "tenantId": DEFAULT_TENANT, "state": "Enabled"}
    assert first["displayName"]
    one = arm.get(f"/subscriptions/{SUB}", api="2022-12-01")
    assert one.status_code == 200 and one.json()["subscriptionId"] == SUB
    tenants = arm.get("/tenants", api="2022-12-01").json()["value"]
    assert [t["tenantId"] for t in tenants] == [DEFAULT_TENANT]
    bad = arm.get("/subscriptions", api="1999-01-01")
    assert bad.status_code == 400 and error_code(bad) == "InvalidApiVersionParameter"


def test_group_resources_list_everything_in_the_group(arm: Arm) -> None:
    arm.stack()
    arm.version()
    arm.resource_group("other")
    arm.gallery("elsewhere", rg="other")
    listed = arm.get(f"{arm.rg_path()}/resources", api="2023-07-01")
    assert listed.status_code == 200
    types = sorted(r["type"] for r in listed.json()["value"])
    assert types == ["Microsoft.Compute/galleries", "Microsoft.Compute/galleries/images",
                     "Microsoft.Compute/galleries/images/versions", "Microsoft.Compute/images"]
    assert all(set(r) <= {"id", "name", "type", "location", "tags"} for r in listed.json()["value"])
    paged = arm.get(f"{arm.rg_path()}/resources", api="2023-07-01", params={"$top": "3"}).json()
    assert len(paged["value"]) == 3 and "nextLink" in paged
    rest = arm.get(paged["nextLink"], api=None).json()
    assert len(rest["value"]) == 1 and "nextLink" not in rest
    missing = arm.get(f"{arm.rg_path('nope')}/resources", api="2023-07-01")
    assert missing.status_code == 404 and error_code(missing) == "ResourceGroupNotFound"
