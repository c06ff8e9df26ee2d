"""Routes of the token service: OpenID discovery and client-credentials tokens, tenant-style and AD FS-style."""
from __future__ import annotations

import base64
from urllib.parse import parse_qsl, unquote_plus

from pulumi_sig.emulator.http_support import ArmRequest, ArmResponse, arm_json
from pulumi_sig.emulator.router import ADMIN, RouteTable
from pulumi_sig.emulator.service_login import InvalidRequest, issue_token, openid_configuration

routes = RouteTable()


async def read_form(request: ArmRequest) -> dict[str, str]:
    """An application/x-www-form-urlencoded body (what OAuth clients POST)."""
    content_type = (request.header("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise InvalidRequest("The token request must be application/x-www-form-urlencoded.")
    try:
        return dict(parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        raise InvalidRequest("The token request body is not valid UTF-8.") from None


def basic_credentials(request: ArmRequest) -> tuple[str, str] | None:
    """(client id, secret) from 'Authorization: Basic' (client_secret_basic), if sent."""
    scheme, _, value = (request.header("authorization") or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(value.strip()).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        raise InvalidRequest("The Basic credentials are not valid base64 of 'client_id:secret'.") from None
    return unquote_plus(client_id), unquote_plus(secret)


async def token(request: ArmRequest, tenant: str) -> ArmResponse:
    form = await read_form(request)
    settings = request.state.settings
    return arm_json(issue_token(form, base_url=request.base_url, tenant_segment=tenant, key=settings.token_key,
                                required_secret=settings.auth_token, basic=basic_credentials(request)))


@routes.get("/{tenant}/v2.0/.well-known/openid-configuration", api=ADMIN)
async def openid_configuration_v2(request: ArmRequest) -> ArmResponse:
    return arm_json(openid_configuration(request.base_url, request.params["tenant"]))


@routes.get("/{tenant}/.well-known/openid-configuration", api=ADMIN)
async def openid_configuration_v1(request: ArmRequest) -> ArmResponse:
    return arm_json(openid_configuration(request.base_url, request.params["tenant"]))


@routes.post("/{tenant}/oauth2/v2.0/token", api=ADMIN)
async def token_v2(request: ArmRequest) -> ArmResponse:
    return await token(request, request.params["tenant"])


@routes.post("/{tenant}/oauth2/token", api=ADMIN)  # v1 (resource=) and AD FS (/adfs/oauth2/token)
async def token_v1(request: ArmRequest) -> ArmResponse:
    return await token(request, request.params["tenant"])

